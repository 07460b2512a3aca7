"""Prevent use cases: referral intake and acknowledgement, repeat recognition, the name-free casework list,
and opening a record (with a reason, audited). The gateway's use cases are in `gateway.py`, Channel's in
`channel.py`, the Commissioner's in `oversight.py`.

Every function checks the actor's permission itself (the routes check it too) and writes its audit entry in
the caller's unit of work, so the change and its record commit or roll back together."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import holidays
from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import PartyError, Person, parse_partial_date
from portcullis.core.policy import ParameterNotInForce
from portcullis.prevent import rules
from portcullis.prevent.errors import Forbidden, NotFound, PreventError
from portcullis.prevent.models import (
    ChannelCase,
    RecordOpening,
    Referral,
)
from portcullis.prevent.values import (
    ConcernType,
    Gender,
    Region,
    Sector,
)
from portcullis.screening import service as screening
from portcullis.screening.subjects import ScreeningInputError

OPENING_MINUTES = 30  # how long a stated reason covers further views of the same record in one session
RECORD_TYPE = "prevent_referral"
RATIONALE_CHOICES = {
    "ideology": ("present", "absent", "unclear"),
    "vulnerability": ("present", "absent"),
    "risk": ("none", "low", "moderate", "high"),
}


def _require(actor: Principal, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden(permission)


def bank_holidays(*years: int) -> frozenset[date]:
    """England and Wales bank holidays for the gateway's working-day count."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=sorted(set(years))).keys())


def _london_date(at: datetime) -> date:
    return clock.to_london(at).date()


# --- intake ------------------------------------------------------------------------------------------


@dataclass
class ReferralForm:
    """What a referrer tells us, as typed (strings), validated in one place for the page and the API."""

    given_names: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    gender: str = ""
    region: str = ""
    local_authority: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_organisation: str = ""
    referrer_contact: str = ""
    sector: str = ""
    concern_type: str = ""
    concern_other: str = ""
    reasons: str = ""


@dataclass(frozen=True)
class Acknowledgement:
    reference: str
    received_at: datetime
    sector: str
    concern_type: str
    gateway_due_on: date


def validate_referral(form: ReferralForm, today: date) -> tuple[ReferralForm, list[tuple[str, str]]]:
    f = ReferralForm(**{k: (v or "").strip() for k, v in vars(form).items()})
    errors: list[tuple[str, str]] = []
    if not f.family_name:
        errors.append(("family_name", "enter the family name of the person you are worried about"))
    if not f.given_names:
        errors.append(("given_names", "enter the given names of the person you are worried about"))
    if f.date_of_birth:
        try:
            f.date_of_birth = parse_partial_date(f.date_of_birth, today=today)
        except PartyError as exc:
            errors.append(("date_of_birth", str(exc).split(": ", 1)[1]))
    if f.gender not in set(Gender):
        errors.append(("gender", "select the person's gender, or 'not known'"))
    if f.region not in set(Region):
        errors.append(("region", "select the region where the person lives"))
    if not f.referrer_name:
        errors.append(("referrer_name", "enter your name"))
    if not f.referrer_contact:
        errors.append(("referrer_contact", "enter an email address or telephone number we can reach you on"))
    if f.sector not in set(Sector):
        errors.append(("sector", "select the sector you are referring from"))
    if f.concern_type not in set(ConcernType):
        errors.append(("concern_type", "select the type of concern"))
    elif f.concern_type == ConcernType.OTHER and not f.concern_other:
        errors.append(("concern_other", "describe the concern when you select 'other'"))
    if len(f.reasons) < 20:
        errors.append(("reasons", "describe what you saw or heard that worried you (at least 20 characters)"))
    return f, errors


def _find_person(session: Session, f: ReferralForm) -> Person | None:
    """The same person in core parties: same names (ignoring case) and the same date of birth."""
    if not f.date_of_birth:
        return None
    return session.scalar(
        select(Person)
        .where(
            func.lower(Person.family_name) == f.family_name.lower(),
            func.lower(Person.given_names) == f.given_names.lower(),
            Person.date_of_birth == f.date_of_birth,
        )
        .limit(1)
    )


def _possible_matches(session: Session, f: ReferralForm, person_id: str) -> list[str]:
    """Earlier referrals of people with a similar name and a compatible year of birth, for the assessor to
    weigh (not linked automatically)."""
    full = f"{f.given_names} {f.family_name}".lower()
    rows = session.execute(
        select(Referral.id, Person.given_names, Person.family_name, Person.date_of_birth)
        .join(Person, Person.id == Referral.person_id)
        .where(
            Referral.person_id != person_id,
            func.lower(Person.family_name).like(f.family_name[:3].lower() + "%"),
        )
    ).all()
    found = []
    for rid, given, family, dob in rows:
        if f.date_of_birth and dob and dob[:4] != f.date_of_birth[:4]:
            continue
        if fuzz.token_sort_ratio(full, f"{given} {family}".lower()) >= 85:
            found.append(rid)
    return found


