"""The Prevent pages in a real browser: the referral journey without JavaScript, and every page checked with
axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core.db import unit_of_work
from portcullis.prevent import gateway

pytestmark = pytest.mark.browser

RATIONALE = {
    "ideology": "present",
    "vulnerability": "present",
    "risk": "moderate",
    "explanation": "Engaging with extremist material and isolated at school.",
}


def _refer(page: Any, check: Any = None) -> str:
    """Walk the three steps and the check page; `check(label)` runs on each page (e.g. axe)."""
    page.goto("/prevent/refer")
    page.get_by_label("Given names").fill("Robin")
    page.get_by_label("Family name").fill("Browsertest")
    page.get_by_label("Date of birth (optional)").fill("2010-02-03")
    page.get_by_label("Male", exact=True).check()
    page.get_by_label("Region where they live").select_option("london")
    page.get_by_role("button", name="Continue").click()
    if check:
        check("referral step 2")
    page.get_by_label("Extreme Right-Wing").check()
    page.get_by_label("What did you see or hear?").fill(
        "Shares ERW propaganda and talks of attacking a mosque."
    )
    page.get_by_role("button", name="Continue").click()
    if check:
        check("referral step 3")
    page.get_by_label("Education (schools, colleges, universities)").check()
    page.get_by_label("Your name").fill("Ms Teacher")
    page.get_by_label("Email address or telephone number").fill("teacher@example.sch.uk")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending the referral")
    if check:
        check("check your answers")
    page.get_by_role("button", name="Send referral").click()
    return str(page.locator(".govuk-panel__body strong").inner_text())


def test_a_referrer_refers_without_javascript(no_js_page, live_server, sign_in_as) -> None:
    page = no_js_page
    sign_in_as(page, ["prevent_referrer"])
    page.goto("/prevent/refer")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem", use_inner_text=True)
    assert _refer(page).startswith("PRV-")
    expect(page.locator("h1")).to_have_text("Referral received")


def test_the_referrer_pages_are_accessible(page, live_server, sign_in_as, assert_accessible) -> None:
    # axe runs JavaScript, so the checks use a page with JavaScript on.
    sign_in_as(page, ["prevent_referrer"])
    page.goto("/prevent/refer")
    assert_accessible(page, "referral step 1")
    page.get_by_role("button", name="Continue").click()
    assert_accessible(page, "referral step 1 with errors")
    _refer(page, check=lambda label: assert_accessible(page, label))
    assert_accessible(page, "acknowledgement")
    page.goto("/prevent/refer/acknowledgements")
    assert_accessible(page, "acknowledgements")


def test_casework_record_channel_panels_statistics_and_oversight_pages_are_accessible(
    page, live_server, sign_in_as, assert_accessible
) -> None:
    sign_in_as(page, ["prevent_referrer"])
    _refer(page)
    officer = sign_in_as(page, ["prevent_supervisor"])
    page.goto("/prevent/cases")
    assert_accessible(page, "casework")
    href = page.locator("a[href^='/prevent/cases/']").first.get_attribute("href")
    rid = re.sub(r"^/prevent/cases/", "", str(href))
    page.goto(href)
    assert_accessible(page, "justification")
    page.get_by_label("Your reason").fill("Gateway assessment of a new referral")
    page.get_by_role("button", name="Open the record").click()
    expect(page.locator("h1")).to_contain_text("Robin Browsertest", use_inner_text=True)
    assert_accessible(page, "record before deconfliction")
    with unit_of_work() as uow:
        gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
    page.reload()
    assert_accessible(page, "record with the decision form")
    with unit_of_work() as uow:
        gateway.decide_gateway(
            uow, actor=officer, referral_id=rid, outcome="channel", threshold_met=True, rationale=RATIONALE
        )
    page.goto(f"/prevent/cases/{rid}/channel")
    assert_accessible(page, "Channel case")
    page.goto("/prevent/panels")
    assert_accessible(page, "panels")
    page.goto("/prevent/statistics?year=2025-26")
    assert_accessible(page, "statistics")
    sign_in_as(page, ["prevent_commissioner"])
    page.goto("/prevent/oversight")
    assert_accessible(page, "oversight")
