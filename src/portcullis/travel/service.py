"""ETA use cases: submit (one applicant or a group, one payment), confirm payment, decide automatically,
refer, caseworker grant or refuse, cancel (singly or by nationality), withdraw, status check, and replay.
Every change is audited in the same transaction; emails go through the outbox."""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portcullis.core import access, audit, clock, notify, payments, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, new_id
from portcullis.core.parties import IdentityDocument, Person, normalise_document_number
from portcullis.travel import codes, rules
from portcullis.travel.evisa_service import ShareCodeCheck, ShareCodeError, check_share_code
from portcullis.travel.models import OPEN_STATUSES, EtaApplication, EtaDecision, EtaSubmission, Status

__all__ = ["ShareCodeCheck", "ShareCodeError", "check_share_code"]

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSPORT = re.compile(r"^[A-Z0-9]{5,9}$")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
RECORD_TYPE = "eta_application"


class TravelError(ValueError):
    """Bad input or a state that forbids the change; `errors` lists {"field", "reason"}. Nothing is saved."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['reason']}" for e in errors))
        self.errors = errors


def _error(field_name: str, reason: str) -> TravelError:
    return TravelError([{"field": field_name, "reason": reason}])


def make_reference(prefix: str, length: int = 10) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(length))


@dataclass
class ApplicantIn:
    given_names: str
    family_name: str
    date_of_birth: date
    sex: str
    nationality: str
    passport_number: str
    passport_issuing_state: str
    passport_expiry: date
    email: str
    answers: rules.Answers = field(default_factory=rules.Answers)
    other_nationalities: list[str] = field(default_factory=list)
    arrival_date: date | None = None
    photo_path: str | None = None
    on_behalf: bool = False
    submitted_by: str | None = None
    relationship: str | None = None


def validate_applicant(a: ApplicantIn, *, today: date, prefix: str = "") -> list[dict[str, str]]:
    """Every problem with one applicant, each naming its field; also normalises codes in place."""
    errors: list[dict[str, str]] = []

    def bad(name: str, reason: str) -> None:
        errors.append({"field": prefix + name, "reason": reason})

    if not a.family_name.strip():
        bad("family_name", "enter the surname as it appears on the passport")
    if len(a.given_names) > 200 or len(a.family_name) > 200:
        bad("family_name", "names must be 200 characters or fewer")
    if a.date_of_birth > today:
        bad("date_of_birth", "must be in the past")
    elif a.date_of_birth.year < 1900:
        bad("date_of_birth", "must be after 1900")
    if a.sex not in ("M", "F", "X"):
        bad("sex", "must be M, F or X")
    for name in ("nationality", "passport_issuing_state"):
        try:
            setattr(a, name, codes.normalise(getattr(a, name), field=prefix + name))
        except codes.CodeError as exc:
            errors.append({"field": exc.field, "reason": exc.reason})
    others = []
    for code in a.other_nationalities:
        try:
            others.append(codes.normalise(code, field=prefix + "other_nationalities"))
        except codes.CodeError as exc:
            errors.append({"field": exc.field, "reason": exc.reason})
    a.other_nationalities = others
    a.passport_number = normalise_document_number(a.passport_number)
    if not PASSPORT.match(a.passport_number):
        bad("passport_number", "must be 5 to 9 letters and numbers")
    if a.passport_expiry <= today:
        bad("passport_expiry", "the passport has expired: apply with a valid passport")
    elif a.arrival_date is not None and a.passport_expiry <= a.arrival_date:
        bad("passport_expiry", "the passport expires before the date of arrival")
    if a.arrival_date is not None and a.arrival_date < today:
        bad("arrival_date", "must be today or in the future")
    if not EMAIL.match(a.email.strip()):
        bad("email", "enter an email address like name@example.com")
    a.email = a.email.strip().lower()
    if a.answers.longest_custodial_sentence_months < 0:
        bad("longest_custodial_sentence_months", "must be 0 or more")
    if a.answers.last_conviction_on is not None and a.answers.last_conviction_on > today:
        bad("last_conviction_on", "must be in the past")
    if a.on_behalf and not (a.submitted_by or "").strip():
        bad("submitted_by", "enter the name of the person applying on the applicant's behalf")
    return errors


@dataclass(frozen=True)
class SubmissionView:
    id: str
    reference: str
    is_group: bool
    fee_pence: int
    payment_id: str | None
    next_url: str | None
    applications: list[dict[str, Any]]


def _view(sub: EtaSubmission, next_url: str | None = None) -> SubmissionView:
    apps = [
        {
            "id": a.id,
            "reference": a.reference,
            "name": a.full_name,
            "status": a.status,
            "valid_until": a.valid_until.isoformat() if a.valid_until else None,
            "passport_number": a.passport_number,
        }
        for a in sub.applications
    ]
    return SubmissionView(sub.id, sub.reference, sub.is_group, sub.fee_pence, sub.payment_id, next_url, apps)


def _person_for(uow: UnitOfWork, a: ApplicantIn) -> Person:
    """The passport links applications to one person; a new passport number makes a new link."""
    doc = uow.session.scalar(
        select(IdentityDocument).where(
            IdentityDocument.doc_type == "passport",
            IdentityDocument.number == a.passport_number,
            IdentityDocument.issuing_state == a.passport_issuing_state,
        )
    )
    if doc is not None:
        person = uow.session.get(Person, doc.person_id)
        assert person is not None
        doc.expiry = a.passport_expiry
        return person
    person = Person(
        given_names=a.given_names.strip(),
        family_name=a.family_name.strip(),
        date_of_birth=a.date_of_birth.isoformat(),
        sex=a.sex,
        nationalities=" ".join([a.nationality, *a.other_nationalities]),
    )
    person.documents.append(
        IdentityDocument(
            doc_type="passport",
            number=a.passport_number,
            issuing_state=a.passport_issuing_state,
            expiry=a.passport_expiry,
        )
    )
    uow.session.add(person)
    return person


def submit(
    uow: UnitOfWork,
    *,
    applicants: list[ApplicantIn],
    contact_email: str,
    return_url: str,
    idempotency_key: str | None = None,
) -> SubmissionView:
    """Record one application or a group, and start one payment for all. `return_url` may contain `{id}`.
    The same Idempotency-Key returns the same submission and never starts a second payment."""
    if idempotency_key is not None:
        existing = uow.session.scalar(
            select(EtaSubmission).where(EtaSubmission.idempotency_key == idempotency_key)
        )
        if existing is not None:
            return _view(
                existing,
                payments.get_payment(uow, existing.payment_id).next_url if existing.payment_id else None,
            )
    today = clock.today_in_london()
    snapshot = policy.at(today)
    limit = int(snapshot.get("travel.eta.group_max_size"))
    if not applicants:
        raise _error("applicants", "add at least one applicant")
    if len(applicants) > limit:
        raise _error("applicants", f"a group can have at most {limit} people (it has {len(applicants)})")
    if not EMAIL.match(contact_email.strip()):
        raise _error("contact_email", "enter an email address like name@example.com")
    group = len(applicants) > 1
    errors: list[dict[str, str]] = []
    for i, a in enumerate(applicants):
        errors += validate_applicant(a, today=today, prefix=f"applicants[{i}]." if group else "")
    passports = [(a.passport_number, a.passport_issuing_state) for a in applicants]
    if len(set(passports)) != len(passports):
        errors.append({"field": "applicants", "reason": "the same passport appears twice in the group"})
    if errors:
        raise TravelError(errors)
    fee = rules.fee(snapshot=snapshot)
    submission = EtaSubmission(
        id=new_id(),
        reference=make_reference("GRP" if group else "PAY"),
        contact_email=contact_email.strip().lower(),
        is_group=group,
        fee_pence=fee.pence * len(applicants),
        idempotency_key=idempotency_key,
    )
    try:
        with uow.session.begin_nested():  # a concurrent request with the same key may have won the race
            uow.session.add(submission)
    except IntegrityError:
        existing = uow.session.scalar(
            select(EtaSubmission).where(EtaSubmission.idempotency_key == idempotency_key)
        )
        if existing is None:
            raise
        return _view(existing)
    for i, a in enumerate(applicants):
        person = _person_for(uow, a)
        uow.flush()
        app = EtaApplication(
            reference=make_reference("ETA"),
            submission_id=submission.id,
            position=i,
            person_id=person.id,
            email=a.email,
            on_behalf=a.on_behalf,
            submitted_by=a.submitted_by,
            relationship_to_applicant=a.relationship,
            given_names=a.given_names.strip(),
            family_name=a.family_name.strip(),
            date_of_birth=a.date_of_birth,
            sex=a.sex,
            nationality=a.nationality,
            other_nationalities=" ".join(a.other_nationalities),
            passport_number=a.passport_number,
            passport_issuing_state=a.passport_issuing_state,
            passport_expiry=a.passport_expiry,
            arrival_date=a.arrival_date,
            photo_path=a.photo_path,
            answers=answers_to_json(a.answers),
            status=Status.AWAITING_PAYMENT,
        )
        uow.session.add(app)
        uow.flush()
        audit.record(
            uow,
            actor=access.ANONYMOUS,
            operation=audit.Operation.COLLECTION,
            record_type=RECORD_TYPE,
            record_id=app.id,
            subject_id=person.id,
            justification="ETA application made",
            details={"reference": app.reference, "on_behalf": a.on_behalf},
        )
    count = len(applicants)
    payment = payments.create_payment(
        uow,
        amount_pence=submission.fee_pence,
        reference=submission.reference,
        description=f"ETA application fee for {count} {'people' if count > 1 else 'person'}",
        return_url=return_url.replace("{id}", submission.id),
        idempotency_key=f"eta-{submission.id}",
    )
    submission.payment_id = payment.id
    uow.flush()
    uow.session.refresh(submission)
    return _view(submission, payment.next_url)


def jsonable(value: Any) -> Any:
    """Parameter values may hold dates (the rollout); JSON columns need text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def answers_to_json(answers: rules.Answers) -> dict[str, Any]:
    data = asdict(answers)
    data["last_conviction_on"] = (
        answers.last_conviction_on.isoformat() if answers.last_conviction_on else None
    )
    return data


