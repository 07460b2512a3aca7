"""The England and Wales calendar for DAPN deadlines, from the maintained `holidays` package."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

import holidays

from portcullis.core import policy
from portcullis.orders import rules


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England and Wales (Good Friday and Christmas Day are among them)."""
    return day in _bank_holidays(day.year)


def dapn_hearing_deadline(issued: datetime) -> datetime:
    """When the DAPO hearing must begin for a notice given at `issued` (aware), in UK local time."""
    if issued.tzinfo is None:
        raise ValueError("issued: give a timezone-aware time (e.g. 2025-06-02T14:00+01:00)")
    on = issued.astimezone(rules.LONDON).date()
    hours = policy.at(on).value("orders.dapn.hearing_within_hours")
    return rules.hearing_deadline(issued, int(hours.value), is_bank_holiday)
