"""`portcullis orders check`: validate a proposed order or notice (a JSON document) against the
conditions catalogue and the rules. Nothing is saved. The schema is documented in docs/orders.md."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from portcullis.core import policy
from portcullis.core.parties import PartyError, parse_partial_date
from portcullis.orders import agencies, rules
from portcullis.orders.conditions import Condition
from portcullis.orders.types import Applicant, OrderType, Proposal, Violation


class ApplicantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency: str = Field(min_length=1, max_length=100, description="agency code, e.g. nca, greater-manchester")
    kind: str | None = Field(
        default=None, description="only for applicants not in the agency list, e.g. victim"
    )
    rank: str | None = None
    terrorism_related: bool = False


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    person_id: str | None = None
    date_of_birth: str | None = None

    @field_validator("date_of_birth")
    @classmethod
    def _dob(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            return parse_partial_date(v)
        except PartyError as exc:
            raise ValueError(str(exc).split(": ", 1)[-1]) from None


class ProposedOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_type: OrderType
    applicant: ApplicantIn
    court: str | None = None
    area: str | None = None
    subject: PersonIn = Field(default_factory=PersonIn)
    protected_person: PersonIn | None = None
    decision_date: date | None = Field(
        default=None, description="the date to check on; default: starts_on or today"
    )
    starts_on: date | None = None
    ends_on: date | None = None
    issued_at: datetime | None = None
    with_notice: bool = True
    conditions: list[Condition] = Field(default_factory=list)

    @field_validator("issued_at")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("give a time zone offset, e.g. 2025-06-02T14:00:00+01:00")
        return v


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in {
            "travel_restriction",
            "devices",
            "social_media",
            "association",
            "communications",
            "financial",
            "exclusion_zone",
            "no_contact",
            "residence",
            "home_access",
            "positive_requirement",
            "electronic_monitoring",
            "notification",
        } and out.endswith("]"):
            continue  # the discriminator tag pydantic adds to the location
        else:
            out += ("." if out else "") + str(part)
    return out


def validation_violations(exc: ValidationError) -> list[Violation]:
    return [
        Violation(_field(e["loc"]) or "file", e["msg"].removeprefix("Value error, ")) for e in exc.errors()
    ]


def to_applicant(data: ApplicantIn) -> tuple[Applicant | None, list[Violation]]:
    agency = agencies.lookup(data.agency)
    if agency is not None:
        return Applicant(agency.code, agency.kind, agency.areas, data.terrorism_related, data.rank), []
    if data.kind in agencies.PRIVATE_APPLICANT_KINDS:
        return Applicant(data.agency, data.kind, (), False, None), []
    return None, [
        Violation(
            "applicant.agency",
            f"{data.agency!r} is not a known agency "
            f"({', '.join(sorted(agencies.AGENCIES))}) or a private applicant "
            f"kind ({', '.join(agencies.PRIVATE_APPLICANT_KINDS)})",
        )
    ]


def to_proposal(order: ProposedOrder, applicant: Applicant) -> Proposal:
    return Proposal(
        order_type=order.order_type,
        applicant=applicant,
        court=order.court,
        area=order.area,
        subject_date_of_birth=order.subject.date_of_birth,
        protected_person_date_of_birth=order.protected_person.date_of_birth
        if order.protected_person
        else None,
        starts_on=order.starts_on,
        ends_on=order.ends_on,
        issued_at=order.issued_at,
        conditions=tuple(c.facts(i) for i, c in enumerate(order.conditions)),
    )


def check_order(
    order: ProposedOrder, today: date, snapshot: policy.Snapshot | None = None
) -> list[Violation]:
    applicant, problems = to_applicant(order.applicant)
    if applicant is None:
        return problems
    on = order.decision_date or order.starts_on or (order.issued_at.date() if order.issued_at else today)
    snap = snapshot or policy.at(on)
    return list(rules.check_proposal(to_proposal(order, applicant), on, snap).violations)


def check_document(text: str, today: date, snapshot: policy.Snapshot | None = None) -> dict[str, Any]:
    """{"valid": bool, "violations": [{"field", "reason"}]} for a JSON document."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return _result(
            [Violation("file", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")]
        )
    try:
        order = ProposedOrder.model_validate(data)
    except ValidationError as exc:
        return _result(validation_violations(exc))
    return _result(check_order(order, today, snapshot))


def _result(violations: list[Violation]) -> dict[str, Any]:
    return {"valid": not violations, "violations": [v.as_dict() for v in violations]}
