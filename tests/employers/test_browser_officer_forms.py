"""Officers use the new forms in a real browser (people met on a visit, arrest, penalty steps, director
referral, closure notice and order, action plan outcome), with axe on each page and each error state."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.employers import service

from .form_helpers import visited_employer
from .helpers import OFFICER, licensed_sponsor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("database")]


def _date(page: Any, name: str, day: date) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def _axe(page: Any, assert_accessible: Any, label: str) -> None:
    page.wait_for_load_state()  # axe runs on the page the last click opened, once it has loaded
    assert_accessible(page, label)


def _error_shown(page: Any, assert_accessible: Any, label: str) -> None:
    expect(page.get_by_text("There is a problem")).to_be_visible()
    _axe(page, assert_accessible, label)


def test_an_enforcement_officer_works_a_visit_through_to_penalty_closure_and_referral(
    page, live_server, sign_in_as, assert_accessible
) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer(workers=0)
    sign_in_as(page, ["enforcement_officer"], name="CIO Jones")
    page.goto(f"{live_server}/employers/visits/{visit_id}")
    _axe(page, assert_accessible, "visit page")

    page.get_by_label("Given names").fill("Mehmet")
    page.get_by_role("button", name="Check and record the person").click()
    _error_shown(page, assert_accessible, "visit page, person without a family name")
    page.get_by_label("Family name").fill("Yilmaz")
    page.locator("#date_of_birth").fill("1988-02-03")
    page.get_by_label("No right to work").check()
    page.get_by_role("button", name="Check and record the person").click()
    expect(page.get_by_role("cell", name="Mehmet Yilmaz", exact=True)).to_be_visible()

    page.get_by_role("link", name="record an arrest of Mehmet Yilmaz").click()
    _axe(page, assert_accessible, "arrest page")
    page.get_by_role("button", name="Record the arrest").click()
    _error_shown(page, assert_accessible, "arrest page with an error")
    _date(page, "arrested_on", date(2025, 5, 20))
    page.get_by_label("Time of the arrest (UK time)").fill("11:15")
    page.get_by_role("button", name="Record the arrest").click()
    expect(page.get_by_text("2025-05-20 10:15 UTC")).to_be_visible()

    page.get_by_role("link", name="Refer for a civil penalty").click()
    expect(page.get_by_role("heading", name="Worker 1: Mehmet Yilmaz")).to_be_visible()
    _axe(page, assert_accessible, "referral page")
    page.get_by_role("button", name="Refer for a civil penalty").click()
    _error_shown(page, assert_accessible, "referral page, unanswered")
    page.get_by_label("No right-to-work check").check()
    for name in ("reported", "cooperated", "effective_checks"):
        page.locator(f"#{name}-2").check()  # "No"
    page.get_by_role("button", name="Refer for a civil penalty").click()
    expect(page.get_by_role("heading", name="Pera Palace Ltd")).to_be_visible()
    _axe(page, assert_accessible, "referred penalty")
    _date(page, "issued_on", date(2025, 5, 21))
    page.get_by_role("button", name="Issue the notice").click()
    _axe(page, assert_accessible, "issued penalty")
    page.get_by_role("button", name="Record the objection").click()
    _error_shown(page, assert_accessible, "penalty page, objection without a date")
    _date(page, "received_on", date(2025, 6, 1))
    page.get_by_label("Grounds of objection").fill("We checked their documents")
    page.get_by_role("button", name="Record the objection").click()
    _axe(page, assert_accessible, "objected penalty")

    page.get_by_role("link", name="Refer a director to the Insolvency Service").click()
    _axe(page, assert_accessible, "director referral form")
    page.get_by_label("Sam Owner").check()
    _date(page, "referred_on", date(2025, 6, 2))
    page.get_by_label("Why the director is referred").fill("Employed an illegal worker")
    page.get_by_role("button", name="Refer the director").click()
    _axe(page, assert_accessible, "director referral")
    page.get_by_role("button", name="Record the outcome").click()
    _error_shown(page, assert_accessible, "director referral without an outcome")

    page.goto(f"{live_server}/employers/closures/new?visit_id={visit_id}")
    _axe(page, assert_accessible, "closure notice form")
    _date(page, "issued_on", date(2025, 6, 2))
    page.get_by_label("Time the notice was issued (UK time)").fill("10:00")
    page.get_by_label("Issuing officer's rank").select_option("immigration_officer")
    page.locator("#conviction-2").check()
    page.get_by_role("button", name="Issue the closure notice").click()
    _error_shown(page, assert_accessible, "closure notice by an immigration officer")
    page.get_by_label("Issuing officer's rank").select_option("chief_immigration_officer")
    page.get_by_role("button", name="Issue the closure notice").click()
    expect(page.get_by_text("a civil penalty remains unpaid")).to_be_visible()
    _axe(page, assert_accessible, "closure notice")
    _date(page, "made_on", date(2025, 6, 4))
    page.get_by_label("Length of the order in months").fill("12")
    page.get_by_role("button", name="Record the order").click()
    _axe(page, assert_accessible, "compliance order")
    page.goto(f"{live_server}/employers/enforcement")
    _axe(page, assert_accessible, "enforcement page with penalties, closures and referrals")


def test_a_compliance_officer_records_an_action_plan_outcome(
    page, live_server, sign_in_as, assert_accessible
) -> None:  # type: ignore[no-untyped-def]
    _, sponsor_id, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        service.downgrade(
            uow, licence_id=licence_id, on=date(2025, 6, 2), months=3, actions=["Train staff"], actor=OFFICER
        )
    sign_in_as(page, ["compliance_officer"])
    page.goto(f"{live_server}/employers/sponsors/{sponsor_id}")
    page.get_by_role("link", name="Running: record the outcome").click()
    _axe(page, assert_accessible, "action plan page")
    page.get_by_role("button", name="Record the outcome").click()
    _error_shown(page, assert_accessible, "action plan outcome without a choice")
    page.get_by_label("A-rating restored").check()
    _date(page, "on", date(2025, 9, 2))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("rated A")).to_be_visible()
    _axe(page, assert_accessible, "concluded action plan")


def test_a_person_met_on_a_visit_is_recorded_without_javascript(no_js_page, live_server, sign_in_as) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer(workers=0)
    sign_in_as(no_js_page, ["enforcement_officer"])
    no_js_page.goto(f"{live_server}/employers/visits/{visit_id}")
    no_js_page.get_by_label("Family name").fill("Yilmaz")
    no_js_page.locator("#date_of_birth").fill("1988")
    no_js_page.get_by_label("No right to work").check()
    no_js_page.get_by_role("button", name="Check and record the person").click()
    expect(no_js_page.get_by_role("cell", name="Yilmaz", exact=True)).to_be_visible()
    with unit_of_work() as uow:
        from portcullis.employers.models import Encounter

        assert uow.session.scalar(select(Encounter.right_to_work)) == "no"
