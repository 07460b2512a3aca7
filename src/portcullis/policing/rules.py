"""Pure policing rules: the settlement allocation engine and the intervention triggers.

Values in, a decision with its reasons and the ParameterValues it used out. No I/O, no clock, no database.

Rounding (documented, and tested): every national line total is a control figure in pence. Each force's
exact (unrounded) amount is its weight's share of the control total; each amount is rounded DOWN to the penny,
and the pennies left over go one each to the forces with the largest remainders (ties: force code order).
So the per-force figures always add up to the national figure exactly (largest-remainder, Hamilton, method).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.policing.values import (
    DAMPING_MODES,
    GRANT_LINES,
    PENNY,
    Check,
    ForceAllocation,
    Scenario,
    SettlementInputs,
    SettlementResult,
    cash_change,
    real_change,
)

__all__ = ["SettlementRefused", "allocate", "cash_change", "financial_year_start", "real_change", "settle"]

P = "policing.settlement."


class SettlementRefused(ValueError):
    """The engine cannot decide; `field` names the input at fault."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def financial_year_start(year: str) -> dt.date:
    """'2025-26' -> 1 April 2025 (the day the year's settlement parameters take effect)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", year.strip())
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise SettlementRefused("year", f"{year!r} is not a financial year like 2025-26")
    return dt.date(int(m.group(1)), 4, 1)


def money(value: object) -> Decimal:
    """A parameter's amount as an exact Decimal (YAML gives floats; these are whole pence)."""
    return Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)


def allocate(total: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal]:
    """Split `total` (whole pence) in proportion to `weights`, to the penny, by largest remainder."""
    if total != total.quantize(PENNY):
        raise SettlementRefused("total", f"{total} is not a whole number of pence")
    if any(w < 0 for w in weights.values()):
        raise SettlementRefused("weights", "a weight is negative")
    weight_sum = sum(weights.values(), Decimal(0))
    if not weights:
        return {}
    if weight_sum == 0:
        if total != 0:
            raise SettlementRefused("weights", "all weights are zero but the total is not")
        return {k: Decimal("0.00") for k in weights}
    with localcontext() as ctx:
        ctx.prec = 50
        exact = {k: total * w / weight_sum for k, w in weights.items()}
        floored = {k: v.quantize(PENNY, rounding=ROUND_DOWN) for k, v in exact.items()}
        left = int((total - sum(floored.values(), Decimal(0))) / PENNY)
        order = sorted(weights, key=lambda k: (-(exact[k] - floored[k]), k))
    if not 0 <= left <= len(weights):
        raise SettlementRefused("total", "rounding left an impossible number of pennies")
    for k in order[:left]:
        floored[k] += PENNY
    return floored


def _floor_damped(
    total: Decimal, previous: dict[str, Decimal], shares: dict[str, Decimal], floor: Decimal
) -> dict[str, Decimal]:
    """Formula allocation with a floor: no force's change is below `floor`; the cost is met by scaling back
    the gains of the forces above it (the same scale for all). Exact, unrounded weights."""
    with localcontext() as ctx:
        ctx.prec = 50
        share_sum = sum(shares.values(), Decimal(0))
        if share_sum <= 0:
            raise SettlementRefused("formula_share", "formula shares must add up to more than zero")
        formula = {k: total * shares[k] / share_sum for k in previous}
        floors = {k: previous[k] * (1 + floor) for k in previous}
        if sum(floors.values(), Decimal(0)) > total:
            raise SettlementRefused("floor", f"a floor of {floor * 100:.2f}% costs more than the core grant")
        gainers = [k for k in previous if formula[k] >= floors[k]]
        headroom = sum((formula[k] - floors[k] for k in gainers), Decimal(0))
        spare = total - sum(floors.values(), Decimal(0))
        scale = spare / headroom if headroom else Decimal(0)
        return {k: floors[k] + (scale * (formula[k] - floors[k]) if k in gainers else 0) for k in previous}


@dataclass
class _Used:
    items: dict[str, ParameterValue]

    def take(self, snapshot: Snapshot, name: str) -> ParameterValue:
        value = snapshot.value(name)  # raises ParameterNotInForce: the engine refuses rather than guesses
        self.items[name] = value
        return value


