"""The law of preventive orders as pure rules, with a case on each side of every effective date."""

from __future__ import annotations

from datetime import date

import pytest

from portcullis.core import policy
from portcullis.orders import rules
from portcullis.orders.types import Applicant, ConditionFacts, OrderType, Proposal

from .helpers import INTERIM_KNOWN, snapshot_with

GMP = Applicant("greater-manchester", "territorial", ("greater-manchester",), rank="inspector")
CLEVELAND = Applicant("cleveland", "territorial", ("cleveland",), rank="inspector")
NORTH_WALES = Applicant("north-wales", "territorial", ("north-wales",), rank="chief-inspector")
WEST_MIDS = Applicant("west-midlands", "territorial", ("west-midlands",), rank="inspector")
NCA = Applicant("nca", "nca")
CPS = Applicant("cps", "dpp")


def check(p: Proposal, on: date, snap: policy.Snapshot | None = None) -> list[str]:
    return [f"{v.field}: {v.reason}" for v in rules.check_proposal(p, on, snap or policy.at(on)).violations]


def dapn(applicant: Applicant, area: str, on: date, **kw: object) -> list[str]:
    p = Proposal(
        OrderType.DAPN,
        applicant,
        area=area,
        subject_date_of_birth="1980-01-01",
        protected_person_date_of_birth="1990-01-01",
        **kw,
    )  # type: ignore[arg-type]
    return check(p, on)


def scpo(applicant: Applicant, on: date, **kw: object) -> Proposal:
    base: dict[str, object] = {
        "court": "high-court",
        "subject_date_of_birth": "1980-01-01",
        "starts_on": on,
        "ends_on": date(on.year + 5, on.month, on.day),
    }
    base.update(kw)
    return Proposal(OrderType.SCPO, applicant, **base)  # type: ignore[arg-type]


def test_a_dapn_from_an_inspector_in_greater_manchester_on_the_pilot_start_day_is_allowed() -> None:
    assert dapn(GMP, "greater-manchester", date(2024, 11, 27)) == []


def test_no_dapn_could_be_given_the_day_before_the_pilot_started() -> None:
    assert dapn(GMP, "greater-manchester", date(2024, 11, 26)) == [
        "order_type: DAPNs did not exist on 2024-11-26"
    ]


def test_a_dapn_from_a_sergeant_is_refused_naming_the_rank() -> None:
    sergeant = Applicant("greater-manchester", "territorial", ("greater-manchester",), rank="sergeant")
    assert dapn(sergeant, "greater-manchester", date(2025, 6, 2)) == [
        "applicant.rank: a sergeant may not give a DAPN: the officer must be of at least the rank of "
        "inspector"
    ]


def test_cleveland_may_give_dapns_from_5_march_2025_but_not_the_day_before() -> None:
    assert dapn(CLEVELAND, "cleveland", date(2025, 3, 4)) == [
        "area: cleveland is not a pilot area on 2025-03-04"
    ]
    assert dapn(CLEVELAND, "cleveland", date(2025, 3, 5)) == []


def test_north_wales_may_give_dapns_from_28_april_2025_but_not_the_day_before() -> None:
    assert dapn(NORTH_WALES, "north-wales", date(2025, 4, 27)) == [
        "area: north-wales is not a pilot area on 2025-04-27"
    ]
    assert dapn(NORTH_WALES, "north-wales", date(2025, 4, 28)) == []


def test_a_force_outside_the_pilot_may_not_give_a_dapn() -> None:
    assert dapn(WEST_MIDS, "west-midlands", date(2025, 6, 2)) == [
        "area: west-midlands is not a pilot area on 2025-06-02"
    ]


def test_the_pilot_runs_to_31_march_2026_and_after_that_the_rules_refuse_to_decide() -> None:
    assert dapn(GMP, "greater-manchester", date(2026, 3, 31)) == []
    assert dapn(GMP, "greater-manchester", date(2026, 4, 1)) == [
        "area: cannot decide: orders.dapo.pilot_areas is not known"
    ]


def test_a_dapn_may_not_be_given_to_a_17_year_old_or_to_protect_a_15_year_old() -> None:
    p = Proposal(
        OrderType.DAPN,
        GMP,
        area="greater-manchester",
        subject_date_of_birth="2008-01-01",
        protected_person_date_of_birth="2010-01-01",
    )
    assert check(p, date(2025, 6, 2)) == [
        "subject.date_of_birth: the subject is 17; must be 18 or over",
        "protected_person.date_of_birth: the protected person is 15; must be 16 or over",
    ]


def test_a_dapn_may_not_contain_electronic_monitoring() -> None:
    p = Proposal(
        OrderType.DAPN,
        GMP,
        area="greater-manchester",
        subject_date_of_birth="1980",
        protected_person_date_of_birth="1990",
        conditions=(ConditionFacts(0, "no_contact"), ConditionFacts(1, "electronic_monitoring", 6)),
    )
    assert check(p, date(2025, 6, 2)) == [
        "conditions[1].kind: a DAPN may not contain electronic_monitoring conditions"
    ]


