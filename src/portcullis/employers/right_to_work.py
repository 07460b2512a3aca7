"""Right-to-work checks for employers: a share code and date of birth give the eVisa holder's permission
(through the travel service, which audits the disclosure to the employer); the saved record of the check is
the employer's statutory excuse, with a follow-up date when the permission is time-limited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.employers import rules
from portcullis.employers.models import RightToWorkRecord
from portcullis.employers.values import EmployersError
from portcullis.travel import service as travel


def employer_name(principal: Principal) -> str:
    """The employer a check is disclosed to: the account's organisation, else the account holder."""
    return principal.organisation or principal.name


def check(uow: UnitOfWork, *, code: str, date_of_birth: date, checker: Principal) -> RightToWorkRecord:
    """Check a share code for work and keep the record. Bad or expired codes raise EmployersError naming
    the field; nothing is saved then."""
    try:
        result = travel.check_share_code(
            uow,
            code=code,
            date_of_birth=date_of_birth,
            purpose="work",
            checker=checker,
            recipient=employer_name(checker),
        )
    except travel.ShareCodeError as exc:
        raise EmployersError("share_code" if exc.field == "code" else exc.field, exc.reason) from None
    record = RightToWorkRecord(
        employer_user_id=checker.user_id,
        employer_name=employer_name(checker),
        checker_name=checker.name,
        person_id=result.person_id,
        valid=result.valid,
        reason=result.reason,
        full_name=result.full_name,
        photo_path=result.photo_path,
        permission_type=result.permission_type,
        conditions=list(result.conditions),
        permission_valid_from=result.permission_valid_from,
        permission_valid_until=result.permission_valid_until,
        follow_up_on=rules.follow_up_date(result.permission_valid_until) if result.valid else None,
        checked_at=result.checked_at,
        share_reference=result.reference,
    )
    uow.session.add(record)
    uow.flush()
    return record


def _may_see(principal: Principal, record: RightToWorkRecord) -> bool:
    return record.employer_user_id == principal.user_id or principal.can("employers.read")


def get(uow: UnitOfWork, *, record_id: str, principal: Principal, purpose: str) -> RightToWorkRecord:
    """A saved check, for the employer who made it (or compliance staff); each look is audited."""
    record = uow.session.get(RightToWorkRecord, record_id)
    if record is None or not _may_see(principal, record):
        raise EmployersError("record_id", "no right-to-work check with that reference for this account")
    audit.record(
        uow,
        actor=principal,
        operation=audit.Operation.CONSULTATION,
        record_type="employer_rtw_check",
        record_id=record.id,
        subject_id=record.person_id,
        justification=purpose,
    )
    return record


def list_for(session: Session, *, principal: Principal, limit: int = 100) -> list[RightToWorkRecord]:
    query = select(RightToWorkRecord).order_by(RightToWorkRecord.checked_at.desc()).limit(limit)
    if not principal.can("employers.read"):
        query = query.where(RightToWorkRecord.employer_user_id == principal.user_id)
    return list(session.scalars(query))


def follow_ups_due(session: Session, *, principal: Principal, on: date) -> list[RightToWorkRecord]:
    """Checks whose time-limited permission ends on or before `on`: the employer must check again."""
    return [
        r
        for r in list_for(session, principal=principal, limit=1000)
        if r.follow_up_on is not None and r.follow_up_on <= on
    ]


def audit_listing(
    uow: UnitOfWork, *, records: list[RightToWorkRecord], principal: Principal, purpose: str
) -> None:
    """A list of checks shows each person's name and permission: one consultation entry per person shown."""
    for record in records:
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="employer_rtw_check",
            record_id=record.id,
            subject_id=record.person_id,
            justification=purpose,
        )
