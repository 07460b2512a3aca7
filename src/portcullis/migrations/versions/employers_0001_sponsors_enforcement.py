"""employers: sponsors, licences, CoS, compliance, sanctions, illegal working visits, penalties,
closures, disqualifications and right-to-work checks

Revision ID: employers_0001
Revises: prevent_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portcullis.core.db

revision: str = "employers_0001"
down_revision: str | None = "prevent_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer_rtw_checks",
        sa.Column("employer_user_id", sa.String(length=32), nullable=True),
        sa.Column("employer_name", sa.String(length=300), nullable=False),
        sa.Column("checker_name", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=True),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("full_name", sa.String(length=300), nullable=False),
        sa.Column("photo_path", sa.String(length=500), nullable=True),
        sa.Column("permission_type", sa.String(length=200), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("permission_valid_from", sa.Date(), nullable=False),
        sa.Column("permission_valid_until", sa.Date(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("checked_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("share_reference", sa.String(length=60), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_rtw_checks")),
    )
    op.create_table(
        "employer_closures",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("premises", sa.String(length=300), nullable=False),
        sa.Column("issued_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("officer_rank", sa.String(length=40), nullable=False),
        sa.Column("hearing_by", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("order_made_on", sa.Date(), nullable=True),
        sa.Column("order_months", sa.Integer(), nullable=False),
        sa.Column("order_ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employer_closures_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_closures")),
    )
    op.create_table(
        "employer_disqualifications",
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("years", sa.Integer(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employer_disqualifications_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_employer_disqualifications_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_disqualifications")),
    )
    op.create_table(
        "employer_sanctions",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employer_sanctions_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_sanctions")),
    )
    op.create_table(
        "employer_sponsors",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("care", sa.Boolean(), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employer_sponsors_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_sponsors")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_employer_sponsors_organisation_id")),
    )
    op.create_table(
        "employer_visits",
        sa.Column("organisation_id", sa.String(length=32), nullable=True),
        sa.Column("premises", sa.String(length=300), nullable=False),
        sa.Column("region", sa.String(length=40), nullable=False),
        sa.Column("sector", sa.String(length=40), nullable=False),
        sa.Column("intelligence_ref", sa.String(length=60), nullable=True),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("officers", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employer_visits_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_visits")),
    )
    op.create_table(
        "employer_compliance_cases",
        sa.Column("sponsor_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sponsor_id"],
            ["employer_sponsors.id"],
            name=op.f("fk_employer_compliance_cases_sponsor_id_employer_sponsors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_compliance_cases")),
    )
    op.create_table(
        "employer_encounters",
        sa.Column("visit_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("checked_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("screening_hits", sa.JSON(), nullable=False),
        sa.Column("evisa", sa.JSON(), nullable=False),
        sa.Column("right_to_work", sa.String(length=20), nullable=False),
        sa.Column("illegal_worker", sa.Boolean(), nullable=False),
        sa.Column("arrested", sa.Boolean(), nullable=False),
        sa.Column("arrested_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_employer_encounters_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["employer_visits.id"], name=op.f("fk_employer_encounters_visit_id_employer_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_encounters")),
    )
    op.create_table(
        "employer_evidence",
        sa.Column("visit_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=False),
        sa.Column("custody", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["employer_visits.id"], name=op.f("fk_employer_evidence_visit_id_employer_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_evidence")),
    )
    op.create_table(
        "employer_licence_applications",
        sa.Column("sponsor_id", sa.String(length=32), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("routes", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("licence_id", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sponsor_id"],
            ["employer_sponsors.id"],
            name=op.f("fk_employer_licence_applications_sponsor_id_employer_sponsors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_licence_applications")),
    )
    op.create_table(
        "employer_licences",
        sa.Column("sponsor_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("routes", sa.JSON(), nullable=False),
        sa.Column("rating", sa.String(length=1), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("suspended_on", sa.Date(), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("revocation_ground", sa.String(length=40), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sponsor_id"],
            ["employer_sponsors.id"],
            name=op.f("fk_employer_licences_sponsor_id_employer_sponsors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_licences")),
        sa.UniqueConstraint("number", name=op.f("uq_employer_licences_number")),
    )
    op.create_table(
        "employer_penalties",
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("visit_id", sa.String(length=32), nullable=True),
        sa.Column("breach", sa.String(length=10), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("per_worker", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("paid", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("objected_on", sa.Date(), nullable=True),
        sa.Column("objection", sa.Text(), nullable=True),
        sa.Column("appeal_lodged_on", sa.Date(), nullable=True),
        sa.Column("calculation", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_employer_penalties_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["employer_visits.id"], name=op.f("fk_employer_penalties_visit_id_employer_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_penalties")),
    )
    op.create_table(
        "employer_action_plans",
        sa.Column("licence_id", sa.String(length=32), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("representations_due", sa.Date(), nullable=False),
        sa.Column("representations", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["employer_licences.id"],
            name=op.f("fk_employer_action_plans_licence_id_employer_licences"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_action_plans")),
    )
    op.create_table(
        "employer_cos_allocations",
        sa.Column("licence_id", sa.String(length=32), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["employer_licences.id"],
            name=op.f("fk_employer_cos_allocations_licence_id_employer_licences"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_cos_allocations")),
    )
    op.create_table(
        "employer_penalty_payments",
        sa.Column("penalty_id", sa.String(length=32), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["penalty_id"],
            ["employer_penalties.id"],
            name=op.f("fk_employer_penalty_payments_penalty_id_employer_penalties"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_penalty_payments")),
    )
    op.create_table(
        "employer_reporting_duties",
        sa.Column("licence_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("change", sa.String(length=300), nullable=False),
        sa.Column("worker_person_id", sa.String(length=32), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("alerted_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["employer_licences.id"],
            name=op.f("fk_employer_reporting_duties_licence_id_employer_licences"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_person_id"],
            ["people.id"],
            name=op.f("fk_employer_reporting_duties_worker_person_id_people"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_reporting_duties")),
    )
    op.create_table(
        "employer_cos",
        sa.Column("licence_id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("allocation_id", sa.String(length=32), nullable=True),
        sa.Column("worker_person_id", sa.String(length=32), nullable=False),
        sa.Column("new_worker", sa.Boolean(), nullable=False),
        sa.Column("job_title", sa.String(length=200), nullable=False),
        sa.Column("salary", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("salary_category", sa.String(length=20), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("use_by", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["allocation_id"],
            ["employer_cos_allocations.id"],
            name=op.f("fk_employer_cos_allocation_id_employer_cos_allocations"),
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["employer_licences.id"],
            name=op.f("fk_employer_cos_licence_id_employer_licences"),
        ),
        sa.ForeignKeyConstraint(
            ["worker_person_id"], ["people.id"], name=op.f("fk_employer_cos_worker_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_cos")),
        sa.UniqueConstraint("reference", name=op.f("uq_employer_cos_reference")),
    )
    op.create_index(
        op.f("ix_employer_rtw_checks_employer_user_id"),
        "employer_rtw_checks",
        ["employer_user_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_rtw_checks_person_id"), "employer_rtw_checks", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_employer_closures_organisation_id"), "employer_closures", ["organisation_id"], unique=False
    )
    op.create_index(
        op.f("ix_employer_disqualifications_organisation_id"),
        "employer_disqualifications",
        ["organisation_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_disqualifications_person_id"),
        "employer_disqualifications",
        ["person_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_sanctions_organisation_id"), "employer_sanctions", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_employer_sponsors_region"), "employer_sponsors", ["region"], unique=False)
    op.create_index(op.f("ix_employer_sponsors_sector"), "employer_sponsors", ["sector"], unique=False)
    op.create_index(op.f("ix_employer_visits_region"), "employer_visits", ["region"], unique=False)
    op.create_index(
        op.f("ix_employer_visits_organisation_id"), "employer_visits", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_employer_visits_sector"), "employer_visits", ["sector"], unique=False)
    op.create_index(op.f("ix_employer_visits_visited_on"), "employer_visits", ["visited_on"], unique=False)
    op.create_index(
        op.f("ix_employer_compliance_cases_sponsor_id"),
        "employer_compliance_cases",
        ["sponsor_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_encounters_person_id"), "employer_encounters", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_employer_encounters_visit_id"), "employer_encounters", ["visit_id"], unique=False
    )
    op.create_index(op.f("ix_employer_evidence_visit_id"), "employer_evidence", ["visit_id"], unique=False)
    op.create_index(
        op.f("ix_employer_licence_applications_sponsor_id"),
        "employer_licence_applications",
        ["sponsor_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_licences_sponsor_id"), "employer_licences", ["sponsor_id"], unique=False
    )
    op.create_index(op.f("ix_employer_licences_status"), "employer_licences", ["status"], unique=False)
    op.create_index(
        op.f("ix_employer_licences_revoked_on"), "employer_licences", ["revoked_on"], unique=False
    )
    op.create_index(
        op.f("ix_employer_penalties_organisation_id"), "employer_penalties", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_employer_penalties_status"), "employer_penalties", ["status"], unique=False)
    op.create_index(
        op.f("ix_employer_penalties_issued_on"), "employer_penalties", ["issued_on"], unique=False
    )
    op.create_index(
        op.f("ix_employer_action_plans_licence_id"), "employer_action_plans", ["licence_id"], unique=False
    )
    op.create_index(
        op.f("ix_employer_cos_allocations_licence_id"),
        "employer_cos_allocations",
        ["licence_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_penalty_payments_penalty_id"),
        "employer_penalty_payments",
        ["penalty_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_reporting_duties_due_on"), "employer_reporting_duties", ["due_on"], unique=False
    )
    op.create_index(
        op.f("ix_employer_reporting_duties_licence_id"),
        "employer_reporting_duties",
        ["licence_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_employer_cos_worker_person_id"), "employer_cos", ["worker_person_id"], unique=False
    )
    op.create_index(op.f("ix_employer_cos_licence_id"), "employer_cos", ["licence_id"], unique=False)


def downgrade() -> None:
    op.drop_table("employer_cos")
    op.drop_table("employer_reporting_duties")
    op.drop_table("employer_penalty_payments")
    op.drop_table("employer_cos_allocations")
    op.drop_table("employer_action_plans")
    op.drop_table("employer_penalties")
    op.drop_table("employer_licences")
    op.drop_table("employer_licence_applications")
    op.drop_table("employer_evidence")
    op.drop_table("employer_encounters")
    op.drop_table("employer_compliance_cases")
    op.drop_table("employer_visits")
    op.drop_table("employer_sponsors")
    op.drop_table("employer_sanctions")
    op.drop_table("employer_disqualifications")
    op.drop_table("employer_closures")
    op.drop_table("employer_rtw_checks")
