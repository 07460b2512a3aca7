"""The life of a made order: service and knowledge (when it binds), variation, discharge, appeals, expiry."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.orders import effects, rules
from portcullis.orders.models import Appeal, Order, Variation
from portcullis.orders.service import (
    IN_FORCE,
    OrdersError,
    dump_conditions,
    end_order,
    fail,
    get_order,
    parse_conditions,
    raise_refusals,
    timeline,
)
from portcullis.orders.types import Applicant, OrderType, Proposal


def _audit(
    uow: UnitOfWork, actor: Principal, operation: audit.Operation, order: Order, why: str, **details: Any
) -> None:
    audit.record(
        uow,
        actor=actor,
        operation=operation,
        record_type="order",
        record_id=order.id,
        subject_id=order.subject_person_id,
        justification=why,
        details=details,
    )


def record_service(
    uow: UnitOfWork,
    *,
    order_id: str,
    actor: Principal,
    served_at: datetime | None = None,
    known_at: datetime | None = None,
) -> Order:
    """Service of the order, or proof the subject knew of it: it binds from the earlier (SCA 2007 s.10)."""
    order = get_order(uow, order_id)
    for value, name in ((served_at, "served_at"), (known_at, "known_at")):
        if value is not None and value.tzinfo is None:
            raise fail(name, "give a time zone offset")
        if value is not None and value > clock.now():
            raise fail(name, "is in the future")
    if served_at is None and known_at is None:
        raise fail("served_at", "give served_at or known_at")
    order.served_at = served_at or order.served_at
    order.known_at = known_at or order.known_at
    timeline(
        uow,
        "served",
        "Served on the subject" if served_at else "Subject shown to know of the order",
        actor,
        order_id=order.id,
    )
    _audit(uow, actor, audit.Operation.ALTERATION, order, "Service or knowledge of the order recorded")
    return order


def binds_from(order: Order) -> datetime | None:
    return rules.binding_from(
        served_at=order.served_at,
        known_at=order.known_at,
        represented_at_hearing=order.represented_at_hearing,
    )


def apply_to_vary(
    uow: UnitOfWork,
    *,
    order_id: str,
    kind: str,
    party: str,
    grounds: str,
    actor: Principal,
    change_of_circumstances: bool = False,
    significantly_affected: bool = False,
    proposed_conditions: list[dict[str, Any]] | None = None,
    proposed_ends_on: date | None = None,
) -> Variation:
    order = get_order(uow, order_id)
    if kind not in ("vary", "discharge"):
        raise fail("kind", "must be vary or discharge")
    if order.status != IN_FORCE:
        raise fail("order_id", f"the order is {order.status}")
    if not grounds.strip():
        raise fail("grounds", "give the grounds")
    raise_refusals(
        rules.may_seek_variation(
            party,
            change_of_circumstances=change_of_circumstances,
            significantly_affected=significantly_affected,
        )
    )
    if proposed_conditions is not None:
        parse_conditions(proposed_conditions, "proposed_conditions")
    variation = Variation(
        order_id=order.id,
        kind=kind,
        party=party,
        grounds=grounds.strip(),
        proposed_conditions=proposed_conditions,
        proposed_ends_on=proposed_ends_on,
        lodged_at=clock.now(),
    )
    uow.session.add(variation)
    uow.flush()
    timeline(uow, "variation", f"Application to {kind} by the {party}", actor, order_id=order.id)
    _audit(uow, actor, audit.Operation.COLLECTION, order, f"Application to {kind} the order", party=party)
    return variation


def decide_variation(
    uow: UnitOfWork,
    *,
    variation_id: str,
    granted: bool,
    actor: Principal,
    snapshot: policy.Snapshot | None = None,
) -> Variation:
    variation = uow.session.get(Variation, variation_id)
    if variation is None or variation.status != "pending":
        raise fail("variation_id", "no pending variation with that id")
    order = get_order(uow, variation.order_id)
    today = clock.today_in_london()
    variation.status, variation.decided_at = ("granted" if granted else "refused"), clock.now()
    if granted and variation.kind == "discharge":
        end_order(uow, order, status="discharged", reason="Discharged by the court", on=today, actor=actor)
    elif granted:
        old = list(order.conditions)
        parsed = parse_conditions(
            variation.proposed_conditions if variation.proposed_conditions is not None else order.conditions,
            "proposed_conditions",
        )
        proposal = Proposal(
            order_type=OrderType(order.order_type),
            applicant=Applicant(order.agency, ""),
            starts_on=order.starts_on,
            ends_on=variation.proposed_ends_on or order.ends_on,
            conditions=tuple(c.facts(i) for i, c in enumerate(parsed)),
        )
        snap = snapshot or policy.at(today)
        decision = rules.check_duration(proposal, snap) + rules.check_conditions(
            proposal.order_type, proposal.conditions, today, snap
        )
        if decision.violations:
            raise OrdersError([v.as_dict() for v in decision.violations])
        order.conditions, order.ends_on = dump_conditions(parsed), proposal.ends_on
        effects.end(uow, order=order, on=today, conditions=old)
        effects.apply(uow, order=order)
        timeline(uow, "varied", "Order varied by the court", actor, order_id=order.id)
    if not granted:
        timeline(uow, "variation", f"Application to {variation.kind} refused", actor, order_id=order.id)
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        order,
        f"Court decided an application to {variation.kind}",
        granted=granted,
    )
    return variation


def lodge_appeal(uow: UnitOfWork, *, order_id: str, appellant: str, grounds: str, actor: Principal) -> Appeal:
    order = get_order(uow, order_id)
    if appellant not in ("subject", "applicant"):
        raise fail("appellant", "must be subject or applicant")
    if not grounds.strip():
        raise fail("grounds", "give the grounds")
    appeal = Appeal(order_id=order.id, appellant=appellant, grounds=grounds.strip(), lodged_at=clock.now())
    uow.session.add(appeal)
    uow.flush()
    timeline(uow, "appeal", f"Appeal lodged by the {appellant}", actor, order_id=order.id)
    _audit(uow, actor, audit.Operation.COLLECTION, order, "Appeal lodged", appellant=appellant)
    return appeal


def decide_appeal(uow: UnitOfWork, *, appeal_id: str, allowed: bool, actor: Principal) -> Appeal:
    appeal = uow.session.get(Appeal, appeal_id)
    if appeal is None or appeal.status != "lodged":
        raise fail("appeal_id", "no lodged appeal with that id")
    appeal.status, appeal.decided_at = ("allowed" if allowed else "dismissed"), clock.now()
    if appeal.order_id:
        order = get_order(uow, appeal.order_id)
        if allowed and appeal.appellant == "subject":
            end_order(
                uow,
                order,
                status="quashed",
                reason="Quashed on appeal",
                on=clock.today_in_london(),
                actor=actor,
            )
        else:
            timeline(uow, "appeal", f"Appeal {appeal.status}", actor, order_id=order.id)
        _audit(uow, actor, audit.Operation.ALTERATION, order, f"Appeal {appeal.status}")
    return appeal


def expiring(uow: UnitOfWork, *, within_days: int, today: date | None = None) -> list[Order]:
    """Orders in force whose last day falls within the next `within_days` days."""
    if within_days < 0:
        raise fail("within", "must be 0 or more days")
    today = today or clock.today_in_london()
    query = (
        select(Order)
        .where(
            Order.status == IN_FORCE,
            Order.ends_on.is_not(None),
            Order.ends_on >= today,
            Order.ends_on <= today + timedelta(days=within_days),
        )
        .order_by(Order.ends_on)
    )
    return list(uow.session.scalars(query))


def expire_orders(uow: UnitOfWork, *, actor: Principal, today: date | None = None) -> int:
    """Mark orders past their last day as expired and lift their effects."""
    today = today or clock.today_in_london()
    count = 0
    for order in uow.session.scalars(select(Order).where(Order.status == IN_FORCE, Order.ends_on < today)):
        assert order.ends_on is not None
        end_order(
            uow, order, status="expired", reason="Expired", on=order.ends_on + timedelta(days=1), actor=actor
        )
        count += 1
    return count
