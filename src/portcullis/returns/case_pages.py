"""Forms on removal cases: open a case for a person found or recorded, detain and release, close a case,
and make or revoke a deportation or exclusion order. Shared by pages.py for the other case updates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import policy
from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Person
from portcullis.returns import people, rules, service
from portcullis.returns.forms import by_field, form_errors, parse_date
from portcullis.returns.models import RemovalOrder
from portcullis.returns.service import NotFound, ReturnsError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
READ, WRITE = require("returns.read"), require("returns.write")
SEARCH_PURPOSE = "Finding the person for a removal case"
PERSON_FIELDS = {
    "person_id": ("person_id", "Person"),
    "q": ("q", "Name or document number"),
    "given_names": ("given_names", "Given names"),
    "family_name": ("family_name", "Family name"),
    "date_of_birth": ("date_of_birth", "Date of birth"),
    "nationality": ("nationality", "Nationality"),
    "sex": ("sex", "Sex"),
    "passport_number": ("passport_number", "Passport number"),
}
NEW_CASE_FIELDS = {**PERSON_FIELDS, "category": ("category", "Category")}
# Each case form has its own element ids: one page carries them all and the summary links to the right one.
DETAIN_FIELDS = {"on": ("detain-on", "Date of detention")}
RELEASE_FIELDS = {"on": ("release-on", "Date of release")}
CLOSE_FIELDS = {"outcome": ("close-outcome", "Outcome"), "on": ("close-on", "Date the case closed")}
ORDER_FIELDS = {
    "kind": ("order-kind", "Kind of order"),
    "made_on": ("order-made_on", "Date the order was made"),
    "reason": ("order-reason", "Grounds for the order"),
}


def revoke_fields(order_id: str) -> dict[str, tuple[str, str]]:
    return {
        "reason": (f"revoke-reason-{order_id}", "Why the order is revoked"),
        "on": (f"revoke-on-{order_id}", "Date revoked"),
    }


def find_people(uow: UnitOfWork, principal: Principal, q: str, purpose: str) -> list[Person]:
    return people.search(uow, actor=principal, query=q, purpose=purpose) if q.strip() else []


@router.get("/returns/cases/new", response_class=HTMLResponse)
def new_case(request: Request, q: str = "", principal: Principal = Depends(WRITE)) -> HTMLResponse:
    return _new_case_page(request, principal, q, errors=[], form={})


def _new_case_page(
    request: Request, principal: Principal, q: str, errors: list[dict[str, str]], form: dict[str, str]
) -> HTMLResponse:
    results: list[dict[str, str]] = []
    try:
        with unit_of_work() as uow:
            results = [
                {"id": p.id, "name": p.full_name, "dob": p.date_of_birth or "", "nat": p.nationalities}
                for p in find_people(uow, principal, q, SEARCH_PURPOSE)
            ]
    except ReturnsError as exc:
        errors = errors + form_errors(exc, PERSON_FIELDS)
    return render(
        request,
        "returns/new_case.html",
        {
            "title": "Open a removal case",
            "q": q,
            "searched": bool(q.strip()) and not any(e.get("field") == "q" for e in errors),
            "results": results,
            "categories": rules.CATEGORIES,
            "form": form,
            "err": by_field(errors),
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


@router.post("/returns/cases/new")
def post_new_case(
    request: Request,
    q: Annotated[str, Form()] = "",
    person_id: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    given_names: Annotated[str, Form()] = "",
    family_name: Annotated[str, Form()] = "",
    date_of_birth: Annotated[str, Form()] = "",
    nationality: Annotated[str, Form()] = "",
    sex: Annotated[str, Form()] = "",
    passport_number: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    form = {
        "person_id": person_id,
        "category": category,
        "given_names": given_names,
        "family_name": family_name,
        "date_of_birth": date_of_birth,
        "nationality": nationality,
        "sex": sex,
        "passport_number": passport_number,
    }
    try:
        with unit_of_work() as uow:
            missing = [
                rules.Violation(field, reason)
                for field, reason, bad in (
                    ("person_id", "choose the person or record a new one", not person_id),
                    ("category", "choose the category of the case", category not in rules.CATEGORIES),
                )
                if bad
            ]
            if missing:
                raise ReturnsError(missing)
            if person_id == "new":
                person_id = people.create_person(
                    uow,
                    actor=principal,
                    given_names=given_names,
                    family_name=family_name,
                    date_of_birth=date_of_birth,
                    nationality=nationality,
                    sex=sex,
                    passport_number=passport_number,
                    purpose="Recorded to open a removal case",
                ).id
            case_id = service.open_case(uow, actor=principal, person_id=person_id, category=category).id
    except ReturnsError as exc:
        return _new_case_page(request, principal, q, form_errors(exc, NEW_CASE_FIELDS), form)
    return RedirectResponse(f"/returns/cases/{case_id}?justification=Opened+the+case", status_code=303)


def case_view(
    request: Request, case_id: str, justification: str, principal: Principal, errors: list[dict[str, str]]
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            case = service.view_case(uow, actor=principal, case_id=case_id, justification=justification)
            person = uow.session.get(Person, case.person_id)
            orders = list(
                uow.session.scalars(
                    select(RemovalOrder)
                    .where(RemovalOrder.person_id == case.person_id)
                    .order_by(RemovalOrder.made_on)
                )
            )
    except NotFound:
        raise HTTPException(404, "There is no removal case with that reference") from None
    return render(
        request,
        "returns/case.html",
        {
            "title": f"Removal case: {person.full_name if person else case.person_id}",
            "case": case,
            "person": person,
            "orders": orders,
            "rules": rules,
            "justification": justification,
            "can_write": principal.can("returns.write"),
            "return_types": list(policy.at(today_in_london()).get(rules.RETURN_TYPES_PARAM)),
            "closing_outcomes": {k: v for k, v in rules.OUTCOMES.items() if k != "returned"},
            "today": today_in_london().isoformat(),
            "err": by_field(errors),
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


def case_action(
    request: Request,
    case_id: str,
    principal: Principal,
    action: Callable[[UnitOfWork], Any],
    fields: dict[str, tuple[str, str]] | None = None,
) -> Response:
    """Run one update; on bad input show the case again with the errors and nothing saved."""
    try:
        with unit_of_work() as uow:
            action(uow)
    except ReturnsError as exc:
        return case_view(request, case_id, "Correcting a case update", principal, form_errors(exc, fields))
    except NotFound:
        raise HTTPException(404, "There is no removal case with that reference") from None
    return RedirectResponse(f"/returns/cases/{case_id}?justification=Updating+the+case", status_code=303)


@router.post("/returns/cases/{case_id}/detain")
def post_detain(
    request: Request, case_id: str, on: Annotated[str, Form()] = "", principal: Principal = Depends(WRITE)
) -> Response:
    def run(uow: UnitOfWork) -> None:
        service.detain(uow, actor=principal, case_id=case_id, on=parse_date(on, "on"))

    return case_action(request, case_id, principal, run, DETAIN_FIELDS)


@router.post("/returns/cases/{case_id}/release")
def post_release(
    request: Request, case_id: str, on: Annotated[str, Form()] = "", principal: Principal = Depends(WRITE)
) -> Response:
    def run(uow: UnitOfWork) -> None:
        service.release(uow, actor=principal, case_id=case_id, on=parse_date(on, "on"))

    return case_action(request, case_id, principal, run, RELEASE_FIELDS)


@router.post("/returns/cases/{case_id}/close")
def post_close(
    request: Request,
    case_id: str,
    outcome: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    def run(uow: UnitOfWork) -> None:
        if outcome not in rules.OUTCOMES or outcome == "returned":
            raise ReturnsError.one("outcome", "choose released, granted leave or absconded")
        closed_on = parse_date(on, "on")
        if closed_on > today_in_london():
            raise ReturnsError.one("on", "the date is in the future")
        service.close_case(uow, actor=principal, case_id=case_id, outcome=outcome, on=closed_on)

    return case_action(request, case_id, principal, run, CLOSE_FIELDS)


@router.post("/returns/cases/{case_id}/orders")
def post_order(
    request: Request,
    case_id: str,
    kind: Annotated[str, Form()] = "",
    made_on: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    def run(uow: UnitOfWork) -> None:
        case = service.get_case(uow, case_id)
        service.make_removal_order(
            uow,
            actor=principal,
            person_id=case.person_id,
            kind=kind,
            made_on=parse_date(made_on, "made_on"),
            reason=reason,
            case_id=case_id,
        )

    return case_action(request, case_id, principal, run, ORDER_FIELDS)


@router.post("/returns/cases/{case_id}/orders/{order_id}/revoke")
def post_revoke(
    request: Request,
    case_id: str,
    order_id: str,
    reason: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    def run(uow: UnitOfWork) -> None:
        case = service.get_case(uow, case_id)
        order = uow.session.get(RemovalOrder, order_id)
        if order is None or order.person_id != case.person_id:
            raise ReturnsError.one("order_id", "no such order for this person")
        revoked_on = parse_date(on, "on")
        if revoked_on > today_in_london():
            raise ReturnsError.one("on", "the date is in the future")
        if revoked_on < order.made_on:
            raise ReturnsError.one("on", "an order cannot be revoked before it was made")
        service.revoke_removal_order(uow, actor=principal, order_id=order_id, on=revoked_on, reason=reason)

    return case_action(request, case_id, principal, run, revoke_fields(order_id))
