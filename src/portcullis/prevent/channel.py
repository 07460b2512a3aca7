"""Channel use cases: consent, panel meetings (members, attendance, quorum), panel decisions, the
Vulnerability Assessment Framework, the support plan's interventions, reviews in order, exit, post-exit
reviews, and escalation towards a Youth Diversion Order.

A case cannot go forward without consent; a panel cannot decide without a quorum; reviews are recorded in
order. Each refusal names the field and changes nothing (the caller's unit of work rolls back)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.orders import service as orders_service
from portcullis.prevent import rules
from portcullis.prevent.errors import Forbidden, NotFound, PreventError
from portcullis.prevent.models import (
    ChannelCase,
    ChannelReview,
    Escalation,
    Intervention,
    PanelCaseDecision,
    PanelMeeting,
    PanelMember,
    Referral,
    VafAssessment,
)
from portcullis.prevent.values import VAF_CODES, VAF_SCORES, ConsentGiver, PanelDecision
from portcullis.prevent.values import Intervention as InterventionKind

RECORD_TYPE = "prevent_channel_case"
AGENCIES = (
    "local_authority",
    "police",
    "health",
    "education",
    "childrens_services",
    "adult_services",
    "probation",
    "other",
)
SUPPORT, POST_EXIT = "support", "post_exit"


def _require(actor: Principal, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden(permission)


def _case(uow: UnitOfWork, case_id: str) -> ChannelCase:
    case = uow.session.get(ChannelCase, case_id)
    if case is None:
        raise NotFound(case_id)
    return case


def _audit(uow: UnitOfWork, actor: Principal, case: ChannelCase, what: str, **details: Any) -> None:
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=case.id,
        subject_id=case.person_id,
        justification=what,
        details=details,
    )


def _needs_consent(case: ChannelCase) -> None:
    if case.consent_given is not True:
        raise PreventError.one("consent", "Channel support cannot proceed without consent: record it first")


def _date(value: date | None, field: str) -> date:
    if value is None:
        raise PreventError.one(field, "enter a date")
    if value > clock.today_in_london():
        raise PreventError.one(field, "the date cannot be in the future")
    return value


# --- consent -----------------------------------------------------------------------------------------


def record_consent(
    uow: UnitOfWork,
    *,
    actor: Principal,
    case_id: str,
    given_by: str,
    giver_name: str,
    given: bool | None,
    on: date | None,
) -> ChannelCase:
    """Consent of the person, or of a parent or guardian for a child; a refusal is recorded and ends
    the case."""
    _require(actor, "prevent.write")
    case = _case(uow, case_id)
    on = _date(on, "consent_on")
    if case.status not in ("awaiting_consent",):
        raise PreventError.one("consent", f"consent has already been recorded (case is {case.status})")
    person = uow.session.get(Person, case.person_id)
    assert person is not None
    required = rules.who_consents(date_of_birth=person.date_of_birth, on=on, snapshot=policy.at(on))
    if given_by not in set(ConsentGiver):
        raise PreventError.one("consent_given_by", "say who gave or refused consent")
    if given is None:
        raise PreventError.one("consent_given", "say whether consent was given or refused")
    if not giver_name.strip():
        raise PreventError.one("consent_name", "enter the name of the person who gave or refused consent")
    check = rules.check_consent(required=required, given_by=ConsentGiver(given_by), given=given)
    if not check.allowed and given:
        raise PreventError.one("consent_given_by", check.reasons[0].split(": ", 1)[-1])
    if required.giver != given_by:
        raise PreventError.one(
            "consent_given_by",
            rules.check_consent(required=required, given_by=ConsentGiver(given_by), given=True)
            .reasons[0]
            .split(": ", 1)[-1],
        )
    case.consent_given_by, case.consent_name, case.consent_on, case.consent_given = (
        given_by,
        giver_name.strip(),
        on,
        given,
    )
    case.status = "consented" if given else "consent_refused"
    _audit(uow, actor, case, "Channel consent recorded", given=given, given_by=given_by)
    return case


# --- panels ------------------------------------------------------------------------------------------


def create_meeting(
    uow: UnitOfWork,
    *,
    actor: Principal,
    local_authority: str,
    held_on: date | None,
    members: list[dict[str, Any]],
) -> PanelMeeting:
    """A panel meeting with its members and who attended (a meeting without a quorum is still recorded; it
    simply cannot decide)."""
    _require(actor, "prevent.write")
    errors: list[tuple[str, str]] = []
    if not local_authority.strip():
        errors.append(("local_authority", "enter the local authority whose panel met"))
    if held_on is None:
        errors.append(("held_on", "enter the date of the meeting"))
    if not members:
        errors.append(("members", "list the panel members and whether each attended"))
    for i, m in enumerate(members):
        if not str(m.get("name") or "").strip():
            errors.append((f"members[{i}].name", "enter the member's name"))
        if m.get("agency") not in AGENCIES:
            errors.append((f"members[{i}].agency", f"choose one of: {', '.join(AGENCIES)}"))
        if not isinstance(m.get("attended"), bool):
            errors.append((f"members[{i}].attended", "say whether the member attended"))
    if errors:
        raise PreventError(errors)
    meeting = PanelMeeting(
        local_authority=local_authority.strip(),
        held_on=held_on,
        members=[
            PanelMember(
                name=str(m["name"]).strip(),
                agency=m["agency"],
                role=str(m.get("role") or "").strip(),
                attended=m["attended"],
            )
            for m in members
        ],
    )
    uow.session.add(meeting)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="prevent_panel_meeting",
        record_id=meeting.id,
        justification="Channel panel meeting recorded",
        details={"members": len(members), "attended": sum(1 for m in members if m["attended"])},
    )
    return meeting


def panel_decision(
    uow: UnitOfWork, *, actor: Principal, meeting_id: str, case_id: str, decision: str, rationale: str
) -> PanelCaseDecision:
    """The panel's decision on one case; refused without a quorum. Adoption needs consent."""
    _require(actor, "prevent.write")
    meeting = uow.session.get(PanelMeeting, meeting_id)
    if meeting is None:
        raise NotFound(meeting_id)
    case = _case(uow, case_id)
    if decision not in set(PanelDecision):
        raise PreventError.one("decision", "select the panel's decision")
    if len(rationale.strip()) < 10:
        raise PreventError.one("rationale", "record the panel's reasons (at least 10 characters)")
    quorum = rules.check_quorum(
        members=[rules.Attendee(m.agency, m.attended) for m in meeting.members],
        snapshot=policy.at(meeting.held_on),
    )
    if not quorum.allowed:
        raise PreventError([("quorum", r.split(": ", 1)[-1]) for r in quorum.reasons])
    if case.status in ("exited", "not_adopted", "consent_refused"):
        raise PreventError.one("decision", f"the case is {case.status.replace('_', ' ')}")
    if decision == PanelDecision.ADOPT:
        _needs_consent(case)
        if case.adopted_on is not None:
            raise PreventError.one("decision", "the case has already been adopted")
    if decision in (PanelDecision.CONTINUE, PanelDecision.EXIT) and case.adopted_on is None:
        raise PreventError.one("decision", "only an adopted case can continue or exit")
    record = PanelCaseDecision(
        meeting_id=meeting.id,
        case_id=case.id,
        decision=decision,
        rationale=rationale.strip(),
        decided_by=actor.user_id,
        quorum={"reasons": list(quorum.reasons), "parameters": [p.as_dict() for p in quorum.used]},
    )
    uow.session.add(record)
    case.discussed_on = case.discussed_on or meeting.held_on
    if decision == PanelDecision.ADOPT:
        case.status, case.adopted_on = "adopted", meeting.held_on
        due, _ = rules.next_review_due(from_date=meeting.held_on, snapshot=policy.at(meeting.held_on))
        case.reviews.append(ChannelReview(case_id=case.id, kind=SUPPORT, sequence=1, due_on=due))
    elif decision == PanelDecision.NOT_ADOPTED:
        case.status = "not_adopted"
    elif decision == PanelDecision.EXIT:
        _exit(case, meeting.held_on, rationale.strip())
    uow.flush()
    _audit(uow, actor, case, "Channel panel decision", decision=decision, meeting_id=meeting.id)
    return record


