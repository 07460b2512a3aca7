"""Public pages: check the status of an application, and withdraw one before it is decided. Both need the
reference, a passport number in the application and the email, and answer the same for any mismatch."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from portcullis.core.access import Principal, public
from portcullis.core.db import unit_of_work
from portcullis.travel import service
from portcullis.web.templating import render

router = APIRouter()
FIELDS = [
    ("reference", "Application or group reference", "For example, ETA7K3M9Q2XWD"),
    ("passport_number", "Passport number", "Of anyone in the application"),
    ("email", "Email address", "The one used to apply"),
]


def _form(
    request: Request,
    action: str,
    title: str,
    button: str,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    intro: str | None = None,
) -> HTMLResponse:
    fields = [
        {
            "name": n,
            "label": label,
            "hint": hint,
            "value": values.get(n, ""),
            "input_type": "email" if n == "email" else "text",
        }
        for n, label, hint in FIELDS
    ]
    summary = [{"text": t, "href": f"#{k}"} for k, t in (errors or {}).items()]
    return render(
        request,
        "travel/fields.html",
        {
            "title": title,
            "fields": fields,
            "action": action,
            "button": button,
            "field_errors": errors or {},
            "errors": summary or None,
            "intro": intro,
            "back": "/eta",
        },
        status_code=422 if errors else 200,
    )


def _read(form: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    values = {n: str(form.get(n, "")).strip() for n, _, _ in FIELDS}
    errors = {n: f"Enter the {label.lower()}" for n, label, _ in FIELDS if not values[n]}
    return values, errors


def _table(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    return [
        [
            {"text": r["name"]},
            {"text": r["reference"]},
            {"text": str(r["status"]).replace("-", " ").capitalize()},
            {"text": r["valid_until"] or "-"},
        ]
        for r in rows
    ]


@router.get("/eta/status", response_class=HTMLResponse)
def status_form(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    return _form(request, "/eta/status", "Check the status of an ETA application", "Check status", {})


@router.post("/eta/status", response_class=HTMLResponse)
async def status(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    values, errors = _read(dict(await request.form()))  # type: ignore[arg-type]
    if errors:
        return _form(
            request, "/eta/status", "Check the status of an ETA application", "Check status", values, errors
        )
    try:
        with unit_of_work() as uow:
            rows = service.check_status(
                uow,
                reference=values["reference"],
                passport_number=values["passport_number"],
                email=values["email"],
            )
    except service.TravelError as exc:
        return _form(
            request,
            "/eta/status",
            "Check the status of an ETA application",
            "Check status",
            values,
            {"reference": exc.errors[0]["reason"].capitalize()},
        )
    return render(
        request, "travel/status.html", {"title": "Application status", "rows": _table(rows), "details": rows}
    )


@router.get("/eta/withdraw", response_class=HTMLResponse)
def withdraw_form(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    return _form(
        request,
        "/eta/withdraw",
        "Withdraw an ETA application",
        "Withdraw application",
        {},
        intro="You can withdraw an application until it is decided. The fee is not refunded.",
    )


@router.post("/eta/withdraw", response_class=HTMLResponse)
async def withdraw(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    values, errors = _read(dict(await request.form()))  # type: ignore[arg-type]
    title = "Withdraw an ETA application"
    if errors:
        return _form(request, "/eta/withdraw", title, "Withdraw application", values, errors)
    try:
        with unit_of_work() as uow:
            rows = service.withdraw(
                uow,
                reference=values["reference"],
                passport_number=values["passport_number"],
                email=values["email"],
            )
    except service.TravelError as exc:
        return _form(
            request,
            "/eta/withdraw",
            title,
            "Withdraw application",
            values,
            {"reference": exc.errors[0]["reason"].capitalize()},
        )
    return render(
        request,
        "travel/status.html",
        {
            "title": "Application withdrawn",
            "rows": _table(rows),
            "details": [],
            "message": "We have withdrawn every application in it that was not yet decided.",
        },
    )
