"""The database job queue: enqueue in the caller's transaction, run, retry with backoff, die, and survive a
worker that dies mid-job."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from portcullis.core import clock, jobs
from portcullis.core.db import unit_of_work
from portcullis.platform import jobs as platform_jobs

CALLS: list[dict[str, Any]] = []


@jobs.handler("tests.echo")
def echo(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    CALLS.append(payload)
    progress.update(3, 3, "all done")
    return {"echo": payload["word"]}


@jobs.handler("tests.flaky")
def flaky(payload: dict[str, Any], progress: jobs.Progress) -> None:
    CALLS.append(payload)
    if len(CALLS) < payload["succeed_on"]:
        raise RuntimeError(f"flaky failure {len(CALLS)}")


@jobs.handler("tests.permanent")
def permanent(payload: dict[str, Any], progress: jobs.Progress) -> None:
    raise jobs.PermanentError("the record is gone")


@pytest.fixture(autouse=True)
def _reset() -> None:
    CALLS.clear()


def _job(job_id: str) -> jobs.Job:
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        assert job is not None
        return job


def test_a_queued_job_runs_once_its_transaction_commits_and_records_result_and_progress(database) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.echo", {"word": "hello"}, owner_id="u1", title="Echo")
    assert jobs.run_pending() == 1
    done = _job(job.id)
    assert done.status == "succeeded"
    assert done.result == {"echo": "hello"}
    assert (done.progress_done, done.progress_total, done.progress_message) == (3, 3, "all done")
    assert done.attempts == 1 and done.finished_at is not None and done.locked_by is None
    assert jobs.run_pending() == 0


def test_a_job_enqueued_in_a_rolled_back_unit_of_work_never_exists(database) -> None:
    with pytest.raises(RuntimeError), unit_of_work() as uow:
        jobs.enqueue(uow, "tests.echo", {"word": "lost"})
        raise RuntimeError("the change failed")
    assert jobs.run_pending() == 0
    assert CALLS == []


def test_a_job_scheduled_for_later_waits_until_it_is_due(database, frozen_clock) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.echo", {"word": "later"}, run_at=clock.now() + timedelta(minutes=5))
    assert jobs.run_pending() == 0
    frozen_clock.advance(timedelta(minutes=5))
    assert jobs.run_pending() == 1
    assert _job(job.id).status == "succeeded"


def test_a_failing_job_is_retried_with_exponential_backoff_then_succeeds(database, frozen_clock) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.flaky", {"succeed_on": 3})
    assert jobs.run_pending() == 1
    first = _job(job.id)
    assert first.status == "failed" and "flaky failure 1" in (first.last_error or "")
    assert first.run_at == clock.now() + timedelta(seconds=10)
    frozen_clock.advance(timedelta(seconds=9))
    assert jobs.run_pending() == 0  # not due yet
    frozen_clock.advance(timedelta(seconds=1))
    assert jobs.run_pending() == 1
    assert _job(job.id).run_at == clock.now() + timedelta(seconds=20)
    frozen_clock.advance(timedelta(seconds=20))
    assert jobs.run_pending() == 1
    final = _job(job.id)
    assert final.status == "succeeded" and final.attempts == 3 and final.last_error is None


def test_a_job_that_keeps_failing_is_dead_after_max_attempts(database, frozen_clock) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.flaky", {"succeed_on": 99}, max_attempts=2)
    jobs.run_pending()
    frozen_clock.advance(timedelta(hours=1))
    jobs.run_pending()
    dead = _job(job.id)
    assert dead.status == "dead" and dead.attempts == 2 and dead.finished_at is not None
    frozen_clock.advance(timedelta(days=1))
    assert jobs.run_pending() == 0


def test_a_permanent_error_kills_the_job_without_retrying(database) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.permanent", {})
    jobs.run_pending()
    dead = _job(job.id)
    assert dead.status == "dead" and dead.attempts == 1
    assert "the record is gone" in (dead.last_error or "")


def test_a_job_of_an_unknown_kind_fails_naming_the_kind(database) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.nobody-handles-this", {})
    jobs.run_pending()
    assert "no handler registered for job kind 'tests.nobody-handles-this'" in (_job(job.id).last_error or "")


def test_a_job_whose_worker_died_is_claimed_again_after_its_lease_expires_and_runs(
    database, frozen_clock
) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.echo", {"word": "survivor"})
    # worker A claims the job and then dies: it never runs the handler nor records an outcome
    claimed = jobs.claim("worker-a")
    assert claimed is not None and claimed.id == job.id
    assert _job(job.id).status == "running"
    assert jobs.claim("worker-b") is None  # the lease still holds
    frozen_clock.advance(jobs.LEASE + timedelta(seconds=1))
    assert jobs.run_pending() == 1
    done = _job(job.id)
    assert done.status == "succeeded" and done.attempts == 2 and done.result == {"echo": "survivor"}
    assert CALLS == [{"word": "survivor"}]


def test_a_worker_that_lost_its_lease_cannot_overwrite_the_new_workers_outcome(
    database, frozen_clock
) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.echo", {"word": "twice"})
    slow = jobs.claim("worker-slow")
    assert slow is not None
    frozen_clock.advance(jobs.LEASE + timedelta(seconds=1))
    fast = jobs.claim("worker-fast")
    assert fast is not None and fast.id == job.id
    assert jobs.execute(slow, "worker-slow", heartbeat=False) == "lost"
    assert _job(job.id).status == "running"
    assert jobs.execute(fast, "worker-fast", heartbeat=False) == "succeeded"


def test_a_job_whose_worker_died_on_its_last_attempt_is_dead(database, frozen_clock) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.echo", {"word": "x"}, max_attempts=1)
    assert jobs.claim("worker-a") is not None
    frozen_clock.advance(jobs.LEASE + timedelta(seconds=1))
    with unit_of_work() as uow:
        other = jobs.enqueue(uow, "tests.echo", {"word": "next"})
    assert jobs.run_pending() == 1  # the dead job is set aside and the next due job still runs
    dead = _job(job.id)
    assert dead.status == "dead" and "lease expired" in (dead.last_error or "")
    assert _job(other.id).status == "succeeded"


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"when": clock.now()}, "payload"), ({"n": float("nan")}, "payload")],
)
def test_enqueue_refuses_a_payload_that_is_not_json(database, payload: dict[str, Any], field: str) -> None:
    with pytest.raises(jobs.JobError, match=rf"^{field}:"), unit_of_work() as uow:
        jobs.enqueue(uow, "tests.echo", payload)


def test_enqueue_refuses_zero_attempts_and_naive_times(database) -> None:
    from datetime import datetime

    with pytest.raises(jobs.JobError, match=r"^max_attempts:"), unit_of_work() as uow:
        jobs.enqueue(uow, "tests.echo", {}, max_attempts=0)
    with pytest.raises(jobs.JobError, match=r"^run_at:"), unit_of_work() as uow:
        jobs.enqueue(uow, "tests.echo", {}, run_at=datetime(2025, 1, 1))


def test_backoff_doubles_from_ten_seconds_up_to_an_hour() -> None:
    assert [jobs.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [10, 20, 40, 80]
    assert jobs.backoff(30) == timedelta(hours=1)


def test_progress_without_a_job_keeps_figures_in_memory() -> None:
    progress = jobs.Progress()
    progress.update(5, 10, "halfway")
    assert (progress.done, progress.total, progress.message) == (5, 10, "halfway")
    assert progress.flush() is True


def test_the_purge_job_deletes_only_succeeded_jobs_older_than_the_cutoff(database, frozen_clock) -> None:
    with unit_of_work() as uow:
        old = jobs.enqueue(uow, "tests.echo", {"word": "old"})
        broken = jobs.enqueue(uow, "tests.permanent", {})
    jobs.run_pending()
    frozen_clock.advance(timedelta(days=31))
    with unit_of_work() as uow:
        recent = jobs.enqueue(uow, "tests.echo", {"word": "recent"})
    jobs.run_pending()
    with unit_of_work() as uow:
        purge = jobs.enqueue(uow, platform_jobs.PURGE_KIND, {"days": 30})
    jobs.run_pending()
    with unit_of_work() as uow:
        assert jobs.get(uow, old.id) is None
        assert jobs.get(uow, broken.id) is not None and jobs.get(uow, recent.id) is not None
        done = jobs.get(uow, purge.id)
        assert done is not None and done.result is not None and done.result["deleted"] == 1


def test_the_purge_job_refuses_a_bad_number_of_days(database) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, platform_jobs.PURGE_KIND, {"days": "thirty"})
    jobs.run_pending()
    dead = _job(job.id)
    assert dead.status == "dead" and "payload.days" in (dead.last_error or "")


def test_the_demo_data_puts_an_email_in_the_outbox_and_a_job_on_the_queue(database, make_user) -> None:
    import io

    from rich.console import Console
    from sqlalchemy import func, select

    from portcullis.core.notify import OutboxMessage
    from portcullis.platform import demo

    admin = make_user(["admin"], email=demo.ADMIN_EMAIL)
    with unit_of_work() as uow:
        demo.load(uow, Console(file=io.StringIO()))
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
        [job] = uow.session.scalars(select(jobs.Job))
        assert job.kind == platform_jobs.PURGE_KIND and job.owner_id == admin.id
