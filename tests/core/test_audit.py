"""The DPA 2018 s.62 audit log: entries chain, verify finds tampering, and entries share the transaction."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from portcullis.cli import app
from portcullis.core import access, audit
from portcullis.core.db import unit_of_work

runner = CliRunner()
ACTOR = access.Principal(kind="user", user_id="u1", name="Olive Officer", email="olive@example.gov.uk")


def _write(n: int) -> None:
    for i in range(n):
        with unit_of_work() as uow:
            audit.record(
                uow,
                actor=ACTOR,
                operation=audit.Operation.CONSULTATION,
                record_type="order",
                record_id=f"r{i}",
                subject_id=f"p{i}",
                justification="Reviewing the case",
            )


def _bypass_append_only(engine: Engine, sql: str) -> None:
    """What a rogue administrator could do: drop the guard triggers, then change rows directly."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            conn.execute(text(sql))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(sql))


def test_an_untouched_chain_verifies(database: Engine) -> None:
    _write(5)
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    assert result.ok and result.checked == 5


def test_each_entry_links_to_the_one_before(database: Engine) -> None:
    _write(3)
    with unit_of_work() as uow:
        rows = audit.search(uow.session, limit=10)
    rows.sort(key=lambda e: e.seq)
    assert [r.seq for r in rows] == [1, 2, 3]
    assert rows[0].prev_hash == audit.GENESIS
    assert rows[1].prev_hash == rows[0].hash and rows[2].prev_hash == rows[1].hash


def test_the_database_refuses_to_edit_an_entry(database: Engine) -> None:
    _write(1)
    with pytest.raises(Exception, match="append-only"), database.begin() as conn:
        conn.execute(text("UPDATE audit_log SET justification = 'x' WHERE seq = 1"))


def test_the_database_refuses_to_delete_an_entry(database: Engine) -> None:
    _write(1)
    with pytest.raises(Exception, match="append-only"), database.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 1"))


def test_verify_names_the_first_edited_entry(database: Engine) -> None:
    _write(5)
    _bypass_append_only(database, "UPDATE audit_log SET justification = 'Nothing to see' WHERE seq = 3")
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    assert not result.ok and result.broken_seq == 3 and result.checked == 2
    assert "altered" in (result.reason or "")


def test_verify_notices_a_deleted_entry_in_the_middle(database: Engine) -> None:
    _write(4)
    _bypass_append_only(database, "DELETE FROM audit_log WHERE seq = 2")
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    assert not result.ok and result.broken_seq == 2


def test_verify_notices_deleted_entries_at_the_end(database: Engine) -> None:
    _write(4)
    _bypass_append_only(database, "DELETE FROM audit_log WHERE seq >= 3")
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    assert not result.ok and result.broken_seq == 3


def test_the_audit_verify_command_exits_0_when_intact_and_1_naming_the_broken_entry(database: Engine) -> None:
    _write(3)
    ok = runner.invoke(app, ["audit", "verify", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["ok"] is True
    _bypass_append_only(database, "UPDATE audit_log SET recipient = 'someone' WHERE seq = 2")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "entry 2" in broken.stderr


def test_an_entry_rolls_back_with_the_change_it_records(database: Engine) -> None:
    with pytest.raises(RuntimeError), unit_of_work() as uow:
        audit.record(
            uow,
            actor=ACTOR,
            operation=audit.Operation.ALTERATION,
            record_type="order",
            record_id="r1",
            justification="Varying the order",
        )
        raise RuntimeError("the change failed")
    _write(1)
    with unit_of_work() as uow:
        rows = audit.search(uow.session)
        result = audit.verify(uow.session)
    assert [r.record_id for r in rows] == ["r0"] and result.ok


def test_a_disclosure_must_name_its_recipient(database: Engine) -> None:
    with pytest.raises(audit.AuditError, match="recipient"), unit_of_work() as uow:
        audit.record(
            uow,
            actor=ACTOR,
            operation=audit.Operation.DISCLOSURE,
            record_type="eta",
            record_id="e1",
            justification="Carrier check",
        )


def test_every_entry_needs_a_justification(database: Engine) -> None:
    with pytest.raises(audit.AuditError, match="justification"), unit_of_work() as uow:
        audit.record(
            uow,
            actor=ACTOR,
            operation=audit.Operation.CONSULTATION,
            record_type="eta",
            record_id="e1",
            justification="  ",
        )


def test_search_filters_by_subject_user_and_operation(database: Engine) -> None:
    _write(3)
    with unit_of_work() as uow:
        audit.record(
            uow,
            actor=access.SYSTEM,
            operation=audit.Operation.DISCLOSURE,
            record_type="eta",
            record_id="e9",
            subject_id="p1",
            justification="Carrier check",
            recipient="Demo Airways",
        )
    with unit_of_work() as uow:
        by_subject = audit.search(uow.session, subject_id="p1")
        by_user = audit.search(uow.session, actor_id="u1")
        disclosures = audit.search(uow.session, operation="disclosure")
    assert len(by_subject) == 2 and len(by_user) == 3
    assert [d.recipient for d in disclosures] == ["Demo Airways"]


def test_appends_from_many_threads_keep_one_unbroken_chain(database: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: _write(5), range(4)))
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
    assert result.ok and result.checked == 20
