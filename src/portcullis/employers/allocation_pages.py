"""Undefined CoS allocations on the web: a sponsor's authorising officer sees their own licences, what is
granted, used and left this year (the year ends on 5 April) and asks for an allocation; a caseworker sees
every licence, records an allocation and grants or refuses a request. Bad input is shown again with the
field named, and nothing is saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation
from portcullis.core.policy import ParameterNotInForce
from portcullis.employers import allocations, certificates
from portcullis.employers.forms import error_context, form_data, no_errors, parse_date, whole_number
from portcullis.employers.models import CosAllocation, Licence
from portcullis.employers.values import EmployersError
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
SEE = require(allocations.SEE)
REQUEST = require("employers.cos.request")
WRITE = require("employers.write")
ANCHORS = {"on": "on-day", "licence_id": "requested", "decided_on": "decision", "allocation_id": "decision"}

navigation.add(
    "Your sponsor licences",
    "/employers/my-licences",
    "employers.cos.request",
    "See your undefined CoS allocation for the year to 5 April, what is used and left, and ask for more.",
)


def _page(
    request: Request,
    template: str,
    context: dict[str, Any],
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    base = no_errors() if error is None else error_context(error, form or {}, ANCHORS)
    return render(
        request,
        f"employers/{template}",
        {"today": clock.today_in_london(), **base, **context},
        status_code=200 if error is None else 422,
    )


def _licence(licence_id: str, principal: Principal) -> tuple[Licence, str]:
    """The licence if this account may see it; a sponsor asking for another's gets 404, not a hint."""
    with unit_of_work() as uow:
        licence = uow.session.get(Licence, licence_id)
        if licence is None or not allocations.may_see(principal, licence):
            raise HTTPException(status_code=404)
        organisation = uow.session.get(Organisation, licence.sponsor.organisation_id)
        uow.session.expunge(licence)
        return licence, organisation.name if organisation else "Sponsor"


@router.get("/employers/my-licences", response_class=HTMLResponse)
def my_licences(request: Request, principal: Principal = Depends(REQUEST)) -> HTMLResponse:
    with unit_of_work() as uow:
        found = []
        for lic in allocations.licences_of(uow.session, principal):
            organisation = uow.session.get(Organisation, lic.sponsor.organisation_id)
            name = organisation.name if organisation else ""
            found.append((name, lic.number, lic.id, lic.status, lic.rating))
    return _page(request, "my_licences.html", {"title": "Your sponsor licences", "licences": found})


@router.get("/employers/licences/{licence_id}/allocations", response_class=HTMLResponse)
def allocation_page(request: Request, licence_id: str, principal: Principal = Depends(SEE)) -> HTMLResponse:
    licence, name = _licence(licence_id, principal)
    today = clock.today_in_london()
    with unit_of_work() as uow:
        found = allocations.lines(uow.session, licence_id)
        for line in found:
            uow.session.expunge(line.allocation)
    context = {
        "title": f"Undefined CoS allocations: licence {licence.number}",
        "licence": licence,
        "name": name,
        "lines": found,
        "year": allocations.year(found, on=today),
    }
    return _page(request, "allocations.html", context)


# --- a sponsor asks for an allocation


