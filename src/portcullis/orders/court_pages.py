"""Pages for court staff: the applications before their court, one application, and the decision form."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.orders import agencies, service
from portcullis.orders.conditions import CONDITIONS, describe
from portcullis.orders.models import Appeal, Hearing, Order, OrderApplication, OrderEvent, Variation
from portcullis.orders.page_common import consulted as _consulted
from portcullis.orders.page_common import names_of as _names
from portcullis.orders.types import ORDER_LABELS, OrderType
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)


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
        awaiting = _awaiting(uow, principal)
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
        {
            "title": "Applications before the court",
            "rows": rows,
            "awaiting": awaiting,
            "to_london": clock.to_london,
        },
    )


def _awaiting(uow: UnitOfWork, principal: Principal) -> list[dict[str, str]]:
    """Applications to vary or discharge, and appeals, on orders this court made, not yet decided."""
    scoped = principal.is_scoped_for("orders.court")
    out = []
    variations = select(Variation, Order).join(Order, Order.id == Variation.order_id)
    variations = variations.where(Variation.status == "pending")
    appeals = select(Appeal, Order).join(Order, Order.id == Appeal.order_id).where(Appeal.status == "lodged")
    if scoped:
        variations = variations.where(Order.court == principal.organisation)
        appeals = appeals.where(Order.court == principal.organisation)
    for v, order in uow.session.execute(variations).all():
        out.append(
            {"order_id": order.id, "reference": order.reference, "what": f"To {v.kind}, by the {v.party}"}
        )
    for a, order in uow.session.execute(appeals).all():
        out.append(
            {"order_id": order.id, "reference": order.reference, "what": f"Appeal by the {a.appellant}"}
        )
    return out


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


def court_application_page(
    request: Request,
    application_id: str,
    principal: Principal,
    errors: list[dict[str, str]],
    values: dict[str, str],
    status_code: int,
) -> HTMLResponse:
    with unit_of_work() as uow:
        application = _court_application(uow, principal, application_id)
        return _application_page(request, uow, application, principal, errors, values, status_code)


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
def court_outcome(
    request: Request,
    application_id: str,
    outcome: Annotated[str, Form()] = "",
    starts_on: Annotated[str, Form()] = "",
    ends_on: Annotated[str, Form()] = "",
    represented: Annotated[str, Form()] = "",
    principal: Principal = Depends(require("orders.court.decide")),
) -> Response:
    values = {
        "outcome": outcome.strip(),
        "starts_on": starts_on.strip(),
        "ends_on": ends_on.strip(),
        "represented": represented.strip(),
    }
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
