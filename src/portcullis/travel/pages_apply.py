"""Public pages: apply for an ETA (for yourself, for someone else, or for a group with one payment), one
question per page without JavaScript; the answers are kept in a server-side draft named by a cookie."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock, policy
from portcullis.core.access import Principal, public
from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.travel import codes, drafts, photos, rules, service
from portcullis.travel.apply_steps import (
    ORDER,
    QUESTIONS,
    SENTENCE,
    applicant_from,
    fields_for,
    next_step,
    parse_step,
)
from portcullis.travel.models import EtaDraft
from portcullis.travel.page_helpers import radio_items
from portcullis.web.templating import render

router = APIRouter()
COOKIE = "eta_draft"


def _draft_or_none(request: Request, uow: Any) -> EtaDraft | None:
    return drafts.load(uow, request.cookies.get(COOKIE))


@router.get("/eta/apply", response_class=HTMLResponse)
def begin(request: Request, _: Principal = Depends(public())) -> Response:
    with unit_of_work() as uow:
        token = drafts.start(uow, {"current": {}, "done": []})
    response = RedirectResponse("/eta/apply/who", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=get_settings().secure_cookies,
        max_age=int(drafts.LIFETIME.total_seconds()),
    )
    return response


def _page(
    request: Request, step: str, data: dict[str, Any], errors: dict[str, str] | None = None
) -> HTMLResponse:
    summary = [
        {"text": t, "href": f"#{k}-day" if k in ("expiry", "dob", "arrival", "conviction") else f"#{k}"}
        for k, t in (errors or {}).items()
    ]
    count = len(data.get("done", [])) + 1
    caption = f"Person {count} in the group" if data.get("mode") == "group" and step not in ("who",) else None
    back = None if step == "who" else "/eta/apply/who"
    status = 422 if errors else 200
    if step in QUESTIONS:
        title, options, hint = QUESTIONS[step]
        key = {"passport-method": "method"}.get(step, step)
        selected = data.get("mode") if step == "who" else data["current"].get(key)
        q = {"kind": "radios", "name": key, "hint": hint, "options": radio_items(options, selected)}
        field_error = (errors or {}).get(key)
        return render(
            request,
            "travel/question.html",
            {
                "title": title,
                "q": q,
                "action": f"/eta/apply/{step}",
                "back": back,
                "field_error": field_error,
                "errors": [{"text": field_error, "href": f"#{key}"}] if field_error else None,
            },
            status_code=status,
        )
    ctx = fields_for(step, data)
    ctx.update(
        {
            "action": f"/eta/apply/{step}",
            "field_errors": errors or {},
            "errors": summary or None,
            "back": back,
            "caption": caption,
        }
    )
    return render(request, "travel/fields.html", ctx, status_code=status)


@router.get("/eta/apply/{step}", response_class=HTMLResponse)
def show(step: str, request: Request, _: Principal = Depends(public())) -> Response:
    if step not in ORDER and step != "passport-mrz":
        return RedirectResponse("/eta/apply", status_code=303)
    with unit_of_work() as uow:
        draft = _draft_or_none(request, uow)
        if draft is None:
            return RedirectResponse("/eta/apply", status_code=303)
        data = dict(draft.data)
    if step == "check":
        return _check_page(request, data)
    if step == "declaration":
        return render(request, "travel/declaration.html", {"title": "Declaration", "fee": _fee_text(data)})
    return _page(request, step, data)


def _fee_text(data: dict[str, Any]) -> str:
    fee = rules.fee(snapshot=policy.at(clock.today_in_london()))
    count = len(data.get("done", [])) + (1 if data.get("current") else 0)
    return f"£{fee.amount * count:.2f} for {count} {'people' if count > 1 else 'person'}"


def _check_page(
    request: Request, data: dict[str, Any], errors: list[dict[str, str]] | None = None
) -> HTMLResponse:
    people = []
    everyone = [*data.get("done", []), data["current"]] if data.get("current") else data.get("done", [])
    for i, cur in enumerate(everyone):

        def row(key: str, value: Any, step: str, last: bool = i == len(everyone) - 1) -> dict[str, Any]:
            return {
                "key": {"text": key},
                "value": {"text": value or "Not given"},
                "actions": {
                    "items": [
                        {"href": f"/eta/apply/{step}", "text": "Change", "visuallyHiddenText": key.lower()}
                    ]
                }
                if last
                else None,
            }

        sentence = dict(SENTENCE).get(str(cur.get("sentence")), "")
        people.append(
            {
                "heading": f"{cur.get('given_names', '')} {cur.get('family_name', '')}".strip(),
                "rows": [
                    row("Passport number", cur.get("passport_number"), "passport"),
                    row("Nationality", codes.label(cur.get("nationality", "")), "passport"),
                    row("Passport expires", cur.get("passport_expiry"), "passport"),
                    row("Date of birth", cur.get("date_of_birth"), "personal"),
                    row("Email", cur.get("email"), "email"),
                    row("Photo", "Uploaded" if cur.get("photo_path") else None, "photo"),
                    row("Longest prison sentence", sentence, "sentence"),
                    row(
                        "Convicted of an offence",
                        "Yes" if cur.get("convicted") == "yes" else "No",
                        "convicted",
                    ),
                    row(
                        "Deportation or exclusion",
                        "Yes" if cur.get("exclusion") == "yes" else "No",
                        "exclusion",
                    ),
                    row(
                        "Broken UK immigration law",
                        "Yes" if cur.get("immigration") == "yes" else "No",
                        "immigration",
                    ),
                    row(
                        "Terrorism, war crimes or extremism",
                        "Yes" if cur.get("conduct") == "yes" else "No",
                        "conduct",
                    ),
                ],
            }
        )
    return render(
        request,
        "travel/check.html",
        {"title": "Check your answers", "people": people, "errors": errors},
        status_code=422 if errors else 200,
    )


@router.post("/eta/apply/{step}", response_class=HTMLResponse)
async def answer(step: str, request: Request, _: Principal = Depends(public())) -> Response:
    form = await request.form()
    today = clock.today_in_london()
    photo_bytes = None
    if step == "photo":
        upload = form.get("photo")
        photo_bytes = await upload.read() if upload is not None and hasattr(upload, "read") else b""
    with unit_of_work() as uow:
        draft = _draft_or_none(request, uow)
        if draft is None:
            return RedirectResponse("/eta/apply", status_code=303)
        data = {"current": {}, "done": [], **draft.data}
        data["current"] = dict(data.get("current") or {})
        if step == "photo":
            try:
                data["current"]["photo_path"] = photos.store(photo_bytes or b"")
            except photos.PhotoError as exc:
                return _page(request, step, data, {"photo": exc.reason[0].upper() + exc.reason[1:]})
            errors: dict[str, str] = {}
        elif step == "check":
            return _after_check(request, uow, draft, data, today)
        elif step == "declaration":
            return _declare(request, uow, draft, data, form)
        else:
            errors = parse_step(step, form, data, today)
        if errors:
            return _page(request, step, data, errors)
        if step == "another":
            if data["current"].get("another") == "yes":
                data["done"] = [*data.get("done", []), data["current"]]
                data["current"] = {}
                drafts.save(draft, data)
                return RedirectResponse("/eta/apply/passport-method", status_code=303)
            drafts.save(draft, data)
            return RedirectResponse("/eta/apply/declaration", status_code=303)
        drafts.save(draft, data)
    return RedirectResponse(f"/eta/apply/{next_step(step, data)}", status_code=303)


def _after_check(request: Request, uow: Any, draft: EtaDraft, data: dict[str, Any], today: date) -> Response:
    try:
        person = applicant_from(data["current"], data)
    except (KeyError, ValueError):
        return _check_page(
            request,
            data,
            [{"text": "Some answers are missing: use the Change links to add them", "href": "#main-content"}],
        )
    problems = service.validate_applicant(person, today=today)
    if problems:
        return _check_page(
            request,
            data,
            [
                {
                    "text": f"{p['field'].replace('_', ' ').capitalize()}: {p['reason']}",
                    "href": "#main-content",
                }
                for p in problems
            ],
        )
    limit = int(policy.at(today).get("travel.eta.group_max_size"))
    if data.get("mode") == "group" and len(data.get("done", [])) + 1 >= limit:
        return RedirectResponse("/eta/apply/declaration", status_code=303)
    nxt = "another" if data.get("mode") == "group" else "declaration"
    return RedirectResponse(f"/eta/apply/{nxt}", status_code=303)


def _declare(request: Request, uow: Any, draft: EtaDraft, data: dict[str, Any], form: Any) -> Response:
    if form.get("confirm") != "yes":
        return render(
            request,
            "travel/declaration.html",
            {
                "title": "Declaration",
                "fee": _fee_text(data),
                "field_error": "Confirm the declaration to continue",
                "errors": [{"text": "Confirm the declaration to continue", "href": "#confirm"}],
            },
            status_code=422,
        )
    people = [*data.get("done", []), data["current"]] if data.get("current") else list(data.get("done", []))
    try:
        applicants = [applicant_from(p, data) for p in people]
        view = service.submit(
            uow,
            applicants=applicants,
            contact_email=applicants[0].email,
            return_url="/eta/apply/paid/{id}",
            idempotency_key=f"draft-{draft.id}",
        )
    except (KeyError, ValueError) as exc:
        reasons = (
            exc.errors if isinstance(exc, service.TravelError) else [{"field": "answers", "reason": str(exc)}]
        )
        return _check_page(
            request,
            data,
            [{"text": f"{e['field']}: {e['reason']}", "href": "#main-content"} for e in reasons],
        )
    return RedirectResponse(view.next_url or f"/eta/apply/paid/{view.id}", status_code=303)


@router.get("/eta/apply/paid/{submission_id}", response_class=HTMLResponse)
def paid(submission_id: str, request: Request, _: Principal = Depends(public())) -> Response:
    try:
        with unit_of_work() as uow:
            view = service.confirm_payment(uow, submission_id=submission_id)
            draft = _draft_or_none(request, uow)
            done = any(a["status"] != "awaiting-payment" for a in view.applications)
            if draft is not None and done:
                drafts.finish(uow, draft)
    except service.TravelError:
        return RedirectResponse("/eta", status_code=303)
    rows = [
        [
            {"text": a["name"]},
            {"text": a["reference"]},
            {"text": a["status"].replace("-", " ").capitalize()},
            {"text": a["valid_until"] or "-"},
        ]
        for a in view.applications
    ]
    response = render(
        request,
        "travel/confirmation.html",
        {
            "title": "Application complete" if done else "Payment not completed",
            "paid": done,
            "view": view,
            "rows": rows,
            "retry": view.next_url or "/eta/apply/declaration",
        },
    )
    if done:
        response.delete_cookie(COOKIE)
    return response
