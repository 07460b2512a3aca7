"""The police gateway: deconfliction with counter-terrorism casework, the threshold decision with its
structured rationale and what follows (a Channel case, Prevent Case Management, no further action or a
transfer with follow-up checks), senior review of repeat referrals, and closure."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.prevent import rules
from portcullis.prevent.errors import Forbidden, PreventError
from portcullis.prevent.models import ChannelCase, GatewayAssessment, Referral, SeniorReview, TransferFollowUp
from portcullis.prevent.service import RATIONALE_CHOICES, RECORD_TYPE, gateway_timing, load_referral
from portcullis.prevent.values import Deconfliction, Outcome, ReceivingService


def _require(actor: Principal, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden(permission)


# --- gateway assessment ------------------------------------------------------------------------------


def _gateway(session: Session, r: Referral) -> GatewayAssessment:
    if r.gateway is None:
        r.gateway = GatewayAssessment(referral_id=r.id)
        session.add(r.gateway)
    return r.gateway


def record_deconfliction(
    uow: UnitOfWork, *, actor: Principal, referral_id: str, result: str, reference: str = ""
) -> None:
    """Record the check against counter-terrorism casework that comes before any gateway decision."""
    _require(actor, "prevent.gateway")
    if result not in set(Deconfliction):
        raise PreventError.one(
            "deconfliction", "select the result of the check against counter-terrorism casework"
        )
    if result != Deconfliction.NO_CT_INTEREST and not reference.strip():
        raise PreventError.one("deconfliction_reference", "give the counter-terrorism casework reference")
    r = load_referral(uow.session, referral_id)
    if r.gateway is not None and r.gateway.outcome is not None:
        raise PreventError.one("deconfliction", "the gateway decision has already been made")
    g = _gateway(uow.session, r)
    g.deconfliction, g.deconfliction_reference = result, reference.strip()
    g.deconflicted_at, g.deconflicted_by = clock.now(), actor.user_id
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=r.person_id,
        justification="Gateway deconfliction recorded",
        details={"reference": r.reference, "deconfliction": result},
    )


def decide_gateway(
    uow: UnitOfWork,
    *,
    actor: Principal,
    referral_id: str,
    outcome: str,
    threshold_met: bool | None,
    rationale: dict[str, str],
    receiving_service: str | None = None,
) -> Referral:
    """The police gateway's threshold decision with a structured rationale, and what follows from it."""
    _require(actor, "prevent.gateway")
    session = uow.session
    r = load_referral(session, referral_id)
    errors: list[tuple[str, str]] = []
    if outcome not in set(Outcome):
        errors.append(("outcome", "select the outcome of the assessment"))
    if threshold_met is None:
        errors.append(("threshold_met", "say whether the referral meets the Prevent threshold"))
    if receiving_service and receiving_service not in set(ReceivingService):
        errors.append(("receiving_service", "select a receiving service from the list"))
    clean = {k: (rationale.get(k) or "").strip() for k in (*RATIONALE_CHOICES, "explanation")}
    for key, choices in RATIONALE_CHOICES.items():
        if clean[key] not in choices:
            errors.append((f"rationale.{key}", f"select one of: {', '.join(choices)}"))
    if len(clean["explanation"]) < 20:
        errors.append(("rationale.explanation", "explain the decision (at least 20 characters)"))
    if r.gateway is not None and r.gateway.outcome is not None:
        errors.append(("outcome", "the gateway decision has already been made"))
    if not errors:
        check = rules.check_outcome(
            outcome=outcome,
            threshold_met=bool(threshold_met),
            receiving_service=receiving_service or None,
            deconflicted=r.gateway is not None and r.gateway.deconfliction is not None,
        )
        if not check.allowed:
            errors.extend(tuple(reason.split(": ", 1)) for reason in check.reasons)  # type: ignore[misc]
    if errors:
        raise PreventError(errors)
    today = clock.today_in_london()
    g = _gateway(session, r)
    g.outcome, g.threshold_met, g.rationale = outcome, threshold_met, clean
    g.receiving_service = receiving_service or None
    g.decided_on, g.decided_at, g.decided_by = today, clock.now(), actor.user_id
    timing = gateway_timing(r, today)
    g.overdue_at_decision = timing.overdue
    used = list(timing.used)
    if outcome == Outcome.CHANNEL:
        r.status = "channel"
        session.add(ChannelCase(referral_id=r.id, person_id=r.person_id, local_authority=r.local_authority))
    elif outcome == Outcome.PREVENT_CASE_MANAGEMENT:
        r.status = "pcm"
    elif outcome == Outcome.TRANSFERRED:
        schedule = rules.follow_up_schedule(transferred_on=today, snapshot=policy.at(today))
        used.extend(schedule.used)
        for n, due in enumerate(schedule.due_dates, start=1):
            session.add(TransferFollowUp(referral_id=r.id, sequence=n, due_on=due))
        if schedule.due_dates:
            r.status = "transferred_monitoring"
        else:
            _close_or_await_review(r, today)
    else:
        _close_or_await_review(r, today)
    g.parameters_used = [p.as_dict() for p in used]
    session.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=r.person_id,
        justification="Gateway threshold decision",
        details={
            "reference": r.reference,
            "outcome": outcome,
            "threshold_met": threshold_met,
            "overdue": timing.overdue,
        },
    )
    return r


