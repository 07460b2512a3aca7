"""Policing use cases: the settlement for a year (official table if imported, else the ILLUSTRATIVE one),
performance measures per force against national and most-similar forces, intervention flags and their
workflow, and the Neighbourhood Policing Guarantee tracker."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import policy
from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.policing import forces, measures, rules, tables
from portcullis.policing.models import (
    AttendanceMonth,
    CallMonth,
    MeasureValue,
    NeighbourhoodReturn,
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
