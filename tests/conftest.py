"""Test fixtures: a migrated database (PostgreSQL when DATABASE_URL says so, else a SQLite file), a frozen
clock, clean tables for every test, and a web client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

os.environ.setdefault("PORTCULLIS_ENVIRONMENT", "test")

from portcullis.core import clock, db  # noqa: E402
from portcullis.core.settings import get_settings  # noqa: E402

FROZEN_AT = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        return url
    folder: Path = tmp_path_factory.mktemp("db")
    return f"sqlite:///{folder / 'test.db'}"


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = _database_url(tmp_path_factory)
    os.environ["PORTCULLIS_DATABASE_URL"] = url
    get_settings.cache_clear()
    eng = db.make_engine(url)
    if eng.dialect.name == "postgresql":
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.set_engine(eng)
    from portcullis.core.migrate import upgrade

    upgrade("head", url)
    yield eng
    eng.dispose()


def _clean(eng: Engine) -> None:
    meta = db.Base.metadata
    with eng.begin() as conn:
        if eng.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in meta.sorted_tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(meta.sorted_tables):
                conn.execute(table.delete())
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :h)"), {"h": "0" * 64})


@pytest.fixture()
def frozen_clock() -> Iterator[clock.FrozenClock]:
    fc = clock.FrozenClock(FROZEN_AT)
    clock.set_clock(fc)
    yield fc
    clock.set_clock(clock.SystemClock())


@pytest.fixture()
def database(engine: Engine, frozen_clock: clock.FrozenClock) -> Iterator[Engine]:
    """A migrated database with empty tables, and the clock frozen."""
    db.set_engine(engine)
    _clean(engine)
    yield engine
