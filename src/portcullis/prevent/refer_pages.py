"""The referral journey: three short steps (the person, what worries you, about you), then check your
answers, then send. Answers travel as hidden form fields from step to step (no draft is stored, nothing is
kept if the referrer walks away) and the page works without JavaScript. A complete form posted at once (no
step) is also accepted; if it has errors, every question is shown on one page with the error summary."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.prevent import service, values
from portcullis.prevent.errors import PreventError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
FIELDS = tuple(vars(service.ReferralForm()))
STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "person": (
        "The person you are worried about",
        ("given_names", "family_name", "date_of_birth", "gender", "region", "local_authority"),
    ),
    "concern": ("What worries you", ("concern_type", "concern_other", "reasons")),
    "referrer": (
        "About you",
        ("sector", "referrer_name", "referrer_role", "referrer_organisation", "referrer_contact"),
    ),
}
ORDER = [*STEPS, "check"]


def _items(labels: dict[str, str], selected: str = "") -> list[dict[str, Any]]:
    return [{"value": k, "text": v, "checked": k == selected} for k, v in labels.items()]


def _page(
    request: Request,
    step: str,
    answers: dict[str, str],
    errors: list[dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    labels = {
        "sector": values.SECTOR_LABELS,
        "concern": values.CONCERN_LABELS,
        "gender": values.GENDER_LABELS,
        "region": values.REGION_LABELS,
    }
    shown = STEPS[step][1] if step in STEPS else FIELDS if step == "all" else ()
    return render(
        request,
        "prevent/refer.html",
        {
            "title": "Make a Prevent referral"
            if step in ("person", "all")
            else STEPS.get(step, ("Check your answers",))[0],
            "step": step,
            "steps": STEPS,
            "number": ORDER.index(step) + 1 if step in ORDER else None,
            "form": answers,
            "hidden": {k: v for k, v in answers.items() if k not in shown and v},
            "labels": labels,
            "items": _items,
            "errors": errors or [],
            "region_items": [
                {"value": k, "text": v, "selected": k == answers.get("region")}
                for k, v in values.REGION_LABELS.items()
            ],
        },
        status_code=status_code,
    )


@router.get("/prevent/refer", response_class=HTMLResponse)
def start(request: Request, p: Principal = Depends(require("prevent.refer"))) -> Response:
    return _page(request, "person", {})


@router.post("/prevent/refer", response_class=HTMLResponse)
async def submit(request: Request, p: Principal = Depends(require("prevent.refer"))) -> Response:
    data = {k: str(v) for k, v in (await request.form()).items()}
    answers = {k: data.get(k, "").strip() for k in FIELDS}
    step, goto = data.get("step", ""), data.get("change", "")
    if goto in STEPS:  # "Change" on the check page: back to that step with every answer kept
        return _page(request, goto, answers)
    if step in STEPS:
        _, errors = service.validate_referral(service.ReferralForm(**answers), clock.today_in_london())
        mine = [(f, r) for f, r in errors if f in STEPS[step][1]]
        if mine:
            return _page(request, step, answers, PreventError(mine).as_page(), status_code=422)
        return _page(request, ORDER[ORDER.index(step) + 1], answers)
    try:
        with unit_of_work() as uow:
            ack = service.submit_referral(uow, actor=p, form=service.ReferralForm(**answers))
    except PreventError as exc:
        return _page(request, "all", answers, exc.as_page(), status_code=422)
    return RedirectResponse(f"/prevent/refer/acknowledgements/{ack.reference}", status_code=303)
