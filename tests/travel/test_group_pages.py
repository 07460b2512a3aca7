"""A parent applies for a family group through the pages: two people, one payment, one status page."""

from __future__ import annotations

from sqlalchemy import func, select

from portcullis.core import payments
from portcullis.core.db import unit_of_work
from portcullis.travel.models import EtaApplication, EtaSubmission

from .helpers import card_form
from .test_public_pages import csrf, photo_bytes, post


def one_person(client, number: str, given: str) -> None:  # type: ignore[no-untyped-def]
    assert (
        post(client, "/eta/apply/passport-method", {"method": "fields"}).headers["location"]
        == "/eta/apply/passport"
    )
    steps = [
        (
            "passport",
            {
                "passport_number": number,
                "issuing_state": "CAN",
                "nationality": "CAN",
                "expiry-day": "1",
                "expiry-month": "1",
                "expiry-year": "2031",
            },
        ),
        (
            "personal",
            {
                "given_names": given,
                "family_name": "Tremblay",
                "dob-day": "2",
                "dob-month": "3",
                "dob-year": "2015",
                "sex": "F",
            },
        ),
        ("email", {"email": "parent@example.com"}),
        ("arrival", {"arrival-day": "1", "arrival-month": "8", "arrival-year": "2025"}),
    ]
    for step, data in steps:
        assert post(client, f"/eta/apply/{step}", data).status_code == 303, step
    response = client.post(
        "/eta/apply/photo",
        data={"csrf_token": csrf(client)},
        files={"photo": ("face.png", photo_bytes("PNG"), "image/png")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    for step, data in [
        ("sentence", {"sentence": "0"}),
        ("convicted", {"convicted": "no"}),
        ("exclusion", {"exclusion": "no"}),
        ("immigration", {"immigration": "no"}),
        ("conduct", {"conduct": "no"}),
    ]:
        assert post(client, f"/eta/apply/{step}", data).status_code == 303, step
    assert post(client, "/eta/apply/check", {}).headers["location"] == "/eta/apply/another"


def test_a_parent_applies_for_two_children_with_one_payment(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/eta/apply")
    assert post(client, "/eta/apply/who", {"who": "group"}).headers["location"] == "/eta/apply/your-name"
    assert post(client, "/eta/apply/your-name", {"submitter": ""}).status_code == 422
    assert post(client, "/eta/apply/your-name", {"submitter": "Marie Tremblay"}).status_code == 303
    one_person(client, "AB123456", "Chloe")
    assert (
        post(client, "/eta/apply/another", {"another": "yes"}).headers["location"]
        == "/eta/apply/passport-method"
    )
    one_person(client, "AB654321", "Lea")
    assert (
        post(client, "/eta/apply/another", {"another": "no"}).headers["location"] == "/eta/apply/declaration"
    )
    declaration = client.get("/eta/apply/declaration")
    assert "£32.00 for 2 people" in declaration.text
    pay_at = post(client, "/eta/apply/declaration", {"confirm": "yes"}).headers["location"]
    paid = post(client, pay_at, {k.replace("_", "-"): v for k, v in card_form().items()})
    page = client.get(paid.headers["location"])
    assert "Chloe Tremblay" in page.text and "Lea Tremblay" in page.text
    with unit_of_work() as uow:
        apps = list(uow.session.scalars(select(EtaApplication)))
        assert {a.status for a in apps} == {"granted"} and all(a.on_behalf for a in apps)
        assert {a.submitted_by for a in apps} == {"Marie Tremblay"}
        assert uow.session.scalar(select(func.count()).select_from(payments.Payment)) == 1
        sub = uow.session.scalars(select(EtaSubmission)).one()
        assert sub.is_group and sub.fee_pence == 3200
