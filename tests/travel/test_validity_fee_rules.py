"""How long an ETA lasts and what it costs, each side of the fee rise."""

from __future__ import annotations

from datetime import date

import pytest

from portcullis.core import policy
from portcullis.travel import rules


def test_an_eta_lasts_two_years_when_the_passport_outlasts_it() -> None:
    v = rules.validity(
        granted=date(2025, 6, 2), passport_expiry=date(2030, 1, 1), snapshot=policy.at(date(2025, 6, 2))
    )
    assert v.valid_until == date(2027, 6, 2) and not v.capped_by_passport


def test_an_eta_ends_when_the_passport_expires_if_that_is_sooner() -> None:
    v = rules.validity(
        granted=date(2025, 6, 2), passport_expiry=date(2026, 3, 1), snapshot=policy.at(date(2025, 6, 2))
    )
    assert v.valid_until == date(2026, 3, 1) and v.capped_by_passport


def test_a_grant_on_29_february_lasts_until_28_february_two_years_on() -> None:
    v = rules.validity(
        granted=date(2024, 2, 29), passport_expiry=date(2030, 1, 1), snapshot=policy.at(date(2024, 2, 29))
    )
    assert v.valid_until == date(2026, 2, 28)


def test_a_passport_already_expired_at_grant_is_an_error_naming_the_field() -> None:
    with pytest.raises(rules.RuleError) as exc:
        rules.validity(
            granted=date(2025, 6, 2), passport_expiry=date(2025, 6, 1), snapshot=policy.at(date(2025, 6, 2))
        )
    assert exc.value.field == "passport_expiry"


def test_the_fee_is_10_pounds_on_8_april_2025_and_16_pounds_from_9_april() -> None:
    assert rules.fee(snapshot=policy.at(date(2025, 4, 8))).as_dict() == {"amount": "10.00", "currency": "GBP"}
    after = rules.fee(snapshot=policy.at(date(2025, 4, 9)))
    assert after.as_dict() == {"amount": "16.00", "currency": "GBP"} and after.pence == 1600


def test_there_is_no_fee_before_the_scheme_opened() -> None:
    with pytest.raises(policy.ParameterNotInForce):
        rules.fee(snapshot=policy.at(date(2023, 10, 24)))


def test_adding_months_clamps_to_the_end_of_a_short_month() -> None:
    assert rules.add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert rules.add_months(date(2025, 1, 15), -12) == date(2024, 1, 15)