def settle(
    inputs: SettlementInputs, *, on: dt.date, snapshot: Snapshot, scenario: Scenario | None = None
) -> SettlementResult:
    """Allocate a year's settlement to every force and reconcile it with the national figures."""
    scenario = scenario or Scenario()
    used = _Used({})
    if not inputs.forces:
        raise SettlementRefused("forces", "the per-force table is empty")
    codes = [f.force for f in inputs.forces]
    if len(set(codes)) != len(codes):
        raise SettlementRefused("forces", "a force appears twice in the per-force table")
    reasons: list[str] = []

    pcc_funding = money(used.take(snapshot, P + "pcc_funding").value)
    rise = money(used.take(snapshot, P + "pcc_funding_rise").value)
    grant_rise = money(used.take(snapshot, P + "grant_rise").value)
    precept_rise_national = money(used.take(snapshot, P + "precept_rise").value)
    limit = money(used.take(snapshot, P + "band_d_precept_limit").value)
    core_rise = money(used.take(snapshot, P + "core_grant_rise").value)
    nicc_rise = money(used.take(snapshot, P + "nicc_grant_rise").value)
    nic = money(used.take(snapshot, P + "nic_grant").value)
    neighbourhood = money(used.take(snapshot, P + "neighbourhood_policing_grant").value)
    deflator = Decimal(str(used.take(snapshot, P + "gdp_deflator").value))
    damping = scenario.damping or str(used.take(snapshot, P + "damping").value)
    if damping not in DAMPING_MODES:
        raise SettlementRefused("damping", f"{damping!r} is not one of {', '.join(DAMPING_MODES)}")

    prev = {
        "core_grant": {f.force: f.core_grant_previous for f in inputs.forces},
        "legacy_council_tax_grants": {f.force: f.legacy_council_tax_grants for f in inputs.forces},
        "nicc_grant": {f.force: f.nicc_grant_previous for f in inputs.forces},
        "nic_grant": {f.force: Decimal("0.00") for f in inputs.forces},
        "neighbourhood_policing_grant": {f.force: Decimal("0.00") for f in inputs.forces},
        "other_grants": {f.force: f.other_grants_previous for f in inputs.forces},
    }
    prev_totals = {line: sum(prev[line].values(), Decimal(0)) for line in GRANT_LINES}
    grant_previous = sum(prev_totals.values(), Decimal(0))
    totals = {
        "core_grant": prev_totals["core_grant"] + core_rise,
        "legacy_council_tax_grants": prev_totals["legacy_council_tax_grants"],
        "nicc_grant": prev_totals["nicc_grant"] + nicc_rise,
        "nic_grant": nic,
        "neighbourhood_policing_grant": neighbourhood,
    }
    # The release's itemised rises need not add up to the grant rise: the balance is shown, not hidden.
    totals["other_grants"] = grant_previous + grant_rise - sum(totals.values(), Decimal(0))
    reasons.append(
        f"Other grant lines change by {totals['other_grants'] - prev_totals['other_grants']:,.2f} "
        "so that the grant rises by the settlement's grant rise."
    )
    for line, amount in scenario.line_totals.items():
        if line not in GRANT_LINES:
            raise SettlementRefused("line", f"{line!r} is not a grant line")
        if amount < 0 or amount != amount.quantize(PENNY):
            raise SettlementRefused(line, "must be a non-negative amount in whole pence")
        reasons.append(f"What-if: {line} set to {amount:,.2f} (settlement: {totals[line]:,.2f}).")
        totals[line] = amount
    if totals["other_grants"] < 0:
        raise SettlementRefused("other_grants", "the itemised lines exceed the grant total")

    core_prev = prev["core_grant"]
    if damping == "same_percentage":
        core_weights = core_prev
        reasons.append("Core grant damped: every force gets the same percentage change.")
    else:
        floor_value = scenario.floor
        if floor_value is None:
            floor_value = Decimal(str(used.take(snapshot, P + "damping_floor").value))
        core_weights = _floor_damped(
            totals["core_grant"], core_prev, {f.force: f.formula_share for f in inputs.forces}, floor_value
        )
        reasons.append(
            f"Core grant by formula share with a floor of {floor_value * 100:.2f}%, "
            "gains above the floor scaled back to pay for it."
        )
    other_weight = {k: v for k, v in prev["other_grants"].items()}
    lines_year = {
        "core_grant": allocate(totals["core_grant"], core_weights),
        "legacy_council_tax_grants": allocate(
            totals["legacy_council_tax_grants"], prev["legacy_council_tax_grants"]
        ),
        "nicc_grant": allocate(totals["nicc_grant"], prev["nicc_grant"]),
        # NIC and neighbourhood grants by last year's core grant share (documented assumption).
        "nic_grant": allocate(totals["nic_grant"], core_prev),
        "neighbourhood_policing_grant": allocate(totals["neighbourhood_policing_grant"], core_prev),
        "other_grants": allocate(totals["other_grants"], other_weight),
    }

    band_d = scenario.band_d_rise if scenario.band_d_rise is not None else limit
    if band_d < 0:
        raise SettlementRefused("band_d_rise", "must not be negative")
    tax_bases = {f.force: f.tax_base for f in inputs.forces}
    with localcontext() as ctx:
        ctx.prec = 50
        precept_control = (band_d * sum(tax_bases.values(), Decimal(0))).quantize(PENNY, ROUND_HALF_UP)
    precept_rises = allocate(precept_control, tax_bases)
    reasons.append(f"Precept rises by {band_d:.2f} GBP at Band D times each force's tax base.")

    allocations = tuple(
        ForceAllocation(
            force=f.force,
            lines_previous={line: prev[line][f.force] for line in GRANT_LINES},
            lines={line: lines_year[line][f.force] for line in GRANT_LINES},
            precept_previous=f.precept_previous,
            precept_rise=precept_rises[f.force],
        )
        for f in inputs.forces
    )
    precept_previous = sum((f.precept_previous for f in inputs.forces), Decimal(0))
    total_prev = grant_previous + precept_previous
    total = sum(totals.values(), Decimal(0)) + precept_previous + precept_control
    checks = [
        Check(
            "per-force totals add up to the national total",
            total,
            sum((a.total for a in allocations), Decimal(0)),
            exact=True,
        ),
    ]
    if scenario.is_baseline:
        stated_cash = Decimal(str(used.take(snapshot, P + "stated_cash_change").value))
        stated_real = Decimal(str(used.take(snapshot, P + "stated_real_change").value))
        one_dp = Decimal("0.1")
        checks += [
            Check("funding to PCCs", pcc_funding, total, exact=True),
            Check("rise in funding to PCCs", rise, total - total_prev, exact=True),
            Check(
                "rise from grant", grant_rise, sum(totals.values(), Decimal(0)) - grant_previous, exact=True
            ),
            Check("rise from precept", precept_rise_national, precept_control, exact=True),
            Check(
                "cash change (%, 1 d.p.)",
                stated_cash,
                cash_change(total_prev, total).quantize(one_dp, ROUND_HALF_UP),
                exact=False,
            ),
            Check(
                "real change (%, 1 d.p.)",
                stated_real,
                real_change(total_prev, total, deflator).quantize(one_dp, ROUND_HALF_UP),
                exact=False,
            ),
        ]
    return SettlementResult(
        year=inputs.year,
        scenario=scenario,
        allocations=allocations,
        line_totals_previous=prev_totals,
        line_totals=totals,
        precept_previous=precept_previous,
        precept_rise=precept_control,
        deflator=deflator,
        damping=damping,
        checks=tuple(checks),
        reasons=tuple(reasons),
        used=tuple(used.items.values()),
        source=inputs.source,
        illustrative=inputs.illustrative,
    )