# --- assessment and support --------------------------------------------------------------------------


def record_vaf(
    uow: UnitOfWork,
    *,
    actor: Principal,
    case_id: str,
    assessed_on: date | None,
    factors: dict[str, dict[str, Any]],
    summary: str = "",
) -> VafAssessment:
    """A Vulnerability Assessment Framework assessment: all 22 factors scored, a note for each one present."""
    _require(actor, "prevent.write")
    case = _case(uow, case_id)
    assessed_on = _date(assessed_on, "assessed_on")
    errors = []
    missing = sorted(VAF_CODES - set(factors))
    if missing:
        errors.append(("factors", f"score every factor; missing {', '.join(missing)}"))
    for code in sorted(set(factors) - VAF_CODES):
        errors.append((f"factors.{code}", "not a factor of the framework"))
    clean: dict[str, dict[str, Any]] = {}
    for code in sorted(VAF_CODES & set(factors)):
        score, note = factors[code].get("score"), str(factors[code].get("note") or "").strip()
        if score not in VAF_SCORES:
            errors.append((f"factors.{code}.score", f"choose a score of {', '.join(map(str, VAF_SCORES))}"))
        elif score > 0 and not note:
            errors.append((f"factors.{code}.note", "explain the evidence for a factor that is present"))
        clean[code] = {"score": score, "note": note}
    if errors:
        raise PreventError(errors)
    record = VafAssessment(
        case_id=case.id,
        assessed_on=assessed_on,
        assessed_by=actor.user_id,
        factors=clean,
        summary=summary.strip(),
    )
    case.assessments.append(record)
    uow.flush()
    _audit(uow, actor, case, "VAF assessment recorded", total=sum(f["score"] for f in clean.values()))
    return record


