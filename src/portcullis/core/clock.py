"""The injected clock: all code asks it for the time, so tests can freeze and move it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._at = self._at + delta


_clock: Clock = SystemClock()


def get_clock() -> Clock:
    return _clock


def set_clock(clock: Clock) -> None:
    global _clock
    _clock = clock


def now() -> datetime:
    """Current time, timezone-aware, in UTC."""
    return _clock.now()


def today_in_london() -> date:
    """The legal date in England and Wales (deadlines are counted in UK local time)."""
    return _clock.now().astimezone(LONDON).date()


def to_london(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("expected a timezone-aware datetime")
    return at.astimezone(LONDON)
