"""Prevent rules as scenarios: each parameter's effect, on each side of its effective date."""

from __future__ import annotations

from datetime import date

import pytest

from portcullis.core import policy
from portcullis.core.policy import ParameterNotInForce
from portcullis.prevent import rules
from portcullis.prevent.values import ConsentGiver

NO_HOLIDAYS: frozenset[date] = frozenset()


def test_the_gateway_target_is_five_working_days_after_receipt_skipping_weekends_and_bank_holidays() -> None:
    snap = policy.at(date(2025, 6, 2))
    t = rules.gateway_timing(
        received_on=date(2025, 5, 2),
        decided_on=None,
        today=date(2025, 5, 6),
        snapshot=snap,
        bank_holidays=frozenset({date(2025, 5, 5)}),
    )
    assert t.due_on == date(2025, 5, 12)
    assert not t.overdue
    assert t.used[0].name == "prevent.gateway.target_working_days"
    assert t.used[0].verified is False


def test_an_undecided_referral_past_its_target_is_flagged_overdue() -> None:
    t = rules.gateway_timing(
        received_on=date(2025, 6, 2),
        decided_on=None,
        today=date(2025, 6, 10),
        snapshot=policy.at(date(2025, 6, 2)),
        bank_holidays=NO_HOLIDAYS,
    )
    assert t.due_on == date(2025, 6, 9) and t.overdue


def test_a_decision_on_the_due_date_is_on_time_and_the_day_after_is_late() -> None:
    snap = policy.at(date(2025, 6, 2))
    on_time = rules.gateway_timing(
        received_on=date(2025, 6, 2),
        decided_on=date(2025, 6, 9),
        today=date(2025, 7, 1),
        snapshot=snap,
        bank_holidays=NO_HOLIDAYS,
    )
    late = rules.gateway_timing(
        received_on=date(2025, 6, 2),
        decided_on=date(2025, 6, 10),
        today=date(2025, 7, 1),
        snapshot=snap,
        bank_holidays=NO_HOLIDAYS,
    )
    assert not on_time.overdue and on_time.working_days_taken == 5
    assert late.overdue and late.working_days_taken == 6


def test_the_gateway_rule_refuses_to_decide_before_the_target_is_in_force() -> None:
    with pytest.raises(ParameterNotInForce):
        rules.gateway_timing(
            received_on=date(2015, 1, 5),
            decided_on=None,
            today=date(2015, 1, 6),
            snapshot=policy.at(date(2015, 1, 5)),
            bank_holidays=NO_HOLIDAYS,
        )


def test_a_second_referral_within_the_look_back_is_a_repeat_needing_a_senior_review() -> None:
    r = rules.assess_repeat(
        received_on=date(2025, 6, 2),
        previous_received=[date(2024, 1, 10)],
        snapshot=policy.at(date(2025, 6, 2)),
    )
    assert r.is_repeat and r.senior_review_required and not r.multiple_repeat
    assert {p.name for p in r.used} >= {
        "prevent.referrals.repeat_lookback_months",
        "prevent.referrals.senior_review_from_previous",
    }


def test_a_repeat_referral_received_before_the_senior_review_rule_does_not_need_one() -> None:
    r = rules.assess_repeat(
        received_on=date(2024, 12, 16),
        previous_received=[date(2024, 1, 10)],
        snapshot=policy.at(date(2024, 12, 16)),
    )
    assert r.is_repeat and not r.senior_review_required
    on_the_day = rules.assess_repeat(
        received_on=date(2024, 12, 17),
        previous_received=[date(2024, 1, 10)],
        snapshot=policy.at(date(2024, 12, 17)),
    )
    assert on_the_day.senior_review_required


def test_a_referral_older_than_the_look_back_does_not_make_a_repeat() -> None:
    r = rules.assess_repeat(
        received_on=date(2025, 6, 2),
        previous_received=[date(2022, 6, 1)],
        snapshot=policy.at(date(2025, 6, 2)),
    )
    assert not r.is_repeat and not r.senior_review_required


def test_three_earlier_referrals_warn_of_multiple_repeat_referrals() -> None:
    r = rules.assess_repeat(
        received_on=date(2025, 6, 2),
        previous_received=[date(2024, 1, 1), date(2024, 6, 1), date(2025, 1, 1)],
        snapshot=policy.at(date(2025, 6, 2)),
    )
    assert r.multiple_repeat and r.previous_in_window == 3


def test_a_repeat_referral_cannot_be_closed_until_a_senior_reviewer_agrees() -> None:
    assert not rules.may_close(senior_review_required=True, senior_review_agreed=None).allowed
    assert not rules.may_close(senior_review_required=True, senior_review_agreed=False).allowed
    assert rules.may_close(senior_review_required=True, senior_review_agreed=True).allowed
    assert rules.may_close(senior_review_required=False, senior_review_agreed=None).allowed


def test_a_case_transferred_during_the_pilot_gets_follow_up_checks_and_one_before_it_gets_none() -> None:
    during = rules.follow_up_schedule(transferred_on=date(2025, 1, 1), snapshot=policy.at(date(2025, 1, 1)))
    before = rules.follow_up_schedule(
        transferred_on=date(2024, 12, 31), snapshot=policy.at(date(2024, 12, 31))
    )
    assert during.due_dates == (date(2025, 1, 11), date(2025, 1, 31), date(2025, 3, 2))
    assert before.due_dates == () and "before" in before.reasons[0]