def test_an_scpo_from_the_cps_in_the_high_court_for_five_years_is_allowed() -> None:
    assert check(scpo(CPS, date(2025, 6, 2)), date(2025, 6, 2)) == []


def test_an_scpo_one_day_longer_than_five_years_is_refused() -> None:
    p = scpo(CPS, date(2025, 6, 2), ends_on=date(2030, 6, 3))
    assert check(p, date(2025, 6, 2)) == [
        "ends_on: an SCPO may last at most 5 years: it must end by 2030-06-02"
    ]


def test_an_scpo_for_someone_under_18_is_refused() -> None:
    p = scpo(CPS, date(2025, 6, 2), subject_date_of_birth="2007-06-03")
    assert check(p, date(2025, 6, 2)) == ["subject.date_of_birth: the subject is 17; must be 18 or over"]
    assert check(scpo(CPS, date(2025, 6, 3), subject_date_of_birth="2007-06-03"), date(2025, 6, 3)) == []


def test_a_partial_date_of_birth_that_may_be_under_18_is_refused() -> None:
    p = scpo(CPS, date(2025, 6, 2), subject_date_of_birth="2007")
    assert check(p, date(2025, 6, 2)) == [
        "subject.date_of_birth: the partial date of birth 2007 does not show the subject is 18 or over"
    ]


def test_the_nca_may_not_apply_for_an_scpo_before_the_2025_act() -> None:
    assert check(scpo(NCA, date(2025, 6, 2)), date(2025, 6, 2)) == [
        "applicant: nca (nca) may not apply for an SCPO on 2025-06-02; applicants are dpp, sfo, "
        "chief-officer-of-police-terrorism"
    ]


def test_after_royal_assent_an_nca_scpo_application_cannot_be_decided_while_commencement_is_unknown() -> None:
    assert check(scpo(NCA, date(2025, 12, 2)), date(2025, 12, 2)) == [
        "applicant: cannot decide: orders.scpo.act_2025_commencement is not known"
    ]
    assert check(scpo(NCA, date(2025, 12, 1)), date(2025, 12, 1))[0].startswith(
        "applicant: nca (nca) may not"
    )


def test_once_the_2025_act_list_is_known_the_nca_may_apply_from_commencement() -> None:
    snap = snapshot_with(
        date(2026, 3, 1),
        {
            "orders.scpo.act_2025_commencement": (date(2025, 12, 2), "2026-03-01"),
            "orders.scpo.applicants_2025_act": (date(2025, 12, 2), ["dpp", "sfo", "nca", "territorial"]),
        },
    )
    assert check(scpo(NCA, date(2026, 3, 1)), date(2026, 3, 1), snap) == []
    before = snapshot_with(
        date(2026, 2, 28), {"orders.scpo.act_2025_commencement": (date(2025, 12, 2), "2026-03-01")}
    )
    assert check(scpo(NCA, date(2026, 2, 28)), date(2026, 2, 28), before)[0].startswith(
        "applicant: nca (nca) may not"
    )


def test_a_police_force_may_apply_for_an_scpo_only_when_terrorism_related() -> None:
    police = Applicant("west-midlands", "territorial", terrorism_related=True)
    assert check(scpo(police, date(2025, 6, 2)), date(2025, 6, 2)) == []


def test_the_crown_court_on_acquittal_cannot_be_decided_after_royal_assent_and_is_refused_before() -> None:
    assert check(scpo(CPS, date(2025, 6, 2), court="crown-court-acquittal"), date(2025, 6, 2))[0].startswith(
        "court: crown-court-acquittal may not make this order"
    )
    assert check(scpo(CPS, date(2025, 12, 3), court="crown-court-acquittal"), date(2025, 12, 3)) == [
        "court: cannot decide: orders.scpo.act_2025_commencement is not known"
    ]


def test_an_interim_scpo_refuses_to_decide_while_its_commencement_is_unknown() -> None:
    p = Proposal(OrderType.INTERIM_SCPO, NCA, court="high-court", subject_date_of_birth="1980")
    assert check(p, date(2026, 11, 26)) == [
        "order_type: cannot decide: orders.interim_scpo.commencement is not known"
    ]
    assert check(p, date(2025, 6, 2)) == ["order_type: interim SCPOs did not exist on 2025-06-02"]


