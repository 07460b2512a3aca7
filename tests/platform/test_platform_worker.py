"""Workers: the heartbeat keeps a long job's lease, concurrent workers never run a job twice (SQLite and,
when DATABASE_URL is PostgreSQL, SKIP LOCKED with many threads), the `portcullis worker` command, the embedded
worker and failed event handlers retried as jobs."""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from portcullis.core import clock, event_retry, events, jobs, worker
from portcullis.core.db import unit_of_work
from portcullis.core.settings import Settings

RAN: Counter[str] = Counter()
RAN_LOCK = threading.Lock()


@jobs.handler("tests.count")
def count(payload: dict[str, Any], progress: jobs.Progress) -> None:
    with RAN_LOCK:
        RAN[payload["n"]] += 1
    time.sleep(0.002)


@jobs.handler("tests.long")
def long_job(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    fc = clock.get_clock()
    assert isinstance(fc, clock.FrozenClock)
    for step in range(3):
        fc.advance(jobs.LEASE / 2)  # in all, longer than one lease
        progress.update(step + 1, 3, f"step {step + 1}")
        time.sleep(0.15)  # the heartbeat (every 0.05 s here) renews the lease from the moved clock
    return {"stolen": jobs.claim("worker-thief") is not None}


@pytest.fixture(autouse=True)
def _reset(monkeypatch: pytest.MonkeyPatch) -> None:
    RAN.clear()
    monkeypatch.setattr(jobs, "HEARTBEAT_SECONDS", 0.05)
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0.0)


def test_the_heartbeat_keeps_a_long_jobs_lease_so_no_other_worker_takes_it(database) -> None:
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.long", {})
    assert jobs.run_pending() == 1
    with unit_of_work() as uow:
        done = jobs.get(uow, job.id)
        assert done is not None and done.status == "succeeded"
        assert done.result == {"stolen": False} and done.attempts == 1
        assert (done.progress_done, done.progress_total, done.progress_message) == (3, 3, "step 3")


def _enqueue_many(n: int) -> None:
    with unit_of_work() as uow:
        for i in range(n):
            jobs.enqueue(uow, "tests.count", {"n": str(i)})


def _statuses() -> Counter[str]:
    with unit_of_work() as uow:
        return Counter(uow.session.scalars(select(jobs.Job.status)))


def test_two_workers_on_one_database_never_run_the_same_job(database) -> None:
    _enqueue_many(60)
    workers = [worker.Worker(concurrency=4, poll_interval=0.05) for _ in range(2)]
    for w in workers:
        w.start(once=True)
    for w in workers:
        w.join(60)
    assert sum(w.ran for w in workers) == 60
    assert len(RAN) == 60 and set(RAN.values()) == {1}
    assert _statuses() == Counter({"succeeded": 60})


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="needs PostgreSQL (set DATABASE_URL) for SKIP LOCKED with concurrent workers",
)
def test_on_postgresql_many_concurrent_workers_share_jobs_without_running_one_twice(database) -> None:
    _enqueue_many(300)
    workers = [worker.Worker(concurrency=6, poll_interval=0.05) for _ in range(2)]
    assert all(w.concurrency == 6 for w in workers)
    for w in workers:
        w.start(once=True)
    for w in workers:
        w.join(120)
    assert len(RAN) == 300 and set(RAN.values()) == {1}
    assert _statuses() == Counter({"succeeded": 300})
    assert all(w.ran > 0 for w in workers)  # both took a share