def add_intervention(
    uow: UnitOfWork,
    *,
    actor: Principal,
    case_id: str,
    kind: str,
    provider: str,
    started_on: date | None,
    notes: str = "",
) -> Intervention:
    """An intervention of the support plan; only for an adopted case (which has consent)."""
    _require(actor, "prevent.write")
    case = _case(uow, case_id)
    _needs_consent(case)
    if case.status != "adopted":
        raise PreventError.one("case", "interventions are for cases the panel has adopted and not yet exited")
    if kind not in set(InterventionKind):
        raise PreventError.one("kind", "select the type of intervention")
    if not provider.strip():
        raise PreventError.one("provider", "enter who provides the intervention")
    started_on = _date(started_on, "started_on")
    record = Intervention(
        case_id=case.id, kind=kind, provider=provider.strip(), started_on=started_on, notes=notes.strip()
    )
    case.interventions.append(record)
    uow.flush()
    _audit(uow, actor, case, "Support plan intervention added", kind=kind)
    return record


# --- reviews and exit --------------------------------------------------------------------------------


def record_review(
    uow: UnitOfWork,
    *,
    actor: Principal,
    case_id: str,
    kind: str,
    sequence: int,
    held_on: date | None,
    outcome: str,
) -> ChannelReview:
    """Record a review: the next one due of that kind, dated no earlier than the one before."""
    _require(actor, "prevent.write")
    case = _case(uow, case_id)
    if kind not in (SUPPORT, POST_EXIT):
        raise PreventError.one("kind", "choose a support review or a post-exit review")
    held_on = _date(held_on, "held_on")
    if len(outcome.strip()) < 10:
        raise PreventError.one("outcome", "record what the review found (at least 10 characters)")
    if kind == SUPPORT:
        _needs_consent(case)
    of_kind = [r for r in case.reviews if r.kind == kind]
    pending = sorted((r for r in of_kind if r.held_on is None), key=lambda r: r.sequence)
    held = sorted((r for r in of_kind if r.held_on is not None), key=lambda r: r.sequence)
    if kind == POST_EXIT and case.exited_on is None:
        raise PreventError.one("kind", "post-exit reviews come after the case has exited Channel")
    start = case.exited_on if kind == POST_EXIT else case.adopted_on
    check = rules.check_review_order(
        sequence=sequence,
        expected_sequence=pending[0].sequence if pending else None,
        held_on=held_on,
        previous_held_on=held[-1].held_on if held else None,
        opened_on=start or held_on,
    )
    if not check.allowed:
        raise PreventError.one(*check.reasons[0].split(": ", 1))
    review = pending[0]
    review.held_on, review.outcome, review.recorded_by = held_on, outcome.strip(), actor.user_id
    if kind == SUPPORT and case.status == "adopted":
        due, _ = rules.next_review_due(from_date=held_on, snapshot=policy.at(held_on))
        case.reviews.append(ChannelReview(case_id=case.id, kind=SUPPORT, sequence=sequence + 1, due_on=due))
    uow.flush()
    _audit(uow, actor, case, "Channel review recorded", kind=kind, sequence=sequence)
    return review


def _exit(case: ChannelCase, exited_on: date, reason: str) -> None:
    case.status, case.exited_on, case.exit_reason = "exited", exited_on, reason
    for r in list(case.reviews):
        if r.kind == SUPPORT and r.held_on is None:
            case.reviews.remove(r)  # support reviews end with support
    dates, _ = rules.post_exit_review_dates(exited_on=exited_on, snapshot=policy.at(exited_on))
    for n, due in enumerate(dates, start=1):
        case.reviews.append(ChannelReview(case_id=case.id, kind=POST_EXIT, sequence=n, due_on=due))


