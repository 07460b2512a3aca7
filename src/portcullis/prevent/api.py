"""The Prevent API. Every route needs a Prevent permission; opening a referral needs a `justification` and is
audited; referrers reach only their own acknowledgements."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.prevent import channel, gateway, oversight, service, statistics
from portcullis.prevent import schemas as s
from portcullis.prevent.errors import Forbidden, NotFound, PreventError
from portcullis.prevent.schemas import plain as _plain
from portcullis.prevent.schemas import view_json

router = APIRouter(prefix="/api/v1/prevent", tags=["prevent"])


def api_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the domain's errors into the house API shape: 422 with fields, 404, 403."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PreventError as exc:
            return JSONResponse(exc.as_api(), status_code=422)
        except ParameterNotInForce as exc:
            return JSONResponse({"detail": str(exc), "errors": [{"field": "date", "reason": str(exc)}]}, 422)
        except NotFound:
            return JSONResponse({"detail": "Not found"}, status_code=404)
        except Forbidden:
            return JSONResponse({"detail": "You do not have permission to do this"}, status_code=403)

    return wrapper


# --- referrers ---------------------------------------------------------------------------------------


@router.post("/referrals", status_code=201)
@api_errors
def submit(body: s.ReferralIn, p: Principal = Depends(require("prevent.refer"))) -> Any:
    """Make a referral; the answer is its acknowledgement (reference, received, gateway target)."""
    with unit_of_work() as uow:
        ack = service.submit_referral(uow, actor=p, form=service.ReferralForm(**body.model_dump()))
    return _plain(ack)


@router.get("/acknowledgements")
@api_errors
def acknowledgements(p: Principal = Depends(require("prevent.refer"))) -> Any:
    with unit_of_work() as uow:
        return _plain(service.my_acknowledgements(uow.session, actor=p))


@router.get("/acknowledgements/{reference}")
@api_errors
def acknowledgement(reference: str, p: Principal = Depends(require("prevent.refer"))) -> Any:
    with unit_of_work() as uow:
        return _plain(service.my_acknowledgement(uow.session, actor=p, reference=reference))


# --- casework ----------------------------------------------------------------------------------------


@router.get("/referrals")
@api_errors
def referrals(status: str | None = None, p: Principal = Depends(require("prevent.read"))) -> Any:
    """The casework list: references, dates, status and flags; no names."""
    with unit_of_work() as uow:
        return _plain(service.casework(uow.session, actor=p, today=clock.today_in_london(), status=status))


@router.get("/referrals/{referral_id}")
@api_errors
def open_referral(
    referral_id: str, justification: str = Query(""), p: Principal = Depends(require("prevent.read"))
) -> Any:
    """The whole referral. `justification` (why you need it) is required and goes into the audit log."""
    with unit_of_work() as uow:
        return view_json(
            service.open_referral(
                uow, actor=p, referral_id=referral_id, justification=justification, via="api"
            )
        )


def _done(**extra: Any) -> dict[str, Any]:
    return {"ok": True, **_plain(extra)}


@router.post("/referrals/{referral_id}/deconfliction")
@api_errors
def deconfliction(
    referral_id: str, body: s.DeconflictionIn, p: Principal = Depends(require("prevent.gateway"))
) -> Any:
    with unit_of_work() as uow:
        gateway.record_deconfliction(
            uow, actor=p, referral_id=referral_id, result=body.result, reference=body.reference
        )
    return _done()


@router.post("/referrals/{referral_id}/decision")
@api_errors
def decision(referral_id: str, body: s.DecisionIn, p: Principal = Depends(require("prevent.gateway"))) -> Any:
    with unit_of_work() as uow:
        r = gateway.decide_gateway(
            uow,
            actor=p,
            referral_id=referral_id,
            outcome=body.outcome,
            threshold_met=body.threshold_met,
            rationale=body.rationale,
            receiving_service=body.receiving_service,
        )
        case = channel.case_for_referral(uow, r.id)
        return _done(status=r.status, channel_case_id=case.id if case else None)


@router.post("/referrals/{referral_id}/same-person")
@api_errors
def same_person(
    referral_id: str, body: s.SamePersonIn, p: Principal = Depends(require("prevent.gateway"))
) -> Any:
    """Confirm a possible match: relink to the earlier referral's person and recompute the repeat rule."""
    with unit_of_work() as uow:
        r = gateway.confirm_same_person(
            uow, actor=p, referral_id=referral_id, other_referral_id=body.other_referral_id
        )
        return _done(previous=r.previous_referral_ids, senior_review_required=r.senior_review_required)


