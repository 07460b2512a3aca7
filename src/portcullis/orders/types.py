"""Value types of the orders domain, shared by the pure rules and the rest of the domain (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class OrderType(StrEnum):
    SCPO = "scpo"
    INTERIM_SCPO = "interim_scpo"
    DAPN = "dapn"
    DAPO = "dapo"
    YDO = "ydo"


ORDER_LABELS = {
    OrderType.SCPO: "Serious Crime Prevention Order",
    OrderType.INTERIM_SCPO: "Interim Serious Crime Prevention Order",
    OrderType.DAPN: "Domestic Abuse Protection Notice",
    OrderType.DAPO: "Domestic Abuse Protection Order",
    OrderType.YDO: "Youth Diversion Order",
}

# Police ranks, lowest first (Metropolitan and City of London titles share a step with their equivalents).
RANKS: dict[str, int] = {
    "constable": 1,
    "sergeant": 2,
    "inspector": 3,
    "chief-inspector": 4,
    "superintendent": 5,
    "chief-superintendent": 6,
    "assistant-chief-constable": 7,
    "commander": 7,
    "deputy-chief-constable": 8,
    "deputy-assistant-commissioner": 8,
    "chief-constable": 9,
    "assistant-commissioner": 9,
    "deputy-commissioner": 10,
    "commissioner": 11,
}


@dataclass(frozen=True)
class Violation:
    """One reason a proposal fails; `undecided` means the law is not known, so the rule refuses to decide."""

    field: str
    reason: str
    undecided: bool = False

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class Decision:
    """The outcome of a rule: violations (none means allowed) and the parameters it relied on."""

    violations: tuple[Violation, ...] = ()
    used: tuple[Any, ...] = ()  # ParameterValue
    notes: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.violations

    @property
    def refused(self) -> bool:
        """A definite 'no' (as opposed to 'cannot decide')."""
        return any(not v.undecided for v in self.violations)

    @property
    def undecided(self) -> bool:
        return bool(self.violations) and not self.refused

    def __add__(self, other: Decision) -> Decision:
        return Decision(self.violations + other.violations, self.used + other.used, self.notes + other.notes)


@dataclass(frozen=True)
class Applicant:
    """Who applies or issues: an agency code, what kind of body it is, and the areas it polices."""

    agency: str
    # nca, territorial, british-transport-police, ministry-of-defence-police, dpp, sfo, other-law-enforcement,
    # victim, specified-person, other-with-leave
    kind: str
    areas: tuple[str, ...] = ()
    terrorism_related: bool = False
    rank: str | None = None  # the issuing officer's rank (DAPN)


@dataclass(frozen=True)
class ConditionFacts:
    """What the rules need to know about one proposed condition."""

    index: int
    kind: str
    monitoring_months: int | None = None
    subject_present: bool | None = None  # electronic monitoring: not in the subject's absence


@dataclass(frozen=True)
class Proposal:
    order_type: OrderType
    applicant: Applicant
    court: str | None = None
    area: str | None = None  # where the DAPN/DAPO is given or applied for (pilot rules)
    subject_date_of_birth: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    protected_person_date_of_birth: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    issued_at: datetime | None = None
    conditions: tuple[ConditionFacts, ...] = field(default_factory=tuple)
