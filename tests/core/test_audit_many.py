"""`audit.record_many` (the carrier manifest's bulk path: COPY on PostgreSQL, the driver's executemany on
SQLite) stores exactly what `record` stores, entry by entry, on one chain that `verify` accepts."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from sqlalchemy.engine import Engine

from portcullis.core import access, audit
from portcullis.core.db import unit_of_work

# Quotes, a backslash, a tab, a newline and non-ASCII text in the label, and the payload's own key
# names inside the label and the details: none may confuse the stored details or the hash.
ACTOR = access.Principal(
    kind="user",
    user_id="u1",
    name='Zoë "Carrier",\t\\ ,"details":{} ,"justification":"x"\nLtd',
    email="ops@example.com",
)
DETAILS: list[dict[str, Any]] = [
    {"flight": "BA0178", "code": "OK02", "passenger": 0},
    {"nested": {"justification": 'a ,"justification":"b"', "details": [1, 2.5, None, True]}},
    {"text": "Ünïcödé ÿ \u2019 \u0000 \t tab", "empty": {}},
    {},
]


def _pending(i: int) -> audit.Pending:
    return audit.Pending(
        operation=audit.Operation.DISCLOSURE,
        record_type="permission_to_travel",
        record_id=f"r{i}" if i % 2 else None,
        subject_id=f"p{i}" if i % 2 else None,
        recipient="Example Air",
        justification=f"  Permission to travel check {i}  ",
        details=DETAILS[i % len(DETAILS)] or None,
    )


def _stored() -> list[dict[str, Any]]:
    with unit_of_work() as uow:
        entries = sorted(audit.search(uow.session, limit=100), key=lambda e: e.seq)
        return [{**audit._fields(e), "prev_hash": e.prev_hash, "hash": e.hash} for e in entries]


def test_bulk_entries_are_stored_as_single_entries_are(database: Engine) -> None:
    count = 8
    with unit_of_work() as uow:
        for i in range(count):
            p = _pending(i)
            audit.record(
                uow,
                actor=ACTOR,
                operation=p.operation,
                record_type=p.record_type,
                record_id=p.record_id,
                justification=p.justification,
                subject_id=p.subject_id,
                recipient=p.recipient,
                details=p.details,
            )
    with unit_of_work() as uow:
        assert audit.record_many(uow, actor=ACTOR, entries=[_pending(i) for i in range(count)]) == count
    stored = _stored()
    assert [e["seq"] for e in stored] == list(range(1, 2 * count + 1))
    for one, bulk in zip(stored[:count], stored[count:], strict=True):
        # Everything but the position in the chain is the same, details included (read back as JSON).
        skip = {"seq", "prev_hash", "hash"}
        assert {k: v for k, v in one.items() if k not in skip} == {
            k: v for k, v in bulk.items() if k not in skip
        }
    for before, after in pairwise(stored):
        assert after["prev_hash"] == before["hash"]
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    assert result.ok and result.checked == 2 * count
    # And single entries chain on after a bulk batch.
    with unit_of_work() as uow:
        audit.record(
            uow,
            actor=ACTOR,
            operation=audit.Operation.CONSULTATION,
            record_type="x",
            record_id=None,
            justification="After the batch",
        )
        assert audit.verify(uow.session).ok


def test_the_details_cut_from_the_hash_payload_are_the_details(database: Engine) -> None:
    for details in DETAILS:
        fields = {
            "seq": 1,
            "at": "2026-03-01T09:00:00+00:00",
            "actor_label": ACTOR.name,
            "details": details,
            "justification": ',"justification":',
            "record_id": None,
        }
        payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert json.loads(audit.details_text(payload)) == details
