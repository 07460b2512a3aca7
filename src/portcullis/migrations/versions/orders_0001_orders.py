"""Orders: applications, hearings, orders and notices, variations, appeals, timeline, electronic monitoring
and breaches with evidence and chain of custody.

Revision ID: orders_0001
Revises: travel_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from portcullis.core.db import UTCDateTime

revision: str = "orders_0001"
down_revision: str | None = "travel_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monitoring_points",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_points")),
    )
    op.create_index(op.f("ix_monitoring_points_batch_id"), "monitoring_points", ["batch_id"], unique=False)
    op.create_index("ix_monitoring_points_tag_at", "monitoring_points", ["tag_id", "at"], unique=False)
    op.create_table(
        "order_applications",
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("order_type", sa.String(length=20), nullable=False),
        sa.Column("applicant_agency", sa.String(length=100), nullable=False),
        sa.Column("applicant_kind", sa.String(length=50), nullable=False),
        sa.Column("subject_person_id", sa.String(length=32), nullable=False),
        sa.Column("protected_person_id", sa.String(length=32), nullable=True),
        sa.Column("court", sa.String(length=50), nullable=True),
        sa.Column("area", sa.String(length=50), nullable=True),
        sa.Column("with_notice", sa.Boolean(), nullable=False),
        sa.Column("terrorism_related", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("eligibility", sa.String(length=20), nullable=False),
        sa.Column("eligibility_notes", sa.JSON(), nullable=False),
        sa.Column("proposed_conditions", sa.JSON(), nullable=False),
        sa.Column("proposed_starts_on", sa.Date(), nullable=True),
        sa.Column("proposed_ends_on", sa.Date(), nullable=True),
        sa.Column("main_application_id", sa.String(length=32), nullable=True),
        sa.Column("dapn_order_id", sa.String(length=32), nullable=True),
        sa.Column("filed_at", UTCDateTime(), nullable=False),
        sa.Column("determined_at", UTCDateTime(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["main_application_id"],
            ["order_applications.id"],
            name=op.f("fk_order_applications_main_application_id_order_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["protected_person_id"],
            ["people.id"],
            name=op.f("fk_order_applications_protected_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["people.id"],
            name=op.f("fk_order_applications_subject_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_applications")),
        sa.UniqueConstraint("reference", name=op.f("uq_order_applications_reference")),
    )
    op.create_index(
        op.f("ix_order_applications_applicant_agency"),
        "order_applications",
        ["applicant_agency"],
        unique=False,
    )
    op.create_index(op.f("ix_order_applications_court"), "order_applications", ["court"], unique=False)
    op.create_index(
        op.f("ix_order_applications_main_application_id"),
        "order_applications",
        ["main_application_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_order_applications_order_type"), "order_applications", ["order_type"], unique=False
    )
    op.create_index(op.f("ix_order_applications_status"), "order_applications", ["status"], unique=False)
    op.create_index(
        op.f("ix_order_applications_subject_person_id"),
        "order_applications",
        ["subject_person_id"],
        unique=False,
    )
    op.create_table(
        "order_hearings",
        sa.Column("application_id", sa.String(length=32), nullable=False),
        sa.Column("scheduled_at", UTCDateTime(), nullable=False),
        sa.Column("court", sa.String(length=50), nullable=False),
        sa.Column("subject_represented", sa.Boolean(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_recorded_at", UTCDateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["order_applications.id"],
            name=op.f("fk_order_hearings_application_id_order_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_hearings")),
    )
    op.create_index(
        op.f("ix_order_hearings_application_id"), "order_hearings", ["application_id"], unique=False
    )
    op.create_table(
        "orders",
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("order_type", sa.String(length=20), nullable=False),
        sa.Column("application_id", sa.String(length=32), nullable=True),
        sa.Column("agency", sa.String(length=100), nullable=False),
        sa.Column("court", sa.String(length=50), nullable=True),
        sa.Column("subject_person_id", sa.String(length=32), nullable=False),
        sa.Column("protected_person_id", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("made_at", UTCDateTime(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("made_without_notice", sa.Boolean(), nullable=False),
        sa.Column("served_at", UTCDateTime(), nullable=True),
        sa.Column("known_at", UTCDateTime(), nullable=True),
        sa.Column("represented_at_hearing", UTCDateTime(), nullable=True),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("issuing_officer", sa.String(length=200), nullable=True),
        sa.Column("issuing_rank", sa.String(length=50), nullable=True),
        sa.Column("area", sa.String(length=50), nullable=True),
        sa.Column("hearing_by", UTCDateTime(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_reason", sa.String(length=200), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["order_applications.id"],
            name=op.f("fk_orders_application_id_order_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["protected_person_id"],
            ["people.id"],
            name=op.f("fk_orders_protected_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["subject_person_id"],
            ["people.id"],
            name=op.f("fk_orders_subject_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("reference", name=op.f("uq_orders_reference")),
    )
    op.create_index(op.f("ix_orders_agency"), "orders", ["agency"], unique=False)
    op.create_index(op.f("ix_orders_application_id"), "orders", ["application_id"], unique=False)
    op.create_index(op.f("ix_orders_ends_on"), "orders", ["ends_on"], unique=False)
    op.create_index(op.f("ix_orders_order_type"), "orders", ["order_type"], unique=False)
    op.create_index(op.f("ix_orders_status"), "orders", ["status"], unique=False)
    op.create_index(op.f("ix_orders_subject_person_id"), "orders", ["subject_person_id"], unique=False)
    op.create_table(
        "monitoring_alerts",
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("raised_at", UTCDateTime(), nullable=False),
        sa.Column("responsible_officer", sa.String(length=200), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_monitoring_alerts_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_alerts")),
    )
    op.create_index(op.f("ix_monitoring_alerts_order_id"), "monitoring_alerts", ["order_id"], unique=False)
    op.create_table(
        "monitoring_tags",
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("responsible_officer", sa.String(length=200), nullable=False),
        sa.Column("fitted_at", UTCDateTime(), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
        sa.Column("last_point_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_monitoring_tags_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_tags")),
        sa.UniqueConstraint("tag_id", name=op.f("uq_monitoring_tags_tag_id")),
    )
    op.create_index(op.f("ix_monitoring_tags_order_id"), "monitoring_tags", ["order_id"], unique=False)
    op.create_table(
        "order_appeals",
        sa.Column("order_id", sa.String(length=32), nullable=True),
        sa.Column("application_id", sa.String(length=32), nullable=True),
        sa.Column("appellant", sa.String(length=20), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("lodged_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["order_applications.id"],
            name=op.f("fk_order_appeals_application_id_order_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_appeals_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_appeals")),
    )
    op.create_index(op.f("ix_order_appeals_order_id"), "order_appeals", ["order_id"], unique=False)
    op.create_table(
        "order_events",
        sa.Column("application_id", sa.String(length=32), nullable=True),
        sa.Column("order_id", sa.String(length=32), nullable=True),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["order_applications.id"],
            name=op.f("fk_order_events_application_id_order_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_events_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_events")),
    )
    op.create_index(op.f("ix_order_events_application_id"), "order_events", ["application_id"], unique=False)
    op.create_index(op.f("ix_order_events_order_id"), "order_events", ["order_id"], unique=False)
    op.create_table(
        "order_variations",
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("party", sa.String(length=20), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("proposed_conditions", sa.JSON(), nullable=True),
        sa.Column("proposed_ends_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("lodged_at", UTCDateTime(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_variations_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_variations")),
    )
    op.create_index(op.f("ix_order_variations_order_id"), "order_variations", ["order_id"], unique=False)
    op.create_table(
        "order_breaches",
        sa.Column("order_id", sa.String(length=32), nullable=False),
        sa.Column("alleged_at", UTCDateTime(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("alert_id", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("charging_decision", sa.String(length=30), nullable=True),
        sa.Column("charging_decided_at", UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("outcome_detail", sa.Text(), nullable=True),
        sa.Column("outcome_at", UTCDateTime(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["monitoring_alerts.id"], name=op.f("fk_order_breaches_alert_id_monitoring_alerts")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_breaches_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_breaches")),
    )
    op.create_index(op.f("ix_order_breaches_order_id"), "order_breaches", ["order_id"], unique=False)
    op.create_table(
        "breach_evidence",
        sa.Column("breach_id", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"],
            ["order_breaches.id"],
            name=op.f("fk_breach_evidence_breach_id_order_breaches"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_evidence")),
    )
    op.create_index(op.f("ix_breach_evidence_breach_id"), "breach_evidence", ["breach_id"], unique=False)
    op.create_table(
        "evidence_custody",
        sa.Column("evidence_id", sa.String(length=32), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("actor_label", sa.String(length=200), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("sha256_seen", sa.String(length=64), nullable=False),
        sa.Column("hash_matches", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["breach_evidence.id"],
            name=op.f("fk_evidence_custody_evidence_id_breach_evidence"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_custody")),
    )
    op.create_index(
        op.f("ix_evidence_custody_evidence_id"), "evidence_custody", ["evidence_id"], unique=False
    )


def downgrade() -> None:
    op.drop_table("evidence_custody")
    op.drop_table("breach_evidence")
    op.drop_table("order_breaches")
    op.drop_table("order_variations")
    op.drop_table("order_events")
    op.drop_table("order_appeals")
    op.drop_table("monitoring_tags")
    op.drop_table("monitoring_alerts")
    op.drop_table("orders")
    op.drop_table("order_hearings")
    op.drop_table("order_applications")
    op.drop_table("monitoring_points")
