"""The audit log the Data Protection Act 2018 s.62 requires: collection, alteration, consultation,
disclosure (with its recipient), combination and erasure; who, when, which subject, which record and why.

Entries are append-only and hash-chained: each entry's hash covers its fields and the previous entry's
hash, so editing or deleting any row breaks the chain from there on. Entries are written through the
caller's unit of work, so they commit or roll back with the change they record. A one-row head table is
locked for each append, which serialises writers on PostgreSQL and SQLite alike."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portcullis.core import clock
from portcullis.core.access import Principal
from portcullis.core.db import Base, UnitOfWork

GENESIS = "0" * 64


class Operation(StrEnum):
    COLLECTION = "collection"
    ALTERATION = "alteration"
    CONSULTATION = "consultation"
    DISCLOSURE = "disclosure"
    COMBINATION = "combination"
    ERASURE = "erasure"


class AuditEntry(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    at: Mapped[datetime] = mapped_column(index=True)
    operation: Mapped[str] = mapped_column(String(20), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(32), index=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    actor_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str | None] = mapped_column(String(32), index=True)
    record_type: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str | None] = mapped_column(String(100), index=True)
    justification: Mapped[str] = mapped_column(Text)
    recipient: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip: the last sequence number and hash. Locked for each append."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    hash: Mapped[str] = mapped_column(String(64))


def _digest(fields: dict[str, Any], prev_hash: str) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256((prev_hash + "|" + payload).encode()).hexdigest()


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "operation": entry.operation,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "actor_kind": entry.actor_kind,
        "subject_id": entry.subject_id,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "justification": entry.justification,
        "recipient": entry.recipient,
        "details": entry.details or {},
    }


class AuditError(ValueError):
    pass


def record(
    uow: UnitOfWork,
    *,
    actor: Principal,
    operation: Operation,
    record_type: str,
    record_id: str | None,
    justification: str,
    subject_id: str | None = None,
    recipient: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry in the caller's transaction. Disclosure needs a recipient; every entry a reason."""
    if not justification.strip():
        raise AuditError("justification: say why the record is being used")
    if operation == Operation.DISCLOSURE and not recipient:
        raise AuditError("recipient: a disclosure must name who received the data")
    session = uow.session
    # Taking the head row's write lock first serialises appends (row lock on PostgreSQL, the database
    # write lock on SQLite), so two transactions can never chain onto the same previous entry.
    head = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + 1)
        .returning(AuditHead.seq, AuditHead.hash)
    ).one_or_none()
    if head is None:
        session.add(AuditHead(id=1, seq=1, hash=GENESIS))
        session.flush()
        seq, prev = 1, GENESIS
    else:
        seq, prev = head.seq, head.hash
    entry = AuditEntry(
        seq=seq,
        at=clock.now(),
        operation=str(operation),
        actor_id=actor.user_id,
        actor_label=actor.name if actor.email is None else f"{actor.name} <{actor.email}>",
        actor_kind=actor.kind,
        subject_id=subject_id,
        record_type=record_type,
        record_id=record_id,
        justification=justification.strip(),
        recipient=recipient,
        details=details or {},
        prev_hash=prev,
        hash="",
    )
    entry.hash = _digest(_fields(entry), prev)
    session.add(entry)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=entry.hash))
    return entry


@dataclass(frozen=True)
class Pending:
    """One entry for `record_many`: the same fields `record` takes."""

    operation: Operation
    record_type: str
    record_id: str | None
    justification: str
    subject_id: str | None = None
    recipient: str | None = None
    details: dict[str, Any] | None = None


def record_many(uow: UnitOfWork, *, actor: Principal, entries: list[Pending]) -> int:
    """Append many entries in the caller's transaction with one lock of the head row and one bulk insert
    (a carrier's 1,000-passenger manifest is 1,000 disclosures). Same chain and checks as `record`."""
    if not entries:
        return 0
    _check_many(entries)
    session = uow.session
    head = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + len(entries))
        .returning(AuditHead.seq, AuditHead.hash)
    ).one_or_none()
    if head is None:
        session.add(AuditHead(id=1, seq=len(entries), hash=GENESIS))
        session.flush()
        last, prev = 0, GENESIS
    else:
        last, prev = head.seq - len(entries), head.hash
    now = clock.now()
    rows, prev = _chain(last, prev, actor, entries, now, _stored_at(session, now))
    _insert_rows(session, rows)
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=prev))
    return len(rows)


class NoChainYet(Exception):
    """`record_many_async` found no head row: the first entry ever is written by `record_many`."""


async def record_many_async(conn: Any, *, actor: Principal, entries: list[Pending]) -> int:
    """`record_many` on an asyncpg connection (PostgreSQL), in the caller's transaction: the same lock of
    the head row, chain and checks; the rows go by COPY. For a writer on the event loop, whose thread would
    otherwise wait for the interpreter lock at every round trip (`travel.disclosures`)."""
    if not entries:
        return 0
    _check_many(entries)
    head = await conn.fetchrow(
        "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash", len(entries)
    )
    if head is None:
        raise NoChainYet()
    now = clock.now()
    rows, prev = _chain(head["seq"] - len(entries), head["hash"], actor, entries, now, now.astimezone(UTC))
    await conn.copy_records_to_table("audit_log", records=rows, columns=_COLUMNS)
    await conn.execute("UPDATE audit_head SET hash = $1 WHERE id = 1", prev)
    return len(rows)


