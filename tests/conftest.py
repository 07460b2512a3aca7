"""Test fixtures: a migrated database (PostgreSQL when DATABASE_URL says so, else a SQLite file), a frozen
clock, clean tables for every test, and a web client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

os.environ.setdefault("PORTCULLIS_ENVIRONMENT", "test")

from portcullis.core import clock, db
from portcullis.core.settings import get_settings

FROZEN_AT = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)

# The browser fixtures (tests/browser/fixtures.py) serve every test folder from one Playwright instance:
# importing them into another conftest would start a second instance, which Playwright refuses.
pytest_plugins = ["browser.fixtures"]


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return _worker_database(url, worker) if worker else url
    folder: Path = tmp_path_factory.mktemp("db")
    return f"sqlite:///{folder / 'test.db'}"


def _worker_database(url: str, worker: str) -> str:
    """Under pytest-xdist each worker gets its own PostgreSQL database beside the one named in the URL."""
    base, _, name = url.rpartition("/")
    own = f"{name.split('?')[0]}_{worker}"
    admin = db.make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": own}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{own}"'))
    admin.dispose()
    return f"{base}/{own}"


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
        existing = set(inspect(conn).get_table_names())
        tables = [t for t in meta.sorted_tables if t.name in existing]
        if eng.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            # The append-only triggers stop deletes from audit_log: lift them while emptying the tables.
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
            for table in reversed(tables):
                conn.execute(table.delete())
            for action in ("UPDATE", "DELETE"):
                conn.execute(
                    text(
                        f"CREATE TRIGGER audit_log_no_{action.lower()} BEFORE {action} ON audit_log BEGIN "
                        f"SELECT RAISE(ABORT, 'the audit log is append-only: {action} is not allowed'); END"
                    )
                )
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


@pytest.fixture()
def app(database: Engine):  # type: ignore[no-untyped-def]
    from portcullis.app import create_app

    return create_app()


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    """A web client. Forms need the CSRF token: `sign_in` sets it as a header for you; anonymous clients
    get it from the `portcullis_csrf` cookie after any GET (the `anonymous_token` fixture in tests/web)."""
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture()
def make_user(database: Engine):  # type: ignore[no-untyped-def]
    """Create a user with roles: make_user(["caseworker"], organisation=None, email=None) -> User."""
    from portcullis.core import access

    counter = {"n": 0}

    def _make(
        role_names: list[str],
        organisation: str | None = None,
        email: str | None = None,
        password: str = "correct horse battery staple",  # noqa: S107
    ):  # type: ignore[no-untyped-def]
        counter["n"] += 1
        with db.unit_of_work() as uow:
            return access.create_user(
                uow,
                email=email or f"user{counter['n']}@example.gov.uk",
                name=f"Test User {counter['n']}",
                password=password,
                role_names=role_names,
                organisation=organisation,
            )

    return _make


@pytest.fixture()
def sign_in(client, make_user):  # type: ignore[no-untyped-def]
    """Sign the client in as a new user with these roles; sets the session cookie and the CSRF header.
    Returns the Principal."""
    from portcullis.core import access

    def _sign_in(role_names: list[str], organisation: str | None = None):  # type: ignore[no-untyped-def]
        user = make_user(role_names, organisation)
        with db.unit_of_work() as uow:
            user = uow.session.merge(user)
            token, web_session = access.start_session(uow, user)
            uow.flush()  # gives the session its id
            principal = access.principal_for_user(
                user, session_id=web_session.id, csrf_token=web_session.csrf_token
            )
        client.cookies.set(access.SESSION_COOKIE, token)
        client.headers["X-CSRF-Token"] = web_session.csrf_token
        return principal

    return _sign_in


@pytest.fixture()
def api_client(app, make_user):  # type: ignore[no-untyped-def]
    """A machine client with a bearer token for a user with these roles: api_client(["carrier"])."""
    from fastapi.testclient import TestClient

    from portcullis.core import access

    clients = []

    def _make(role_names: list[str], organisation: str | None = None):  # type: ignore[no-untyped-def]
        user = make_user(role_names, organisation)
        with db.unit_of_work() as uow:
            user = uow.session.merge(user)
            secret, _ = access.issue_api_token(uow, user=user, name="test client")
        c = TestClient(app, base_url="http://testserver", headers={"Authorization": f"Bearer {secret}"})
        clients.append(c)
        return c

    yield _make
    for c in clients:
        c.close()
