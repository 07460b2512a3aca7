"""Illegal working civil penalties (Immigration, Asylum and Nationality Act 2006 ss.15-17): referral with
the code of practice's calculation, notice, payment (30% off a first penalty paid within 21 days),
instalments, objection within 28 days, appeal, and unpaid penalties tracked as debts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit, policy
from portcullis.core.access import SYSTEM, Principal
from portcullis.core.clock import LONDON
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.employers import rules
from portcullis.employers.common import load, log_audit
from portcullis.employers.models import (
    Encounter,
    EnforcementVisit,
    Penalty,
    PenaltyPayment,
    RightToWorkRecord,
)
from portcullis.employers.values import EXCUSE_METHODS, EmployersError, ExcuseClaim, RightToWorkCheck

OPEN_PENALTY = ("issued", "instalments", "objected", "appealed", "debt")


def previous_penalty_dates(session: Session, organisation_id: str) -> list[date]:
    found = session.scalars(
        select(Penalty.issued_on).where(
            Penalty.organisation_id == organisation_id,
            Penalty.issued_on.is_not(None),
            Penalty.status != "cancelled",
        )
    )
    return [d for d in found if d is not None]


def _record_check(session: Session, claim: ExcuseClaim) -> RightToWorkCheck:
    """A right-to-work check made in Portcullis, as the excuse: an online share code check on its date."""
    record = session.get(RightToWorkRecord, claim.record_id) if claim.record_id else None
    if record is None or record.person_id != claim.person_id:
        raise EmployersError(f"{claim.prefix}record_id", "choose a right-to-work check made of this worker")
    at = record.checked_at if record.checked_at.tzinfo else record.checked_at.replace(tzinfo=UTC)
    return RightToWorkCheck(
        method="share_code",
        checked_on=at.astimezone(LONDON).date(),
        employment_started_on=claim.employment_started_on,
        permission_ends_on=record.permission_valid_until,
        follow_up_done_on=claim.follow_up_done_on,
        showed_right_to_work=record.valid,
        record_id=record.id,
    )


def check_of(session: Session, claim: ExcuseClaim) -> RightToWorkCheck:
    """The check an officer recorded for one worker, ready for the rules."""
    if not claim.method:
        return RightToWorkCheck(method=None)
    if claim.method not in EXCUSE_METHODS:
        raise EmployersError(f"{claim.prefix}method", "choose how the employer checked, or no check")
    if claim.method == "record":
        return _record_check(session, claim)
    return RightToWorkCheck(
        method="idvt" if claim.method.startswith("idvt") else claim.method,  # type: ignore[arg-type]
        checked_on=claim.checked_on,
        employment_started_on=claim.employment_started_on,
        permission_ends_on=claim.permission_ends_on,
        follow_up_done_on=claim.follow_up_done_on,
        idvt_certified_provider=claim.method == "idvt",
    )


def illegal_workers(session: Session, visit_id: str) -> list[Encounter]:
    """The people recorded on the visit without a right to work, in the order the referral numbers them."""
    return list(
        session.scalars(
            select(Encounter)
            .where(Encounter.visit_id == visit_id, Encounter.illegal_worker.is_(True))
            .order_by(Encounter.checked_at, Encounter.id)
        )
    )


def referral_workers(
    uow: UnitOfWork, *, visit_id: str, actor: Principal
) -> list[tuple[Encounter, Person | None, list[RightToWorkRecord]]]:
    """For the referral form: each illegal worker with the right-to-work checks made of them in Portcullis
    (any employer's); showing those checks is a consultation, audited here."""
    load(uow.session, EnforcementVisit, visit_id, "visit_id")
    found = []
    for encounter in illegal_workers(uow.session, visit_id):
        records = list(
            uow.session.scalars(
                select(RightToWorkRecord)
                .where(RightToWorkRecord.person_id == encounter.person_id)
                .order_by(RightToWorkRecord.checked_at)
            )
        )
        for record in records:
            log_audit(
                uow,
                actor,
                audit.Operation.CONSULTATION,
                "employer_rtw_check",
                record.id,
                "Right-to-work check shown as a possible statutory excuse on penalty referral",
                subject_id=encounter.person_id,
            )
        found.append((encounter, uow.session.get(Person, encounter.person_id), records))
    return found


def refer_for_penalty(
    uow: UnitOfWork,
    *,
    visit_id: str,
    reported: bool,
    cooperated: bool,
    effective_checks: bool,
    actor: Principal,
    checks: dict[str, RightToWorkCheck] | None = None,
    excuses: Sequence[ExcuseClaim] = (),
) -> Penalty:
    """Refer the employer for a civil penalty: illegal workers found, less those with a statutory excuse,
    first or repeat breach, the code of practice's calculation on the visit date. `excuses` are what the
    officer recorded per worker (validated, naming the worker's field); `checks` are ready-made checks
    keyed by person id. Each worker's excuse, and whether it counted, is kept in the calculation."""
    session = uow.session
    visit = load(session, EnforcementVisit, visit_id, "visit_id")
    if visit.organisation_id is None or visit.visited_on is None:
        raise EmployersError("visit_id", "the visit needs an employer and a visit date")
    on = visit.visited_on
    workers = illegal_workers(session, visit.id)
    if not workers:
        raise EmployersError("visit_id", "no one was recorded on this visit without a right to work")
    found = {e.person_id for e in workers}
    claims: dict[str, ExcuseClaim] = {}
    for given in excuses:
        if given.person_id not in found or given.person_id in claims:
            raise EmployersError(f"{given.prefix}person_id", "is not an illegal worker found on this visit")
        claims[given.person_id] = given
    reasons: list[str] = []
    entries: list[dict[str, object]] = []
    for number, encounter in enumerate(workers, start=1):
        claim = claims.get(encounter.person_id)
        check = (checks or {}).get(encounter.person_id, RightToWorkCheck(method=None))
        if claim is not None:
            check = check_of(session, claim)
            rules.validate_check(check, on=on, prefix=claim.prefix)
        excuse = rules.statutory_excuse(check=check, on=on)
        reasons += [f"worker {number}: {r}" for r in excuse.reasons]
        entries.append(
            _worker_entry(number, encounter.person_id, claim, check, excuse.allowed, excuse.reasons)
        )
    liable = sum(1 for e in entries if not e["excused"])
    if liable == 0:
        raise EmployersError("visit_id", "every illegal worker found has a statutory excuse: no penalty due")
    snapshot = policy.at(on)
    breach, kind = rules.breach_kind(
        on=on, policy=snapshot, previous_penalties=previous_penalty_dates(session, visit.organisation_id)
    )
    decision = rules.civil_penalty(
        on=on,
        policy=snapshot,
        breach=breach,
        workers=liable,
        reported=reported,
        cooperated=cooperated,
        effective_checks=effective_checks,
    )
    calculation = decision.as_dict()
    calculation["reasons"] = [*kind.reasons, *reasons, *decision.reasons]
    calculation["parameters"] = [u.as_dict() for u in (*kind.used, *decision.used)]
    calculation["workers"] = entries
    penalty = Penalty(
        organisation_id=visit.organisation_id,
        visit_id=visit.id,
        breach=breach,
        workers=liable,
        per_worker=decision.per_worker,
        total=decision.total,
        status="referred",
        calculation=calculation,
    )
    session.add(penalty)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_penalty",
        penalty.id,
        "Referred for a civil penalty",
        excused=len(entries) - liable,
    )
    for entry in entries:
        if entry["record_id"]:
            log_audit(
                uow,
                actor,
                audit.Operation.CONSULTATION,
                "employer_rtw_check",
                str(entry["record_id"]),
                "Right-to-work check used as the employer's statutory excuse on penalty referral",
                subject_id=str(entry["person_id"]),
                penalty_id=penalty.id,
            )
    return penalty


