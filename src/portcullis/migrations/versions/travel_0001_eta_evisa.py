"""travel: ETA submissions, applications and decisions; eVisa permissions and share codes

Revision ID: travel_0001
Revises: screening_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portcullis.core.db

revision: str = "travel_0001"
down_revision: str | None = "screening_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "eta_drafts",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eta_drafts")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_eta_drafts_token_hash")),
    )
    with op.batch_alter_table("eta_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eta_drafts_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "eta_submissions",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("fee_pence", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=32), nullable=True),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("paid_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eta_submissions")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_eta_submissions_idempotency_key")),
        sa.UniqueConstraint("reference", name=op.f("uq_eta_submissions_reference")),
    )
    with op.batch_alter_table("eta_submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eta_submissions_payment_id"), ["payment_id"], unique=False)

    op.create_table(
        "eta_applications",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("submission_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=True),
        sa.Column("relationship_to_applicant", sa.String(length=100), nullable=True),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("family_name", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("other_nationalities", sa.String(length=100), nullable=False),
        sa.Column("passport_number", sa.String(length=20), nullable=False),
        sa.Column("passport_issuing_state", sa.String(length=3), nullable=False),
        sa.Column("passport_expiry", sa.Date(), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=True),
        sa.Column("photo_path", sa.String(length=300), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_eta_applications_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["eta_submissions.id"],
            name=op.f("fk_eta_applications_submission_id_eta_submissions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eta_applications")),
        sa.UniqueConstraint("reference", name=op.f("uq_eta_applications_reference")),
    )
    with op.batch_alter_table("eta_applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_eta_applications_passport", ["passport_number", "passport_issuing_state"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_eta_applications_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_eta_applications_status_nationality", ["status", "nationality"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_eta_applications_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "evisa_permissions",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("permission_type", sa.String(length=100), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("ended_reason", sa.Text(), nullable=True),
        sa.Column("photo_path", sa.String(length=300), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_evisa_permissions_person_id_people"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evisa_permissions")),
        sa.UniqueConstraint("reference", name=op.f("uq_evisa_permissions_reference")),
    )
    with op.batch_alter_table("evisa_permissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evisa_permissions_person_id"), ["person_id"], unique=False)

    op.create_table(
        "eta_decisions",
        sa.Column("application_id", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_by_label", sa.String(length=200), nullable=False),
        sa.Column("decided_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("screening", sa.JSON(), nullable=False),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["eta_applications.id"],
            name=op.f("fk_eta_decisions_application_id_eta_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eta_decisions")),
    )
    with op.batch_alter_table("eta_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_eta_decisions_application_id"), ["application_id"], unique=False)

    op.create_table(
        "evisa_share_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("permission_id", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["permission_id"],
            ["evisa_permissions.id"],
            name=op.f("fk_evisa_share_codes_permission_id_evisa_permissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evisa_share_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_evisa_share_codes_code_hash")),
    )
    with op.batch_alter_table("evisa_share_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evisa_share_codes_permission_id"), ["permission_id"], unique=False
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("evisa_share_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evisa_share_codes_permission_id"))

    op.drop_table("evisa_share_codes")
    with op.batch_alter_table("eta_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eta_decisions_application_id"))

    op.drop_table("eta_decisions")
    with op.batch_alter_table("evisa_permissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evisa_permissions_person_id"))

    op.drop_table("evisa_permissions")
    with op.batch_alter_table("eta_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eta_applications_submission_id"))
        batch_op.drop_index("ix_eta_applications_status_nationality")
        batch_op.drop_index(batch_op.f("ix_eta_applications_person_id"))
        batch_op.drop_index("ix_eta_applications_passport")

    op.drop_table("eta_applications")
    with op.batch_alter_table("eta_submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eta_submissions_payment_id"))

    op.drop_table("eta_submissions")
    with op.batch_alter_table("eta_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_eta_drafts_expires_at"))

    op.drop_table("eta_drafts")
    # ### end Alembic commands ###
