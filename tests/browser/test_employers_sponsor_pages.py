"""A compliance officer registers a sponsor, has its licence decided, assigns CoS, records a reporting
change and a complaint of charging workers, in a real browser with axe on each page and each error state."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation
from portcullis.employers import service

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("database")]


def _date(page: Any, name: str, day: date) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def _axe(page: Any, assert_accessible: Any, label: str) -> None:
    page.wait_for_load_state()
    assert_accessible(page, label)


def _error_shown(page: Any, assert_accessible: Any, label: str, text: str) -> None:
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary__list").get_by_text(text)).to_be_visible()
    _axe(page, assert_accessible, label)


def _cos(page: Any, salary: str, new_worker: bool) -> None:
    page.get_by_label("Given names").fill("Ayse")
    page.get_by_label("Family name").fill("Demir")
    page.locator("#date_of_birth").fill("1990-03-04")
    page.locator("#new_worker" if new_worker else "#new_worker-2").check()
    page.get_by_label("Defined (applied for one worker)").check()
    page.get_by_label("Job title").fill("Care home manager")
    page.get_by_label("Annual salary").fill(salary)
    page.get_by_label("General").check()
    _date(page, "assigned_on", date(2025, 6, 2))
    page.get_by_role("button", name="Assign the CoS").click()


def test_a_compliance_officer_registers_a_care_sponsor_and_works_its_licence(
    page: Any, live_server: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    sign_in_as(page, ["compliance_officer"])
    page.goto(f"{live_server}/employers")
    page.get_by_role("link", name="Register a sponsor").click()
    _axe(page, assert_accessible, "register a sponsor")
    page.get_by_label("Organisation name").fill("Harbour Care Homes Ltd")
    page.get_by_label("Company number").fill("123")
    page.get_by_role("button", name="Register the sponsor").click()
    _error_shown(
        page, assert_accessible, "register a sponsor, bad company number", "Enter the company number"
    )
    page.get_by_label("Company number").fill("09876543")
    page.get_by_label("Sector").select_option("care")
    page.get_by_label("Region").select_option("East of England")
    page.get_by_role("button", name="Register the sponsor").click()
    expect(page.get_by_text("(care sector)")).to_be_visible()
    _axe(page, assert_accessible, "sponsor page without a licence")

    page.get_by_role("link", name="Apply for a licence").click()
    _axe(page, assert_accessible, "licence application")
    page.get_by_role("button", name="Decide the application").click()
    _error_shown(page, assert_accessible, "licence application without a route", "Choose routes")
    page.get_by_label("Skilled worker").check()
    page.get_by_role("button", name="Decide the application").click()
    expect(page.get_by_role("heading", name="Licence granted: Harbour Care Homes Ltd")).to_be_visible()
    _axe(page, assert_accessible, "licence granted")
    page.get_by_role("link", name="Back to the sponsor").click()

    page.get_by_role("link", name="Assign a Certificate of Sponsorship").click()
    _axe(page, assert_accessible, "assign a CoS")
    _cos(page, "30000", new_worker=True)
    _error_shown(page, assert_accessible, "CoS under the threshold", "below the general threshold")
    page.get_by_label("Annual salary").fill("40000")
    page.get_by_role("button", name="Assign the CoS").click()
    expect(page.get_by_role("cell", name="Care home manager")).to_be_visible()

    page.get_by_label("Action plan length in months").fill("3")
    page.get_by_label("Actions the sponsor must take").fill("Train the HR team")
    page.get_by_role("button", name="Downgrade licence").click()
    page.get_by_role("link", name="Assign a Certificate of Sponsorship").click()
    _cos(page, "40000", new_worker=True)
    _error_shown(page, assert_accessible, "CoS for a B-rated sponsor's new worker", "B-rated sponsor may not")

    page.goto(page.url.replace("/cos/new", "/changes/new"))
    _axe(page, assert_accessible, "record a change")
    page.get_by_role("button", name="Record the change").click()
    _error_shown(page, assert_accessible, "record a change without its kind", "Select whether the change")
    page.get_by_label("The organisation").check()
    page.get_by_label("The change").fill("New registered office")
    _date(page, "occurred_on", date(2025, 5, 1))
    page.get_by_role("button", name="Record the change").click()
    expect(page.get_by_role("cell", name="New registered office", exact=True)).to_be_visible()

    page.get_by_role("link", name="Record a complaint that a worker was charged sponsorship costs").click()
    _axe(page, assert_accessible, "record a complaint")
    page.get_by_label("What the worker says they were charged").fill("Charged 1,500 GBP for the CoS")
    page.get_by_role("button", name="Open a compliance case").click()
    _error_shown(page, assert_accessible, "complaint without a date", "Enter the date")
    _date(page, "received_on", date(2025, 6, 2))
    page.get_by_role("button", name="Open a compliance case").click()
    expect(page.get_by_role("cell", name="Charged 1,500 GBP for the CoS")).to_be_visible()
    _axe(page, assert_accessible, "sponsor page with CoS, duties and a case")


def test_a_licence_application_during_a_sanction_shows_the_refusal_and_its_reason(
    page: Any, live_server: Any, sign_in_as: Any, assert_accessible: Any
) -> None:
    officer = access.Principal(
        kind="user", user_id="u1", name="Officer", roles=frozenset({"compliance_officer"})
    )
    with unit_of_work() as uow:
        org = Organisation(name="Sanctioned Ltd", company_number="07777777")
        uow.session.add(org)
        uow.flush()
        sponsor = service.register_sponsor(
            uow, organisation_id=org.id, sector="hospitality", region="London", actor=officer
        )
        service.impose_sanction(
            uow,
            organisation_id=org.id,
            reason="flagrant breach",
            on=date(2025, 3, 1),
            repeat=False,
            actor=officer,
        )
        sponsor_id = sponsor.id
    sign_in_as(page, ["compliance_officer"])
    page.goto(f"{live_server}/employers/sponsors/{sponsor_id}/applications/new")
    page.get_by_label("Scale up").check()
    page.get_by_role("button", name="Decide the application").click()
    expect(page.get_by_role("heading", name="Licence refused: Sanctioned Ltd")).to_be_visible()
    expect(page.locator("#reasons").get_by_text("flagrant breach")).to_be_visible()
    _axe(page, assert_accessible, "licence refused")
