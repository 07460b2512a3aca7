"""Compliance officers' forms for actions on a licence or sponsor: marking a reporting duty reported (from the
sponsor page's "Reporting duties" table), suspending a licence with its reason and reinstating it, and
imposing a sanction on the sponsor's organisation. Each is one unit of work: bad input is shown again with
the field named, and nothing is saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.employers import certificates, service
from portcullis.employers.forms import error_context, form_data, no_errors, parse_date, yes_no
from portcullis.employers.models import Licence, ReportingDuty, Sponsor
from portcullis.employers.sponsor_pages import _licence, _sponsor
from portcullis.employers.values import EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
WRITE = require("employers.write")
DATE_ANCHORS = {"reported_on": "reported_on-day", "on": "on-day", "suspended_on": "suspended_on-day"}


def _page(
    request: Request,
    template: str,
    context: dict[str, Any],
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    base = no_errors() if error is None else error_context(error, form or {}, DATE_ANCHORS)
    return render(
        request,
        f"employers/{template}",
        {"today": clock.today_in_london(), **base, **context},
        status_code=200 if error is None else 422,
    )


# --- marking a reporting duty reported


def _duty(duty_id: str) -> tuple[ReportingDuty, Licence, str]:
    with unit_of_work() as uow:
        duty = uow.session.get(ReportingDuty, duty_id)
        if duty is None:
            raise HTTPException(status_code=404)
        uow.session.expunge(duty)
    licence, name = _licence(duty.licence_id)
    return duty, licence, name


def _reported_form(
    request: Request, duty_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    duty, licence, name = _duty(duty_id)
    context = {"title": f"Mark a change as reported: {name}", "duty": duty, "licence": licence, "name": name}
    return _page(request, "duty_reported.html", context, error, form)


@router.get("/employers/duties/{duty_id}/reported", response_class=HTMLResponse)
def new_reported(request: Request, duty_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _reported_form(request, duty_id)


@router.post("/employers/duties/{duty_id}/reported", response_class=HTMLResponse)
async def mark_reported(request: Request, duty_id: str, principal: Principal = Depends(WRITE)) -> Response:
    duty, licence, _name = _duty(duty_id)
    form = await form_data(request)
    try:
        if duty.reported_on is not None:
            raise EmployersError("reported_on", f"the change was already reported on {duty.reported_on}")
        reported_on = parse_date(form, "reported_on")
        if reported_on > clock.today_in_london():
            raise EmployersError(
                "reported_on", "the date the change was reported must be today or in the past"
            )
        with unit_of_work() as uow:
            certificates.mark_reported(uow, duty_id=duty_id, reported_on=reported_on, actor=principal)
    except EmployersError as exc:
        return _reported_form(request, duty_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{licence.sponsor_id}", status_code=303)


# --- suspending and reinstating a licence


def _suspend_form(
    request: Request, licence_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    licence, name = _licence(licence_id)
    context = {"title": f"Suspend licence {licence.number}: {name}", "licence": licence, "name": name}
    return _page(request, "licence_suspend.html", context, error, form)


@router.get("/employers/licences/{licence_id}/suspend", response_class=HTMLResponse)
def new_suspension(request: Request, licence_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _suspend_form(request, licence_id)


@router.post("/employers/licences/{licence_id}/suspend", response_class=HTMLResponse)
async def suspend(request: Request, licence_id: str, principal: Principal = Depends(WRITE)) -> Response:
    licence, _name = _licence(licence_id)
    form = await form_data(request)
    try:
        if not form.get("reason", "").strip():
            raise EmployersError("reason", "enter why the licence is suspended")
        on = parse_date(form, "suspended_on")
        with unit_of_work() as uow:
            try:
                service.suspend_licence(
                    uow, licence_id=licence_id, on=on, reason=form["reason"], actor=principal
                )
            except ParameterNotInForce:
                raise EmployersError(
                    "suspended_on", f"no representations period is recorded for {on.isoformat()}"
                ) from None
    except EmployersError as exc:
        if exc.field == "licence_id":
            exc = EmployersError("reason", exc.reason)
        return _suspend_form(request, licence_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{licence.sponsor_id}", status_code=303)


def _reinstate_form(
    request: Request, licence_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    licence, name = _licence(licence_id)
    context = {"title": f"Reinstate licence {licence.number}: {name}", "licence": licence, "name": name}
    return _page(request, "licence_reinstate.html", context, error, form)


@router.get("/employers/licences/{licence_id}/reinstate", response_class=HTMLResponse)
def new_reinstatement(request: Request, licence_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _reinstate_form(request, licence_id)


@router.post("/employers/licences/{licence_id}/reinstate", response_class=HTMLResponse)
async def reinstate(request: Request, licence_id: str, principal: Principal = Depends(WRITE)) -> Response:
    licence, _name = _licence(licence_id)
    form = await form_data(request)
    try:
        if not yes_no(form, "confirm", "the suspension should be lifted"):
            return RedirectResponse(f"/employers/sponsors/{licence.sponsor_id}", status_code=303)
        with unit_of_work() as uow:
            service.reinstate_licence(uow, licence_id=licence_id, actor=principal)
    except EmployersError as exc:
        if exc.field == "licence_id":
            exc = EmployersError("confirm", exc.reason)
        return _reinstate_form(request, licence_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{licence.sponsor_id}", status_code=303)


# --- sanctions


def _sanction_form(
    request: Request, sponsor_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    sponsor, name = _sponsor(sponsor_id)
    context = {"title": f"Impose a sanction: {name}", "sponsor": sponsor, "name": name}
    return _page(request, "sanction_new.html", context, error, form)


@router.get("/employers/sponsors/{sponsor_id}/sanctions/new", response_class=HTMLResponse)
def new_sanction(request: Request, sponsor_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _sanction_form(request, sponsor_id)


@router.post("/employers/sponsors/{sponsor_id}/sanctions/new", response_class=HTMLResponse)
async def impose(request: Request, sponsor_id: str, principal: Principal = Depends(WRITE)) -> Response:
    sponsor: Sponsor = _sponsor(sponsor_id)[0]
    form = await form_data(request)
    try:
        if not form.get("reason", "").strip():
            raise EmployersError("reason", "enter which breach is sanctioned")
        repeat = yes_no(form, "repeat", "the sponsor has been sanctioned before")
        on = parse_date(form, "on")
        with unit_of_work() as uow:
            try:
                service.impose_sanction(
                    uow,
                    organisation_id=sponsor.organisation_id,
                    reason=form["reason"],
                    on=on,
                    repeat=repeat,
                    actor=principal,
                )
            except ParameterNotInForce:
                raise EmployersError("on", f"no sanction period is recorded for {on.isoformat()}") from None
    except EmployersError as exc:
        return _sanction_form(request, sponsor_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{sponsor_id}", status_code=303)
