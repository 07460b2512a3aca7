"""Changing conditions one at a time: the proposed conditions of a pending application, and the conditions of
an order after the court has granted a variation. Each change is checked against the catalogue and the rules
for the order type (a definite refusal raises OrdersError and nothing is saved), written to the timeline and
audited in the same transaction; an order's screening effects follow its new conditions."""

from __future__ import annotations

from typing import Any

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.orders import effects, rules
from portcullis.orders.models import Order, OrderApplication, Variation
from portcullis.orders.service_support import (
    IN_FORCE,
    dump_conditions,
    fail,
    parse_conditions,
    raise_refusals,
    timeline,
)
from portcullis.orders.types import OrderType

OPEN_APPLICATION = ("pending", "adjourned")


def _checked(
    order_type: str, conditions: list[dict[str, Any]], snapshot: policy.Snapshot | None
) -> list[Any]:
    parsed = parse_conditions(conditions)
    today = clock.today_in_london()
    decision = rules.check_conditions(
        OrderType(order_type),
        tuple(c.facts(i) for i, c in enumerate(parsed)),
        today,
        snapshot or policy.at(today),
    )
    raise_refusals(decision)  # "cannot decide" stays for the court, as when the application was filed
    return dump_conditions(parsed)


def revise_application_conditions(
    uow: UnitOfWork,
    *,
    application_id: str,
    conditions: list[dict[str, Any]],
    actor: Principal,
    change: str,
    snapshot: policy.Snapshot | None = None,
) -> OrderApplication:
    """Replace a pending application's proposed conditions (`change` says what changed, for the timeline)."""
    application = uow.session.get(OrderApplication, application_id)
    if application is None or application.status not in OPEN_APPLICATION:
        raise fail("application_id", "no pending application with that id")
    application.proposed_conditions = _checked(application.order_type, conditions, snapshot)
    timeline(uow, "conditions", f"Proposed conditions: {change}", actor, application_id=application.id)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="order_application",
        record_id=application.id,
        subject_id=application.subject_person_id,
        justification="Proposed conditions of an application changed",
        details={"change": change, "conditions": len(application.proposed_conditions)},
    )
    return application


def granted_variation(uow: UnitOfWork, variation_id: str, order_id: str) -> tuple[Variation, Order]:
    """A granted variation (not a discharge) of an order in force, or OrdersError."""
    variation = uow.session.get(Variation, variation_id)
    if variation is None or variation.order_id != order_id:
        raise fail("variation_id", "no variation of this order with that id")
    if variation.kind != "vary" or variation.status != "granted":
        raise fail("variation_id", "the conditions can be changed only under a granted variation")
    order = uow.session.get(Order, order_id)
    if order is None or order.status != IN_FORCE:
        raise fail("order_id", "the order is no longer in force")
    return variation, order


def change_order_conditions(
    uow: UnitOfWork,
    *,
    order_id: str,
    variation_id: str,
    conditions: list[dict[str, Any]],
    actor: Principal,
    change: str,
    snapshot: policy.Snapshot | None = None,
) -> Order:
    """Replace an order's conditions as the court varied them; its watchlist entries follow."""
    variation, order = granted_variation(uow, variation_id, order_id)
    old = list(order.conditions)
    order.conditions = _checked(order.order_type, conditions, snapshot)
    variation.proposed_conditions = order.conditions  # the varied terms, as recorded
    effects.end(uow, order=order, on=clock.today_in_london(), conditions=old)
    effects.apply(uow, order=order)
    timeline(uow, "varied", f"Conditions varied by the court: {change}", actor, order_id=order.id)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="order",
        record_id=order.id,
        subject_id=order.subject_person_id,
        justification="Order's conditions changed under a granted variation",
        details={"variation_id": variation.id, "change": change, "conditions": len(order.conditions)},
    )
    return order