def test_a_follow_up_check_is_overdue_only_after_its_due_date_and_while_not_done() -> None:
    assert not rules.is_overdue(due_on=date(2025, 6, 2), done=False, today=date(2025, 6, 2))
    assert rules.is_overdue(due_on=date(2025, 6, 2), done=False, today=date(2025, 6, 3))
    assert not rules.is_overdue(due_on=date(2025, 6, 2), done=True, today=date(2025, 6, 3))


def test_a_seventeen_year_old_needs_a_parent_or_guardian_to_consent_and_an_adult_consents_themself() -> None:
    snap = policy.at(date(2025, 6, 2))
    child = rules.who_consents(date_of_birth="2007-06-03", on=date(2025, 6, 2), snapshot=snap)
    adult = rules.who_consents(date_of_birth="2007-06-02", on=date(2025, 6, 2), snapshot=snap)
    assert child.giver == ConsentGiver.PARENT_GUARDIAN and child.age == 17
    assert adult.giver == ConsentGiver.PERSON and adult.age == 18


def test_a_year_only_date_of_birth_counts_as_the_youngest_possible_age() -> None:
    assert rules.age_on("2007", date(2025, 6, 2)) == 17
    assert rules.age_band(17) == "15 to 20" and rules.age_band(None) == "Age not known"
    assert rules.age_band(14) == "Under 15" and rules.age_band(51) == "Over 50"


def test_consent_from_the_wrong_person_or_refused_consent_stops_channel() -> None:
    snap = policy.at(date(2025, 6, 2))
    child = rules.who_consents(date_of_birth="2010-01-01", on=date(2025, 6, 2), snapshot=snap)
    assert not rules.check_consent(required=child, given_by=ConsentGiver.PERSON, given=True).allowed
    assert not rules.check_consent(required=child, given_by=ConsentGiver.PARENT_GUARDIAN, given=False).allowed
    assert not rules.check_consent(required=child, given_by=None, given=None).allowed
    assert rules.check_consent(required=child, given_by=ConsentGiver.PARENT_GUARDIAN, given=True).allowed


def test_a_panel_without_enough_members_or_without_the_police_is_not_quorate() -> None:
    snap = policy.at(date(2025, 6, 2))
    A = rules.Attendee
    two = [A("local_authority", True), A("police", True), A("health", False)]
    no_police = [A("local_authority", True), A("health", True), A("education", True), A("police", False)]
    full = [A("local_authority", True), A("police", True), A("health", True)]
    assert not rules.check_quorum(members=two, snapshot=snap).allowed
    refused = rules.check_quorum(members=no_police, snapshot=snap)
    assert not refused.allowed and "police" in refused.reasons[0]
    assert rules.check_quorum(members=full, snapshot=snap).allowed


def test_reviews_must_come_in_order_and_not_before_the_previous_one() -> None:
    ok = rules.check_review_order(
        sequence=2,
        expected_sequence=2,
        held_on=date(2025, 6, 2),
        previous_held_on=date(2025, 3, 1),
        opened_on=date(2024, 12, 1),
    )
    skipped = rules.check_review_order(
        sequence=3,
        expected_sequence=2,
        held_on=date(2025, 6, 2),
        previous_held_on=date(2025, 3, 1),
        opened_on=date(2024, 12, 1),
    )
    backdated = rules.check_review_order(
        sequence=2,
        expected_sequence=2,
        held_on=date(2025, 2, 1),
        previous_held_on=date(2025, 3, 1),
        opened_on=date(2024, 12, 1),
    )
    assert ok.allowed and not skipped.allowed and not backdated.allowed
    assert "out of order" in skipped.reasons[0]


def test_post_exit_reviews_fall_six_and_twelve_months_after_exit() -> None:
    dates, used = rules.post_exit_review_dates(
        exited_on=date(2025, 8, 31), snapshot=policy.at(date(2025, 8, 31))
    )
    assert dates == (date(2026, 2, 28), date(2026, 8, 31)) and used.verified is False


def test_small_counts_are_suppressed_with_a_second_cell_so_the_total_does_not_reveal_them() -> None:
    shown, used = rules.suppress([120, 3, 0, 40, 9], snapshot=policy.at(date(2024, 3, 31)))
    assert shown == [120, "[c]", 0, 40, "[c]"]
    two_small, _ = rules.suppress([100, 2, 4], snapshot=policy.at(date(2024, 3, 31)))
    assert two_small == [100, "[c]", "[c]"]
    assert used.value == 5


def test_the_outcome_must_agree_with_the_threshold_and_follow_deconfliction() -> None:
    ok = rules.check_outcome(outcome="channel", threshold_met=True, receiving_service=None, deconflicted=True)
    assert ok.allowed
    not_deconflicted = rules.check_outcome(
        outcome="channel", threshold_met=True, receiving_service=None, deconflicted=False
    )
    assert not not_deconflicted.allowed and not_deconflicted.reasons[0].startswith("deconfliction:")
    below = rules.check_outcome(outcome="pcm", threshold_met=False, receiving_service=None, deconflicted=True)
    assert not below.allowed
    transfer = rules.check_outcome(
        outcome="transferred", threshold_met=False, receiving_service=None, deconflicted=True
    )
    assert transfer.reasons == ("receiving_service: say which service the case is transferred to",)
    stray = rules.check_outcome(
        outcome="nfa", threshold_met=False, receiving_service="mental_health", deconflicted=True
    )
    assert not stray.allowed


def test_months_are_added_to_the_last_day_when_the_day_does_not_exist() -> None:
    assert rules.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert rules.add_months(date(2024, 3, 31), -36) == date(2021, 3, 31)
    assert rules.working_days_between(date(2025, 6, 6), date(2025, 6, 9), NO_HOLIDAYS) == 1
