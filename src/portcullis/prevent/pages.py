"""Prevent pages: the referral form and acknowledgements for referrers; the casework list, the reason asked
before a record opens, the record with the gateway's forms; statistics; the Commissioner's oversight."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.prevent import gateway, overdue, oversight, service, statistics, values
from portcullis.prevent.errors import Forbidden, NotFound, PreventError
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
navigation.add(
    "Make a Prevent referral",
    "/prevent/refer",
    "prevent.refer",
    "Tell us about someone you are worried may be drawn into terrorism.",
)
navigation.add(
    "Prevent casework", "/prevent/cases", "prevent.read", "Referrals, gateway assessments and Channel cases."
)
navigation.add(
    "Prevent statistics",
    "/prevent/statistics",
    "prevent.statistics",
    "Referrals, Channel discussions and adoptions by year, with downloads.",
)
navigation.add(
    "Prevent oversight",
    "/prevent/oversight",
    "prevent.oversight",
    "Decision-quality samples for the independent Prevent Commissioner.",
)


def _items(labels: dict[Any, str], selected: str = "") -> list[dict[str, Any]]:
    return [{"value": str(k), "text": v, "checked": str(k) == selected} for k, v in labels.items()]


LABELS = {
    "sector": values.SECTOR_LABELS,
    "concern": values.CONCERN_LABELS,
    "gender": values.GENDER_LABELS,
    "region": values.REGION_LABELS,
    "outcome": values.OUTCOME_LABELS,
    "service": values.SERVICE_LABELS,
    "intervention": values.INTERVENTION_LABELS,
}


def _region_items(selected: str = "") -> list[dict[str, Any]]:
    return [
        {"value": str(k), "text": v, "selected": str(k) == selected} for k, v in values.REGION_LABELS.items()
    ]


def _context(**extra: Any) -> dict[str, Any]:
    return {"labels": LABELS, "items": _items, "region_items": _region_items, **extra}


# --- referrers ---------------------------------------------------------------------------------------


@router.get("/prevent/refer/acknowledgements", response_class=HTMLResponse)
def acknowledgements(request: Request, p: Principal = Depends(require("prevent.refer"))) -> HTMLResponse:
    with unit_of_work() as uow:
        acks = service.my_acknowledgements(uow.session, actor=p)
    return render(request, "prevent/acknowledgements.html", _context(title="Your referrals", acks=acks))


@router.get("/prevent/refer/acknowledgements/{reference}", response_class=HTMLResponse)
def acknowledgement(
    request: Request, reference: str, p: Principal = Depends(require("prevent.refer"))
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            ack = service.my_acknowledgement(uow.session, actor=p, reference=reference)
    except NotFound:
        raise HTTPException(status_code=404) from None
    return render(request, "prevent/acknowledgement.html", _context(title="Referral received", ack=ack))


# --- casework ----------------------------------------------------------------------------------------


@router.get("/prevent/cases", response_class=HTMLResponse)
def cases(
    request: Request, status: str = "", p: Principal = Depends(require("prevent.read"))
) -> HTMLResponse:
    with unit_of_work() as uow:
        rows = service.casework(uow.session, actor=p, today=clock.today_in_london(), status=status or None)
    return render(request, "prevent/cases.html", _context(title="Prevent casework", rows=rows, status=status))


def _record_page(
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
            return render(
                request,
                "prevent/justify.html",
                _context(
                    title="Why do you need to open this record?", referral_id=referral_id, errors=errors or []
                ),
                status_code=status_code,
            )
        view = service.open_referral(
            uow,
            actor=p,
            referral_id=referral_id,
            justification=opening.justification,
            via="page",
            opening_id=opening.id,
        )
        return render(
            request,
            "prevent/referral.html",
            _context(
                title=f"Referral {view.referral.reference}",
                view=view,
                r=view.referral,
                g=view.referral.gateway,
                case=view.channel_case,
                overdue_reviews=overdue.overdue_review_labels(
                    view.channel_case, today=clock.today_in_london()
                ),
                errors=errors or [],
                principal_can=p.can,
                rationale={k: {c: c.capitalize() for c in v} for k, v in service.RATIONALE_CHOICES.items()},
            ),
            status_code=status_code,
        )


@router.get("/prevent/cases/{referral_id}", response_class=HTMLResponse)
def record(request: Request, referral_id: str, p: Principal = Depends(require("prevent.read"))) -> Response:
    """Shows the record only once the user has given a reason in this session; each display is audited."""
    try:
        return _record_page(request, p, referral_id)
    except NotFound:
        raise HTTPException(status_code=404) from None


@router.post("/prevent/cases/{referral_id}/open", response_class=HTMLResponse)
async def open_record(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.read"))
) -> Response:
    form = await request.form()
    reason = " - ".join(
        x for x in (str(form.get("purpose", "")), str(form.get("justification", "")).strip()) if x
    )
    try:
        with unit_of_work() as uow:
            service.start_opening(
                uow,
                actor=p,
                referral_id=referral_id,
                justification=reason if str(form.get("justification", "")).strip() else "",
            )
    except PreventError as exc:
        return render(
            request,
            "prevent/justify.html",
            _context(
                title="Why do you need to open this record?", referral_id=referral_id, errors=exc.as_page()
            ),
            status_code=422,
        )
    except NotFound:
        raise HTTPException(status_code=404) from None
    except Forbidden:
        raise HTTPException(status_code=403) from None
    return RedirectResponse(f"/prevent/cases/{referral_id}", status_code=303)


def _flag(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(str(value or ""))


async def _act(request: Request, p: Principal, referral_id: str, action: str) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        with unit_of_work() as uow:
            if action == "deconfliction":
                gateway.record_deconfliction(
                    uow,
                    actor=p,
                    referral_id=referral_id,
                    result=form.get("result", ""),
                    reference=form.get("reference", ""),
                )
            elif action == "decision":
                gateway.decide_gateway(
                    uow,
                    actor=p,
                    referral_id=referral_id,
                    outcome=form.get("outcome", ""),
                    threshold_met=_flag(form.get("threshold_met")),
                    rationale={
                        k: form.get(f"rationale_{k}", "") for k in (*service.RATIONALE_CHOICES, "explanation")
                    },
                    receiving_service=form.get("receiving_service") or None,
                )
            elif action == "same-person":
                gateway.confirm_same_person(
                    uow, actor=p, referral_id=referral_id, other_referral_id=form.get("other_referral_id", "")
                )
            elif action == "senior-review":
                gateway.senior_review(
                    uow,
                    actor=p,
                    referral_id=referral_id,
                    agreed=_flag(form.get("agreed")),
                    notes=form.get("notes", ""),
                )
            else:
                gateway.record_follow_up(
                    uow,
                    actor=p,
                    referral_id=referral_id,
                    sequence=int(form.get("sequence") or 0),
                    confirmed=_flag(form.get("confirmed")),
                    notes=form.get("notes", ""),
                )
    except PreventError as exc:
        return _record_page(request, p, referral_id, exc.as_page(), status_code=422)
    except NotFound:
        raise HTTPException(status_code=404) from None
    except Forbidden:
        raise HTTPException(status_code=403) from None
    return RedirectResponse(f"/prevent/cases/{referral_id}", status_code=303)


@router.post("/prevent/cases/{referral_id}/deconfliction", response_class=HTMLResponse)
async def deconfliction(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.gateway"))
) -> Response:
    return await _act(request, p, referral_id, "deconfliction")


@router.post("/prevent/cases/{referral_id}/decision", response_class=HTMLResponse)
async def decision(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.gateway"))
) -> Response:
    return await _act(request, p, referral_id, "decision")


@router.post("/prevent/cases/{referral_id}/same-person", response_class=HTMLResponse)
async def same_person(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.gateway"))
) -> Response:
    return await _act(request, p, referral_id, "same-person")


@router.post("/prevent/cases/{referral_id}/senior-review", response_class=HTMLResponse)
async def senior_review(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.senior_review"))
) -> Response:
    return await _act(request, p, referral_id, "senior-review")


@router.post("/prevent/cases/{referral_id}/follow-ups", response_class=HTMLResponse)
async def follow_up(
    request: Request, referral_id: str, p: Principal = Depends(require("prevent.write"))
) -> Response:
    return await _act(request, p, referral_id, "follow-up")


# --- statistics and oversight ------------------------------------------------------------------------


def _default_year() -> str:
    today = clock.today_in_london()
    first = today.year - 1 if today.month < 4 else today.year
    return f"{first - 1}-{first % 100:02d}"  # the last complete financial year


@router.get("/prevent/statistics", response_class=HTMLResponse)
def stats(
    request: Request, year: str = "", p: Principal = Depends(require("prevent.statistics"))
) -> HTMLResponse:
    year = year.strip() or _default_year()
    try:
        with unit_of_work() as uow:
            st = statistics.journey(uow.session, actor=p, year=year)
    except PreventError as exc:
        return render(
            request,
            "prevent/statistics.html",
            _context(title="Prevent statistics", st=None, year=year, errors=exc.as_page()),
            status_code=422,
        )
    return render(
        request,
        "prevent/statistics.html",
        _context(
            title="Prevent statistics",
            st=st,
            year=year,
            breakdowns=statistics.BREAKDOWNS,
            measures=statistics.MEASURE_LABELS,
            note=statistics.suppression_note(st),
            errors=[],
        ),
    )


@router.get("/prevent/oversight", response_class=HTMLResponse)
def oversight_home(request: Request, p: Principal = Depends(require("prevent.oversight"))) -> HTMLResponse:
    return render(request, "prevent/oversight.html", _context(title="Prevent oversight", errors=[], form={}))


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@router.post("/prevent/oversight/samples", response_class=HTMLResponse)
async def draw_sample(request: Request, p: Principal = Depends(require("prevent.oversight"))) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        with unit_of_work() as uow:
            sample = oversight.draw_sample(
                uow, actor=p, start=_parse_date(form.get("start", "")), end=_parse_date(form.get("end", ""))
            )
    except PreventError as exc:
        return render(
            request,
            "prevent/oversight.html",
            _context(title="Prevent oversight", errors=exc.as_page(), form=form),
            status_code=422,
        )
    return RedirectResponse(f"/prevent/oversight/samples/{sample.id}", status_code=303)


def _sample_page(
    request: Request,
    p: Principal,
    sample_id: str,
    errors: list[dict[str, str]] | None = None,
    identity: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    try:
        with unit_of_work() as uow:
            items = oversight.sample_items(uow, actor=p, sample_id=sample_id)
    except NotFound:
        raise HTTPException(status_code=404) from None
    return render(
        request,
        "prevent/sample.html",
        _context(
            title="Decision-quality sample",
            items=items,
            sample_id=sample_id,
            errors=errors or [],
            identity=identity,
        ),
        status_code=status_code,
    )


@router.get("/prevent/oversight/samples/{sample_id}", response_class=HTMLResponse)
def sample(
    request: Request, sample_id: str, p: Principal = Depends(require("prevent.oversight"))
) -> Response:
    return _sample_page(request, p, sample_id)


@router.post("/prevent/oversight/samples/{sample_id}/items/{item}/request", response_class=HTMLResponse)
async def request_identity(
    request: Request, sample_id: str, item: int, p: Principal = Depends(require("prevent.oversight"))
) -> Response:
    form = await request.form()
    try:
        with unit_of_work() as uow:
            oversight.request_identity(
                uow, actor=p, sample_id=sample_id, item=item, justification=str(form.get("justification", ""))
            )
    except PreventError as exc:
        return _sample_page(request, p, sample_id, exc.as_page(), status_code=422)
    except NotFound:
        raise HTTPException(status_code=404) from None
    return RedirectResponse(f"/prevent/oversight/samples/{sample_id}", status_code=303)


@router.get("/prevent/oversight/samples/{sample_id}/items/{item}/identity", response_class=HTMLResponse)
def identity(
    request: Request, sample_id: str, item: int, p: Principal = Depends(require("prevent.oversight"))
) -> Response:
    try:
        with unit_of_work() as uow:
            seen = oversight.view_identity(uow, actor=p, sample_id=sample_id, item=item)
    except Forbidden:
        raise HTTPException(status_code=403, detail="A senior reviewer has not granted access") from None
    return _sample_page(request, p, sample_id, identity={"item": item, **seen})


@router.get("/prevent/oversight/requests", response_class=HTMLResponse)
def access_requests(
    request: Request, p: Principal = Depends(require("prevent.senior_review"))
) -> HTMLResponse:
    """The Commissioner's pending requests to see an identity, for a senior reviewer to grant or refuse."""
    with unit_of_work() as uow:
        pending = oversight.pending_requests(uow, actor=p)
        return render(
            request, "prevent/requests.html", _context(title="Identity access requests", pending=pending)
        )


