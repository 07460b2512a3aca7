"""Enforcement officers' pages for illegal working visits: plan a visit, see it (people checked, arrests,
evidence with hashes and custody), record its outcome, the people encountered (checked on the spot),
arrests and evidence, and refer the employer for a civil penalty."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import audit
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation, Person
from portcullis.employers import enforcement
from portcullis.employers.forms import (
    error_context,
    form_data,
    no_errors,
    parse_date,
    parse_london_time,
)
from portcullis.employers.models import Encounter, EnforcementVisit, EvidenceFile, Penalty
from portcullis.employers.values import REGIONS, SECTORS, EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
ENFORCE = "employers.enforce"
RIGHT_TO_WORK = {
    "yes": "Yes, the person showed a right to work",
    "no": "No right to work",
    "unknown": "Not known on the spot (a current eVisa work permission settles it as yes)",
}


def _form_page(request: Request, form: dict[str, str], error: EmployersError | None = None) -> HTMLResponse:
    context: dict[str, Any] = {
        "title": "Plan an illegal working visit",
        "regions": REGIONS,
        "sectors": SECTORS,
        **(error_context(error, form, {"planned_on": "planned_on-day"}) if error else no_errors()),
    }
    context["form"] = form
    return render(request, "employers/visit_new.html", context, status_code=422 if error else 200)


@router.get("/employers/visits/new", response_class=HTMLResponse)
def new_visit(request: Request, _: Principal = Depends(require(ENFORCE))) -> HTMLResponse:
    return _form_page(request, {})


def _employer_by_number(session: Any, number: str) -> str | None:
    if not number.strip():
        return None
    found = session.scalar(
        select(Organisation.id).where(Organisation.company_number == number.strip().upper())
    )
    if found is None:
        raise EmployersError("company_number", "no organisation has that company number")
    return str(found)


@router.post("/employers/visits/new", response_class=HTMLResponse)
async def create_visit(request: Request, principal: Principal = Depends(require(ENFORCE))) -> Response:
    form = await form_data(request)
    try:
        planned = parse_date(form, "planned_on")
        with unit_of_work() as uow:
            visit = enforcement.plan_visit(
                uow,
                premises=form.get("premises", ""),
                region=form.get("region", ""),
                sector=form.get("sector", ""),
                planned_on=planned,
                officers=form.get("officers", "").splitlines(),
                actor=principal,
                organisation_id=_employer_by_number(uow.session, form.get("company_number", "")),
                intelligence_ref=form.get("intelligence_ref") or None,
            )
    except EmployersError as exc:
        return _form_page(request, form, exc)
    return RedirectResponse(f"/employers/visits/{visit.id}", status_code=303)


def _visit_context(visit_id: str, principal: Principal) -> dict[str, Any]:
    with unit_of_work() as uow:
        session = uow.session
        visit = session.get(EnforcementVisit, visit_id)
        if visit is None:
            raise HTTPException(status_code=404)
        encounters = list(session.scalars(select(Encounter).where(Encounter.visit_id == visit.id)))
        people = {e.person_id: session.get(Person, e.person_id) for e in encounters}
        for e in encounters:  # each person's record shown to the officer is a consultation
            audit.record(
                uow,
                actor=principal,
                operation=audit.Operation.CONSULTATION,
                record_type="employer_encounter",
                record_id=e.id,
                subject_id=e.person_id,
                justification="Enforcement officer viewed a visit's encounters",
            )
        evidence = list(session.scalars(select(EvidenceFile).where(EvidenceFile.visit_id == visit.id)))
        employer = session.get(Organisation, visit.organisation_id) if visit.organisation_id else None
        penalties = list(session.scalars(select(Penalty).where(Penalty.visit_id == visit.id)))
    return {
        "title": f"Visit to {visit.premises}",
        "visit": visit,
        "encounters": encounters,
        "people": people,
        "evidence": evidence,
        "employer": employer,
        "penalties": penalties,
        "rights": RIGHT_TO_WORK,
        **no_errors(),
    }


@router.get("/employers/visits/{visit_id}", response_class=HTMLResponse)
def visit_page(
    request: Request, visit_id: str, principal: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return render(request, "employers/visit.html", _visit_context(visit_id, principal))


ANCHORS = {"visited_on": "visited_on-day", "content": "file", "visit_id": "referral"}


def _visit_error(
    request: Request, visit_id: str, principal: Principal, exc: EmployersError, form: dict[str, str]
) -> HTMLResponse:
    context = _visit_context(visit_id, principal)
    context.update(error_context(exc, form, ANCHORS))
    return render(request, "employers/visit.html", context, status_code=422)


@router.post("/employers/visits/{visit_id}/outcome", response_class=HTMLResponse)
async def visit_outcome(
    request: Request, visit_id: str, principal: Principal = Depends(require(ENFORCE))
) -> Response:
    form = await form_data(request)
    try:
        visited = parse_date(form, "visited_on")
        with unit_of_work() as uow:
            enforcement.record_visit(
                uow, visit_id=visit_id, visited_on=visited, outcome=form.get("outcome", ""), actor=principal
            )
    except EmployersError as exc:
        return _visit_error(request, visit_id, principal, exc, form)
    return RedirectResponse(f"/employers/visits/{visit_id}", status_code=303)


@router.post("/employers/visits/{visit_id}/evidence", response_class=HTMLResponse)
async def visit_evidence(
    request: Request,
    visit_id: str,
    kind: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    principal: Principal = Depends(require(ENFORCE)),
) -> Response:
    content = await file.read() if file is not None else b""
    try:
        with unit_of_work() as uow:
            enforcement.add_evidence(
                uow,
                visit_id=visit_id,
                kind=kind,
                filename=(file.filename if file else None) or "evidence",
                content=content,
                actor=principal,
            )
    except EmployersError as exc:
        return _visit_error(request, visit_id, principal, exc, {"kind": kind})
    return RedirectResponse(f"/employers/visits/{visit_id}", status_code=303)


@router.post("/employers/visits/{visit_id}/encounters", response_class=HTMLResponse)
async def visit_encounter(
    request: Request, visit_id: str, principal: Principal = Depends(require(ENFORCE))
) -> Response:
    """A person found at the premises: named, then checked on the spot against screening and eVisa."""
    form = await form_data(request)
    try:
        with unit_of_work() as uow:
            person_id = enforcement.person_encountered(
                uow,
                given_names=form.get("given_names", ""),
                family_name=form.get("family_name", ""),
                date_of_birth=form.get("date_of_birth", ""),
                nationality=form.get("nationality", ""),
                document_number=form.get("document_number", ""),
                actor=principal,
            )
            enforcement.record_encounter(
                uow,
                visit_id=visit_id,
                person_id=person_id,
                right_to_work=form.get("right_to_work", ""),
                actor=principal,
            )
    except EmployersError as exc:
        return _visit_error(request, visit_id, principal, exc, form)
    return RedirectResponse(f"/employers/visits/{visit_id}#people", status_code=303)


def _arrest_page(
    request: Request, encounter_id: str, principal: Principal, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    with unit_of_work() as uow:
        encounter = uow.session.get(Encounter, encounter_id)
        if encounter is None:
            raise HTTPException(status_code=404)
        person = uow.session.get(Person, encounter.person_id)
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="employer_encounter",
            record_id=encounter.id,
            subject_id=encounter.person_id,
            justification="Enforcement officer opened the arrest form",
        )
    context.update(title="Record an arrest", encounter=encounter, person=person)
    return render(request, "employers/arrest.html", context, status_code=status)


@router.get("/employers/encounters/{encounter_id}/arrest", response_class=HTMLResponse)
def arrest_form(
    request: Request, encounter_id: str, principal: Principal = Depends(require(ENFORCE))
) -> HTMLResponse:
    return _arrest_page(request, encounter_id, principal, no_errors())


@router.post("/employers/encounters/{encounter_id}/arrest", response_class=HTMLResponse)
async def arrest(
    request: Request, encounter_id: str, principal: Principal = Depends(require(ENFORCE))
) -> Response:
    form = await form_data(request)
    try:
        at = parse_london_time(form, "arrested_on", "arrested_time")
        with unit_of_work() as uow:
            encounter = enforcement.arrest(uow, encounter_id=encounter_id, at=at, actor=principal)
            visit_id = encounter.visit_id
    except EmployersError as exc:
        context = error_context(exc, form, {"arrested_on": "arrested_on-day"})
        return _arrest_page(request, encounter_id, principal, context, 422)
    return RedirectResponse(f"/employers/visits/{visit_id}#people", status_code=303)
