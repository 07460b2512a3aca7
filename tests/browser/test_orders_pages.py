"""The preventive-orders pages in a real browser, checked with axe-core (WCAG 2.2 AA): the register, an order,
the printable notice, the alerts, the breach form, and the court's decision form used without JavaScript."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.orders import monitoring, service

pytestmark = pytest.mark.browser

GMP = access.Principal(kind="user", name="PC", organisation="greater-manchester")


def _person(given: str, dob: str) -> str:
    with unit_of_work() as uow:
        person = Person(given_names=given, family_name="Browsertest", date_of_birth=dob, nationalities="GBR")
        uow.session.add(person)
        uow.flush()
        return person.id


def _data() -> dict[str, str]:
    subject, victim = _person("Dan", "1980-01-01"), _person("Val", "1990-01-01")
    with unit_of_work() as uow:
        dapn = service.issue_dapn(
            uow,
            issuing_agency="greater-manchester",
            officer_name="I. Spector",
            rank="inspector",
            area="greater-manchester",
            subject_person_id=subject,
            protected_person_id=victim,
            issued_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
            conditions=[{"kind": "no_contact", "person_id": victim}],
            actor=GMP,
        )
        application = service.create_application(
            uow,
            order_type="dapo",
            applicant_agency="greater-manchester",
            subject_person_id=subject,
            actor=GMP,
            with_notice=True,
            court="magistrates-court",
            area="greater-manchester",
            conditions=[
                {
                    "kind": "electronic_monitoring",
                    "mode": "location",
                    "months": 6,
                    "responsible_person": "Tagline",
                    "available_in_area": True,
                }
            ],
        )
        order = service.record_outcome(uow, application_id=application.id, outcome="granted", actor=GMP)
        assert order is not None
        monitoring.fit_tag(uow, order_id=order.id, tag_id="B1", responsible_officer="PC Dee", actor=GMP)
        monitoring.ingest(
            uow,
            rows=[{"tag_id": "B1", "at": "2025-06-02T09:00:00+01:00", "event": "tamper"}],
            actor=GMP,
            source="test",
        )
        pending = service.create_application(
            uow,
            order_type="dapo",
            applicant_agency="greater-manchester",
            subject_person_id=subject,
            actor=GMP,
            with_notice=True,
            court="magistrates-court",
            area="greater-manchester",
        )
        return {"dapn": dapn.id, "order": order.id, "pending": pending.id}


def test_the_officer_pages_are_accessible(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    ids = _data()
    sign_in_as(page, ["police_officer"], "greater-manchester")
    for path in (
        "/orders",
        f"/orders/{ids['dapn']}",
        f"/orders/{ids['order']}",
        f"/orders/{ids['order']}/notice",
        "/orders/alerts",
        f"/orders/{ids['order']}/breaches/new",
    ):
        page.goto(live_server + path)
        assert_accessible(page, path)


def test_the_court_records_a_decision_without_javascript(
    no_js_page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    ids = _data()
    sign_in_as(no_js_page, ["court_staff"], "magistrates-court")
    no_js_page.goto(live_server + "/orders/court")
    assert_accessible(no_js_page, "court list")
    no_js_page.goto(live_server + f"/orders/court/applications/{ids['pending']}")
    no_js_page.get_by_role("button", name="Record decision").click()
    expect(no_js_page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(no_js_page, "decision form with errors")
    no_js_page.get_by_label("Refused").check()
    no_js_page.get_by_role("button", name="Record decision").click()
    expect(no_js_page.locator(".govuk-summary-list")).to_contain_text("Refused", use_inner_text=True)


CPS = access.Principal(kind="user", name="Cas", organisation="cps")
BOUNDARY = "53.47, -2.25\n53.47, -2.23\n53.49, -2.23\n53.49, -2.25"


def _scpo_cases() -> dict[str, str]:
    """A pending SCPO application, and an SCPO with a granted variation, both with a travel restriction."""
    from datetime import date

    from portcullis.orders import lifecycle

    subject = _person("Sam", "1981-01-01")
    travel = [{"kind": "travel_restriction", "countries": ["FRA"]}]
    with unit_of_work() as uow:
        pending = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=subject,
            actor=CPS,
            with_notice=True,
            court="high-court",
            conditions=travel,
        )
        made = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=subject,
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
        order = service.record_outcome(
            uow,
            application_id=made.id,
            outcome="granted",
            actor=CPS,
            conditions=travel,
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None
        variation = lifecycle.apply_to_vary(
            uow, order_id=order.id, kind="vary", party="applicant", grounds="New risk", actor=CPS
        )
        lifecycle.decide_variation(uow, variation_id=variation.id, granted=True, actor=CPS)
        return {"pending": pending.id, "order": order.id, "variation": variation.id}


def test_an_officer_adds_a_polygon_zone_one_page_at_a_time_without_javascript(
    no_js_page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    ids = _scpo_cases()
    page = no_js_page
    sign_in_as(page, ["nca_officer"], "cps")
    page.goto(live_server + f"/orders/applications/{ids['pending']}/conditions")
    expect(page.locator("h1")).to_have_text("You have 1 condition")
    assert_accessible(page, "conditions summary")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page, "conditions summary with errors")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("legend")).to_have_text("What kind of condition?")
    assert_accessible(page, "kind of condition")
    page.get_by_label("Exclusion zone").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Exclusion zone")
    assert_accessible(page, "exclusion zone form")
    page.get_by_label("Name of the zone").fill("City centre")
    page.get_by_label("An area drawn as a boundary").check()
    page.get_by_label("Points of the boundary").fill("53.47, -2.25\nthe docks\n53.49, -2.23")
    page.get_by_role("button", name="Add this condition").click()
    expect(page.locator("#zone_polygon-error")).to_contain_text("line 2: enter a latitude and a longitude")
    assert_accessible(page, "exclusion zone form with errors")
    page.get_by_label("Points of the boundary").fill(BOUNDARY)
    page.get_by_role("button", name="Add this condition").click()
    expect(page.locator("h1")).to_have_text("You have 2 conditions")
    expect(page.locator("svg.orders-zone-preview")).to_have_count(1)
    assert_accessible(page, "conditions summary with a zone preview")
    page.get_by_role("link", name="Change condition 2, Exclusion zone").click()
    expect(page.get_by_label("Name of the zone")).to_have_value("City centre")
    assert_accessible(page, "change an exclusion zone")
    page.get_by_label("Name of the zone").fill("City centre and docks")
    page.get_by_role("button", name="Save this condition").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("City centre and docks")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text("Application")


def test_court_staff_change_the_conditions_under_a_granted_variation(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    ids = _scpo_cases()
    sign_in_as(page, ["court_staff"], "high-court")
    page.goto(live_server + f"/orders/court/orders/{ids['order']}")
    page.get_by_role("link", name="Change the conditions as the court varied them").click()
    expect(page.locator("h1")).to_have_text("You have 1 condition")
    assert_accessible(page, "varied conditions summary")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Financial restriction").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Financial restriction")
    page.get_by_label("Most bank accounts allowed (0 to 20, optional)").fill("40")
    page.get_by_role("button", name="Add this condition").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page, "financial restriction with errors")
    page.get_by_label("Most bank accounts allowed (0 to 20, optional)").fill("2")
    page.get_by_role("button", name="Add this condition").click()
    expect(page.locator("h1")).to_have_text("You have 2 conditions")
    page.get_by_role("button", name="Remove condition 1, Travel restriction").click()
    expect(page.locator("h1")).to_have_text("You have 1 condition")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Financial restriction")
