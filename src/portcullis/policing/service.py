"""Policing use cases: the settlement for a year (official table if imported, else the ILLUSTRATIVE one),
performance measures per force against national and most-similar forces, intervention flags and their
workflow, and the Neighbourhood Policing Guarantee tracker."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.policing import forces, measures, rules, tables
from portcullis.policing.events import ForceFlagged, HomeSecretaryDecisionRecorded
from portcullis.policing.models import (
    AttendanceMonth,
    CallMonth,
    Decision,
    Flag,
    FlagEvent,
    MeasureValue,
    NeighbourhoodReturn,
    PlanAction,
    PolicingImport,
    SettlementInputRow,
)
from portcullis.policing.values import ForceInput, Scenario, SettlementInputs, SettlementResult

READ, READ_ALL = "policing.read", "policing.read.all"


# --- Settlement -------------------------------------------------------------------------------------------


def settlement_inputs(session: Session, *, year: str) -> SettlementInputs:
    rows = session.scalars(select(SettlementInputRow).where(SettlementInputRow.year == year)).all()
    if rows:
        fi = tuple(
            ForceInput(r.force, *(Decimal(str(getattr(r, k))) for k in tables.REQUIRED[1:]))
            for r in sorted(rows, key=lambda r: r.force)
        )
        return SettlementInputs(
            year, fi, f"Official table imported from {rows[0].source}", illustrative=False
        )
    path = tables.illustrative_path(year)
    if not path.exists():
        raise rules.SettlementRefused(
            "year", f"there is no per-force table for {year}: import the official one"
        )
    return SettlementInputs(
        year,
        tables.parse_table(path.read_text(encoding="utf-8")),
        "ILLUSTRATIVE shares (the official 2025-26 per-force table was not found)",
        illustrative=True,
    )


def settlement(*, year: str, scenario: Scenario | None = None) -> SettlementResult:
    """The year's settlement for every force, reconciled to the national figures (refuses, naming the field,
    when the year has no parameters or no table)."""
    on = rules.financial_year_start(year)
    with unit_of_work() as uow:
        inputs = settlement_inputs(uow.session, year=year)
    try:
        return rules.settle(inputs, on=on, snapshot=policy.at(on), scenario=scenario)
    except ParameterNotInForce as exc:
        raise rules.SettlementRefused(
            "year", f"no settlement parameters in force for {year} ({exc})"
        ) from None


NATIONAL_FIGURES = (
    "total_funding",
    "pcc_funding",
    "pcc_funding_rise",
    "core_grant_rise",
    "nic_grant",
    "neighbourhood_policing_grant",
    "nicc_grant_rise",
    "counter_terrorism_rise",
    "priorities.modernisation",
    "priorities.violence_reduction_units",
    "priorities.county_lines",
)


def national_figures(*, year: str) -> list[policy.ParameterValue]:
    """The year's headline national figures as cited parameters (those not in force are left out)."""
    snapshot = policy.at(rules.financial_year_start(year))
    found = (snapshot.maybe("policing.settlement." + name) for name in NATIONAL_FIGURES)
    return [p for p in found if p is not None and p.value is not None]


# --- Who sees what ------------------------------------------------------------------------------------------


def visible_forces(principal: Principal) -> list[forces.Force]:
    """Force analysts see their own force; national analysts (policing.read.all) see every force."""
    return [
        f for f in forces.all_forces() if principal.can(READ_ALL) or principal.sees_organisation(READ, f.code)
    ]


def may_see(principal: Principal, code: str) -> bool:
    return principal.can(READ_ALL) or principal.sees_organisation(READ, code)


# --- Measures -----------------------------------------------------------------------------------------------

Pairs = dict[tuple[str, str], tuple[Decimal, Decimal | None]]  # (force, month) -> (numerator, denominator)


_CACHE: dict[tuple[int, str], tuple[tuple[Any, ...], Pairs]] = {}


def _data_version(session: Session) -> tuple[Any, ...]:
    """Changes whenever an import (or demo load) adds data: every change of data records a PolicingImport."""
    row = session.execute(
        select(
            func.count(PolicingImport.id), func.max(PolicingImport.id), func.max(PolicingImport.imported_at)
        )
    ).one()
    return tuple(row)


def measure_pairs(session: Session, code: str) -> Pairs:
    """Every force's numerator and denominator by month for one measure, by its standard definition.
    Cached until the next import, so dashboards do not re-read the tables on every request."""
    measures.get(code)
    key = (id(session.get_bind()), code)
    version = _data_version(session)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    pairs = _read_pairs(session, code)
    _CACHE[key] = (version, pairs)
    return pairs


