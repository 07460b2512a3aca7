"""policing: settlement inputs, performance data, imports and the intervention workflow

Revision ID: policing_0001
Revises: returns_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portcullis.core.db

revision: str = "policing_0001"
down_revision: str | None = "returns_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "policing_flags",
        sa.Column("force", sa.String(length=40), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_flags")),
        sa.UniqueConstraint("force", "rule", "month", name="uq_policing_flags_key"),
    )
    op.create_index(op.f("ix_policing_flags_force"), "policing_flags", ["force"], unique=False)
    op.create_table(
        "policing_imports",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("imported_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_imports")),
    )
    op.create_table(
        "policing_attendance",
        sa.Column("force", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=10), nullable=False),
        sa.Column("incidents", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Integer(), nullable=False),
        sa.Column("within_standard", sa.Integer(), nullable=True),
        sa.Column("standard_minutes", sa.Integer(), nullable=True),
        sa.Column("total_minutes", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("median_minutes", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("p90_minutes", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["policing_imports.id"],
            name=op.f("fk_policing_attendance_import_id_policing_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_attendance")),
        sa.UniqueConstraint("force", "month", "grade", "area", name="uq_policing_attendance_key"),
    )
    op.create_index(op.f("ix_policing_attendance_month"), "policing_attendance", ["month"], unique=False)
    op.create_table(
        "policing_calls_999",
        sa.Column("force", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("calls_answered", sa.Integer(), nullable=False),
        sa.Column("within_10s", sa.Integer(), nullable=False),
        sa.Column("between_10_60s", sa.Integer(), nullable=False),
        sa.Column("over_60s", sa.Integer(), nullable=False),
        sa.Column("mean_answer_seconds", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["policing_imports.id"],
            name=op.f("fk_policing_calls_999_import_id_policing_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_calls_999")),
        sa.UniqueConstraint("force", "month", name="uq_policing_calls_999_force_month"),
    )
    op.create_index(op.f("ix_policing_calls_999_month"), "policing_calls_999", ["month"], unique=False)
    op.create_table(
        "policing_decisions",
        sa.Column("flag_id", sa.String(length=32), nullable=False),
        sa.Column("decision", sa.String(length=40), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["policing_flags.id"], name=op.f("fk_policing_decisions_flag_id_policing_flags")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_decisions")),
    )
    op.create_index(op.f("ix_policing_decisions_flag_id"), "policing_decisions", ["flag_id"], unique=False)
    op.create_table(
        "policing_flag_events",
        sa.Column("flag_id", sa.String(length=32), nullable=False),
        sa.Column("at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["policing_flags.id"], name=op.f("fk_policing_flag_events_flag_id_policing_flags")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_flag_events")),
    )
    op.create_index(
        op.f("ix_policing_flag_events_flag_id"), "policing_flag_events", ["flag_id"], unique=False
    )
    op.create_table(
        "policing_measure_values",
        sa.Column("force", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=60), nullable=False),
        sa.Column("numerator", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("denominator", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["policing_imports.id"],
            name=op.f("fk_policing_measure_values_import_id_policing_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_measure_values")),
        sa.UniqueConstraint("force", "month", "measure", name="uq_policing_measure_values_key"),
    )
    op.create_index(
        op.f("ix_policing_measure_values_month"), "policing_measure_values", ["month"], unique=False
    )
    op.create_table(
        "policing_neighbourhood_returns",
        sa.Column("force", sa.String(length=40), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("officers", sa.Integer(), nullable=False),
        sa.Column("pcsos", sa.Integer(), nullable=False),
        sa.Column("specials", sa.Integer(), nullable=False),
        sa.Column("neighbourhoods", sa.Integer(), nullable=False),
        sa.Column("named_officer_neighbourhoods", sa.Integer(), nullable=False),
        sa.Column("queries", sa.Integer(), nullable=False),
        sa.Column("queries_answered_72h", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["policing_imports.id"],
            name=op.f("fk_policing_neighbourhood_returns_import_id_policing_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_neighbourhood_returns")),
        sa.UniqueConstraint("force", "month", name="uq_policing_neighbourhood_returns_force_month"),
    )
    op.create_index(
        op.f("ix_policing_neighbourhood_returns_month"),
        "policing_neighbourhood_returns",
        ["month"],
        unique=False,
    )
    op.create_table(
        "policing_plan_actions",
        sa.Column("flag_id", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", portcullis.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["policing_flags.id"], name=op.f("fk_policing_plan_actions_flag_id_policing_flags")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_plan_actions")),
    )
    op.create_index(
        op.f("ix_policing_plan_actions_flag_id"), "policing_plan_actions", ["flag_id"], unique=False
    )
    op.create_table(
        "policing_settlement_inputs",
        sa.Column("year", sa.String(length=7), nullable=False),
        sa.Column("force", sa.String(length=40), nullable=False),
        sa.Column("core_grant_previous", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("formula_share", sa.Numeric(precision=20, scale=10), nullable=False),
        sa.Column("legacy_council_tax_grants", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("nicc_grant_previous", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("other_grants_previous", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("precept_previous", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("tax_base", sa.Numeric(precision=16, scale=3), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("import_id", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["policing_imports.id"],
            name=op.f("fk_policing_settlement_inputs_import_id_policing_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policing_settlement_inputs")),
        sa.UniqueConstraint("year", "force", name="uq_policing_settlement_inputs_year_force"),
    )
    op.create_index(
        op.f("ix_policing_settlement_inputs_year"), "policing_settlement_inputs", ["year"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_policing_settlement_inputs_year"), table_name="policing_settlement_inputs")
    op.drop_table("policing_settlement_inputs")
    op.drop_index(op.f("ix_policing_plan_actions_flag_id"), table_name="policing_plan_actions")
    op.drop_table("policing_plan_actions")
    op.drop_index(
        op.f("ix_policing_neighbourhood_returns_month"), table_name="policing_neighbourhood_returns"
    )
    op.drop_table("policing_neighbourhood_returns")
    op.drop_index(op.f("ix_policing_measure_values_month"), table_name="policing_measure_values")
    op.drop_table("policing_measure_values")
    op.drop_index(op.f("ix_policing_flag_events_flag_id"), table_name="policing_flag_events")
    op.drop_table("policing_flag_events")
    op.drop_index(op.f("ix_policing_decisions_flag_id"), table_name="policing_decisions")
    op.drop_table("policing_decisions")
    op.drop_index(op.f("ix_policing_calls_999_month"), table_name="policing_calls_999")
    op.drop_table("policing_calls_999")
    op.drop_index(op.f("ix_policing_attendance_month"), table_name="policing_attendance")
    op.drop_table("policing_attendance")
    op.drop_table("policing_imports")
    op.drop_index(op.f("ix_policing_flags_force"), table_name="policing_flags")
    op.drop_table("policing_flags")
