"""Certificates of Sponsorship and reporting duties: assignment (rating, salary threshold on the date,
allocation), the 3-month use-by date, changes to report within 10 or 20 working days and overdue alerts."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import audit, notify, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.employers import rules
from portcullis.employers.common import bank_holidays, load, log_audit
from portcullis.employers.models import Certificate, CosAllocation, Licence, ReportingDuty
from portcullis.employers.values import EmployersError


def grant_allocation(
    uow: UnitOfWork, *, licence_id: str, granted: int, on: date, actor: Principal
) -> CosAllocation:
    load(uow.session, Licence, licence_id, "licence_id")
    if granted < 1:
        raise EmployersError("granted", "an allocation is at least 1 CoS")
    ends_on, _ = rules.allocation_period_end(on=on, policy=policy.at(on))
    allocation = CosAllocation(
        licence_id=licence_id, granted=granted, ends_on=ends_on, status="granted", decided_on=on
    )
    uow.session.add(allocation)
    uow.flush()
    return allocation


def _parse_salary(salary: str | Decimal) -> Decimal:
    try:
        value = Decimal(str(salary).replace(",", "").strip())
    except InvalidOperation:
        raise EmployersError("salary", "enter the annual salary in pounds, like 42000") from None
    if not value.is_finite() or value <= 0:
        raise EmployersError("salary", "enter the annual salary in pounds, more than 0")
    return value


def assign_cos(
    uow: UnitOfWork,
    *,
    licence_id: str,
    worker_person_id: str,
    kind: str,
    new_worker: bool,
    job_title: str,
    salary: str | Decimal,
    salary_category: str,
    on: date,
    actor: Principal,
) -> Certificate:
    """Assign a CoS: the licence must allow it (a B-rated sponsor cannot take on new workers), the salary must
    meet the threshold on that date, and an undefined CoS needs room in a current allocation."""
    session = uow.session
    licence = load(session, Licence, licence_id, "licence_id")
    person = load(session, Person, worker_person_id, "worker_person_id")
    if kind not in ("defined", "undefined"):
        raise EmployersError("kind", "must be defined or undefined")
    if not job_title.strip():
        raise EmployersError("job_title", "enter the job title")
    allowed = rules.can_assign_cos(rating=licence.rating, status=licence.status, new_worker=new_worker)
    if not allowed.allowed:
        raise EmployersError("new_worker" if licence.status == "active" else "licence_id", allowed.reasons[0])
    snapshot = policy.at(on)
    amount = _parse_salary(salary)
    pay = rules.salary_check(on=on, policy=snapshot, salary=amount, category=salary_category)
    if not pay.allowed:
        raise EmployersError("salary", pay.reasons[0])
    allocation_id = None
    if kind == "undefined":
        allocation = _current_allocation(session, licence.id, on)
        if allocation is None:
            raise EmployersError("kind", f"no undefined CoS allocation is left for {on.isoformat()}")
        allocation_id = allocation.id
    use_by, validity = rules.cos_expiry(assigned_on=on, policy=snapshot)
    cos = Certificate(
        licence_id=licence.id,
        reference=f"C{secrets.token_hex(5).upper()}",
        kind=kind,
        allocation_id=allocation_id,
        worker_person_id=person.id,
        new_worker=new_worker,
        job_title=job_title.strip(),
        salary=amount,
        salary_category=salary_category,
        assigned_on=on,
        use_by=use_by,
        status="assigned",
        decision={
            "reasons": list(allowed.reasons + pay.reasons),
            "parameters": [u.as_dict() for u in (*pay.used, validity)],
        },
    )
    session.add(cos)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_cos",
        cos.id,
        "CoS assigned to a sponsored worker",
        subject_id=person.id,
    )
    return cos


def _current_allocation(session: Session, licence_id: str, on: date) -> CosAllocation | None:
    for allocation in session.scalars(
        select(CosAllocation)
        .where(
            CosAllocation.licence_id == licence_id,
            # the allocation year that `on` falls in: an allocation ends on the next 5 April
            CosAllocation.ends_on == rules.allocation_period_end(on=on, policy=policy.at(on))[0],
            CosAllocation.status == "granted",
        )
        .order_by(CosAllocation.id)
    ):
        used = (
            session.scalar(
                select(func.count())
                .select_from(Certificate)
                .where(Certificate.allocation_id == allocation.id)
            )
            or 0
        )
        if used < allocation.granted:
            return allocation
    return None


# --- reporting duties


def record_change(
    uow: UnitOfWork,
    *,
    licence_id: str,
    kind: str,
    change: str,
    occurred_on: date,
    worker_person_id: str | None = None,
    actor: Principal,
) -> ReportingDuty:
    load(uow.session, Licence, licence_id, "licence_id")
    if not change.strip():
        raise EmployersError("change", "describe the change to report")
    if kind == "worker" and worker_person_id is None:
        raise EmployersError("worker_person_id", "a worker change names the worker")
    due, _ = rules.reporting_due(
        kind=kind,
        occurred_on=occurred_on,
        policy=policy.at(occurred_on),
        bank_holidays=bank_holidays(occurred_on),
    )
    duty = ReportingDuty(
        licence_id=licence_id,
        kind=kind,
        change=change.strip(),
        occurred_on=occurred_on,
        due_on=due,
        worker_person_id=worker_person_id,
    )
    uow.session.add(duty)
    uow.flush()
    return duty


def mark_reported(uow: UnitOfWork, *, duty_id: str, reported_on: date, actor: Principal) -> ReportingDuty:
    """Record when the sponsor reported the change; audited in the same unit of work (a worker change
    concerns that worker)."""
    duty = load(uow.session, ReportingDuty, duty_id, "duty_id")
    if duty.reported_on is not None:
        raise EmployersError("reported_on", f"the change was already reported on {duty.reported_on}")
    if reported_on < duty.occurred_on:
        raise EmployersError("reported_on", "is before the change happened")
    duty.reported_on = reported_on
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_reporting_duty",
        duty.id,
        "Reporting duty marked reported",
        subject_id=duty.worker_person_id,
        reported_on=reported_on.isoformat(),
        overdue=reported_on > duty.due_on,
    )
    return duty


def overdue_duties(session: Session, *, on: date) -> list[ReportingDuty]:
    """Alerts: changes not reported by their due date."""
    return list(
        session.scalars(
            select(ReportingDuty)
            .where(ReportingDuty.reported_on.is_(None), ReportingDuty.due_on < on)
            .order_by(ReportingDuty.due_on)
        )
    )


def workers_of(session: Session, licence_id: str) -> list[Person]:
    ids = session.scalars(
        select(Certificate.worker_person_id).where(Certificate.licence_id == licence_id).distinct()
    )
    return [p for p in (session.get(Person, i) for i in ids) if p is not None]


def salary_threshold_note(on: date) -> str:
    value = policy.at(on).maybe("employers.cos.salary_threshold")
    if value is None or value.value is None:
        return "no salary threshold is known on that date"
    general = value.value.get("general")
    return (
        f"general threshold {rules.money(Decimal(str(general)))} GBP from {value.effective_from.isoformat()}"
    )


def send_overdue_alerts(uow: UnitOfWork, *, on: date, progress: Callable[[int], None] | None = None) -> int:
    """Email each sponsor, once, about every change not reported by its due date; returns how many were sent.
    Sponsors with no contact email are skipped (the duty still shows on the compliance page)."""
    sent = 0
    for duty in overdue_duties(uow.session, on=on):
        if progress is not None:
            progress(1)
        if duty.alerted_on is not None:
            continue
        licence = load(uow.session, Licence, duty.licence_id, "licence_id")
        if not licence.sponsor.contact_email:
            continue
        notify.send_email(
            uow,
            to=licence.sponsor.contact_email,
            template="employers-reporting-overdue",
            personalisation={
                "licence": licence.number,
                "change": duty.change,
                "due_on": duty.due_on.isoformat(),
                "occurred_on": duty.occurred_on.isoformat(),
            },
            reference=f"reporting-duty:{duty.id}",
        )
        duty.alerted_on = on
        sent += 1
    return sent
