"""Policing pages in headless Chromium: accessible (axe, WCAG 2.2 AA) and working without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.policing import demo, imports, interventions

pytestmark = pytest.mark.browser


def _data() -> str:
    months = ["2025-02", "2025-03", "2025-04", "2025-05"]
    with unit_of_work() as uow:
        for kind, rows in (
            ("999", demo.rows_999(months)),
            ("neighbourhood", demo.rows_neighbourhood(months)),
            ("measures", demo.rows_measures(months)),
        ):
            imports.save_rows(uow, kind=kind, rows=rows, filename="t.csv", actor=access.SYSTEM)
    return next(
        r["flag_id"]
        for r in interventions.run_flags(month="2025-05", actor=access.SYSTEM)
        if r.get("flagged")
    )


def test_the_policing_pages_are_accessible(page, live_server, sign_in_as, assert_accessible) -> None:  # type: ignore[no-untyped-def]
    flag_id = _data()
    sign_in_as(page, ["performance_unit"])
    for path in (
        "/policing",
        "/policing/settlement/2025-26",
        "/policing/forces/cleveland",
        "/policing/league/calls_999_within_10s",
        "/policing/flags",
        f"/policing/flags/{flag_id}",
        "/policing/neighbourhood",
    ):
        page.goto(live_server + path)
        assert_accessible(page, path)
    page.goto(live_server + "/policing/settlement/2025-26?band_d=ten")
    assert_accessible(page, "settlement what-if with an error")


def test_the_what_if_form_works_without_javascript_and_shows_its_errors(
    no_js_page, live_server, sign_in_as
) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(no_js_page, ["analyst"])
    no_js_page.goto(live_server + "/policing/settlement/2025-26")
    no_js_page.get_by_label("Band D precept rise (pounds)").fill("10")
    no_js_page.get_by_role("button", name="See every force").click()
    assert "17,305,771,428.57" in no_js_page.content()
    no_js_page.get_by_label("Band D precept rise (pounds)").fill("ten")
    no_js_page.get_by_role("button", name="See every force").click()
    expect(no_js_page.locator(".govuk-error-summary")).to_contain_text(
        "Band D precept rise must be a number", use_inner_text=True
    )
