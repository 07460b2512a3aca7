"""The intervention workflow in the audit log: every step (flag, review, plan, action, monitoring, decision,
closure) is one ALTERATION entry of record type "policing_flag", written in the step's own transaction, so a
refused step leaves no entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portcullis.core import access, audit
from portcullis.core.db import unit_of_work
from portcullis.policing import demo, imports, interventions

UNIT = access.Principal(
    kind="user",
    user_id="u" * 32,
    name="Performance Unit analyst",
    permissions=frozenset({"policing.read", "policing.read.all", "policing.intervene", "policing.decide"}),
)


def _flag() -> str:
    months = ["2025-03", "2025-04", "2025-05"]
    with unit_of_work() as uow:
        imports.save_rows(uow, kind="999", rows=demo.rows_999(months), filename="t.csv", actor=access.SYSTEM)
    return next(
        r["flag_id"]
        for r in interventions.run_flags(month="2025-05", actor=access.SYSTEM)
        if r.get("flagged")
    )


def _entries(flag_id: str) -> list[audit.AuditEntry]:
    with unit_of_work() as uow:
        rows = uow.session.scalars(
            select(audit.AuditEntry)
            .where(audit.AuditEntry.record_id == flag_id)
            .order_by(audit.AuditEntry.seq)
        ).all()
        uow.session.expunge_all()
        return list(rows)


def test_each_workflow_step_is_written_to_the_audit_log_as_an_alteration_of_the_flag(database) -> None:  # type: ignore[no-untyped-def]
    flag_id = _flag()
    interventions.advance(flag_id=flag_id, to_status="under_review", note="Reviewing", actor=UNIT)
    interventions.advance(flag_id=flag_id, to_status="improvement_plan", note="Plan agreed", actor=UNIT)
    interventions.add_action(
        flag_id=flag_id,
        description="Recruit call handlers",
        owner="Chief Constable",
        due="2025-09-30",
        actor=UNIT,
    )
    interventions.advance(flag_id=flag_id, to_status="monitored", note="Under way", actor=UNIT)
    interventions.record_decision(
        flag_id=flag_id, decision="support", decided_on="2025-06-01", notes="Support", actor=UNIT
    )
    interventions.advance(flag_id=flag_id, to_status="closed", note="Back above target", actor=UNIT)

    entries = _entries(flag_id)
    assert [e.details["step"] for e in entries] == [
        "flagged",
        "review",
        "improvement_plan",
        "action_added",
        "monitoring",
        "home_secretary_decision",
        "closure",
    ]
    assert {e.operation for e in entries} == {audit.Operation.ALTERATION}
    assert {e.record_type for e in entries} == {"policing_flag"}
    assert entries[0].actor_kind == access.SYSTEM.kind
    assert {e.actor_id for e in entries[1:]} == {UNIT.user_id}
    assert (
        entries[1].details["from_status"] == "flagged" and entries[1].details["to_status"] == "under_review"
    )
    assert entries[5].details["decision"] == "support"
    assert all(e.subject_id is None for e in entries)  # a force, not a person
    with unit_of_work() as uow:
        assert audit.verify(uow.session).ok


def test_a_refused_step_leaves_no_audit_entry(database) -> None:  # type: ignore[no-untyped-def]
    flag_id = _flag()
    before = len(_entries(flag_id))
    with pytest.raises(interventions.WorkflowError):
        interventions.advance(flag_id=flag_id, to_status="closed", note="too soon", actor=UNIT)
    with pytest.raises(interventions.WorkflowError):
        interventions.record_decision(
            flag_id=flag_id, decision="support", decided_on="2025-07-01", notes="", actor=UNIT
        )
    assert len(_entries(flag_id)) == before


def test_a_step_that_fails_after_it_is_audited_takes_its_audit_entry_back_with_it(
    database, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    flag_id = _flag()
    before = len(_entries(flag_id))

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(interventions, "HomeSecretaryDecisionRecorded", fail)
    with pytest.raises(RuntimeError):
        interventions.record_decision(
            flag_id=flag_id, decision="support", decided_on="2025-06-01", notes="", actor=UNIT
        )
    assert len(_entries(flag_id)) == before
