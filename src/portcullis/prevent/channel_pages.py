"""Channel pages: the case (consent, VAF, support plan, reviews, exit, escalation), reached only through an
opening of its referral (a reason given, each view audited); panel meetings with members and attendance, and
the panel's decisions, which the quorum rule may refuse."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.prevent import channel, overdue, service, values
from portcullis.prevent.errors import Forbidden, NotFound, PreventError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
MEMBER_ROWS = 6


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _flag(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value or ""))


def _case_page(
    request: Request,
    p: Principal,
    referral_id: str,
    errors: list[dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    with unit_of_work() as uow:
        opening = service.current_opening(uow.session, actor=p, referral_id=referral_id)
        if opening is None:
            service.load_referral(uow.session, referral_id)
            return RedirectResponse(f"/prevent/cases/{referral_id}", status_code=303)
        view = service.open_referral(
            uow,
            actor=p,
            referral_id=referral_id,
            justification=opening.justification,
            via="channel page",
            opening_id=opening.id,
        )
        if view.channel_case is None:
            raise NotFound(referral_id)
        case = view.channel_case
        next_review = next(
            (
                r
                for r in sorted(case.reviews, key=lambda r: (r.kind != "support", r.sequence))
                if r.held_on is None
            ),
            None,
        )
        return render(
            request,
            "prevent/channel.html",
            {
                "title": f"Channel case {view.referral.reference}",
                "view": view,
                "r": view.referral,
                "case": case,
                "next_review": next_review,
                "today": clock.today_in_london(),
                "overdue_reviews": overdue.overdue_review_labels(case, today=clock.today_in_london()),
                "errors": errors or [],
                "factors": values.VAF_FACTORS,
                "scores": values.VAF_SCORES,
                "vaf_reference": values.VAF_REFERENCE,
                "can": p.can,
                "interventions": values.INTERVENTION_LABELS,
                "intervention_items": [
                    {"value": k, "text": v} for k, v in values.INTERVENTION_LABELS.items()
                ],
            },
            status_code=status_code,
        )


@router.get("/prevent/cases/{referral_id}/channel", response_class=HTMLResponse)
def case_page(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.read"))
) -> Response:
    try:
        return _case_page(request, p, referral_id)
    except NotFound:
        raise HTTPException(status_code=404) from None


async def _act(request: Request, p: Principal, referral_id: str, action: str) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        with unit_of_work() as uow:
            case = channel.case_for_referral(uow, referral_id)
            if case is None or service.current_opening(uow.session, actor=p, referral_id=referral_id) is None:
                raise NotFound(referral_id)
            if action == "consent":
                channel.record_consent(
                    uow,
                    actor=p,
                    case_id=case.id,
                    given_by=form.get("given_by", ""),
                    giver_name=form.get("giver_name", ""),
                    given=_flag(form.get("given")),
                    on=_date(form.get("on")),
                )
            elif action == "vaf":
                factors = {
                    f.code: {
                        "score": int(form[f"score_{f.code}"])
                        if form.get(f"score_{f.code}", "").isdigit()
                        else None,
                        "note": form.get(f"note_{f.code}", ""),
                    }
                    for f in values.VAF_FACTORS
                }
                channel.record_vaf(
                    uow,
                    actor=p,
                    case_id=case.id,
                    assessed_on=_date(form.get("assessed_on")),
                    factors=factors,
                    summary=form.get("summary", ""),
                )
            elif action == "interventions":
                channel.add_intervention(
                    uow,
                    actor=p,
                    case_id=case.id,
                    kind=form.get("kind", ""),
                    provider=form.get("provider", ""),
                    started_on=_date(form.get("started_on")),
                    notes=form.get("notes", ""),
                )
            elif action == "reviews":
                channel.record_review(
                    uow,
                    actor=p,
                    case_id=case.id,
                    kind=form.get("kind", ""),
                    sequence=int(form.get("sequence") or 0),
                    held_on=_date(form.get("held_on")),
                    outcome=form.get("outcome", ""),
                )
            elif action == "exit":
                channel.exit_case(
                    uow,
                    actor=p,
                    case_id=case.id,
                    exited_on=_date(form.get("exited_on")),
                    reason=form.get("reason", ""),
                )
            else:
                channel.escalate_to_youth_diversion_order(
                    uow,
                    actor=p,
                    case_id=case.id,
                    applicant_agency=form.get("applicant_agency", ""),
                    court=form.get("court", ""),
                    reasons=form.get("reasons", ""),
                )
    except PreventError as exc:
        return _case_page(request, p, referral_id, exc.as_page(), status_code=422)
    except NotFound:
        raise HTTPException(status_code=404) from None
    except Forbidden:
        raise HTTPException(status_code=403) from None
    return RedirectResponse(f"/prevent/cases/{referral_id}/channel", status_code=303)


@router.post("/prevent/cases/{referral_id}/channel/consent", response_class=HTMLResponse)
async def consent(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    return await _act(request, p, referral_id, "consent")


@router.post("/prevent/cases/{referral_id}/channel/vaf", response_class=HTMLResponse)
async def vaf(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    return await _act(request, p, referral_id, "vaf")


@router.post("/prevent/cases/{referral_id}/channel/interventions", response_class=HTMLResponse)
async def intervention(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    return await _act(request, p, referral_id, "interventions")


@router.post("/prevent/cases/{referral_id}/channel/reviews", response_class=HTMLResponse)
async def review(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    return await _act(request, p, referral_id, "reviews")


@router.post("/prevent/cases/{referral_id}/channel/exit", response_class=HTMLResponse)
async def exit_case(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    return await _act(request, p, referral_id, "exit")


@router.post("/prevent/cases/{referral_id}/channel/escalation", response_class=HTMLResponse)
async def escalate(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.gateway"))
) -> Response:
    return await _act(request, p, referral_id, "escalation")


# --- panels ------------------------------------------------------------------------------------------


def _panels_page(
    request: Request,
    p: Principal,
    errors: list[dict[str, str]] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    with unit_of_work() as uow:
        found = channel.meetings(uow, actor=p)
        return render(
            request,
            "prevent/panels.html",
            {
                "title": "Channel panels",
                "meetings": found,
                "errors": errors or [],
                "form": form or {},
                "rows": range(MEMBER_ROWS),
                "agencies": channel.AGENCIES,
            },
            status_code=status_code,
        )


@router.get("/prevent/panels", response_class=HTMLResponse)
def panels(request: Request, p: Principal = Depends(require("prevent.read"))) -> Response:
    return _panels_page(request, p)


@router.post("/prevent/panels", response_class=HTMLResponse)
async def create_meeting(request: Request, p: Principal = Depends(require("prevent.write"))) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    members = [
        {
            "name": form.get(f"member_{i}_name", ""),
            "agency": form.get(f"member_{i}_agency", ""),
            "role": form.get(f"member_{i}_role", ""),
            "attended": _flag(form.get(f"member_{i}_attended")),
        }
        for i in range(MEMBER_ROWS)
        if form.get(f"member_{i}_name", "").strip()
    ]
    try:
        with unit_of_work() as uow:
            created = channel.create_meeting(
                uow,
                actor=p,
                local_authority=form.get("local_authority", ""),
                held_on=_date(form.get("held_on")),
                members=members,
            )
    except PreventError as exc:
        return _panels_page(request, p, exc.as_page(), form, status_code=422)
    return RedirectResponse(f"/prevent/panels/{created.id}", status_code=303)


def _meeting_page(
    request: Request,
    p: Principal,
    meeting_id: str,
    errors: list[dict[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    with unit_of_work() as uow:
        try:
            found, quorum = channel.meeting(uow, actor=p, meeting_id=meeting_id)
        except NotFound:
            raise HTTPException(status_code=404) from None
        return render(
            request,
            "prevent/panel.html",
            {
                "title": f"Channel panel, {found.held_on.strftime('%-d %B %Y')}",
                "meeting": found,
                "quorum": quorum,
                "case_items": [
                    {"value": cid, "text": f"{ref} ({status.replace('_', ' ')})"}
                    for cid, ref, status in channel.open_cases(uow, actor=p)
                ],
                "decision_items": [
                    {"value": d.value, "text": d.value.replace("_", " ").capitalize()}
                    for d in values.PanelDecision
                ],
                "errors": errors or [],
                "can": p.can,
            },
            status_code=status_code,
        )


@router.get("/prevent/panels/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, meeting_id: str, p: Principal = Depends(require("prevent.read"))
) -> Response:
    return _meeting_page(request, p, meeting_id)


@router.post("/prevent/panels/{meeting_id}/decisions", response_class=HTMLResponse)
async def decide(
    request: Request, meeting_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        with unit_of_work() as uow:
            channel.panel_decision(
                uow,
                actor=p,
                meeting_id=meeting_id,
                case_id=form.get("case_id", ""),
                decision=form.get("decision", ""),
                rationale=form.get("rationale", ""),
            )
    except PreventError as exc:
        return _meeting_page(request, p, meeting_id, exc.as_page(), status_code=422)
    except NotFound:
        return _meeting_page(request, p, meeting_id, [{"text": "Choose a case", "href": "#case-id"}], 422)
    return RedirectResponse(f"/prevent/panels/{meeting_id}", status_code=303)
