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