# --- Performance: attendance standards and intervention triggers -------------------------------------------

PERF = "policing.performance."
HOOD = "policing.neighbourhood."


@dataclass(frozen=True)
class Standards:
    minutes: dict[str, int | None]  # area -> minutes; None where no standard is in force
    used: tuple[ParameterValue, ...]


def attendance_standards(*, on: dt.date, snapshot: Snapshot) -> Standards:
    """The emergency attendance standard for urban and rural areas on a date (None before it exists)."""
    minutes: dict[str, int | None] = {}
    used = []
    for area in ("urban", "rural"):
        found = snapshot.maybe(f"{PERF}attendance_standard_{area}")
        minutes[area] = None if found is None or found.value is None else int(found.value)
        if found is not None:
            used.append(found)
    return Standards(minutes, tuple(used))


@dataclass(frozen=True)
class FlagDecision:
    force: str
    rule: str
    month: str
    flagged: bool
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...]


def previous_months(month: str, count: int) -> list[str]:
    """`count` months ending with `month`, oldest first: previous_months('2025-02', 3) -> Dec, Jan, Feb."""
    year, mon = int(month[:4]), int(month[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{mon:02d}")
        year, mon = (year - 1, 12) if mon == 1 else (year, mon - 1)
    return out[::-1]


def call_answering_flag(
    *, force: str, month: str, shares: dict[str, Decimal | None], on: dt.date, snapshot: Snapshot
) -> FlagDecision:
    """Flag a force whose share of 999 calls answered within 10 s was under the target in each of the last
    N consecutive months (N a parameter). A month without data breaks the run: no flag, and it says so."""
    target = snapshot.value(PERF + "call_answer_target")
    run = snapshot.value(PERF + "call_answer_flag_months")
    goal = Decimal(str(target.value))
    window = previous_months(month, int(run.value))
    reasons = []
    below = 0
    for m in window:
        share = shares.get(m)
        if share is None:
            reasons.append(f"{m}: no 999 data, so no run of months below target")
            continue
        if share < goal:
            below += 1
            reasons.append(
                f"{m}: {share * 100:.1f}% answered within 10 s, under the {goal * 100:.0f}% target"
            )
        else:
            reasons.append(
                f"{m}: {share * 100:.1f}% answered within 10 s, meets the {goal * 100:.0f}% target"
            )
    flagged = below == len(window)
    return FlagDecision(force, "calls_999", month, flagged, tuple(reasons), (target, run))


def attendance_flag(
    *, force: str, month: str, emergencies: int, within_standard: int, on: dt.date, snapshot: Snapshot
) -> FlagDecision:
    """Flag a force whose share of emergency incidents attended within the standard fell below the
    threshold in the month. Refuses (ParameterNotInForce) before the standards exist."""
    threshold = snapshot.value(PERF + "attendance_compliance_threshold")
    urban = snapshot.value(PERF + "attendance_standard_urban")
    rural = snapshot.value(PERF + "attendance_standard_rural")
    limit = Decimal(str(threshold.value))
    used = (threshold, urban, rural)
    if emergencies == 0:
        return FlagDecision(
            force, "attendance", month, False, (f"{month}: no emergency incidents recorded",), used
        )
    share = Decimal(within_standard) / Decimal(emergencies)
    verdict = "under" if share < limit else "meets"
    reason = (
        f"{month}: {share * 100:.1f}% of {emergencies} emergency incidents attended within the standard "
        f"({urban.value} min urban, {rural.value} min rural), {verdict} the {limit * 100:.0f}% threshold"
    )
    return FlagDecision(force, "attendance", month, share < limit, (reason,), used)


@dataclass(frozen=True)
class UpliftProgress:
    baseline_month: str
    baseline: int
    current: int
    uplift: int
    targets: tuple[tuple[dt.date, int, bool], ...]  # (by, extra people, met)
    used: tuple[ParameterValue, ...]


def neighbourhood_uplift(*, baseline: int, current: int, on: dt.date, snapshot: Snapshot) -> UpliftProgress:
    """Progress of the national neighbourhood workforce against the Guarantee's targets."""
    t1 = snapshot.value(HOOD + "target_march_2026")
    t2 = snapshot.value(HOOD + "target_2029")
    t2_date = snapshot.value(HOOD + "target_2029_date")
    base_month = snapshot.value(HOOD + "baseline_month")
    uplift = current - baseline
    by2 = t2_date.value if isinstance(t2_date.value, dt.date) else dt.date.fromisoformat(str(t2_date.value))
    targets = (
        (dt.date(2026, 3, 31), int(t1.value), uplift >= int(t1.value)),
        (by2, int(t2.value), uplift >= int(t2.value)),
    )
    return UpliftProgress(
        str(base_month.value), baseline, current, uplift, targets, (t1, t2, t2_date, base_month)
    )
