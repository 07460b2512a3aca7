"""Pages for removal flights: the list, planning, the manifest and the flight's outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Person
from portcullis.returns import flights
from portcullis.returns.forms import by_field, form_errors, parse_date, whole_number
from portcullis.returns.models import Flight, RemovalCase
from portcullis.returns.service import NotFound, ReturnsError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
READ, WRITE = require("returns.read"), require("returns.write")


@router.get("/returns/flights", response_class=HTMLResponse)
def flight_list(request: Request, principal: Principal = Depends(READ)) -> HTMLResponse:
    return _flights_page(request, principal, errors=[], form={})


def _flights_page(
    request: Request, principal: Principal, errors: list[dict[str, str]], form: dict[str, str]
) -> HTMLResponse:
    with unit_of_work() as uow:
        all_flights = uow.session.scalars(select(Flight).order_by(Flight.departs_on.desc()).limit(100)).all()
        rows = [
            (
                f,
                sum(1 for e in f.manifest if e.status == "booked"),
                sum(1 for e in f.manifest if e.status == "returned"),
            )
            for f in all_flights
        ]
    return render(
        request,
        "returns/flights.html",
        {
            "title": "Removal flights",
            "rows": rows,
            "errors": errors,
            "form": form,
            "can_write": principal.can("returns.write"),
        },
        status_code=422 if errors else 200,
    )


@router.post("/returns/flights")
def post_flight(
    request: Request,
    kind: Annotated[str, Form()] = "",
    reference: Annotated[str, Form()] = "",
    destinations: Annotated[str, Form()] = "",
    departs_on: Annotated[str, Form()] = "",
    capacity: Annotated[str, Form()] = "",
    escorts: Annotated[str, Form()] = "0",
    principal: Principal = Depends(WRITE),
) -> Response:
    form = {
        "kind": kind,
        "reference": reference,
        "destinations": destinations,
        "departs_on": departs_on,
        "capacity": capacity,
        "escorts": escorts,
    }
    try:
        seats, guards = whole_number(capacity, "capacity"), whole_number(escorts or "0", "escorts")
        with unit_of_work() as uow:
            flight = flights.plan_flight(
                uow,
                actor=principal,
                kind=kind,
                reference=reference,
                destinations=destinations.replace(",", " ").split(),
                departs_on=parse_date(departs_on, "departs_on"),
                capacity=seats,
                escorts=guards,
            )
            flight_id = flight.id
    except ReturnsError as exc:
        return _flights_page(request, principal, form_errors(exc), form)
    return RedirectResponse(f"/returns/flights/{flight_id}", status_code=303)


@router.get("/returns/flights/{flight_id}", response_class=HTMLResponse)
def flight_page(request: Request, flight_id: str, principal: Principal = Depends(READ)) -> HTMLResponse:
    return _flight_view(request, flight_id, principal, errors=[])


def _flight_view(
    request: Request, flight_id: str, principal: Principal, errors: list[dict[str, str]]
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            flight = flights.get_flight(uow, flight_id)
            case_ids = [e.case_id for e in flight.manifest]
            people = (
                {
                    c.id: p
                    for c, p in uow.session.execute(
                        select(RemovalCase, Person)
                        .join(Person, Person.id == RemovalCase.person_id)
                        .where(RemovalCase.id.in_(case_ids))
                    ).all()
                }
                if case_ids
                else {}
            )
    except NotFound:
        raise HTTPException(404, "There is no flight with that reference") from None
    booked = sum(1 for e in flight.manifest if e.status == "booked")
    return render(
        request,
        "returns/flight.html",
        {
            "title": f"Flight {flight.reference}",
            "flight": flight,
            "people": people,
            "booked": booked,
            "errors": errors,
            "err": by_field(errors),
            "can_write": principal.can("returns.write"),
        },
        status_code=422 if errors else 200,
    )


def _flight_action(
    request: Request,
    flight_id: str,
    principal: Principal,
    action: Callable[[UnitOfWork], Any],
    fields: dict[str, tuple[str, str]] | None = None,
) -> Response:
    try:
        with unit_of_work() as uow:
            action(uow)
    except ReturnsError as exc:
        return _flight_view(request, flight_id, principal, form_errors(exc, fields))
    except NotFound:
        raise HTTPException(404, "There is no flight with that reference") from None
    return RedirectResponse(f"/returns/flights/{flight_id}", status_code=303)


@router.post("/returns/flights/{flight_id}/build")
def post_build(request: Request, flight_id: str, principal: Principal = Depends(WRITE)) -> Response:
    return _flight_action(
        request,
        flight_id,
        principal,
        lambda uow: flights.build_manifest(uow, actor=principal, flight_id=flight_id),
    )


@router.post("/returns/flights/{flight_id}/remove")
def post_remove(
    request: Request,
    flight_id: str,
    case_id: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return _flight_action(
        request,
        flight_id,
        principal,
        lambda uow: flights.remove_from_manifest(
            uow, actor=principal, flight_id=flight_id, case_id=case_id, reason=reason
        ),
        {"reason": (f"remove-reason-{case_id}", "Reason for taking the person off the flight")},
    )


@router.post("/returns/flights/{flight_id}/cancel")
def post_cancel(
    request: Request,
    flight_id: str,
    reason: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return _flight_action(
        request,
        flight_id,
        principal,
        lambda uow: flights.cancel_flight(uow, actor=principal, flight_id=flight_id, reason=reason),
        {"reason": ("cancel-reason", "Why the flight is cancelled"), "flight": ("main-content", "Flight")},
    )


@router.get("/returns/flights/{flight_id}/departure", response_class=HTMLResponse)
def departure_page(request: Request, flight_id: str, principal: Principal = Depends(WRITE)) -> HTMLResponse:
    return _departure_view(request, flight_id, errors=[], form={"departed_on": today_in_london().isoformat()})


def _departure_view(
    request: Request, flight_id: str, errors: list[dict[str, str]], form: dict[str, str]
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            flight = flights.get_flight(uow, flight_id)
            booked = [e.case_id for e in flight.manifest if e.status == "booked"]
            names = dict(
                uow.session.execute(
                    select(RemovalCase.id, Person.given_names + " " + Person.family_name)
                    .join(Person, Person.id == RemovalCase.person_id)
                    .where(RemovalCase.id.in_(booked))
                ).all()
            )
    except NotFound:
        raise HTTPException(404, "There is no flight with that reference") from None
    return render(
        request,
        "returns/departure.html",
        {
            "title": f"Record the departure of {flight.reference}",
            "flight": flight,
            "booked": [(case_id, names.get(case_id, case_id)) for case_id in booked],
            "form": form,
            "err": by_field(errors),
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


@router.post("/returns/flights/{flight_id}/departure")
async def post_departure(request: Request, flight_id: str, principal: Principal = Depends(WRITE)) -> Response:
    """Everyone still booked is returned, except those given a reason: they were disrupted at the last minute.
    The reasons arrive as one field per person (reason-<case id>), so the form is read whole."""
    data = await request.form()
    form = {k: str(v) for k, v in data.items() if k != "csrf_token"}
    disrupted = {
        key.removeprefix("reason-"): value.strip()
        for key, value in form.items()
        if key.startswith("reason-") and value.strip()
    }
    fields = {
        "on": ("departed_on", "Date of departure"),
        "flight": ("main-content", "Flight"),
        "disrupted": ("departed_on", "People not flown"),
    }
    try:
        departed_on = parse_date(form.get("departed_on", ""), "on")
        if departed_on > today_in_london():
            raise ReturnsError.one("on", "the departure date is in the future")
        with unit_of_work() as uow:
            flights.record_departure(
                uow, actor=principal, flight_id=flight_id, on=departed_on, disrupted=disrupted
            )
    except ReturnsError as exc:
        return _departure_view(request, flight_id, form_errors(exc, fields), form)
    except NotFound:
        raise HTTPException(404, "There is no flight with that reference") from None
    return RedirectResponse(f"/returns/flights/{flight_id}", status_code=303)