def _check_many(entries: list[Pending]) -> None:
    for e in entries:
        if not e.justification.strip():
            raise AuditError("justification: say why the record is being used")
        if e.operation == Operation.DISCLOSURE and not e.recipient:
            raise AuditError("recipient: a disclosure must name who received the data")


def _chain(
    last: int, prev: str, actor: Principal, entries: list[Pending], now: datetime, at_stored: Any
) -> tuple[list[tuple[Any, ...]], str]:
    """The rows (in `_COLUMNS` order) of entries appended after `last` and hash `prev`, and the new tip."""
    label = actor.name if actor.email is None else f"{actor.name} <{actor.email}>"
    at = now.isoformat()
    # `_digest`'s encoding with one encoder for the batch (json.dumps builds one per call): same bytes.
    encode = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False).encode
    sha256 = hashlib.sha256
    rows: list[tuple[Any, ...]] = []
    # Plain tuples, not AuditEntry objects: building 1,000 ORM objects was half the batch's time. The hashed
    # fields are exactly `_fields` of the entry these rows become (`verify` recomputes them from the table).
    for i, e in enumerate(entries, start=1):
        fields: dict[str, Any] = {
            "seq": last + i,
            "at": at,
            "operation": str(e.operation),
            "actor_id": actor.user_id,
            "actor_label": label,
            "actor_kind": actor.kind,
            "subject_id": e.subject_id,
            "record_type": e.record_type,
            "record_id": e.record_id,
            "justification": e.justification.strip(),
            "recipient": e.recipient,
            "details": e.details or {},
        }
        payload = encode(fields)
        digest = sha256((prev + "|" + payload).encode()).hexdigest()
        rows.append(
            (
                last + i,
                at_stored,
                fields["operation"],
                actor.user_id,
                label,
                actor.kind,
                e.subject_id,
                e.record_type,
                e.record_id,
                fields["justification"],
                e.recipient,
                details_text(payload),
                prev,
                digest,
            )
        )
        prev = digest
    return rows, prev


_COLUMNS = (
    "seq",
    "at",
    "operation",
    "actor_id",
    "actor_label",
    "actor_kind",
    "subject_id",
    "record_type",
    "record_id",
    "justification",
    "recipient",
    "details",
    "prev_hash",
    "hash",
)


def details_text(payload: str) -> str:
    """The `details` object's JSON, cut from an entry's hash payload (`_digest`'s encoding of `_fields`), so
    each entry is encoded once. The keys are sorted, so `details` comes after `actor_id`, `actor_kind`,
    `actor_label` and `at`, and before `justification` and later keys, all strings, numbers or null. Inside a
    JSON string every quote is escaped, so `,"details":` and `,"justification":` can only be the payload's
    own keys there: the first of the one and the last of the other (`details` may nest either key)."""
    start = payload.index(',"details":') + len(',"details":')
    return payload[start : payload.rindex(',"justification":')]


def _stored_at(session: Session, now: datetime) -> Any:
    """`now` as the driver receives it for `at` (the column type's own conversion, done once per batch)."""
    column = AuditEntry.__table__.c.at
    process = column.type.bind_processor(session.get_bind().dialect)
    return process(now) if process else now


def _insert_rows(session: Session, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows of ready values (in `_COLUMNS` order) on the session's connection, in its transaction:
    COPY on PostgreSQL (one statement, where an executemany runs one INSERT per row), the driver's
    executemany on SQLite (SQLAlchemy's per-row parameter processing was a third of the batch's time)."""
    connection = session.connection()
    cursor = connection.connection.cursor()
    try:
        if connection.dialect.name == "postgresql":
            with cursor.copy(f"COPY audit_log ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in _COLUMNS)
            cursor.executemany(f"INSERT INTO audit_log ({', '.join(_COLUMNS)}) VALUES ({marks})", rows)  # noqa: S608 - constant names
    finally:
        cursor.close()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str | None = None


def verify(session: Session, batch: int = 5000) -> VerifyResult:
    """Walk the chain in order; report the first entry whose hash, link or sequence is wrong."""
    prev, expected, checked = GENESIS, 1, 0
    for entry in _iterate(session, batch):
        if entry.seq != expected:
            return VerifyResult(
                False, checked, expected, f"entry {expected} is missing (next entry found is {entry.seq})"
            )
        if entry.prev_hash != prev:
            return VerifyResult(False, checked, entry.seq, "its link to the previous entry does not match")
        if _digest(_fields(entry), prev) != entry.hash:
            return VerifyResult(False, checked, entry.seq, "its contents were altered after it was written")
        prev, expected, checked = entry.hash, expected + 1, checked + 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != expected - 1 or head.hash != prev):
        return VerifyResult(False, checked, expected, f"entries after {expected - 1} were deleted")
    return VerifyResult(True, checked)


def _iterate(session: Session, batch: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def search(
    session: Session,
    *,
    subject_id: str | None = None,
    actor_id: str | None = None,
    operation: str | None = None,
    record_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    query = select(AuditEntry)
    if subject_id:
        query = query.where(AuditEntry.subject_id == subject_id)
    if actor_id:
        query = query.where(AuditEntry.actor_id == actor_id)
    if operation:
        query = query.where(AuditEntry.operation == operation)
    if record_id:
        query = query.where(AuditEntry.record_id == record_id)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    return list(session.scalars(query.order_by(AuditEntry.seq.desc()).limit(limit).offset(offset)))
