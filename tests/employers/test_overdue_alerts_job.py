"""The overdue-reporting alerts run every day at 07:00 London time as a job in the core queue: each run
emails sponsors about duties past their due date (once each) and queues the next day's run."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from portcullis.core import jobs
from portcullis.core.db import unit_of_work
from portcullis.core.notify import OutboxMessage
from portcullis.employers import certificates, scheduled
from portcullis.employers.cli import app

from .form_helpers import count
from .helpers import OFFICER, licensed_sponsor

pytestmark = pytest.mark.usefixtures("database")


def _queued() -> list[jobs.Job]:
    with unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(jobs.Job).where(
                    jobs.Job.kind == scheduled.OVERDUE_ALERTS, jobs.Job.status == jobs.JobStatus.QUEUED
                )
            )
        )


def _overdue_change() -> None:
    _, _, licence_id = licensed_sponsor(contact_email="ao@brightcare.example.com")
    with unit_of_work() as uow:
        certificates.record_change(
            uow,
            licence_id=licence_id,
            kind="organisation",
            change="New trading address",
            occurred_on=date(2025, 5, 1),
            actor=OFFICER,
        )  # due 2 June 2025 (20 working days): overdue from 3 June


def test_the_daily_run_is_scheduled_once_for_7am_london_time() -> None:
    first = CliRunner().invoke(app, ["overdue-alerts", "--schedule", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["run_at"] == "2025-06-03T06:00:00+00:00"  # 07:00 BST
    again = CliRunner().invoke(app, ["overdue-alerts", "--schedule", "--json"])
    assert json.loads(again.stdout)["scheduled"] is False
    assert len(_queued()) == 1


def test_each_daily_run_emails_overdue_sponsors_once_and_queues_the_next_day(frozen_clock) -> None:  # type: ignore[no-untyped-def]
    _overdue_change()
    with unit_of_work() as uow:
        scheduled.schedule_daily(uow)
    assert jobs.run_pending() == 0  # not due before 07:00
    frozen_clock.set(datetime(2025, 6, 3, 6, 0, tzinfo=UTC))
    assert jobs.run_pending() == 1
    with unit_of_work() as uow:
        done = uow.session.scalar(select(jobs.Job).where(jobs.Job.status == jobs.JobStatus.SUCCEEDED))
        assert done is not None and done.result == {"on": "2025-06-03", "overdue": 1, "alerts_sent": 1}
    assert count(OutboxMessage, OutboxMessage.to == "ao@brightcare.example.com") == 1
    assert [j.run_at for j in _queued()] == [datetime(2025, 6, 4, 6, 0, tzinfo=UTC)]
    frozen_clock.set(datetime(2025, 6, 4, 6, 0, tzinfo=UTC))
    assert jobs.run_pending() == 1
    assert count(OutboxMessage) == 1  # the same duty is not emailed twice
    assert [j.run_at for j in _queued()] == [datetime(2025, 6, 5, 6, 0, tzinfo=UTC)]


def test_a_run_delivered_twice_does_not_double_the_daily_chain() -> None:
    _overdue_change()
    for _ in range(2):  # the queue delivers at least once: a handler may run again
        result = scheduled.run_overdue_alerts({"daily": True, "on": "2025-06-03"}, jobs.Progress())
    assert result["alerts_sent"] == 0  # sent by the first run
    assert len(_queued()) == 1
    assert count(OutboxMessage) == 1


def test_a_run_with_a_bad_date_fails_for_good_naming_the_field() -> None:
    with pytest.raises(jobs.PermanentError, match=r"payload\.on"):
        scheduled.run_overdue_alerts({"on": "3 June"}, jobs.Progress())


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (datetime(2025, 10, 25, 12, 0, tzinfo=UTC), datetime(2025, 10, 26, 7, 0, tzinfo=UTC)),  # BST ends
        (datetime(2025, 10, 24, 12, 0, tzinfo=UTC), datetime(2025, 10, 25, 6, 0, tzinfo=UTC)),  # still BST
        (datetime(2026, 3, 28, 12, 0, tzinfo=UTC), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),  # BST starts
        (datetime(2025, 6, 3, 5, 59, tzinfo=UTC), datetime(2025, 6, 3, 6, 0, tzinfo=UTC)),  # later that day
    ],
)
def test_the_next_run_is_7am_in_london_on_each_side_of_a_clock_change(
    after: datetime, expected: datetime
) -> None:
    assert scheduled.next_run(after) == expected
