"""Intervention flags and their workflow: the rules flag forces; each flag moves through review, an
improvement plan with owned actions, monitoring and closure, and the Home Secretary's decision is recorded.
Every step is in the flag's history and in the audit log (operation ALTERATION, record type
"policing_flag"), written in the same transaction as the step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.policing import forces, rules
from portcullis.policing.events import ForceFlagged, HomeSecretaryDecisionRecorded
from portcullis.policing.models import Decision, Flag, FlagEvent, PlanAction
from portcullis.policing.service import may_see, measure_pairs

STATUSES = ("flagged", "under_review", "improvement_plan", "monitored", "closed")
TRANSITIONS = {
    "flagged": ("under_review",),
    "under_review": ("improvement_plan", "closed"),
    "improvement_plan": ("monitored",),
    "monitored": ("improvement_plan", "closed"),
    "closed": (),
}
# The name of each workflow step in the audit log, by the status it moves the flag to.
STEPS = {
    "under_review": "review",
    "improvement_plan": "improvement_plan",
    "monitored": "monitoring",
    "closed": "closure",
}
DECISIONS = {
    "no_intervention": "No intervention: the force's own plan is enough",
    "support": "Support from the Performance Unit and the College of Policing",
    "hmicfrs_inspection": "Ask HMICFRS to inspect",
    "formal_intervention": "Formal intervention by the Home Secretary",
}


class WorkflowError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def _month_start(month: str) -> dt.date:
    try:
        return dt.date(int(month[:4]), int(month[5:7]), 1)
    except (ValueError, IndexError):
        raise WorkflowError("month", f"{month!r} is not a month like 2025-04") from None


def run_flags(*, month: str, actor: Principal) -> list[dict[str, Any]]:
    """Apply the intervention rules to every territorial force for the month; record new flags (a flag for
    the same force, rule and month is never recorded twice). Returns every decision with its reasons."""
    on = _month_start(month)
    if (on.year, on.month) > (clock.today_in_london().year, clock.today_in_london().month):
        raise WorkflowError("month", f"{month} is in the future")
    with unit_of_work() as uow:
        return flags_in(uow, month=month, actor=actor)


def flags_in(uow: UnitOfWork, *, month: str, actor: Principal) -> list[dict[str, Any]]:
    """run_flags inside the caller's unit of work (the demo loader uses it)."""
    on = _month_start(month)
    snapshot = policy.at(on)
    out: list[dict[str, Any]] = []
    calls = measure_pairs(uow.session, "calls_999_within_10s")
    attendance = measure_pairs(uow.session, "emergency_attendance_within_standard")
    for force in forces.territorial():
        shares = {mo: (n / d if d else None) for (f, mo), (n, d) in calls.items() if f == force.code}
        decisions = []
        try:
            decisions.append(
                rules.call_answering_flag(
                    force=force.code, month=month, shares=shares, on=on, snapshot=snapshot
                )
            )
        except ParameterNotInForce as exc:
            out.append({"force": force.code, "rule": "calls_999", "flagged": False, "refused": str(exc)})
        if (force.code, month) in attendance:
            num, den = attendance[(force.code, month)]
            try:
                decisions.append(
                    rules.attendance_flag(
                        force=force.code,
                        month=month,
                        emergencies=int(den or 0),
                        within_standard=int(num),
                        on=on,
                        snapshot=snapshot,
                    )
                )
            except ParameterNotInForce as exc:
                out.append({"force": force.code, "rule": "attendance", "flagged": False, "refused": str(exc)})
        for d in decisions:
            item: dict[str, Any] = {
                "force": d.force,
                "rule": d.rule,
                "month": d.month,
                "flagged": d.flagged,
                "reasons": list(d.reasons),
                "parameters": [p.as_dict() for p in d.used],
            }
            if d.flagged:
                item["flag_id"] = _record_flag(uow, d, actor)
            out.append(item)
    return out


def _record_flag(uow: UnitOfWork, d: rules.FlagDecision, actor: Principal) -> str:
    existing = uow.session.scalar(
        select(Flag).where(Flag.force == d.force, Flag.rule == d.rule, Flag.month == d.month)
    )
    if existing is not None:
        return existing.id
    flag = Flag(
        force=d.force,
        rule=d.rule,
        month=d.month,
        status="flagged",
        reasons=list(d.reasons),
        parameters=[p.as_dict() for p in d.used],
    )
    flag.events.append(
        FlagEvent(
            at=clock.now(),
            actor=actor.name,
            from_status=None,
            to_status="flagged",
            note="Flagged by rule " + d.rule,
        )
    )
    uow.session.add(flag)
    uow.flush()
    _audit_step(uow, flag, actor, "flagged", to_status="flagged")
    uow.publish(ForceFlagged(flag_id=flag.id, force=d.force, rule=d.rule, month=d.month))
    return flag.id


