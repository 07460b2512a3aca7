"""The settlement engine: exact reconciliation, damping, what-ifs, and refusing years without parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portcullis.core import policy
from portcullis.core.policy import ParameterNotInForce
from portcullis.policing import rules, tables
from portcullis.policing.values import Scenario, SettlementInputs, cash_change

YEAR = "2025-26"
ON = date(2025, 4, 1)


def inputs() -> SettlementInputs:
    rows = tables.parse_table(tables.illustrative_path(YEAR).read_text())
    return SettlementInputs(YEAR, rows, "illustrative", True)


def settle(scenario: Scenario | None = None, on: date = ON) -> rules.SettlementResult:  # type: ignore[name-defined]
    return rules.settle(inputs(), on=on, snapshot=policy.at(on), scenario=scenario)


def test_the_2025_26_settlement_reconciles_to_every_national_figure_to_the_penny() -> None:
    result = settle()
    assert all(c.ok for c in result.checks), [c for c in result.checks if not c.ok]
    assert result.total == Decimal("17400000000.00")
    assert sum(a.total for a in result.allocations) == Decimal("17400000000.00")
    assert result.total - result.total_previous == Decimal("986900000.00")
    assert result.precept_rise == Decimal("329800000.00")


def test_the_release_s_six_percent_cash_is_three_and_a_half_percent_real_with_the_deflator() -> None:
    result = settle()
    cash = rules.cash_change(result.total_previous, result.total)
    real = rules.real_change(result.total_previous, result.total, result.deflator)
    assert round(cash, 1) == Decimal("6.0")
    assert round(real, 1) == Decimal("3.5")


def test_every_grant_line_adds_up_exactly_to_its_national_total() -> None:
    result = settle()
    for line, total in result.line_totals.items():
        assert sum(a.lines[line] for a in result.allocations) == total
    assert result.line_totals["core_grant"] - result.line_totals_previous["core_grant"] == Decimal(
        "339000000.00"
    )
    assert result.line_totals["nic_grant"] == Decimal("230300000.00")
    assert result.line_totals["neighbourhood_policing_grant"] == Decimal("100000000.00")
    assert result.line_totals["nicc_grant"] - result.line_totals_previous["nicc_grant"] == Decimal(
        "65000000.00"
    )


def test_only_the_london_forces_receive_the_capital_city_grant() -> None:
    result = settle()
    paid = {a.force for a in result.allocations if a.lines["nicc_grant"] > 0}
    assert paid == {"metropolitan", "city-of-london"}


def test_same_percentage_damping_gives_every_force_the_same_core_grant_change() -> None:
    result = settle()
    changes = {
        round(cash_change(a.lines_previous["core_grant"], a.lines["core_grant"]), 4)
        for a in result.allocations
    }
    assert changes == {Decimal("4.2375")}


def test_a_floor_guarantees_every_force_at_least_the_floor_and_still_adds_up() -> None:
    result = settle(Scenario(damping="floor", floor=Decimal("0.03")))
    for a in result.allocations:
        assert a.lines["core_grant"] >= a.lines_previous["core_grant"] * Decimal("1.03") - Decimal("0.01")
    assert sum(a.lines["core_grant"] for a in result.allocations) == result.line_totals["core_grant"]
    assert result.damping == "floor"


def test_a_floor_that_costs_more_than_the_grant_is_refused_naming_the_floor() -> None:
    with pytest.raises(rules.SettlementRefused) as exc:
        settle(Scenario(damping="floor", floor=Decimal("0.50")))
    assert exc.value.field == "floor"


def test_floor_damping_without_a_floor_in_force_or_given_is_refused() -> None:
    with pytest.raises(ParameterNotInForce):
        settle(Scenario(damping="floor"))


def test_what_if_a_ten_pound_precept_limit_changes_every_force_s_precept_and_only_that() -> None:
    base, what_if = settle(), settle(Scenario(band_d_rise=Decimal("10")))
    assert what_if.precept_rise == (Decimal("329800000.00") * 10 / 14).quantize(Decimal("0.01"))
    for a, b in zip(base.allocations, what_if.allocations, strict=True):
        assert a.grant == b.grant
        assert b.precept_rise < a.precept_rise
    assert sum(a.total for a in what_if.allocations) == what_if.total
    assert [c.name for c in what_if.checks] == ["per-force totals add up to the national total"]


def test_what_if_a_bigger_neighbourhood_grant_reaches_every_force() -> None:
    what_if = settle(Scenario(line_totals={"neighbourhood_policing_grant": Decimal("200000000.00")}))
    assert sum(a.lines["neighbourhood_policing_grant"] for a in what_if.allocations) == Decimal(
        "200000000.00"
    )
    assert what_if.total == Decimal("17500000000.00")


def test_an_unknown_grant_line_in_a_what_if_is_refused() -> None:
    with pytest.raises(rules.SettlementRefused) as exc:
        settle(Scenario(line_totals={"pensions": Decimal("1.00")}))
    assert exc.value.field == "line"


def test_the_engine_refuses_the_day_before_the_2025_26_parameters_take_effect() -> None:
    with pytest.raises(ParameterNotInForce):
        settle(on=date(2025, 3, 31))


def test_the_engine_decides_on_the_day_the_2025_26_parameters_take_effect_and_cites_them() -> None:
    result = settle(on=date(2025, 4, 1))
    names = {p.name for p in result.used}
    assert "policing.settlement.pcc_funding" in names
    assert all(p.references for p in result.used)


def test_a_malformed_financial_year_is_refused() -> None:
    with pytest.raises(rules.SettlementRefused) as exc:
        rules.financial_year_start("2025-27")
    assert exc.value.field == "year"
    assert rules.financial_year_start("2025-26") == date(2025, 4, 1)


@settings(deadline=None, max_examples=300)
@given(
    st.integers(min_value=0, max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=50).filter(lambda w: sum(w) > 0),
)
def test_largest_remainder_always_adds_up_to_the_penny_and_never_moves_a_share_by_a_penny_or_more(
    pennies: int, weights: list[int]
) -> None:
    total = Decimal(pennies) / 100
    split = rules.allocate(total, {f"f{i:02d}": Decimal(w) for i, w in enumerate(weights)})
    assert sum(split.values()) == total
    weight_sum = sum(weights)
    for i, w in enumerate(weights):
        exact = total * w / weight_sum
        assert abs(split[f"f{i:02d}"] - exact) < Decimal("0.01")


def test_the_shipped_illustrative_table_is_exactly_what_the_documented_generator_makes() -> None:
    from portcullis.policing.illustrative import build_table

    assert tables.illustrative_path(YEAR).read_text() == build_table()
    assert all(line.endswith(",ILLUSTRATIVE") for line in build_table().splitlines()[1:])
