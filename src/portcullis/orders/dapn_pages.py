"""An officer of inspector rank or above gives a Domestic Abuse Protection Notice (DA Act 2021 ss.22-25).
The rank, force, pilot area, ages and terms are checked by `service.issue_dapn`, which saves, audits and
files the DAPO application; the confirmation shows the 48-hour hearing deadline."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.orders import agencies, service
from portcullis.orders.conditions import CONDITIONS, describe
from portcullis.orders.filing_pages import PILOT_AREAS
from portcullis.orders.form_helpers import (
    Errors,
    by_field,
    conditions_from_form,
    errors_from,
    find_person,
    form_data,
    local_datetime,
    text,
    ticked,
)
from portcullis.orders.models import Order, OrderApplication
from portcullis.orders.page_common import consulted, deadline_state, names_of
from portcullis.orders.types import RANKS
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)

KINDS = ("no_contact", "exclusion_zone", "home_access")
# What the officer must consider before giving the notice (s.24).
CONSIDERED = (
    ("children", "The welfare of any child whose interests are relevant"),
    ("victim", "The opinion of the person to be protected"),
    ("representations", "Any representations made by the person the notice is given to"),
)
FIELD_IDS = {
    "applicant": "rank",
    "rank": "rank",
    "issuing_agency": "rank",
    "area": "area",
    "issued_at": "issued_at",
    "subject": "subject_name",
    "subject_person_id": "subject_name",
    "protected_person": "protected_name",
    "protected_person_id": "protected_name",
    "conditions": "conditions",
}


def _form(
    request: Request, principal: Principal, values: dict[str, Any], errors: Errors, status_code: int = 200
) -> HTMLResponse:
    agency = agencies.lookup(principal.organisation or "")
    return render(
        request,
        "orders/dapn_form.html",
        {
            "title": "Give a Domestic Abuse Protection Notice",
            "agency": agencies.label(principal.organisation or ""),
            "ranks": [(r, r.replace("-", " ").capitalize()) for r in RANKS],
            "areas": [a for a in PILOT_AREAS if agency is None or a[0] in agency.areas] or list(PILOT_AREAS),
            "considered": CONSIDERED,
            "kinds": KINDS,
            "values": values,
            "errors": errors,
            "fe": by_field(errors),
        },
        status_code=status_code,
    )


@router.get("/orders/dapn/new", response_class=HTMLResponse)
def new_dapn(request: Request, principal: Principal = Depends(require("orders.write"))) -> HTMLResponse:
    now = clock.to_london(clock.now())
    values = {"officer_name": principal.name, "issued_at": f"{now:%Y-%m-%dT%H:%M}", "no_contact": "yes"}
    return _form(request, principal, values, [])


@router.post("/orders/dapn", response_class=HTMLResponse)
def give_dapn(
    request: Request,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    errors: Errors = []
    if not text(form, "officer_name"):
        errors.append({"text": "Enter the name of the officer giving the notice", "href": "#officer_name"})
    if text(form, "rank") not in RANKS:
        errors.append({"text": "Select the rank of the officer giving the notice", "href": "#rank"})
    if not text(form, "area"):
        errors.append({"text": "Select the area where the notice is given", "href": "#area"})
    issued_at = local_datetime(form, "issued_at", "when the notice was given", errors)
    missing = [c for c, _ in CONSIDERED if c not in form.get("considered", [])]
    if missing:
        errors.append(
            {"text": "Confirm you have considered each matter the Act requires (s.24)", "href": "#considered"}
        )
    if not any(ticked(form, k) for k in ("no_contact", "zone", "home")):
        errors.append({"text": "Choose at least one requirement of the notice", "href": "#no_contact"})
    prefixes: list[str] = []
    try:
        with unit_of_work() as uow:  # rolls back whole on any error: nothing is saved
            subject_id, errs = find_person(
                uow.session,
                text(form, "subject_name"),
                text(form, "subject_dob"),
                "subject",
                "person given the notice",
            )
            protected_id, errs2 = find_person(
                uow.session,
                text(form, "protected_name"),
                text(form, "protected_dob"),
                "protected",
                "person to be protected",
            )
            errors += errs + errs2
            form["_protected_id"] = protected_id
            conditions, prefixes, errs = conditions_from_form(uow.session, form, KINDS)
            errors += errs
            if errors or subject_id is None or protected_id is None or issued_at is None:
                raise service.OrdersError([])
            dapn = service.issue_dapn(
                uow,
                issuing_agency=principal.organisation or "",
                officer_name=text(form, "officer_name"),
                rank=text(form, "rank"),
                area=text(form, "area"),
                subject_person_id=subject_id,
                protected_person_id=protected_id,
                issued_at=issued_at,
                conditions=conditions,
                actor=principal,
            )
            service.timeline(  # the record that the s.24 matters were considered before the notice was given
                uow,
                "considered",
                "Before giving the notice the officer considered: "
                + "; ".join(t.lower() for _, t in CONSIDERED),
                principal,
                order_id=dapn.id,
            )
            target = f"/orders/dapn/{dapn.id}/given"
        return RedirectResponse(target, status_code=303)
    except service.OrdersError as exc:
        errors += errors_from(exc, prefixes, FIELD_IDS)
    form.pop("_protected_id", None)
    return _form(request, principal, form, errors, status_code=400)


@router.get("/orders/dapn/{order_id}/given", response_class=HTMLResponse)
def dapn_given(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.read"))
) -> HTMLResponse:
    """The confirmation: the notice, its terms and the time by which the DAPO hearing must begin."""
    with unit_of_work() as uow:
        dapn = uow.session.get(Order, order_id)
        if (
            dapn is None
            or dapn.order_type != "dapn"
            or not principal.sees_organisation("orders.read", dapn.agency)
        ):
            raise HTTPException(status_code=404, detail="No such notice")
        application = uow.session.scalar(
            select(OrderApplication).where(OrderApplication.dapn_order_id == dapn.id)
        )
        names = names_of(uow, {dapn.subject_person_id, dapn.protected_person_id or ""})
        consulted(uow, principal, "order", dapn.id, dapn.subject_person_id, "Confirmation of a DAPN given")
        return render(
            request,
            "orders/dapn_given.html",
            {
                "title": f"Notice {dapn.reference} given",
                "order": dapn,
                "deadline": deadline_state(dapn),
                "application": application,
                "subject": names.get(dapn.subject_person_id, ""),
                "protected": names.get(dapn.protected_person_id or "", ""),
                "conditions": [describe(CONDITIONS.validate_python(c)) for c in dapn.conditions],
            },
        )
