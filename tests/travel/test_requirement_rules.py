"""Who needs an ETA, on each side of every rollout date, and the exemptions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portcullis.core import policy
from portcullis.travel import rules


def need(nationality: str, on: date, **kw: object) -> rules.Requirement:
    return rules.requirement(nationality=nationality, on=on, snapshot=policy.at(on), **kw)  # type: ignore[arg-type]


DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("nationality", "apply_from", "required_from"),
    [
        ("QAT", date(2023, 10, 25), date(2023, 11, 15)),
        ("SAU", date(2024, 2, 1), date(2024, 2, 22)),
        ("ARE", date(2024, 2, 1), date(2024, 2, 22)),
        ("USA", date(2024, 11, 27), date(2025, 1, 8)),
        ("GBN", date(2024, 11, 27), date(2025, 1, 8)),
        ("FRA", date(2025, 3, 5), date(2025, 4, 2)),
        ("DEU", date(2025, 3, 5), date(2025, 4, 2)),
    ],
)
def test_each_group_can_apply_from_its_opening_and_needs_an_eta_from_its_required_date(
    nationality: str, apply_from: date, required_from: date
) -> None:
    before_open = need(nationality, apply_from - DAY)
    assert (before_open.basis, before_open.required, before_open.can_apply) == (
        "not-yet-required",
        False,
        False,
    )
    opened = need(nationality, apply_from)
    assert (opened.basis, opened.required, opened.can_apply) == ("not-yet-required", False, True)
    assert opened.required_from == required_from
    day_before = need(nationality, required_from - DAY)
    assert (day_before.required, day_before.can_apply) == (False, True)
    required = need(nationality, required_from)
    assert (required.basis, required.required, required.can_apply) == ("eta", True, True)


def test_jordanians_needed_an_eta_until_9_september_2024_and_a_visa_from_10_september() -> None:
    assert need("JOR", date(2024, 9, 9)).basis == "eta"
    after = need("JOR", date(2024, 9, 10))
    assert (after.basis, after.required, after.can_apply) == ("visa-national", True, False)
    assert any("HC 217" in r["title"] for r in after.as_dict()["references"])


def test_british_and_irish_citizens_never_need_permission() -> None:
    for code in ("GBR", "IRL"):
        answer = need(code, date(2025, 6, 1))
        assert (answer.basis, answer.required, answer.can_apply) == ("british-or-irish", False, False)


def test_a_dual_citizen_with_an_irish_passport_needs_nothing() -> None:
    answer = need("USA", date(2025, 6, 1), other_citizenships=("IRL",))
    assert answer.basis == "british-or-irish"


def test_a_dual_citizen_of_a_visa_country_and_an_eta_country_can_use_an_eta() -> None:
    answer = need("IND", date(2025, 6, 1), other_citizenships=("CAN",))
    assert answer.basis == "eta" and answer.can_apply


def test_british_overseas_territories_citizens_are_exempt() -> None:
    assert need("GBD", date(2025, 6, 1)).basis == "exempt"


def test_a_visa_national_is_told_to_get_a_visa() -> None:
    answer = need("IND", date(2025, 6, 1))
    assert (answer.basis, answer.required, answer.can_apply) == ("visa-national", True, False)


def test_a_traveller_holding_an_evisa_already_has_permission() -> None:
    answer = need("USA", date(2025, 6, 1), holds="evisa")
    assert (answer.basis, answer.required) == ("holds-permission", False)


def test_an_irish_resident_travelling_from_the_common_travel_area_is_exempt() -> None:
    assert need("USA", date(2025, 6, 1), irish_resident=True).basis == "exempt"


def test_airside_transit_is_exempt_from_16_january_2025_but_not_the_day_before() -> None:
    before = need("USA", date(2025, 1, 15), airside_transit=True)
    assert before.basis == "eta" and any("airside" in r for r in before.reasons)
    assert need("USA", date(2025, 1, 16), airside_transit=True).basis == "exempt"


def test_an_unclassified_nationality_is_named_in_the_error() -> None:
    with pytest.raises(rules.RuleError) as exc:
        need("TTO", date(2025, 6, 1))
    assert exc.value.field == "nationality" and "TTO" in exc.value.reason


def test_the_answer_cites_its_sources() -> None:
    refs = need("USA", date(2025, 6, 1)).as_dict()["references"]
    assert refs and all(r["title"] for r in refs)


def test_an_unknown_holds_value_is_refused() -> None:
    with pytest.raises(rules.RuleError) as exc:
        need("USA", date(2025, 6, 1), holds="passport")
    assert exc.value.field == "holds"


def test_the_snapshot_must_match_the_arrival_date() -> None:
    with pytest.raises(rules.RuleError):
        rules.requirement(nationality="USA", on=date(2025, 6, 1), snapshot=policy.at(date(2025, 6, 2)))
