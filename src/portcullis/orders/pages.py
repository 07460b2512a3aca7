"""Pages for police and NCA officers (their own force's or agency's orders) and court staff (applications
before their court): the register, an order with its conditions in plain English and its timeline, and a
printable notice. Every view is written to the audit log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from starlette.datastructures import UploadFile as StarletteUpload

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Person
from portcullis.orders import agencies, breaches, lifecycle, rules, service
from portcullis.orders.conditions import CONDITIONS, describe
from portcullis.orders.models import (
    Breach,
    Hearing,
    MonitoringAlert,
    Order,
    OrderApplication,
    OrderEvent,
)
from portcullis.orders.types import ORDER_LABELS, OrderType
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
navigation.add(
    "Preventive orders",
    "/orders",
    "orders.read",
    "SCPOs, DAPNs and DAPOs, Youth Diversion Orders: the register, monitoring alerts and breaches.",
)
navigation.add(
    "Court applications",
    "/orders/court",
    "orders.court",
    "Applications for preventive orders before your court.",
)

STATUSES = ("in_force", "ended", "expired", "discharged", "quashed")
DEADLINE_WARNING = timedelta(hours=12)


def deadline_state(order: Order) -> dict[str, Any] | None:
    """The DAPN hearing deadline with a warning as it nears (12 hours) and once it has passed."""
    if order.hearing_by is None or order.status != service.IN_FORCE:
        return None
    left = order.hearing_by - clock.now()
    local = clock.to_london(order.hearing_by)
    hours = left.total_seconds() / 3600
    level = "passed" if hours < 0 else "near" if left <= DEADLINE_WARNING else "ok"
    return {
        "at": local,
        "text": f"{local:%A %d %B %Y at %H:%M}",
        "hours_left": round(hours, 1),
        "level": level,
    }


def _names(uow: UnitOfWork, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {p.id: p.full_name for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))}


def _consulted(
    uow: UnitOfWork,
    principal: Principal,
    record_type: str,
    record_id: str | None,
    subject_id: str | None,
    why: str,
    details: dict[str, Any] | None = None,
) -> None:
    audit.record(
        uow,
        actor=principal,
        operation=audit.Operation.CONSULTATION,
        record_type=record_type,
        record_id=record_id,
        subject_id=subject_id,
        justification=why,
        details=details or {},
    )


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


@router.get("/orders/court", response_class=HTMLResponse, name="orders_court")
def court_list(request: Request, principal: Principal = Depends(require("orders.court"))) -> HTMLResponse:
    with unit_of_work() as uow:
        query = select(OrderApplication).order_by(OrderApplication.filed_at.desc()).limit(500)
        if principal.is_scoped_for("orders.court"):
            query = query.where(OrderApplication.court == principal.organisation)
        applications = list(uow.session.scalars(query))
        names = _names(uow, {a.subject_person_id for a in applications})
        hearings: dict[str, Hearing] = {}
        for h in uow.session.scalars(
            select(Hearing)
            .where(Hearing.application_id.in_([a.id for a in applications]))
            .order_by(Hearing.scheduled_at)
        ):
            hearings.setdefault(h.application_id, h)
        _consulted(
            uow,
            principal,
            "order_applications",
            None,
            None,
            "Viewed applications before the court",
            {"shown": len(applications)},
        )
    rows = [
        {
            "application": a,
            "subject": names.get(a.subject_person_id, ""),
            "label": ORDER_LABELS[OrderType(a.order_type)],
            "agency": agencies.label(a.applicant_agency),
            "hearing": hearings.get(a.id),
        }
        for a in applications
    ]
    return render(
        request,
        "orders/court.html",
        {"title": "Applications before the court", "rows": rows, "to_london": clock.to_london},
    )


def _court_application(uow: UnitOfWork, principal: Principal, application_id: str) -> OrderApplication:
    application = uow.session.get(OrderApplication, application_id)
    if application is None or (
        principal.is_scoped_for("orders.court") and application.court != principal.organisation
    ):
        raise HTTPException(status_code=404, detail="No such application")
    return application


def _application_page(
    request: Request,
    uow: UnitOfWork,
    application: OrderApplication,
    principal: Principal,
    errors: list[dict[str, str]],
    values: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    names = _names(uow, {application.subject_person_id})
    hearings = list(
        uow.session.scalars(
            select(Hearing).where(Hearing.application_id == application.id).order_by(Hearing.scheduled_at)
        )
    )
    timeline = list(
        uow.session.scalars(
            select(OrderEvent).where(OrderEvent.application_id == application.id).order_by(OrderEvent.at)
        )
    )
    conditions = [describe(CONDITIONS.validate_python(c)) for c in application.proposed_conditions]
    return render(
        request,
        "orders/application.html",
        {
            "title": f"Application {application.reference}",
            "application": application,
            "errors": errors,
            "values": values,
            "subject": names.get(application.subject_person_id, ""),
            "hearings": hearings,
            "timeline": timeline,
            "conditions": conditions,
            "label": ORDER_LABELS[OrderType(application.order_type)],
            "agency": agencies.label(application.applicant_agency),
            "to_london": clock.to_london,
            "can_decide": principal.can("orders.court.decide")
            and application.status in ("pending", "adjourned"),
        },
        status_code=status_code,
    )


@router.get("/orders/court/applications/{application_id}", response_class=HTMLResponse)
def court_application(
    request: Request, application_id: str, principal: Principal = Depends(require("orders.court"))
) -> HTMLResponse:
    with unit_of_work() as uow:
        application = _court_application(uow, principal, application_id)
        _consulted(
            uow,
            principal,
            "order_application",
            application.id,
            application.subject_person_id,
            "Court viewed the application",
        )
        return _application_page(request, uow, application, principal, [], {})


@router.post("/orders/court/applications/{application_id}/outcome", response_class=HTMLResponse)
async def court_outcome(
    request: Request, application_id: str, principal: Principal = Depends(require("orders.court.decide"))
) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("outcome", "starts_on", "ends_on", "represented")}
    errors: list[dict[str, str]] = []
    if values["outcome"] not in service.OUTCOMES:
        errors.append({"text": "Select the outcome", "href": "#outcome"})
    dates: dict[str, date | None] = {}
    for name, label in (
        ("starts_on", "the date the order comes into force"),
        ("ends_on", "the order's last day"),
    ):
        try:
            dates[name] = date.fromisoformat(values[name]) if values[name] else None
        except ValueError:
            errors.append({"text": f"Enter {label} as YYYY-MM-DD", "href": f"#{name}"})
    if not errors:
        try:
            with unit_of_work() as uow:  # rolls back whole if the rules refuse the terms
                application = _court_application(uow, principal, application_id)
                order = service.record_outcome(
                    uow,
                    application_id=application.id,
                    outcome=values["outcome"],
                    actor=principal,
                    starts_on=dates.get("starts_on"),
                    ends_on=dates.get("ends_on"),
                    subject_represented=values["represented"] == "yes",
                )
                target = f"/orders/court/applications/{application.id}" + (
                    f"?order={order.id}" if order else ""
                )
            return RedirectResponse(target, status_code=303)
        except service.OrdersError as exc:
            errors = [
                {
                    "text": f"{e['field'].replace('_', ' ').capitalize()}: {e['reason']}",
                    "href": "#" + ("ends_on" if e["field"] in ("ends_on", "starts_on") else "outcome"),
                }
                for e in exc.errors
            ]
    with unit_of_work() as uow:
        application = _court_application(uow, principal, application_id)
        return _application_page(request, uow, application, principal, errors, values, status_code=400)


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
async def create_breach(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.breach"))
) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("description", "alleged_at", "holder", "alert_id")}
    upload = form.get("evidence")
    content = await upload.read() if isinstance(upload, StarletteUpload) and upload.filename else b""
    filename = upload.filename if isinstance(upload, StarletteUpload) and upload.filename else ""
    errors: list[dict[str, str]] = []
    alleged_at = None
    try:
        alleged_at = datetime.fromisoformat(values["alleged_at"])
        if alleged_at.tzinfo is None:
            alleged_at = alleged_at.replace(tzinfo=clock.LONDON)
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
            assert alleged_at is not None
            breach = breaches.record_breach(
                uow,
                order_id=order.id,
                alleged_at=alleged_at,
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
    return render(request, "orders/order.html", {"title": f"{context['label']} {order.reference}", **context})


@router.get("/orders/{order_id}/notice", response_class=HTMLResponse)
def notice(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.read"))
) -> HTMLResponse:
    with unit_of_work() as uow:
        order = _load_visible(uow, principal, order_id)
        context = _order_context(uow, order)
        _consulted(uow, principal, "order", order.id, order.subject_person_id, "Printed the notice to serve")
    return render(request, "orders/notice.html", {"title": f"Notice: {order.reference}", **context})
