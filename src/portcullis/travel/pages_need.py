"""Public pages: the ETA start page and "Do I need an ETA?", one question per page. The answers so far
travel in the query string of plain GET forms, so the journey needs no cookie and no JavaScript."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from portcullis.core import clock, policy
from portcullis.core.access import Principal, public
from portcullis.travel import codes, rules
from portcullis.travel.page_helpers import YES_NO, nationality_items, radio_items, read_date
from portcullis.web.templating import render

router = APIRouter()

PURPOSES = [
    ("visit", "A visit: tourism, family, business or study of up to 6 months"),
    ("transit", "Passing through the UK on the way to another country"),
    ("long", "To work, or to stay longer than 6 months"),
]
HOLDS = [
    ("none", "No"),
    ("visa", "Yes, a visa or entry clearance"),
    ("evisa", "Yes, an eVisa"),
    ("uk-status", "Yes, other UK immigration status (for example settled status)"),
]
STEPS = ["nationality", "other", "arrival", "purpose", "transit", "irish", "holds"]
TITLES = {
    "nationality": "What nationality is on the passport you will travel with?",
    "other": "Do you have any other citizenship?",
    "arrival": "When will you arrive in the UK?",
    "purpose": "Why are you coming to the UK?",
    "transit": "Will you stay airside, without going through UK border control?",
    "irish": "Do you live lawfully in Ireland and will you travel from Ireland, the Isle of Man or the "
    "Channel Islands?",
    "holds": "Do you already have permission to come to the UK?",
}


@router.get("/eta", response_class=HTMLResponse)
def start(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    snapshot = policy.at(clock.today_in_london())
    return render(
        request,
        "travel/start.html",
        {
            "title": "Apply for an electronic travel authorisation (ETA)",
            "fee": f"{rules.fee(snapshot=snapshot).amount:.0f}",
            "years": snapshot.get("travel.eta.validity_years"),
            "max_stay": snapshot.get("travel.eta.max_stay_months"),
            "group_max": snapshot.get("travel.eta.group_max_size"),
        },
    )


def _question(step: str, answers: dict[str, str]) -> dict[str, Any]:
    if step == "nationality":
        return {
            "kind": "select",
            "name": "nationality",
            "hint": "Choose the country or British nationality class",
            "options": nationality_items(answers.get("nationality"), blank="Choose a nationality"),
        }
    if step == "other":
        return {
            "kind": "select",
            "name": "other",
            "hint": "If you are also British or Irish, choose that",
            "options": nationality_items(answers.get("other"), blank="No other citizenship"),
        }
    if step == "arrival":
        return {"kind": "date", "name": "arrival", "hint": "For example, 27 3 2026", "value": None}
    if step == "purpose":
        return {"kind": "radios", "name": "purpose", "options": radio_items(PURPOSES, answers.get("purpose"))}
    if step == "holds":
        return {"kind": "radios", "name": "holds", "options": radio_items(HOLDS, answers.get("holds"))}
    return {"kind": "radios", "name": step, "options": radio_items(YES_NO, answers.get(step))}


def _next(step: str, answers: dict[str, str]) -> str | None:
    i = STEPS.index(step) + 1
    while i < len(STEPS):
        if STEPS[i] == "transit" and answers.get("purpose") != "transit":
            i += 1
            continue
        return STEPS[i]
    return None


def _check(step: str, params: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """Validate the answer to `step` from the query string; returns the answers to carry and any error."""
    answers = {k: v for k, v in params.items() if k in STEPS or k == "arrival"}
    if step == "nationality":
        try:
            answers["nationality"] = codes.normalise(params.get("nationality", ""))
        except codes.CodeError:
            return answers, "Select the nationality on your passport"
    elif step == "other" and params.get("other"):
        try:
            answers["other"] = codes.normalise(params["other"])
        except codes.CodeError:
            return answers, "Select a citizenship from the list, or No other citizenship"
    elif step == "arrival":
        when, error = read_date(params, "arrival", "the date you will arrive")
        if error or when is None:
            return answers, error
        answers["arrival"] = when.isoformat()
    elif step in ("purpose", "transit", "irish", "holds"):
        allowed = {"purpose": PURPOSES, "holds": HOLDS}.get(step, YES_NO)
        if params.get(step) not in {v for v, _ in allowed}:
            return answers, "Select an answer"
    return answers, None


@router.get("/eta/need", response_class=HTMLResponse)
def need(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    params = dict(request.query_params)
    answered = params.pop("answered", None)
    asked = params.pop("step", None)
    step = answered if answered in STEPS else asked if asked in STEPS else "nationality"
    error = None
    answers = {k: v for k, v in params.items() if k in STEPS or k == "arrival"}
    if answered in STEPS:
        answers, error = _check(answered, params)
        if error is None:
            following = _next(answered, answers)
            if following is None:
                return _result(request, answers)
            step = following
    carried = {k: v for k, v in answers.items() if k != step}
    carried["answered"] = step
    back = None
    if step != "nationality":
        earlier = STEPS[: STEPS.index(step)]
        prior = [s for s in earlier if s != "transit" or answers.get("purpose") == "transit"][-1]
        kept = {k: v for k, v in answers.items() if k != prior}
        back = "/eta/need?" + urlencode({**kept, "step": prior})
    return render(
        request,
        "travel/question.html",
        {
            "title": TITLES[step],
            "q": _question(step, answers),
            "hidden": carried,
            "action": "/eta/need",
            "method": "get",
            "field_error": error,
            "back": back,
            "errors": [{"text": error, "href": f"#{step}-day" if step == "arrival" else f"#{step}"}]
            if error
            else None,
        },
    )


def _result(request: Request, answers: dict[str, str]) -> HTMLResponse:
    from datetime import date

    on = date.fromisoformat(answers["arrival"])
    holds = answers.get("holds")
    try:
        answer = rules.requirement(
            nationality=answers["nationality"],
            on=on,
            snapshot=policy.at(on),
            other_citizenships=(answers["other"],) if answers.get("other") else (),
            holds=None if holds in (None, "none") else holds,
            irish_resident=answers.get("irish") == "yes",
            airside_transit=answers.get("transit") == "yes",
            long_stay_or_work=answers.get("purpose") == "long",
        )
    except rules.RuleError as exc:
        return render(
            request,
            "travel/need_result.html",
            {
                "title": "We cannot tell you online",
                "answer": {"reasons": [exc.reason + "."], "references": [], "basis": "unknown"},
            },
        )
    headings = {
        "british-or-irish": "You do not need permission to travel",
        "exempt": "You do not need an ETA",
        "holds-permission": "You already have permission to travel",
        "eta": "You need an ETA",
        "visa-national": "You need a visa, not an ETA",
        "not-yet-required": "You do not need an ETA for this journey",
    }
    return render(
        request, "travel/need_result.html", {"title": headings[answer.basis], "answer": answer.as_dict()}
    )
