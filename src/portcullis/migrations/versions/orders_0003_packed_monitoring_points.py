"""Orders: monitoring points stored packed, one row per tag bucket and batch (`monitoring_point_blocks`),
instead of one row per point (`monitoring_points`). Existing points are packed into the new table on upgrade
and unpacked back on downgrade.

Revision ID: orders_0003
Revises: employers_0002
"""

import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from alembic import op

from portcullis.core.db import UTCDateTime

revision: str = "orders_0003"
down_revision: str | None = "employers_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUCKETS = 256  # monitoring_store.BUCKETS at this revision
EVENTS = {"location": 0, "tamper": 1, "no_signal": 2}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _points_table(meta: sa.MetaData) -> sa.Table:
    return sa.Table(
        "monitoring_points",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tag_id", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("event", sa.String(length=20), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
    )


def _blocks_table(meta: sa.MetaData) -> sa.Table:
    return sa.Table(
        "monitoring_point_blocks",
        meta,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("first_at", UTCDateTime(), nullable=False),
        sa.Column("last_at", UTCDateTime(), nullable=False),
        sa.Column("received_at", UTCDateTime(), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("tag_counts", sa.LargeBinary(), nullable=False),
        sa.Column("at_us", sa.LargeBinary(), nullable=False),
        sa.Column("latitude", sa.LargeBinary(), nullable=False),
        sa.Column("longitude", sa.LargeBinary(), nullable=False),
        sa.Column("events", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_point_blocks")),
    )


def _micros(at: datetime) -> int:
    return (at - EPOCH) // timedelta(microseconds=1)


def upgrade() -> None:
    meta = sa.MetaData()
    blocks = _blocks_table(meta)
    blocks.create(op.get_bind())
    op.create_index(
        "ix_monitoring_point_blocks_bucket_last_at", "monitoring_point_blocks", ["bucket", "last_at"]
    )
    bind, points = op.get_bind(), _points_table(meta)
    groups: dict[tuple[str, int], list[sa.Row[tuple[object, ...]]]] = defaultdict(list)
    for row in bind.execute(sa.select(points).order_by(points.c.tag_id, points.c.at, points.c.id)):
        groups[(row.batch_id, zlib.crc32(row.tag_id.encode()) % BUCKETS)].append(row)
    for (batch, bucket), rows in groups.items():
        per_tag = Counter(r.tag_id for r in rows)  # rows are by tag then time: keys in that order
        tags = list(per_tag)
        at = [_micros(r.at) for r in rows]
        nan = float("nan")
        bind.execute(
            blocks.insert().values(
                bucket=bucket,
                first_at=EPOCH + timedelta(microseconds=min(at)),
                last_at=EPOCH + timedelta(microseconds=max(at)),
                received_at=rows[0].received_at,
                batch_id=batch,
                count=len(rows),
                tags=json.dumps(tags),
                tag_counts=np.array([per_tag[t] for t in tags], np.int32).tobytes(),
                at_us=np.array(at, np.int64).tobytes(),
                latitude=np.array([nan if r.latitude is None else r.latitude for r in rows]).tobytes(),
                longitude=np.array([nan if r.longitude is None else r.longitude for r in rows]).tobytes(),
                events=np.array([EVENTS.get(r.event, 0) for r in rows], np.int8).tobytes(),
            )
        )
    op.drop_index("ix_monitoring_points_tag_at", table_name="monitoring_points")
    op.drop_index(op.f("ix_monitoring_points_batch_id"), table_name="monitoring_points")
    op.drop_table("monitoring_points")


def downgrade() -> None:
    meta = sa.MetaData()
    points = _points_table(meta)
    points.create(op.get_bind())
    op.create_index(op.f("ix_monitoring_points_batch_id"), "monitoring_points", ["batch_id"], unique=False)
    op.create_index("ix_monitoring_points_tag_at", "monitoring_points", ["tag_id", "at"], unique=False)
    bind, blocks, names = op.get_bind(), _blocks_table(meta), {v: k for k, v in EVENTS.items()}
    for row in bind.execute(sa.select(blocks).order_by(blocks.c.id)):
        tags = json.loads(row.tags)
        counts = np.frombuffer(row.tag_counts, np.int32).tolist()
        owners = [t for t, n in zip(tags, counts, strict=True) for _ in range(n)]
        at = np.frombuffer(row.at_us, np.int64).tolist()
        lat, lon = (np.frombuffer(b, np.float64).tolist() for b in (row.latitude, row.longitude))
        ev = np.frombuffer(row.events, np.int8).tolist()
        values = [
            {
                "tag_id": owners[i],
                "at": EPOCH + timedelta(microseconds=at[i]),
                "latitude": None if lat[i] != lat[i] else lat[i],
                "longitude": None if lon[i] != lon[i] else lon[i],
                "event": names[ev[i]],
                "received_at": row.received_at,
                "batch_id": row.batch_id,
            }
            for i in range(len(at))
        ]
        if values:
            bind.execute(points.insert(), values)
    op.drop_index("ix_monitoring_point_blocks_bucket_last_at", table_name="monitoring_point_blocks")
    op.drop_table("monitoring_point_blocks")
