"""Breaches: an alleged breach (from a monitoring alert or a report), evidence files stored by SHA-256 with a
chain of custody, the charging decision and the outcome, and the maximum penalty from the parameters."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.settings import get_settings
from portcullis.orders import lifecycle, rules, service
from portcullis.orders.models import Breach, CustodyEntry, EvidenceItem, MonitoringAlert, Order
from portcullis.orders.types import OrderType

SOURCES = ("monitoring", "report")
CHARGING = ("charge", "caution", "no-further-action")
OUTCOMES = ("convicted", "acquitted", "discontinued")
MAX_EVIDENCE_BYTES = 2 * 1024**3


def _fail(field: str, reason: str) -> service.OrdersError:
    return service.OrdersError([{"field": field, "reason": reason}])


def record_breach(
    uow: UnitOfWork,
    *,
    order_id: str,
    alleged_at: datetime,
    source: str,
    description: str,
    actor: Principal,
    alert_id: str | None = None,
) -> Breach:
    order = uow.session.get(Order, order_id)
    if order is None:
        raise _fail("order_id", f"no order {order_id!r}")
    if source not in SOURCES:
        raise _fail("source", f"must be one of {', '.join(SOURCES)}")
    if alleged_at.tzinfo is None:
        raise _fail("alleged_at", "give a time zone offset")
    if alleged_at > clock.now():
        raise _fail("alleged_at", "is in the future")
    if not description.strip():
        raise _fail("description", "describe what happened")
    if alert_id is not None:
        alert = uow.session.get(MonitoringAlert, alert_id)
        if alert is None or alert.order_id != order.id:
            raise _fail("alert_id", "no monitoring alert with that id on this order")
        alert.status = "breach-recorded"
    bound = lifecycle.binds_from(order)
    if order.made_without_notice and (bound is None or bound > alleged_at):
        # DA Act 2021 s.39(2), SCA 2007 s.10: no offence before the subject knew of or was served with it.
        raise _fail(
            "alleged_at",
            "the order did not yet bind the subject: it was made without notice and "
            "had not been served, nor was the subject shown to know of it",
        )
    breach = Breach(
        order_id=order.id,
        alleged_at=alleged_at,
        source=source,
        description=description.strip(),
        alert_id=alert_id,
        reported_by=service.actor_label(actor),
    )
    uow.session.add(breach)
    uow.flush()
    service.timeline(uow, "breach", f"Alleged breach recorded ({source})", actor, order_id=order.id)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="order_breach",
        record_id=breach.id,
        subject_id=order.subject_person_id,
        justification="Alleged breach recorded",
        details={"source": source},
    )
    return breach


def _evidence_dir() -> Path:
    return get_settings().var_dir / "evidence"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def add_evidence(
    uow: UnitOfWork,
    *,
    breach_id: str,
    filename: str,
    content: bytes,
    description: str,
    actor: Principal,
    holder: str,
) -> EvidenceItem:
    """Store the file by its SHA-256 (content-addressed, never overwritten) and open its chain of custody."""
    breach = uow.session.get(Breach, breach_id)
    if breach is None:
        raise _fail("breach_id", f"no breach {breach_id!r}")
    name = Path(filename).name
    if not name:
        raise _fail("filename", "give the file's name")
    if not content:
        raise _fail("content", "the file is empty")
    if len(content) > MAX_EVIDENCE_BYTES:
        raise _fail("content", "the file is larger than 2 GiB")
    sha = hashlib.sha256(content).hexdigest()
    folder = _evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / sha
    if not path.exists():
        tmp = folder / f".{sha}.part"
        tmp.write_bytes(content)
        tmp.replace(path)
    now = clock.now()
    item = EvidenceItem(
        breach_id=breach.id,
        filename=name,
        description=description.strip(),
        sha256=sha,
        size_bytes=len(content),
        stored_path=str(path),
        received_at=now,
    )
    uow.session.add(item)
    uow.flush()
    uow.session.add(
        CustodyEntry(
            evidence_id=item.id,
            at=now,
            action="received",
            actor_label=service.actor_label(actor),
            holder=holder,
            sha256_seen=sha,
            hash_matches=True,
        )
    )
    return item


def custody_step(
    uow: UnitOfWork, *, evidence_id: str, action: str, holder: str, actor: Principal
) -> CustodyEntry:
    """Record a hand-over or check; the stored file is re-hashed so any change shows in the chain."""
    item = uow.session.get(EvidenceItem, evidence_id)
    if item is None:
        raise _fail("evidence_id", f"no evidence item {evidence_id!r}")
    if action not in ("transferred", "verified", "produced-in-court"):
        raise _fail("action", "must be transferred, verified or produced-in-court")
    path = Path(item.stored_path)
    seen = _sha256_file(path) if path.exists() else "missing"
    entry = CustodyEntry(
        evidence_id=item.id,
        at=clock.now(),
        action=action,
        actor_label=service.actor_label(actor),
        holder=holder,
        sha256_seen=seen,
        hash_matches=seen == item.sha256,
    )
    uow.session.add(entry)
    return entry


def chain_of_custody(uow: UnitOfWork, *, evidence_id: str) -> list[CustodyEntry]:
    return list(
        uow.session.scalars(
            select(CustodyEntry).where(CustodyEntry.evidence_id == evidence_id).order_by(CustodyEntry.at)
        )
    )


def record_charging_decision(uow: UnitOfWork, *, breach_id: str, decision: str, actor: Principal) -> Breach:
    breach = uow.session.get(Breach, breach_id)
    if breach is None:
        raise _fail("breach_id", f"no breach {breach_id!r}")
    if decision not in CHARGING:
        raise _fail("decision", f"must be one of {', '.join(CHARGING)}")
    breach.charging_decision, breach.charging_decided_at = decision, clock.now()
    service.timeline(uow, "charging", f"Charging decision: {decision}", actor, order_id=breach.order_id)
    return breach


def record_breach_outcome(
    uow: UnitOfWork, *, breach_id: str, outcome: str, actor: Principal, detail: str = ""
) -> Breach:
    breach = uow.session.get(Breach, breach_id)
    if breach is None:
        raise _fail("breach_id", f"no breach {breach_id!r}")
    if breach.charging_decision != "charge":
        raise _fail("outcome", "record an outcome only after a decision to charge")
    if outcome not in OUTCOMES:
        raise _fail("outcome", f"must be one of {', '.join(OUTCOMES)}")
    breach.outcome, breach.outcome_detail, breach.outcome_at = outcome, detail.strip() or None, clock.now()
    service.timeline(uow, "breach-outcome", f"Breach proceedings: {outcome}", actor, order_id=breach.order_id)
    return breach


def maximum_penalty(order_type: str, on: date) -> dict[str, Any]:
    """For display: each route's maximum with its citation, or why it cannot be given."""
    out: dict[str, Any] = {}
    for route, value in rules.maximum_penalty(OrderType(order_type), policy.at(on)).items():
        if isinstance(value, str):
            out[route] = {"text": value, "known": False}
        else:
            out[route] = {
                "text": f"{value.value} {value.unit}",
                "known": True,
                "cite": value.cite(),
                "verified": value.verified,
            }
    return out
