"""eVisa status: immigration permissions linked to a person's passports, share codes (valid 90 days) that
let the holder prove status for work, renting or travel, and the check that employers and landlords call."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.travel.models import Permission, ShareCode

SHARE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read aloud
SHARE_CODE = re.compile(r"^[A-Z0-9]{9}$")
PURPOSES = ("work", "rent", "travel")
RECORD_TYPE = "evisa_permission"


class ShareCodeError(ValueError):
    """A share code check that cannot be answered: malformed, unknown or expired code, or a wrong date of
    birth. `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class PermissionError_(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class ShareCodeCheck:
    valid: bool
    reason: str | None
    person_id: str
    full_name: str
    photo_path: str | None
    permission_type: str
    conditions: list[str]
    permission_valid_from: date
    permission_valid_until: date | None
    checked_at: datetime
    reference: str


def grant_permission(
    uow: UnitOfWork,
    *,
    person_id: str,
    permission_type: str,
    conditions: list[str],
    valid_from: date,
    valid_until: date | None,
    actor: Principal,
    photo_path: str | None = None,
) -> Permission:
    if uow.session.get(Person, person_id) is None:
        raise PermissionError_("person_id", "no such person")
    if not permission_type.strip():
        raise PermissionError_("permission_type", "say what kind of permission this is")
    if valid_until is not None and valid_until < valid_from:
        raise PermissionError_("valid_until", "is before valid_from")
    permission = Permission(
        reference="EV" + "".join(secrets.choice(SHARE_ALPHABET) for _ in range(10)),
        person_id=person_id,
        permission_type=permission_type.strip(),
        conditions=[c.strip() for c in conditions if c.strip()],
        valid_from=valid_from,
        valid_until=valid_until,
        status="active",
        photo_path=photo_path,
    )
    uow.session.add(permission)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type=RECORD_TYPE,
        record_id=permission.id,
        subject_id=person_id,
        justification="Immigration permission recorded",
        details={"permission_type": permission.permission_type},
    )
    return permission


def curtail_permission(
    uow: UnitOfWork, *, permission_id: str, on: date, reason: str, actor: Principal
) -> None:
    permission = uow.session.get(Permission, permission_id)
    if permission is None:
        raise PermissionError_("permission_id", "no such permission")
    permission.status = "curtailed"
    permission.valid_until = min(permission.valid_until or on, on)
    permission.ended_reason = reason
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type=RECORD_TYPE,
        record_id=permission.id,
        subject_id=permission.person_id,
        justification=f"Curtailed: {reason}",
    )


def current_permissions(uow: UnitOfWork, *, person_id: str, on: date) -> list[Permission]:
    rows = uow.session.scalars(
        select(Permission).where(Permission.person_id == person_id, Permission.status == "active")
    )
    return [p for p in rows if p.valid_from <= on and (p.valid_until is None or p.valid_until >= on)]


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def format_code(code: str) -> str:
    return f"{code[0:3]} {code[3:6]} {code[6:9]}"


def create_share_code(uow: UnitOfWork, *, permission_id: str, purpose: str, actor: Principal) -> str:
    """A new share code for one purpose; returned once (only its hash is kept), formatted 'ABC DEF GHJ'."""
    if purpose not in PURPOSES:
        raise ShareCodeError("purpose", f"must be one of {', '.join(PURPOSES)}")
    permission = uow.session.get(Permission, permission_id)
    if permission is None:
        raise ShareCodeError("permission_id", "no such permission")
    days = int(policy.at(clock.today_in_london()).get("travel.evisa.share_code_days"))
    code = "".join(secrets.choice(SHARE_ALPHABET) for _ in range(9))
    now = clock.now()
    uow.session.add(
        ShareCode(
            code_hash=_hash(code),
            permission_id=permission.id,
            purpose=purpose,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="evisa_share_code",
        record_id=permission.id,
        subject_id=permission.person_id,
        justification=f"Share code made to prove status for {purpose}",
    )
    return format_code(code)


def check_share_code(
    uow: UnitOfWork,
    *,
    code: str,
    date_of_birth: date,
    purpose: Literal["work", "rent", "travel"],
    checker: Principal,
    recipient: str,
) -> ShareCodeCheck:
    """What the holder chose to share, for the purpose given. Audited as a disclosure to `recipient`."""
    if purpose not in PURPOSES:
        raise ShareCodeError("purpose", f"must be one of {', '.join(PURPOSES)}")
    if not recipient.strip():
        raise ShareCodeError("recipient", "name the organisation the status is shown to")
    cleaned = normalise_code(code)
    if not SHARE_CODE.match(cleaned):
        raise ShareCodeError("code", "a share code has 9 letters and numbers, like W7X 4YQ Z9K")
    share = uow.session.scalar(select(ShareCode).where(ShareCode.code_hash == _hash(cleaned)))
    if share is None or share.revoked_at is not None:
        raise ShareCodeError("code", "this share code is not recognised: ask the person for a new one")
    now = clock.now()
    if share.expires_at <= now:
        raise ShareCodeError("code", "this share code has expired: ask the person for a new one")
    if share.purpose != purpose:
        raise ShareCodeError(
            "purpose", f"this share code was made to prove status for {share.purpose}, not {purpose}"
        )
    permission = uow.session.get(Permission, share.permission_id)
    person = uow.session.get(Person, permission.person_id) if permission else None
    if permission is None or person is None:
        raise ShareCodeError("code", "this share code is not recognised: ask the person for a new one")
    if person.date_of_birth != date_of_birth.isoformat():
        raise ShareCodeError("date_of_birth", "the date of birth does not match the share code's holder")
    today = clock.today_in_london()
    reason = None
    if permission.status != "active":
        reason = "The permission has been curtailed or revoked."
    elif permission.valid_from > today:
        reason = f"The permission starts on {permission.valid_from.isoformat()}."
    elif permission.valid_until is not None and permission.valid_until < today:
        reason = f"The permission ended on {permission.valid_until.isoformat()}."
    elif purpose == "work" and any("no work" in c.lower() for c in permission.conditions):
        reason = "The permission does not allow work."
    audit.record(
        uow,
        actor=checker,
        operation=audit.Operation.DISCLOSURE,
        record_type=RECORD_TYPE,
        record_id=permission.id,
        subject_id=person.id,
        recipient=recipient.strip(),
        justification=f"Status shared by the holder's share code to prove {purpose}",
        details={"purpose": purpose, "valid": reason is None},
    )
    return ShareCodeCheck(
        valid=reason is None,
        reason=reason,
        person_id=person.id,
        full_name=person.full_name,
        photo_path=permission.photo_path,
        permission_type=permission.permission_type,
        conditions=list(permission.conditions),
        permission_valid_from=permission.valid_from,
        permission_valid_until=permission.valid_until,
        checked_at=now,
        reference=f"CHK-{permission.reference}-{now.strftime('%Y%m%d%H%M%S')}",
    )


def curtail_for_revoked_licence(
    uow: UnitOfWork, *, person_ids: tuple[str, ...], on: date, actor: Principal
) -> int:
    """When a sponsor's licence is revoked, its sponsored workers' work permissions are curtailed."""
    count = 0
    for person_id in person_ids:
        for permission in current_permissions(uow, person_id=person_id, on=on):
            if "work" in permission.permission_type.lower() or "worker" in permission.permission_type.lower():
                curtail_permission(
                    uow, permission_id=permission.id, on=on, actor=actor, reason="Sponsor licence revoked"
                )
                count += 1
    return count
