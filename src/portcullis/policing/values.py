"""Value types of the policing domain (plain frozen dataclasses) shared by the pure rules and the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from portcullis.core.policy import ParameterValue

# Grant lines of the settlement, in the order the tables show them.
GRANT_LINES: tuple[str, ...] = (
    "core_grant",
    "legacy_council_tax_grants",
    "nicc_grant",
    "nic_grant",
    "neighbourhood_policing_grant",
    "other_grants",
)
LINE_LABELS: dict[str, str] = {
    "core_grant": "Core grant (Police Main Grant and formula funding)",
    "legacy_council_tax_grants": "Legacy council tax grants",
    "nicc_grant": "National and International Capital City grant",
    "nic_grant": "National Insurance grant",
    "neighbourhood_policing_grant": "Neighbourhood policing grant",
    "other_grants": "Other grant lines (not itemised in the release)",
}
DAMPING_MODES = ("same_percentage", "floor")
PENNY = Decimal("0.01")


def cash_change(previous: Decimal, current: Decimal) -> Decimal:
    """Percentage change in cash terms (unrounded)."""
    if previous == 0:
        return Decimal(0)
    return (current / previous - 1) * 100


def real_change(previous: Decimal, current: Decimal, deflator: Decimal) -> Decimal:
    """Percentage change in real terms: this year's cash deflated to last year's prices."""
    if previous == 0:
        return Decimal(0)
    return (current / (1 + deflator) / previous - 1) * 100


@dataclass(frozen=True)
class ForceInput:
    """One force's inputs for a year's settlement: last year's grant lines and precept, its formula share
    and its council tax base (Band D equivalents)."""

    force: str
    core_grant_previous: Decimal
    formula_share: Decimal  # need share under the Police Allocation Formula (any scale; normalised)
    legacy_council_tax_grants: Decimal  # flat cash: the same both years
    nicc_grant_previous: Decimal
    other_grants_previous: Decimal
    precept_previous: Decimal
    tax_base: Decimal

    @property
    def grant_previous(self) -> Decimal:
        return (
            self.core_grant_previous
            + self.legacy_council_tax_grants
            + self.nicc_grant_previous
            + self.other_grants_previous
        )

    @property
    def total_previous(self) -> Decimal:
        return self.grant_previous + self.precept_previous


@dataclass(frozen=True)
class SettlementInputs:
    year: str  # financial year "2025-26"
    forces: tuple[ForceInput, ...]
    source: str  # where the per-force table came from
    illustrative: bool  # True unless an official table was imported


@dataclass(frozen=True)
class Scenario:
    """A what-if: change the Band D precept limit, a national grant line, or the damping."""

    band_d_rise: Decimal | None = None
    line_totals: dict[str, Decimal] = field(default_factory=dict)
    damping: str | None = None
    floor: Decimal | None = None

    @property
    def is_baseline(self) -> bool:
        return (
            self.band_d_rise is None and not self.line_totals and self.damping is None and self.floor is None
        )


@dataclass(frozen=True)
class ForceAllocation:
    force: str
    lines_previous: dict[str, Decimal]
    lines: dict[str, Decimal]
    precept_previous: Decimal
    precept_rise: Decimal

    @property
    def grant_previous(self) -> Decimal:
        return sum(self.lines_previous.values(), Decimal(0))

    @property
    def grant(self) -> Decimal:
        return sum(self.lines.values(), Decimal(0))

    @property
    def precept(self) -> Decimal:
        return self.precept_previous + self.precept_rise

    @property
    def total_previous(self) -> Decimal:
        return self.grant_previous + self.precept_previous

    @property
    def total(self) -> Decimal:
        return self.grant + self.precept


@dataclass(frozen=True)
class Check:
    """One reconciliation of the engine's totals against a national figure."""

    name: str
    expected: Decimal
    computed: Decimal
    exact: bool  # True: must match to the penny; False: must match at the stated rounding

    @property
    def difference(self) -> Decimal:
        return self.computed - self.expected

    @property
    def ok(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class SettlementResult:
    year: str
    scenario: Scenario
    allocations: tuple[ForceAllocation, ...]
    line_totals_previous: dict[str, Decimal]
    line_totals: dict[str, Decimal]
    precept_previous: Decimal
    precept_rise: Decimal
    deflator: Decimal
    damping: str
    checks: tuple[Check, ...]
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...]
    source: str
    illustrative: bool

    @property
    def total_previous(self) -> Decimal:
        return sum(self.line_totals_previous.values(), Decimal(0)) + self.precept_previous

    @property
    def total(self) -> Decimal:
        return sum(self.line_totals.values(), Decimal(0)) + self.precept_previous + self.precept_rise

    def as_dict(self) -> dict[str, Any]:
        def money(d: Decimal) -> str:
            return f"{d:.2f}"

        forces = []
        for a in self.allocations:
            forces.append(
                {
                    "force": a.force,
                    "lines_previous": {k: money(v) for k, v in a.lines_previous.items()},
                    "lines": {k: money(v) for k, v in a.lines.items()},
                    "grant_previous": money(a.grant_previous),
                    "grant": money(a.grant),
                    "precept_previous": money(a.precept_previous),
                    "precept_rise": money(a.precept_rise),
                    "precept": money(a.precept),
                    "total_previous": money(a.total_previous),
                    "total": money(a.total),
                    "cash_change_percent": f"{cash_change(a.total_previous, a.total):.2f}",
                    "real_change_percent": f"{real_change(a.total_previous, a.total, self.deflator):.2f}",
                }
            )
        return {
            "year": self.year,
            "illustrative": self.illustrative,
            "source": self.source,
            "damping": self.damping,
            "scenario": {
                "band_d_rise": None
                if self.scenario.band_d_rise is None
                else money(self.scenario.band_d_rise),
                "line_totals": {k: money(v) for k, v in self.scenario.line_totals.items()},
                "damping": self.scenario.damping,
                "floor": None if self.scenario.floor is None else str(self.scenario.floor),
            },
            "forces": forces,
            "totals": {
                "lines_previous": {k: money(v) for k, v in self.line_totals_previous.items()},
                "lines": {k: money(v) for k, v in self.line_totals.items()},
                "precept_previous": money(self.precept_previous),
                "precept_rise": money(self.precept_rise),
                "total_previous": money(self.total_previous),
                "total": money(self.total),
                "cash_change_percent": f"{cash_change(self.total_previous, self.total):.2f}",
                "real_change_percent": f"{real_change(self.total_previous, self.total, self.deflator):.2f}",
            },
            "checks": [
                {
                    "name": c.name,
                    "expected": money(c.expected),
                    "computed": money(c.computed),
                    "difference": money(c.difference),
                    "ok": c.ok,
                }
                for c in self.checks
            ],
            "reasons": list(self.reasons),
            "parameters": [p.as_dict() for p in self.used],
        }
