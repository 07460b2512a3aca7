"""Illegal working civil penalties (Immigration, Asylum and Nationality Act 2006 ss.15-17): referral with
the code of practice's calculation, notice, payment (30% off a first penalty paid within 21 days),
instalments, objection within 28 days, appeal, and unpaid penalties tracked as debts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit, policy
from portcullis.core.access import SYSTEM, Principal
from portcullis.core.db import UnitOfWork
from portcullis.employers import rules
from portcullis.employers.common import load, log_audit
from portcullis.employers.models import Encounter, EnforcementVisit, Penalty, PenaltyPayment
from portcullis.employers.values import EmployersError, RightToWorkCheck

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


def refer_for_penalty(
    uow: UnitOfWork,
    *,
    visit_id: str,
    reported: bool,
    cooperated: bool,
    effective_checks: bool,
    actor: Principal,
    checks: dict[str, RightToWorkCheck] | None = None,
) -> Penalty:
    """Refer the employer for a civil penalty: illegal workers found, less those with a statutory excuse,
    first or repeat breach, the code of practice's calculation on the visit date."""
    session = uow.session
    visit = load(session, EnforcementVisit, visit_id, "visit_id")
    if visit.organisation_id is None or visit.visited_on is None:
        raise EmployersError("visit_id", "the visit needs an employer and a visit date")
    on = visit.visited_on
    workers = session.scalars(
        select(Encounter).where(Encounter.visit_id == visit.id, Encounter.illegal_worker.is_(True))
    ).all()
    checks = checks or {}
    reasons: list[str] = []
    liable = 0
    for encounter in workers:
        excuse = rules.statutory_excuse(
            check=checks.get(encounter.person_id, RightToWorkCheck(method=None)), on=on
        )
        reasons += [f"worker {liable + 1 if not excuse.allowed else '-'}: {r}" for r in excuse.reasons]
        liable += 0 if excuse.allowed else 1
    if liable == 0:
        raise EmployersError("visit_id", "no illegal worker without a statutory excuse: no penalty is due")
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
        uow, actor, audit.Operation.COLLECTION, "employer_penalty", penalty.id, "Referred for a civil penalty"
    )
    return penalty


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
