"""Settings refuse unsafe production starts; the clock is injected and deadlines use UK local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from portcullis.core import clock
from portcullis.core.settings import DEFAULT_SECRET, ConfigurationError, Settings


def test_production_with_the_default_secret_key_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match="PORTCULLIS_SECRET_KEY"):
        Settings(
            environment="production",
            secret_key=DEFAULT_SECRET,
            database_url="postgresql://db.example/portcullis",
        )


def test_production_with_a_short_secret_key_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match="32 characters"):
        Settings(environment="production", secret_key="short", database_url="postgresql://db/p")


def test_production_on_sqlite_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match="PostgreSQL"):
        Settings(environment="production", secret_key="x" * 40, database_url="sqlite:///var/p.db")


def test_production_with_a_real_secret_and_postgresql_starts() -> None:
    settings = Settings(environment="production", secret_key="x" * 40, database_url="postgresql://db/p")
    assert settings.secure_cookies and not settings.is_sqlite


def test_settings_read_portcullis_variables_and_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTCULLIS_LOG_LEVEL", "DEBUG")
    monkeypatch.delenv("PORTCULLIS_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/x")
    settings = Settings()
    assert settings.log_level == "DEBUG" and settings.database_url.endswith("/x")


def test_a_frozen_clock_stands_still_until_moved() -> None:
    fc = clock.FrozenClock(datetime(2025, 3, 29, 23, 30, tzinfo=UTC))
    clock.set_clock(fc)
    try:
        assert clock.now() == datetime(2025, 3, 29, 23, 30, tzinfo=UTC)
        fc.advance(timedelta(hours=1))
        assert clock.now().hour == 0
    finally:
        clock.set_clock(clock.SystemClock())


def test_the_uk_legal_date_follows_british_summer_time() -> None:
    # 23:30 UTC on 30 June is already 1 July in London (BST, UTC+1); in January it is still the same day.
    clock.set_clock(clock.FrozenClock(datetime(2025, 6, 30, 23, 30, tzinfo=UTC)))
    try:
        assert clock.today_in_london().isoformat() == "2025-07-01"
        clock.set_clock(clock.FrozenClock(datetime(2025, 1, 30, 23, 30, tzinfo=UTC)))
        assert clock.today_in_london().isoformat() == "2025-01-30"
    finally:
        clock.set_clock(clock.SystemClock())


def test_the_clock_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.FrozenClock(datetime(2025, 1, 1))
