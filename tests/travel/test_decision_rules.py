"""The automatic decision: grant, refer or refuse, with Appendix ETA 2.2 grounds and screening."""

from __future__ import annotations

from datetime import date

from portcullis.core import policy
from portcullis.travel import rules

ON = date(2025, 6, 2)
CLEAN = rules.Answers()


def decide(
    nationality: str = "USA",
    answers: rules.Answers = CLEAN,
    on: date = ON,
    screening: rules.ScreeningResult | None = None,
    expiry: date = date(2030, 1, 1),
) -> rules.Decision:
    applicant = rules.Applicant(
        nationality=nationality, date_of_birth=date(1990, 1, 1), passport_expiry=expiry, answers=answers
    )
    return rules.decide(
        applicant, on=on, snapshot=policy.at(on), screening=screening or rules.ScreeningResult()
    )


def test_a_clean_american_application_is_granted_for_two_years_with_its_parameters() -> None:
    d = decide()
    assert d.outcome == "grant" and d.valid_until == date(2027, 6, 2)
    names = {p.name for p in d.used}
    assert {"travel.eta.validity_years", "travel.eta.max_stay_months", "travel.eta.rollout"} <= names
    assert d.as_dict()["rules_version"] == rules.RULES_VERSION


def test_a_grant_is_capped_by_the_passport_expiry() -> None:
    assert decide(expiry=date(2026, 1, 1)).valid_until == date(2026, 1, 1)


def test_an_expired_passport_is_refused() -> None:
    assert decide(expiry=ON).outcome == "refuse"


def test_a_sentence_of_12_months_is_refused_and_11_months_is_not() -> None:
    refused = decide(answers=rules.Answers(longest_custodial_sentence_months=12))
    assert refused.outcome == "refuse" and refused.reasons[0].code == "custodial-sentence"
    assert any(r.code == "no-appeal" for r in refused.reasons)
    assert decide(answers=rules.Answers(longest_custodial_sentence_months=11)).outcome == "grant"


def test_a_conviction_12_months_ago_to_the_day_is_outside_the_window_and_one_day_later_is_inside() -> None:
    assert decide(answers=rules.Answers(last_conviction_on=date(2024, 6, 2))).outcome == "grant"
    inside = decide(answers=rules.Answers(last_conviction_on=date(2024, 6, 3)))
    assert inside.outcome == "refuse" and inside.reasons[0].code == "recent-conviction"


def test_an_exclusion_or_deportation_order_is_refused() -> None:
    assert decide(answers=rules.Answers(subject_to_exclusion_or_deportation=True)).outcome == "refuse"


def test_an_immigration_breach_or_terrorism_answer_goes_to_a_caseworker() -> None:
    assert decide(answers=rules.Answers(immigration_breach=True)).outcome == "refer"
    referred = decide(answers=rules.Answers(terrorism_or_extremism=True))
    assert referred.outcome == "refer" and referred.reasons[0].code == "not-conducive"


def test_a_screening_hit_goes_to_a_caseworker_with_the_list_named() -> None:
    d = decide(screening=rules.ScreeningResult(hits=(("eta-refused", "previous-refusal", 0.97),)))
    assert d.outcome == "refer" and d.reasons[0].code == "screening-eta-refused"


def test_screening_unavailable_goes_to_a_caseworker() -> None:
    assert decide(screening=rules.ScreeningResult(available=False)).outcome == "refer"


def test_a_visa_national_is_refused_with_advice_to_apply_for_a_visa() -> None:
    d = decide("IND")
    assert d.outcome == "refuse" and "visa" in d.reasons[0].text


def test_a_jordanian_is_granted_on_9_september_2024_and_refused_from_10_september() -> None:
    assert decide("JOR", on=date(2024, 9, 9)).outcome == "grant"
    assert decide("JOR", on=date(2024, 9, 10)).reasons[0].code == "visa-national"


def test_a_french_applicant_is_refused_before_5_march_2025_and_granted_from_it() -> None:
    assert decide("FRA", on=date(2025, 3, 4)).reasons[0].code == "scheme-not-open"
    assert decide("FRA", on=date(2025, 3, 5)).outcome == "grant"


def test_an_unclassified_nationality_goes_to_a_caseworker() -> None:
    assert decide("TTO").outcome == "refer"


def test_a_decision_replayed_as_of_its_date_gives_the_same_answer() -> None:
    first, again = decide("JOR", on=date(2024, 9, 9)), decide("JOR", on=date(2024, 9, 9))
    assert first.as_dict() == again.as_dict()
