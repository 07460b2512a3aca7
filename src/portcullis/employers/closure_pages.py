"""Enforcement officers' pages for closure notices and compliance orders (Immigration Act 2016, Schedule 6)
and for referring a director to the Insolvency Service and recording the court's outcome."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import audit, clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Organisation, Person
from portcullis.employers import directors, enforcement
from portcullis.employers.forms import (
    error_context,
    form_data,
    no_errors,
    parse_date,
    parse_london_time,
    whole_number,
    yes_no,
)
from portcullis.employers.models import Closure, Disqualification, EnforcementVisit
from portcullis.employers.values import RANK_LABELS, EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
ENFORCE = "employers.enforce"
CLOSURE_ANCHORS = {
    "issued_on": "issued_on-day",
    "issued_at": "issued_on-day",
    "made_on": "made_on-day",
    "organisation_id": "company_number",
    "illegal_working_found": "company_number",
    "conditions": "conviction",
    "closure_id": "closure-steps",
}
REFERRAL_ANCHORS = {"referred_on": "referred_on-day", "starts_on": "starts_on-day", "referral_id": "outcome"}


def _organisation_by_number(session: Any, number: str) -> str:
    if not number.strip():
        raise EmployersError("company_number", "enter the employer's company number")
    found = session.scalar(
        select(Organisation.id).where(Organisation.company_number == number.strip().upper())
    )
    if found is None:
        raise EmployersError("company_number", "no organisation has that company number")
    return str(found)


# --- closure notices


def _new_closure_page(
    request: Request, principal: Principal, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    context.update(title="Issue a closure notice", ranks=RANK_LABELS, today=clock.today_in_london())
    context["form"] = {"officer_name": principal.name, **context["form"]}
    return render(request, "employers/closure_new.html", context, status_code=status)


@router.get("/employers/closures/new", response_class=HTMLResponse)
def new_closure(
    request: Request, visit_id: str = "", principal: Principal = Depends(require(ENFORCE))
) -> HTMLResponse:
    context = no_errors()
    if visit_id:
        with unit_of_work() as uow:
            visit = uow.session.get(EnforcementVisit, visit_id)
            if visit is not None:
                employer = (
                    uow.session.get(Organisation, visit.organisation_id) if visit.organisation_id else None
                )
                context["form"] = {
                    "premises": visit.premises,
                    "company_number": (employer.company_number or "") if employer else "",
                }
    return _new_closure_page(request, principal, context)


@router.post("/employers/closures/new", response_class=HTMLResponse)
async def create_closure(request: Request, principal: Principal = Depends(require(ENFORCE))) -> Response:
    form = await form_data(request)
    try:
        issued_at = parse_london_time(form, "issued_on", "issued_time")
        conviction = yes_no(
            form, "conviction", "the employer has a conviction for employing an illegal worker"
        )
        with unit_of_work() as uow:
            closure = enforcement.issue_closure_notice(
                uow,
                organisation_id=_organisation_by_number(uow.session, form.get("company_number", "")),
                premises=form.get("premises", ""),
                issued_at=issued_at,
                officer_name=form.get("officer_name", "").strip() or principal.name,
                officer_rank=form.get("officer_rank", ""),
                conviction=conviction,
                actor=principal,
            )
    except EmployersError as exc:
        return _new_closure_page(request, principal, error_context(exc, form, CLOSURE_ANCHORS), 422)
    return RedirectResponse(f"/employers/closures/{closure.id}", status_code=303)


def _closure_context(closure_id: str) -> dict[str, Any]:
    with unit_of_work() as uow:
        closure = uow.session.get(Closure, closure_id)
        if closure is None:
            raise HTTPException(status_code=404)
        employer = uow.session.get(Organisation, closure.organisation_id)
    return {
        "title": f"Closure notice: {closure.premises}",
        "closure": closure,
        "employer": employer,
        "rank": RANK_LABELS.get(closure.officer_rank, closure.officer_rank),
        "today": clock.today_in_london(),
        **no_errors(),
    }


@router.get("/employers/closures/{closure_id}", response_class=HTMLResponse)
def closure_page(
    request: Request, closure_id: str, _: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return render(request, "employers/closure.html", _closure_context(closure_id))


async def _closure_step(
    request: Request, closure_id: str, action: Callable[[UnitOfWork, dict[str, str]], object]
) -> Response:
    form = await form_data(request)
    try:
        with unit_of_work() as uow:
            action(uow, form)
    except EmployersError as exc:
        context = _closure_context(closure_id)
        context.update(error_context(exc, form, CLOSURE_ANCHORS))
        return render(request, "employers/closure.html", context, status_code=422)
    return RedirectResponse(f"/employers/closures/{closure_id}", status_code=303)


@router.post("/employers/closures/{closure_id}/order", response_class=HTMLResponse)
async def compliance_order(
    request: Request, closure_id: str, actor: Principal = Depends(require(ENFORCE))
) -> Response:
    return await _closure_step(
        request,
        closure_id,
        lambda uow, form: enforcement.make_compliance_order(
            uow,
            closure_id=closure_id,
            made_on=parse_date(form, "made_on"),
            months=whole_number(form, "months", "length of the order in months"),
            actor=actor,
        ),
    )


@router.post("/employers/closures/{closure_id}/extend", response_class=HTMLResponse)
async def extend_order(
    request: Request, closure_id: str, actor: Principal = Depends(require(ENFORCE))
) -> Response:
    def act(uow: UnitOfWork, form: dict[str, str]) -> object:
        months = whole_number(form, "extra_months", "extension in months")
        try:
            return enforcement.extend_compliance_order(uow, closure_id=closure_id, months=months, actor=actor)
        except EmployersError as exc:  # the rule names "months"; this form's field is "extra_months"
            raise EmployersError("extra_months" if exc.field == "months" else exc.field, exc.reason) from None

    return await _closure_step(request, closure_id, act)


# --- director disqualification


def _directors(uow: UnitOfWork, organisation: Organisation, principal: Principal) -> list[Person]:
    people = [d.person for d in organisation.directors]
    for person in people:  # the directors' names are shown to the officer: a consultation of each
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="person",
            record_id=person.id,
            subject_id=person.id,
            justification="Choosing a director to refer to the Insolvency Service",
        )
    return people


def _new_referral_page(
    request: Request, organisation_id: str, principal: Principal, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    with unit_of_work() as uow:
        organisation = uow.session.get(Organisation, organisation_id)
        if organisation is None:
            raise HTTPException(status_code=404)
        directors = _directors(uow, organisation, principal)
    context.update(
        title="Refer a director to the Insolvency Service",
        organisation=organisation,
        directors=directors,
        today=clock.today_in_london(),
    )
    return render(request, "employers/referral_new.html", context, status_code=status)


@router.get("/employers/disqualifications/new", response_class=HTMLResponse)
def new_referral(
    request: Request, organisation_id: str = "", principal: Principal = Depends(require(ENFORCE))
) -> HTMLResponse:
    return _new_referral_page(request, organisation_id, principal, no_errors())


@router.post("/employers/disqualifications/new", response_class=HTMLResponse)
async def create_referral(request: Request, principal: Principal = Depends(require(ENFORCE))) -> Response:
    form = await form_data(request)
    organisation_id = form.get("organisation_id", "")
    try:
        if not form.get("person_id"):
            raise EmployersError("person_id", "select the director to refer")
        referred_on = parse_date(form, "referred_on")
        with unit_of_work() as uow:
            referral = directors.refer_director(
                uow,
                person_id=form["person_id"],
                organisation_id=organisation_id,
                referred_on=referred_on,
                reason=form.get("reason", ""),
                actor=principal,
            )
    except EmployersError as exc:
        context = error_context(exc, form, REFERRAL_ANCHORS)
        return _new_referral_page(request, organisation_id, principal, context, 422)
    return RedirectResponse(f"/employers/disqualifications/{referral.id}", status_code=303)


def _referral_page(
    request: Request, referral_id: str, principal: Principal, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    with unit_of_work() as uow:
        referral = uow.session.get(Disqualification, referral_id)
        if referral is None:
            raise HTTPException(status_code=404)
        person = uow.session.get(Person, referral.person_id)
        organisation = uow.session.get(Organisation, referral.organisation_id)
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="employer_disqualification",
            record_id=referral.id,
            subject_id=referral.person_id,
            justification="Officer viewed a director disqualification referral",
        )
    context.update(
        title="Director disqualification",
        referral=referral,
        person=person,
        organisation=organisation,
        today=clock.today_in_london(),
    )
    return render(request, "employers/referral.html", context, status_code=status)


@router.get("/employers/disqualifications/{referral_id}", response_class=HTMLResponse)
def referral_page(
    request: Request, referral_id: str, principal: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return _referral_page(request, referral_id, principal, no_errors())


@router.post("/employers/disqualifications/{referral_id}/outcome", response_class=HTMLResponse)
async def referral_outcome(
    request: Request, referral_id: str, principal: Principal = Depends(require(ENFORCE))
) -> Response:
    form = await form_data(request)
    try:
        outcome = form.get("outcome", "")
        with unit_of_work() as uow:
            if outcome == "disqualified":
                directors.record_disqualification(
                    uow,
                    referral_id=referral_id,
                    years=whole_number(form, "years", "length of the disqualification in years"),
                    starts_on=parse_date(form, "starts_on"),
                    actor=principal,
                )
            elif outcome == "no-action":
                directors.record_no_disqualification(uow, referral_id=referral_id, actor=principal)
            else:
                raise EmployersError("outcome", "select the outcome of the referral")
    except EmployersError as exc:
        context = error_context(exc, form, REFERRAL_ANCHORS)
        return _referral_page(request, referral_id, principal, context, 422)
    return RedirectResponse(f"/employers/disqualifications/{referral_id}", status_code=303)
