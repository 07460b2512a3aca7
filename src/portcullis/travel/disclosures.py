"""Group commit for carrier disclosures. Every permission-to-travel answer must be in the audit log before
the carrier gets it; with one transaction per request, the audit chain's head lock and the commit's flush
limit throughput. Requests hand their entries to this writer and wait: a background thread writes all
entries waiting at that moment in one transaction (one head lock, one bulk insert, one commit), then
releases every request in the batch. The guarantee is unchanged: no answer leaves before its entry is
committed; a failed batch fails its requests. On PostgreSQL, checks answered on the event loop hand their
entries to a task of that loop instead (`disclosures_async`), which writes the same batches without a
thread; both extend the one chain, serialised by its head row."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError

from portcullis.core import async_reads, audit
from portcullis.core.access import Principal
from portcullis.core.db import read_engine, unit_of_work
from portcullis.travel import disclosures_async

MAX_BATCH = 5000


@dataclass
class _Job:
    actor: Principal
    entries: list[audit.Pending]
    done: Future[None] = field(default_factory=Future)


class DisclosureWriter:
    def __init__(self) -> None:
        self._queue: list[_Job] = []
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def write(self, actor: Principal, entries: list[audit.Pending], timeout: float = 30.0) -> None:
        """Block until these entries are committed (or raise what the batch raised)."""
        job = _Job(actor, entries)
        with self._cond:
            self._queue.append(job)
            self._ensure_thread()
            self._cond.notify()
        job.done.result(timeout=timeout)

    async def write_async(
        self, actor: Principal, entries: list[audit.Pending], timeout: float = 30.0
    ) -> None:
        """`write` for a coroutine: on PostgreSQL batched and written by a task of the event loop
        (`disclosures_async`), elsewhere by this writer's thread while the loop goes on serving."""
        if async_reads.available():
            await disclosures_async.writer_for_loop(_write).write(actor, entries, timeout)
            return
        job = _Job(actor, entries)
        with self._cond:
            self._queue.append(job)
            self._ensure_thread()
            self._cond.notify()
        await asyncio.wait_for(asyncio.wrap_future(job.done), timeout)

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="carrier-disclosures", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue:
                    self._cond.wait()
                batch, size = [], 0
                while self._queue and size < MAX_BATCH:
                    job = self._queue.pop(0)
                    batch.append(job)
                    size += len(job.entries)
            self._commit(batch)

    @staticmethod
    def _commit(batch: list[_Job]) -> None:
        by_actor = disclosures_async.by_actor((job.actor, job.entries) for job in batch)
        try:
            try:
                _write(by_actor)
            except _Stale:  # the server had closed the pooled connection before anything was written
                _write(by_actor)
        except Exception as exc:  # every waiting request learns the batch failed; none answers unaudited
            for job in batch:
                job.done.set_exception(exc.__cause__ if isinstance(exc, _Stale) else exc)
            return
        for job in batch:
            job.done.set_result(None)


class _Stale(Exception):
    pass


def _write(by_actor: dict[Principal, list[audit.Pending]]) -> None:
    """One transaction on a pool without the ping (`db.read_engine`). A connection found closed while
    writing is retried once by the caller; one that fails at COMMIT is not (it may have committed), and its
    requests fail: a carrier asks again, and an entry may then be written twice but never missing."""
    with unit_of_work(read_engine()) as uow:
        try:
            for actor, entries in by_actor.items():
                audit.record_many(uow, actor=actor, entries=entries)
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise _Stale() from exc
            raise


writer = DisclosureWriter()
