"""A job queue in the database: work that runs after the request, survives restarts and is retried.

    @jobs.handler("screening.rescreen")
    def rescreen(payload: dict, progress: jobs.Progress) -> dict | None: ...

    jobs.enqueue(uow, "screening.rescreen", {"list": "sanctions"}, owner_id=user_id, title="Re-screen")

A job is written in the caller's transaction, so it exists only if the change that asked for it commits.
Workers claim due jobs with a lease (`locked_until`) that a heartbeat extends while the handler runs; if a
worker dies the lease runs out and another worker claims the job again, so work is retried, never lost.
Claims use `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL (many workers) and an atomic conditional
UPDATE on SQLite (one writer at a time). Failures back off exponentially; after `max_attempts` a job is
dead and stays visible on /jobs with its last error. Handlers may therefore run more than once: make them
idempotent (at-least-once delivery)."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from typing import Any

from sqlalchemy import and_, or_, select, update

from portcullis.core import clock
from portcullis.core.db import UnitOfWork, get_engine, new_id, unit_of_work
from portcullis.core.job_models import FINISHED as FINISHED  # re-exported: callers use jobs.Job
from portcullis.core.job_models import Job as Job
from portcullis.core.job_models import JobStatus as JobStatus

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)  # a running job's lease; the heartbeat renews it well before it runs out
HEARTBEAT_SECONDS = 15.0
BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_CAP = timedelta(hours=1)
PROGRESS_INTERVAL = 0.5  # seconds between progress writes (throttle)


class JobError(ValueError):
    """Bad input to enqueue(); the message names the field."""


class PermanentError(Exception):
    """Raise from a handler when retrying cannot help (bad payload, record gone): the job goes dead now."""


Handler = Callable[[dict[str, Any], "Progress"], "dict[str, Any] | None"]
_handlers: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Decorator registering the function that runs jobs of this kind."""
    if not kind or len(kind) > 100:
        raise JobError("kind: give a name of 1 to 100 characters, e.g. 'screening.rescreen'")

    def register(fn: Handler) -> Handler:
        existing = _handlers.get(kind)
        if existing is not None and _qualname(existing) != _qualname(fn):
            raise JobError(f"kind: {kind!r} already has a handler ({_qualname(existing)})")
        _handlers[kind] = fn
        return fn

    return register


def registered_kinds() -> list[str]:
    return sorted(_handlers)


def _qualname(fn: Any) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', '?')}"


def enqueue(
    uow: UnitOfWork,
    kind: str,
    payload: dict[str, Any],
    *,
    run_at: datetime | None = None,
    max_attempts: int = 5,
    owner_id: str | None = None,
    title: str = "",
) -> Job:
    """Add a job in the caller's transaction; workers see it once the transaction commits."""
    if not kind or len(kind) > 100:
        raise JobError("kind: give a name of 1 to 100 characters")
    if not isinstance(payload, dict):
        raise JobError("payload: must be a dict of JSON values")
    try:
        json.dumps(payload, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise JobError(
            f"payload: must hold only JSON values (strings, numbers, lists, dicts): {exc}"
        ) from None
    if max_attempts < 1:
        raise JobError("max_attempts: must be at least 1")
    if run_at is not None and run_at.tzinfo is None:
        raise JobError("run_at: must be timezone-aware (use clock.now())")
    if len(title) > 200:
        raise JobError("title: must be at most 200 characters")
    now = clock.now()
    job = Job(
        id=new_id(),  # set here, not at flush, so many enqueues are sent in one batched INSERT
        created_at=now,
        updated_at=now,
        kind=kind,
        payload=payload,
        run_at=run_at or now,
        max_attempts=max_attempts,
        owner_id=owner_id,
        title=title or kind,
        status=JobStatus.QUEUED,
        attempts=0,
        progress_done=0,
        progress_message="",
    )
    uow.session.add(job)
    uow.after_commit(wake_workers)
    return job


def schedule_next(
    uow: UnitOfWork, kind: str, payload: dict[str, Any], *, run_at: datetime, title: str
) -> Job | None:
    """Queue the next run of a recurring job unless one is already waiting, so the chain never doubles.
    Returns the job queued, or None when a run was already waiting."""
    waiting = uow.session.scalar(
        select(Job.id).where(Job.kind == kind, Job.status == JobStatus.QUEUED, Job.run_at > clock.now())
    )
    if waiting is not None:
        return None
    return enqueue(uow, kind, payload, run_at=run_at, title=title)


def next_daily_run(after: datetime, at: dt_time) -> datetime:
    """The first `at` (London wall-clock time) strictly after `after`, in UTC; right across clock changes."""
    local = after.astimezone(clock.LONDON)
    candidate = datetime.combine(local.date(), at, tzinfo=clock.LONDON)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=clock.LONDON)
    return candidate.astimezone(UTC)


def get(uow: UnitOfWork, job_id: str) -> Job | None:
    return uow.session.get(Job, job_id)


