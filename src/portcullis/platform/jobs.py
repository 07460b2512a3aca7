"""Platform job handlers: housekeeping of the job queue itself."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete

from portcullis.core import clock, jobs
from portcullis.core.db import unit_of_work
from portcullis.core.jobs import Job

PURGE_KIND = "jobs.purge"


@jobs.handler(PURGE_KIND)
def purge(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    """Housekeeping job: delete succeeded jobs that finished more than `days` days ago (default 30).
    Failed and dead jobs stay until someone has looked at them."""
    days = payload.get("days", 30)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise jobs.PermanentError("payload.days: must be a whole number of days, at least 1")
    cutoff = clock.now() - timedelta(days=days)
    with unit_of_work() as uow:
        deleted = uow.session.execute(
            delete(Job).where(Job.status == jobs.JobStatus.SUCCEEDED, Job.finished_at < cutoff)
        ).rowcount  # type: ignore[attr-defined]
    progress.update(1, 1, f"deleted {deleted} finished jobs")
    return {"deleted": int(deleted or 0), "finished_before": cutoff.isoformat()}
