"""Employer rules as scenarios, each side of every effective date."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from portcullis.core import policy
from portcullis.employers import rules
from portcullis.employers.values import EmployersError, RightToWorkCheck

BEFORE = date(2024, 2, 12)
FROM = date(2024, 2, 13)


def penalty(on: date, **kw: object) -> rules.PenaltyDecision:
    args = {
        "breach": "first",
        "workers": 1,
        "reported": False,
        "cooperated": False,
        "effective_checks": False,
    }
    args.update(kw)
    return rules.civil_penalty(on=on, policy=policy.at(on), **args)  # type: ignore[arg-type]


def test_a_first_breach_the_day_before_13_february_2024_is_at_most_15000_per_worker() -> None:
    d = penalty(BEFORE, workers=3)
    assert d.maximum_per_worker == Decimal(15000)
    assert d.total == Decimal(45000)


def test_a_first_breach_on_13_february_2024_is_at_most_45000_per_worker() -> None:
    d = penalty(FROM, workers=3)
    assert d.per_worker == Decimal(45000)
    assert d.as_dict()["total"] == "135000.00"


def test_a_repeat_breach_is_at_most_20000_before_and_60000_from_13_february_2024() -> None:
    assert penalty(BEFORE, breach="repeat").per_worker == Decimal(20000)
    assert penalty(FROM, breach="repeat").per_worker == Decimal(60000)


def test_reporting_and_cooperation_reduce_a_first_penalty() -> None:
    d = penalty(FROM, reported=True, cooperated=True)
    assert d.per_worker == Decimal(15000)
    assert any("reported" in r for r in d.reasons)


def test_every_reduction_on_a_first_breach_leaves_no_penalty() -> None:
    d = penalty(FROM, reported=True, cooperated=True, effective_checks=True)
    assert d.per_worker == 0
    assert any("warning notice" in r for r in d.reasons)


def test_effective_checks_do_not_reduce_a_repeat_breach() -> None:
    d = penalty(FROM, breach="repeat", effective_checks=True)
    assert d.per_worker == Decimal(60000)
    assert any("first breach only" in r for r in d.reasons)


def test_the_penalty_cites_its_parameters_and_marks_third_party_figures_unverified() -> None:
    d = penalty(FROM)
    names = {u.name for u in d.used}
    assert "employers.penalty.maximum_per_worker" in names
    assert any(not u.verified for u in d.used)
    assert d.as_dict()["references"]


def test_zero_workers_is_refused_naming_the_field() -> None:
    with pytest.raises(EmployersError) as err:
        penalty(FROM, workers=0)
    assert err.value.field == "workers"


def test_a_penalty_within_three_years_makes_the_breach_a_repeat() -> None:
    kind, _ = rules.breach_kind(on=FROM, policy=policy.at(FROM), previous_penalties=[date(2021, 2, 14)])
    assert kind == "repeat"
    kind, _ = rules.breach_kind(on=FROM, policy=policy.at(FROM), previous_penalties=[date(2021, 2, 12)])
    assert kind == "first"


def test_a_first_penalty_paid_within_21_days_is_reduced_by_30_percent() -> None:
    snap = policy.at(FROM)
    due, d = rules.early_payment(
        policy=snap, breach="first", total=Decimal(45000), issued_on=FROM, paid_on=date(2024, 3, 5)
    )
    assert due == Decimal("31500.00") and d.allowed
    due, d = rules.early_payment(
        policy=snap, breach="first", total=Decimal(45000), issued_on=FROM, paid_on=date(2024, 3, 6)
    )
    assert due == Decimal(45000) and not d.allowed


def test_an_objection_on_day_28_is_in_time_and_on_day_29_is_late() -> None:
    snap = policy.at(FROM)
    assert rules.objection_in_time(policy=snap, issued_on=FROM, objected_on=date(2024, 3, 12)).allowed
    assert not rules.objection_in_time(policy=snap, issued_on=FROM, objected_on=date(2024, 3, 13)).allowed


def test_a_share_code_check_before_employment_is_a_statutory_excuse() -> None:
    check = RightToWorkCheck(
        method="share_code", checked_on=date(2024, 1, 2), employment_started_on=date(2024, 1, 3)
    )
    assert rules.statutory_excuse(check=check, on=FROM).allowed


def test_a_check_after_employment_began_is_no_excuse() -> None:
    check = RightToWorkCheck(
        method="list_a", checked_on=date(2024, 1, 5), employment_started_on=date(2024, 1, 3)
    )
    assert not rules.statutory_excuse(check=check, on=FROM).allowed


def test_a_list_b_excuse_lapses_without_a_follow_up_check() -> None:
    base = {
        "method": "list_b",
        "checked_on": date(2023, 1, 2),
        "employment_started_on": date(2023, 1, 2),
        "permission_ends_on": date(2024, 1, 31),
    }
    assert not rules.statutory_excuse(check=RightToWorkCheck(**base), on=FROM).allowed  # type: ignore[arg-type]
    followed = RightToWorkCheck(**base, follow_up_done_on=date(2024, 1, 30))  # type: ignore[arg-type]
    assert rules.statutory_excuse(check=followed, on=FROM).allowed


def test_an_idvt_check_needs_a_certified_provider() -> None:
    check = RightToWorkCheck(method="idvt", checked_on=date(2024, 1, 2))
    assert not rules.statutory_excuse(check=check, on=FROM).allowed
    certified = RightToWorkCheck(method="idvt", checked_on=date(2024, 1, 2), idvt_certified_provider=True)
    assert rules.statutory_excuse(check=certified, on=FROM).allowed


def test_no_check_is_no_excuse() -> None:
    assert not rules.statutory_excuse(check=RightToWorkCheck(method=None), on=FROM).allowed


def test_an_action_plan_may_run_3_months_the_day_before_28_november_2024_and_12_from_then() -> None:
    day_before, day_of = date(2024, 11, 27), date(2024, 11, 28)
    assert rules.action_plan_maximum(on=day_before, policy=policy.at(day_before))[0] == 3
    months, used = rules.action_plan_maximum(on=day_of, policy=policy.at(day_of))
    assert months == 12 and not used.verified


def test_a_4_month_plan_is_refused_before_the_change_and_allowed_after() -> None:
    with pytest.raises(EmployersError, match="at most 3 months"):
        rules.check_action_plan(starts_on=date(2024, 11, 27), months=4, policy=policy.at(date(2024, 11, 27)))
    assert rules.check_action_plan(
        starts_on=date(2024, 11, 28), months=4, policy=policy.at(date(2024, 11, 28))
    )


def test_working_days_skip_weekends_and_england_bank_holidays() -> None:
    import holidays

    bank = set(holidays.country_holidays("GB", subdiv="ENG", years=2025))
    # Thu 17 Apr 2025 + 10 working days skips Good Friday and Easter Monday.
    due, _ = rules.reporting_due(
        kind="worker", occurred_on=date(2025, 4, 17), policy=policy.at(date(2025, 4, 17)), bank_holidays=bank
    )
    assert due == date(2025, 5, 6)  # and the early May bank holiday
    due, _ = rules.reporting_due(
        kind="organisation",
        occurred_on=date(2025, 4, 17),
        policy=policy.at(date(2025, 4, 17)),
        bank_holidays=bank,
    )
    assert due == date(2025, 5, 20)


def test_representations_are_due_20_working_days_after_notice() -> None:
    due, _ = rules.representations_due(
        notified_on=date(2025, 6, 2), policy=policy.at(date(2025, 6, 2)), bank_holidays=set()
    )
    assert due == date(2025, 6, 30)


def test_the_salary_threshold_is_38700_before_22_july_2025_and_41700_from_then() -> None:
    before, after = date(2025, 7, 21), date(2025, 7, 22)
    assert rules.salary_check(
        on=before, policy=policy.at(before), salary=Decimal(40000), category="general"
    ).allowed
    assert not rules.salary_check(
        on=after, policy=policy.at(after), salary=Decimal(40000), category="general"
    ).allowed


def test_the_salary_threshold_before_4_april_2024_is_not_known_so_no_decision_is_made() -> None:
    from portcullis.core.policy import ParameterNotInForce

    with pytest.raises(ParameterNotInForce):
        rules.salary_check(
            on=date(2024, 4, 3), policy=policy.at(date(2024, 4, 3)), salary=Decimal(50000), category="general"
        )


def test_a_b_rated_sponsor_cannot_assign_a_cos_to_a_new_worker_but_may_extend() -> None:
    assert not rules.can_assign_cos(rating="B", status="active", new_worker=True).allowed
    assert rules.can_assign_cos(rating="B", status="active", new_worker=False).allowed
    assert not rules.can_assign_cos(rating="A", status="suspended", new_worker=False).allowed


def test_a_cos_expires_3_months_after_assignment_and_allocations_end_on_5_april() -> None:
    snap = policy.at(date(2025, 6, 2))
    assert rules.cos_expiry(assigned_on=date(2025, 11, 30), policy=snap)[0] == date(2026, 2, 28)
    assert rules.allocation_period_end(on=date(2025, 4, 5), policy=snap)[0] == date(2025, 4, 5)
    assert rules.allocation_period_end(on=date(2025, 4, 6), policy=snap)[0] == date(2026, 4, 5)


def test_a_repeat_sanction_is_12_months_before_28_november_2024_and_24_from_then() -> None:
    assert (
        rules.sanction_months(on=date(2024, 11, 27), policy=policy.at(date(2024, 11, 27)), repeat=True)[0]
        == 12
    )
    assert (
        rules.sanction_months(on=date(2024, 11, 28), policy=policy.at(date(2024, 11, 28)), repeat=True)[0]
        == 24
    )
    assert (
        rules.sanction_months(on=date(2024, 11, 28), policy=policy.at(date(2024, 11, 28)), repeat=False)[0]
        == 12
    )


def test_a_cooling_off_period_blocks_applications_until_it_ends() -> None:
    end, _ = rules.cooling_off_end(reason="revocation", decided_on=date(2025, 1, 10), policy=policy.at(FROM))
    assert end == date(2026, 1, 10)
    blocks = [("cooling-off after revocation", date(2025, 1, 10), end)]
    assert not rules.application_blocked(on=date(2026, 1, 9), blocks=blocks).allowed
    assert rules.application_blocked(on=date(2026, 1, 10), blocks=blocks).allowed


def test_a_closure_notice_needs_a_chief_immigration_officer() -> None:
    snap = policy.at(FROM)
    with pytest.raises(EmployersError) as err:
        rules.closure_notice(
            on=FROM,
            policy=snap,
            officer_rank="immigration_officer",
            illegal_working_found=True,
            conviction=True,
            penalty_dates=[],
            unpaid_penalty=False,
        )
    assert err.value.field == "officer_rank"
    assert rules.closure_notice(
        on=FROM,
        policy=snap,
        officer_rank="chief_immigration_officer",
        illegal_working_found=True,
        conviction=False,
        penalty_dates=[date(2023, 5, 1)],
        unpaid_penalty=False,
    ).allowed


def test_a_closure_notice_without_a_conviction_or_penalty_is_refused() -> None:
    with pytest.raises(EmployersError) as err:
        rules.closure_notice(
            on=FROM,
            policy=policy.at(FROM),
            officer_rank="director",
            illegal_working_found=True,
            conviction=False,
            penalty_dates=[date(2020, 1, 1)],
            unpaid_penalty=False,
        )
    assert err.value.field == "conditions"


def test_the_hearing_is_due_within_48_hours_and_orders_last_12_months_extendable_to_24() -> None:
    snap = policy.at(FROM)
    at = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
    assert rules.hearing_deadline(issued_at=at, policy=snap)[0] == datetime(2025, 6, 4, 9, 0, tzinfo=UTC)
    assert rules.compliance_order(made_on=FROM, months=12, already_months=0, policy=snap).allowed
    with pytest.raises(EmployersError):
        rules.compliance_order(made_on=FROM, months=13, already_months=0, policy=snap)
    assert rules.compliance_order(made_on=FROM, months=12, already_months=12, policy=snap).allowed
    with pytest.raises(EmployersError, match="24 months in total"):
        rules.compliance_order(made_on=FROM, months=1, already_months=24, policy=snap)


def test_a_director_disqualification_lasts_2_to_15_years() -> None:
    snap = policy.at(FROM)
    assert rules.disqualification(years=7, policy=snap).allowed
    with pytest.raises(EmployersError):
        rules.disqualification(years=16, policy=snap)


def test_a_cooling_off_period_cannot_follow_a_sanction_because_the_reference_gives_none() -> None:
    # The sanction period itself blocks applications; the press release of 28 Nov 2024 leaves the final
    # cooling-off periods "announced in due course", and the reference lists them only after a refusal
    # or a revocation.
    with pytest.raises(EmployersError, match="reason: must be one of refusal, repeat_revocation, revocation"):
        rules.cooling_off_end(reason="sanction", decided_on=FROM, policy=policy.at(FROM))
