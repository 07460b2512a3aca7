"""An employer checks a job applicant's right to work in a real browser, with axe on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .test_right_to_work import share_code

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("database")]


def _walk(page: Any, live_server: str, code: str, assert_accessible: Any) -> None:
    page.goto(live_server + "/employers/right-to-work")
    assert_accessible(page, "start page")
    page.get_by_role("button", name="Start now").click()
    assert_accessible(page, "share code page")
    page.get_by_label("What is their share code?").fill("ABC")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "share code page with an error")
    page.get_by_label("What is their share code?").fill(code)
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page, "date of birth page")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1990")
    page.get_by_role("button", name="Check right to work").click()
    expect(page.get_by_role("heading", name="has the right to work")).to_be_visible()
    assert_accessible(page, "result page")
    page.get_by_role("link", name="View the printable record").click()
    expect(page.get_by_text("statutory excuse").first).to_be_visible()
    assert_accessible(page, "printable record")
    page.goto(live_server + "/employers/right-to-work/checks")
    assert_accessible(page, "previous checks")


def test_an_employer_checks_a_share_code_and_every_page_is_accessible(
    page, live_server, sign_in_as, assert_accessible
) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    sign_in_as(page, ["employer"], organisation="Pera Palace Ltd")
    _walk(page, live_server, code, assert_accessible)


def test_the_check_works_without_javascript(no_js_page, live_server, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    sign_in_as(no_js_page, ["employer"], organisation="Pera Palace Ltd")
    # axe needs JavaScript, so this walk checks only that the journey works; the test above runs axe.
    _walk(no_js_page, live_server, code, lambda page, label: None)