def test_the_worker_command_runs_due_jobs_once_and_exits(database) -> None:
    from portcullis.cli import app

    _enqueue_many(3)
    result = CliRunner().invoke(app, ["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "tests.count" in result.output and "succeeded" in result.output
    assert "Worker stopped after 3 jobs." in result.output
    assert _statuses() == Counter({"succeeded": 3})


def test_the_jobs_commands_list_show_and_retry(database, frozen_clock) -> None:
    from portcullis.cli import app

    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.nobody-handles-this", {}, max_attempts=1)
    jobs.run_pending()
    runner = CliRunner()
    listed = runner.invoke(app, ["jobs", "list"])
    assert listed.exit_code == 0 and job.id in listed.output and "dead" in listed.output
    shown = runner.invoke(app, ["jobs", "show", job.id, "--json"])
    assert shown.exit_code == 0 and '"status": "dead"' in shown.output
    retried = runner.invoke(app, ["jobs", "retry", job.id])
    assert retried.exit_code == 0 and _statuses() == Counter({"queued": 1})
    again = runner.invoke(app, ["jobs", "retry", job.id])
    assert again.exit_code == 1 and "only failed or dead jobs can be retried" in again.output
    assert runner.invoke(app, ["jobs", "show", "nope"]).exit_code == 1


def test_the_embedded_worker_runs_jobs_in_the_background(database) -> None:
    runner = worker.start_embedded()
    try:
        assert worker.start_embedded() is runner  # started once
        _enqueue_many(2)  # enqueue wakes the worker after commit
        deadline = time.monotonic() + 10
        while _statuses() != Counter({"succeeded": 2}) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _statuses() == Counter({"succeeded": 2})
    finally:
        worker.stop_embedded()
    assert not runner.alive


def test_the_embedded_worker_is_on_by_default_only_in_development() -> None:
    assert Settings(environment="development").embedded_worker is True
    assert Settings(environment="test").embedded_worker is False
    assert Settings(environment="test", embedded_worker=True).embedded_worker is True


# --- failed event handlers are retried as jobs ---


class Colour:
    pass


@dataclass(frozen=True)
class ThingHappened(events.DomainEvent):
    thing_id: str
    on: date
    amount: Decimal
    tags: tuple[str, ...]
    extra: dict[str, Any]


HANDLED: list[ThingHappened] = []
FAILURES = {"left": 0}


@events.subscribe(ThingHappened)
def fragile_handler(event: ThingHappened) -> None:
    if FAILURES["left"] > 0:
        FAILURES["left"] -= 1
        raise RuntimeError("the other system is down")
    HANDLED.append(event)


def test_a_failed_event_handler_is_retried_as_a_job_with_the_same_event(database, frozen_clock) -> None:
    HANDLED.clear()
    FAILURES["left"] = 1
    event = ThingHappened("t-1", date(2025, 4, 9), Decimal("16.00"), ("a", "b"), {"k": [1, 2]})
    with unit_of_work() as uow:
        uow.publish(event)
    assert HANDLED == []
    with unit_of_work() as uow:
        [job] = uow.session.scalars(select(jobs.Job))
        assert job.kind == "events.retry" and "fragile_handler" in job.title
    assert jobs.run_pending() == 0  # the retry waits for the first backoff
    frozen_clock.advance(timedelta(seconds=10))
    assert jobs.run_pending() == 1
    assert [event] == HANDLED


def test_a_stored_retry_only_calls_a_handler_still_subscribed_to_the_event(database) -> None:
    payload = event_retry.payload_for(
        fragile_handler, ThingHappened("t", date(2025, 1, 1), Decimal(1), (), {})
    )
    payload["handler"] = "os:getcwd"
    with unit_of_work() as uow:
        job = jobs.enqueue(uow, event_retry.KIND, payload)
    jobs.run_pending()
    with unit_of_work() as uow:
        dead = jobs.get(uow, job.id)
        assert dead is not None and dead.status == "dead"
        assert "no longer subscribed" in (dead.last_error or "")


def test_an_event_value_that_cannot_be_stored_is_refused_clearly() -> None:
    with pytest.raises(event_retry.CodecError, match=r"cannot store a Colour"):
        event_retry.encode(Colour())


SLOW_DONE: list[str] = []


@jobs.handler("tests.slow")
def slow(payload: dict[str, Any], progress: jobs.Progress) -> None:
    time.sleep(0.5)
    SLOW_DONE.append(payload["name"])


def test_sigterm_lets_the_running_job_finish_then_stops_the_worker_command(database) -> None:
    import signal

    from portcullis.cli import app

    SLOW_DONE.clear()
    with unit_of_work() as uow:
        first = jobs.enqueue(uow, "tests.slow", {"name": "first"})
        jobs.enqueue(uow, "tests.slow", {"name": "second"})

    def terminate_once_running() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with unit_of_work() as uow:
                job = jobs.get(uow, first.id)
                if job is not None and job.status == "running":
                    os.kill(os.getpid(), signal.SIGTERM)  # the command's handler is installed by now
                    return
            time.sleep(0.02)

    killer = threading.Thread(target=terminate_once_running)
    killer.start()
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(app, ["worker", "--poll", "0.1"])
    killer.join()
    assert result.exit_code == 0, result.output
    assert "SIGTERM: finishing running jobs, then stopping." in result.output
    assert SLOW_DONE == ["first"]  # the running job finished; the next was not started
    assert _statuses() == Counter({"succeeded": 1, "queued": 1})
    assert signal.getsignal(signal.SIGTERM) is before  # the command restores the handler


def test_the_test_email_command_writes_to_the_outbox(database) -> None:
    from portcullis.cli import app
    from portcullis.core.notify import OutboxMessage

    result = CliRunner().invoke(app, ["notify", "test-email", "--to", "ops@example.gov.uk", "--name", "Ops"])
    assert result.exit_code == 0, result.output
    assert "is held in the outbox" in result.output
    with unit_of_work() as uow:
        [message] = uow.session.scalars(select(OutboxMessage))
        assert message.to == "ops@example.gov.uk" and "Hello Ops" in message.body
    bad = CliRunner().invoke(app, ["notify", "test-email", "--to", "nobody"])
    assert bad.exit_code == 1 and "to: enter an email address" in bad.output


def test_the_app_starts_and_stops_the_embedded_worker_when_the_setting_is_on(database, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from portcullis.app import create_app
    from portcullis.core.settings import get_settings

    monkeypatch.setenv("PORTCULLIS_EMBEDDED_WORKER", "true")
    get_settings.cache_clear()
    try:
        with TestClient(create_app()):
            running = worker.embedded()
            assert running is not None and running.alive
        assert worker.embedded() is None and not running.alive
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    with TestClient(create_app()):
        assert worker.embedded() is None  # off in the test environment


def test_jobs_watch_shows_progress_until_the_job_finishes(database) -> None:
    from portcullis.cli import app

    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.long-counting", {}, title="Counting")
    runner_thread = threading.Thread(target=jobs.run_pending)
    runner_thread.start()
    result = CliRunner().invoke(app, ["jobs", "watch", job.id, "--interval", "0.1"])
    runner_thread.join()
    assert result.exit_code == 0, result.output
    assert "Counting" in result.output and "succeeded" in result.output and "4/4" in result.output


@jobs.handler("tests.long-counting")
def long_counting(payload: dict[str, Any], progress: jobs.Progress) -> None:
    for n in range(1, 5):
        progress.update(n, 4, f"counted {n}")
        time.sleep(0.05)


def test_jobs_watch_exits_non_zero_for_a_dead_job(database) -> None:
    from portcullis.cli import app

    with unit_of_work() as uow:
        job = jobs.enqueue(uow, "tests.nobody-handles-this", {}, max_attempts=1)
    jobs.run_pending()
    result = CliRunner().invoke(app, ["jobs", "watch", job.id])
    assert result.exit_code == 1 and "the job died: LookupError: no handler registered" in result.output
