"""Returns rules: stages follow the facts, removal needs a liability decision, flights have capacity."""

from __future__ import annotations

from datetime import date

from portcullis.core import policy
from portcullis.returns import rules

READY = rules.CaseFacts(liability_decided_on=date(2025, 1, 10), travel_document="obtained")


def test_a_new_case_awaits_a_liability_decision() -> None:
    assert rules.stage_of(rules.CaseFacts(None, "none")) == "awaiting-liability-decision"


def test_a_liable_person_with_a_travel_document_is_ready_and_a_barrier_stops_that() -> None:
    assert rules.stage_of(READY) == "ready"
    assert rules.stage_of(rules.CaseFacts(date(2025, 1, 10), "obtained", ("judicial-review",))) == "barrier"
    assert rules.stage_of(rules.CaseFacts(date(2025, 1, 10), "requested")) == "travel-document"


def test_removal_directions_without_a_liability_decision_are_refused() -> None:
    found = rules.removal_directions_violations(
        rules.CaseFacts(None, "obtained"), on=date(2025, 6, 1), directions_on=date(2025, 6, 10)
    )
    assert [v.field for v in found] == ["liability_decided_on"]


def test_removal_directions_with_an_open_judicial_review_are_refused_naming_the_barrier() -> None:
    case = rules.CaseFacts(date(2025, 1, 10), "obtained", ("judicial-review",))
    found = rules.removal_directions_violations(case, on=date(2025, 6, 1), directions_on=date(2025, 6, 10))
    assert [v.field for v in found] == ["barriers"] and "judicial-review" in found[0].reason


def test_removal_directions_for_a_ready_case_on_a_future_date_are_allowed() -> None:
    assert (
        rules.removal_directions_violations(READY, on=date(2025, 6, 1), directions_on=date(2025, 6, 10)) == []
    )


def test_a_full_flight_takes_no_more_bookings() -> None:
    flight = rules.FlightFacts(
        "planned", capacity=2, booked=2, destinations=["ALB"], departs_on=date(2025, 7, 1)
    )
    found = rules.manifest_violations(flight, READY, destination="ALB", already_on=False)
    assert [v.field for v in found] == ["capacity"]


def test_a_flight_only_takes_people_going_to_its_destinations() -> None:
    flight = rules.FlightFacts(
        "planned", capacity=9, booked=0, destinations=["ALB"], departs_on=date(2025, 7, 1)
    )
    assert [
        v.field for v in rules.manifest_violations(flight, READY, destination="VNM", already_on=False)
    ] == ["destination"]


def test_age_bands_count_the_age_on_the_day_of_return() -> None:
    snap = policy.at(date(2025, 6, 1))
    assert rules.age_band("2007-06-02", date(2025, 6, 1), snap) == "Under 18"
    assert rules.age_band("2007-06-01", date(2025, 6, 1), snap) == "18 to 29"
    assert rules.age_band(None, date(2025, 6, 1), snap) == "Unknown"


def test_a_year_only_birth_date_counts_only_when_both_possible_ages_share_a_band() -> None:
    snap = policy.at(date(2025, 6, 1))
    assert rules.age_band("1990", date(2025, 6, 1), snap) == "30 to 49"
    assert rules.age_band("2007", date(2025, 6, 1), snap) == "Unknown"  # 17 or 18


def test_quarters_are_labelled_as_the_published_tables_label_them() -> None:
    assert rules.quarter_of(date(2024, 7, 5)) == (2024, 3)
    assert rules.quarter_label(2024, 3) == "2024 Q3"
    assert rules.quarter_bounds(2024, 4) == (date(2024, 10, 1), date(2025, 1, 1))


def test_statistics_for_a_quarter_in_the_future_are_refused() -> None:
    found = rules.statistics_request_violations(year=2025, quarter=3, today=date(2025, 6, 2))
    assert [v.as_dict() for v in found] == [{"field": "quarter", "reason": "2025 Q3 is in the future"}]
    assert rules.statistics_request_violations(year=2025, quarter=2, today=date(2025, 6, 2)) == []


def test_a_conviction_needs_a_person_and_a_sentence() -> None:
    found = rules.disruption_violations(
        "conviction", sentence_months=None, person_id=None, on=date(2025, 1, 1), today=date(2025, 6, 2)
    )
    assert {v.field for v in found} == {"person_id", "sentence_months"}


def test_every_return_type_belongs_to_one_of_the_three_published_groups() -> None:
    types = policy.at(date(2025, 1, 1)).get(rules.RETURN_TYPES_PARAM)
    assert set(types.values()) == {
        "Enforced return",
        "Voluntary return",
        "Refused entry at port and subsequently departed",
    }
