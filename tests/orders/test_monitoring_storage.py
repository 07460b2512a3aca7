"""The bulk storage path for monitoring points: what is written reads back exactly, whichever way the batch
was validated."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np

from portcullis.core.db import unit_of_work
from portcullis.orders import monitoring, monitoring_gaps, monitoring_store

from .test_monitoring import OFFICER, point, tagged_order


def stored(tag: str = "TAG-1") -> list[monitoring_store.StoredPoint]:
    with unit_of_work() as uow:
        return monitoring_store.points_of(uow.session.connection(), tag)


def test_a_plain_batch_is_stored_point_for_point_to_the_microsecond(database: Any) -> None:
    tagged_order()
    rows = [
        point("2025-06-02T08:00:00.123456+01:00", 53.6, -2.1),
        point("2025-06-02T09:00:00.000001+00:00", 53.61, -2.11),
    ]
    assert monitoring.fast_columns(rows, monitoring.EARLIEST, datetime(2030, 1, 1, tzinfo=UTC)) is not None
    with unit_of_work() as uow:
        result = monitoring.ingest(uow, rows=rows, actor=OFFICER, source="test")
    points = stored()
    assert [p.at for p in points] == [
        datetime(2025, 6, 2, 7, 0, 0, 123456, tzinfo=UTC),
        datetime(2025, 6, 2, 9, 0, 0, 1, tzinfo=UTC),
    ]
    assert [(p.latitude, p.longitude, p.event) for p in points] == [
        (53.6, -2.1, "location"),
        (53.61, -2.11, "location"),
    ]
    assert {p.batch_id for p in points} == {result["batch_id"]}
    assert points[0].received_at == datetime(2025, 6, 2, 9, 30, tzinfo=UTC)  # the frozen clock
    with unit_of_work() as uow:
        (tag,) = monitoring_gaps.last_heard(uow.session.connection())
        assert tag["last_point_at"] == datetime(2025, 6, 2, 9, 0, 0, 1, tzinfo=UTC)


def test_a_batch_with_events_without_coordinates_takes_the_row_by_row_check_and_stores_nulls(
    database: Any,
) -> None:
    tagged_order()
    rows = [point("2025-06-02T08:00:00+01:00", None, None, "tamper"), point("2025-06-02T08:01:00+01:00")]
    assert monitoring.fast_columns(rows, monitoring.EARLIEST, datetime(2030, 1, 1, tzinfo=UTC)) is None
    with unit_of_work() as uow:
        monitoring.ingest(uow, rows=rows, actor=OFFICER, source="test")
    assert [(p.latitude, p.longitude, p.event) for p in stored()] == [
        (None, None, "tamper"),
        (53.6, -2.1, "location"),
    ]


def test_the_column_check_and_the_row_by_row_check_agree_on_a_plain_batch(database: Any) -> None:
    rows = [point(f"2025-06-02T08:0{i}:00+01:00", 53.6 + i / 100, -2.1, tag=f"T{i % 2}") for i in range(5)]
    fast = monitoring.parse_columns(rows)
    slow = monitoring.Columns.from_points(monitoring.parse_points(rows))
    assert fast.tag_id == slow.tag_id and fast.at == slow.at and fast.event == slow.event
    assert np.array_equal(fast.epoch_s, slow.epoch_s)
    assert np.array_equal(fast.latitude, slow.latitude) and np.array_equal(fast.longitude, slow.longitude)


def test_unusual_rows_fall_back_to_the_row_by_row_check_and_its_messages(database: Any) -> None:
    latest = datetime(2030, 1, 1, tzinfo=UTC)
    for bad in (
        point("2025-06-02T08:00:00", 53.6, -2.1),  # no offset
        point("2025-06-02T08:00:00+01:00", 91.0, -2.1),  # impossible latitude
        point("2025-06-02T08:00:00+01:00", float("nan"), -2.1),
        point("1999-12-31T23:00:00+00:00"),
        {**point("2025-06-02T08:00:00+01:00"), "event": "jump"},
        {**point("2025-06-02T08:00:00+01:00"), "tag_id": " "},
    ):
        assert monitoring.fast_columns([bad], monitoring.EARLIEST, latest) is None, bad
