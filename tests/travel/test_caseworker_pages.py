"""Caseworker pages: the queue with filters, an audited view, deciding, and cancelling by nationality."""

from __future__ import annotations

from sqlalchemy import select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.travel import rules, service
from portcullis.travel.models import EtaApplication

from .helpers import applicant, pay


def referred(**overrides: object) -> str:
    with unit_of_work() as uow:
        view = service.submit(
            uow,
            applicants=[applicant(answers=rules.Answers(immigration_breach=True), **overrides)],
            contact_email="a@example.com",
            return_url="/x/{id}",
        )
    with unit_of_work() as uow:
        assert view.payment_id
        pay(uow, view.payment_id)
    with unit_of_work() as uow:
        return service.confirm_payment(uow, submission_id=view.id).applications[0]["id"]  # type: ignore[no-any-return]


def test_the_queue_lists_referred_applications_and_filters_by_nationality(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    app_id = referred()
    sign_in(["caseworker"])
    page = client.get("/eta/cases")
    assert page.status_code == 200 and app_id in page.text and "<caption" in page.text
    assert app_id not in client.get("/eta/cases", params={"nationality": "CAN"}).text
    assert app_id in client.get("/eta/cases", params={"reason": "immigration-breach"}).text


def test_opening_an_application_is_audited_and_a_grant_is_recorded(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    app_id = referred()
    principal = sign_in(["caseworker"])
    page = client.get(f"/eta/cases/{app_id}")
    assert page.status_code == 200 and "Record decision" in page.text
    with unit_of_work() as uow:
        assert audit.search(uow.session, actor_id=principal.user_id, operation="consultation")
    missing = client.post(f"/eta/cases/{app_id}/decide", data={"outcome": "grant", "reason": ""})
    assert missing.status_code == 422 and "Enter the reason" in missing.text
    done = client.post(
        f"/eta/cases/{app_id}/decide",
        data={"outcome": "grant", "reason": "Minor overstay in 2010"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with unit_of_work() as uow:
        app = uow.session.get(EtaApplication, app_id)
        assert app is not None and app.status == "granted"


def test_the_caseworker_pages_need_the_permission(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["carrier"])
    assert client.get("/eta/cases").status_code == 403


def test_cancelling_by_nationality_from_the_page(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    app_id = referred()
    sign_in(["caseworker"])
    client.post(f"/eta/cases/{app_id}/decide", data={"outcome": "grant", "reason": "ok"})
    page = client.post("/eta/cancel-by-nationality", data={"nationality": "USA", "reason": "Scheme change"})
    assert page.status_code == 200 and "Cancelled 1 ETAs" in page.text
    with unit_of_work() as uow:
        assert [a.status for a in uow.session.scalars(select(EtaApplication))] == ["cancelled"]
