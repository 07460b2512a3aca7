"""Enforcement officers' pages for illegal working visits: plan a visit, see it (people checked, arrests,
evidence with hashes and custody), record its outcome and attach evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core import audit
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation, Person
from portcullis.employers import enforcement
from portcullis.employers.models import Encounter, EnforcementVisit, EvidenceFile
from portcullis.employers.values import REGIONS, SECTORS, EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
ENFORCE = "employers.enforce"


def _date(day: str, month: str, year: str, field: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise EmployersError(field, "Enter a real date, including a day, month and year") from None


def _form_page(request: Request, form: dict[str, str], error: EmployersError | None = None) -> HTMLResponse:
    context: dict[str, Any] = {
        "title": "Plan an illegal working visit",
        "form": form,
        "regions": REGIONS,
        "sectors": SECTORS,
        "error_field": error.field if error else None,
    }
    if error:
        text = error.reason[0].upper() + error.reason[1:]
        anchor = "planned_on-day" if error.field == "planned_on" else error.field
        context["errors"] = [{"text": text, "href": f"#{anchor}"}]
        context["error_text"] = text
    return render(request, "employers/visit_new.html", context, status_code=422 if error else 200)


@router.get("/employers/visits/new", response_class=HTMLResponse)
def new_visit(request: Request, _: Principal = Depends(require(ENFORCE))) -> HTMLResponse:
    return _form_page(request, {})


@router.post("/employers/visits/new", response_class=HTMLResponse)
async def create_visit(request: Request, principal: Principal = Depends(require(ENFORCE))) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    try:
        planned = _date(
            form.get("planned_on-day", ""),
            form.get("planned_on-month", ""),
            form.get("planned_on-year", ""),
            "planned_on",
        )
        with unit_of_work() as uow:
            visit = enforcement.plan_visit(
                uow,
                premises=form.get("premises", ""),
                region=form.get("region", ""),
                sector=form.get("sector", ""),
                planned_on=planned,
                officers=form.get("officers", "").splitlines(),
                actor=principal,
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
    return {
        "title": f"Visit to {visit.premises}",
        "visit": visit,
        "encounters": encounters,
        "people": people,
        "evidence": evidence,
        "employer": employer,
        "errors": [],
        "error_field": None,
    }


@router.get("/employers/visits/{visit_id}", response_class=HTMLResponse)
def visit_page(
    request: Request, visit_id: str, principal: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return render(request, "employers/visit.html", _visit_context(visit_id, principal))


def _visit_error(request: Request, visit_id: str, principal: Principal, exc: EmployersError) -> HTMLResponse:
    context = _visit_context(visit_id, principal)
    text = exc.reason[0].upper() + exc.reason[1:]
    anchor = {"visited_on": "visited_on-day", "content": "file"}.get(exc.field, exc.field)
    context.update(errors=[{"text": text, "href": f"#{anchor}"}], error_field=exc.field, error_text=text)
    return render(request, "employers/visit.html", context, status_code=422)


@router.post("/employers/visits/{visit_id}/outcome", response_class=HTMLResponse)
def visit_outcome(
    request: Request,
    visit_id: str,
    outcome: Annotated[str, Form()] = "",
    day: Annotated[str, Form(alias="visited_on-day")] = "",
    month: Annotated[str, Form(alias="visited_on-month")] = "",
    year: Annotated[str, Form(alias="visited_on-year")] = "",
    principal: Principal = Depends(require(ENFORCE)),
) -> Response:
    try:
        visited = _date(day, month, year, "visited_on")
        with unit_of_work() as uow:
            enforcement.record_visit(
                uow, visit_id=visit_id, visited_on=visited, outcome=outcome, actor=principal
            )
    except EmployersError as exc:
        return _visit_error(request, visit_id, principal, exc)
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
        return _visit_error(request, visit_id, principal, exc)
    return RedirectResponse(f"/employers/visits/{visit_id}", status_code=303)