@router.post("/prevent/oversight/requests/{access_id}", response_class=HTMLResponse)
async def decide_access(
    request: Request, access_id: str, p: Principal = Depends(require("prevent.senior_review"))
) -> Response:
    form = await request.form()
    try:
        with unit_of_work() as uow:
            oversight.decide_request(uow, actor=p, access_id=access_id, grant=_flag(form.get("grant")))
    except NotFound:
        raise HTTPException(status_code=404) from None
    except PreventError as exc:
        with unit_of_work() as uow:
            pending = oversight.pending_requests(uow, actor=p)
            return render(
                request,
                "prevent/requests.html",
                _context(title="Identity access requests", pending=pending, errors=exc.as_page()),
                status_code=422,
            )
    return RedirectResponse("/prevent/oversight/requests", status_code=303)


# The referral journey and the Channel pages live in their own modules; their routes join this router so
# the domain loader finds them.
from portcullis.prevent import channel_pages, overdue_pages, refer_pages  # noqa: E402

router.include_router(refer_pages.router)
router.include_router(channel_pages.router)
router.include_router(overdue_pages.router)
navigation.add("Channel panels", "/prevent/panels", "prevent.read", "Channel panel meetings and decisions.")
navigation.add(
    "Identity access requests",
    "/prevent/oversight/requests",
    "prevent.senior_review",
    "Grant or refuse the Prevent Commissioner's requests to see who is behind a sampled decision.",
)