def _screen(session: Session, person: Person, on: date) -> list[dict[str, Any]]:
    """Screening lists with the "prevent" use. A screening problem never stops a referral being received:
    it is noted for the assessor instead."""
    subject = screening.SubjectIn(
        kind="person",
        names=[person.full_name],
        date_of_birth=person.date_of_birth,
        nationalities=person.nationality_list,
        party_id=person.id,
    )
    try:
        hits = screening.screen(session, subject, use="prevent", on=on)
    except (ScreeningInputError, ParameterNotInForce) as exc:
        return [{"list": None, "reason": f"screening not run: {exc}", "score": None, "entry_id": None}]
    return [
        {"list": h.list_name, "reason": h.reason_code, "score": round(h.score, 3), "entry_id": h.entry_id}
        for h in hits
    ]


def submit_referral(uow: UnitOfWork, *, actor: Principal, form: ReferralForm) -> Acknowledgement:
    """Receive a referral, link it to the person in core parties, recognise repeats, acknowledge it."""
    _require(actor, "prevent.refer")
    now = clock.now()
    today = _london_date(now)
    f, errors = validate_referral(form, today)
    if errors:
        raise PreventError(errors)
    session = uow.session
    snapshot = policy.at(today)
    person = _find_person(session, f)
    if person is None:
        person = Person(
            given_names=f.given_names,
            family_name=f.family_name,
            date_of_birth=f.date_of_birth or None,
            sex={"male": "M", "female": "F"}.get(f.gender),
        )
        session.add(person)
        session.flush()
    earlier = session.execute(
        select(Referral.id, Referral.received_on)
        .where(Referral.person_id == person.id)
        .order_by(Referral.received_on)
    ).all()
    repeat = rules.assess_repeat(
        received_on=today, previous_received=[r.received_on for r in earlier], snapshot=snapshot
    )
    timing = rules.gateway_timing(
        received_on=today,
        decided_on=None,
        today=today,
        snapshot=snapshot,
        bank_holidays=bank_holidays(today.year, today.year + 1),
    )
    referral = Referral(
        reference=f"PRV-{secrets.token_hex(4).upper()}",
        person_id=person.id,
        received_at=now,
        received_on=today,
        referrer_user_id=actor.user_id,
        referrer_name=f.referrer_name,
        referrer_role=f.referrer_role,
        referrer_organisation=f.referrer_organisation,
        referrer_contact=f.referrer_contact,
        sector=f.sector,
        concern_type=f.concern_type,
        concern_other=f.concern_other if f.concern_type == ConcernType.OTHER else "",
        reasons=f.reasons,
        gender=f.gender,
        region=f.region,
        local_authority=f.local_authority,
        age_at_referral=rules.age_on(f.date_of_birth or None, today),
        previous_referral_ids=[r.id for r in earlier],
        possible_match_ids=_possible_matches(session, f, person.id),
        screening_hits=_screen(session, person, today),
        senior_review_required=repeat.senior_review_required,
        repeat_reasons=list(repeat.reasons),
        status="received",
        gateway_due_on=timing.due_on,
    )
    session.add(referral)
    session.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type=RECORD_TYPE,
        record_id=referral.id,
        subject_id=person.id,
        justification="Prevent referral received",
        details={"reference": referral.reference, "sector": f.sector, "repeat": repeat.is_repeat},
    )
    return _acknowledgement(referral)


def _acknowledgement(r: Referral) -> Acknowledgement:
    return Acknowledgement(r.reference, r.received_at, r.sector, r.concern_type, r.gateway_due_on)


def my_acknowledgements(session: Session, *, actor: Principal) -> list[Acknowledgement]:
    """A referrer sees the acknowledgements of their own referrals, nothing else."""
    _require(actor, "prevent.refer")
    rows = session.scalars(
        select(Referral)
        .where(Referral.referrer_user_id == actor.user_id)
        .order_by(Referral.received_at.desc())
    )
    return [_acknowledgement(r) for r in rows]


def my_acknowledgement(session: Session, *, actor: Principal, reference: str) -> Acknowledgement:
    _require(actor, "prevent.refer")
    r = session.scalar(select(Referral).where(Referral.reference == reference.strip().upper()))
    if r is None or actor.user_id is None or r.referrer_user_id != actor.user_id:
        raise NotFound(reference)
    return _acknowledgement(r)


# --- casework list and opening a record --------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    """A line of the casework list: no names, so listing is not an opening of anyone's record."""

    id: str
    reference: str
    received_on: date
    sector: str
    concern_type: str
    status: str
    gateway_due_on: date
    gateway_overdue: bool
    repeat: bool
    follow_ups_overdue: int
    reviews_overdue: int = 0  # Channel support or post-exit reviews past their due date


