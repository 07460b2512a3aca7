"""Caseworker pages: the queue of referred applications with filters, one application (each view audited
as a consultation), grant or refuse with reasons, decision history, and cancelling ETAs singly or by
nationality."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.travel import casework, codes, service
from portcullis.web.templating import render

router = APIRouter()
REASON_CODES = [
    "immigration-breach",
    "not-conducive",
    "nationality-unclassified",
    "screening-unavailable",
    "screening-eta-refused",
    "screening-deportation-exclusion",
    "screening-travel-restricted",
]


@router.get("/eta/cases", response_class=HTMLResponse)
def queue(
    request: Request,
    nationality: str = "",
    reason: str = "",
    _: Principal = Depends(require("travel.case.read")),
) -> HTMLResponse:
    with unit_of_work() as uow:
        apps = casework.queue(uow, nationality=nationality or None, reason_code=reason or None)
        counts = casework.queue_counts(uow)
        rows = [
            [
                {"html": f'<a class="govuk-link" href="/eta/cases/{a.id}">{a.reference}</a>'},
                {"text": codes.label(a.nationality)},
                {"text": a.submitted_at.strftime("%d %b %Y %H:%M") if a.submitted_at else "-"},
                {"text": ", ".join(r["code"] for r in a.decisions[-1].reasons) if a.decisions else "-"},
            ]
            for a in apps
        ]
    return render(
        request,
        "travel/cases.html",
        {
            "title": "Referred ETA applications",
            "rows": rows,
            "counts": counts,
            "nationality": nationality,
            "reason": reason,
            "reason_items": [{"value": "", "text": "Any reason"}]
            + [{"value": c, "text": c, "selected": c == reason} for c in REASON_CODES],
        },
    )


@router.get("/eta/cases/{application_id}", response_class=HTMLResponse)
def case(
    application_id: str, request: Request, principal: Principal = Depends(require("travel.case.read"))
) -> HTMLResponse:
    return _case(request, application_id, principal)


def _case(
    request: Request, application_id: str, principal: Principal, errors: dict[str, str] | None = None
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            app = casework.get_application(
                uow,
                application_id=application_id,
                actor=principal,
                justification="Caseworker opened the application",
            )
            history = [
                {
                    "outcome": d.outcome,
                    "by": d.decided_by_label,
                    "at": d.decided_at.strftime("%d %b %Y %H:%M"),
                    "reasons": [r["text"] for r in d.reasons],
                    "rules_version": d.rules_version,
                    "parameters": [
                        f"{p['name']} = {p['value'] if not isinstance(p['value'], dict | list) else '…'}"
                        f" (from {p['effective_from']})"
                        for p in d.parameters
                    ],
                }
                for d in app.decisions
            ]
            details = [
                ("Reference", app.reference),
                ("Status", app.status),
                ("Name", app.full_name),
                ("Date of birth", app.date_of_birth.isoformat()),
                ("Nationality", codes.label(app.nationality)),
                (
                    "Passport",
                    f"{app.passport_number} ({app.passport_issuing_state}), expires "
                    f"{app.passport_expiry.isoformat()}",
                ),
                ("Applied on someone's behalf", f"Yes, by {app.submitted_by}" if app.on_behalf else "No"),
                ("Answers", ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in app.answers.items())),
                ("Valid until", app.valid_until.isoformat() if app.valid_until else "-"),
            ]
            status = app.status
    except service.TravelError:
        return render(request, "errors/404.html", {"title": "Page not found"}, status_code=404)
    summary = [{"text": t, "href": f"#{k}"} for k, t in (errors or {}).items()]
    return render(
        request,
        "travel/case.html",
        {
            "title": f"ETA application {details[0][1]}",
            "id": application_id,
            "details": details,
            "history": history,
            "status": status,
            "can_decide": principal.can("travel.case.decide") and status in ("referred", "submitted"),
            "can_cancel": principal.can("travel.case.cancel") and status == "granted",
            "field_errors": errors or {},
            "errors": summary or None,
        },
        status_code=422 if errors else 200,
    )


@router.post("/eta/cases/{application_id}/decide", response_class=HTMLResponse)
async def decide(
    application_id: str, request: Request, principal: Principal = Depends(require("travel.case.decide"))
) -> Response:
    form = await request.form()
    outcome, reason = str(form.get("outcome", "")), str(form.get("reason", ""))
    errors = {}
    if outcome not in ("grant", "refuse"):
        errors["outcome"] = "Select grant or refuse"
    if not reason.strip():
        errors["reason"] = "Enter the reason for the decision"
    if errors:
        return _case(request, application_id, principal, errors)
    try:
        with unit_of_work() as uow:
            casework.decide_by_caseworker(
                uow, application_id=application_id, outcome=outcome, reason=reason, actor=principal
            )
    except service.TravelError as exc:
        return _case(request, application_id, principal, {"outcome": exc.errors[0]["reason"].capitalize()})
    return RedirectResponse(f"/eta/cases/{application_id}", status_code=303)


@router.post("/eta/cases/{application_id}/cancel", response_class=HTMLResponse)
async def cancel(
    application_id: str, request: Request, principal: Principal = Depends(require("travel.case.cancel"))
) -> Response:
    reason = str((await request.form()).get("cancel_reason", ""))
    if not reason.strip():
        return _case(request, application_id, principal, {"cancel_reason": "Enter the reason for cancelling"})
    try:
        with unit_of_work() as uow:
            casework.cancel(uow, application_id=application_id, reason=reason, actor=principal)
    except service.TravelError as exc:
        return _case(
            request, application_id, principal, {"cancel_reason": exc.errors[0]["reason"].capitalize()}
        )
    return RedirectResponse(f"/eta/cases/{application_id}", status_code=303)


@router.get("/eta/cancel-by-nationality", response_class=HTMLResponse)
def bulk_form(request: Request, _: Principal = Depends(require("travel.case.cancel"))) -> HTMLResponse:
    return _bulk(request, {}, None)


def _bulk(
    request: Request, values: dict[str, str], errors: dict[str, str] | None, done: str | None = None
) -> HTMLResponse:
    from portcullis.travel.page_helpers import nationality_items

    fields = [
        {
            "kind": "select",
            "name": "nationality",
            "label": "Nationality",
            "options": nationality_items(values.get("nationality"), blank="Choose a nationality"),
        },
        {
            "name": "reason",
            "label": "Reason, as the holders will read it",
            "value": values.get("reason"),
            "hint": "For example: Jordan has been removed from the ETA scheme (HC 217)",
        },
    ]
    return render(
        request,
        "travel/fields.html",
        {
            "title": "Cancel every ETA held by one nationality",
            "fields": fields,
            "action": "/eta/cancel-by-nationality",
            "button": "Cancel these ETAs",
            "field_errors": errors or {},
            "back": "/eta/cases",
            "intro": done,
            "errors": [{"text": t, "href": f"#{k}"} for k, t in (errors or {}).items()] or None,
        },
        status_code=422 if errors else 200,
    )


@router.post("/eta/cancel-by-nationality", response_class=HTMLResponse)
async def bulk(
    request: Request, principal: Principal = Depends(require("travel.case.cancel"))
) -> HTMLResponse:
    form = await request.form()
    values = {"nationality": str(form.get("nationality", "")), "reason": str(form.get("reason", ""))}
    errors = {}
    if not values["nationality"]:
        errors["nationality"] = "Select a nationality"
    if not values["reason"].strip():
        errors["reason"] = "Enter the reason for cancelling"
    if errors:
        return _bulk(request, values, errors)
    try:
        with unit_of_work() as uow:
            count = casework.cancel_by_nationality(
                uow, nationality=values["nationality"], reason=values["reason"], actor=principal
            )
    except service.TravelError as exc:
        return _bulk(request, values, {"nationality": exc.errors[0]["reason"].capitalize()})
    return _bulk(
        request,
        {},
        None,
        done=f"Cancelled {count} ETAs held by nationals of {codes.label(values['nationality'])}.",
    )
