"""Database: typed declarative base, engine (SQLite in WAL mode with foreign keys, or PostgreSQL) and the
unit of work, which alone commits and dispatches domain events after the commit."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, MetaData, String, create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from portcullis.core import clock
from portcullis.core.settings import ConfigurationError, get_settings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored in UTC; SQLite gives them back aware too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use timezone-aware datetimes (the clock gives them)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class IdMixin:
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=lambda: clock.now())
    updated_at: Mapped[datetime] = mapped_column(default=lambda: clock.now(), onupdate=lambda: clock.now())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


_engine: Engine | None = None
_sessions: sessionmaker[Session] | None = None


def get_engine() -> Engine:
    global _engine, _sessions
    if _engine is None:
        settings = get_settings()
        if settings.is_sqlite:
            settings.var_dir.mkdir(parents=True, exist_ok=True)
        _engine = make_engine(settings.database_url)
        _sessions = sessionmaker(_engine, expire_on_commit=False, autoflush=True)
    return _engine


_read_engines: dict[int, Engine] = {}


def read_engine() -> Engine:
    """For short reads and writes on a hot path (the carrier check and its audit writer): on PostgreSQL an
    engine on the same database whose pool does not ping the server at every checkout (a round trip, as
    costly as the read itself) and is large enough for every request thread, so connections are not opened
    and closed under load. A connection found dead raises `DBAPIError` with `connection_invalidated` set,
    and callers try once more where that is safe (`travel.carrier_check.lookup`, `travel.disclosures`). On
    SQLite, the main engine."""
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        return engine
    found = _read_engines.get(id(engine))
    if found is None:
        _read_engines.clear()
        found = _read_engines[id(engine)] = create_engine(
            engine.url, pool_pre_ping=False, pool_size=16, max_overflow=4
        )
    return found


def set_engine(engine: Engine) -> None:
    """Point the whole application at another engine (tests, the CLI's --database)."""
    global _engine, _sessions
    _engine = engine
    _sessions = sessionmaker(engine, expire_on_commit=False, autoflush=True)


def check_database() -> None:
    """Connect once; an unreachable database gets one clear message."""
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigurationError(
            f"Cannot reach the database at {redact_url(get_settings().database_url)}: {reason}. "
            "Check DATABASE_URL and that the server is running."
        ) from None


def redact_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


AfterCommit = Callable[[], None]


class UnitOfWork:
    """One transaction. Only the unit of work commits: on leaving the block without an error it commits,
    then runs what was queued for after the commit (domain events, job wake-ups); on an error it rolls back
    and nothing queued runs."""

    def __init__(self, bind: Engine | None = None) -> None:
        """`bind`: another engine on the same database (`read_engine()` for a hot path's writes)."""
        get_engine()
        assert _sessions is not None
        self.session: Session = _sessions(bind=bind) if bind is not None else _sessions()
        self._after_commit: list[AfterCommit] = []
        self.events: list[Any] = []

    def after_commit(self, fn: AfterCommit) -> None:
        self._after_commit.append(fn)

    def publish(self, domain_event: Any) -> None:
        """Queue a domain event; it is dispatched only once the transaction has committed."""
        self.events.append(domain_event)

    def flush(self) -> None:
        self.session.flush()

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None:
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
        if exc_type is None:
            from portcullis.core import events  # local import: events imports db

            events.dispatch(self.events)
            for fn in self._after_commit:
                fn()


@contextmanager
def unit_of_work(bind: Engine | None = None) -> Iterator[UnitOfWork]:
    with UnitOfWork(bind) as uow:
        yield uow