def test_an_interim_scpo_once_commenced_is_decided_on_either_side_of_the_commencement_date() -> None:
    before = snapshot_with(date(2026, 1, 14), INTERIM_KNOWN)
    after = snapshot_with(date(2026, 1, 15), INTERIM_KNOWN)
    p = Proposal(OrderType.INTERIM_SCPO, NCA, court="high-court", subject_date_of_birth="1980")
    assert check(p, date(2026, 1, 14), before) == ["order_type: interim SCPOs not in force until 2026-01-15"]
    assert check(p, date(2026, 1, 15), after) == []
    fixed_end = Proposal(
        OrderType.INTERIM_SCPO,
        NCA,
        court="high-court",
        subject_date_of_birth="1980",
        starts_on=date(2026, 1, 15),
        ends_on=date(2026, 6, 1),
    )
    assert check(fixed_end, date(2026, 1, 15), after) == [
        "ends_on: cannot decide: orders.interim_scpo.maximum_duration_days is not known"
    ]


def test_dapo_tagging_for_12_months_is_allowed_and_13_months_is_refused() -> None:
    def em(months: int) -> Proposal:
        return Proposal(
            OrderType.DAPO,
            Applicant("victim-1", "victim"),
            court="family-court",
            starts_on=date(2025, 6, 2),
            conditions=(ConditionFacts(0, "electronic_monitoring", months),),
        )

    snap = policy.at(date(2025, 6, 2))
    assert rules.check_conditions(OrderType.DAPO, em(12).conditions, date(2025, 6, 2), snap).valid
    assert [
        v.reason
        for v in rules.check_conditions(OrderType.DAPO, em(13).conditions, date(2025, 6, 2), snap).violations
    ] == ["electronic monitoring may be imposed for at most 12 months at a time"]


def test_a_dapo_has_no_maximum_duration_but_its_subject_age_rule_is_not_known() -> None:
    p = Proposal(
        OrderType.DAPO,
        Applicant("victim-1", "victim"),
        court="family-court",
        starts_on=date(2025, 6, 2),
        ends_on=date(2045, 1, 1),
        subject_date_of_birth="1980-01-01",
    )
    assert check(p, date(2025, 6, 2)) == [
        "subject.date_of_birth: cannot decide: orders.dapo.minimum_subject_age_years is not known"
    ]


def test_an_nca_may_not_apply_for_a_dapo() -> None:
    p = Proposal(OrderType.DAPO, NCA, court="family-court", starts_on=date(2025, 6, 2))
    assert any(
        v.startswith("applicant: nca (nca) may not apply for a DAPO") for v in check(p, date(2025, 6, 2))
    )


def test_a_youth_diversion_order_refuses_to_decide_while_its_law_is_not_known() -> None:
    p = Proposal(OrderType.YDO, GMP, court="youth-court", subject_date_of_birth="2010-01-01")
    assert check(p, date(2026, 11, 26)) == ["order_type: cannot decide: orders.ydo.commencement is not known"]


def test_breach_penalties_come_from_parameters_and_say_when_unknown() -> None:
    snap = policy.at(date(2025, 6, 2))
    scpo_pen = rules.maximum_penalty(OrderType.SCPO, snap)
    assert scpo_pen["summary"].value == 12 and scpo_pen["indictment"].value == 5  # type: ignore[union-attr]
    dapo_pen = rules.maximum_penalty(OrderType.DAPO, snap)
    assert dapo_pen["indictment"].value == 5  # type: ignore[union-attr]
    assert dapo_pen["summary"] == "cannot decide: orders.dapo.breach_max_summary_months is not known"
    assert (
        rules.maximum_penalty(OrderType.YDO, snap)["indictment"]
        == "cannot decide: orders.ydo.breach_max_penalty_years is not known"
    )


def test_a_dapo_subject_must_notify_within_3_days() -> None:
    entry = rules.notification_days(OrderType.DAPO, policy.at(date(2025, 6, 2)))
    assert entry is not None and entry.value == 3
    assert rules.notification_days(OrderType.SCPO, policy.at(date(2025, 6, 2))) is None


@pytest.mark.parametrize(
    ("party", "change", "affected", "ok"),
    [
        ("applicant", False, False, True),
        ("subject", False, False, False),
        ("subject", True, False, True),
        ("third-party", False, False, False),
        ("third-party", False, True, True),
        ("neighbour", True, True, False),
    ],
)
def test_who_may_apply_to_vary_or_discharge(party: str, change: bool, affected: bool, ok: bool) -> None:
    assert (
        rules.may_seek_variation(party, change_of_circumstances=change, significantly_affected=affected).valid
        is ok
    )


def test_notice_of_an_interim_scpo_made_without_notice_is_due_within_7_days() -> None:
    snap = policy.at(date(2026, 1, 20))
    due, decision = rules.notice_service_by(OrderType.INTERIM_SCPO, date(2026, 1, 20), True, snap)
    assert due == date(2026, 1, 27) and decision.used[0].verified is False
    assert rules.notice_service_by(OrderType.INTERIM_SCPO, date(2026, 1, 20), False, snap)[0] is None
    assert rules.notice_service_by(OrderType.SCPO, date(2026, 1, 20), True, snap)[0] is None
