"""Orders: the monitoring rules version (a token that moves whenever zones or tags change, so that the zone
index can be kept between monitoring batches); a tag's last point is read from its points, not kept on the tag; alerts indexed by tag, kind and time for the
no-signal gap check.

Revision ID: orders_0002
Revises: policing_0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from portcullis.core.db import UTCDateTime

revision: str = "orders_0002"
down_revision: str | None = "policing_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "monitoring_rules_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_rules_version")),
    )
    with op.batch_alter_table("monitoring_tags") as batch:
        batch.drop_column("last_point_at")
    op.create_index(
        "ix_monitoring_alerts_tag_kind_at", "monitoring_alerts", ["tag_id", "kind", "at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_monitoring_alerts_tag_kind_at", table_name="monitoring_alerts")
    with op.batch_alter_table("monitoring_tags") as batch:
        batch.add_column(sa.Column("last_point_at", UTCDateTime(), nullable=True))
    op.drop_table("monitoring_rules_version")