def _close_or_await_review(r: Referral, today: date) -> None:
    agreed = _latest_review(r)
    if rules.may_close(senior_review_required=r.senior_review_required, senior_review_agreed=agreed).allowed:
        r.status, r.closed_on = "closed", today
    else:
        r.status = "awaiting_senior_review"


def _latest_review(r: Referral) -> bool | None:
    return r.senior_reviews[-1].agreed if r.senior_reviews else None


def close_referral(uow: UnitOfWork, *, actor: Principal, referral_id: str, reason: str) -> Referral:
    """Close a case (e.g. Prevent Case Management finished). A repeat referral needs a senior review first."""
    _require(actor, "prevent.write")
    r = load_referral(uow.session, referral_id)
    if len(reason.strip()) < 10:
        raise PreventError.one("reason", "say why the case is being closed (at least 10 characters)")
    if r.status == "closed":
        raise PreventError.one("status", "the referral is already closed")
    if r.gateway is None or r.gateway.outcome is None:
        raise PreventError.one("outcome", "a referral cannot be closed before the gateway decision")
    decision = rules.may_close(
        senior_review_required=r.senior_review_required, senior_review_agreed=_latest_review(r)
    )
    if not decision.allowed:
        raise PreventError.one("senior_review", decision.reasons[0])
    r.status, r.closed_on = "closed", clock.today_in_london()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=r.person_id,
        justification=reason.strip(),
        details={"reference": r.reference, "status": "closed"},
    )
    return r


def senior_review(
    uow: UnitOfWork, *, actor: Principal, referral_id: str, agreed: bool | None, notes: str
) -> Referral:
    """A senior reviewer (not the officer who decided) agrees the closure of a repeat referral or sends
    it back."""
    _require(actor, "prevent.senior_review")
    r = load_referral(uow.session, referral_id)
    errors = []
    if agreed is None:
        errors.append(("agreed", "say whether you agree the referral can be closed"))
    if len(notes.strip()) < 10:
        errors.append(("notes", "record the reasons for your review (at least 10 characters)"))
    if r.gateway is None or r.gateway.outcome is None:
        errors.append(("senior_review", "there is no gateway decision to review yet"))
    elif r.gateway.decided_by == actor.user_id:
        errors.append(("senior_review", "the officer who made the decision cannot review it"))
    if errors:
        raise PreventError(errors)
    today = clock.today_in_london()
    r.senior_reviews.append(
        SeniorReview(
            referral_id=r.id,
            reviewer_id=actor.user_id,
            reviewed_at=clock.now(),
            agreed=bool(agreed),
            notes=notes.strip(),
        )
    )
    if r.status == "awaiting_senior_review":
        if agreed:
            r.status, r.closed_on = "closed", today
        else:
            assert r.gateway is not None
            r.gateway.outcome = r.gateway.decided_on = r.gateway.decided_at = r.gateway.threshold_met = None
            r.status = "received"  # back to the gateway for a fresh decision
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=r.person_id,
        justification="Senior review of a repeat referral",
        details={"reference": r.reference, "agreed": bool(agreed)},
    )
    return r


