"""Employers: undefined CoS allocation requests (a sponsor asks, a caseworker grants or refuses).

Revision ID: employers_0002
Revises: orders_0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "employers_0002"
down_revision: str | None = "orders_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employer_cos_allocations") as batch:
        batch.add_column(sa.Column("status", sa.String(length=20), server_default="granted", nullable=False))
        batch.add_column(sa.Column("requested", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("requested_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("justification", sa.Text(), nullable=True))
        batch.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("refusal_reason", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("employer_cos_allocations") as batch:
        for column in (
            "refusal_reason",
            "decided_on",
            "justification",
            "requested_on",
            "requested",
            "status",
        ):
            batch.drop_column(column)
