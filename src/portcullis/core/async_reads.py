"""Reads on the event loop, for a hot API path on PostgreSQL (the carrier check).

A synchronous read from an async endpoint costs a hop to a worker thread and back, which on a busy
two-core server costs more than the read. Here a SQLAlchemy statement is compiled once for asyncpg and run
on an asyncpg connection of this event loop, prepared on the server (asyncpg keeps each connection's
prepared statements). asyncpg rather than psycopg's async mode: its protocol is compiled, and psycopg's
async waits cost 0.13 ms of CPU a read on this machine, a tenth of a whole carrier check.

Connections are kept per event loop (an async connection belongs to the loop that opened it; tests start a
loop per client, a server one per process), at most `SIZE` at a time. A connection found closed (the
server restarted) is dropped and the read tried once more on a new one. SQLite has no async driver here:
there, `available()` is false and callers read in a thread as before."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Mapping, Sequence
from enum import Enum
from functools import lru_cache
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql import asyncpg as pg_dialect
from sqlalchemy.engine import Engine

from portcullis.core.db import get_engine

SIZE = 16
# What a connection closed under us raises: the read is tried once more on a new connection.
# (A session the server ended while idle shows as an internal client error at the next use.)
CLOSED = (
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.InterfaceError,
    asyncpg.exceptions.InternalClientError,
    OSError,
)


@lru_cache(maxsize=32)
def _compiled(statement: Any) -> Any:
    dialect = pg_dialect.dialect()  # type: ignore[no-untyped-call]
    return statement.compile(dialect=dialect)


@lru_cache(maxsize=256)
def compiled(
    statement: Any, names: tuple[str, ...], lists: tuple[tuple[str, int], ...] = ()
) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """The statement's SQL for asyncpg (`$1`...), its parameters' names in order, and the values it binds
    itself (literals SQLAlchemy made bound). `lists`: (name, length) of each expanding parameter, rendered
    as that many parameters `name_1`... (one text per length, each prepared once; an array parameter would
    share one text, but its generic plan guesses the array's length and can pick a scan where the planner
    would otherwise use the index)."""
    done = _compiled(statement)
    # Rendering needs a value for every parameter: these are placeholders, never sent.
    state = done.construct_expanded_state({**dict.fromkeys(names), **{n: [""] * k for n, k in lists}})
    # Enums as their values (the driver would not know them).
    bound = {k: v.value if isinstance(v, Enum) else v for k, v in done.params.items() if k not in names}
    return state.statement, tuple(state.positiontup or ()), bound


def _arguments(statement: Any, params: Mapping[str, Any]) -> tuple[str, list[Any]]:
    lists = tuple((k, len(v)) for k, v in params.items() if isinstance(v, list | tuple))
    sql, order, bound = compiled(statement, tuple(sorted(params)), lists)
    values = {**bound, **{k: v for k, v in params.items() if not isinstance(v, list | tuple)}}
    for name, _ in lists:
        values.update({f"{name}_{i}": item for i, item in enumerate(params[name], start=1)})
    return sql, [values[name] for name in order]


class ReadPool:
    def __init__(self, dsn: str, loop: asyncio.AbstractEventLoop) -> None:
        self.dsn = dsn
        self.loop = loop
        self.idle: list[asyncpg.Connection] = []
        self.slots = asyncio.Semaphore(SIZE)

    async def fetch(self, statement: Any, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        sql, arguments = _arguments(statement, params)
        for attempt in (1, 2):
            try:
                async with self.connection() as conn:
                    rows = await conn.fetch(sql, *arguments)
            except CLOSED:
                if attempt == 2:
                    raise
                continue
            return [tuple(row) for row in rows]
        raise AssertionError("unreachable")

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[asyncpg.Connection]:
        """A connection of this pool, returned to it afterwards; dropped if what ran on it failed (its
        state is unknown: a cancelled read may still be running)."""
        async with self.slots:
            while self.idle and self.idle[-1].is_closed():
                self.idle.pop()
            conn = self.idle.pop() if self.idle else await asyncpg.connect(self.dsn)
            try:
                yield conn
            except BaseException:
                conn.terminate()
                raise
            self.idle.append(conn)

    def close(self) -> None:
        """Close without the loop, which may be closed already (tests run a loop per client): then the
        socket is shut down, so the server ends the session, and the rest goes with the objects."""
        for conn in self.idle:
            if not self.loop.is_closed():
                conn.terminate()
                continue
            sock = conn._transport.get_extra_info("socket") if conn._transport else None
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        self.idle.clear()


_pools: dict[int, ReadPool] = {}


def available() -> bool:
    return get_engine().dialect.name == "postgresql"


@lru_cache(maxsize=4)
def _dsn(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pool() -> ReadPool:
    loop = asyncio.get_running_loop()
    dsn = _dsn(get_engine())
    pool = _pools.get(id(loop))
    if pool is None or pool.loop is not loop or pool.dsn != dsn:
        for old in _pools.values():
            old.close()
        _pools.clear()
        pool = _pools[id(loop)] = ReadPool(dsn, loop)
    return pool


async def fetch(statement: Any, params: Mapping[str, Any]) -> list[Sequence[Any]]:
    """Run `statement` (PostgreSQL only, see `available`) on this loop's pool."""
    return await _pool().fetch(statement, params)


def connection() -> contextlib.AbstractAsyncContextManager[asyncpg.Connection]:
    """A connection of this loop's pool, for several statements (PostgreSQL only)."""
    return _pool().connection()
