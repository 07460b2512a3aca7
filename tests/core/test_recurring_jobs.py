"""Recurring jobs: the next run is queued once however often it is asked for, daily at a London time."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from portcullis.core import jobs
from portcullis.core.db import unit_of_work


def _queued(kind: str) -> int:
    with unit_of_work() as uow:
        query = select(func.count()).select_from(jobs.Job).where(jobs.Job.kind == kind)
        return int(uow.session.scalar(query) or 0)


def test_asking_twice_for_the_next_run_queues_it_once(database, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    later = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
    with unit_of_work() as uow:
        first = jobs.schedule_next(uow, "test.recurring", {"n": 1}, run_at=later, title="Every hour")
    with unit_of_work() as uow:
        second = jobs.schedule_next(uow, "test.recurring", {"n": 2}, run_at=later, title="Every hour")
    assert first is not None and second is None
    assert _queued("test.recurring") == 1


def test_a_run_already_due_does_not_stop_the_next_one_being_queued(database, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
    with unit_of_work() as uow:
        jobs.enqueue(uow, "test.recurring", {}, run_at=now - timedelta(minutes=1), title="Due now")
    with unit_of_work() as uow:
        queued = jobs.schedule_next(uow, "test.recurring", {}, run_at=now + timedelta(hours=1), title="Next")
    assert queued is not None and _queued("test.recurring") == 2


def test_the_daily_run_is_at_seven_london_time_in_summer_and_in_winter() -> None:
    seven = time(7, 0)
    assert jobs.next_daily_run(datetime(2025, 6, 2, 5, 0, tzinfo=UTC), seven) == datetime(
        2025, 6, 2, 6, 0, tzinfo=UTC
    )  # 07:00 BST
    assert jobs.next_daily_run(datetime(2025, 12, 2, 5, 0, tzinfo=UTC), seven) == datetime(
        2025, 12, 2, 7, 0, tzinfo=UTC
    )  # 07:00 GMT


def test_at_or_after_seven_the_daily_run_is_tomorrow_even_across_the_clock_change() -> None:
    seven = time(7, 0)
    assert jobs.next_daily_run(datetime(2025, 6, 2, 6, 0, tzinfo=UTC), seven) == datetime(
        2025, 6, 3, 6, 0, tzinfo=UTC
    )
    # Saturday 25 October 2025 after 07:00 BST; the clocks go back on Sunday, so Sunday's 07:00 is GMT.
    assert jobs.next_daily_run(datetime(2025, 10, 25, 12, 0, tzinfo=UTC), seven) == datetime(
        2025, 10, 26, 7, 0, tzinfo=UTC
    )
