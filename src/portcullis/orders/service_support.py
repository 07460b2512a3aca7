"""Shared pieces of the orders use cases: the error type, the timeline entry, condition parsing and
the look-ups every use case needs. `service.py` re-exports them for callers."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from portcullis.core import clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, new_id
from portcullis.core.parties import Person
from portcullis.orders import agencies
from portcullis.orders.conditions import CONDITION_LIST, Condition
from portcullis.orders.models import OrderEvent
from portcullis.orders.proposals import validation_violations
from portcullis.orders.types import Applicant, Decision

OUTCOMES = ("granted", "refused", "adjourned", "withdrawn")
IN_FORCE = "in_force"


class OrdersError(ValueError):
    """Bad input or a refusal by the rules: a list of {field, reason}; nothing was saved."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['reason']}" for e in errors))


def fail(field: str, reason: str) -> OrdersError:
    return OrdersError([{"field": field, "reason": reason}])


def actor_label(actor: Principal) -> str:
    return actor.name if actor.organisation is None else f"{actor.name} ({actor.organisation})"


def timeline(
    uow: UnitOfWork,
    kind: str,
    summary: str,
    actor: Principal,
    *,
    application_id: str | None = None,
    order_id: str | None = None,
) -> None:
    uow.session.add(
        OrderEvent(
            application_id=application_id,
            order_id=order_id,
            kind=kind,
            summary=summary,
            actor_label=actor_label(actor),
            at=clock.now(),
        )
    )


def _reference(order_type: str) -> str:
    return f"{order_type.upper().replace('_', '-')}-{new_id()[:8].upper()}"


def parse_conditions(raw: list[dict[str, Any]] | None, field: str = "conditions") -> list[Condition]:
    try:
        return CONDITION_LIST.validate_python(raw or [])
    except ValidationError as exc:
        raise OrdersError(
            [
                {
                    "field": f"{field}{v.field}" if v.field.startswith("[") else f"{field}.{v.field}",
                    "reason": v.reason,
                }
                for v in validation_violations(exc)
            ]
        ) from None


def dump_conditions(conditions: list[Condition]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json", exclude_none=True) for c in conditions]


def _applicant(
    agency_code: str, applicant_kind: str | None, terrorism_related: bool, rank: str | None = None
) -> Applicant:
    agency = agencies.lookup(agency_code)
    if agency is not None:
        return Applicant(agency.code, agency.kind, agency.areas, terrorism_related, rank)
    if applicant_kind in agencies.PRIVATE_APPLICANT_KINDS:
        return Applicant(agency_code, applicant_kind, (), False, None)
    raise fail("applicant_agency", f"{agency_code!r} is not a known agency or private applicant")


def raise_refusals(decision: Decision) -> None:
    refusals = [v for v in decision.violations if not v.undecided]
    if refusals:
        raise OrdersError([v.as_dict() for v in refusals])


def _person(uow: UnitOfWork, person_id: str | None, field: str) -> Person:
    person = uow.session.get(Person, person_id) if person_id else None
    if person is None:
        raise fail(field, f"no person record with id {person_id!r}")
    return person


def audit_actor() -> Principal:
    from portcullis.core.access import SYSTEM

    return SYSTEM