def _worker_entry(
    number: int,
    person_id: str,
    claim: ExcuseClaim | None,
    check: RightToWorkCheck,
    excused: bool,
    reasons: tuple[str, ...],
) -> dict[str, object]:
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    method = claim.method if claim is not None else check.method
    return {
        "worker": number,
        "person_id": person_id,
        "method": method or None,
        "method_label": EXCUSE_METHODS.get(method or "", "No right-to-work check"),
        "record_id": check.record_id,
        "checked_on": iso(check.checked_on),
        "employment_started_on": iso(check.employment_started_on),
        "permission_ends_on": iso(check.permission_ends_on),
        "follow_up_done_on": iso(check.follow_up_done_on),
        "excused": excused,
        "reason": "; ".join(reasons),
    }


def issue_penalty(uow: UnitOfWork, *, penalty_id: str, on: date, actor: Principal) -> Penalty:
    penalty = load(uow.session, Penalty, penalty_id, "penalty_id")
    if penalty.status != "referred":
        raise EmployersError("penalty_id", f"the penalty is already {penalty.status}")
    penalty.issued_on, penalty.status = on, "issued"
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_penalty",
        penalty.id,
        "Civil penalty notice issued",
        total=str(penalty.total),
    )
    return penalty


def amount_due(penalty: Penalty, *, on: date) -> Decimal:
    """What is still owed on `on`: a first penalty paid in full within 21 days gets 30% off."""
    if penalty.issued_on is None:
        raise EmployersError("penalty_id", "the penalty has not been issued")
    settle, _ = rules.early_payment(
        policy=policy.at(penalty.issued_on),
        breach=penalty.breach,  # type: ignore[arg-type]
        total=penalty.total,
        issued_on=penalty.issued_on,
        paid_on=on,
    )
    return max(settle - penalty.paid, Decimal(0))


