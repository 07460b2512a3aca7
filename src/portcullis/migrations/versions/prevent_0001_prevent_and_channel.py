"""Prevent and Channel: referrals, gateway assessments, follow-ups, record openings, Channel cases, panels,
VAF assessments, interventions, reviews, escalations and the Commissioner's samples and identity access.

Revision ID: prevent_0001
Revises: orders_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from portcullis.core.db import UTCDateTime

revision: str = "prevent_0001"
down_revision: str | None = "orders_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "prevent_oversight_samples",
        sa.Column("drawn_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("drawn_by", sa.String(length=32), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("referral_ids", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_oversight_samples")),
    )
    op.create_table(
        "prevent_panel_meetings",
        sa.Column("local_authority", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_panel_meetings")),
    )
    op.create_index(
        op.f("ix_prevent_panel_meetings_held_on"), "prevent_panel_meetings", ["held_on"], unique=False
    )
    op.create_table(
        "prevent_identity_access",
        sa.Column("sample_id", sa.String(length=32), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=32), nullable=False),
        sa.Column("requested_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("granted_by", sa.String(length=32), nullable=True),
        sa.Column("granted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("refused", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["prevent_oversight_samples.id"],
            name=op.f("fk_prevent_identity_access_sample_id_prevent_oversight_samples"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_identity_access")),
    )
    op.create_index(
        op.f("ix_prevent_identity_access_requested_by"),
        "prevent_identity_access",
        ["requested_by"],
        unique=False,
    )
    op.create_index(
        op.f("ix_prevent_identity_access_sample_id"), "prevent_identity_access", ["sample_id"], unique=False
    )
    op.create_table(
        "prevent_panel_members",
        sa.Column("meeting_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["prevent_panel_meetings.id"],
            name=op.f("fk_prevent_panel_members_meeting_id_prevent_panel_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_panel_members")),
    )
    op.create_index(
        op.f("ix_prevent_panel_members_meeting_id"), "prevent_panel_members", ["meeting_id"], unique=False
    )
    op.create_table(
        "prevent_referrals",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("received_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("referrer_user_id", sa.String(length=32), nullable=True),
        sa.Column("referrer_name", sa.String(length=200), nullable=False),
        sa.Column("referrer_role", sa.String(length=200), nullable=False),
        sa.Column("referrer_organisation", sa.String(length=300), nullable=False),
        sa.Column("referrer_contact", sa.String(length=300), nullable=False),
        sa.Column("sector", sa.String(length=30), nullable=False),
        sa.Column("concern_type", sa.String(length=40), nullable=False),
        sa.Column("concern_other", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("gender", sa.String(length=10), nullable=False),
        sa.Column("region", sa.String(length=30), nullable=False),
        sa.Column("local_authority", sa.String(length=200), nullable=False),
        sa.Column("age_at_referral", sa.Integer(), nullable=True),
        sa.Column("previous_referral_ids", sa.JSON(), nullable=False),
        sa.Column("possible_match_ids", sa.JSON(), nullable=False),
        sa.Column("screening_hits", sa.JSON(), nullable=False),
        sa.Column("senior_review_required", sa.Boolean(), nullable=False),
        sa.Column("repeat_reasons", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("gateway_due_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_prevent_referrals_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_referrals")),
        sa.UniqueConstraint("reference", name=op.f("uq_prevent_referrals_reference")),
    )
    op.create_index(
        op.f("ix_prevent_referrals_concern_type"), "prevent_referrals", ["concern_type"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_referrals_gateway_due_on"), "prevent_referrals", ["gateway_due_on"], unique=False
    )
    op.create_index(op.f("ix_prevent_referrals_person_id"), "prevent_referrals", ["person_id"], unique=False)
    op.create_index(
        op.f("ix_prevent_referrals_received_at"), "prevent_referrals", ["received_at"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_referrals_received_on"), "prevent_referrals", ["received_on"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_referrals_referrer_user_id"), "prevent_referrals", ["referrer_user_id"], unique=False
    )
    op.create_index(op.f("ix_prevent_referrals_region"), "prevent_referrals", ["region"], unique=False)
    op.create_index(op.f("ix_prevent_referrals_sector"), "prevent_referrals", ["sector"], unique=False)
    op.create_index(op.f("ix_prevent_referrals_status"), "prevent_referrals", ["status"], unique=False)
    op.create_table(
        "prevent_channel_cases",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("local_authority", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("consent_given_by", sa.String(length=20), nullable=True),
        sa.Column("consent_name", sa.String(length=200), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("consent_given", sa.Boolean(), nullable=True),
        sa.Column("discussed_on", sa.Date(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=True),
        sa.Column("exited_on", sa.Date(), nullable=True),
        sa.Column("exit_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_prevent_channel_cases_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["prevent_referrals.id"],
            name=op.f("fk_prevent_channel_cases_referral_id_prevent_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_channel_cases")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_prevent_channel_cases_referral_id")),
    )
    op.create_index(
        op.f("ix_prevent_channel_cases_person_id"), "prevent_channel_cases", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_channel_cases_status"), "prevent_channel_cases", ["status"], unique=False
    )
    op.create_table(
        "prevent_gateway_assessments",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("deconfliction", sa.String(length=30), nullable=True),
        sa.Column("deconfliction_reference", sa.String(length=100), nullable=False),
        sa.Column("deconflicted_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("deconflicted_by", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("threshold_met", sa.Boolean(), nullable=True),
        sa.Column("rationale", sa.JSON(), nullable=False),
        sa.Column("receiving_service", sa.String(length=40), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("overdue_at_decision", sa.Boolean(), nullable=True),
        sa.Column("parameters_used", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["prevent_referrals.id"],
            name=op.f("fk_prevent_gateway_assessments_referral_id_prevent_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_gateway_assessments")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_prevent_gateway_assessments_referral_id")),
    )
    op.create_index(
        op.f("ix_prevent_gateway_assessments_outcome"),
        "prevent_gateway_assessments",
        ["outcome"],
        unique=False,
    )
    op.create_table(
        "prevent_record_openings",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("opened_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["prevent_referrals.id"],
            name=op.f("fk_prevent_record_openings_referral_id_prevent_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_record_openings")),
    )
    op.create_index(
        op.f("ix_prevent_record_openings_referral_id"),
        "prevent_record_openings",
        ["referral_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_prevent_record_openings_user_id"), "prevent_record_openings", ["user_id"], unique=False
    )
    op.create_table(
        "prevent_senior_reviews",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("reviewer_id", sa.String(length=32), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("agreed", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["prevent_referrals.id"],
            name=op.f("fk_prevent_senior_reviews_referral_id_prevent_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_senior_reviews")),
    )
    op.create_index(
        op.f("ix_prevent_senior_reviews_referral_id"), "prevent_senior_reviews", ["referral_id"], unique=False
    )
    op.create_table(
        "prevent_transfer_follow_ups",
        sa.Column("referral_id", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("checked_by", sa.String(length=32), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["prevent_referrals.id"],
            name=op.f("fk_prevent_transfer_follow_ups_referral_id_prevent_referrals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_transfer_follow_ups")),
        sa.UniqueConstraint(
            "referral_id", "sequence", name=op.f("uq_prevent_transfer_follow_ups_referral_id")
        ),
    )
    op.create_index(
        op.f("ix_prevent_transfer_follow_ups_due_on"), "prevent_transfer_follow_ups", ["due_on"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_transfer_follow_ups_referral_id"),
        "prevent_transfer_follow_ups",
        ["referral_id"],
        unique=False,
    )
    op.create_table(
        "prevent_channel_reviews",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["prevent_channel_cases.id"],
            name=op.f("fk_prevent_channel_reviews_case_id_prevent_channel_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_channel_reviews")),
        sa.UniqueConstraint("case_id", "kind", "sequence", name=op.f("uq_prevent_channel_reviews_case_id")),
    )
    op.create_index(
        op.f("ix_prevent_channel_reviews_case_id"), "prevent_channel_reviews", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_channel_reviews_due_on"), "prevent_channel_reviews", ["due_on"], unique=False
    )
    op.create_table(
        "prevent_escalations",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.String(length=32), nullable=True),
        sa.Column("applicant_agency", sa.String(length=200), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("order_application_id", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["prevent_channel_cases.id"],
            name=op.f("fk_prevent_escalations_case_id_prevent_channel_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_escalations")),
    )
    op.create_index(op.f("ix_prevent_escalations_case_id"), "prevent_escalations", ["case_id"], unique=False)
    op.create_table(
        "prevent_interventions",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["prevent_channel_cases.id"],
            name=op.f("fk_prevent_interventions_case_id_prevent_channel_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_interventions")),
    )
    op.create_index(
        op.f("ix_prevent_interventions_case_id"), "prevent_interventions", ["case_id"], unique=False
    )
    op.create_table(
        "prevent_panel_decisions",
        sa.Column("meeting_id", sa.String(length=32), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("quorum", sa.JSON(), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["prevent_channel_cases.id"],
            name=op.f("fk_prevent_panel_decisions_case_id_prevent_channel_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["prevent_panel_meetings.id"],
            name=op.f("fk_prevent_panel_decisions_meeting_id_prevent_panel_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_panel_decisions")),
    )
    op.create_index(
        op.f("ix_prevent_panel_decisions_case_id"), "prevent_panel_decisions", ["case_id"], unique=False
    )
    op.create_index(
        op.f("ix_prevent_panel_decisions_meeting_id"), "prevent_panel_decisions", ["meeting_id"], unique=False
    )
    op.create_table(
        "prevent_vaf_assessments",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("assessed_by", sa.String(length=32), nullable=True),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["prevent_channel_cases.id"],
            name=op.f("fk_prevent_vaf_assessments_case_id_prevent_channel_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prevent_vaf_assessments")),
    )
    op.create_index(
        op.f("ix_prevent_vaf_assessments_case_id"), "prevent_vaf_assessments", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_prevent_vaf_assessments_case_id"), table_name="prevent_vaf_assessments")
    op.drop_table("prevent_vaf_assessments")
    op.drop_index(op.f("ix_prevent_panel_decisions_meeting_id"), table_name="prevent_panel_decisions")
    op.drop_index(op.f("ix_prevent_panel_decisions_case_id"), table_name="prevent_panel_decisions")
    op.drop_table("prevent_panel_decisions")
    op.drop_index(op.f("ix_prevent_interventions_case_id"), table_name="prevent_interventions")
    op.drop_table("prevent_interventions")
    op.drop_index(op.f("ix_prevent_escalations_case_id"), table_name="prevent_escalations")
    op.drop_table("prevent_escalations")
    op.drop_index(op.f("ix_prevent_channel_reviews_due_on"), table_name="prevent_channel_reviews")
    op.drop_index(op.f("ix_prevent_channel_reviews_case_id"), table_name="prevent_channel_reviews")
    op.drop_table("prevent_channel_reviews")
    op.drop_index(
        op.f("ix_prevent_transfer_follow_ups_referral_id"), table_name="prevent_transfer_follow_ups"
    )
    op.drop_index(op.f("ix_prevent_transfer_follow_ups_due_on"), table_name="prevent_transfer_follow_ups")
    op.drop_table("prevent_transfer_follow_ups")
    op.drop_index(op.f("ix_prevent_senior_reviews_referral_id"), table_name="prevent_senior_reviews")
    op.drop_table("prevent_senior_reviews")
    op.drop_index(op.f("ix_prevent_record_openings_user_id"), table_name="prevent_record_openings")
    op.drop_index(op.f("ix_prevent_record_openings_referral_id"), table_name="prevent_record_openings")
    op.drop_table("prevent_record_openings")
    op.drop_index(op.f("ix_prevent_gateway_assessments_outcome"), table_name="prevent_gateway_assessments")
    op.drop_table("prevent_gateway_assessments")
    op.drop_index(op.f("ix_prevent_channel_cases_status"), table_name="prevent_channel_cases")
    op.drop_index(op.f("ix_prevent_channel_cases_person_id"), table_name="prevent_channel_cases")
    op.drop_table("prevent_channel_cases")
    op.drop_index(op.f("ix_prevent_referrals_status"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_sector"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_region"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_referrer_user_id"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_received_on"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_received_at"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_person_id"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_gateway_due_on"), table_name="prevent_referrals")
    op.drop_index(op.f("ix_prevent_referrals_concern_type"), table_name="prevent_referrals")
    op.drop_table("prevent_referrals")
    op.drop_index(op.f("ix_prevent_panel_members_meeting_id"), table_name="prevent_panel_members")
    op.drop_table("prevent_panel_members")
    op.drop_index(op.f("ix_prevent_identity_access_sample_id"), table_name="prevent_identity_access")
    op.drop_index(op.f("ix_prevent_identity_access_requested_by"), table_name="prevent_identity_access")
    op.drop_table("prevent_identity_access")
    op.drop_index(op.f("ix_prevent_panel_meetings_held_on"), table_name="prevent_panel_meetings")
    op.drop_table("prevent_panel_meetings")
    op.drop_table("prevent_oversight_samples")
