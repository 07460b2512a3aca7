"""Oversight for the independent Prevent Commissioner: random samples of gateway decisions to judge their
quality, shown without identities; the Commissioner may ask to see who is behind one item, with a reason; a
senior reviewer grants or refuses; a granted request opens that identity for a limited time, and each look
is audited."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.prevent import rules
from portcullis.prevent.errors import Forbidden, NotFound, PreventError
from portcullis.prevent.models import GatewayAssessment, IdentityAccess, OversightSample, Referral
from portcullis.prevent.service import check_justification, gateway_timing


def _require(actor: Principal, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden(permission)


def draw_sample(
    uow: UnitOfWork, *, actor: Principal, start: date | None, end: date | None
) -> OversightSample:
    """Draw decided referrals at random from a period (the sample size is a dated parameter)."""
    _require(actor, "prevent.oversight")
    if start is None or end is None or end < start:
        raise PreventError.one("period", "give a start date and an end date on or after it")
    today = clock.today_in_london()
    size = policy.at(today).value("prevent.oversight.sample_size")
    ids = list(
        uow.session.scalars(
            select(Referral.id)
            .join(GatewayAssessment, GatewayAssessment.referral_id == Referral.id)
            .where(GatewayAssessment.decided_on >= start, GatewayAssessment.decided_on <= end)
            .order_by(Referral.id)
        )
    )
    if not ids:
        raise PreventError.one("period", "no gateway decisions were made in that period")
    chosen = random.SystemRandom().sample(ids, min(int(size.value), len(ids)))
    sample = OversightSample(
        drawn_at=clock.now(), drawn_by=actor.user_id, period_start=start, period_end=end, referral_ids=chosen
    )
    uow.session.add(sample)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COMBINATION,
        record_type="prevent_oversight_sample",
        record_id=sample.id,
        justification="Decision-quality sample for the Prevent Commissioner",
        details={"items": len(chosen), "sample_size": size.as_dict()},
    )
    return sample


@dataclass(frozen=True)
class SampleItem:
    """A sampled decision with nothing that identifies the person or the referrer."""

    number: int
    received_month: str
    age_band: str
    gender: str
    sector: str
    region: str
    concern_type: str
    repeat: bool
    deconfliction: str | None
    outcome: str | None
    threshold_met: bool | None
    rationale: dict[str, str]  # structured choices only; the free-text explanation may name people
    on_time: bool | None
    access: str  # "none", "requested", "granted", "refused", "expired"


def _access_state(uow: UnitOfWork, sample_id: str, item: int, user_id: str | None) -> IdentityAccess | None:
    return uow.session.scalar(
        select(IdentityAccess)
        .where(
            IdentityAccess.sample_id == sample_id,
            IdentityAccess.item == item,
            IdentityAccess.requested_by == user_id,
        )
        .order_by(IdentityAccess.requested_at.desc())
        .limit(1)
    )


def _state(access: IdentityAccess | None) -> str:
    if access is None:
        return "none"
    if access.refused:
        return "refused"
    if access.granted_at is None:
        return "requested"
    assert access.expires_at is not None
    return "granted" if access.expires_at > clock.now() else "expired"


def sample_items(uow: UnitOfWork, *, actor: Principal, sample_id: str) -> list[SampleItem]:
    _require(actor, "prevent.oversight")
    sample = uow.session.get(OversightSample, sample_id)
    if sample is None:
        raise NotFound(sample_id)
    today = clock.today_in_london()
    items = []
    for n, rid in enumerate(sample.referral_ids, start=1):
        r = uow.session.get(Referral, rid)
        if r is None:
            continue
        g = r.gateway
        items.append(
            SampleItem(
                number=n,
                received_month=r.received_on.strftime("%B %Y"),
                age_band=rules.age_band(r.age_at_referral),
                gender=r.gender,
                sector=r.sector,
                region=r.region,
                concern_type=r.concern_type,
                repeat=bool(r.previous_referral_ids),
                deconfliction=g.deconfliction if g else None,
                outcome=g.outcome if g else None,
                threshold_met=g.threshold_met if g else None,
                rationale={k: v for k, v in (g.rationale if g else {}).items() if k != "explanation"},
                on_time=None if g is None or g.decided_on is None else not gateway_timing(r, today).overdue,
                access=_state(_access_state(uow, sample.id, n, actor.user_id)),
            )
        )
    return items


def request_identity(
    uow: UnitOfWork, *, actor: Principal, sample_id: str, item: int, justification: str
) -> IdentityAccess:
    _require(actor, "prevent.oversight")
    reason = check_justification(justification)
    sample = uow.session.get(OversightSample, sample_id)
    if sample is None or not 1 <= item <= len(sample.referral_ids):
        raise NotFound(f"{sample_id}/{item}")
    if _state(_access_state(uow, sample_id, item, actor.user_id)) in ("requested", "granted"):
        raise PreventError.one("item", "you already have an open request or access for this item")
    access = IdentityAccess(
        sample_id=sample_id,
        item=item,
        requested_by=actor.user_id or "",
        requested_at=clock.now(),
        justification=reason,
    )
    uow.session.add(access)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="prevent_identity_access",
        record_id=access.id,
        justification=reason,
        details={"sample_id": sample_id, "item": item},
    )
    return access


def pending_requests(uow: UnitOfWork, *, actor: Principal) -> list[IdentityAccess]:
    _require(actor, "prevent.senior_review")
    return list(
        uow.session.scalars(
            select(IdentityAccess)
            .where(IdentityAccess.granted_at.is_(None), IdentityAccess.refused.is_(False))
            .order_by(IdentityAccess.requested_at)
        )
    )


def decide_request(
    uow: UnitOfWork,
    *,
    actor: Principal,
    access_id: str,
    grant: bool | None,
    commissioner_label: str = "Independent Prevent Commissioner",
) -> IdentityAccess:
    """A senior reviewer grants (for a limited time) or refuses the Commissioner's request; both are audited,
    a grant as a disclosure to the Commissioner."""
    _require(actor, "prevent.senior_review")
    access = uow.session.get(IdentityAccess, access_id)
    if access is None:
        raise NotFound(access_id)
    if grant is None:
        raise PreventError.one("grant", "say whether you grant or refuse the request")
    if access.granted_at is not None or access.refused:
        raise PreventError.one("grant", "this request has already been decided")
    sample = uow.session.get(OversightSample, access.sample_id)
    assert sample is not None
    referral = uow.session.get(Referral, sample.referral_ids[access.item - 1])
    assert referral is not None
    if grant:
        hours = policy.at(clock.today_in_london()).value("prevent.oversight.identity_access_hours")
        access.granted_by, access.granted_at = actor.user_id, clock.now()
        access.expires_at = access.granted_at + timedelta(hours=int(hours.value))
        audit.record(
            uow,
            actor=actor,
            operation=audit.Operation.DISCLOSURE,
            record_type="prevent_referral",
            record_id=referral.id,
            subject_id=referral.person_id,
            recipient=commissioner_label,
            justification=f"Identity access granted: {access.justification}",
            details={"access_id": access.id, "hours": hours.value},
        )
    else:
        access.refused, access.granted_by = True, actor.user_id
        audit.record(
            uow,
            actor=actor,
            operation=audit.Operation.ALTERATION,
            record_type="prevent_identity_access",
            record_id=access.id,
            justification="Identity access refused",
            details={},
        )
    return access


def view_identity(uow: UnitOfWork, *, actor: Principal, sample_id: str, item: int) -> dict[str, Any]:
    """The identity behind a sampled decision, only under a current grant; each look is audited."""
    _require(actor, "prevent.oversight")
    access = _access_state(uow, sample_id, item, actor.user_id)
    if _state(access) != "granted":
        raise Forbidden("no current grant to see this identity")
    assert access is not None
    sample = uow.session.get(OversightSample, sample_id)
    assert sample is not None
    r = uow.session.get(Referral, sample.referral_ids[item - 1])
    assert r is not None
    person = uow.session.get(Person, r.person_id)
    assert person is not None
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type="prevent_referral",
        record_id=r.id,
        subject_id=r.person_id,
        justification=access.justification,
        details={"access_id": access.id, "sample_id": sample_id, "item": item},
    )
    return {
        "reference": r.reference,
        "name": person.full_name,
        "date_of_birth": person.date_of_birth,
        "explanation": (r.gateway.rationale or {}).get("explanation", "") if r.gateway else "",
        "expires_at": access.expires_at,
    }
