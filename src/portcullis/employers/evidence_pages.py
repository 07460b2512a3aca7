"""An evidence item's page: the file, its SHA-256 (re-checked against the stored file) and its chain of
custody, with a form to record a transfer (from the holder, to whom, when and why). Bad input is shown
again with the field named, and nothing is saved."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.employers import enforcement
from portcullis.employers.forms import error_context, form_data, no_errors, parse_london_time
from portcullis.employers.models import EnforcementVisit, EvidenceFile
from portcullis.employers.values import EmployersError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
ANCHORS = {"transferred_on": "transferred_on-day", "at": "transferred_on-day", "evidence_id": "from_holder"}


def _page(
    request: Request,
    evidence_id: str,
    error: EmployersError | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    with unit_of_work() as uow:
        evidence = uow.session.get(EvidenceFile, evidence_id)
        if evidence is None:
            raise HTTPException(status_code=404)
        visit = uow.session.get(EnforcementVisit, evidence.visit_id)
        intact = enforcement.verify_evidence(uow.session, evidence_id=evidence_id)
        holder = enforcement.current_holder(evidence)
        uow.session.expunge(evidence)
    context: dict[str, Any] = {
        "title": f"Evidence: {evidence.filename}",
        "evidence": evidence,
        "visit": visit,
        "intact": intact,
        "holder": holder,
        "today": clock.today_in_london(),
    }
    context.update(no_errors() if error is None else error_context(error, form or {}, ANCHORS))
    if error is None:
        context["form"] = {"from_holder": holder}
    return render(request, "employers/evidence.html", context, status_code=200 if error is None else 422)


@router.get("/employers/evidence/{evidence_id}", response_class=HTMLResponse)
def evidence_page(
    request: Request, evidence_id: str, _: Principal = Depends(require("employers.read"))
) -> HTMLResponse:
    return _page(request, evidence_id)


@router.post("/employers/evidence/{evidence_id}/transfers", response_class=HTMLResponse)
async def transfer(
    request: Request, evidence_id: str, principal: Principal = Depends(require("employers.enforce"))
) -> Response:
    form = await form_data(request)
    try:
        at = parse_london_time(form, "transferred_on", "transferred_time")
        with unit_of_work() as uow:
            enforcement.transfer_evidence(
                uow,
                evidence_id=evidence_id,
                from_holder=form.get("from_holder", ""),
                to=form.get("to", ""),
                at=at,
                purpose=form.get("purpose", ""),
                actor=principal,
            )
    except EmployersError as exc:
        return _page(request, evidence_id, exc, form)
    return RedirectResponse(f"/employers/evidence/{evidence_id}#custody", status_code=303)
