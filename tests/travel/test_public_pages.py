"""The public journey through the pages, without JavaScript: need an ETA?, apply, pay, status, withdraw."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.travel.models import EtaApplication

from .helpers import card_form


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (600, 750)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buffer, format=fmt)
    return buffer.getvalue()


def csrf(client) -> str:  # type: ignore[no-untyped-def]
    client.get("/eta")
    token = client.cookies.get("portcullis_csrf")
    assert token
    return token  # type: ignore[no-any-return]


def post(client, path: str, data: dict[str, str], **kw):  # type: ignore[no-untyped-def]
    return client.post(path, data={**data, "csrf_token": csrf(client)}, follow_redirects=False, **kw)


def test_the_need_checker_tells_an_american_to_apply(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/eta/need")
    assert page.status_code == 200 and "What nationality" in page.text
    answers = {
        "nationality": "USA",
        "other": "",
        "arrival-day": "1",
        "arrival-month": "7",
        "arrival-year": "2025",
        "purpose": "visit",
        "irish": "no",
        "holds": "none",
    }
    carried: dict[str, str] = {}
    for step in ("nationality", "other", "arrival", "purpose", "irish", "holds"):
        params = {**carried, "answered": step, **{k: v for k, v in answers.items() if k.startswith(step)}}
        page = client.get("/eta/need", params=params)
        assert page.status_code == 200
        carried = dict(re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)"', page.text))
        carried.pop("answered", None)
    assert "You need an ETA" in page.text and "Apply for an ETA" in page.text


def test_the_need_checker_sends_a_worker_to_get_a_visa(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get(
        "/eta/need",
        params={
            "answered": "holds",
            "nationality": "USA",
            "arrival": "2025-07-01",
            "purpose": "long",
            "irish": "no",
            "holds": "none",
        },
    )
    assert "You need a visa, not an ETA" in page.text


def test_the_need_checker_names_a_missing_answer(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/eta/need", params={"answered": "nationality", "nationality": ""})
    assert "There is a problem" in page.text and "Select the nationality" in page.text


def test_a_traveller_applies_by_mrz_pays_and_checks_the_status(client) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from portcullis.travel import mrz

    line1, line2 = mrz.build_td3(
        issuing_state="USA",
        surname="Doe",
        given_names="Jane",
        document_number="567890123",
        nationality="USA",
        date_of_birth=date(1990, 5, 17),
        sex="F",
        expiry_date=date(2030, 1, 1),
    )
    assert client.get("/eta/apply", follow_redirects=False).status_code == 303
    steps = [
        ("who", {"who": "self"}),
        ("passport-method", {"method": "mrz"}),
        ("passport-mrz", {"line1": line1, "line2": line2}),
        (
            "personal",
            {
                "given_names": "Jane",
                "family_name": "Doe",
                "dob-day": "17",
                "dob-month": "5",
                "dob-year": "1990",
                "sex": "F",
            },
        ),
        ("email", {"email": "jane@example.com"}),
        ("arrival", {}),
    ]
    for step, data in steps:
        response = post(client, f"/eta/apply/{step}", data)
        assert response.status_code == 303, (step, response.text[:500])
    response = client.post(
        "/eta/apply/photo",
        data={"csrf_token": csrf(client)},
        files={"photo": ("face.jpg", photo_bytes(), "image/jpeg")},
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
    check = client.get("/eta/apply/check")
    assert "Check your answers" in check.text and "567890123" in check.text
    assert post(client, "/eta/apply/check", {}).headers["location"] == "/eta/apply/declaration"
    assert post(client, "/eta/apply/declaration", {}).status_code == 422  # not confirmed
    pay_at = post(client, "/eta/apply/declaration", {"confirm": "yes"}).headers["location"]
    again = post(client, "/eta/apply/declaration", {"confirm": "yes"}).headers["location"]
    assert pay_at == again  # a second click never starts a second payment
    card = {k.replace("_", "-"): v for k, v in card_form().items()}
    paid = post(client, pay_at, card)
    assert paid.status_code == 303
    confirmation = client.get(paid.headers["location"])
    assert "Application complete" in confirmation.text and "Granted" in confirmation.text
    with unit_of_work() as uow:
        app = uow.session.scalars(select(EtaApplication)).one()
        reference, photo = app.reference, app.photo_path
    assert photo and photo.endswith(".jpg")
    status = post(
        client,
        "/eta/status",
        {"reference": reference, "passport_number": "567890123", "email": "jane@example.com"},
    )
    assert status.status_code == 200 and "Granted" in status.text
    withdrawn = post(
        client,
        "/eta/withdraw",
        {"reference": reference, "passport_number": "567890123", "email": "jane@example.com"},
    )
    assert withdrawn.status_code == 422 and "already been decided" in withdrawn.text


def test_a_wrong_mrz_check_digit_is_shown_on_the_page(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/eta/apply")
    post(client, "/eta/apply/who", {"who": "self"})
    post(client, "/eta/apply/passport-method", {"method": "mrz"})
    page = post(
        client,
        "/eta/apply/passport-mrz",
        {
            "line1": "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "line2": "L898902C37UTO7408122F1204159ZE184226B<<<<<10",
        },
    )
    assert page.status_code == 422 and "document number check digit" in page.text


@pytest.mark.parametrize(
    ("fmt", "size", "message"), [("GIF", (600, 750), "JPEG or PNG"), ("PNG", (100, 100), "at least 400")]
)
def test_a_photo_of_the_wrong_type_or_size_is_refused(
    client, fmt: str, size: tuple[int, int], message: str
) -> None:  # type: ignore[no-untyped-def]
    client.get("/eta/apply")
    response = client.post(
        "/eta/apply/photo",
        data={"csrf_token": csrf(client)},
        files={"photo": ("face", photo_bytes(fmt, size), "image/png")},
    )
    assert response.status_code == 422 and message in response.text


def test_a_form_without_the_csrf_token_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/eta/apply")
    assert client.post("/eta/apply/who", data={"who": "self"}).status_code == 403


def test_every_public_form_carries_the_csrf_token(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/eta/apply")
    for path in ("/eta/need", "/eta/apply/who", "/eta/apply/personal", "/eta/status", "/eta/withdraw"):
        page = client.get(path)
        assert page.status_code == 200 and 'name="csrf_token"' in page.text, path
