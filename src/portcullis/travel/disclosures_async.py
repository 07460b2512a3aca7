"""Group commit on the event loop, on PostgreSQL: the batches of `disclosures.DisclosureWriter`, written by a
task of the loop on an asyncpg connection (`audit.record_many_async`) instead of by a thread.

A thread writing for a busy event loop waits for the interpreter lock after each of its round trips (up to
the 5 ms switch interval each): batches took 8 to 16 ms to commit under load, and every request in them
waited as long. On the loop, the writer's round trips interleave with the requests' work instead.
The guarantees are the writer's: no answer leaves before its entries are committed; a failed batch fails
its requests; a connection found closed before anything was written is replaced once, a failure at COMMIT
is not retried. The very first entry of a chain (no head row yet) is written by the thread writer."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable

from portcullis.core import async_reads, audit
from portcullis.core.access import Principal

MAX_BATCH = 5000
Batch = dict[Principal, list[audit.Pending]]


def by_actor(jobs: Iterable[tuple[Principal, list[audit.Pending]]]) -> Batch:
    """A batch's entries by actor: `audit.record_many` writes one actor's entries at a time."""
    found: Batch = defaultdict(list)
    for actor, entries in jobs:
        found[actor].extend(entries)
    return found


class LoopWriter:
    def __init__(self, loop: asyncio.AbstractEventLoop, write_in_thread: Callable[[Batch], None]) -> None:
        self.loop = loop
        self.write_in_thread = write_in_thread
        self.queue: list[tuple[Principal, list[audit.Pending], asyncio.Future[None]]] = []
        self.task: asyncio.Task[None] | None = None

    async def write(self, actor: Principal, entries: list[audit.Pending], timeout: float) -> None:
        done: asyncio.Future[None] = self.loop.create_future()
        self.queue.append((actor, entries, done))
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._drain())
        await asyncio.wait_for(asyncio.shield(done), timeout)

    async def _drain(self) -> None:
        while self.queue:
            batch, size = [], 0
            while self.queue and size < MAX_BATCH:
                job = self.queue.pop(0)
                batch.append(job)
                size += len(job[1])
            try:
                await self._commit(by_actor((actor, entries) for actor, entries, _ in batch))
            except Exception as exc:  # every waiting request learns the batch failed; none answers unaudited
                for *_, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for *_, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _commit(self, grouped: Batch) -> None:
        for attempt in (1, 2):
            committing = False
            try:
                async with async_reads.connection() as conn:
                    transaction = conn.transaction()
                    await transaction.start()
                    try:
                        for actor, entries in grouped.items():
                            await audit.record_many_async(conn, actor=actor, entries=entries)
                    except BaseException:
                        with contextlib.suppress(*async_reads.CLOSED):
                            await transaction.rollback()
                        raise
                    committing = True
                    await transaction.commit()
                return
            except audit.NoChainYet:
                await asyncio.to_thread(self.write_in_thread, grouped)
                return
            except async_reads.CLOSED:
                if attempt == 2 or committing:
                    raise


_writers: dict[int, LoopWriter] = {}


def writer_for_loop(write_in_thread: Callable[[Batch], None]) -> LoopWriter:
    loop = asyncio.get_running_loop()
    found = _writers.get(id(loop))
    if found is None or found.loop is not loop:
        _writers.clear()  # a loop per process in a server; tests start one per client
        found = _writers[id(loop)] = LoopWriter(loop, write_in_thread)
    return found