# Workers in this process wait on this; enqueue() sets it after commit so new jobs start at once.
_wake = threading.Event()


def wake_workers() -> None:
    _wake.set()


def wait_for_work(timeout: float) -> None:
    _wake.wait(timeout)
    _wake.clear()


class Progress:
    """A handler reports how far it has got. `update()` is cheap: it records the figures in memory and
    they are written to the job row at most every PROGRESS_INTERVAL seconds (by the heartbeat thread when
    the worker runs one, else directly), so a handler never waits on the database to report progress.
    `Progress()` without a job id (e.g. calling a handler in a test) keeps the figures in memory only."""

    def __init__(self, job_id: str | None = None, worker_id: str | None = None) -> None:
        self.job_id = job_id
        self.worker_id = worker_id
        self.done = 0
        self.total: int | None = None
        self.message = ""
        self._lock = threading.Lock()
        self._last_write = 0.0
        self._signal: threading.Event | None = None  # set by the heartbeat thread

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        with self._lock:
            self.done = int(done)
            if total is not None:
                self.total = int(total)
            self.message = message[:500]
            due = time.monotonic() - self._last_write >= PROGRESS_INTERVAL
            finished = self.total is not None and self.done >= self.total
        if not (due or finished):
            return
        if self._signal is not None:
            self._signal.set()
        else:
            self.flush()

    def flush(self) -> bool:
        """Write the latest figures and renew the lease. False if this worker no longer holds the job."""
        if self.job_id is None:
            return True
        with self._lock:
            values: dict[str, Any] = {
                "progress_done": self.done,
                "progress_total": self.total,
                "progress_message": self.message,
            }
            self._last_write = time.monotonic()
        return _renew(self.job_id, self.worker_id, values)


def _renew(job_id: str, worker_id: str | None, values: dict[str, Any]) -> bool:
    now = clock.now()
    conditions = [Job.id == job_id, Job.status == JobStatus.RUNNING]
    if worker_id is not None:
        conditions.append(Job.locked_by == worker_id)
    try:
        with get_engine().begin() as conn:
            result = conn.execute(
                update(Job).where(*conditions).values(locked_until=now + LEASE, updated_at=now, **values)
            )
            return bool(result.rowcount)
    except Exception:
        log.warning("could not record job progress", exc_info=True, extra={"job_id": job_id})
        return True  # a transient write failure is not a lost lease


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(now: datetime) -> Any:
    due = and_(Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]), Job.run_at <= now)
    lease_expired = and_(Job.status == JobStatus.RUNNING, Job.locked_until < now)
    return or_(due, lease_expired)


@dataclass(frozen=True)
class Claim:
    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    max_attempts: int


def claim(worker_id: str) -> Claim | None:
    """Take the next due job (or one whose worker's lease ran out) and lease it to this worker."""
    while True:
        found = _claim_once(worker_id)
        if found is not _BURIED:
            return found if isinstance(found, Claim) else None


_BURIED = object()  # _claim_once found a job whose lost worker had used its last attempt, and marked it dead


