"""Helpers shared by the employers services: loading a record or naming the missing field, the audit entry,
England and Wales bank holidays for working-day deadlines, and screening for employer use."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TypeVar

import holidays
from sqlalchemy.orm import Session

from portcullis.core import audit
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.policy import ParameterNotInForce
from portcullis.employers.values import EmployersError
from portcullis.screening import service as screening
from portcullis.screening.subjects import ScreeningInputError

T = TypeVar("T")


@lru_cache(maxsize=32)
def _bank_holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def bank_holidays(start: date) -> frozenset[date]:
    """England and Wales bank holidays for the year of `start` and the next (deadlines cross new year)."""
    return _bank_holidays_of(start.year) | _bank_holidays_of(start.year + 1)


def load(session: Session, model: type[T], record_id: str, field: str) -> T:
    found = session.get(model, record_id)
    if found is None:
        raise EmployersError(field, f"no record with id {record_id!r}")
    return found


def log_audit(
    uow: UnitOfWork,
    actor: Principal,
    operation: audit.Operation,
    record_type: str,
    record_id: str,
    why: str,
    subject_id: str | None = None,
    recipient: str | None = None,
    **details: object,
) -> None:
    audit.record(
        uow,
        actor=actor,
        operation=operation,
        record_type=record_type,
        record_id=record_id,
        subject_id=subject_id,
        justification=why,
        recipient=recipient,
        details=dict(details),
    )


def screen(
    session: Session, subject: screening.SubjectIn, *, on: date, field: str, lists: list[str] | None = None
) -> list[screening.Hit]:
    """Screen for employer use; a subject screening cannot read, or a date with no threshold, is refused
    naming the field rather than guessed."""
    try:
        return screening.screen(session, subject, use="employer", on=on, lists=lists)
    except ScreeningInputError as exc:
        raise EmployersError(field, f"cannot be screened ({exc})") from None
    except ParameterNotInForce:
        raise EmployersError("on", f"no screening threshold is in force on {on.isoformat()}") from None
