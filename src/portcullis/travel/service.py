"""ETA use cases: submit (one applicant or a group, one payment), confirm payment, decide automatically,
refer, caseworker grant or refuse, cancel (singly or by nationality), withdraw, status check, and replay.
Every change is audited in the same transaction; emails go through the outbox."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portcullis.core import access, audit, clock, notify, payments, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, new_id
from portcullis.core.parties import IdentityDocument, Person
from portcullis.travel import rules
from portcullis.travel.applicants import EMAIL, ApplicantIn, validate_applicant
from portcullis.travel.evisa_service import ShareCodeCheck, ShareCodeError, check_share_code
from portcullis.travel.models import EtaApplication, EtaDecision, EtaSubmission, Status
from portcullis.travel.service_support import ALPHABET, RECORD_TYPE, TravelError, error, make_reference
from portcullis.travel.status_service import check_status, status_row, withdraw

__all__ = [
    "ALPHABET",
    "RECORD_TYPE",
    "ApplicantIn",
    "ShareCodeCheck",
    "ShareCodeError",
    "TravelError",
    "check_share_code",
    "check_status",
    "error",
    "make_reference",
    "status_row",
    "validate_applicant",
    "withdraw",
]


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
        raise error("applicants", "add at least one applicant")
    if len(applicants) > limit:
        raise error("applicants", f"a group can have at most {limit} people (it has {len(applicants)})")
    if not EMAIL.match(contact_email.strip()):
        raise error("contact_email", "enter an email address like name@example.com")
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
        raise error("submission", "no such application")
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
    facts = facts_of(application)
    decision = rules.decide(applicant_of(facts), on=on, snapshot=policy.at(on), screening=screening)
    return record_decision(
        uow, application, decision, facts=facts, screening=screening, actor=access.SYSTEM, on=on
    )


def facts_of(app: EtaApplication) -> dict[str, Any]:
    return {
        "nationality": app.nationality,
        "date_of_birth": app.date_of_birth.isoformat(),
        "passport_expiry": app.passport_expiry.isoformat(),
        "answers": dict(app.answers),
    }


def applicant_of(facts: dict[str, Any]) -> rules.Applicant:
    return rules.Applicant(
        nationality=facts["nationality"],
        date_of_birth=date.fromisoformat(facts["date_of_birth"]),
        passport_expiry=date.fromisoformat(facts["passport_expiry"]),
        answers=answers_from_json(facts["answers"]),
    )


def record_decision(
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
