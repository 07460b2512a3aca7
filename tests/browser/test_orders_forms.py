"""The preventive-orders forms in a real browser, each page (and its error state) checked with axe-core
(WCAG 2.2 AA): filing an application, giving a DAPN, recording service, variation and appeal, and the
court's decisions on them. The DAPN journey is also done without JavaScript."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.orders import lifecycle, service

pytestmark = pytest.mark.browser

CPS = access.Principal(kind="user", name="Cas", organisation="cps")


def _person(given: str, family: str, dob: str) -> str:
    with unit_of_work() as uow:
        person = Person(given_names=given, family_name=family, date_of_birth=dob, nationalities="GBR")
        uow.session.add(person)
        uow.flush()
        return person.id


def _order() -> dict[str, str]:
    """An SCPO made by the High Court, with a pending discharge application and a lodged appeal."""
    sid, pat = _person("Sid", "Formtest", "1980-01-01"), _person("Pat", "Formtest", "1975-01-01")
    with unit_of_work() as uow:
        application = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=sid,
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
        order = service.record_outcome(
            uow,
            application_id=application.id,
            outcome="granted",
            actor=CPS,
            conditions=[{"kind": "travel_restriction", "countries": ["FRA"]}],
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None
        lifecycle.apply_to_vary(
            uow, order_id=order.id, kind="discharge", party="applicant", grounds="No longer needed", actor=CPS
        )
        lifecycle.lodge_appeal(uow, order_id=order.id, appellant="subject", grounds="Too wide", actor=CPS)
        pending = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=pat,
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
        return {"order": order.id, "pending": pending.id}


def test_the_application_forms_are_accessible_with_and_without_errors(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    ids = _order()
    sign_in_as(page, ["nca_officer"], "cps")
    page.goto(live_server + "/orders/applications/new")
    assert_accessible(page, "choose the type")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page, "choose the type, with an error")
    for kind in ("scpo", "interim_scpo", "dapo", "ydo"):
        page.goto(live_server + f"/orders/applications/new/{kind}")
        assert_accessible(page, f"{kind} application form")
    page.goto(live_server + "/orders/applications/new/scpo")
    page.get_by_role("button", name="File the application").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page, "scpo form with errors")
    page.get_by_label("Full name").fill("Pat Formtest")
    page.get_by_label("High Court").check()
    page.get_by_label("With notice", exact=True).check()
    page.get_by_label("Include a travel restriction").check()
    page.get_by_label("Countries the subject may not visit").fill("ESP")
    page.get_by_role("button", name="File the application").click()
    expect(page.get_by_role("heading", name="Application filed")).to_be_visible()
    assert_accessible(page, "application filed")
    for path in (
        f"/orders/{ids['order']}",
        f"/orders/{ids['order']}/service",
        f"/orders/{ids['order']}/variations/new",
        f"/orders/{ids['order']}/appeals/new",
    ):
        page.goto(live_server + path)
        assert_accessible(page, path)
    page.goto(live_server + f"/orders/{ids['order']}/variations/new")
    page.get_by_role("button", name="Lodge the application").click()
    assert_accessible(page, "variation form with errors")


def test_court_staff_decide_a_discharge_and_an_appeal_and_list_a_hearing(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    ids = _order()
    sign_in_as(page, ["court_staff"], "high-court")
    page.goto(live_server + "/orders/court")
    assert_accessible(page, "court list with variations and appeals")
    page.goto(live_server + f"/orders/court/orders/{ids['order']}")
    assert_accessible(page, "court order page")
    page.get_by_role("button", name="Record decision on the appeal").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page, "court order page with an error")
    page.get_by_label("Dismissed").check()
    page.get_by_role("button", name="Record decision on the appeal").click()
    page.get_by_label("Granted").check()
    page.get_by_role("button", name="Record decision on the application to discharge").click()
    expect(page.get_by_text("To discharge, by the applicant (granted)")).to_be_visible()
    page.goto(live_server + f"/orders/court/applications/{ids['pending']}")
    page.get_by_label("List a hearing").fill("2025-06-10T10:00")
    page.get_by_role("button", name="List hearing").click()
    expect(page.get_by_text("10 Jun 2025 10:00, high court")).to_be_visible()
    assert_accessible(page, "court application with a hearing")


def test_an_inspector_gives_a_dapn_without_javascript(
    no_js_page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    _person("Dan", "Formtest", "1980-01-01")
    _person("Val", "Formtest", "1990-01-01")
    page = no_js_page
    sign_in_as(page, ["police_officer"], "greater-manchester")
    page.goto(live_server + "/orders/dapn/new")
    assert_accessible(page, "DAPN form")
    page.get_by_label("Rank").select_option("sergeant")
    page.get_by_role("button", name="Give the notice").click()
    expect(page.get_by_text("There is a problem").first).to_be_visible()
    assert_accessible(page, "DAPN form with errors")
    page.get_by_label("Rank").select_option("inspector")
    page.get_by_label("Greater Manchester").check()
    page.locator("#subject_name").fill("Dan Formtest")
    page.locator("#protected_name").fill("Val Formtest")
    for text in ("The welfare of any child", "The opinion of the person", "Any representations"):
        page.get_by_label(text).check()
    page.get_by_role("button", name="Give the notice").click()
    expect(page.get_by_text("Notice given")).to_be_visible()
    expect(page.get_by_text("The DAPO hearing must begin by")).to_be_visible()
    assert_accessible(page, "DAPN given")
