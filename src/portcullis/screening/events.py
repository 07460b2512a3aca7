"""Background work for screening: the re-screening job, queued when a list changes (a few minutes later,
so that a burst of changes is screened in one run) or on demand."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from portcullis.core import clock, jobs
from portcullis.core.db import UnitOfWork

RESCREEN_JOB = "screening.rescreen"
BATCH_DELAY = timedelta(minutes=5)


@jobs.handler(RESCREEN_JOB)
def run_rescreen(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    from portcullis.screening import rescreen

    def report(done: int, total: int) -> None:
        progress.update(done, total, f"chunk {done} of {total}")

    summary = rescreen.rescreen(
        backend=str(payload.get("backend", "duckdb")),
        scope=str(payload.get("scope", "changed")),
        chunks=int(payload.get("chunks", 4)),
        progress=report,
    )
    return summary.as_dict()


def schedule_rescreen(uow: UnitOfWork) -> None:
    """Queue a re-screening of the changed entries unless one is already waiting."""
    waiting = uow.session.scalar(
        select(jobs.Job.id).where(jobs.Job.kind == RESCREEN_JOB, jobs.Job.status == jobs.JobStatus.QUEUED)
    )
    if waiting is None:
        jobs.enqueue(
            uow,
            RESCREEN_JOB,
            {"scope": "changed", "backend": "duckdb"},
            run_at=clock.now() + BATCH_DELAY,
            title="Re-screen records against changed list entries",
        )