def _request_form(
    request: Request,
    licence_id: str,
    principal: Principal,
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    licence, name = _licence(licence_id, principal)
    context = {"title": f"Ask for undefined CoS: licence {licence.number}", "licence": licence, "name": name}
    return _page(request, "allocation_request.html", context, error, form)


@router.get("/employers/licences/{licence_id}/allocations/request", response_class=HTMLResponse)
def new_request(request: Request, licence_id: str, principal: Principal = Depends(REQUEST)) -> HTMLResponse:
    return _request_form(request, licence_id, principal)


@router.post("/employers/licences/{licence_id}/allocations/request", response_class=HTMLResponse)
async def make_request(
    request: Request, licence_id: str, principal: Principal = Depends(REQUEST)
) -> Response:
    _licence(licence_id, principal)
    form = await form_data(request)
    try:
        number = whole_number(form, "requested", "number of undefined CoS")
        with unit_of_work() as uow:
            allocations.request_allocation(
                uow,
                licence_id=licence_id,
                number=number,
                justification=form.get("justification", ""),
                on=clock.today_in_london(),
                actor=principal,
            )
    except EmployersError as exc:
        return _request_form(request, licence_id, principal, exc, form)
    return RedirectResponse(f"/employers/licences/{licence_id}/allocations", status_code=303)


# --- a caseworker records an allocation


def _record_form(
    request: Request,
    licence_id: str,
    principal: Principal,
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    licence, name = _licence(licence_id, principal)
    context = {"title": f"Record an allocation: licence {licence.number}", "licence": licence, "name": name}
    return _page(request, "allocation_new.html", context, error, form)


@router.get("/employers/licences/{licence_id}/allocations/new", response_class=HTMLResponse)
def new_allocation(request: Request, licence_id: str, principal: Principal = Depends(WRITE)) -> HTMLResponse:
    return _record_form(request, licence_id, principal)


@router.post("/employers/licences/{licence_id}/allocations/new", response_class=HTMLResponse)
async def record(request: Request, licence_id: str, principal: Principal = Depends(WRITE)) -> Response:
    _licence(licence_id, principal)
    form = await form_data(request)
    try:
        granted = whole_number(form, "granted", "number of undefined CoS granted")
        on = parse_date(form, "on")
        with unit_of_work() as uow:
            try:
                certificates.grant_allocation(
                    uow, licence_id=licence_id, granted=granted, on=on, actor=principal
                )
            except ParameterNotInForce:
                raise EmployersError("on", f"no allocation year is recorded for {on.isoformat()}") from None
    except EmployersError as exc:
        return _record_form(request, licence_id, principal, exc, form)
    return RedirectResponse(f"/employers/licences/{licence_id}/allocations", status_code=303)


# --- a caseworker decides a request


def _decision_form(
    request: Request,
    allocation_id: str,
    principal: Principal,
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    with unit_of_work() as uow:
        allocation = uow.session.get(CosAllocation, allocation_id)
        if allocation is None:
            raise HTTPException(status_code=404)
        uow.session.expunge(allocation)
    licence, name = _licence(allocation.licence_id, principal)
    context = {
        "title": f"Decide a request for undefined CoS: licence {licence.number}",
        "allocation": allocation,
        "licence": licence,
        "name": name,
    }
    return _page(request, "allocation_decision.html", context, error, form)


@router.get("/employers/allocations/{allocation_id}/decision", response_class=HTMLResponse)
def decision_form(
    request: Request, allocation_id: str, principal: Principal = Depends(WRITE)
) -> HTMLResponse:
    return _decision_form(request, allocation_id, principal)


@router.post("/employers/allocations/{allocation_id}/decision", response_class=HTMLResponse)
async def decide(request: Request, allocation_id: str, principal: Principal = Depends(WRITE)) -> Response:
    form = await form_data(request)
    try:
        answer = form.get("decision", "")
        if answer not in ("grant", "refuse"):
            raise EmployersError("decision", "select whether to grant or refuse the request")
        granted = (
            whole_number(form, "granted", "number of undefined CoS granted") if answer == "grant" else None
        )
        with unit_of_work() as uow:
            allocation = allocations.decide_request(
                uow,
                allocation_id=allocation_id,
                grant=answer == "grant",
                granted=granted,
                reason=form.get("reason", ""),
                on=clock.today_in_london(),
                actor=principal,
            )
            licence_id = allocation.licence_id
    except EmployersError as exc:
        return _decision_form(request, allocation_id, principal, exc, form)
    return RedirectResponse(f"/employers/licences/{licence_id}/allocations", status_code=303)