@router.post("/referrals/{referral_id}/senior-review")
@api_errors
def senior_review(
    referral_id: str, body: s.SeniorReviewIn, p: Principal = Depends(require("prevent.senior_review"))
) -> Any:
    with unit_of_work() as uow:
        r = gateway.senior_review(uow, actor=p, referral_id=referral_id, agreed=body.agreed, notes=body.notes)
        return _done(status=r.status)


@router.post("/referrals/{referral_id}/follow-ups")
@api_errors
def follow_up(referral_id: str, body: s.FollowUpIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        gateway.record_follow_up(
            uow,
            actor=p,
            referral_id=referral_id,
            sequence=body.sequence,
            confirmed=body.confirmed,
            notes=body.notes,
        )
        return _done(status=service.load_referral(uow.session, referral_id).status)


@router.post("/referrals/{referral_id}/close")
@api_errors
def close(referral_id: str, body: s.ReasonIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        return _done(
            status=gateway.close_referral(uow, actor=p, referral_id=referral_id, reason=body.reason).status
        )


# --- Channel -----------------------------------------------------------------------------------------


@router.post("/channel/{case_id}/consent")
@api_errors
def consent(case_id: str, body: s.ConsentIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        case = channel.record_consent(
            uow,
            actor=p,
            case_id=case_id,
            given_by=body.given_by,
            giver_name=body.giver_name,
            given=body.given,
            on=body.on,
        )
        return _done(status=case.status)


@router.post("/panels", status_code=201)
@api_errors
def meeting(body: s.MeetingIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        m = channel.create_meeting(
            uow, actor=p, local_authority=body.local_authority, held_on=body.held_on, members=body.members
        )
        return _done(id=m.id)


@router.post("/panels/{meeting_id}/decisions", status_code=201)
@api_errors
def panel_decision(
    meeting_id: str, body: s.PanelDecisionIn, p: Principal = Depends(require("prevent.write"))
) -> Any:
    with unit_of_work() as uow:
        d = channel.panel_decision(
            uow,
            actor=p,
            meeting_id=meeting_id,
            case_id=body.case_id,
            decision=body.decision,
            rationale=body.rationale,
        )
        return _done(id=d.id)


@router.post("/channel/{case_id}/vaf", status_code=201)
@api_errors
def vaf(case_id: str, body: s.VafIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        a = channel.record_vaf(
            uow,
            actor=p,
            case_id=case_id,
            assessed_on=body.assessed_on,
            factors=body.factors,
            summary=body.summary,
        )
        return _done(id=a.id)


@router.post("/channel/{case_id}/interventions", status_code=201)
@api_errors
def intervention(
    case_id: str, body: s.InterventionIn, p: Principal = Depends(require("prevent.write"))
) -> Any:
    with unit_of_work() as uow:
        i = channel.add_intervention(
            uow,
            actor=p,
            case_id=case_id,
            kind=body.kind,
            provider=body.provider,
            started_on=body.started_on,
            notes=body.notes,
        )
        return _done(id=i.id)


@router.post("/channel/{case_id}/reviews")
@api_errors
def review(case_id: str, body: s.ReviewIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        rv = channel.record_review(
            uow,
            actor=p,
            case_id=case_id,
            kind=body.kind,
            sequence=body.sequence,
            held_on=body.held_on,
            outcome=body.outcome,
        )
        return _done(id=rv.id)


@router.post("/channel/{case_id}/exit")
@api_errors
def exit_case(case_id: str, body: s.ExitIn, p: Principal = Depends(require("prevent.write"))) -> Any:
    with unit_of_work() as uow:
        case = channel.exit_case(uow, actor=p, case_id=case_id, exited_on=body.exited_on, reason=body.reason)
        return _done(status=case.status)


@router.post("/channel/{case_id}/escalations", status_code=201)
@api_errors
def escalate(case_id: str, body: s.EscalationIn, p: Principal = Depends(require("prevent.gateway"))) -> Any:
    with unit_of_work() as uow:
        e = channel.escalate_to_youth_diversion_order(
            uow,
            actor=p,
            case_id=case_id,
            applicant_agency=body.applicant_agency,
            court=body.court,
            reasons=body.reasons,
        )
        return _done(id=e.id, status=e.status)


# --- statistics and oversight ------------------------------------------------------------------------


@router.get("/statistics")
@api_errors
def stats(year: str = Query(""), p: Principal = Depends(require("prevent.statistics"))) -> Any:
    with unit_of_work() as uow:
        st = statistics.journey(uow.session, actor=p, year=year)
    return _plain(
        {
            "year": st.year_label,
            "totals": dict(zip(statistics.MEASURES, st.totals, strict=True)),
            "breakdowns": {
                k: [
                    {"category": r.category, **dict(zip(statistics.MEASURES, r.values, strict=True))}
                    for r in rows
                ]
                for k, rows in st.tables.items()
            },
            "suppression": statistics.suppression_note(st),
        }
    )


@router.get("/statistics.csv")
@api_errors
def stats_csv(year: str = Query(""), p: Principal = Depends(require("prevent.statistics"))) -> Any:
    with unit_of_work() as uow:
        st = statistics.journey(uow.session, actor=p, year=year)
    return Response(
        statistics.to_csv(st),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="prevent-{st.year_label}.csv"'},
    )


@router.get("/statistics.ods")
@api_errors
def stats_ods(year: str = Query(""), p: Principal = Depends(require("prevent.statistics"))) -> Any:
    with unit_of_work() as uow:
        st = statistics.journey(uow.session, actor=p, year=year)
    return Response(
        statistics.to_ods(st),
        media_type="application/vnd.oasis.opendocument.spreadsheet",
        headers={"Content-Disposition": f'attachment; filename="prevent-{st.year_label}.ods"'},
    )


@router.post("/oversight/samples", status_code=201)
@api_errors
def draw(body: s.SampleIn, p: Principal = Depends(require("prevent.oversight"))) -> Any:
    with unit_of_work() as uow:
        sample = oversight.draw_sample(uow, actor=p, start=body.start, end=body.end)
        return _done(id=sample.id, items=len(sample.referral_ids))


@router.get("/oversight/samples/{sample_id}")
@api_errors
def sample(sample_id: str, p: Principal = Depends(require("prevent.oversight"))) -> Any:
    with unit_of_work() as uow:
        return _plain(oversight.sample_items(uow, actor=p, sample_id=sample_id))


@router.post("/oversight/samples/{sample_id}/items/{item}/access-requests", status_code=201)
@api_errors
def request_access(
    sample_id: str, item: int, body: s.AccessRequestIn, p: Principal = Depends(require("prevent.oversight"))
) -> Any:
    with unit_of_work() as uow:
        a = oversight.request_identity(
            uow, actor=p, sample_id=sample_id, item=item, justification=body.justification
        )
        return _done(id=a.id)


@router.get("/oversight/access-requests")
@api_errors
def access_requests(p: Principal = Depends(require("prevent.senior_review"))) -> Any:
    with unit_of_work() as uow:
        return [
            {
                "id": a.id,
                "sample_id": a.sample_id,
                "item": a.item,
                "justification": a.justification,
                "requested_at": a.requested_at.isoformat(),
            }
            for a in oversight.pending_requests(uow, actor=p)
        ]


@router.post("/oversight/access-requests/{access_id}/decision")
@api_errors
def decide_access(
    access_id: str, body: s.GrantIn, p: Principal = Depends(require("prevent.senior_review"))
) -> Any:
    with unit_of_work() as uow:
        a = oversight.decide_request(uow, actor=p, access_id=access_id, grant=body.grant)
        return _done(granted=a.granted_at is not None and not a.refused, expires_at=a.expires_at)


@router.get("/oversight/samples/{sample_id}/items/{item}/identity")
@api_errors
def identity(sample_id: str, item: int, p: Principal = Depends(require("prevent.oversight"))) -> Any:
    with unit_of_work() as uow:
        return _plain(oversight.view_identity(uow, actor=p, sample_id=sample_id, item=item))