def _audit_step(uow: UnitOfWork, flag: Flag, actor: Principal, step: str, **details: Any) -> None:
    """One audit entry per workflow step, in the step's transaction. Flags concern forces, not people, so
    the details name the force, the step and the statuses; the free-text notes stay in the flag's history."""
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="policing_flag",
        record_id=flag.id,
        justification=f"Intervention workflow: {step.replace('_', ' ')}",
        details={"force": flag.force, "rule": flag.rule, "month": flag.month, "step": step, **details},
    )


def get_flag(session: Session, flag_id: str, principal: Principal) -> Flag:
    flag = session.get(Flag, flag_id)
    if flag is None or not may_see(principal, flag.force):
        raise WorkflowError("flag", "no such flag")
    return flag


def list_flags(session: Session, principal: Principal) -> list[Flag]:
    rows = session.scalars(select(Flag).order_by(Flag.month.desc(), Flag.force)).all()
    return [f for f in rows if may_see(principal, f.force)]


def advance(*, flag_id: str, to_status: str, note: str, actor: Principal) -> None:
    with unit_of_work() as uow:
        flag = get_flag(uow.session, flag_id, actor)
        if to_status not in TRANSITIONS.get(flag.status, ()):
            allowed = ", ".join(TRANSITIONS.get(flag.status, ())) or "nothing (it is closed)"
            raise WorkflowError("status", f"a {flag.status} flag can move to {allowed}, not {to_status}")
        if to_status == "monitored" and not flag.actions:
            raise WorkflowError(
                "status", "add at least one action with an owner to the improvement plan first"
            )
        if not note.strip():
            raise WorkflowError("note", "say why the flag is moving on")
        flag.events.append(
            FlagEvent(
                at=clock.now(),
                actor=actor.name,
                from_status=flag.status,
                to_status=to_status,
                note=note.strip(),
            )
        )
        _audit_step(uow, flag, actor, STEPS[to_status], from_status=flag.status, to_status=to_status)
        flag.status = to_status


def add_action(*, flag_id: str, description: str, owner: str, due: str, actor: Principal) -> None:
    errors = []
    if not description.strip():
        errors.append(WorkflowError("description", "describe the action"))
    if not owner.strip():
        errors.append(WorkflowError("owner", "name the person or team who owns the action"))
    try:
        due_date = dt.date.fromisoformat(due)
    except ValueError:
        errors.append(WorkflowError("due", "enter the due date like 2025-09-30"))
    if errors:
        raise errors[0]
    with unit_of_work() as uow:
        flag = get_flag(uow.session, flag_id, actor)
        if flag.status not in ("improvement_plan", "monitored"):
            raise WorkflowError("status", "actions belong to an improvement plan: move the flag there first")
        flag.actions.append(PlanAction(description=description.strip(), owner=owner.strip(), due=due_date))
        _audit_step(uow, flag, actor, "action_added", status=flag.status, due=due_date.isoformat())


def record_decision(*, flag_id: str, decision: str, decided_on: str, notes: str, actor: Principal) -> None:
    if decision not in DECISIONS:
        raise WorkflowError("decision", f"choose one of: {', '.join(DECISIONS)}")
    try:
        on = dt.date.fromisoformat(decided_on)
    except ValueError:
        raise WorkflowError("decided_on", "enter the date of the decision like 2025-09-30") from None
    if on > clock.today_in_london():
        raise WorkflowError("decided_on", "the decision date cannot be in the future")
    with unit_of_work() as uow:
        flag = get_flag(uow.session, flag_id, actor)
        flag.decisions.append(
            Decision(
                decision=decision,
                decided_on=on,
                decided_by="Home Secretary",
                recorded_by=actor.name,
                notes=notes.strip(),
            )
        )
        flag.events.append(
            FlagEvent(
                at=clock.now(),
                actor=actor.name,
                from_status=flag.status,
                to_status=flag.status,
                note=f"Home Secretary's decision: {DECISIONS[decision]}",
            )
        )
        _audit_step(uow, flag, actor, "home_secretary_decision", decision=decision, decided_on=on.isoformat())
        uow.publish(HomeSecretaryDecisionRecorded(flag_id=flag.id, force=flag.force, decision=decision))
