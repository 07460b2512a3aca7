"""Forms on a made order, for officers of the force or agency that holds it: record service or the subject's
knowledge (from which the order binds), apply to vary or discharge it for the party the law allows, and
lodge an appeal. Each calls the tested lifecycle function, which saves, writes the timeline and audits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.orders import lifecycle, service
from portcullis.orders.form_helpers import (
    Errors,
    by_field,
    errors_from,
    form_data,
    local_datetime,
    optional_date,
    text,
)
from portcullis.orders.page_common import load_visible
from portcullis.orders.types import ORDER_LABELS, OrderType
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)

PARTIES = (
    ("applicant", "The applicant (the force or agency that applied)"),
    ("subject", "The subject of the order"),
    ("third-party", "Someone else affected by the order"),
)
APPELLANTS = (("subject", "The subject of the order"), ("applicant", "The applicant"))


def _page(
    request: Request,
    template: str,
    title: str,
    order_id: str,
    principal: Principal,
    values: dict[str, Any],
    errors: Errors,
    status_code: int = 200,
) -> HTMLResponse:
    with unit_of_work() as uow:
        order = load_visible(uow, principal, order_id)
        label = ORDER_LABELS[OrderType(order.order_type)]
        return render(
            request,
            f"orders/{template}",
            {
                "title": title,
                "order": order,
                "label": label,
                "parties": PARTIES,
                "appellants": APPELLANTS,
                "values": values,
                "errors": errors,
                "fe": by_field(errors),
            },
            status_code=status_code,
        )


def _run(errors: Errors, order_id: str, principal: Principal, call: Any, fields: dict[str, str]) -> Errors:
    """Run the lifecycle call in one unit of work (rolled back on any error); return the errors."""
    try:
        with unit_of_work() as uow:
            load_visible(uow, principal, order_id)
            if errors:
                raise service.OrdersError([])
            call(uow)
    except service.OrdersError as exc:
        return errors + errors_from(exc, [], fields)
    return []


# --- service and knowledge ----------------------------------------------------------------------------


@router.get("/orders/{order_id}/service", response_class=HTMLResponse)
def service_form(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.write"))
) -> HTMLResponse:
    values = {"at": f"{clock.to_london(clock.now()):%Y-%m-%dT%H:%M}"}
    return _page(request, "service_form.html", "Record service", order_id, principal, values, [])


@router.post("/orders/{order_id}/service", response_class=HTMLResponse)
def record_service(
    request: Request,
    order_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    errors: Errors = []
    how = text(form, "how")
    if how not in ("served", "known"):
        errors.append({"text": "Select how the subject came to know of the order", "href": "#how"})
    when = local_datetime(form, "at", "when it happened", errors)
    errors = _run(
        errors,
        order_id,
        principal,
        lambda uow: lifecycle.record_service(
            uow,
            order_id=order_id,
            actor=principal,
            served_at=when if how == "served" else None,
            known_at=when if how == "known" else None,
        ),
        {"served_at": "at", "known_at": "at", "order_id": "how"},
    )
    if errors:
        return _page(request, "service_form.html", "Record service", order_id, principal, form, errors, 400)
    return RedirectResponse(f"/orders/{order_id}", status_code=303)


# --- variation and discharge --------------------------------------------------------------------------


@router.get("/orders/{order_id}/variations/new", response_class=HTMLResponse)
def variation_form(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.write"))
) -> HTMLResponse:
    return _page(request, "variation_form.html", "Apply to vary or discharge", order_id, principal, {}, [])


@router.post("/orders/{order_id}/variations", response_class=HTMLResponse)
def apply_to_vary(
    request: Request,
    order_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    errors: Errors = []
    kind, party = text(form, "kind"), text(form, "party")
    if kind not in ("vary", "discharge"):
        errors.append(
            {"text": "Select whether the application is to vary or to discharge the order", "href": "#kind"}
        )
    if party not in {p for p, _ in PARTIES}:
        errors.append({"text": "Select who is applying", "href": "#party"})
    if not text(form, "grounds"):
        errors.append({"text": "Enter the grounds of the application", "href": "#grounds"})
    ends_on = optional_date(form, "proposed_ends_on", "the proposed last day", errors)
    errors = _run(
        errors,
        order_id,
        principal,
        lambda uow: lifecycle.apply_to_vary(
            uow,
            order_id=order_id,
            kind=kind,
            party=party,
            grounds=text(form, "grounds"),
            actor=principal,
            change_of_circumstances=text(form, "change_of_circumstances") == "yes",
            significantly_affected=text(form, "significantly_affected") == "yes",
            proposed_ends_on=ends_on,
        ),
        {"party": "party", "grounds": "grounds", "kind": "kind", "order_id": "kind"},
    )
    if errors:
        return _page(
            request,
            "variation_form.html",
            "Apply to vary or discharge",
            order_id,
            principal,
            form,
            errors,
            400,
        )
    return RedirectResponse(f"/orders/{order_id}", status_code=303)


# --- appeals --------------------------------------------------------------------------------------------


@router.get("/orders/{order_id}/appeals/new", response_class=HTMLResponse)
def appeal_form(
    request: Request, order_id: str, principal: Principal = Depends(require("orders.write"))
) -> HTMLResponse:
    return _page(request, "appeal_form.html", "Lodge an appeal", order_id, principal, {}, [])


@router.post("/orders/{order_id}/appeals", response_class=HTMLResponse)
def lodge_appeal(
    request: Request,
    order_id: str,
    form: dict[str, Any] = Depends(form_data),
    principal: Principal = Depends(require("orders.write")),
) -> Response:
    errors: Errors = []
    appellant = text(form, "appellant")
    if appellant not in {a for a, _ in APPELLANTS}:
        errors.append({"text": "Select who is appealing", "href": "#appellant"})
    if not text(form, "grounds"):
        errors.append({"text": "Enter the grounds of appeal", "href": "#grounds"})
    errors = _run(
        errors,
        order_id,
        principal,
        lambda uow: lifecycle.lodge_appeal(
            uow, order_id=order_id, appellant=appellant, grounds=text(form, "grounds"), actor=principal
        ),
        {"appellant": "appellant", "grounds": "grounds"},
    )
    if errors:
        return _page(request, "appeal_form.html", "Lodge an appeal", order_id, principal, form, errors, 400)
    return RedirectResponse(f"/orders/{order_id}", status_code=303)
