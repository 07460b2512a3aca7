"""The daily run of the overdue-reporting alerts, as a job in the core job queue.

Each run first queues the next one (07:00 London time the next day), then emails sponsors about reporting
duties past their due date. Queuing the next run first means a run that fails, even for good, does not
break the daily chain; `schedule_daily` queues nothing when a future run is already waiting, so a run
repeated by the queue (at-least-once delivery) or a second `schedule` call never doubles the chain, and
`send_overdue_alerts` sends each duty's alert once. Start the chain once with
`portcullis employers overdue-alerts --schedule` (the demo loader does it too)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from portcullis.core import clock, jobs
from portcullis.core.db import UnitOfWork, unit_of_work

OVERDUE_ALERTS = "employers.overdue_alerts"
DAILY_AT = time(7, 0)  # London time: before sponsors' working day starts


def next_run(after: datetime) -> datetime:
    """The first DAILY_AT in London strictly after `after` (aware), in UTC."""
    return jobs.next_daily_run(after, DAILY_AT)


def schedule_daily(uow: UnitOfWork) -> jobs.Job | None:
    """Queue the next daily run unless a run is already waiting; returns the job queued, if any."""
    return jobs.schedule_next(
        uow,
        OVERDUE_ALERTS,
        {"daily": True},
        run_at=next_run(clock.now()),
        title="Email sponsors about overdue reporting duties (daily)",
    )


def enqueue_once(uow: UnitOfWork, *, on: date) -> jobs.Job:
    """A single run for a given date, now (not part of the daily chain)."""
    return jobs.enqueue(
        uow,
        OVERDUE_ALERTS,
        {"on": on.isoformat(), "daily": False},
        title=f"Email sponsors about reporting duties overdue on {on.isoformat()}",
    )


@jobs.handler(OVERDUE_ALERTS)
def run_overdue_alerts(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    from portcullis.employers import certificates

    try:
        on = date.fromisoformat(str(payload["on"])) if payload.get("on") else clock.today_in_london()
    except ValueError:
        raise jobs.PermanentError("payload.on: must be a date like 2025-06-03") from None
    if payload.get("daily"):
        with unit_of_work() as uow:
            schedule_daily(uow)
    with unit_of_work() as uow:
        total = len(certificates.overdue_duties(uow.session, on=on))
        progress.update(0, total, "checking overdue reporting duties")
        done = {"n": 0}

        def advance(n: int) -> None:
            done["n"] += n
            progress.update(done["n"], total, f"{done['n']} of {total} overdue duties checked")

        sent = certificates.send_overdue_alerts(uow, on=on, progress=advance)
    return {"on": on.isoformat(), "overdue": total, "alerts_sent": sent}
