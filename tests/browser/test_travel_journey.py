"""The whole ETA journey in a real browser, without JavaScript and with it: "Do I need an ETA?", apply by
MRZ with a photo, pay with a test card, confirmation, status check; a caseworker's queue and case page.
axe checks every page on the way."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from portcullis.travel import mrz

pytestmark = pytest.mark.browser


def _photo(tmp_path: Path) -> str:
    path = tmp_path / "face.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (600, 750), (190, 170, 150)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _continue(page: Any, check: Any, label: str) -> None:
    check(page, label)
    page.get_by_role("button", name="Continue").click()


def _journey(page: Any, check: Any, tmp_path: Path) -> str:
    page.set_default_timeout(15_000)
    page.goto("/eta")
    check(page, "start")
    page.get_by_role("link", name="Check if you need an ETA").click()
    page.get_by_label("What nationality is on the passport you will travel with?").select_option("USA")
    _continue(page, check, "need: nationality")
    _continue(page, check, "need: other citizenship")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2025")
    _continue(page, check, "need: arrival")
    page.get_by_label("A visit", exact=False).check()
    _continue(page, check, "need: purpose")
    page.get_by_label("No").check()
    _continue(page, check, "need: irish")
    page.get_by_label("No").check()
    _continue(page, check, "need: holds")
    expect(page.locator("h1")).to_have_text("You need an ETA")
    check(page, "need: result")

    page.get_by_role("button", name="Apply for an ETA").click()
    page.get_by_label("Myself").check()
    _continue(page, check, "apply: who")
    page.get_by_label("Type the 2 lines", exact=False).check()
    _continue(page, check, "apply: method")
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
    page.get_by_label("First line").fill(line1)
    page.get_by_label("Second line").fill(line2)
    _continue(page, check, "apply: mrz")
    expect(page.get_by_label("Surname")).to_have_value("Doe")  # read from the MRZ
    _continue(page, check, "apply: personal")
    page.get_by_label("Email address").fill("jane@example.com")
    _continue(page, check, "apply: email")
    _continue(page, check, "apply: arrival")
    page.get_by_label("Photo").set_input_files(_photo(tmp_path))
    _continue(page, check, "apply: photo")
    page.get_by_label("I have never been sentenced to prison").check()
    _continue(page, check, "apply: sentence")
    for label in ("convicted", "exclusion", "immigration", "conduct"):
        page.get_by_label("No").check()
        _continue(page, check, f"apply: {label}")
    expect(page.locator("h1")).to_have_text("Check your answers")
    _continue(page, check, "apply: check answers")
    check(page, "apply: declaration")
    page.get_by_label("I confirm", exact=False).check()
    page.get_by_role("button", name="Confirm and pay").click()
    check(page, "payment")
    page.get_by_label("Card number").fill("4444333322221111")
    page.locator("#expiry-month").fill("12")
    page.locator("#expiry-year").fill("2030")
    page.get_by_label("Name on card").fill("Jane Doe")
    page.get_by_label("Card security code").fill("123")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text("Application complete", use_inner_text=True)
    check(page, "confirmation")
    reference = page.locator("table tbody tr td").nth(0).inner_text()

    page.goto("/eta/status")
    page.get_by_label("Application or group reference").fill(reference)
    page.get_by_label("Passport number").fill("567890123")
    page.get_by_label("Email address").fill("jane@example.com")
    check(page, "status form")
    page.get_by_role("button", name="Check status").click()
    expect(page.locator("table")).to_contain_text("Granted", use_inner_text=True)
    check(page, "status")
    return reference


def test_the_eta_journey_works_without_javascript_and_every_page_is_accessible(
    no_js_page,
    live_server,
    assert_accessible,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    _journey(no_js_page, assert_accessible, tmp_path)


def test_the_eta_journey_works_with_javascript_and_every_page_is_accessible(
    page, live_server, assert_accessible, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _journey(page, assert_accessible, tmp_path)


def test_the_caseworker_pages_are_accessible(page, live_server, sign_in_as, assert_accessible) -> None:  # type: ignore[no-untyped-def]
    from portcullis.core.db import unit_of_work
    from portcullis.travel import rules, service

    with unit_of_work() as uow:
        view = service.submit(
            uow,
            applicants=[
                service.ApplicantIn(
                    given_names="Max",
                    family_name="Review",
                    date_of_birth=date(1980, 1, 1),
                    sex="M",
                    nationality="CAN",
                    passport_number="C1234567",
                    passport_issuing_state="CAN",
                    passport_expiry=date(2030, 1, 1),
                    email="max@example.com",
                    answers=rules.Answers(immigration_breach=True),
                )
            ],
            contact_email="max@example.com",
            return_url="/x/{id}",
        )
        app_id = view.applications[0]["id"]
    sign_in_as(page, ["caseworker"])
    page.goto("/eta/cases")
    assert_accessible(page, "queue")
    page.goto(f"/eta/cases/{app_id}")
    assert_accessible(page, "case")
    page.goto("/eta/cancel-by-nationality")
    assert_accessible(page, "cancel by nationality")
