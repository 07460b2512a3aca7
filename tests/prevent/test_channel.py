"""Channel: consent, panels with a quorum, the VAF, the support plan, reviews in order, exit and post-exit
reviews, and escalation towards a Youth Diversion Order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.prevent import channel, gateway
from portcullis.prevent.errors import PreventError
from portcullis.prevent.models import ChannelCase, Intervention, PanelCaseDecision, VafAssessment
from portcullis.prevent.values import VAF_FACTORS

RATIONALE = {
    "ideology": "present",
    "vulnerability": "present",
    "risk": "moderate",
    "explanation": "Sharing extreme right-wing material and seeking out a local group.",
}
QUORATE = [
    {"name": "Chair", "agency": "local_authority", "role": "Chair", "attended": True},
    {"name": "Channel police practitioner", "agency": "police", "attended": True},
    {"name": "School nurse", "agency": "health", "attended": True},
]


@pytest.fixture()
def case(principal, referral):
    """case(date_of_birth=...) -> (case id, practitioner) for a referral adopted for Channel."""
    officer, worker = principal("prevent_police"), principal("prevent_practitioner")

    def _make(**overrides: str) -> tuple[str, object]:
        rid = referral(**overrides)
        with unit_of_work() as uow:
            gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
            gateway.decide_gateway(
                uow,
                actor=officer,
                referral_id=rid,
                outcome="channel",
                threshold_met=True,
                rationale=RATIONALE,
            )
        with unit_of_work() as uow:
            return str(
                uow.session.scalar(select(ChannelCase.id).where(ChannelCase.referral_id == rid))
            ), worker

    return _make


def _meeting(worker, members=QUORATE, held_on=date(2025, 6, 2)) -> str:
    with unit_of_work() as uow:
        return channel.create_meeting(
            uow, actor=worker, local_authority="Manchester", held_on=held_on, members=members
        ).id


def _consent(worker, case_id: str, given_by: str = "parent_guardian", given: bool = True) -> None:
    with unit_of_work() as uow:
        channel.record_consent(
            uow,
            actor=worker,
            case_id=case_id,
            given_by=given_by,
            giver_name="A Parent",
            given=given,
            on=date(2025, 6, 2),
        )


def _adopt(worker, case_id: str) -> None:
    with unit_of_work() as uow:
        channel.panel_decision(
            uow,
            actor=worker,
            meeting_id=_meeting(worker),
            case_id=case_id,
            decision="adopt",
            rationale="Vulnerable and engaging with ERW material",
        )


def _count(model: type) -> int:
    with unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_child_cannot_consent_for_themself_a_parent_or_guardian_must(case) -> None:
    case_id, worker = case(date_of_birth="2010-01-01")
    with pytest.raises(PreventError) as raised:
        _consent(worker, case_id, given_by="person")
    assert (
        raised.value.errors[0][0] == "consent_given_by" and "parent or guardian" in raised.value.errors[0][1]
    )
    _consent(worker, case_id)
    with unit_of_work() as uow:
        assert uow.session.get(ChannelCase, case_id).status == "consented"  # type: ignore[union-attr]


def test_a_channel_case_without_consent_cannot_be_adopted_and_nothing_is_saved(case) -> None:
    case_id, worker = case()
    meeting = _meeting(worker)
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.panel_decision(
            uow,
            actor=worker,
            meeting_id=meeting,
            case_id=case_id,
            decision="adopt",
            rationale="Would benefit from mentoring",
        )
    assert raised.value.errors[0][0] == "consent"
    assert _count(PanelCaseDecision) == 0


def test_refused_consent_ends_the_case(case) -> None:
    case_id, worker = case(date_of_birth="1990-01-01")
    _consent(worker, case_id, given_by="person", given=False)
    with unit_of_work() as uow:
        assert uow.session.get(ChannelCase, case_id).status == "consent_refused"  # type: ignore[union-attr]
    with pytest.raises(PreventError):
        _adopt(worker, case_id)


def test_a_panel_without_a_quorum_cannot_decide_and_nothing_is_saved(case) -> None:
    case_id, worker = case()
    _consent(worker, case_id)
    thin = [dict(QUORATE[0]), dict(QUORATE[1], attended=False)]
    meeting = _meeting(worker, members=thin)
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.panel_decision(
            uow,
            actor=worker,
            meeting_id=meeting,
            case_id=case_id,
            decision="adopt",
            rationale="Would benefit from mentoring",
        )
    assert [f for f, _ in raised.value.errors] == ["quorum", "quorum"]
    assert _count(PanelCaseDecision) == 0
    with unit_of_work() as uow:
        assert uow.session.get(ChannelCase, case_id).adopted_on is None  # type: ignore[union-attr]


def test_a_meeting_needs_named_members_from_known_agencies(principal) -> None:
    worker = principal("prevent_practitioner")
    with pytest.raises(PreventError) as raised:
        _meeting(worker, members=[{"name": "", "agency": "pub", "attended": "yes"}])
    assert {f for f, _ in raised.value.errors} == {
        "members[0].name",
        "members[0].agency",
        "members[0].attended",
    }


def test_the_vaf_needs_all_22_factors_and_a_note_for_each_one_present(case) -> None:
    case_id, worker = case()
    factors = {f.code: {"score": 0} for f in VAF_FACTORS}
    factors["E01"] = {"score": 2}
    del factors["C03"]
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.record_vaf(uow, actor=worker, case_id=case_id, assessed_on=date(2025, 6, 2), factors=factors)
    assert {f for f, _ in raised.value.errors} == {"factors", "factors.E01.note"}
    factors["C03"] = {"score": 0}
    factors["E01"]["note"] = "Says he has been treated unfairly by the school"
    with unit_of_work() as uow:
        channel.record_vaf(uow, actor=worker, case_id=case_id, assessed_on=date(2025, 6, 2), factors=factors)
    assert _count(VafAssessment) == 1


def test_an_adopted_case_gets_a_support_plan_reviews_in_order_exit_and_post_exit_reviews(
    case, frozen_clock
) -> None:
    case_id, worker = case()
    _consent(worker, case_id)
    _adopt(worker, case_id)
    with unit_of_work() as uow:
        for kind in ("ideological_mentoring", "cyber_skills", "family", "neurodivergence"):
            channel.add_intervention(
                uow,
                actor=worker,
                case_id=case_id,
                kind=kind,
                provider="Intervention provider",
                started_on=date(2025, 6, 2),
            )
    assert _count(Intervention) == 4
    frozen_clock.advance(timedelta(days=100))
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.record_review(
            uow,
            actor=worker,
            case_id=case_id,
            kind="support",
            sequence=2,
            held_on=date(2025, 9, 2),
            outcome="Engaging well with the mentor",
        )
    assert raised.value.errors == [("sequence", "review 2 is out of order; review 1 is next")]
    with unit_of_work() as uow:  # nothing saved
        assert [r.held_on for r in uow.session.get(ChannelCase, case_id).reviews] == [None]  # type: ignore[union-attr]
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.record_review(
            uow,
            actor=worker,
            case_id=case_id,
            kind="post_exit",
            sequence=1,
            held_on=date(2025, 9, 2),
            outcome="Engaging well with the mentor",
        )
    assert raised.value.errors[0][0] == "kind"
    with unit_of_work() as uow:
        channel.record_review(
            uow,
            actor=worker,
            case_id=case_id,
            kind="support",
            sequence=1,
            held_on=date(2025, 9, 2),
            outcome="Engaging well with the mentor",
        )
        channel.exit_case(
            uow,
            actor=worker,
            case_id=case_id,
            exited_on=date(2025, 9, 5),
            reason="Risk reduced; support complete",
        )
    with unit_of_work() as uow:
        c = uow.session.get(ChannelCase, case_id)
        assert c is not None and c.status == "exited"
        assert [(r.kind, r.sequence, r.due_on) for r in c.reviews if r.held_on is None] == [
            ("post_exit", 1, date(2026, 3, 5)),
            ("post_exit", 2, date(2026, 9, 5)),
        ]


def test_interventions_need_an_adopted_case(case) -> None:
    case_id, worker = case()
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.add_intervention(
            uow,
            actor=worker,
            case_id=case_id,
            kind="practical_mentoring",
            provider="X",
            started_on=date(2025, 6, 2),
        )
    assert raised.value.errors[0][0] == "consent"


def test_the_police_escalate_a_case_by_filing_a_youth_diversion_order_application_with_orders(
    case, principal
) -> None:
    case_id, _ = case()
    officer = principal("prevent_police")
    with unit_of_work() as uow:
        e = channel.escalate_to_youth_diversion_order(
            uow,
            actor=officer,
            case_id=case_id,
            applicant_agency="greater-manchester",
            court="youth-court",
            reasons="Continued planning of violence despite Channel support",
        )
        assert e.order_application_id is not None
        # YDOs are not yet commenced in the orders parameters, so the orders rules cannot decide eligibility.
        assert e.status == "application_filed_undetermined"


def test_an_escalation_the_orders_rules_refuse_saves_nothing(case, principal) -> None:
    case_id, _ = case()
    officer = principal("prevent_police")
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        channel.escalate_to_youth_diversion_order(
            uow,
            actor=officer,
            case_id=case_id,
            applicant_agency="not-a-force",
            court="youth-court",
            reasons="Continued planning of violence despite Channel support",
        )
    assert raised.value.errors[0][0] == "order.applicant_agency"
    with unit_of_work() as uow:
        assert uow.session.get(ChannelCase, case_id).escalations == []  # type: ignore[union-attr]
