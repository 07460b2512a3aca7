"""Intervention rules and the flag -> review -> plan -> monitored -> closed workflow."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portcullis.core import access, policy
from portcullis.core.db import unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.policing import demo, imports, interventions, rules
from portcullis.policing.models import Flag

ON = date(2025, 6, 1)


def test_a_force_under_90_percent_for_three_consecutive_months_is_flagged() -> None:
    shares = {"2025-03": Decimal("0.85"), "2025-04": Decimal("0.88"), "2025-05": Decimal("0.899")}
    d = rules.call_answering_flag(force="kent", month="2025-05", shares=shares, on=ON, snapshot=policy.at(ON))
    assert d.flagged
    assert len(d.reasons) == 3
    assert {p.name for p in d.used} == {
        "policing.performance.call_answer_target",
        "policing.performance.call_answer_flag_months",
    }


def test_a_force_that_meets_the_target_in_one_of_the_three_months_is_not_flagged() -> None:
    shares = {"2025-03": Decimal("0.85"), "2025-04": Decimal("0.90"), "2025-05": Decimal("0.80")}
    d = rules.call_answering_flag(force="kent", month="2025-05", shares=shares, on=ON, snapshot=policy.at(ON))
    assert not d.flagged


def test_a_missing_month_breaks_the_run_and_says_so() -> None:
    shares = {"2025-03": Decimal("0.85"), "2025-05": Decimal("0.80")}
    d = rules.call_answering_flag(force="kent", month="2025-05", shares=shares, on=ON, snapshot=policy.at(ON))
    assert not d.flagged
    assert any("2025-04: no 999 data" in r for r in d.reasons)


def test_the_run_of_months_crosses_a_year_end() -> None:
    assert rules.previous_months("2025-02", 3) == ["2024-12", "2025-01", "2025-02"]


def test_attendance_below_the_threshold_is_flagged_from_the_day_the_standards_take_effect() -> None:
    on = date(2024, 11, 17)
    d = rules.attendance_flag(
        force="kent", month="2024-11", emergencies=100, within_standard=80, on=on, snapshot=policy.at(on)
    )
    assert d.flagged
    assert "15 min urban, 20 min rural" in d.reasons[0]


def test_the_attendance_rule_refuses_the_day_before_the_standards_exist() -> None:
    on = date(2024, 11, 16)
    with pytest.raises(ParameterNotInForce):
        rules.attendance_flag(
            force="kent", month="2024-11", emergencies=100, within_standard=80, on=on, snapshot=policy.at(on)
        )
    assert rules.attendance_standards(on=on, snapshot=policy.at(on)).minutes == {"urban": None, "rural": None}


def _load_months(months: list[str]) -> None:
    with unit_of_work() as uow:
        imports.save_rows(uow, kind="999", rows=demo.rows_999(months), filename="t.csv", actor=access.SYSTEM)


def test_running_the_flags_twice_records_and_announces_each_flag_once(database) -> None:  # type: ignore[no-untyped-def]
    from portcullis.core import events
    from portcullis.policing.events import ForceFlagged

    seen: list[ForceFlagged] = []
    handler = events.subscribe(ForceFlagged)(seen.append)
    _load_months(["2025-02", "2025-03", "2025-04", "2025-05"])
    first = interventions.run_flags(month="2025-05", actor=access.SYSTEM)
    second = interventions.run_flags(month="2025-05", actor=access.SYSTEM)
    events._handlers[ForceFlagged].remove(handler)
    assert sorted(e.force for e in seen) == sorted(r["force"] for r in first if r.get("flagged"))
    flagged = sorted(r["force"] for r in first if r.get("flagged"))
    assert "cleveland" in flagged
    assert "kent" not in flagged
    assert [r.get("flag_id") for r in first] == [r.get("flag_id") for r in second]
    with unit_of_work() as uow:
        assert len(uow.session.query(Flag).all()) == len(flagged)


def test_flags_for_a_future_month_are_refused(database) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(interventions.WorkflowError) as exc:
        interventions.run_flags(month="2025-07", actor=access.SYSTEM)
    assert exc.value.field == "month"


def test_a_flag_moves_through_review_plan_monitoring_and_closure_with_the_home_secretary_s_decision(
    database,
) -> None:  # type: ignore[no-untyped-def]
    _load_months(["2025-03", "2025-04", "2025-05"])
    flag_id = next(
        r["flag_id"]
        for r in interventions.run_flags(month="2025-05", actor=access.SYSTEM)
        if r.get("flagged")
    )
    unit = access.Principal(
        kind="user",
        name="Unit",
        permissions=frozenset(
            {"policing.read", "policing.read.all", "policing.intervene", "policing.decide"}
        ),
    )
    interventions.advance(
        flag_id=flag_id, to_status="under_review", note="Reviewing the call data", actor=unit
    )
    with pytest.raises(interventions.WorkflowError) as exc:
        interventions.advance(flag_id=flag_id, to_status="monitored", note="skip", actor=unit)
    assert exc.value.field == "status"
    interventions.advance(flag_id=flag_id, to_status="improvement_plan", note="Plan agreed", actor=unit)
    with pytest.raises(interventions.WorkflowError) as exc:
        interventions.advance(flag_id=flag_id, to_status="monitored", note="no actions", actor=unit)
    assert "action" in exc.value.reason
    with pytest.raises(interventions.WorkflowError) as exc:
        interventions.add_action(
            flag_id=flag_id, description="Recruit call handlers", owner="", due="2025-09-30", actor=unit
        )
    assert exc.value.field == "owner"
    interventions.add_action(
        flag_id=flag_id,
        description="Recruit call handlers",
        owner="Chief Constable",
        due="2025-09-30",
        actor=unit,
    )
    interventions.advance(flag_id=flag_id, to_status="monitored", note="Actions under way", actor=unit)
    with pytest.raises(interventions.WorkflowError) as exc:
        interventions.record_decision(
            flag_id=flag_id, decision="support", decided_on="2025-07-01", notes="", actor=unit
        )
    assert exc.value.field == "decided_on"
    interventions.record_decision(
        flag_id=flag_id, decision="support", decided_on="2025-06-01", notes="Support", actor=unit
    )
    interventions.advance(flag_id=flag_id, to_status="closed", note="Back above target", actor=unit)
    with unit_of_work() as uow:
        flag = uow.session.get(Flag, flag_id)
        assert flag is not None
        assert flag.status == "closed"
        assert [e.to_status for e in flag.events][-1] == "closed"
        assert flag.decisions[0].decided_by == "Home Secretary"
        assert flag.actions[0].owner == "Chief Constable"


def test_the_neighbourhood_uplift_is_measured_against_both_targets() -> None:
    on = date(2026, 3, 31)
    p = rules.neighbourhood_uplift(baseline=50000, current=53100, on=on, snapshot=policy.at(on))
    assert p.uplift == 3100
    assert p.targets[0] == (date(2026, 3, 31), 3000, True)
    assert p.targets[1][1:] == (13000, False)


def test_the_neighbourhood_targets_do_not_exist_before_the_guarantee_was_announced() -> None:
    on = date(2024, 12, 16)
    with pytest.raises(ParameterNotInForce):
        rules.neighbourhood_uplift(baseline=1, current=2, on=on, snapshot=policy.at(on))
