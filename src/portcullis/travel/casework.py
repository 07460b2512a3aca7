"""Caseworker use cases: the referral queue, viewing an application (audited), granting or refusing with
reasons, cancelling an ETA singly or in bulk by nationality, and replaying an automatic decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from portcullis.core import audit, clock, notify, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.travel import codes, rules
from portcullis.travel.models import EtaApplication, EtaDecision, Status
from portcullis.travel.service import RECORD_TYPE, applicant_of, error, facts_of, jsonable, record_decision


def get_application(
    uow: UnitOfWork, *, application_id: str, actor: Principal, justification: str
) -> EtaApplication:
    """A caseworker's view of one application, audited as a consultation."""
    app = uow.session.get(EtaApplication, application_id)
    if app is None:
        raise error("application_id", "no such application")
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
        raise error("application_id", "no such application")
    if outcome not in ("grant", "refuse"):
        raise error("outcome", "choose grant or refuse")
    if not reason.strip():
        raise error("reason", "give the reason for the decision")
    if app.status not in (Status.REFERRED, Status.SUBMITTED):
        raise error("application_id", f"the application is {app.status}, not waiting for a decision")
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
    return record_decision(
        uow, app, decision, facts=facts_of(app), screening=None, actor=actor, on=on, note=reason.strip()
    )


def cancel(uow: UnitOfWork, *, application_id: str, reason: str, actor: Principal) -> None:
    app = uow.session.get(EtaApplication, application_id)
    if app is None:
        raise error("application_id", "no such application")
    if not reason.strip():
        raise error("reason", "give the reason for cancelling")
    if app.status != Status.GRANTED:
        raise error("application_id", f"only a granted ETA can be cancelled (this one is {app.status})")
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
            facts=facts_of(app),
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
        raise error(exc.field, exc.reason) from None
    if not reason.strip():
        raise error("reason", "give the reason for cancelling")
    on = clock.today_in_london()
    apps = uow.session.scalars(
        select(EtaApplication).where(
            EtaApplication.status == Status.GRANTED, EtaApplication.nationality == code
        )
    ).all()
    for app in apps:
        _cancel(uow, app, reason=reason.strip(), actor=actor, on=on)
    return len(apps)


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
        raise error("decision_id", "no such decision")
    hits = tuple((h["list"], h["reason_code"], h["score"]) for h in record.screening if "list" in h)
    screening = rules.ScreeningResult(
        available=not any(h.get("unavailable") for h in record.screening), hits=hits
    )
    again = rules.decide(
        applicant_of(record.facts),
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
