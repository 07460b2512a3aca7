"""The job status page and API: the owner or an admin sees progress; nobody else learns the job exists."""

from __future__ import annotations

from typing import Any

from portcullis.core import jobs
from portcullis.core.db import unit_of_work


@jobs.handler("tests.page-fails")
def fails(payload: dict[str, Any], progress: jobs.Progress) -> None:
    raise ValueError("the import file has no header row")


def _job(owner_id: str | None, **fields: Any) -> str:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.page", {}, owner_id=owner_id, title="Import the watchlist")
        for name, value in fields.items():
            setattr(job, name, value)
        return job.id


def test_the_owner_sees_a_running_jobs_progress_bar_and_may_have_the_page_refresh_itself(
    client, sign_in
) -> None:
    me = sign_in(["caseworker"])
    job_id = _job(
        me.user_id, status="running", progress_done=40, progress_total=160, progress_message="Screening names"
    )
    page = client.get(f"/jobs/{job_id}")
    assert page.status_code == 200
    assert '<progress id="job-progress" max="160" value="40">25%</progress>' in page.text
    assert '<label class="govuk-label" for="job-progress">Progress: Screening names</label>' in page.text
    assert "govuk-summary-list" in page.text and "Import the watchlist" in page.text
    assert 'http-equiv="refresh"' not in page.text  # only when the user asks (WCAG 2.2.1)
    assert f'href="/jobs/{job_id}?refresh=on"' in page.text
    refreshing = client.get(f"/jobs/{job_id}?refresh=on")
    assert '<meta http-equiv="refresh" content="3">' in refreshing.text
    assert "Stop updating this page" in refreshing.text


def test_a_finished_job_page_does_not_refresh(client, sign_in) -> None:
    me = sign_in(["caseworker"])
    job_id = _job(me.user_id, status="succeeded", result={"matched": 3})
    page = client.get(f"/jobs/{job_id}")
    assert 'http-equiv="refresh"' not in page.text and "matched" in page.text


def test_someone_elses_job_is_not_found_but_an_admin_sees_every_job(client, sign_in) -> None:
    job_id = _job("somebody-else")
    sign_in(["caseworker"])
    assert client.get(f"/jobs/{job_id}").status_code == 404
    assert client.get(f"/api/v1/jobs/{job_id}").status_code == 404
    assert client.get("/jobs").status_code == 403
    sign_in(["admin"])
    assert client.get(f"/jobs/{job_id}").status_code == 200
    listing = client.get("/jobs")
    assert listing.status_code == 200 and f"/jobs/{job_id}" in listing.text and "<caption" in listing.text


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:
    job_id = _job(None)
    answer = client.get(f"/jobs/{job_id}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")
    assert client.get(f"/api/v1/jobs/{job_id}").status_code == 401


def test_an_api_client_asking_for_an_unknown_job_gets_a_clear_404(api_client) -> None:
    carrier = api_client(["carrier"])
    me = carrier.get("/api/v1/jobs/none")
    assert me.status_code == 404 and me.json()["detail"].startswith("No job none")


def test_the_api_shows_the_owner_the_reason_for_a_failure_but_not_the_traceback(client, sign_in) -> None:
    me = sign_in(["caseworker"])
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.page-fails", {}, owner_id=me.user_id, max_attempts=1)
    jobs.run_pending()
    data = client.get(f"/api/v1/jobs/{job.id}").json()
    assert data["status"] == "dead" and data["attempts"] == 1
    assert data["last_error"] == "ValueError: the import file has no header row"
    assert data["progress"] == {"done": 0, "total": None, "message": "", "percent": None}
    page = client.get(f"/jobs/{job.id}")
    assert "the import file has no header row" in page.text and "Traceback" not in page.text


def test_an_admin_can_retry_a_dead_job(client, sign_in) -> None:
    sign_in(["admin"])
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.page-fails", {}, max_attempts=1)
    jobs.run_pending()
    page = client.get(f"/jobs/{job.id}")
    assert "Retry now" in page.text and "Traceback" in page.text
    answer = client.post(f"/jobs/{job.id}/retry", follow_redirects=False)
    assert answer.status_code == 303
    assert client.get(f"/api/v1/jobs/{job.id}").json()["status"] == "queued"


def test_retrying_a_job_that_has_not_failed_is_refused(client, sign_in) -> None:
    sign_in(["admin"])
    job_id = _job(None)
    answer = client.post(f"/jobs/{job_id}/retry", follow_redirects=False)
    assert answer.status_code == 409 and "only failed or dead jobs can be retried" in answer.text
