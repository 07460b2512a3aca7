"""How long an ETA lasts and what it costs."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.travel.rules.requirement import RuleError


@dataclass(frozen=True)
class Validity:
    valid_from: date
    valid_until: date
    capped_by_passport: bool
    used: tuple[ParameterValue, ...]


def add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year
        return start.replace(year=start.year + years, day=28)


def add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def validity(*, granted: date, passport_expiry: date, snapshot: Snapshot) -> Validity:
    """An ETA lasts until the earlier of the grant plus the validity period and the passport's expiry."""
    if passport_expiry < granted:
        raise RuleError("passport_expiry", "the passport expires before the grant date")
    years = snapshot.value("travel.eta.validity_years")
    end_of_term = add_years(granted, int(years.value))
    until = min(end_of_term, passport_expiry)
    return Validity(granted, until, passport_expiry < end_of_term, (years,))


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    currency: str
    used: ParameterValue

    @property
    def pence(self) -> int:
        return int(self.amount * 100)

    def as_dict(self) -> dict[str, str]:
        return {"amount": f"{self.amount:.2f}", "currency": self.currency}


def fee(*, snapshot: Snapshot) -> Fee:
    value = snapshot.value("travel.eta.fee")
    return Fee(Decimal(str(value.value)), value.unit or "GBP", value)
