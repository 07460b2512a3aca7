"""Enforcement officers' pages for a civil penalty: the calculation, then each step the Immigration,
Asylum and Nationality Act 2006 allows: notice issued, payment or instalments, objection within 28 days
and its decision, appeal to the County Court, and unpaid penalties marked as debts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock, policy
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Organisation
from portcullis.employers import penalties, rules
from portcullis.employers.forms import error_context, form_data, no_errors, parse_date
from portcullis.employers.models import Penalty
from portcullis.employers.values import EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
ENFORCE = "employers.enforce"
ANCHORS = {
    "issued_on": "issued_on-day",
    "paid_on": "paid_on-day",
    "received_on": "received_on-day",
    "lodged_on": "lodged_on-day",
    "penalty_id": "penalty-steps",
}
DECISIONS = {
    "maintained": "Maintained: the penalty stands",
    "reduced": "Reduced",
    "cancelled": "Cancelled",
}


def _context(penalty_id: str) -> dict[str, Any]:
    today = clock.today_in_london()
    with unit_of_work() as uow:
        penalty = uow.session.get(Penalty, penalty_id)
        if penalty is None:
            raise HTTPException(status_code=404)
        employer = uow.session.get(Organisation, penalty.organisation_id)
        due = (
            rules.money(penalties.amount_due(penalty, on=today))
            if penalty.issued_on is not None and penalty.status not in ("paid", "cancelled")
            else None
        )
        objection_by = (
            rules.objection_deadline(policy=policy.at(penalty.issued_on), issued_on=penalty.issued_on)[0]
            if penalty.issued_on is not None
            else None
        )
        payments = list(penalty.payments)
    return {
        "title": f"Civil penalty: {employer.name if employer else 'employer'}",
        "penalty": penalty,
        "employer": employer,
        "payments": payments,
        "due": due,
        "objection_by": objection_by,
        "today": today,
        "decisions": DECISIONS,
        **no_errors(),
    }


@router.get("/employers/penalties/{penalty_id}", response_class=HTMLResponse)
def penalty_page(
    request: Request, penalty_id: str, _: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return render(request, "employers/penalty.html", _context(penalty_id))


async def _step(
    request: Request, penalty_id: str, action: Callable[[UnitOfWork, dict[str, str]], object]
) -> Response:
    """Run one step in one unit of work; bad input shows the page again with the error and saves nothing."""
    form = await form_data(request)
    try:
        with unit_of_work() as uow:
            action(uow, form)
    except EmployersError as exc:
        context = _context(penalty_id)
        context.update(error_context(exc, form, ANCHORS))
        return render(request, "employers/penalty.html", context, status_code=422)
    return RedirectResponse(f"/employers/penalties/{penalty_id}", status_code=303)


@router.post("/employers/penalties/{penalty_id}/issue", response_class=HTMLResponse)
async def issue(request: Request, penalty_id: str, actor: Principal = Depends(require(ENFORCE))) -> Response:
    return await _step(
        request,
        penalty_id,
        lambda uow, form: penalties.issue_penalty(
            uow, penalty_id=penalty_id, on=parse_date(form, "issued_on"), actor=actor
        ),
    )


@router.post("/employers/penalties/{penalty_id}/payments", response_class=HTMLResponse)
async def payment(
    request: Request, penalty_id: str, actor: Principal = Depends(require(ENFORCE))
) -> Response:
    def act(uow: UnitOfWork, form: dict[str, str]) -> object:
        paid_on = parse_date(form, "paid_on")
        amount = form.get("amount", "").strip().replace(",", "").removeprefix("£")
        if not amount:
            raise EmployersError("amount", "enter the amount paid in pounds, like 1500.00")
        return penalties.record_payment(
            uow, penalty_id=penalty_id, amount=amount, paid_on=paid_on, actor=actor
        )

    return await _step(request, penalty_id, act)


@router.post("/employers/penalties/{penalty_id}/instalments", response_class=HTMLResponse)
async def instalments(
    request: Request, penalty_id: str, actor: Principal = Depends(require(ENFORCE))
) -> Response:
    return await _step(
        request,
        penalty_id,
        lambda uow, form: penalties.agree_instalments(uow, penalty_id=penalty_id, actor=actor),
    )


@router.post("/employers/penalties/{penalty_id}/objection", response_class=HTMLResponse)
async def objection(
    request: Request, penalty_id: str, actor: Principal = Depends(require(ENFORCE))
) -> Response:
    return await _step(
        request,
        penalty_id,
        lambda uow, form: penalties.object_to_penalty(
            uow,
            penalty_id=penalty_id,
            received_on=parse_date(form, "received_on"),
            grounds=form.get("grounds", ""),
            actor=actor,
        ),
    )


@router.post("/employers/penalties/{penalty_id}/objection/decision", response_class=HTMLResponse)
async def objection_decision(
    request: Request, penalty_id: str, actor: Principal = Depends(require(ENFORCE))
) -> Response:
    def act(uow: UnitOfWork, form: dict[str, str]) -> object:
        outcome = form.get("outcome", "")
        if outcome not in DECISIONS:
            raise EmployersError("outcome", "select the decision on the objection")
        return penalties.decide_objection(
            uow,
            penalty_id=penalty_id,
            outcome=outcome,
            actor=actor,
            new_total=form.get("new_total", "").strip().replace(",", "") or None,
        )

    return await _step(request, penalty_id, act)


@router.post("/employers/penalties/{penalty_id}/appeal", response_class=HTMLResponse)
async def appeal(request: Request, penalty_id: str, actor: Principal = Depends(require(ENFORCE))) -> Response:
    return await _step(
        request,
        penalty_id,
        lambda uow, form: penalties.lodge_appeal(
            uow, penalty_id=penalty_id, lodged_on=parse_date(form, "lodged_on"), actor=actor
        ),
    )


@router.post("/employers/penalties/debts", response_class=HTMLResponse)
def debts(request: Request, actor: Principal = Depends(require(ENFORCE))) -> Response:
    """Issued penalties still unpaid after the objection period become debts to recover."""
    with unit_of_work() as uow:
        penalties.mark_debts(uow, on=clock.today_in_london(), actor=actor)
    return RedirectResponse("/employers/enforcement#penalties", status_code=303)
