"""The screening analyst's pages in a real browser, checked with axe-core (WCAG 2.2 AA): the alert queue,
an alert with its explanation, the decision form with an error (without JavaScript), and the single view."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.screening import rescreen, service

pytestmark = pytest.mark.browser


def _alert() -> None:
    with unit_of_work() as uow:
        for i, (given, family) in enumerate(
            [
                ("Ivan", "Sidorov"),
                ("Anna", "Berg"),
                ("Peter", "Novak"),
                ("Maria", "Lopez"),
                ("John", "Smith"),
                ("Khalid", "Haddad"),
            ]
        ):
            uow.session.add(
                Person(
                    given_names=given,
                    family_name=family,
                    date_of_birth=f"{1960 + i}-03-04",
                    nationalities="RUS",
                )
            )
        service.upsert_internal_entry(
            uow,
            list_name="travel-restricted",
            source_ref="order:1",
            subject=service.SubjectIn(
                kind="person", names=["Сидоров Иван"], date_of_birth="1960-03-04", nationalities=["RUS"]
            ),
            reason_code="SCPO-TRAVEL",
            source="orders",
            valid_from=date(2025, 1, 1),
            valid_to=None,
        )
    rescreen.rescreen(backend="duckdb", chunks=1)


def test_the_alert_queue_and_an_alert_are_accessible(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    _alert()
    sign_in_as(page, ["screening_analyst"])
    page.goto(live_server + "/screening/alerts")
    assert_accessible(page, "alert queue")
    page.get_by_role("link", name="Сидоров Иван").click()
    page.wait_for_load_state()
    assert "Is this the same person?" in page.content()
    assert_accessible(page, "alert")


def test_a_decision_without_a_reason_shows_an_accessible_error_without_javascript(
    no_js_page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    _alert()
    sign_in_as(no_js_page, ["screening_analyst"])
    no_js_page.goto(live_server + "/screening/alerts")
    no_js_page.get_by_role("link", name="Сидоров Иван").click()
    no_js_page.get_by_label("Same person: link the records").check()
    no_js_page.get_by_role("button", name="Save decision").click()
    assert "Enter the reason for your decision" in no_js_page.content()
    assert_accessible(no_js_page, "decision error")
    no_js_page.get_by_label("Reason for your decision").fill("Same passport photograph")
    no_js_page.get_by_role("button", name="Save decision").click()
    assert "/screening/identities/" in no_js_page.url
    assert "Сидоров Иван" in no_js_page.content()
    assert_accessible(no_js_page, "single view")
