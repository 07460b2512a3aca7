"""Workers that run queued jobs: the `portcullis worker` process and the embedded worker thread that the
web app starts in development (`settings.embedded_worker`). Stopping is graceful: a stopped worker claims
nothing new and lets the jobs it is running finish; a job cut short by a hard kill is claimed again by
another worker once its lease expires."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from portcullis.core import jobs
from portcullis.core.db import get_engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    worker_id: str
    job_id: str
    kind: str
    attempt: int
    status: str
    seconds: float


class Worker:
    """Runs jobs on `concurrency` threads. On SQLite only one thread runs (one writer at a time)."""

    def __init__(
        self,
        *,
        concurrency: int = 1,
        poll_interval: float = 2.0,
        on_outcome: Callable[[Outcome], None] | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency: must be at least 1")
        self.sqlite = get_engine().dialect.name == "sqlite"
        self.concurrency = 1 if self.sqlite else concurrency
        self.poll_interval = poll_interval
        self.on_outcome = on_outcome
        self.worker_id = jobs.new_worker_id()
        self.ran = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @property
    def alive(self) -> bool:
        return any(thread.is_alive() for thread in self._threads)

    def stop(self) -> None:
        """Claim nothing more; jobs already running finish."""
        self._stop.set()
        jobs.wake_workers()

    def run(self, *, once: bool = False) -> int:
        """Run until stop() (or, with once=True, until no job is due). Returns how many jobs ran."""
        self.start(once=once)
        self.join()
        return self.ran

    def start(self, *, once: bool = False) -> None:
        for n in range(self.concurrency):
            thread = threading.Thread(
                target=self._loop,
                args=(f"{self.worker_id}/{n}", once),
                name=f"portcullis-worker-{n}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def join(self, timeout: float | None = None) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self, worker_id: str, once: bool) -> None:
        while not self._stop.is_set():
            try:
                found = jobs.claim(worker_id)
            except Exception:
                log.exception("could not claim a job; retrying shortly")
                self._stop.wait(self.poll_interval)
                continue
            if found is None:
                if once:
                    return
                jobs.wait_for_work(self.poll_interval)
                continue
            started = time.monotonic()
            try:
                status = jobs.execute(found, worker_id)
            except Exception:  # recording the outcome failed; the lease expiry will retry the job
                log.exception("could not record a job's outcome", extra={"job_id": found.id})
                status = "unrecorded"
            with self._lock:
                self.ran += 1
            if self.on_outcome is not None:
                self.on_outcome(
                    Outcome(
                        worker_id, found.id, found.kind, found.attempts, status, time.monotonic() - started
                    )
                )


_embedded: Worker | None = None


def embedded() -> Worker | None:
    """The running embedded worker, if any."""
    return _embedded


def start_embedded() -> Worker:
    """Start the in-process worker thread (idempotent)."""
    global _embedded
    if _embedded is None or _embedded.stopping:
        _embedded = Worker(concurrency=1)
        _embedded.start()
        log.info("embedded job worker started", extra={"worker_id": _embedded.worker_id})
    return _embedded


def stop_embedded(timeout: float = 30.0) -> None:
    global _embedded
    if _embedded is not None:
        _embedded.stop()
        _embedded.join(timeout)
        _embedded = None
