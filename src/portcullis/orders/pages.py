"""Pages for police and NCA officers (their own force's or agency's orders) and court staff (applications
before their court): the register, an order with its conditions in plain English and its timeline, and a
printable notice. Every view is written to the audit log."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import clock, policy
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.orders import (
    agencies,
    breaches,
    condition_pages,
    court_decisions,
    court_pages,
    dapn_pages,
    filing_pages,
    lifecycle,
    order_forms,
    rules,
    service,
)
from portcullis.orders.conditions import CONDITIONS, describe
from portcullis.orders.models import (
    Breach,
    MonitoringAlert,
    Order,
    OrderEvent,
)
from portcullis.orders.page_common import consulted as _consulted
from portcullis.orders.page_common import deadline_state
from portcullis.orders.page_common import names_of as _names
from portcullis.orders.types import ORDER_LABELS, OrderType
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
# Before /orders/{order_id}, which would otherwise swallow /orders/court, /orders/applications, /orders/dapn.
router.include_router(court_pages.router)
router.include_router(court_decisions.router)
router.include_router(filing_pages.router)
router.include_router(dapn_pages.router)
router.include_router(order_forms.router)
router.include_router(condition_pages.router)
navigation.add(
    "Preventive orders",
    "/orders",
    "orders.read",
    "SCPOs, DAPNs and DAPOs, Youth Diversion Orders: the register, monitoring alerts and breaches.",
)
navigation.add(
    "Monitoring alerts",
    "/orders/alerts",
    "orders.read",
    "Open electronic monitoring alerts with their evidence.",
)
navigation.add(
    "Court applications",
    "/orders/court",
    "orders.court",
    "Applications for preventive orders before your court.",
)

STATUSES = ("in_force", "ended", "expired", "discharged", "quashed")


@router.get("/orders", response_class=HTMLResponse)
def register(
    request: Request,
    order_type: str = "",
    status: str = "in_force",
    agency: str = "",
    expiring: str = "",
    principal: Principal = Depends(require("orders.read")),
) -> HTMLResponse:
    today = clock.today_in_london()
    query = select(Order).order_by(Order.made_at.desc()).limit(500)
    errors = []
    if order_type:
        query = query.where(Order.order_type == order_type)
    if status:
        query = query.where(Order.status == status)
    if agency:
        query = query.where(Order.agency == agency)
    if expiring:
        if not expiring.isdigit() or int(expiring) > 3650:
            errors.append(
                {"text": "Expiring within must be a number of days from 0 to 3650", "href": "#expiring"}
            )
        else:
            query = query.where(
                Order.ends_on.is_not(None),
                Order.ends_on >= today,
                Order.ends_on <= today + timedelta(days=int(expiring)),
            )
    with unit_of_work() as uow:
        orders = [
            o for o in uow.session.scalars(query) if principal.sees_organisation("orders.read", o.agency)
        ]
        names = _names(uow, {o.subject_person_id for o in orders})
        _consulted(
            uow,
            principal,
            "order_register",
            None,
            None,
            "Viewed the register of orders",
            {
                "filters": {"type": order_type, "status": status, "agency": agency, "expiring": expiring},
                "shown": len(orders),
            },
        )
    rows = [
        {
            "order": o,
            "subject": names.get(o.subject_person_id, ""),
            "label": ORDER_LABELS[OrderType(o.order_type)],
            "agency": agencies.label(o.agency),
            "deadline": deadline_state(o),
        }
        for o in orders
    ]
    return render(
        request,
        "orders/register.html",
        {
            "title": "Preventive orders",
            "can_write": principal.can("orders.write"),
            "rows": rows,
            "errors": errors,
            "filters": {"order_type": order_type, "status": status, "agency": agency, "expiring": expiring},
            "types": [(t.value, ORDER_LABELS[t]) for t in OrderType],
            "statuses": STATUSES,
            "agencies": sorted((a.code, a.name) for a in agencies.AGENCIES.values()),
        },
        status_code=400 if errors else 200,
    )


def _load_visible(uow: UnitOfWork, principal: Principal, order_id: str) -> Order:
    order = uow.session.get(Order, order_id)
    if order is None or not principal.sees_organisation("orders.read", order.agency):
        raise HTTPException(status_code=404, detail="No such order")  # do not confirm others' orders exist
    return order


def _order_context(uow: UnitOfWork, order: Order) -> dict[str, Any]:
    names = _names(
        uow, {order.subject_person_id} | ({order.protected_person_id} if order.protected_person_id else set())
    )
    conditions = [describe(CONDITIONS.validate_python(c)) for c in order.conditions]
    timeline = list(
        uow.session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.at))
    )
    if order.application_id:
        timeline = list(
            uow.session.scalars(
                select(OrderEvent)
                .where(
                    (OrderEvent.order_id == order.id) | (OrderEvent.application_id == order.application_id)
                )
                .order_by(OrderEvent.at)
            )
        )
    alerts = list(
        uow.session.scalars(
            select(MonitoringAlert)
            .where(MonitoringAlert.order_id == order.id)
            .order_by(MonitoringAlert.at.desc())
            .limit(50)
        )
    )
    breach_rows = list(uow.session.scalars(select(Breach).where(Breach.order_id == order.id)))
    return {
        "order": order,
        "label": ORDER_LABELS[OrderType(order.order_type)],
        "agency": agencies.label(order.agency),
        "subject": names.get(order.subject_person_id, ""),
        "protected": names.get(order.protected_person_id or "", ""),
        "conditions": conditions,
        "timeline": timeline,
        "alerts": alerts,
        "breaches": breach_rows,
        "deadline": deadline_state(order),
        "serve_by": rules.notice_service_by(
            OrderType(order.order_type),
            clock.to_london(order.made_at).date(),
            order.made_without_notice,
            policy.at(clock.today_in_london()),
        )[0]
        if order.served_at is None and order.known_at is None
        else None,
        "binds_from": lifecycle.binds_from(order),
        "penalty": breaches.maximum_penalty(order.order_type, clock.today_in_london()),
        "to_london": clock.to_london,
    }


@router.get("/orders/alerts", response_class=HTMLResponse)
def alerts(request: Request, principal: Principal = Depends(require("orders.read"))) -> HTMLResponse:
    """Open monitoring alerts on the orders this officer may see, newest first, with their evidence."""
    with unit_of_work() as uow:
        rows = []
        query = (
            select(MonitoringAlert, Order)
            .join(Order, Order.id == MonitoringAlert.order_id)
            .where(MonitoringAlert.status == "open")
            .order_by(MonitoringAlert.at.desc())
            .limit(500)
        )
        for alert, order in uow.session.execute(query).all():
            if principal.sees_organisation("orders.read", order.agency):
                rows.append({"alert": alert, "order": order})
        _consulted(
            uow,
            principal,
            "monitoring_alerts",
            None,
            None,
            "Viewed open monitoring alerts",
            {"shown": len(rows)},
        )
    return render(
        request,
        "orders/alerts.html",
        {"title": "Monitoring alerts", "rows": rows, "to_london": clock.to_london},
    )


@router.post("/orders/alerts/{alert_id}/acknowledge")
def acknowledge(alert_id: str, principal: Principal = Depends(require("orders.read"))) -> RedirectResponse:
    with unit_of_work() as uow:
        alert = uow.session.get(MonitoringAlert, alert_id)
        if alert is None:
            raise HTTPException(status_code=404, detail="No such alert")
        _load_visible(uow, principal, alert.order_id)
        if alert.status == "open":
            alert.status = "acknowledged"
            service.timeline(
                uow, "alert", f"Alert acknowledged by {principal.name}", principal, order_id=alert.order_id
            )
    return RedirectResponse("/orders/alerts", status_code=303)


def _breach_form(
    request: Request,
    order: Order,
    alert_id: str,
    errors: list[dict[str, str]],
    values: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "orders/breach_form.html",
        {
            "title": f"Record an alleged breach of {order.reference}",
            "order": order,
            "alert_id": alert_id,
            "errors": errors,
            "values": values,
        },
        status_code=status_code,
    )


@router.get("/orders/{order_id}/breaches/new", response_class=HTMLResponse)
def new_breach(
    request: Request,
    order_id: str,
    alert_id: str = "",
    principal: Principal = Depends(require("orders.breach")),
) -> HTMLResponse:
    with unit_of_work() as uow:
        order = _load_visible(uow, principal, order_id)
    return _breach_form(request, order, alert_id, [], {})


@router.post("/orders/{order_id}/breaches", response_class=HTMLResponse)
def create_breach(
    request: Request,
    order_id: str,
    description: Annotated[str, Form()] = "",
    alleged_at: Annotated[str, Form()] = "",
    holder: Annotated[str, Form()] = "",
    alert_id: Annotated[str, Form()] = "",
    evidence: Annotated[UploadFile | None, File()] = None,
    principal: Principal = Depends(require("orders.breach")),
) -> Response:
    values = {
        "description": description.strip(),
        "alleged_at": alleged_at.strip(),
        "holder": holder.strip(),
        "alert_id": alert_id.strip(),
    }
    content = evidence.file.read() if evidence is not None and evidence.filename else b""
    filename = evidence.filename if evidence is not None and evidence.filename else ""
    errors: list[dict[str, str]] = []
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(values["alleged_at"])
        if when.tzinfo is None:
            when = when.replace(tzinfo=clock.LONDON)
    except ValueError:
        errors.append(
            {"text": "Enter when the breach happened, like 2025-06-02T14:30", "href": "#alleged_at"}
        )
    if content and not values["holder"]:
        errors.append({"text": "Enter who holds the evidence", "href": "#holder"})
    try:
        with unit_of_work() as uow:
            order = _load_visible(uow, principal, order_id)
            if errors:
                raise service.OrdersError([])
            assert when is not None
            breach = breaches.record_breach(
                uow,
                order_id=order.id,
                alleged_at=when,
                source="monitoring" if values["alert_id"] else "report",
                description=values["description"],
                actor=principal,
                alert_id=values["alert_id"] or None,
            )
            if content:
                breaches.add_evidence(
                    uow,
                    breach_id=breach.id,
                    filename=filename,
                    content=content,
                    description="Uploaded with the breach report",
                    actor=principal,
                    holder=values["holder"],
                )
    except service.OrdersError as exc:
        errors += [
            {"text": f"{e['field'].replace('_', ' ').capitalize()}: {e['reason']}", "href": f"#{e['field']}"}
            for e in exc.errors
        ]
        with unit_of_work() as uow:
            order = _load_visible(uow, principal, order_id)
        return _breach_form(request, order, values["alert_id"], errors, values, status_code=400)
    return RedirectResponse(f"/orders/{order_id}", status_code=303)


@router.get("/orders/{order_id}", response_class=HTMLResponse)
def order_page(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.read"))
) -> HTMLResponse:
    with unit_of_work() as uow:
        order = _load_visible(uow, principal, order_id)
        context = _order_context(uow, order)
        _consulted(uow, principal, "order", order.id, order.subject_person_id, "Viewed the order")
    return render(
        request,
        "orders/order.html",
        {
            "title": f"{context['label']} {order.reference}",
            "can_write": principal.can("orders.write"),
            **context,
        },
    )


@router.get("/orders/{order_id}/notice", response_class=HTMLResponse)
def notice(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.read"))
) -> HTMLResponse:
    with unit_of_work() as uow:
        order = _load_visible(uow, principal, order_id)
        context = _order_context(uow, order)
        _consulted(uow, principal, "order", order.id, order.subject_person_id, "Printed the notice to serve")
    return render(request, "orders/notice.html", {"title": f"Notice: {order.reference}", **context})
