"""Analyst pages: the alert queue, one alert with its explanation and the decision, and the single view of a
confirmed identity. Every opening of a record is audited."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.screening import review
from portcullis.screening.models import Alert, Entry
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
REVIEW = "screening.review"
navigation.add(
    "Screening alerts",
    "/screening/alerts",
    REVIEW,
    "Review possible matches against the watchlists: confirm or dismiss them.",
)


@router.get("/screening/alerts", response_class=HTMLResponse)
def alerts(request: Request, _: Principal = Depends(require(REVIEW))) -> HTMLResponse:
    with unit_of_work() as uow:
        rows = review.open_alerts(uow.session)
        items = [
            {
                "id": a.id,
                "score": a.score,
                "list": name,
                "entry": e.name,
                "reason": e.reason_code,
                "record": f"{a.record_type} {a.record_id[:8]}",
                "origin": a.origin,
                "created": a.created_at.strftime("%d %B %Y %H:%M"),
            }
            for a, e, name in rows
        ]
    return render(request, "screening/alerts.html", {"title": "Screening alerts", "alerts": items})


def _alert_context(uow: Any, alert: Alert, entry: Entry, list_name: str) -> dict[str, Any]:
    person = uow.session.get(Person, alert.party_id) if alert.party_id else None
    explanation = alert.explanation
    return {
        "alert": alert,
        "entry": entry,
        "list_name": list_name,
        "person": person,
        "parts": explanation.get("name", {}).get("parts", []),
        "features": [
            ("Name", f"{explanation.get('name', {}).get('score', '')}"),
            (
                "Date of birth",
                explanation.get("date_of_birth", {}).get("result", "unknown").replace("_", " "),
            ),
            ("Nationality", explanation.get("nationality", {}).get("result", "unknown").replace("_", " ")),
            ("Identifier", explanation.get("identifier", {}).get("result", "unknown").replace("_", " ")),
        ],
    }


@router.get("/screening/alerts/{alert_id}", response_class=HTMLResponse)
def alert(request: Request, alert_id: str, principal: Principal = Depends(require(REVIEW))) -> HTMLResponse:
    with unit_of_work() as uow:
        try:
            found, entry, list_name = review.open_alert(uow, alert_id=alert_id, actor=principal)
        except review.ReviewError:
            raise HTTPException(status_code=404) from None
        context = _alert_context(uow, found, entry, list_name)
    return render(
        request, "screening/alert.html", {"title": "Screening alert", **context, "decision": "", "note": ""}
    )


@router.post("/screening/alerts/{alert_id}", response_class=HTMLResponse)
def decide(
    request: Request,
    alert_id: str,
    decision: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    principal: Principal = Depends(require(REVIEW)),
) -> Response:
    errors = []
    if decision not in ("confirm", "dismiss"):
        errors.append({"text": "Select whether this is the same person", "href": "#decision"})
    if not note.strip():
        errors.append({"text": "Enter the reason for your decision", "href": "#note"})
    elif len(note) > 2000:
        errors.append({"text": "Reason must be 2,000 characters or fewer", "href": "#note"})
    if not errors:
        try:
            with unit_of_work() as uow:
                if decision == "confirm":
                    identity = review.confirm(uow, alert_id=alert_id, actor=principal, note=note)
                    target = f"/screening/identities/{identity.id}"
                else:
                    review.dismiss(uow, alert_id=alert_id, actor=principal, note=note)
                    target = "/screening/alerts"
            return RedirectResponse(target, status_code=303)
        except review.ReviewError as exc:
            if exc.field == "alert_id" and exc.reason == "no such alert":
                raise HTTPException(status_code=404) from None
            errors.append({"text": exc.reason.capitalize(), "href": "#decision"})
    with unit_of_work() as uow:
        try:
            found, entry, list_name = review.open_alert(uow, alert_id=alert_id, actor=principal)
        except review.ReviewError:
            raise HTTPException(status_code=404) from None
        context = _alert_context(uow, found, entry, list_name)
    return render(
        request,
        "screening/alert.html",
        {"title": "Screening alert", **context, "errors": errors, "decision": decision, "note": note},
        status_code=422,
    )


@router.get("/screening/identities/{identity_id}", response_class=HTMLResponse)
def identity(
    request: Request, identity_id: str, principal: Principal = Depends(require(REVIEW))
) -> HTMLResponse:
    with unit_of_work() as uow:
        try:
            view = review.single_view(
                uow,
                identity_id=identity_id,
                actor=principal,
                justification="Single view opened by a screening analyst",
            )
        except review.ReviewError:
            raise HTTPException(status_code=404) from None
    return render(
        request, "screening/identity.html", {"title": f"Single view: {view.identity.label}", "view": view}
    )