# --- transferred cases -------------------------------------------------------------------------------


def record_follow_up(
    uow: UnitOfWork, *, actor: Principal, referral_id: str, sequence: int, confirmed: bool | None, notes: str
) -> TransferFollowUp:
    """Record a follow-up check with the receiving service, in order; a confirmation ends the checks."""
    _require(actor, "prevent.write")
    r = load_referral(uow.session, referral_id)
    pending = [fu for fu in r.follow_ups if fu.checked_on is None and not fu.cancelled]
    if not pending:
        raise PreventError.one("sequence", "no follow-up check is outstanding for this referral")
    if sequence != pending[0].sequence:
        raise PreventError.one(
            "sequence", f"check {sequence} is out of order; check {pending[0].sequence} is next"
        )
    if confirmed is None:
        raise PreventError.one("confirmed", "say whether the receiving service confirmed what it did")
    if len(notes.strip()) < 5:
        raise PreventError.one("notes", "record what the receiving service said")
    today = clock.today_in_london()
    fu = pending[0]
    fu.checked_on, fu.checked_by, fu.confirmed, fu.notes = today, actor.user_id, confirmed, notes.strip()
    if confirmed:
        for later in pending[1:]:
            later.cancelled = True
        _close_or_await_review(r, today)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=r.person_id,
        justification="Transferred-case follow-up check",
        details={"reference": r.reference, "sequence": sequence, "confirmed": confirmed},
    )
    return fu


def confirm_same_person(
    uow: UnitOfWork, *, actor: Principal, referral_id: str, other_referral_id: str
) -> Referral:
    """The assessor confirms a possible match: this referral is about the person of an earlier one. The
    referral is relinked to that person, its history and the repeat-referral rule recomputed (as of the day it
    was received), and the combination of records audited."""
    _require(actor, "prevent.gateway")
    r = load_referral(uow.session, referral_id)
    other = load_referral(uow.session, other_referral_id)
    if other_referral_id not in r.possible_match_ids:
        raise PreventError.one(
            "other_referral_id", "that referral is not among this referral's possible matches"
        )
    if r.gateway is not None and r.gateway.outcome is not None:
        raise PreventError.one(
            "other_referral_id", "the gateway decision has been made; relink before deciding"
        )
    earlier = uow.session.execute(
        select(Referral.id, Referral.received_on).where(
            Referral.person_id == other.person_id, Referral.id != r.id, Referral.received_on <= r.received_on
        )
    ).all()
    repeat = rules.assess_repeat(
        received_on=r.received_on,
        previous_received=[e.received_on for e in earlier],
        snapshot=policy.at(r.received_on),
    )
    previous_person = r.person_id
    r.person_id = other.person_id
    r.previous_referral_ids = [e.id for e in earlier]
    r.possible_match_ids = [
        i for i in r.possible_match_ids if i != other_referral_id and i not in r.previous_referral_ids
    ]
    r.senior_review_required, r.repeat_reasons = repeat.senior_review_required, list(repeat.reasons)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COMBINATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=other.person_id,
        justification="Referral confirmed as the same person as an earlier one",
        details={"reference": r.reference, "earlier": other.reference, "previous_person_id": previous_person},
    )
    return r