def answers_from_json(data: dict[str, Any]) -> rules.Answers:
    last = data.get("last_conviction_on")
    return rules.Answers(
        longest_custodial_sentence_months=int(data.get("longest_custodial_sentence_months", 0)),
        last_conviction_on=date.fromisoformat(last) if last else None,
        subject_to_exclusion_or_deportation=bool(data.get("subject_to_exclusion_or_deportation")),
        immigration_breach=bool(data.get("immigration_breach")),
        terrorism_or_extremism=bool(data.get("terrorism_or_extremism")),
    )


def confirm_payment(uow: UnitOfWork, *, submission_id: str) -> SubmissionView:
    """After the payment page: once paid, the applications are submitted and decided automatically."""
    sub = uow.session.get(EtaSubmission, submission_id)
    if sub is None or sub.payment_id is None:
        raise _error("submission", "no such application")
    payment = payments.get_payment(uow, sub.payment_id)
    if payment.status != payments.PaymentStatus.SUCCESS:
        return _view(sub, None if payments.PaymentStatus(payment.status).finished else payment.next_url)
    if sub.paid_at is None:
        sub.paid_at = clock.now()
        for app in sub.applications:
            if app.status == Status.AWAITING_PAYMENT:
                app.status = Status.SUBMITTED
                app.submitted_at = clock.now()
        notify.send_email(
            uow,
            to=sub.contact_email,
            template="eta-received",
            reference=sub.reference,
            personalisation={
                "reference": sub.reference,
                "count": str(len(sub.applications)),
                "references": ", ".join(a.reference for a in sub.applications),
            },
        )
        for app in sub.applications:
            if app.status == Status.SUBMITTED:
                decide_automatically(uow, application=app)
    return _view(sub)


