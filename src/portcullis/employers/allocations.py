"""Undefined Certificates of Sponsorship: a sponsor asks for its annual allocation (it ends on 5 April), a
caseworker grants it (perhaps fewer than asked) or refuses it with a reason, or records one directly
(`certificates.grant_allocation`); what is used and left, and who may see which licence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import audit, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.employers import rules
from portcullis.employers.common import load, log_audit
from portcullis.employers.models import Certificate, CosAllocation, Licence
from portcullis.employers.values import EmployersError

SEE = "employers.cos.allocations"


@dataclass(frozen=True)
class AllocationLine:
    allocation: CosAllocation
    used: int

    @property
    def left(self) -> int:
        return max(self.allocation.granted - self.used, 0)


@dataclass(frozen=True)
class AllocationYear:
    """The allocation year `on` falls in: what was granted, used and is left, until `ends_on` (5 April)."""

    ends_on: date
    granted: int
    used: int
    waiting: int  # requests not yet decided

    @property
    def left(self) -> int:
        return max(self.granted - self.used, 0)


def may_see(principal: Principal, licence: Licence) -> bool:
    """Caseworkers see every licence; a sponsor (a scoped role) only those whose authorising officer's
    email is the account's."""
    if not principal.can(SEE):
        return False
    if not principal.is_scoped_for(SEE):
        return True
    contact = (licence.sponsor.contact_email or "").strip().lower()
    return bool(contact) and contact == (principal.email or "").strip().lower()


def licences_of(session: Session, principal: Principal) -> list[Licence]:
    """The licences a sponsor's account may see (the sponsor's start page)."""
    return [
        lic for lic in session.scalars(select(Licence).order_by(Licence.number)) if may_see(principal, lic)
    ]


def lines(session: Session, licence_id: str) -> list[AllocationLine]:
    allocations = session.scalars(
        select(CosAllocation)
        .where(CosAllocation.licence_id == licence_id)
        .order_by(CosAllocation.ends_on.desc(), CosAllocation.requested_on, CosAllocation.id)
    ).all()
    used = dict(
        session.execute(
            select(Certificate.allocation_id, func.count())
            .where(Certificate.licence_id == licence_id, Certificate.allocation_id.is_not(None))
            .group_by(Certificate.allocation_id)
        ).all()
    )
    return [AllocationLine(a, int(used.get(a.id, 0))) for a in allocations]


def year(found: list[AllocationLine], *, on: date) -> AllocationYear:
    ends_on, _ = rules.allocation_period_end(on=on, policy=policy.at(on))
    this_year = [line for line in found if line.allocation.ends_on == ends_on]
    granted = [line for line in this_year if line.allocation.status == "granted"]
    return AllocationYear(
        ends_on=ends_on,
        granted=sum(line.allocation.granted for line in granted),
        used=sum(line.used for line in granted),
        waiting=sum(1 for line in this_year if line.allocation.status == "requested"),
    )


def request_allocation(
    uow: UnitOfWork, *, licence_id: str, number: int, justification: str, on: date, actor: Principal
) -> CosAllocation:
    """A sponsor asks for undefined CoS for the allocation year `on` falls in."""
    session = uow.session
    licence = load(session, Licence, licence_id, "licence_id")
    if licence.status != "active":
        raise EmployersError("licence_id", f"the licence is {licence.status}: no allocation can be requested")
    if number < 1:
        raise EmployersError("requested", "ask for at least 1 undefined CoS")
    if not justification.strip():
        raise EmployersError("justification", "say why the sponsor needs these CoS")
    ends_on, _ = rules.allocation_period_end(on=on, policy=policy.at(on))
    waiting = session.scalar(
        select(func.count())
        .select_from(CosAllocation)
        .where(
            CosAllocation.licence_id == licence_id,
            CosAllocation.status == "requested",
            CosAllocation.ends_on == ends_on,
        )
    )
    if waiting:
        raise EmployersError(
            "requested",
            f"a request for the year ending {ends_on.isoformat()} is already waiting for a decision",
        )
    allocation = CosAllocation(
        licence_id=licence_id,
        granted=0,
        ends_on=ends_on,
        status="requested",
        requested=number,
        requested_on=on,
        justification=justification.strip(),
    )
    session.add(allocation)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_cos_allocation",
        allocation.id,
        "CoS allocation requested",
    )
    return allocation


def decide_request(
    uow: UnitOfWork,
    *,
    allocation_id: str,
    grant: bool,
    on: date,
    actor: Principal,
    granted: int | None = None,
    reason: str = "",
) -> CosAllocation:
    """A caseworker grants a request (at most what was asked) or refuses it with a reason."""
    allocation = load(uow.session, CosAllocation, allocation_id, "allocation_id")
    if allocation.status != "requested":
        raise EmployersError("decision", f"this request was already decided: {allocation.status}")
    if on < (allocation.requested_on or on):
        raise EmployersError("decided_on", "the decision cannot be before the request")
    if grant:
        asked = allocation.requested or 0
        if granted is None or not 1 <= granted <= asked:
            raise EmployersError("granted", f"grant between 1 and the {asked} requested")
        allocation.status, allocation.granted = "granted", granted
    else:
        if not reason.strip():
            raise EmployersError("reason", "give the reason for refusing the request")
        allocation.status, allocation.refusal_reason = "refused", reason.strip()[:300]
    allocation.decided_on = on
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_cos_allocation",
        allocation.id,
        "CoS allocation request decided",
        outcome=allocation.status,
    )
    return allocation
