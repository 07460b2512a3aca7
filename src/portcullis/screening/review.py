"""The analysts' review of alerts: confirm or dismiss (audited), and the identities confirming builds.

A dismissed pair does not alert again while both sides are unchanged: each alert keeps the fingerprints of
the record and of the entry as they were, and a new alert for the same pair is raised only when either
fingerprint differs. Confirming links the record's party, the record and the list entry (and the entry's
own party, for internal lists) into one identity; identities that meet are merged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Organisation, Person
from portcullis.screening.models import (
    CONFIRMED,
    DISMISSED,
    OPEN,
    Alert,
    Entry,
    Identity,
    IdentityMember,
    Watchlist,
)


class ReviewError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        self.field, self.reason = field, reason
        super().__init__(f"{field}: {reason}")


def raise_alert(
    uow: UnitOfWork,
    *,
    entry: Entry,
    record_type: str,
    record_id: str,
    party_id: str | None,
    use: str,
    score: float,
    explanation: dict[str, Any],
    record_fingerprint: str,
    origin: str = "online",
    run_id: str | None = None,
) -> Alert | None:
    """A new open alert, or None when the pair already has an open or confirmed alert, or was dismissed
    and neither side has changed since."""
    session = uow.session
    previous = list(
        session.scalars(
            select(Alert)
            .where(Alert.entry_id == entry.id, Alert.record_type == record_type, Alert.record_id == record_id)
            .order_by(Alert.created_at.desc())
        )
    )
    for alert in previous:
        if alert.status in (OPEN, CONFIRMED):
            return None
        if (
            alert.status == DISMISSED
            and alert.record_fingerprint == record_fingerprint
            and alert.entry_fingerprint == entry.fingerprint
        ):
            return None
    alert = Alert(
        entry_id=entry.id,
        record_type=record_type,
        record_id=record_id,
        party_id=party_id,
        use=use,
        score=score,
        explanation=explanation,
        record_fingerprint=record_fingerprint,
        entry_fingerprint=entry.fingerprint,
        status=OPEN,
        origin=origin,
        run_id=run_id,
    )
    session.add(alert)
    session.flush()
    audit.record(
        uow,
        actor=_system(),
        operation=audit.Operation.COMBINATION,
        record_type="screening_alert",
        record_id=alert.id,
        subject_id=party_id,
        justification="Possible match between a record and a watchlist entry",
        details={"origin": origin, "record_type": record_type, "score": round(score, 4)},
    )
    return alert


def _system() -> Principal:
    from portcullis.core.access import SYSTEM

    return SYSTEM


def open_alerts(session: Session, *, limit: int = 200) -> list[tuple[Alert, Entry, str]]:
    rows = session.execute(
        select(Alert, Entry, Watchlist.name)
        .join(Entry, Entry.id == Alert.entry_id)
        .join(Watchlist, Watchlist.id == Entry.list_id)
        .where(Alert.status == OPEN)
        .order_by(Alert.score.desc(), Alert.created_at)
        .limit(limit)
    ).all()
    return [(a, e, n) for a, e, n in rows]


def open_alert(uow: UnitOfWork, *, alert_id: str, actor: Principal) -> tuple[Alert, Entry, str]:
    """One alert for review; the opening is audited."""
    row = uow.session.execute(
        select(Alert, Entry, Watchlist.name)
        .join(Entry, Entry.id == Alert.entry_id)
        .join(Watchlist, Watchlist.id == Entry.list_id)
        .where(Alert.id == alert_id)
    ).one_or_none()
    if row is None:
        raise ReviewError("alert_id", "no such alert")
    alert, entry, list_name = row
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type="screening_alert",
        record_id=alert.id,
        subject_id=alert.party_id,
        justification="Reviewing a screening alert",
    )
    return alert, entry, list_name


def _decide(uow: UnitOfWork, alert_id: str, actor: Principal, note: str, status: str) -> Alert:
    alert = uow.session.get(Alert, alert_id, with_for_update=True)
    if alert is None:
        raise ReviewError("alert_id", "no such alert")
    if alert.status != OPEN:
        raise ReviewError("alert_id", f"the alert was already {alert.status}")
    if not note.strip():
        raise ReviewError("note", "say why")
    if len(note) > 2000:
        raise ReviewError("note", "keep it under 2,000 characters")
    alert.status, alert.decided_at, alert.decided_by, alert.decision_note = (
        status,
        clock.now(),
        actor.user_id,
        note,
    )
    return alert


def dismiss(uow: UnitOfWork, *, alert_id: str, actor: Principal, note: str) -> Alert:
    alert = _decide(uow, alert_id, actor, note, DISMISSED)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="screening_alert",
        record_id=alert.id,
        subject_id=alert.party_id,
        justification=note,
        details={"decision": "dismissed"},
    )
    return alert


def confirm(uow: UnitOfWork, *, alert_id: str, actor: Principal, note: str) -> Identity:
    """Confirm the match and link the record, its party and the entry into one identity."""
    alert = _decide(uow, alert_id, actor, note, CONFIRMED)
    entry = uow.session.get(Entry, alert.entry_id)
    assert entry is not None  # foreign key
    members = [("record", f"{alert.record_type}:{alert.record_id}"), ("entry", entry.id)]
    if alert.party_id:
        members.append(("party", alert.party_id))
    if entry.party_id:
        members.append(("party", entry.party_id))
    identity = link(uow, members=members, label=entry.name, actor=actor)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COMBINATION,
        record_type="screening_identity",
        record_id=identity.id,
        subject_id=alert.party_id,
        justification=note,
        details={"decision": "confirmed", "alert_id": alert.id, "members": len(members)},
    )
    return identity


def link(uow: UnitOfWork, *, members: list[tuple[str, str]], label: str, actor: Principal) -> Identity:
    session = uow.session
    existing = list(
        session.scalars(select(IdentityMember).where(IdentityMember.member_id.in_([m for _, m in members])))
    )
    existing = [m for m in existing if (m.member_type, m.member_id) in set(members)]
    identity_ids = sorted({m.identity_id for m in existing})
    if identity_ids:
        identity = session.get(Identity, identity_ids[0])
        assert identity is not None
        for other in identity_ids[1:]:  # merge identities that this confirmation joins
            for member in session.scalars(select(IdentityMember).where(IdentityMember.identity_id == other)):
                member.identity_id = identity.id
            session.flush()
            gone = session.get(Identity, other)
            if gone is not None:
                session.delete(gone)
    else:
        identity = Identity(label=label)
        session.add(identity)
        session.flush()
    known = {(m.member_type, m.member_id) for m in existing}
    for member_type, member_id in members:
        if (member_type, member_id) not in known:
            session.add(
                IdentityMember(
                    identity_id=identity.id,
                    member_type=member_type,
                    member_id=member_id,
                    added_at=clock.now(),
                    added_by=actor.user_id,
                )
            )
    session.flush()
    return identity


@dataclass
class SingleView:
    identity: Identity
    people: list[Person]
    organisations: list[Organisation]
    entries: list[tuple[Entry, str]]  # entry and its list name
    records: list[str]  # "<record type>:<id>" in the producing domains
    alerts: list[Alert]


def identity_for_party(session: Session, party_id: str) -> str | None:
    return session.scalar(
        select(IdentityMember.identity_id).where(
            IdentityMember.member_type == "party", IdentityMember.member_id == party_id
        )
    )


def single_view(uow: UnitOfWork, *, identity_id: str, actor: Principal, justification: str) -> SingleView:
    """Every record of one identity across the domains; the opening is audited for each person in it."""
    session = uow.session
    identity = session.get(Identity, identity_id)
    if identity is None:
        raise ReviewError("identity_id", "no such identity")
    members = list(session.scalars(select(IdentityMember).where(IdentityMember.identity_id == identity_id)))
    party_ids = [m.member_id for m in members if m.member_type == "party"]
    entry_ids = {m.member_id for m in members if m.member_type == "entry"}
    records = sorted(m.member_id for m in members if m.member_type == "record")
    people = list(session.scalars(select(Person).where(Person.id.in_(party_ids))))
    organisations = list(session.scalars(select(Organisation).where(Organisation.id.in_(party_ids))))
    if party_ids:  # entries other domains listed for these parties belong to the same identity
        entry_ids |= set(session.scalars(select(Entry.id).where(Entry.party_id.in_(party_ids))))
    entries = [
        (e, n)
        for e, n in session.execute(
            select(Entry, Watchlist.name)
            .join(Watchlist, Watchlist.id == Entry.list_id)
            .where(Entry.id.in_(entry_ids))
            .order_by(Watchlist.name)
        ).all()
    ]
    records = sorted(set(records) | {f"{n}:{e.source_ref}" for e, n in entries if e.party_id})
    alerts = list(
        session.scalars(select(Alert).where(Alert.entry_id.in_(entry_ids)).order_by(Alert.created_at))
    )
    subjects: list[str | None] = list(party_ids) or [None]
    for subject in subjects:
        audit.record(
            uow,
            actor=actor,
            operation=audit.Operation.CONSULTATION,
            record_type="screening_identity",
            record_id=identity.id,
            subject_id=subject,
            justification=justification,
            details={"entries": len(entries), "records": len(records)},
        )
    return SingleView(identity, people, organisations, entries, records, alerts)
