"""Reads on the event loop, for a hot API path on PostgreSQL (the carrier check).

A synchronous read from an async endpoint costs a hop to a worker thread and back, which on a busy
two-core server costs more than the read. Here a SQLAlchemy statement is compiled once for psycopg, and
run on an autocommit `psycopg.AsyncConnection` of this event loop, prepared on the server. Connections are
kept per event loop (an async connection belongs to the loop that opened it; tests start a loop per
client, a server one per process), at most `SIZE` at a time. A connection found closed (the server
restarted) is dropped and the read tried once more on a new one. SQLite has no async driver here: there,
`available()` is false and callers read in a thread as before."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from enum import Enum
from functools import lru_cache
from typing import Any

import psycopg
from sqlalchemy.dialects.postgresql import psycopg as pg_dialect
from sqlalchemy.engine import Engine

from portcullis.core.db import get_engine

SIZE = 16


@lru_cache(maxsize=32)
def _compiled(statement: Any) -> Any:
    dialect = pg_dialect.dialect()  # type: ignore[no-untyped-call]
    return statement.compile(dialect=dialect)


@lru_cache(maxsize=256)
def compiled(
    statement: Any, names: tuple[str, ...], lists: tuple[tuple[str, int], ...] = ()
) -> tuple[str, dict[str, Any]]:
    """The statement's SQL for psycopg, and the values it binds itself (literals SQLAlchemy made bound).
    `lists`: (name, length) of each expanding parameter, rendered as that many parameters `name_1`...
    (one text per length, each prepared once; an array parameter would share one text, but its generic
    plan guesses the array's length and can pick a scan where the planner would otherwise use the index)."""
    done = _compiled(statement)
    # Rendering needs a value for every parameter: these are placeholders, never sent.
    sql = done.construct_expanded_state({**dict.fromkeys(names), **{n: [""] * k for n, k in lists}}).statement
    # Enums as their values (psycopg would pick the adapter by type).
    bound = {k: v.value if isinstance(v, Enum) else v for k, v in done.params.items() if k not in names}
    return sql, bound


def _values(statement: Any, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    lists = tuple((k, len(v)) for k, v in params.items() if isinstance(v, list | tuple))
    sql, bound = compiled(statement, tuple(sorted(params)), lists)
    values = {**bound, **{k: v for k, v in params.items() if not isinstance(v, list | tuple)}}
    for name, _ in lists:
        values.pop(name, None)
        values.update({f"{name}_{i}": item for i, item in enumerate(params[name], start=1)})
    return sql, values


class ReadPool:
    def __init__(self, conninfo: str, loop: asyncio.AbstractEventLoop) -> None:
        self.conninfo = conninfo
        self.loop = loop
        self.idle: list[psycopg.AsyncConnection[Any]] = []
        self.slots = asyncio.Semaphore(SIZE)

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(self.conninfo, autocommit=True, prepare_threshold=0)

    async def fetch(self, statement: Any, params: Mapping[str, Any]) -> list[Sequence[Any]]:
        sql, values = _values(statement, params)
        async with self.slots:
            for attempt in (1, 2):
                conn = self.idle.pop() if self.idle else await self._connect()
                try:
                    cursor = await conn.execute(sql, values)
                    rows = await cursor.fetchall()
                except psycopg.OperationalError:
                    broken = conn.broken or conn.closed
                    conn.pgconn.finish()
                    if attempt == 2 or not broken:
                        raise
                    continue
                self.idle.append(conn)
                return list(rows)
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close without the loop (it may be gone): libpq's own close of each idle connection."""
        for conn in self.idle:
            conn.pgconn.finish()
        self.idle.clear()


_pools: dict[int, ReadPool] = {}


def available() -> bool:
    return get_engine().dialect.name == "postgresql"


@lru_cache(maxsize=4)
def _conninfo(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


async def fetch(statement: Any, params: Mapping[str, Any]) -> list[Sequence[Any]]:
    """Run `statement` (PostgreSQL only, see `available`) on this loop's pool."""
    loop = asyncio.get_running_loop()
    conninfo = _conninfo(get_engine())
    pool = _pools.get(id(loop))
    if pool is None or pool.loop is not loop or pool.conninfo != conninfo:
        for old in _pools.values():
            old.close()
        _pools.clear()
        pool = _pools[id(loop)] = ReadPool(conninfo, loop)
    return await pool.fetch(statement, params)
