"""An officer files an application for an SCPO, an interim SCPO (tied to its main High Court application), a
DAPO or a Youth Diversion Order: first the type (one question), then the details and the structured
conditions. Everything is checked by `service.create_application`, which saves and audits; on bad input the
form comes back with an error summary naming the field, and nothing is saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.orders import agencies, service
from portcullis.orders.conditions import CONDITIONS, describe
from portcullis.orders.form_helpers import (
    Errors,
    by_field,
    conditions_from_form,
    errors_from,
    find_person,
    form_data,
    optional_date,
    text,
)
from portcullis.orders.models import OrderApplication, OrderEvent
from portcullis.orders.page_common import consulted, names_of
from portcullis.orders.types import ORDER_LABELS, OrderType
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)

FILED_TYPES = (OrderType.SCPO, OrderType.INTERIM_SCPO, OrderType.DAPO, OrderType.YDO)
COURTS: dict[OrderType, tuple[tuple[str, str], ...]] = {
    OrderType.SCPO: (
        ("high-court", "High Court"),
        ("crown-court-conviction", "Crown Court, on conviction"),
        ("crown-court-acquittal", "Crown Court, on acquittal (2025 Act)"),
        ("crown-court-appeal-allowed", "Crown Court, on an appeal being allowed (2025 Act)"),
    ),
    OrderType.INTERIM_SCPO: (("high-court", "High Court"),),
    OrderType.DAPO: (
        ("magistrates-court", "Magistrates' court (police applications)"),
        ("family-court", "Family court"),
        ("county-court", "County court (the parties are already in proceedings there)"),
    ),
    OrderType.YDO: (("youth-court", "Youth court"), ("magistrates-court", "Magistrates' court")),
}
SCPO_KINDS = (
    "travel_restriction",
    "devices",
    "social_media",
    "association",
    "exclusion_zone",
    "residence",
    "electronic_monitoring",
    "notification",
)
KINDS: dict[OrderType, tuple[str, ...]] = {
    OrderType.SCPO: SCPO_KINDS,
    OrderType.INTERIM_SCPO: SCPO_KINDS,
    OrderType.DAPO: (
        "no_contact",
        "exclusion_zone",
        "home_access",
        "positive_requirement",
        "electronic_monitoring",
        "notification",
    ),
    OrderType.YDO: (
        "social_media",
        "association",
        "exclusion_zone",
        "positive_requirement",
        "electronic_monitoring",
    ),
}
PILOT_AREAS = (
    ("greater-manchester", "Greater Manchester"),
    ("london-bromley", "London Borough of Bromley"),
    ("london-croydon", "London Borough of Croydon"),
    ("london-sutton", "London Borough of Sutton"),
    ("british-transport-police", "British Transport Police"),
    ("cleveland", "Cleveland"),
    ("north-wales", "North Wales"),
)
FIELD_IDS = {
    "subject_person_id": "subject_name",
    "protected_person_id": "protected_name",
    "main_application_id": "main_application_id",
    "applicant": "applicant",
    "applicant_agency": "applicant",
    "subject": "subject_name",
    "court": "court",
    "area": "area",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "order_type": "applicant",
    "conditions": "conditions",
}


def _kind(order_type: str) -> OrderType:
    try:
        kind = OrderType(order_type)
    except ValueError:
        raise HTTPException(status_code=404, detail="No such order type") from None
    if kind not in FILED_TYPES:
        raise HTTPException(status_code=404, detail="A DAPN is given, not applied for")
    return kind


@router.get("/orders/applications/new", response_class=HTMLResponse)
def choose_type(
    request: Request,
    order_type: str = "",
    asked: str = "",
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    """One question: what is the application for? (a GET form, so it needs no CSRF token)."""
    if order_type in {t.value for t in FILED_TYPES}:
        return RedirectResponse(f"/orders/applications/new/{order_type}", status_code=303)
    errors = (
        [] if order_type is None else [{"text": "Select what you are applying for", "href": "#order_type"}]
    )
    return render(
        request,
        "orders/choose_type.html",
        {
            "title": "What are you applying for?",
            "errors": errors,
            "types": [(t.value, ORDER_LABELS[t]) for t in FILED_TYPES],
        },
        status_code=400 if errors else 200,
    )


def _pending_scpos(uow: UnitOfWork, principal: Principal) -> list[tuple[str, str]]:
    query = select(OrderApplication).where(
        OrderApplication.order_type == OrderType.SCPO.value,
        OrderApplication.court == "high-court",
        OrderApplication.status.in_(("pending", "adjourned")),
    )
    apps = [
        a
        for a in uow.session.scalars(query)
        if principal.sees_organisation("orders.read", a.applicant_agency)
    ]
    names = names_of(uow, {a.subject_person_id for a in apps})
    return [(a.id, f"{a.reference}: {names.get(a.subject_person_id, '')}") for a in apps]


def _form(
    request: Request,
    kind: OrderType,
    principal: Principal,
    values: dict[str, Any],
    errors: Errors,
    status_code: int = 200,
) -> HTMLResponse:
    with unit_of_work() as uow:
        mains = _pending_scpos(uow, principal) if kind is OrderType.INTERIM_SCPO else []
    agency = agencies.lookup(principal.organisation or "")
    return render(
        request,
        "orders/application_form.html",
        {
            "title": f"Apply for a {ORDER_LABELS[kind]}",
            "kind": kind.value,
            "label": ORDER_LABELS[kind],
            "agency": agencies.label(principal.organisation or ""),
            "courts": COURTS[kind],
            "kinds": KINDS[kind],
            "areas": [a for a in PILOT_AREAS if agency is None or a[0] in agency.areas] or list(PILOT_AREAS),
            "mains": mains,
            "values": values,
            "errors": errors,
            "fe": by_field(errors),
        },
        status_code=status_code,
    )


@router.get("/orders/applications/new/{order_type}", response_class=HTMLResponse)
def new_application(
    request: Request, order_type: str, principal: Principal = Depends(require("orders.write"))
) -> HTMLResponse:
    kind = _kind(order_type)
    values: dict[str, Any] = {"with_notice": "yes", "notification_details": ["names", "home_address"]}
    if kind is OrderType.INTERIM_SCPO:
        values["with_notice"] = "no"
    return _form(request, kind, principal, values, [])


@router.post("/orders/applications/new/{order_type}", response_class=HTMLResponse)
def file_application(
    request: Request,
    order_type: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    kind = _kind(order_type)
    errors: Errors = []
    if not principal.organisation:
        errors.append({"text": "Your account has no force or agency to apply for", "href": "#applicant"})
    if text(form, "with_notice") not in ("yes", "no"):
        errors.append(
            {
                "text": "Select whether the application is made with notice to the subject",
                "href": "#with_notice",
            }
        )
    if text(form, "court") not in {c for c, _ in COURTS[kind]}:
        errors.append({"text": "Select the court", "href": "#court"})
    if kind is OrderType.INTERIM_SCPO and not text(form, "main_application_id"):
        errors.append(
            {
                "text": "Select the main SCPO application this interim order belongs to",
                "href": "#main_application_id",
            }
        )
    if kind is OrderType.DAPO and not text(form, "area"):
        errors.append({"text": "Select the area where the application is made", "href": "#area"})
    starts_on = optional_date(form, "starts_on", "the date the order would start", errors)
    ends_on = optional_date(form, "ends_on", "the order's last day", errors)
    prefixes: list[str] = []
    try:
        with unit_of_work() as uow:  # rolls back whole on any error: nothing is saved
            subject_id, errs = find_person(
                uow.session, text(form, "subject_name"), text(form, "subject_dob"), "subject", "subject"
            )
            errors += errs
            protected_id = None
            if kind is OrderType.DAPO and text(form, "protected_name"):
                protected_id, errs = find_person(
                    uow.session,
                    text(form, "protected_name"),
                    text(form, "protected_dob"),
                    "protected",
                    "protected person",
                )
                errors += errs
            form["_protected_id"] = protected_id
            conditions, prefixes, errs = conditions_from_form(uow.session, form, KINDS[kind])
            errors += errs
            if errors or subject_id is None:
                raise service.OrdersError([])
            application = service.create_application(
                uow,
                order_type=kind.value,
                applicant_agency=principal.organisation or "",
                subject_person_id=subject_id,
                actor=principal,
                with_notice=text(form, "with_notice") == "yes",
                court=text(form, "court"),
                area=text(form, "area") or None,
                protected_person_id=protected_id,
                terrorism_related=text(form, "terrorism_related") == "yes",
                conditions=conditions,
                starts_on=starts_on,
                ends_on=ends_on,
                main_application_id=text(form, "main_application_id") or None,
            )
            target = f"/orders/applications/{application.id}?filed=1"
        return RedirectResponse(target, status_code=303)
    except service.OrdersError as exc:
        errors += errors_from(exc, prefixes, FIELD_IDS)
    form.pop("_protected_id", None)
    return _form(request, kind, principal, form, errors, status_code=400)


@router.get("/orders/applications/{application_id}", response_class=HTMLResponse)
def application_page(
    request: Request,
    application_id: str,
    filed: str = "",
    principal: Principal = Depends(require("orders.read")),
) -> HTMLResponse:
    """The officer's view of an application their force or agency made (the confirmation after filing)."""
    with unit_of_work() as uow:
        application = uow.session.get(OrderApplication, application_id)
        if application is None or not principal.sees_organisation(
            "orders.read", application.applicant_agency
        ):
            raise HTTPException(status_code=404, detail="No such application")
        names = names_of(uow, {application.subject_person_id, application.protected_person_id or ""})
        timeline = list(
            uow.session.scalars(
                select(OrderEvent).where(OrderEvent.application_id == application.id).order_by(OrderEvent.at)
            )
        )
        consulted(
            uow,
            principal,
            "order_application",
            application.id,
            application.subject_person_id,
            "Officer viewed the application",
        )
        main = uow.session.get(OrderApplication, application.main_application_id or "")
        return render(
            request,
            "orders/officer_application.html",
            {
                "title": f"Application {application.reference}",
                "application": application,
                "filed": filed == "1",
                "label": ORDER_LABELS[OrderType(application.order_type)],
                "agency": agencies.label(application.applicant_agency),
                "subject": names.get(application.subject_person_id, ""),
                "protected": names.get(application.protected_person_id or "", ""),
                "main": main,
                "conditions": [
                    describe(CONDITIONS.validate_python(c)) for c in application.proposed_conditions
                ],
                "timeline": timeline,
                "to_london": clock.to_london,
            },
        )
