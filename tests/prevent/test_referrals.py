"""Referral intake, acknowledgements, repeat referrals and opening a record with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.prevent import service
from portcullis.prevent.errors import NotFound, PreventError
from portcullis.prevent.models import Referral


def _count(model: type) -> int:
    with unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_complete_referral_is_acknowledged_with_a_reference_and_the_gateway_target(principal, form) -> None:
    referrer = principal("prevent_referrer")
    with unit_of_work() as uow:
        ack = service.submit_referral(uow, actor=referrer, form=form())
    assert ack.reference.startswith("PRV-")
    assert ack.gateway_due_on.isoformat() == "2025-06-09"  # received Monday 2 June 2025, five working days
    with unit_of_work() as uow:
        entry = audit.search(uow.session, operation="collection")[0]
        assert entry.record_type == "prevent_referral" and entry.details["reference"] == ack.reference


def test_a_referral_without_the_minimum_fields_names_each_field_and_saves_nothing(principal, form) -> None:
    referrer = principal("prevent_referrer")
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        service.submit_referral(
            uow,
            actor=referrer,
            form=form(family_name="", sector="", reasons="short", concern_type="other", referrer_contact=""),
        )
    fields = {f for f, _ in raised.value.errors}
    assert fields == {"family_name", "sector", "reasons", "concern_other", "referrer_contact"}
    assert _count(Referral) == 0 and _count(Person) == 0


def test_a_date_of_birth_in_the_future_is_refused(principal, form) -> None:
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        service.submit_referral(
            uow, actor=principal("prevent_referrer"), form=form(date_of_birth="2030-01-01")
        )
    assert raised.value.errors[0][0] == "date_of_birth"


def test_a_referrer_sees_only_their_own_acknowledgements(principal, form) -> None:
    alice, bob = principal("prevent_referrer"), principal("prevent_referrer")
    with unit_of_work() as uow:
        mine = service.submit_referral(uow, actor=alice, form=form())
        theirs = service.submit_referral(uow, actor=bob, form=form(family_name="Other"))
    with unit_of_work() as uow:
        assert [a.reference for a in service.my_acknowledgements(uow.session, actor=alice)] == [
            mine.reference
        ]
        assert service.my_acknowledgement(uow.session, actor=alice, reference=mine.reference).reference
        with pytest.raises(NotFound):
            service.my_acknowledgement(uow.session, actor=alice, reference=theirs.reference)


def test_the_same_person_referred_again_is_linked_recognised_as_a_repeat_and_needs_a_senior_review(
    principal, form, frozen_clock
) -> None:
    referrer = principal("prevent_referrer")
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=referrer, form=form())
    frozen_clock.advance(timedelta(days=40))
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=referrer, form=form(given_names="JORDAN", sector="police"))
    with unit_of_work() as uow:
        first, second = uow.session.scalars(select(Referral).order_by(Referral.received_at)).all()
        assert first.person_id == second.person_id
        assert second.previous_referral_ids == [first.id]
        assert second.senior_review_required and not first.senior_review_required
    assert _count(Person) == 1


def test_a_similar_name_without_the_same_date_of_birth_is_shown_as_a_possible_match_not_linked(
    principal, form
) -> None:
    referrer = principal("prevent_referrer")
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=referrer, form=form())
        service.submit_referral(uow, actor=referrer, form=form(given_names="Jordon", date_of_birth="2009"))
    with unit_of_work() as uow:
        first, second = uow.session.scalars(
            select(Referral).order_by(Referral.received_at, Referral.id)
        ).all()
        later = second if second.possible_match_ids else first
        assert later.possible_match_ids and not later.previous_referral_ids
        assert first.person_id != second.person_id


def test_opening_a_record_needs_a_reason_and_every_opening_is_audited_with_it(principal, form) -> None:
    referrer, officer = principal("prevent_referrer"), principal("prevent_police")
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=referrer, form=form())
        referral_id = uow.session.scalar(select(Referral.id))
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        service.open_referral(uow, actor=officer, referral_id=referral_id, justification=" ", via="api")
    assert raised.value.errors[0][0] == "justification"
    with unit_of_work() as uow:
        view = service.open_referral(
            uow,
            actor=officer,
            referral_id=referral_id,
            justification="Gateway assessment of a new referral",
            via="api",
        )
        assert view.person.family_name == "Example"
    with unit_of_work() as uow:
        entry = audit.search(uow.session, operation="consultation")[0]
        assert entry.justification == "Gateway assessment of a new referral"
        assert entry.actor_id == officer.user_id and entry.subject_id == view.person.id


def test_the_assessor_confirms_a_possible_match_and_the_referral_becomes_a_repeat(principal, form) -> None:
    from portcullis.prevent import gateway

    referrer, officer = principal("prevent_referrer"), principal("prevent_police")
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=referrer, form=form())
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=referrer, form=form(given_names="Jordon", date_of_birth="2009"))
    with unit_of_work() as uow:
        later = next(r for r in uow.session.scalars(select(Referral)) if r.possible_match_ids)
        assert not later.senior_review_required
        later_id, other_id = later.id, later.possible_match_ids[0]
    with pytest.raises(PreventError), unit_of_work() as uow:
        gateway.confirm_same_person(uow, actor=officer, referral_id=later_id, other_referral_id=later_id)
    with unit_of_work() as uow:
        gateway.confirm_same_person(uow, actor=officer, referral_id=later_id, other_referral_id=other_id)
    with unit_of_work() as uow:
        r, other = uow.session.get(Referral, later_id), uow.session.get(Referral, other_id)
        assert r is not None and other is not None
        assert r.person_id == other.person_id and r.previous_referral_ids == [other_id]
        assert r.senior_review_required and r.possible_match_ids == []
        assert audit.search(uow.session, operation="combination")[0].record_id == later_id


def test_a_person_on_a_screening_list_is_flagged_to_the_assessor(principal, form) -> None:
    from datetime import date

    from portcullis.screening import service as screening

    with unit_of_work() as uow:
        screening.upsert_internal_entry(
            uow,
            list_name="association-ban",
            source_ref="order:test-1",
            subject=screening.SubjectIn(kind="person", names=["Jordan Example"], date_of_birth="2009-03-14"),
            reason_code="order-subject",
            source="orders",
            valid_from=date(2025, 1, 1),
            valid_to=None,
        )
    with unit_of_work() as uow:
        service.submit_referral(uow, actor=principal("prevent_referrer"), form=form())
    with unit_of_work() as uow:
        hits = uow.session.scalar(select(Referral.screening_hits))
    assert hits and hits[0]["list"] == "association-ban" and hits[0]["score"] >= 0.75
