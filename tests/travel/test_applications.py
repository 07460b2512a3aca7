"""Applying, paying, automatic decisions, groups, status checks, withdrawal and idempotency."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portcullis.core import audit, notify, payments
from portcullis.core.db import unit_of_work
from portcullis.travel import casework, rules, service
from portcullis.travel.models import EtaApplication, EtaDecision, EtaSubmission

from .helpers import applicant, pay

pytestmark = pytest.mark.usefixtures("database")


def submit_and_pay(*people: service.ApplicantIn, key: str | None = None) -> service.SubmissionView:
    with unit_of_work() as uow:
        view = service.submit(
            uow,
            applicants=list(people),
            contact_email="jane@example.com",
            return_url="/eta/apply/paid/{id}",
            idempotency_key=key,
        )
    with unit_of_work() as uow:
        assert view.payment_id
        pay(uow, view.payment_id)
    with unit_of_work() as uow:
        return service.confirm_payment(uow, submission_id=view.id)


def test_a_clean_paid_application_is_granted_automatically_for_two_years_and_emailed() -> None:
    view = submit_and_pay(applicant())
    assert view.applications[0]["status"] == "granted"
    assert view.applications[0]["valid_until"] == "2027-06-02"  # the clock is frozen on 2025-06-02
    with unit_of_work() as uow:
        decision = uow.session.scalars(select(EtaDecision)).one()
        assert decision.automatic and decision.rules_version == rules.RULES_VERSION
        assert {p["name"] for p in decision.parameters} >= {"travel.eta.validity_years", "travel.eta.rollout"}
        templates = [m.template for m in uow.session.scalars(select(notify.OutboxMessage))]
        assert sorted(templates) == ["eta-decision", "eta-received"]
        fee = uow.session.scalars(select(EtaSubmission)).one().fee_pence
        assert fee == 1600


def test_an_unpaid_application_is_not_decided() -> None:
    with unit_of_work() as uow:
        view = service.submit(
            uow, applicants=[applicant()], contact_email="jane@example.com", return_url="/x/{id}"
        )
    assert view.next_url and view.next_url.startswith("/payments/local/")
    with unit_of_work() as uow:
        again = service.confirm_payment(uow, submission_id=view.id)
    assert again.applications[0]["status"] == "awaiting-payment"


def test_an_applicant_with_a_long_sentence_is_refused_and_put_on_the_eta_refused_list() -> None:
    view = submit_and_pay(applicant(answers=rules.Answers(longest_custodial_sentence_months=24)))
    assert view.applications[0]["status"] == "refused"
    from portcullis.screening import service as screening

    with unit_of_work() as uow:
        hits = screening.screen(
            uow.session,
            screening.SubjectIn(
                kind="person", names=["Jane Doe"], date_of_birth="1990-05-17", identifiers=["567890123"]
            ),
            use="carrier",
            on=date(2025, 6, 2),
            lists=["eta-refused"],
        )
    assert hits and hits[0].list_name == "eta-refused"


def test_a_declared_immigration_breach_is_referred_to_the_queue() -> None:
    view = submit_and_pay(applicant(answers=rules.Answers(immigration_breach=True)))
    assert view.applications[0]["status"] == "referred"
    with unit_of_work() as uow:
        queued = casework.queue(uow, reason_code="immigration-breach")
        assert [a.reference for a in queued] == [view.applications[0]["reference"]]


def test_a_group_of_three_pays_once_and_gets_one_status_page() -> None:
    people = [applicant(passport_number=f"12345678{i}", given_names=f"Kid{i}") for i in range(3)]
    view = submit_and_pay(*people)
    assert view.is_group and view.fee_pence == 3 * 1600 and len(view.applications) == 3
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(payments.Payment)) == 1
        rows = service.check_status(
            uow, reference=view.reference, passport_number="123456781", email="JANE@example.com"
        )
    assert [r["status"] for r in rows] == ["granted"] * 3


def test_a_group_over_50_is_refused_and_nothing_is_saved() -> None:
    people = [applicant(passport_number=f"P{i:07d}") for i in range(51)]
    with pytest.raises(service.TravelError) as exc, unit_of_work() as uow:
        service.submit(uow, applicants=people, contact_email="a@example.com", return_url="/x")
    assert exc.value.errors[0]["field"] == "applicants"
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(EtaApplication)) == 0


def test_bad_fields_are_each_named_and_nothing_is_saved() -> None:
    bad = applicant(nationality="ZZZ", passport_expiry=date(2025, 6, 1), email="nope", passport_number="1")
    with pytest.raises(service.TravelError) as exc, unit_of_work() as uow:
        service.submit(uow, applicants=[bad], contact_email="a@example.com", return_url="/x")
    fields = {e["field"] for e in exc.value.errors}
    assert fields == {"nationality", "passport_expiry", "email", "passport_number"}
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(EtaSubmission)) == 0


def test_a_passport_expiring_before_arrival_is_refused() -> None:
    late = applicant(passport_expiry=date(2025, 7, 1), arrival_date=date(2025, 8, 1))
    with pytest.raises(service.TravelError) as exc, unit_of_work() as uow:
        service.submit(uow, applicants=[late], contact_email="a@example.com", return_url="/x")
    assert exc.value.errors[0]["field"] == "passport_expiry"


def test_the_same_idempotency_key_returns_the_same_application_and_one_payment() -> None:
    with unit_of_work() as uow:
        first = service.submit(
            uow,
            applicants=[applicant()],
            contact_email="a@example.com",
            return_url="/x",
            idempotency_key="k-1",
        )
    with unit_of_work() as uow:
        second = service.submit(
            uow,
            applicants=[applicant()],
            contact_email="a@example.com",
            return_url="/x",
            idempotency_key="k-1",
        )
        assert uow.session.scalar(select(func.count()).select_from(payments.Payment)) == 1
    assert first.reference == second.reference and first.payment_id == second.payment_id


def test_status_check_with_a_wrong_email_says_nothing_about_the_application() -> None:
    view = submit_and_pay(applicant())
    with pytest.raises(service.TravelError) as exc, unit_of_work() as uow:
        service.check_status(
            uow,
            reference=view.applications[0]["reference"],
            passport_number="567890123",
            email="other@example.com",
        )
    assert "could not find" in exc.value.errors[0]["reason"]


def test_an_applicant_can_withdraw_before_a_decision_but_not_after() -> None:
    referred = submit_and_pay(applicant(answers=rules.Answers(terrorism_or_extremism=True)))
    ref = referred.applications[0]["reference"]
    with unit_of_work() as uow:
        rows = service.withdraw(uow, reference=ref, passport_number="567890123", email="jane@example.com")
    assert rows[0]["status"] == "withdrawn"
    granted = submit_and_pay(applicant(passport_number="999999999"))
    with pytest.raises(service.TravelError), unit_of_work() as uow:
        service.withdraw(
            uow,
            reference=granted.applications[0]["reference"],
            passport_number="999999999",
            email="jane@example.com",
        )


def test_an_automatic_decision_replays_to_the_same_outcome_and_parameters() -> None:
    submit_and_pay(applicant())
    with unit_of_work() as uow:
        decision = uow.session.scalars(select(EtaDecision)).one()
        stored, replayed = casework.replay(uow, decision_id=decision.id)
    assert stored == replayed


def test_every_collection_and_decision_is_in_the_audit_log() -> None:
    submit_and_pay(applicant())
    with unit_of_work() as uow:
        ops = [e.operation for e in audit.search(uow.session, limit=50) if e.record_type == "eta_application"]
        assert "collection" in ops and "alteration" in ops
        assert audit.verify(uow.session).ok
