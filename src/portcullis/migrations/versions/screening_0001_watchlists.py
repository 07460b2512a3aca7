"""screening: watchlists, entries, versions, alerts, identities, re-screening runs

Revision ID: screening_0001
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portcullis.core.db

revision: str = "screening_0001"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = portcullis.core.db.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "screening_lists",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_lists")),
        sa.UniqueConstraint("name", name=op.f("uq_screening_lists_name")),
    )
    op.create_table(
        "screening_list_versions",
        sa.Column("list_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("file_format", sa.String(length=30), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["screening_lists.id"],
            name=op.f("fk_screening_list_versions_list_id_screening_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_list_versions")),
        sa.UniqueConstraint("list_id", "version", name=op.f("uq_screening_list_versions_list_id")),
    )
    op.create_index(op.f("ix_screening_list_versions_list_id"), "screening_list_versions", ["list_id"])
    op.create_table(
        "screening_entries",
        sa.Column("list_id", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("name_parts", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("date_of_birth", sa.String(length=10), nullable=True),
        sa.Column("nationalities", sa.String(length=200), nullable=False),
        sa.Column("identifiers", sa.JSON(), nullable=False),
        sa.Column("reason_code", sa.String(length=100), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("party_id", sa.String(length=32), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("version_added", sa.Integer(), nullable=False),
        sa.Column("version_changed", sa.Integer(), nullable=False),
        sa.Column("removed_in_version", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["screening_lists.id"],
            name=op.f("fk_screening_entries_list_id_screening_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_entries")),
        sa.UniqueConstraint("list_id", "source_ref", name=op.f("uq_screening_entries_list_id")),
    )
    op.create_index(op.f("ix_screening_entries_list_id"), "screening_entries", ["list_id"])
    op.create_index(op.f("ix_screening_entries_party_id"), "screening_entries", ["party_id"])
    op.create_table(
        "screening_alerts",
        sa.Column("entry_id", sa.String(length=32), nullable=False),
        sa.Column("record_type", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=False),
        sa.Column("party_id", sa.String(length=32), nullable=True),
        sa.Column("use", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("record_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("entry_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=30), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.Column("decided_at", UTC, nullable=True),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["screening_entries.id"],
            name=op.f("fk_screening_alerts_entry_id_screening_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_alerts")),
    )
    op.create_index(op.f("ix_screening_alerts_entry_id"), "screening_alerts", ["entry_id"])
    op.create_index(op.f("ix_screening_alerts_record_id"), "screening_alerts", ["record_id"])
    op.create_index(op.f("ix_screening_alerts_party_id"), "screening_alerts", ["party_id"])
    op.create_index(op.f("ix_screening_alerts_status"), "screening_alerts", ["status"])
    op.create_table(
        "screening_identities",
        sa.Column("label", sa.String(length=400), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_identities")),
    )
    op.create_table(
        "screening_identity_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("identity_id", sa.String(length=32), nullable=False),
        sa.Column("member_type", sa.String(length=20), nullable=False),
        sa.Column("member_id", sa.String(length=100), nullable=False),
        sa.Column("added_at", UTC, nullable=False),
        sa.Column("added_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["screening_identities.id"],
            name=op.f("fk_screening_identity_members_identity_id_screening_identities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_identity_members")),
        sa.UniqueConstraint(
            "member_type", "member_id", name=op.f("uq_screening_identity_members_member_type")
        ),
    )
    op.create_index(
        op.f("ix_screening_identity_members_identity_id"), "screening_identity_members", ["identity_id"]
    )
    op.create_table(
        "screening_rescreen_runs",
        sa.Column("backend", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("finished_at", UTC, nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("chunks_total", sa.Integer(), nullable=False),
        sa.Column("chunks_done", sa.Integer(), nullable=False),
        sa.Column("alerts_raised", sa.Integer(), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_rescreen_runs")),
    )


def downgrade() -> None:
    op.drop_table("screening_rescreen_runs")
    op.drop_index(op.f("ix_screening_identity_members_identity_id"), table_name="screening_identity_members")
    op.drop_table("screening_identity_members")
    op.drop_table("screening_identities")
    for ix in ("status", "party_id", "record_id", "entry_id"):
        op.drop_index(op.f(f"ix_screening_alerts_{ix}"), table_name="screening_alerts")
    op.drop_table("screening_alerts")
    op.drop_index(op.f("ix_screening_entries_party_id"), table_name="screening_entries")
    op.drop_index(op.f("ix_screening_entries_list_id"), table_name="screening_entries")
    op.drop_table("screening_entries")
    op.drop_index(op.f("ix_screening_list_versions_list_id"), table_name="screening_list_versions")
    op.drop_table("screening_list_versions")
    op.drop_table("screening_lists")