def screen_applicant(uow: UnitOfWork, app: EtaApplication, *, on: date) -> rules.ScreeningResult:
    """Consult the screening service; any failure means a caseworker looks instead (never a silent grant)."""
    from portcullis.screening import service as screening

    subject = screening.SubjectIn(
        kind="person",
        names=[app.full_name],
        date_of_birth=app.date_of_birth.isoformat(),
        nationalities=[app.nationality],
        identifiers=[app.passport_number],
        party_id=app.person_id,
    )
    try:
        hits = screening.screen(uow.session, subject, use="eta", on=on)
    except Exception:  # screening down or a list problem: refer rather than decide blind
        return rules.ScreeningResult(available=False)
    return rules.ScreeningResult(hits=tuple((h.list_name, h.reason_code, h.score) for h in hits))


def decide_automatically(uow: UnitOfWork, *, application: EtaApplication) -> EtaDecision:
    on = clock.today_in_london()
    screening = screen_applicant(uow, application, on=on)
    facts = _facts(application)
    decision = rules.decide(_applicant(facts), on=on, snapshot=policy.at(on), screening=screening)
    return _record(uow, application, decision, facts=facts, screening=screening, actor=access.SYSTEM, on=on)


def _facts(app: EtaApplication) -> dict[str, Any]:
    return {
        "nationality": app.nationality,
        "date_of_birth": app.date_of_birth.isoformat(),
        "passport_expiry": app.passport_expiry.isoformat(),
        "answers": dict(app.answers),
    }


