"""The whole sign-in and sign-out journey in a real browser, with JavaScript on and with it off: a
guarded page sends you to sign in and back, the header offers sign-out, and signing out really ends it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core import access
from portcullis.core.db import unit_of_work

pytestmark = pytest.mark.browser

EMAIL = "journey.auditor@example.gov.uk"
PASSWORD = "a long journey password"


@pytest.fixture()
def auditor(live_server: str) -> None:
    with unit_of_work() as uow:
        access.create_user(
            uow, email=EMAIL, name="Journey Auditor", password=PASSWORD, role_names=["auditor"]
        )


def _journey(page: Any, live_server: str) -> None:
    page.goto("/audit")
    assert page.url == f"{live_server}/sign-in?next=/audit"  # sent to sign in first

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill("not my password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password", use_inner_text=True
    )
    assert page.get_by_label("Email address").input_value() == EMAIL  # kept, so only the password is retyped

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{live_server}/audit"  # back where they were going
    expect(page.locator("h1")).to_have_text("Audit log")

    cookie = next(c for c in page.context.cookies() if c["name"] == access.SESSION_COOKIE)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

    page.locator(".govuk-service-navigation").get_by_role("link", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("Sign out of Portcullis")
    page.get_by_role("button", name="Sign out").click()
    assert page.url == f"{live_server}/signed-out"
    expect(page.locator("h1")).to_have_text("You have signed out")
    assert all(c["name"] != access.SESSION_COOKIE for c in page.context.cookies())

    page.goto("/audit")
    assert page.url.startswith(f"{live_server}/sign-in")  # signed out for real


def test_signing_in_and_out_works_with_javascript(page, live_server, auditor) -> None:
    _journey(page, live_server)


def test_signing_in_and_out_works_without_javascript(no_js_page, live_server, auditor) -> None:
    _journey(no_js_page, live_server)


def test_the_home_page_takes_a_signed_in_user_to_their_services(page, live_server, auditor) -> None:
    page.goto("/")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Your services")
    page.locator("main").get_by_role("link", name="Audit log").click()
    assert page.url == f"{live_server}/audit"
