"""The database layer: SQLite pragmas, UTC datetimes, and the unit of work that alone commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from portcullis.core import events
from portcullis.core.db import UnitOfWork, make_engine, unit_of_work
from portcullis.core.parties import Person


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_datetimes_come_back_timezone_aware_in_utc(database: Engine) -> None:
    bst = timezone(timedelta(hours=1))
    with unit_of_work() as uow:
        person = Person(given_names="Anna", family_name="Eriksson")
        uow.session.add(person)
        uow.flush()
        person.created_at = datetime(2025, 7, 1, 10, 0, tzinfo=bst)
        pid = person.id
    with unit_of_work() as uow:
        stored = uow.session.get(Person, pid)
        assert stored is not None
        assert stored.created_at == datetime(2025, 7, 1, 9, 0, tzinfo=UTC)
        assert stored.created_at.tzinfo is not None


def test_a_naive_datetime_is_refused(database: Engine) -> None:
    with pytest.raises(Exception, match="naive datetime"), unit_of_work() as uow:
        person = Person(given_names="A", family_name="B")
        person.created_at = datetime(2025, 1, 1)
        uow.session.add(person)


def test_the_unit_of_work_commits_on_success(database: Engine) -> None:
    with unit_of_work() as uow:
        uow.session.add(Person(given_names="Kept", family_name="Record"))
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Person.family_name)) == "Record"


def test_the_unit_of_work_rolls_back_on_error_and_saves_nothing(database: Engine) -> None:
    with pytest.raises(ValueError), unit_of_work() as uow:
        uow.session.add(Person(given_names="Lost", family_name="Record"))
        uow.flush()
        raise ValueError("bad input")
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Person)) is None


@dataclass(frozen=True)
class SomethingHappened(events.DomainEvent):
    what: str


def test_events_are_dispatched_only_after_the_commit(database: Engine) -> None:
    seen: list[tuple[str, int]] = []

    @events.subscribe(SomethingHappened)
    def count_people(event: SomethingHappened) -> None:
        with UnitOfWork() as uow:
            seen.append((event.what, len(uow.session.scalars(select(Person)).all())))

    with unit_of_work() as uow:
        uow.session.add(Person(given_names="A", family_name="B"))
        uow.publish(SomethingHappened("added"))
        assert seen == []
    assert seen == [("added", 1)]

    with pytest.raises(RuntimeError), unit_of_work() as uow:
        uow.publish(SomethingHappened("never"))
        raise RuntimeError
    assert seen == [("added", 1)]
    events._handlers[SomethingHappened].remove(count_people)


def test_a_failing_handler_does_not_undo_the_commit_or_stop_other_handlers(database: Engine) -> None:
    ran: list[str] = []

    def broken(event: SomethingHappened) -> None:
        raise RuntimeError("subscriber bug")

    def fine(event: SomethingHappened) -> None:
        ran.append(event.what)

    events.subscribe(SomethingHappened)(broken)
    events.subscribe(SomethingHappened)(fine)
    try:
        with unit_of_work() as uow:
            uow.session.add(Person(given_names="C", family_name="D"))
            uow.publish(SomethingHappened("x"))
        assert ran == ["x"]
        with unit_of_work() as uow:
            assert uow.session.scalar(select(Person.family_name)) == "D"
    finally:
        events._handlers[SomethingHappened].clear()
