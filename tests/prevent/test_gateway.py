"""The police gateway: deconfliction, the threshold decision and its outcomes, transferred-case follow-ups and
senior review of repeat referrals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.prevent import gateway, service
from portcullis.prevent.errors import Forbidden, PreventError
from portcullis.prevent.models import ChannelCase, Referral, TransferFollowUp

RATIONALE = {
    "ideology": "unclear",
    "vulnerability": "present",
    "risk": "low",
    "explanation": "Fixated on school shootings; vulnerable; no ideology found.",
}


def _deconflict(officer, referral_id: str) -> None:
    with unit_of_work() as uow:
        gateway.record_deconfliction(uow, actor=officer, referral_id=referral_id, result="no_ct_interest")


def _decide(
    officer, referral_id: str, outcome: str, threshold_met: bool, receiving_service: str | None = None
):
    with unit_of_work() as uow:
        return gateway.decide_gateway(
            uow,
            actor=officer,
            referral_id=referral_id,
            outcome=outcome,
            threshold_met=threshold_met,
            rationale=RATIONALE,
            receiving_service=receiving_service,
        ).status


def _referral(referral_id: str) -> Referral:
    with unit_of_work() as uow:
        r = uow.session.get(Referral, referral_id)
        assert r is not None
        return r


def test_a_gateway_decision_cannot_be_made_before_deconfliction_with_ct_casework(principal, referral) -> None:
    officer, rid = principal("prevent_police"), referral()
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.decide_gateway(
            uow, actor=officer, referral_id=rid, outcome="channel", threshold_met=True, rationale=RATIONALE
        )
    assert (
        "deconfliction",
        "record the deconfliction with counter-terrorism casework first",
    ) in raised.value.errors
    assert _referral(rid).status == "received"


def test_an_existing_ct_case_must_give_its_casework_reference(principal, referral) -> None:
    officer, rid = principal("prevent_police"), referral()
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="existing_ct_case")
    assert raised.value.errors[0][0] == "deconfliction_reference"


def test_adopting_for_channel_opens_a_channel_case_awaiting_consent(principal, referral) -> None:
    officer, rid = principal("prevent_police"), referral()
    _deconflict(officer, rid)
    assert _decide(officer, rid, "channel", True) == "channel"
    with unit_of_work() as uow:
        case = uow.session.scalar(select(ChannelCase).where(ChannelCase.referral_id == rid))
        assert case is not None and case.status == "awaiting_consent"
    g = _referral(rid).gateway
    assert g is not None and g.overdue_at_decision is False
    assert {p["name"] for p in g.parameters_used} == {"prevent.gateway.target_working_days"}


def test_an_outcome_that_contradicts_the_threshold_decision_is_refused(principal, referral) -> None:
    officer, rid = principal("prevent_police"), referral()
    _deconflict(officer, rid)
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.decide_gateway(
            uow,
            actor=officer,
            referral_id=rid,
            outcome="nfa",
            threshold_met=True,
            rationale={"ideology": "maybe", "explanation": "short"},
        )
    fields = {f for f, _ in raised.value.errors}
    assert {
        "rationale.ideology",
        "rationale.vulnerability",
        "rationale.risk",
        "rationale.explanation",
    } <= fields


def test_only_the_gateway_police_may_decide(principal, referral) -> None:
    rid = referral()
    with pytest.raises(Forbidden), unit_of_work() as uow:
        gateway.record_deconfliction(
            uow, actor=principal("prevent_practitioner"), referral_id=rid, result="no_ct_interest"
        )


def test_an_assessment_past_five_working_days_is_flagged_overdue_in_the_casework_list(
    principal, referral, frozen_clock
) -> None:
    officer, rid = principal("prevent_police"), referral()
    with unit_of_work() as uow:
        row = service.casework(uow.session, actor=officer, today=date(2025, 6, 9))[0]
        assert row.id == rid and not row.gateway_overdue
        assert service.casework(uow.session, actor=officer, today=date(2025, 6, 10))[0].gateway_overdue
    frozen_clock.advance(timedelta(days=8))
    _deconflict(officer, rid)
    _decide(officer, rid, "pcm", True)
    assert _referral(rid).gateway.overdue_at_decision is True  # type: ignore[union-attr]


def test_a_transferred_case_gets_follow_up_checks_until_the_service_confirms(
    principal, referral, frozen_clock
) -> None:
    officer, worker, rid = principal("prevent_police"), principal("prevent_practitioner"), referral()
    _deconflict(officer, rid)
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.decide_gateway(
            uow,
            actor=officer,
            referral_id=rid,
            outcome="transferred",
            threshold_met=False,
            rationale=RATIONALE,
        )
    assert raised.value.errors == [("receiving_service", "say which service the case is transferred to")]
    assert _decide(officer, rid, "transferred", False, "mental_health") == "transferred_monitoring"
    due = [fu.due_on for fu in _referral(rid).follow_ups]
    assert due == [date(2025, 6, 12), date(2025, 7, 2), date(2025, 8, 1)]
    frozen_clock.advance(timedelta(days=11))
    with unit_of_work() as uow:
        assert (
            service.casework(uow.session, actor=officer, today=date(2025, 6, 13))[0].follow_ups_overdue == 1
        )
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.record_follow_up(
            uow, actor=worker, referral_id=rid, sequence=2, confirmed=False, notes="no answer"
        )
    assert "out of order" in raised.value.errors[0][1]
    with unit_of_work() as uow:
        gateway.record_follow_up(
            uow, actor=worker, referral_id=rid, sequence=1, confirmed=False, notes="no reply yet"
        )
        gateway.record_follow_up(
            uow,
            actor=worker,
            referral_id=rid,
            sequence=2,
            confirmed=True,
            notes="Assessed by the community mental health team",
        )
    r = _referral(rid)
    assert r.status == "closed" and [fu.cancelled for fu in r.follow_ups] == [False, False, True]


def test_a_case_transferred_before_the_pilot_has_no_follow_ups_and_closes(
    principal, referral, frozen_clock
) -> None:
    from datetime import UTC, datetime

    frozen_clock.set(datetime(2024, 12, 2, 10, tzinfo=UTC))
    officer, rid = principal("prevent_police"), referral()
    _deconflict(officer, rid)
    assert _decide(officer, rid, "transferred", False, "childrens_social_care") == "closed"
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(TransferFollowUp)) == 0


def test_a_repeat_referral_with_no_further_action_waits_for_a_senior_review_before_closing(
    principal, referral, frozen_clock
) -> None:
    officer, senior, worker = (
        principal("prevent_police"),
        principal("prevent_supervisor"),
        principal("prevent_practitioner"),
    )
    referral()
    frozen_clock.advance(timedelta(days=30))
    rid = referral()
    _deconflict(officer, rid)
    assert _decide(officer, rid, "nfa", False) == "awaiting_senior_review"
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.close_referral(uow, actor=worker, referral_id=rid, reason="Nothing more to do here")
    assert raised.value.errors[0] == (
        "senior_review",
        "a repeat referral cannot be closed without a senior review",
    )
    with pytest.raises(Forbidden), unit_of_work() as uow:
        gateway.senior_review(uow, actor=officer, referral_id=rid, agreed=True, notes="I agree with myself")
    with unit_of_work() as uow:
        gateway.senior_review(
            uow, actor=senior, referral_id=rid, agreed=True, notes="History read; NFA is right"
        )
    assert _referral(rid).status == "closed"


def test_a_senior_reviewer_who_disagrees_sends_the_referral_back_to_the_gateway(
    principal, referral, frozen_clock
) -> None:
    officer, senior = principal("prevent_police"), principal("prevent_supervisor")
    referral()
    frozen_clock.advance(timedelta(days=30))
    rid = referral()
    _deconflict(officer, rid)
    _decide(officer, rid, "nfa", False)
    with unit_of_work() as uow:
        gateway.senior_review(
            uow, actor=senior, referral_id=rid, agreed=False, notes="Third referral: reassess it"
        )
    r = _referral(rid)
    assert r.status == "received" and r.gateway is not None and r.gateway.outcome is None
    assert _decide(officer, rid, "channel", True) == "channel"


def test_the_senior_reviewer_cannot_review_their_own_gateway_decision(
    principal, referral, frozen_clock
) -> None:
    senior = principal("prevent_supervisor")
    referral()
    frozen_clock.advance(timedelta(days=30))
    rid = referral()
    _deconflict(senior, rid)
    _decide(senior, rid, "nfa", False)
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        gateway.senior_review(uow, actor=senior, referral_id=rid, agreed=True, notes="I agree with myself")
    assert raised.value.errors == [("senior_review", "the officer who made the decision cannot review it")]
    assert _referral(rid).status == "awaiting_senior_review"
