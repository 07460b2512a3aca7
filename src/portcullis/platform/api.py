"""The jobs API: a job's status and progress as JSON, for the job's owner or an administrator."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from portcullis.core import access, jobs
from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work
from portcullis.platform.pages import may_see_job

router = APIRouter(prefix="/api/v1", tags=["jobs"])


@router.get("/jobs/{job_id}")
def job_status(job_id: str, principal: Principal = Depends(access.signed_in())) -> dict[str, Any]:
    """Status, attempts, progress (done, total, percent, message), result and last error of one job."""
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        if job is None or not may_see_job(principal, job):
            raise HTTPException(status_code=404, detail=f"No job {job_id} that you may see")
        data = job.as_dict()
    if not principal.can("admin.jobs"):
        data["last_error"] = _first_line(data["last_error"])  # owners get the reason, not the traceback
    return data


def _first_line(text: str | None) -> str | None:
    return text.splitlines()[0] if text else text