def exit_case(
    uow: UnitOfWork, *, actor: Principal, case_id: str, exited_on: date | None, reason: str
) -> ChannelCase:
    """The case leaves Channel; its post-exit reviews are scheduled."""
    _require(actor, "prevent.write")
    case = _case(uow, case_id)
    exited_on = _date(exited_on, "exited_on")
    if case.status != "adopted" or case.adopted_on is None:
        raise PreventError.one("status", "only an adopted case can exit Channel")
    if exited_on < case.adopted_on:
        raise PreventError.one("exited_on", "a case cannot exit before it was adopted")
    if len(reason.strip()) < 10:
        raise PreventError.one("reason", "say why the case is leaving Channel (at least 10 characters)")
    _exit(case, exited_on, reason.strip())
    uow.flush()
    _audit(uow, actor, case, "Channel case exited")
    return case


def escalate_to_youth_diversion_order(
    uow: UnitOfWork, *, actor: Principal, case_id: str, applicant_agency: str, court: str, reasons: str
) -> Escalation:
    """The police take a case beyond Prevent: an application for a Youth Diversion Order is filed with the
    orders domain in the same transaction, and the escalation recorded here links to it. Whether the order is
    available (commencement, age range) is the orders rules' decision; a refusal there saves nothing."""
    _require(actor, "prevent.gateway")
    case = _case(uow, case_id)
    errors = []
    if not applicant_agency.strip():
        errors.append(("applicant_agency", "enter the police force applying for the order"))
    if not court.strip():
        errors.append(("court", "enter the court the application goes to"))
    if len(reasons.strip()) < 20:
        errors.append(
            ("reasons", "explain why intervention beyond Prevent is needed (at least 20 characters)")
        )
    if errors:
        raise PreventError(errors)
    try:
        application = orders_service.create_application(
            uow,
            order_type="ydo",
            applicant_agency=applicant_agency.strip(),
            subject_person_id=case.person_id,
            actor=actor,
            with_notice=True,
            court=court.strip(),
            terrorism_related=True,
        )
    except orders_service.OrdersError as exc:
        raise PreventError([(f"order.{e['field']}", e["reason"]) for e in exc.errors]) from None
    record = Escalation(
        case_id=case.id,
        kind="youth_diversion_order",
        requested_on=clock.today_in_london(),
        requested_by=actor.user_id,
        applicant_agency=applicant_agency.strip(),
        reasons=reasons.strip(),
        order_application_id=application.id,
        status=f"application_filed_{application.eligibility}",
    )
    case.escalations.append(record)
    uow.flush()
    _audit(
        uow,
        actor,
        case,
        "Escalation to a Youth Diversion Order application",
        escalation_id=record.id,
        order_application_id=application.id,
    )
    return record


def case_for_referral(uow: UnitOfWork, referral_id: str) -> ChannelCase | None:
    return uow.session.scalar(select(ChannelCase).where(ChannelCase.referral_id == referral_id))


def referral_of(uow: UnitOfWork, case: ChannelCase) -> Referral:
    r = uow.session.get(Referral, case.referral_id)
    assert r is not None
    return r


def meetings(uow: UnitOfWork, *, actor: Principal, limit: int = 50) -> list[PanelMeeting]:
    _require(actor, "prevent.read")
    return list(uow.session.scalars(select(PanelMeeting).order_by(PanelMeeting.held_on.desc()).limit(limit)))


def meeting(uow: UnitOfWork, *, actor: Principal, meeting_id: str) -> tuple[PanelMeeting, rules.Decision]:
    """A meeting and whether it was quorate, as the rules in force on its date say."""
    _require(actor, "prevent.read")
    found = uow.session.get(PanelMeeting, meeting_id)
    if found is None:
        raise NotFound(meeting_id)
    quorum = rules.check_quorum(
        members=[rules.Attendee(m.agency, m.attended) for m in found.members],
        snapshot=policy.at(found.held_on),
    )
    return found, quorum


def open_cases(uow: UnitOfWork, *, actor: Principal) -> list[tuple[str, str, str]]:
    """(case id, referral reference, status) of cases a panel may still decide on - no names."""
    _require(actor, "prevent.read")
    rows = uow.session.execute(
        select(ChannelCase.id, Referral.reference, ChannelCase.status)
        .join(Referral, Referral.id == ChannelCase.referral_id)
        .where(ChannelCase.status.in_(("awaiting_consent", "consented", "adopted")))
        .order_by(Referral.reference)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]