def _applicant(facts: dict[str, Any]) -> rules.Applicant:
    return rules.Applicant(
        nationality=facts["nationality"],
        date_of_birth=date.fromisoformat(facts["date_of_birth"]),
        passport_expiry=date.fromisoformat(facts["passport_expiry"]),
        answers=answers_from_json(facts["answers"]),
    )


def _record(
    uow: UnitOfWork,
    app: EtaApplication,
    decision: rules.Decision,
    *,
    facts: dict[str, Any],
    screening: rules.ScreeningResult | None,
    actor: Principal,
    on: date,
    note: str | None = None,
) -> EtaDecision:
    record = EtaDecision(
        application_id=app.id,
        outcome=decision.outcome,
        automatic=actor is access.SYSTEM,
        decided_by=actor.user_id,
        decided_by_label=actor.name,
        decided_at=clock.now(),
        decided_on=on,
        reasons=[r.as_dict() for r in decision.reasons],
        parameters=jsonable([p.as_dict() for p in decision.used]),
        facts=facts,
        rules_version=decision.rules_version,
        note=note,
        screening=[
            {"list": n, "reason_code": c, "score": s} for n, c, s in (screening.hits if screening else ())
        ]
        + ([] if screening is None or screening.available else [{"unavailable": True}]),
    )
    uow.session.add(record)
    app.decisions.append(record)
    status = {"grant": Status.GRANTED, "refuse": Status.REFUSED, "refer": Status.REFERRED}[decision.outcome]
    app.status = status
    if decision.outcome != "refer":
        app.decided_at = clock.now()
    if decision.outcome == "grant":
        app.valid_from, app.valid_until = on, decision.valid_until
    if decision.outcome == "refuse":
        _list_refusal(uow, app, on=on)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=app.id,
        subject_id=app.person_id,
        justification=f"ETA decision: {decision.outcome}",
        details={
            "outcome": decision.outcome,
            "codes": [r.code for r in decision.reasons],
            "rules_version": decision.rules_version,
        },
    )
    if decision.outcome != "refer":
        _email_decision(uow, app, decision)
    uow.flush()
    return record


def _list_refusal(uow: UnitOfWork, app: EtaApplication, *, on: date) -> None:
    """A refused ETA goes on the internal list carriers are checked against (authority to carry)."""
    from portcullis.screening import service as screening

    subject = screening.SubjectIn(
        kind="person",
        names=[app.full_name],
        date_of_birth=app.date_of_birth.isoformat(),
        nationalities=[app.nationality],
        identifiers=[app.passport_number],
        party_id=app.person_id,
    )
    screening.upsert_internal_entry(
        uow,
        list_name="eta-refused",
        source_ref=f"eta:{app.id}",
        subject=subject,
        reason_code="eta-refused",
        source="travel",
        valid_from=on,
        valid_to=None,
    )


def _email_decision(uow: UnitOfWork, app: EtaApplication, decision: rules.Decision) -> None:
    if decision.outcome == "grant":
        detail = (
            f"Your ETA is valid until {decision.valid_until}. It is linked to passport "
            f"ending {app.passport_number[-3:]}; if you get a new passport, apply for a new ETA."
        )
    else:
        detail = (
            "Your application was refused: "
            + " ".join(r.text for r in decision.reasons)
            + " You cannot appeal, but you may apply for a visa."
        )
    notify.send_email(
        uow,
        to=app.email,
        template="eta-decision",
        reference=app.reference,
        personalisation={"reference": app.reference, "outcome": decision.outcome, "detail": detail},
    )


def get_application(
    uow: UnitOfWork, *, application_id: str, actor: Principal, justification: str
) -> EtaApplication:
    """A caseworker's view of one application, audited as a consultation."""
    app = uow.session.get(EtaApplication, application_id)
    if app is None:
        raise _error("application_id", "no such application")
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type=RECORD_TYPE,
        record_id=app.id,
        subject_id=app.person_id,
        justification=justification,
    )
    return app


