"""Court staff: list a hearing for an application, and decide applications to vary or discharge an order
and appeals against it (orders made by their own court). The court's outcome on the application itself is
recorded on the application page (`court_pages`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import audit, clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.orders import lifecycle, service
from portcullis.orders.court_pages import court_application_page
from portcullis.orders.form_helpers import Errors, by_field, errors_from, form_data, parse_local, text
from portcullis.orders.models import Appeal, Order, OrderApplication, Variation
from portcullis.orders.page_common import consulted, names_of
from portcullis.orders.types import ORDER_LABELS, OrderType
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)


def _court_order(uow: UnitOfWork, principal: Principal, order_id: str) -> Order:
    order = uow.session.get(Order, order_id)
    if order is None or (principal.is_scoped_for("orders.court") and order.court != principal.organisation):
        raise HTTPException(status_code=404, detail="No such order")
    return order


def _order_page(
    request: Request,
    order_id: str,
    principal: Principal,
    errors: Errors,
    values: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    with unit_of_work() as uow:
        order = _court_order(uow, principal, order_id)
        variations = list(uow.session.scalars(select(Variation).where(Variation.order_id == order.id)))
        appeals = list(uow.session.scalars(select(Appeal).where(Appeal.order_id == order.id)))
        names = names_of(uow, {order.subject_person_id})
        consulted(uow, principal, "order", order.id, order.subject_person_id, "Court viewed the order")
        return render(
            request,
            "orders/court_order.html",
            {
                "title": f"Order {order.reference}",
                "order": order,
                "label": ORDER_LABELS[OrderType(order.order_type)],
                "subject": names.get(order.subject_person_id, ""),
                "variations": variations,
                "appeals": appeals,
                "can_decide": principal.can("orders.court.decide"),
                "errors": errors,
                "values": values,
                "fe": by_field(errors),
                "to_london": clock.to_london,
            },
            status_code=status,
        )


@router.get("/orders/court/orders/{order_id}", response_class=HTMLResponse)
def court_order(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.court"))
) -> HTMLResponse:
    return _order_page(request, order_id, principal, [], {})


def _decide(
    request: Request,
    principal: Principal,
    form: dict[str, Any],
    record: type[Variation] | type[Appeal],
    record_id: str,
    choice: str,
    call: Any,
) -> Response:
    with unit_of_work() as uow:
        item = (
            uow.session.get(Variation, record_id)
            if record is Variation
            else uow.session.get(Appeal, record_id)
        )
        if item is None or item.order_id is None:
            raise HTTPException(status_code=404, detail="No such application or appeal")
        order_id = item.order_id
        _court_order(uow, principal, order_id)
    field = f"{choice}-{record_id}"
    errors: Errors = []
    if text(form, choice) not in ("yes", "no"):
        errors.append({"text": "Select the court's decision", "href": f"#{field}"})
    else:
        try:
            with unit_of_work() as uow:
                call(uow, text(form, choice) == "yes")
            return RedirectResponse(f"/orders/court/orders/{order_id}", status_code=303)
        except service.OrdersError as exc:
            errors = errors_from(exc, [], {"proposed_conditions": field, "ends_on": field})
    return _order_page(request, order_id, principal, errors, {}, 400)


@router.post("/orders/court/variations/{variation_id}", response_class=HTMLResponse)
def decide_variation(
    request: Request,
    variation_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _decide(
        request,
        principal,
        form,
        Variation,
        variation_id,
        "granted",
        lambda uow, yes: lifecycle.decide_variation(
            uow, variation_id=variation_id, granted=yes, actor=principal
        ),
    )


@router.post("/orders/court/appeals/{appeal_id}", response_class=HTMLResponse)
def decide_appeal(
    request: Request,
    appeal_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    return _decide(
        request,
        principal,
        form,
        Appeal,
        appeal_id,
        "allowed",
        lambda uow, yes: lifecycle.decide_appeal(uow, appeal_id=appeal_id, allowed=yes, actor=principal),
    )


@router.post("/orders/court/applications/{application_id}/hearings", response_class=HTMLResponse)
def list_hearing(
    request: Request,
    application_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    """List a hearing (UK local time). A bad or missing time comes back with the error beside the field."""
    when = parse_local(text(form, "scheduled_at"))
    if when is None:
        errors = [
            {"text": "Enter the hearing's date and time, like 2025-06-03T10:00", "href": "#scheduled_at"}
        ]
        return court_application_page(request, application_id, principal, errors, form, 400)
    with unit_of_work() as uow:
        application = uow.session.get(OrderApplication, application_id)
        if application is None or (
            principal.is_scoped_for("orders.court") and application.court != principal.organisation
        ):
            raise HTTPException(status_code=404, detail="No such application")
        hearing = service.schedule_hearing(
            uow, application_id=application.id, scheduled_at=when, actor=principal
        )
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.ALTERATION,
            record_type="order_application",
            record_id=application.id,
            subject_id=application.subject_person_id,
            justification="Hearing listed",
            details={"hearing_id": hearing.id},
        )
    return RedirectResponse(f"/orders/court/applications/{application_id}", status_code=303)
