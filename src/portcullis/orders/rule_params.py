"""Reading the orders parameters for the rules: a null value means the law is not known, and the rule
then refuses to decide. Pure: no clock, no I/O."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.orders.types import Decision, Violation

LONDON = ZoneInfo("Europe/London")
PREFIX = "orders."
POLICE_KINDS = ("territorial", "british-transport-police", "ministry-of-defence-police")
# Condition types a proposal file may use, whatever the order; the order type then narrows them.
UNLIMITED = "unlimited"


def _cannot(field: str, name: str) -> Violation:
    return Violation(field, f"cannot decide: {PREFIX}{name} is not known", undecided=True)


def _param(snap: Snapshot, name: str) -> ParameterValue | None:
    """The entry in force (value may be None), or None when the rule did not exist yet on that date."""
    return snap.maybe(PREFIX + name)


def _commenced(snap: Snapshot, name: str, on: date, field: str, what: str) -> Decision | None:
    """None when in force; otherwise a Decision explaining why not (or that it cannot be known)."""
    entry = _param(snap, name)
    if entry is None:
        return Decision((Violation(field, f"{what} did not exist on {on.isoformat()}"),))
    if entry.value is None:
        return Decision((_cannot(field, name),), (entry,))
    if on < date.fromisoformat(str(entry.value)):
        return Decision((Violation(field, f"{what} not in force until {entry.value}"),), (entry,))
    return None
