"""Every page of the web shell passes axe-core at WCAG 2.2 AA in headless Chromium, and GOV.UK Frontend's
JavaScript runs under the Content-Security-Policy (its inline script carries the nonce)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core import access, audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person

pytestmark = pytest.mark.browser


def test_the_anonymous_start_page_is_accessible(page, assert_accessible) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Portcullis")
    assert_accessible(page)


def test_the_sign_in_page_is_accessible_and_so_are_its_errors(page, assert_accessible) -> None:
    page.goto("/sign-in")
    assert_accessible(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "sign-in with errors")
    page.get_by_label("Email address").fill("nobody@example.gov.uk")
    page.get_by_label("Password", exact=True).fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a correct email address and password", use_inner_text=True
    )
    assert_accessible(page, "sign-in with a wrong password")


def test_the_error_summary_takes_focus_so_screen_readers_announce_it(page) -> None:
    page.goto("/sign-in")
    page.get_by_role("button", name="Sign in").click()
    # GOV.UK Frontend's script moves focus to the summary once it has loaded.
    expect(page.locator(".govuk-error-summary")).to_be_focused()


@pytest.mark.parametrize("roles", [["auditor"], ["admin"], ["caseworker"], ["police_officer"], ["carrier"]])
def test_the_signed_in_home_page_is_accessible_for_each_kind_of_user(
    page, sign_in_as, assert_accessible, roles: list[str]
) -> None:
    sign_in_as(page, roles, organisation="greater-manchester" if roles == ["police_officer"] else None)
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Your services")
    assert_accessible(page, f"home for {roles}")


def test_the_403_page_is_accessible(page, sign_in_as, assert_accessible) -> None:
    sign_in_as(page, ["carrier"])
    response = page.goto("/audit")
    assert response is not None and response.status == 403
    assert_accessible(page)


def test_the_404_page_is_accessible(page, assert_accessible) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    assert_accessible(page)


def test_the_audit_search_with_results_and_the_verify_panel_are_accessible(
    page, sign_in_as, assert_accessible
) -> None:
    auditor = sign_in_as(page, ["auditor"])
    with unit_of_work() as uow:
        person = Person(given_names="Ann", family_name="Smith")
        uow.session.add(person)
        uow.flush()
        for n in range(3):
            audit.record(
                uow,
                actor=auditor,
                operation=audit.Operation.CONSULTATION,
                record_type="case",
                record_id=f"case-{n}",
                subject_id=person.id,
                justification="Deciding the case",
            )
        audit.record(
            uow,
            actor=access.SYSTEM,
            operation=audit.Operation.DISCLOSURE,
            record_type="case",
            record_id="case-0",
            subject_id=person.id,
            justification="Carrier check",
            recipient="Demo Airways",
        )
    page.goto("/audit")
    page.get_by_label("Person").fill("Smith")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("caption")).to_contain_text("Entries 1 to 4 of 4", use_inner_text=True)
    assert_accessible(page, "audit search with results")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator(".app-verify-panel")).to_contain_text("Intact", use_inner_text=True)
    assert_accessible(page, "audit verify panel")
    page.goto("/audit?search=1&user=nobody%40example.gov.uk&from-day=31&from-month=2&from-year=2025")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "audit search with errors")


@pytest.mark.parametrize("path", ["/cookies", "/accessibility", "/signed-out", "/sign-out"])
def test_the_public_information_pages_are_accessible(page, assert_accessible, path: str) -> None:
    page.goto(path)
    assert_accessible(page, path)


def test_the_sign_out_confirmation_is_accessible(page, sign_in_as, assert_accessible) -> None:
    sign_in_as(page, ["auditor"])
    page.goto("/sign-out")
    assert_accessible(page)


def test_the_refused_form_page_is_accessible_and_says_what_to_do(page, assert_accessible) -> None:
    page.goto("/sign-in")
    page.evaluate("document.querySelector('input[name=csrf_token]').value = 'forged'")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main")).to_contain_text(
        "go back, refresh the page and try again", use_inner_text=True
    )
    assert_accessible(page)


def test_govuk_frontend_runs_and_nothing_breaks_the_content_security_policy(page, sign_in_as) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in_as(page, ["auditor"])
    for path in ("/", "/audit", "/sign-in", "/no-such-page"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    classes: Any = page.evaluate("document.body.className")
    assert "govuk-frontend-supported" in classes
    assert not [p for p in problems if "404" not in p], problems


@pytest.mark.parametrize("javascript", [True, False])
def test_the_axe_check_finds_a_real_problem_with_javascript_on_or_off(request, axe, javascript: bool) -> None:
    page = request.getfixturevalue("page" if javascript else "no_js_page")
    page.goto("/cookies")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')"
    )
    found = axe.violations(page)
    assert [v["id"] for v in found] == ["image-alt"]
    assert "image-alt" in axe.describe("cookies", found)