def _read_pairs(session: Session, code: str) -> Pairs:
    m = measures.get(code)
    out: Pairs = {}
    if m.source == "999":
        q = select(
            CallMonth.force,
            CallMonth.month,
            CallMonth.calls_answered,
            CallMonth.within_10s,
            CallMonth.mean_answer_seconds,
        )
        for force, month, calls, within, mean in session.execute(q):
            num = Decimal(within) if code == "calls_999_within_10s" else Decimal(str(mean)) * calls
            out[(force, month)] = (num, Decimal(calls))
    elif m.source == "incidents":
        q = (
            select(
                AttendanceMonth.force,
                AttendanceMonth.month,
                func.sum(AttendanceMonth.incidents),
                func.sum(AttendanceMonth.attended),
                func.sum(AttendanceMonth.within_standard),
                func.sum(AttendanceMonth.total_minutes),
            )
            .where(AttendanceMonth.grade == "emergency")
            .group_by(AttendanceMonth.force, AttendanceMonth.month)
        )
        for force, month, incidents, attended, within, minutes in session.execute(q):
            if code == "emergency_attendance_within_standard":
                if within is not None:
                    out[(force, month)] = (Decimal(within), Decimal(incidents))
            else:
                out[(force, month)] = (Decimal(str(minutes or 0)), Decimal(attended or 0))
    elif m.source == "neighbourhood":
        n = NeighbourhoodReturn
        q = select(
            n.force,
            n.month,
            n.officers,
            n.pcsos,
            n.specials,
            n.named_officer_neighbourhoods,
            n.neighbourhoods,
            n.queries_answered_72h,
            n.queries,
        )
        for force, month, officers, pcsos, specials, named, hoods, answered, queries in session.execute(q):
            if code == "neighbourhood_workforce":
                out[(force, month)] = (Decimal(officers + pcsos + specials), None)
            elif code == "named_officer_coverage":
                out[(force, month)] = (Decimal(named), Decimal(hoods))
            else:
                out[(force, month)] = (Decimal(answered), Decimal(queries))
    else:
        q = select(
            MeasureValue.force, MeasureValue.month, MeasureValue.numerator, MeasureValue.denominator
        ).where(MeasureValue.measure == code)
        for force, month, num, den in session.execute(q):
            out[(force, month)] = (Decimal(str(num)), Decimal(str(den)))
    return out


def _combine(m: measures.Measure, pairs: list[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    if not pairs:
        return None
    num = sum((p[0] for p in pairs), Decimal(0))
    dens = [p[1] for p in pairs]
    if any(d is None for d in dens):
        return num / len(pairs)  # a count: the average per force, so groups of any size compare
    return m.value(num, sum((d for d in dens if d is not None), Decimal(0)))


@dataclass(frozen=True)
class Comparison:
    measure: measures.Measure
    force: forces.Force
    months: list[str]
    force_values: list[Decimal | None]
    msf_values: list[Decimal | None]
    national_values: list[Decimal | None]
    msf: tuple[forces.Force, ...]


def compare(session: Session, *, code: str, force: str, pairs: Pairs | None = None) -> Comparison:
    """A force against the national figure (every territorial force summed) and its most-similar forces."""
    m = measures.get(code)
    pairs = measure_pairs(session, code) if pairs is None else pairs
    me = forces.get(force)
    msf = forces.most_similar(force)
    msf_codes = {f.code for f in msf}
    territorial = {f.code for f in forces.territorial()}
    months = sorted({month for (_, month) in pairs})
    by_month: dict[str, dict[str, tuple[Decimal, Decimal | None]]] = defaultdict(dict)
    for (f, month), pair in pairs.items():
        by_month[month][f] = pair
    fv, sv, nv = [], [], []
    for month in months:
        row = by_month[month]
        fv.append(_combine(m, [row[force]]) if force in row else None)
        sv.append(_combine(m, [p for f, p in row.items() if f in msf_codes]))
        nv.append(_combine(m, [p for f, p in row.items() if f in territorial]))
    return Comparison(m, me, months, fv, sv, nv, msf)


def league(
    session: Session, *, code: str, month: str | None = None, pairs: Pairs | None = None
) -> tuple[str | None, list[tuple[int, forces.Force, Decimal]]]:
    """Forces ranked on a measure for a month (the latest with data if none given), best first."""
    m = measures.get(code)
    pairs = measure_pairs(session, code) if pairs is None else pairs
    months = sorted({mo for (_, mo) in pairs})
    if not months:
        return None, []
    month = month or months[-1]
    values = []
    for (f, mo), pair in pairs.items():
        v = m.value(*pair) if mo == month else None
        if v is not None and forces.exists(f):
            values.append((forces.get(f), v))
    values.sort(key=lambda fv: (-fv[1] if m.higher_is_better else fv[1], fv[0].code))
    return month, [(i + 1, f, v) for i, (f, v) in enumerate(values)]


# --- Interventions ------------------------------------------------------------------------------------------

STATUSES = ("flagged", "under_review", "improvement_plan", "monitored", "closed")
TRANSITIONS = {
    "flagged": ("under_review",),
    "under_review": ("improvement_plan", "closed"),
    "improvement_plan": ("monitored",),
    "monitored": ("improvement_plan", "closed"),
    "closed": (),
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
    uow.publish(ForceFlagged(flag_id=flag.id, force=d.force, rule=d.rule, month=d.month))
    return flag.id


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
        uow.publish(HomeSecretaryDecisionRecorded(flag_id=flag.id, force=flag.force, decision=decision))
