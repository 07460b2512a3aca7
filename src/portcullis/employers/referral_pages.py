"""The enforcement officer's referral of an employer for a civil penalty: for each illegal worker found,
whether the employer holds a statutory excuse and which (a manual List A or List B check, an online share
code check, IDVT, or a right-to-work check made in Portcullis), then the code of practice's questions. One
unit of work: bad input shows the page again naming the worker's field, and nothing is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation, Person
from portcullis.employers import penalties
from portcullis.employers.forms import error_context, form_data, no_errors, parse_date, yes_no
from portcullis.employers.models import EnforcementVisit
from portcullis.employers.values import EXCUSE_METHODS, EmployersError, ExcuseClaim
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
ENFORCE = "employers.enforce"
DATES = ("checked_on", "employment_started_on", "permission_ends_on", "follow_up_done_on")
MANUAL = {k: v for k, v in EXCUSE_METHODS.items() if k != "record"}


def _anchor(field: str) -> str:
    """Where the error summary links: a date's day box, a worker's first answer."""
    name = field.rsplit("-", 1)[-1]
    if name in DATES:
        return f"{field}-day"
    if name in ("record_id", "person_id"):
        return field.rsplit("-", 1)[0] + "-method"
    if field == "visit_id":
        return "workers"
    return field


def _context(visit_id: str, principal: Principal) -> dict[str, Any]:
    with unit_of_work() as uow:
        visit = uow.session.get(EnforcementVisit, visit_id)
        if visit is None:
            raise HTTPException(status_code=404)
        employer = uow.session.get(Organisation, visit.organisation_id) if visit.organisation_id else None
        workers = penalties.referral_workers(uow, visit_id=visit_id, actor=principal)
    return {
        "title": f"Refer for a civil penalty: {visit.premises}",
        "visit": visit,
        "employer": employer,
        "workers": workers,
        "methods": MANUAL,
        "today": clock.today_in_london(),
    }


def _page(
    request: Request,
    visit_id: str,
    principal: Principal,
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    context = _context(visit_id, principal)
    if error is None:
        context.update(no_errors())
    else:
        context.update(error_context(error, form or {}, {error.field: _anchor(error.field)}))
    return render(request, "employers/referral_penalty.html", context, status_code=422 if error else 200)


def _optional_date(form: dict[str, str], field: str) -> date | None:
    if not any(form.get(f"{field}-{p}", "").strip() for p in ("day", "month", "year")):
        return None
    return parse_date(form, field)


def _claims(form: dict[str, str], workers: list[tuple[str, str]]) -> list[ExcuseClaim]:
    """One claim per worker (`w1-`, `w2-` ... in the page's order). An answer is required for each."""
    claims = []
    for number, (person_id, name) in enumerate(workers, start=1):
        prefix = f"w{number}-"
        answer = form.get(f"{prefix}method", "")
        if not answer:
            raise EmployersError(
                f"{prefix}method", f"select whether the employer checked {name}'s right to work, and how"
            )
        record_id = answer.removeprefix("record-") if answer.startswith("record-") else None
        method = "record" if record_id else (None if answer == "none" else answer)
        dates = {d: _optional_date(form, f"{prefix}{d}") for d in DATES}
        claims.append(
            ExcuseClaim(person_id=person_id, method=method, record_id=record_id, prefix=prefix, **dates)
        )
    return claims


@router.get("/employers/visits/{visit_id}/penalty", response_class=HTMLResponse)
def referral_form(
    request: Request, visit_id: str, principal: Principal = Depends(require(ENFORCE))
) -> Response:
    return _page(request, visit_id, principal)


@router.post("/employers/visits/{visit_id}/penalty", response_class=HTMLResponse)
async def refer(
    request: Request, visit_id: str, principal: Principal = Depends(require(ENFORCE))
) -> Response:
    form = await form_data(request)
    try:
        with unit_of_work() as uow:
            people = [
                (e.person_id, uow.session.get(Person, e.person_id))
                for e in penalties.illegal_workers(uow.session, visit_id)
            ]
            found = [(pid, p.full_name if p else f"worker {i}") for i, (pid, p) in enumerate(people, 1)]
        claims = _claims(form, found)
        reported = yes_no(form, "reported", "the employer reported the illegal workers")
        cooperated = yes_no(form, "cooperated", "the employer actively co-operated")
        checks = yes_no(form, "effective_checks", "the employer had effective right-to-work checks")
        with unit_of_work() as uow:
            penalty = penalties.refer_for_penalty(
                uow,
                visit_id=visit_id,
                reported=reported,
                cooperated=cooperated,
                effective_checks=checks,
                actor=principal,
                excuses=claims,
            )
    except EmployersError as exc:
        return _page(request, visit_id, principal, exc, form)
    return RedirectResponse(f"/employers/penalties/{penalty.id}", status_code=303)
