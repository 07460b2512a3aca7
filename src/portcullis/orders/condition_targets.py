"""Whose conditions the conditions pages edit: a pending application (officers of the applicant force or
agency) or an order under a granted variation (the court's staff); the kinds offered for each order type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException

from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.orders import conditions_service
from portcullis.orders.filing_pages import KINDS
from portcullis.orders.models import Order, OrderApplication
from portcullis.orders.service import OrdersError
from portcullis.orders.types import OrderType

KIND_LABELS = {
    "travel_restriction": "Travel restriction",
    "devices": "Phones and laptops",
    "social_media": "Social media ban",
    "association": "Association ban",
    "communications": "Communications restriction",
    "financial": "Financial restriction",
    "exclusion_zone": "Exclusion zone",
    "no_contact": "No contact",
    "residence": "Residence requirement",
    "home_access": "The shared home",
    "positive_requirement": "Positive requirement",
    "electronic_monitoring": "Electronic monitoring",
    "notification": "Notification requirements",
}
SCPO_EXTRA = ("communications", "financial", "no_contact", "positive_requirement")
# Every catalogue kind the order type's parameter allows (the rules refuse the rest when saving).
OFFERED: dict[OrderType, tuple[str, ...]] = {
    **{t: kinds + tuple(k for k in SCPO_EXTRA if k not in kinds) for t, kinds in KINDS.items()},
    OrderType.DAPN: ("no_contact", "exclusion_zone", "home_access"),
}
OFFERED[OrderType.DAPO] = KINDS[OrderType.DAPO]
OFFERED[OrderType.YDO] = KINDS[OrderType.YDO]


@dataclass
class Target:
    """Whose conditions these are, and how to save them."""

    base: str  # URL of the summary page
    caption: str
    back: str
    order_type: OrderType
    conditions: list[dict[str, Any]]
    protected_id: str | None
    subject_id: str
    record_type: str
    record_id: str
    save: Callable[[UnitOfWork, list[dict[str, Any]], str], Any]


def application_target(uow: UnitOfWork, principal: Principal, application_id: str) -> Target:
    application = uow.session.get(OrderApplication, application_id)
    if (
        application is None
        or not principal.sees_organisation("orders.write", application.applicant_agency)
        or application.status not in conditions_service.OPEN_APPLICATION
    ):
        raise HTTPException(status_code=404, detail="No such pending application")

    def save(uow: UnitOfWork, conditions: list[dict[str, Any]], change: str) -> Any:
        return conditions_service.revise_application_conditions(
            uow, application_id=application_id, conditions=conditions, actor=principal, change=change
        )

    return Target(
        base=f"/orders/applications/{application.id}/conditions",
        caption=f"Application {application.reference}",
        back=f"/orders/applications/{application.id}",
        order_type=OrderType(application.order_type),
        conditions=list(application.proposed_conditions),
        protected_id=application.protected_person_id,
        subject_id=application.subject_person_id,
        record_type="order_application",
        record_id=application.id,
        save=save,
    )


def variation_target(uow: UnitOfWork, principal: Principal, order_id: str, variation_id: str) -> Target:
    try:
        _, order = conditions_service.granted_variation(uow, variation_id, order_id)
    except OrdersError:
        raise HTTPException(status_code=404, detail="No granted variation of an order in force") from None
    if principal.is_scoped_for("orders.court.decide") and order.court != principal.organisation:
        raise HTTPException(status_code=404, detail="No such order")

    def save(uow: UnitOfWork, conditions: list[dict[str, Any]], change: str) -> Order:
        return conditions_service.change_order_conditions(
            uow,
            order_id=order_id,
            variation_id=variation_id,
            conditions=conditions,
            actor=principal,
            change=change,
        )

    return Target(
        base=f"/orders/{order.id}/variations/{variation_id}/conditions",
        caption=f"Order {order.reference}, as varied",
        back=f"/orders/court/orders/{order.id}",
        order_type=OrderType(order.order_type),
        conditions=list(order.conditions),
        protected_id=order.protected_person_id,
        subject_id=order.subject_person_id,
        record_type="order",
        record_id=order.id,
        save=save,
    )