def record_payment(
    uow: UnitOfWork, *, penalty_id: str, amount: str | Decimal, paid_on: date, actor: Principal
) -> Penalty:
    penalty = load(uow.session, Penalty, penalty_id, "penalty_id")
    if penalty.status not in ("issued", "instalments", "debt", "appealed", "objected"):
        raise EmployersError("penalty_id", f"no payment can be taken: the penalty is {penalty.status}")
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise EmployersError("amount", "enter an amount in pounds, like 1500.00") from None
    if not value.is_finite() or value <= 0:
        raise EmployersError("amount", "must be more than 0")
    due = amount_due(penalty, on=paid_on)
    if value > due:
        raise EmployersError("amount", f"is more than the {rules.money(due)} GBP due")
    penalty.payments.append(PenaltyPayment(paid_on=paid_on, amount=value))
    penalty.paid += value
    if value == due:
        penalty.status = "paid"
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_penalty",
        penalty.id,
        "Payment recorded",
        amount=str(value),
    )
    return penalty


def agree_instalments(uow: UnitOfWork, *, penalty_id: str, actor: Principal) -> Penalty:
    penalty = load(uow.session, Penalty, penalty_id, "penalty_id")
    if penalty.status not in ("issued", "debt"):
        raise EmployersError("penalty_id", f"instalments cannot be agreed: the penalty is {penalty.status}")
    penalty.status = "instalments"
    log_audit(uow, actor, audit.Operation.ALTERATION, "employer_penalty", penalty.id, "Instalments agreed")
    return penalty


def object_to_penalty(
    uow: UnitOfWork, *, penalty_id: str, received_on: date, grounds: str, actor: Principal
) -> Penalty:
    penalty = load(uow.session, Penalty, penalty_id, "penalty_id")
    if penalty.issued_on is None or penalty.status not in ("issued", "instalments"):
        raise EmployersError("penalty_id", f"an objection cannot be made: the penalty is {penalty.status}")
    if not grounds.strip():
        raise EmployersError("grounds", "give the grounds of objection")
    decision = rules.objection_in_time(
        policy=policy.at(penalty.issued_on), issued_on=penalty.issued_on, objected_on=received_on
    )
    if not decision.allowed:
        raise EmployersError("received_on", decision.reasons[0])
    penalty.status, penalty.objected_on, penalty.objection = "objected", received_on, grounds.strip()
    log_audit(uow, actor, audit.Operation.ALTERATION, "employer_penalty", penalty.id, "Objection received")
    return penalty


def decide_objection(
    uow: UnitOfWork, *, penalty_id: str, outcome: str, actor: Principal, new_total: str | None = None
) -> Penalty:
    penalty = load(uow.session, Penalty, penalty_id, "penalty_id")
    if penalty.status != "objected":
        raise EmployersError("penalty_id", "there is no objection to decide")
    if outcome == "cancelled":
        penalty.status = "cancelled"
    elif outcome == "maintained":
        penalty.status = "issued"
    elif outcome == "reduced":
        try:
            total = Decimal(str(new_total))
        except InvalidOperation:
            raise EmployersError("new_total", "enter the reduced total in pounds") from None
        if not total.is_finite() or not 0 < total < penalty.total:
            raise EmployersError("new_total", "must be more than 0 and less than the penalty")
        penalty.total, penalty.per_worker, penalty.status = total, total / penalty.workers, "issued"
    else:
        raise EmployersError("outcome", "must be cancelled, reduced or maintained")
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_penalty",
        penalty.id,
        "Objection decided",
        outcome=outcome,
    )
    return penalty


def lodge_appeal(uow: UnitOfWork, *, penalty_id: str, lodged_on: date, actor: Principal) -> Penalty:
    """An appeal to the County Court comes after an objection has been decided."""
    penalty = load(uow.session, Penalty, penalty_id, "penalty_id")
    if penalty.objected_on is None or penalty.status not in ("issued", "instalments"):
        raise EmployersError("penalty_id", "an appeal needs a decided objection first")
    penalty.status, penalty.appeal_lodged_on = "appealed", lodged_on
    log_audit(uow, actor, audit.Operation.ALTERATION, "employer_penalty", penalty.id, "Appeal lodged")
    return penalty


def mark_debts(uow: UnitOfWork, *, on: date, actor: Principal = SYSTEM) -> int:
    """Issued penalties unpaid after the objection period become debts to recover; returns how many."""
    count = 0
    for penalty in uow.session.scalars(select(Penalty).where(Penalty.status == "issued")):
        if penalty.issued_on is None:
            continue
        deadline, _ = rules.objection_deadline(
            policy=policy.at(penalty.issued_on), issued_on=penalty.issued_on
        )
        if on > deadline and penalty.paid < penalty.total:
            penalty.status = "debt"
            count += 1
            log_audit(
                uow, actor, audit.Operation.ALTERATION, "employer_penalty", penalty.id, "Unpaid: now a debt"
            )
    return count
