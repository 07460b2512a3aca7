"""Time limits: the DAPN hearing deadline (48 hours, disregarding Sundays, Christmas Day, Good Friday
and bank holidays) and when notice of an interim SCPO made without notice must be served. Pure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from portcullis.core.policy import Snapshot
from portcullis.orders.rule_params import LONDON, _cannot, _param
from portcullis.orders.types import Decision, OrderType


def is_disregarded(day: date, bank_holidays: Callable[[date], bool]) -> bool:
    """Sundays, Christmas Day, Good Friday and bank holidays in England and Wales (s.29)."""
    return day.weekday() == 6 or (day.month, day.day) == (12, 25) or bank_holidays(day)


def hearing_deadline(issued: datetime, hours: int, bank_holidays: Callable[[date], bool]) -> datetime:
    """The time by which the DAPO hearing must begin: `hours` of elapsed time after the notice, not
    counting any part of a disregarded day. Counted in UK time (the days are UK days); returned in UK time."""
    if issued.tzinfo is None:
        raise ValueError("issued must be timezone-aware")
    remaining = timedelta(hours=hours)
    cursor = issued.astimezone(LONDON)
    while True:
        day = cursor.date()
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), LONDON)
        if is_disregarded(day, bank_holidays):
            cursor = next_midnight
            continue
        # Elapsed time in UTC so that a 23- or 25-hour day counts as it really is.
        available = next_midnight.timestamp() - cursor.timestamp()
        if remaining.total_seconds() <= available:
            return datetime.fromtimestamp(cursor.timestamp() + remaining.total_seconds(), LONDON)
        remaining -= timedelta(seconds=available)
        cursor = next_midnight


def notice_service_by(
    order_type: OrderType, made_on: date, without_notice: bool, snap: Snapshot
) -> tuple[date | None, Decision]:
    """When notice of an interim SCPO made without notice must be served (7 days, Public Bill Committee)."""
    if order_type is not OrderType.INTERIM_SCPO or not without_notice:
        return None, Decision()
    entry = _param(snap, "interim_scpo.notice_service_days")
    if entry is None or entry.value is None:
        return None, Decision((_cannot("served_at", "interim_scpo.notice_service_days"),))
    return made_on + timedelta(days=int(entry.value)), Decision(used=(entry,))


def no_signal_gap(snap: Snapshot) -> tuple[timedelta | None, Decision]:
    """How long a tag may stay silent before the system raises no-signal itself (a supplier-contract figure,
    `orders.monitoring.no_signal_gap_minutes`). None with the reason when no figure is in force."""
    name = "monitoring.no_signal_gap_minutes"
    entry = _param(snap, name)
    if entry is None or entry.value is None:
        return None, Decision((_cannot("no_signal_gap", name),), (entry,) if entry else ())
    return timedelta(minutes=int(entry.value)), Decision((), (entry,))


def silent_too_long(last_heard: datetime, now: datetime, gap: timedelta) -> bool:
    """A tag last heard from at `last_heard` (its last point, or its fitting) has a reporting gap at `now`
    when more than `gap` has passed: exactly `gap` is not yet a gap."""
    return now - last_heard > gap
