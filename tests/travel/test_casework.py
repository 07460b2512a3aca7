"""Caseworker decisions, cancellation (singly and by nationality) and audited views."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portcullis.core import access, audit
from portcullis.core.clock import FrozenClock
from portcullis.core.db import unit_of_work
from portcullis.travel import casework, rules, service
from portcullis.travel.models import EtaApplication

from .helpers import applicant, pay

pytestmark = pytest.mark.usefixtures("database")


def submitted(*people: service.ApplicantIn) -> list[str]:
    with unit_of_work() as uow:
        view = service.submit(
            uow, applicants=list(people), contact_email="a@example.com", return_url="/x/{id}"
        )
    with unit_of_work() as uow:
        assert view.payment_id
        pay(uow, view.payment_id)
    with unit_of_work() as uow:
        return [a["id"] for a in service.confirm_payment(uow, submission_id=view.id).applications]


@pytest.fixture()
def caseworker(make_user) -> access.Principal:  # type: ignore[no-untyped-def]
    user = make_user(["caseworker"])
    with unit_of_work() as uow:
        return access.principal_for_user(uow.session.merge(user))


def test_a_caseworker_grants_a_referred_application_with_a_reason(caseworker: access.Principal) -> None:
    [app_id] = submitted(applicant(answers=rules.Answers(immigration_breach=True)))
    with unit_of_work() as uow:
        decision = casework.decide_by_caseworker(
            uow,
            application_id=app_id,
            outcome="grant",
            reason="Overstay of 3 days in 2012, since complied",
            actor=caseworker,
        )
        assert not decision.automatic and decision.decided_by == caseworker.user_id
    with unit_of_work() as uow:
        app = uow.session.get(EtaApplication, app_id)
        assert app is not None and app.status == "granted" and app.valid_until == date(2027, 6, 2)
        assert [d.outcome for d in app.decisions] == ["refer", "grant"]


def test_a_caseworker_must_give_a_reason_and_cannot_decide_twice(caseworker: access.Principal) -> None:
    [app_id] = submitted(applicant(answers=rules.Answers(immigration_breach=True)))
    with pytest.raises(service.TravelError) as exc, unit_of_work() as uow:
        casework.decide_by_caseworker(
            uow, application_id=app_id, outcome="refuse", reason=" ", actor=caseworker
        )
    assert exc.value.errors[0]["field"] == "reason"
    with unit_of_work() as uow:
        casework.decide_by_caseworker(
            uow, application_id=app_id, outcome="refuse", reason="Deception", actor=caseworker
        )
    with pytest.raises(service.TravelError), unit_of_work() as uow:
        casework.decide_by_caseworker(
            uow, application_id=app_id, outcome="grant", reason="x", actor=caseworker
        )


def test_viewing_an_application_is_audited_as_a_consultation(caseworker: access.Principal) -> None:
    [app_id] = submitted(applicant(answers=rules.Answers(immigration_breach=True)))
    with unit_of_work() as uow:
        casework.get_application(
            uow, application_id=app_id, actor=caseworker, justification="Deciding referral"
        )
    with unit_of_work() as uow:
        entries = audit.search(uow.session, record_id=app_id, operation="consultation")
        assert entries and entries[0].actor_id == caseworker.user_id


def test_cancelling_a_granted_eta_ends_it_today_and_emails_the_holder(caseworker: access.Principal) -> None:
    [app_id] = submitted(applicant())
    with unit_of_work() as uow:
        casework.cancel(uow, application_id=app_id, reason="Fraudulent passport reported", actor=caseworker)
    with unit_of_work() as uow:
        app = uow.session.get(EtaApplication, app_id)
        assert app is not None and app.status == "cancelled" and app.valid_until == date(2025, 6, 2)
        assert app.decisions[-1].outcome == "cancel"


def test_bulk_cancellation_by_nationality_touches_only_that_nationality(
    caseworker: access.Principal, frozen_clock: FrozenClock
) -> None:
    frozen_clock.set(datetime(2024, 9, 1, 12, 0, tzinfo=UTC))  # Jordanians could still get an ETA
    submitted(
        applicant(nationality="JOR", passport_issuing_state="JOR", passport_number="J1234567"),
        applicant(nationality="JOR", passport_issuing_state="JOR", passport_number="J7654321"),
        applicant(nationality="QAT", passport_issuing_state="QAT", passport_number="Q1234567"),
    )
    frozen_clock.set(datetime(2024, 10, 8, 14, 0, tzinfo=UTC))  # the cancellation took effect at 15:00 BST
    with unit_of_work() as uow:
        count = casework.cancel_by_nationality(
            uow, nationality="JOR", reason="Jordan removed from the ETA scheme (HC 217)", actor=caseworker
        )
    assert count == 2
    with unit_of_work() as uow:
        statuses = {(a.nationality, a.status) for a in uow.session.scalars(select(EtaApplication))}
    assert statuses == {("JOR", "cancelled"), ("QAT", "granted")}


def test_bulk_cancellation_names_an_unknown_nationality(caseworker: access.Principal) -> None:
    with pytest.raises(service.TravelError) as exc, unit_of_work() as uow:
        casework.cancel_by_nationality(uow, nationality="QQQ", reason="x", actor=caseworker)
    assert exc.value.errors[0]["field"] == "nationality"
