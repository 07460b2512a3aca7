"""Points are stored packed, one row per tag bucket and batch: what is sent reads back exactly, per tag and
per time window, across batches and buckets; the gap job finds each tag's last point."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.orders import monitoring, monitoring_gaps, monitoring_store
from portcullis.orders.models import MonitoringPointBlock

from .test_monitoring import OFFICER, point, tagged_order

TAGS = ["TAG-A", "TAG-B", "TAG-C", "TAG-D", "TAG-E"]
START = datetime(2025, 6, 2, 6, 0, tzinfo=UTC)


def sent(batch: int, n: int) -> list[dict[str, Any]]:
    """n points per tag, a few seconds apart, some with odd microseconds, a tamper without coordinates."""
    rows = []
    for k, tag in enumerate(TAGS):
        for i in range(n):
            at = START + timedelta(minutes=10 * batch, seconds=7 * i + k, microseconds=13 * i)
            if i == 1 and k == 2:
                rows.append(point(at.isoformat(), None, None, "tamper", tag=tag))
            else:
                rows.append(point(at.isoformat(), 53.6 + i / 1e5 + k / 1e3, -2.1 - i / 1e5, tag=tag))
    return rows[::-1]  # not in time order: the store sorts them


def expected(rows: list[dict[str, Any]], tag: str) -> list[tuple[datetime, Any, Any, str]]:
    mine = [r for r in rows if r["tag_id"] == tag]
    return sorted((datetime.fromisoformat(r["at"]), r["latitude"], r["longitude"], r["event"]) for r in mine)


def test_packed_points_read_back_exactly_per_tag_and_time_window(database: Any) -> None:
    for tag in TAGS:
        tagged_order(tag)
    batches = [sent(b, 6) for b in range(3)]
    with unit_of_work() as uow:
        ids = [monitoring.ingest(uow, rows=r, actor=OFFICER, source="test")["batch_id"] for r in batches]
    everything = [r for rows in batches for r in rows]
    buckets = {monitoring_store.bucket_of(t) for t in TAGS}
    with unit_of_work() as uow:
        conn = uow.session.connection()
        blocks = uow.session.scalar(select(func.count()).select_from(MonitoringPointBlock))
        assert blocks == 3 * len(buckets) < len(everything)  # one row per bucket and batch
        for tag in TAGS:
            got = monitoring_store.points_of(conn, tag)
            assert [(p.at, p.latitude, p.longitude, p.event) for p in got] == expected(everything, tag)
            assert [p.batch_id for p in got] == [i for i in ids for _ in range(6)]
            assert all(p.tag_id == tag for p in got)
            # a window that cuts into the first and the last batch
            low, high = got[3].at, got[-2].at
            window = monitoring_store.points_of(conn, tag, low, high)
            assert [p.at for p in window] == [p.at for p in got[3:-1]]
            assert (
                monitoring_store.points_of(
                    conn, tag, START - timedelta(days=1), START - timedelta(microseconds=1)
                )
                == []
            )
            assert monitoring_store.points_of(conn, tag, got[-1].at)[0].at == got[-1].at  # bounds included
        assert monitoring_store.points_of(conn, "TAG-NONE") == []


def test_the_gap_job_finds_each_tags_last_point_in_the_packed_rows(database: Any) -> None:
    for tag in [*TAGS, "TAG-SILENT"]:
        tagged_order(tag)
    late = sent(2, 3)
    with unit_of_work() as uow:
        monitoring.ingest(uow, rows=late, actor=OFFICER, source="test")
        monitoring.ingest(uow, rows=sent(0, 4), actor=OFFICER, source="test")  # older points, sent after
    with unit_of_work() as uow:
        rows = monitoring_gaps.last_heard(uow.session.connection())
    heard = {r["tag_id"]: r["last_point_at"] for r in rows}
    assert heard == {"TAG-SILENT": None} | {t: expected(late, t)[-1][0] for t in TAGS}