def decide_by_caseworker(
    uow: UnitOfWork, *, application_id: str, outcome: str, reason: str, actor: Principal
) -> EtaDecision:
    app = uow.session.get(EtaApplication, application_id)
    if app is None:
        raise _error("application_id", "no such application")
    if outcome not in ("grant", "refuse"):
        raise _error("outcome", "choose grant or refuse")
    if not reason.strip():
        raise _error("reason", "give the reason for the decision")
    if app.status not in (Status.REFERRED, Status.SUBMITTED):
        raise _error("application_id", f"the application is {app.status}, not waiting for a decision")
    on = clock.today_in_london()
    snapshot = policy.at(on)
    reasons = (rules.Reason("caseworker", reason.strip(), "Caseworker decision under Appendix ETA"),)
    if outcome == "grant":
        term = rules.validity(granted=on, passport_expiry=app.passport_expiry, snapshot=snapshot)
        decision = rules.Decision("grant", reasons, term.used, term.valid_until)
    else:
        advice = rules.Reason(
            "no-appeal", "There is no appeal or administrative review: you may apply for a visa."
        )
        decision = rules.Decision("refuse", (*reasons, advice), ())
    return _record(
        uow, app, decision, facts=_facts(app), screening=None, actor=actor, on=on, note=reason.strip()
    )


def cancel(uow: UnitOfWork, *, application_id: str, reason: str, actor: Principal) -> None:
    app = uow.session.get(EtaApplication, application_id)
    if app is None:
        raise _error("application_id", "no such application")
    if not reason.strip():
        raise _error("reason", "give the reason for cancelling")
    if app.status != Status.GRANTED:
        raise _error("application_id", f"only a granted ETA can be cancelled (this one is {app.status})")
    _cancel(uow, app, reason=reason.strip(), actor=actor, on=clock.today_in_london())


def _cancel(uow: UnitOfWork, app: EtaApplication, *, reason: str, actor: Principal, on: date) -> None:
    app.status = Status.CANCELLED
    app.closed_reason = reason
    app.valid_until = min(app.valid_until or on, on)
    decision = rules.Decision(
        "cancel", (rules.Reason("cancelled", reason, "Immigration Rules, Appendix ETA"),), ()
    )
    uow.session.add(
        EtaDecision(
            application_id=app.id,
            outcome="cancel",
            automatic=False,
            decided_by=actor.user_id,
            decided_by_label=actor.name,
            decided_at=clock.now(),
            decided_on=on,
            reasons=[r.as_dict() for r in decision.reasons],
            parameters=[],
            facts=_facts(app),
            screening=[],
            rules_version=decision.rules_version,
            note=reason,
        )
    )
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=app.id,
        subject_id=app.person_id,
        justification=f"ETA cancelled: {reason}",
        details={"outcome": "cancel"},
    )
    notify.send_email(
        uow,
        to=app.email,
        template="eta-cancelled",
        reference=app.reference,
        personalisation={"reference": app.reference, "reason": reason},
    )


def cancel_by_nationality(uow: UnitOfWork, *, nationality: str, reason: str, actor: Principal) -> int:
    """Cancel every current ETA held by nationals of one country (as Jordanian ETAs were on 8 Oct 2024)."""
    try:
        code = codes.normalise(nationality)
    except codes.CodeError as exc:
        raise _error(exc.field, exc.reason) from None
    if not reason.strip():
        raise _error("reason", "give the reason for cancelling")
    on = clock.today_in_london()
    apps = uow.session.scalars(
        select(EtaApplication).where(
            EtaApplication.status == Status.GRANTED, EtaApplication.nationality == code
        )
    ).all()
    for app in apps:
        _cancel(uow, app, reason=reason.strip(), actor=actor, on=on)
    return len(apps)


def _find_for_applicant(
    uow: UnitOfWork, *, reference: str, passport_number: str, email: str
) -> list[EtaApplication]:
    """Applications matching a reference (of one application or a group), a passport in it and the email."""
    ref, number, mail = (
        reference.strip().upper(),
        normalise_document_number(passport_number),
        email.strip().lower(),
    )
    found: list[EtaApplication] = []
    app = uow.session.scalar(select(EtaApplication).where(EtaApplication.reference == ref))
    if (
        app is not None
        and app.passport_number == number
        and mail in (app.email, app.submission.contact_email)
    ):
        found = [app]
    sub = uow.session.scalar(select(EtaSubmission).where(EtaSubmission.reference == ref))
    if (
        sub is not None
        and mail == sub.contact_email
        and any(a.passport_number == number for a in sub.applications)
    ):
        found = list(sub.applications)
    return found