def casework(session: Session, *, actor: Principal, today: date, status: str | None = None) -> list[CaseRow]:
    _require(actor, "prevent.read")
    query = select(Referral).order_by(Referral.received_at.desc())
    if status:
        query = query.where(Referral.status == status)
    rows = []
    referrals = list(session.scalars(query.limit(500)))
    cases = {
        c.referral_id: c
        for c in session.scalars(
            select(ChannelCase).where(ChannelCase.referral_id.in_([r.id for r in referrals]))
        )
    }
    for r in referrals:
        case = cases.get(r.id)
        overdue_reviews = sum(
            1
            for rv in (case.reviews if case is not None else [])
            if rules.is_overdue(due_on=rv.due_on, done=rv.held_on is not None, today=today)
        )
        decided = r.gateway is not None and r.gateway.outcome is not None
        overdue_checks = sum(
            1
            for fu in r.follow_ups
            if not fu.cancelled
            and rules.is_overdue(due_on=fu.due_on, done=fu.checked_on is not None, today=today)
        )
        rows.append(
            CaseRow(
                r.id,
                r.reference,
                r.received_on,
                r.sector,
                r.concern_type,
                r.status,
                r.gateway_due_on,
                not decided and today > r.gateway_due_on,
                bool(r.previous_referral_ids),
                overdue_checks,
                overdue_reviews,
            )
        )
    return rows


def load_referral(session: Session, referral_id: str) -> Referral:
    r = session.get(Referral, referral_id)
    if r is None:
        raise NotFound(referral_id)
    return r


def check_justification(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) < 10:
        raise PreventError.one(
            "justification", "say why you need to open this record (at least 10 characters)"
        )
    return text


def start_opening(
    uow: UnitOfWork, *, actor: Principal, referral_id: str, justification: str
) -> RecordOpening:
    """Record the reason a user gives, before the record is shown, for this browser session."""
    _require(actor, "prevent.read")
    reason = check_justification(justification)
    load_referral(uow.session, referral_id)
    if actor.user_id is None or actor.session_id is None:
        raise Forbidden("a signed-in browser session is needed")
    now = clock.now()
    opening = RecordOpening(
        referral_id=referral_id,
        user_id=actor.user_id,
        session_id=actor.session_id,
        justification=reason,
        opened_at=now,
        expires_at=now + timedelta(minutes=OPENING_MINUTES),
    )
    uow.session.add(opening)
    uow.flush()
    return opening


def current_opening(session: Session, *, actor: Principal, referral_id: str) -> RecordOpening | None:
    if actor.user_id is None or actor.session_id is None:
        return None
    return session.scalar(
        select(RecordOpening)
        .where(
            RecordOpening.referral_id == referral_id,
            RecordOpening.user_id == actor.user_id,
            RecordOpening.session_id == actor.session_id,
            RecordOpening.expires_at > clock.now(),
        )
        .order_by(RecordOpening.opened_at.desc())
        .limit(1)
    )


@dataclass
class ReferralView:
    referral: Referral
    person: Person
    history: list[dict[str, Any]]
    possible_matches: list[dict[str, Any]]
    timing: rules.GatewayTiming
    channel_case: ChannelCase | None
    follow_ups: list[dict[str, Any]] = field(default_factory=list)


def open_referral(
    uow: UnitOfWork,
    *,
    actor: Principal,
    referral_id: str,
    justification: str,
    via: str,
    opening_id: str | None = None,
) -> ReferralView:
    """Show a whole referral (person, history, assessment) - always audited with the reason given."""
    _require(actor, "prevent.read")
    reason = check_justification(justification)
    session = uow.session
    r = load_referral(session, referral_id)
    person = session.get(Person, r.person_id)
    assert person is not None
    today = clock.today_in_london()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type=RECORD_TYPE,
        record_id=r.id,
        subject_id=r.person_id,
        justification=reason,
        details={"reference": r.reference, "via": via, "opening_id": opening_id},
    )
    return ReferralView(
        referral=r,
        person=person,
        history=_summaries(session, r.previous_referral_ids),
        possible_matches=_summaries(session, r.possible_match_ids),
        timing=gateway_timing(r, today),
        channel_case=session.scalar(select(ChannelCase).where(ChannelCase.referral_id == r.id)),
        follow_ups=[
            {
                "sequence": fu.sequence,
                "due_on": fu.due_on,
                "checked_on": fu.checked_on,
                "confirmed": fu.confirmed,
                "cancelled": fu.cancelled,
                "notes": fu.notes,
                "overdue": not fu.cancelled
                and rules.is_overdue(due_on=fu.due_on, done=fu.checked_on is not None, today=today),
            }
            for fu in r.follow_ups
        ],
    )


def gateway_timing(r: Referral, today: date) -> rules.GatewayTiming:
    decided = r.gateway.decided_on if r.gateway is not None else None
    return rules.gateway_timing(
        received_on=r.received_on,
        decided_on=decided,
        today=today,
        snapshot=policy.at(r.received_on),
        bank_holidays=bank_holidays(r.received_on.year, r.received_on.year + 1),
    )


def _summaries(session: Session, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for rid in ids:
        other = session.get(Referral, rid)
        if other is not None:
            out.append(
                {
                    "id": other.id,
                    "reference": other.reference,
                    "received_on": other.received_on,
                    "concern_type": other.concern_type,
                    "sector": other.sector,
                    "status": other.status,
                    "outcome": other.gateway.outcome if other.gateway else None,
                    "rationale": other.gateway.rationale if other.gateway else {},
                }
            )
    return out
