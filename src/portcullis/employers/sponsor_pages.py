"""Compliance officers' forms over the sponsor services: registering a sponsor, a licence application
(refused with its reasons while a sanction or cooling-off runs or on a screening hit), assigning a CoS,
recording a reporting change, and a complaint that a worker was charged sponsorship costs. Bad input is
shown again with the field named, and nothing is saved (each form is one unit of work)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Organisation, PartyError, Person, parse_partial_date
from portcullis.core.policy import ParameterNotInForce
from portcullis.employers import certificates, service
from portcullis.employers.forms import error_context, form_data, no_errors, parse_date, yes_no
from portcullis.employers.models import Licence, LicenceApplication, Sponsor
from portcullis.employers.values import REGIONS, ROUTES, SECTORS, EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
READ = require("employers.read")
WRITE = require("employers.write")
COMPANY_NUMBER = re.compile(r"[A-Z0-9]{8}")
DATE_ANCHORS = {
    "assigned_on": "assigned_on-day",
    "occurred_on": "occurred_on-day",
    "received_on": "received_on-day",
}


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


# --- registering a sponsor


def _sponsor_form(
    request: Request, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    context = {"title": "Register a sponsor", "sectors": SECTORS, "regions": REGIONS}
    return _page(request, "sponsor_new.html", context, error, form)


@router.get("/employers/sponsors/new", response_class=HTMLResponse)
def new_sponsor(request: Request, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _sponsor_form(request)


def _organisation(uow: UnitOfWork, form: dict[str, str]) -> Organisation:
    """The organisation with that company number, or a new one (rolled back with the rest on bad input)."""
    name = form.get("name", "").strip()
    number = form.get("company_number", "").strip().upper()
    if not name:
        raise EmployersError("name", "enter the organisation's name")
    if not COMPANY_NUMBER.fullmatch(number):
        raise EmployersError("company_number", "enter the company number: 8 letters or digits, like 01234567")
    found = uow.session.scalar(select(Organisation).where(Organisation.company_number == number))
    if found is not None:
        return found
    organisation = Organisation(name=name, company_number=number)
    uow.session.add(organisation)
    uow.flush()
    return organisation


@router.post("/employers/sponsors/new", response_class=HTMLResponse)
async def register_sponsor(request: Request, principal: Principal = Depends(WRITE)) -> Response:
    form = await form_data(request)
    try:
        with unit_of_work() as uow:
            organisation = _organisation(uow, form)
            sponsor = service.register_sponsor(
                uow,
                organisation_id=organisation.id,
                sector=form.get("sector", ""),
                region=form.get("region", ""),
                contact_email=form.get("contact_email", "").strip() or None,
                actor=principal,
            )
            sponsor_id = sponsor.id
    except EmployersError as exc:
        if exc.field == "organisation_id":
            exc = EmployersError("company_number", exc.reason)
        return _sponsor_form(request, exc, form)
    return RedirectResponse(f"/employers/sponsors/{sponsor_id}", status_code=303)


# --- licence applications


def _sponsor(sponsor_id: str) -> tuple[Sponsor, str]:
    with unit_of_work() as uow:
        sponsor = uow.session.get(Sponsor, sponsor_id)
        if sponsor is None:
            raise HTTPException(status_code=404)
        organisation = uow.session.get(Organisation, sponsor.organisation_id)
        return sponsor, organisation.name if organisation else "Sponsor"


def _application_form(
    request: Request,
    sponsor_id: str,
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
    routes: list[str] | None = None,
) -> HTMLResponse:
    sponsor, name = _sponsor(sponsor_id)
    context = {
        "title": f"Apply for a licence: {name}",
        "sponsor": sponsor,
        "name": name,
        "routes": ROUTES,
        "chosen": routes or [],
    }
    return _page(request, "application_new.html", context, error, form)


@router.get("/employers/sponsors/{sponsor_id}/applications/new", response_class=HTMLResponse)
def new_application(request: Request, sponsor_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _application_form(request, sponsor_id)


@router.post("/employers/sponsors/{sponsor_id}/applications/new", response_class=HTMLResponse)
async def apply(request: Request, sponsor_id: str, principal: Principal = Depends(WRITE)) -> Response:
    _sponsor(sponsor_id)
    routes = [str(r) for r in (await request.form()).getlist("routes")]
    try:
        with unit_of_work() as uow:
            application = service.apply_for_licence(
                uow, sponsor_id=sponsor_id, routes=routes, on=clock.today_in_london(), actor=principal
            )
            application_id = application.id
    except EmployersError as exc:
        return _application_form(request, sponsor_id, exc, {}, routes)
    return RedirectResponse(f"/employers/applications/{application_id}", status_code=303)


@router.get("/employers/applications/{application_id}", response_class=HTMLResponse)
def application_page(request: Request, application_id: str, _: Principal = Depends(READ)) -> HTMLResponse:
    with unit_of_work() as uow:
        application = uow.session.get(LicenceApplication, application_id)
        if application is None:
            raise HTTPException(status_code=404)
        uow.session.expunge(application)
    name = _sponsor(application.sponsor_id)[1]
    title = f"Licence {'granted' if application.outcome == 'granted' else 'refused'}: {name}"
    return render(request, "employers/application.html", {"title": title, "application": application})


# --- Certificates of Sponsorship


def _licence(licence_id: str) -> tuple[Licence, str]:
    with unit_of_work() as uow:
        licence = uow.session.get(Licence, licence_id)
        if licence is None:
            raise HTTPException(status_code=404)
        uow.session.expunge(licence)
    return licence, _sponsor(licence.sponsor_id)[1]


def _cos_form(
    request: Request, licence_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    licence, name = _licence(licence_id)
    context = {"title": f"Assign a Certificate of Sponsorship: {name}", "licence": licence, "name": name}
    return _page(request, "cos_new.html", context, error, form)


@router.get("/employers/licences/{licence_id}/cos/new", response_class=HTMLResponse)
def new_cos(request: Request, licence_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _cos_form(request, licence_id)


def _worker(uow: UnitOfWork, form: dict[str, str]) -> Person:
    """The worker with that exact name and date of birth, or a new record (rolled back on bad input)."""
    given, family = form.get("given_names", "").strip(), form.get("family_name", "").strip()
    if not family:
        raise EmployersError("family_name", "enter the worker's family name")
    try:
        born = parse_partial_date(form.get("date_of_birth", ""), field="date_of_birth")
    except PartyError as exc:
        raise EmployersError(
            "date_of_birth", str(exc) or "enter the date of birth, like 1990-03-04"
        ) from None
    found = uow.session.scalar(
        select(Person).where(
            Person.given_names == given, Person.family_name == family, Person.date_of_birth == born
        )
    )
    if found is not None:
        return found
    person = Person(given_names=given, family_name=family, date_of_birth=born)
    uow.session.add(person)
    uow.flush()
    return person


@router.post("/employers/licences/{licence_id}/cos/new", response_class=HTMLResponse)
async def assign_cos(request: Request, licence_id: str, principal: Principal = Depends(WRITE)) -> Response:
    licence, _ = _licence(licence_id)
    form = await form_data(request)
    try:
        with unit_of_work() as uow:
            worker = _worker(uow, form)
            on = parse_date(form, "assigned_on")
            try:
                certificates.assign_cos(
                    uow,
                    licence_id=licence_id,
                    worker_person_id=worker.id,
                    kind=form.get("kind", ""),
                    new_worker=yes_no(form, "new_worker", "the worker is new to the sponsor"),
                    job_title=form.get("job_title", ""),
                    salary=form.get("salary", ""),
                    salary_category=form.get("salary_category", ""),
                    on=on,
                    actor=principal,
                )
            except ParameterNotInForce:
                raise EmployersError(
                    "assigned_on",
                    f"no salary threshold is recorded for {on.isoformat()}: the CoS cannot be checked",
                ) from None
    except EmployersError as exc:
        return _cos_form(request, licence_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{licence.sponsor_id}", status_code=303)


# --- reporting changes


def _change_form(
    request: Request, licence_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    licence, name = _licence(licence_id)
    with unit_of_work() as uow:
        workers = [(p.id, p.full_name) for p in certificates.workers_of(uow.session, licence_id)]
    context = {
        "title": f"Record a change to report: {name}",
        "licence": licence,
        "name": name,
        "workers": workers,
    }
    return _page(request, "change_new.html", context, error, form)


@router.get("/employers/licences/{licence_id}/changes/new", response_class=HTMLResponse)
def new_change(request: Request, licence_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _change_form(request, licence_id)


@router.post("/employers/licences/{licence_id}/changes/new", response_class=HTMLResponse)
async def record_change(request: Request, licence_id: str, principal: Principal = Depends(WRITE)) -> Response:
    licence, _ = _licence(licence_id)
    form = await form_data(request)
    try:
        kind = form.get("kind", "")
        if kind not in ("worker", "organisation"):
            raise EmployersError("kind", "select whether the change is about a worker or the organisation")
        worker_id = form.get("worker_person_id") or None if kind == "worker" else None
        with unit_of_work() as uow:
            certificates.record_change(
                uow,
                licence_id=licence_id,
                kind=kind,
                change=form.get("change", ""),
                occurred_on=parse_date(form, "occurred_on"),
                worker_person_id=worker_id,
                actor=principal,
            )
    except EmployersError as exc:
        return _change_form(request, licence_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{licence.sponsor_id}", status_code=303)


# --- complaints of charging workers the sponsorship costs


def _complaint_form(
    request: Request, sponsor_id: str, error: EmployersError | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    sponsor, name = _sponsor(sponsor_id)
    context = {"title": f"Record a complaint of charging workers: {name}", "sponsor": sponsor, "name": name}
    return _page(request, "complaint_new.html", context, error, form)


@router.get("/employers/sponsors/{sponsor_id}/complaints/new", response_class=HTMLResponse)
def new_complaint(request: Request, sponsor_id: str, _: Principal = Depends(WRITE)) -> HTMLResponse:
    return _complaint_form(request, sponsor_id)


@router.post("/employers/sponsors/{sponsor_id}/complaints/new", response_class=HTMLResponse)
async def complain(request: Request, sponsor_id: str, principal: Principal = Depends(WRITE)) -> Response:
    _sponsor(sponsor_id)
    form = await form_data(request)
    try:
        complaint = form.get("complaint", "").strip()
        if not complaint:
            raise EmployersError("complaint", "enter what the worker says they were charged for")
        with unit_of_work() as uow:
            service.complain_charging_workers(
                uow,
                sponsor_id=sponsor_id,
                complaint=complaint,
                received_on=parse_date(form, "received_on"),
                actor=principal,
            )
    except EmployersError as exc:
        return _complaint_form(request, sponsor_id, exc, form)
    return RedirectResponse(f"/employers/sponsors/{sponsor_id}", status_code=303)
