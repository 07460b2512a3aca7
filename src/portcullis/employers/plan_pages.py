"""Compliance officers' page for one action plan: the sponsor's representations (within 20 working days
of the downgrade) and the outcome at the end: A-rating restored, a further plan, or revocation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation
from portcullis.employers import service
from portcullis.employers.forms import error_context, form_data, no_errors, parse_date, whole_number
from portcullis.employers.models import ActionPlan, Licence
from portcullis.employers.values import EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
WRITE = "employers.write"
OUTCOMES = {
    "restored": "A-rating restored: the sponsor met the plan",
    "further-plan": "Another action plan",
    "revoked": "Licence revoked for failing the plan (Annex C1)",
}
# The service names the further plan's fields as the downgrade does; this form calls them further_*.
FIELDS = {
    "months": "further_months",
    "actions": "further_actions",
    "licence_id": "outcome",
    "plan_id": "outcome",
}
ANCHORS = {"received_on": "received_on-day", "on": "on-day"}


def _page(request: Request, plan_id: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    with unit_of_work() as uow:
        plan = uow.session.get(ActionPlan, plan_id)
        if plan is None:
            raise HTTPException(status_code=404)
        licence = uow.session.get(Licence, plan.licence_id)
        assert licence is not None
        organisation = uow.session.get(Organisation, licence.sponsor.organisation_id)
    context.update(
        title=f"Action plan for licence {licence.number}",
        plan=plan,
        licence=licence,
        organisation=organisation,
        outcomes=OUTCOMES,
        today=clock.today_in_london(),
    )
    return render(request, "employers/action_plan.html", context, status_code=status)


@router.get("/employers/action-plans/{plan_id}", response_class=HTMLResponse)
def plan_page(
    request: Request, plan_id: str, _: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return _page(request, plan_id, no_errors())


@router.post("/employers/action-plans/{plan_id}/representations", response_class=HTMLResponse)
async def representations(
    request: Request, plan_id: str, actor: Principal = Depends(require(WRITE))
) -> Response:
    form = await form_data(request)
    try:
        received_on = parse_date(form, "received_on")
        with unit_of_work() as uow:
            service.record_representations(
                uow, plan_id=plan_id, text=form.get("text", ""), received_on=received_on, actor=actor
            )
    except EmployersError as exc:
        return _page(request, plan_id, error_context(exc, form, ANCHORS), 422)
    return RedirectResponse(f"/employers/action-plans/{plan_id}", status_code=303)


@router.post("/employers/action-plans/{plan_id}/outcome", response_class=HTMLResponse)
async def outcome(request: Request, plan_id: str, actor: Principal = Depends(require(WRITE))) -> Response:
    form = await form_data(request)
    try:
        chosen = form.get("outcome", "")
        if chosen not in OUTCOMES:
            raise EmployersError("outcome", "select the outcome of the action plan")
        on = parse_date(form, "on")
        months = (
            whole_number(form, "further_months", "length of the further plan in months")
            if chosen == "further-plan"
            else 0
        )
        actions = [a for a in form.get("further_actions", "").splitlines() if a.strip()] or None
        with unit_of_work() as uow:
            try:
                service.conclude_action_plan(
                    uow,
                    plan_id=plan_id,
                    outcome=chosen,
                    on=on,
                    actor=actor,
                    further_months=months,
                    further_actions=actions,
                )
            except EmployersError as exc:
                raise EmployersError(FIELDS.get(exc.field, exc.field), exc.reason) from None
    except EmployersError as exc:
        return _page(request, plan_id, error_context(exc, form, ANCHORS), 422)
    return RedirectResponse(f"/employers/action-plans/{plan_id}", status_code=303)