def check_status(
    uow: UnitOfWork, *, reference: str, passport_number: str, email: str
) -> list[dict[str, Any]]:
    """The applicant's own status check; the same answer for any mismatch, so nothing leaks."""
    apps = _find_for_applicant(uow, reference=reference, passport_number=passport_number, email=email)
    if not apps:
        raise _error(
            "reference", "we could not find an application with those details: check them and try again"
        )
    for app in apps:
        audit.record(
            uow,
            actor=access.ANONYMOUS,
            operation=audit.Operation.CONSULTATION,
            record_type=RECORD_TYPE,
            record_id=app.id,
            subject_id=app.person_id,
            justification="Applicant checked their status",
        )
    return [status_row(a) for a in apps]


def status_row(app: EtaApplication) -> dict[str, Any]:
    last = app.decisions[-1] if app.decisions else None
    reasons = [r["text"] for r in last.reasons] if last and app.status == Status.REFUSED else []
    return {
        "id": app.id,
        "reference": app.reference,
        "name": app.full_name,
        "status": app.status,
        "valid_until": app.valid_until.isoformat() if app.valid_until else None,
        "reasons": reasons,
    }


def withdraw(uow: UnitOfWork, *, reference: str, passport_number: str, email: str) -> list[dict[str, Any]]:
    """Withdraw applications not yet decided (all of a group's undecided ones, for a group reference)."""
    apps = _find_for_applicant(uow, reference=reference, passport_number=passport_number, email=email)
    if not apps:
        raise _error(
            "reference", "we could not find an application with those details: check them and try again"
        )
    open_apps = [a for a in apps if a.status in OPEN_STATUSES]
    if not open_apps:
        raise _error("reference", "the application has already been decided, so it cannot be withdrawn")
    for app in open_apps:
        app.status = Status.WITHDRAWN
        app.closed_reason = "Withdrawn by the applicant"
        audit.record(
            uow,
            actor=access.ANONYMOUS,
            operation=audit.Operation.ALTERATION,
            record_type=RECORD_TYPE,
            record_id=app.id,
            subject_id=app.person_id,
            justification="Applicant withdrew the application",
        )
    return [status_row(a) for a in apps]


def queue(
    uow: UnitOfWork, *, nationality: str | None = None, reason_code: str | None = None, limit: int = 100
) -> list[EtaApplication]:
    """Referred applications, oldest first, filtered by nationality and the code of a referral reason."""
    query = select(EtaApplication).where(EtaApplication.status == Status.REFERRED)
    if nationality:
        query = query.where(EtaApplication.nationality == nationality.upper())
    apps = list(
        uow.session.scalars(
            query.order_by(EtaApplication.submitted_at).limit(limit * 5 if reason_code else limit)
        )
    )
    if reason_code:
        apps = [
            a for a in apps if a.decisions and any(r["code"] == reason_code for r in a.decisions[-1].reasons)
        ]
    return apps[:limit]


def queue_counts(uow: UnitOfWork) -> dict[str, int]:
    rows = uow.session.execute(select(EtaApplication.status, func.count()).group_by(EtaApplication.status))
    return {status: count for status, count in rows}


def replay(uow: UnitOfWork, *, decision_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Re-run an automatic decision's rules as of its date on its stored facts: (stored, replayed)."""
    record = uow.session.get(EtaDecision, decision_id)
    if record is None:
        raise _error("decision_id", "no such decision")
    hits = tuple((h["list"], h["reason_code"], h["score"]) for h in record.screening if "list" in h)
    screening = rules.ScreeningResult(
        available=not any(h.get("unavailable") for h in record.screening), hits=hits
    )
    again = rules.decide(
        _applicant(record.facts),
        on=record.decided_on,
        snapshot=policy.at(record.decided_on),
        screening=screening,
    )
    stored = {"outcome": record.outcome, "reasons": record.reasons, "parameters": record.parameters}
    return stored, {
        "outcome": again.outcome,
        "reasons": [r.as_dict() for r in again.reasons],
        "parameters": jsonable([p.as_dict() for p in again.used]),
    }