def _claim_once(worker_id: str) -> Claim | object | None:
    now = clock.now()
    with unit_of_work() as uow:
        session = uow.session
        if session.get_bind().dialect.name == "postgresql":
            job = session.scalar(
                select(Job)
                .where(_claimable(now))
                .order_by(Job.run_at, Job.created_at)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if job is None:
                return None
        else:
            # SQLite: one writer at a time. One UPDATE claims (a write first takes the lock at once)
            # and its WHERE re-checks the claim, so two claimers cannot both win.
            next_id = (
                select(Job.id)
                .where(_claimable(now))
                .order_by(Job.run_at, Job.created_at)
                .limit(1)
                .scalar_subquery()
            )
            won = session.execute(
                update(Job)
                .where(Job.id == next_id, _claimable(now))
                .values(locked_by=worker_id, locked_until=now + LEASE)
                .returning(Job.id)
            )
            claimed_id = won.scalar_one_or_none()
            if claimed_id is None:
                return None
            job = session.get(Job, claimed_id, populate_existing=True)
            assert job is not None
        lost_worker = job.status == JobStatus.RUNNING
        if lost_worker:
            job.last_error = "the worker running this job stopped before finishing (its lease expired)"
            if job.attempts >= job.max_attempts:
                _mark_dead(job, now)
                log.warning("job dead after its worker was lost", extra={"job_id": job.id, "kind": job.kind})
                return _BURIED
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.locked_by = worker_id
        job.locked_until = now + LEASE
        job.started_at = now
        return Claim(
            id=job.id,
            kind=job.kind,
            payload=dict(job.payload or {}),
            attempts=job.attempts,
            max_attempts=job.max_attempts,
        )


def _mark_dead(job: Job, now: datetime) -> None:
    job.status = JobStatus.DEAD
    job.locked_by = None
    job.locked_until = None
    job.finished_at = now


def backoff(attempts: int) -> timedelta:
    """Delay before the next try: 10 s, 20 s, 40 s ... capped at an hour."""
    delay: timedelta = BACKOFF_BASE * (2 ** max(0, min(attempts - 1, 20)))
    return min(delay, BACKOFF_CAP)


def execute(found: Claim, worker_id: str, *, heartbeat: bool = True) -> str:
    """Run a claimed job's handler, renewing its lease meanwhile, then record the outcome."""
    progress = Progress(found.id, worker_id)
    stop = threading.Event()
    beat: threading.Thread | None = None
    if heartbeat:
        progress._signal = threading.Event()
        beat = threading.Thread(
            target=_heartbeat, args=(progress, stop), name=f"heartbeat-{found.id[:8]}", daemon=True
        )
        beat.start()
    outcome: str
    result: dict[str, Any] | None = None
    error: str | None = None
    try:
        fn = _handlers.get(found.kind)
        if fn is None:
            raise LookupError(
                f"no handler registered for job kind {found.kind!r} "
                f"(known: {', '.join(registered_kinds()) or 'none'})"
            )
        result = fn(found.payload, progress)
        if result is not None:
            json.dumps(result, allow_nan=False)  # a result that cannot be stored is the handler's error
        outcome = JobStatus.SUCCEEDED
    except PermanentError as exc:
        outcome, error = JobStatus.DEAD, f"{type(exc).__name__}: {exc}"
    except Exception as exc:
        outcome = JobStatus.FAILED
        error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"
        log.warning(
            "job attempt failed",
            extra={
                "job_id": found.id,
                "kind": found.kind,
                "attempt": found.attempts,
                "error": type(exc).__name__,
            },
        )
    finally:
        stop.set()
        if progress._signal is not None:
            progress._signal.set()
        if beat is not None:
            beat.join()
    return _finish(found, worker_id, outcome, result, error, progress)


def _heartbeat(progress: Progress, stop: threading.Event) -> None:
    assert progress._signal is not None
    while not stop.is_set():
        progress._signal.wait(HEARTBEAT_SECONDS)
        progress._signal.clear()
        if stop.is_set():
            return
        if not progress.flush():
            log.warning("job lease lost: another worker may run it", extra={"job_id": progress.job_id})
            return


def _finish(
    found: Claim,
    worker_id: str,
    outcome: str,
    result: dict[str, Any] | None,
    error: str | None,
    progress: Progress,
) -> str:
    now = clock.now()
    with unit_of_work() as uow:
        job = uow.session.get(Job, found.id)
        if job is None or job.locked_by != worker_id or job.status != JobStatus.RUNNING:
            log.warning(
                "job finished after its lease was taken over; outcome discarded", extra={"job_id": found.id}
            )
            return "lost"
        job.progress_done, job.progress_total, job.progress_message = (
            progress.done,
            progress.total,
            progress.message,
        )
        job.locked_by = None
        job.locked_until = None
        if outcome == JobStatus.SUCCEEDED:
            job.status = JobStatus.SUCCEEDED
            job.result = result
            job.finished_at = now
            job.last_error = None
        elif outcome == JobStatus.FAILED and job.attempts < job.max_attempts:
            job.status = JobStatus.FAILED
            job.last_error = error
            job.run_at = now + backoff(job.attempts)
        else:
            job.last_error = error
            _mark_dead(job, now)
        return job.status


def run_one(worker_id: str | None = None, *, heartbeat: bool = True) -> str | None:
    """Claim and run one due job; returns its new status, or None if nothing was due."""
    worker_id = worker_id or new_worker_id()
    found = claim(worker_id)
    if found is None:
        return None
    return execute(found, worker_id, heartbeat=heartbeat)


def run_pending(limit: int | None = None) -> int:
    """Run due jobs in this process until none is due (or `limit` have run); returns how many ran.
    Jobs that fail are rescheduled in the future, so this always ends."""
    worker_id = new_worker_id()
    ran = 0
    while limit is None or ran < limit:
        if run_one(worker_id) is None:
            break
        ran += 1
    return ran


def retry_now(uow: UnitOfWork, job: Job) -> None:
    """Queue a failed or dead job to run again at once, with a fresh set of attempts."""
    if job.status not in (JobStatus.FAILED, JobStatus.DEAD):
        raise JobError(f"status: only failed or dead jobs can be retried; this one is {job.status}")
    job.status = JobStatus.QUEUED
    job.attempts = 0
    job.run_at = clock.now()
    job.finished_at = None
    uow.after_commit(wake_workers)


def counts(uow: UnitOfWork) -> dict[str, int]:
    from sqlalchemy import func

    rows = uow.session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
    return {status: n for status, n in rows}


# Failed domain-event handlers are retried through this queue (see portcullis.core.event_retry).
from portcullis.core import event_retry  # noqa: E402

event_retry.install()
