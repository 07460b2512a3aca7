"""axe on the newest forms, which take path parameters the crawler skips: the licence action pages (mark a
reporting duty reported, suspend, reinstate, impose a sanction), the penalty referral with statutory
excuses, the CoS allocation pages (sponsor and caseworker) and the evidence page. Each is checked blank and
with an error shown; after a click that navigates, assertions use `expect` (which waits)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.employers import allocations, certificates, enforcement
from portcullis.employers.models import RightToWorkRecord

from .form_helpers import visited_employer
from .helpers import OFFICER, licensed_sponsor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("database")]


def _date(page: Any, name: str, day: date) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def _blank(page: Any, assert_accessible: Any, url: str, heading: str, label: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    page.wait_for_load_state()
    assert_accessible(page, label)


def _error(page: Any, assert_accessible: Any, button: str, text: str, label: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(text)
    page.wait_for_load_state()
    assert_accessible(page, label)


def test_the_licence_action_forms_pass_axe_blank_and_with_errors(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    _, sponsor_id, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        duty_id = certificates.record_change(
            uow,
            licence_id=licence_id,
            kind="organisation",
            change="New registered office",
            occurred_on=date(2025, 5, 1),
            actor=OFFICER,
        ).id
    sign_in_as(page, ["compliance_officer"])

    _blank(
        page,
        assert_accessible,
        f"{live_server}/employers/duties/{duty_id}/reported",
        "reported",
        "mark reported",
    )
    _error(page, assert_accessible, "Mark as reported", "Enter the date", "mark reported, no date")
    _date(page, "reported_on", date(2025, 5, 20))
    page.get_by_role("button", name="Mark as reported").click()
    expect(page.get_by_role("cell", name="2025-05-20")).to_have_count(1)

    _blank(
        page,
        assert_accessible,
        f"{live_server}/employers/licences/{licence_id}/suspend",
        "Suspend",
        "suspend",
    )
    _error(
        page, assert_accessible, "Suspend licence", "Enter why the licence is suspended", "suspend, no reason"
    )
    page.get_by_label("Why the licence is suspended").fill("Compliance visit found gaps")
    _date(page, "suspended_on", date(2025, 6, 2))
    page.get_by_role("button", name="Suspend licence").click()
    expect(page.locator(".govuk-tag").filter(has_text="suspended")).to_have_count(1)

    _blank(
        page,
        assert_accessible,
        f"{live_server}/employers/licences/{licence_id}/reinstate",
        "Reinstate",
        "reinstate",
    )
    _error(
        page,
        assert_accessible,
        "Continue",
        "Select yes if the suspension should be lifted",
        "reinstate, unanswered",
    )

    _blank(
        page,
        assert_accessible,
        f"{live_server}/employers/sponsors/{sponsor_id}/sanctions/new",
        "sanction",
        "sanction",
    )
    _error(
        page,
        assert_accessible,
        "Impose the sanction",
        "Enter which breach is sanctioned",
        "sanction, no reason",
    )


def test_the_penalty_referral_with_a_portcullis_check_as_the_excuse_passes_axe(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    _, visit_id = visited_employer(workers=2)
    with unit_of_work() as uow:
        first = enforcement_person(uow, visit_id)
        uow.session.add(
            RightToWorkRecord(
                employer_user_id=None,
                employer_name="Pera Palace Ltd",
                checker_name="A Manager",
                person_id=first,
                valid=True,
                reason=None,
                full_name="Worker0 Kaya",
                permission_type="Skilled Worker",
                conditions=[],
                permission_valid_from=date(2024, 1, 1),
                permission_valid_until=date(2026, 1, 1),
                follow_up_on=date(2026, 1, 1),
                checked_at=datetime(2025, 1, 2, 10, tzinfo=UTC),
                share_reference="RTW-1",
            )
        )
    sign_in_as(page, ["enforcement_officer"])
    _blank(
        page,
        assert_accessible,
        f"{live_server}/employers/visits/{visit_id}/penalty",
        "civil penalty",
        "referral",
    )
    _error(
        page,
        assert_accessible,
        "Refer for a civil penalty",
        "Select whether the employer checked",
        "referral, unanswered",
    )
    page.locator("#w1-method").locator("..").locator("..").get_by_label(
        "Right-to-work check made in Portcullis on 2025-01-02 by Pera Palace Ltd"
    ).check()
    page.locator("#w2-method").check()  # "No right-to-work check"
    for name in ("reported", "cooperated", "effective_checks"):
        page.locator(f"#{name}-2").check()
    _error(
        page,
        assert_accessible,
        "Refer for a civil penalty",
        "Enter the date the employment began",
        "referral, no start",
    )
    _date(page, "w1-employment_started_on", date(2025, 1, 6))
    page.get_by_role("button", name="Refer for a civil penalty").click()
    expect(page.get_by_role("cell", name="No: statutory excuse")).to_have_count(1)
    expect(page.get_by_text("45000.00 GBP").first).to_be_visible()
    page.wait_for_load_state()
    assert_accessible(page, "penalty with a worker excused")


def enforcement_person(uow: Any, visit_id: str) -> str:
    from portcullis.employers import penalties

    return penalties.illegal_workers(uow.session, visit_id)[0].person_id


def test_the_allocation_pages_pass_axe_for_a_sponsor_and_a_caseworker(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any, browser: Any
) -> None:
    sponsor = sign_in_as(page, ["sponsor"])
    _, _, licence_id = licensed_sponsor(contact_email=sponsor.email)
    base = f"{live_server}/employers/licences/{licence_id}/allocations"
    _blank(
        page,
        assert_accessible,
        f"{live_server}/employers/my-licences",
        "Your sponsor licences",
        "my licences",
    )
    page.get_by_role("link", name="undefined CoS allocations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Undefined CoS allocations")
    assert_accessible(page, "allocations, none yet")
    _blank(page, assert_accessible, f"{base}/request", "Ask for undefined CoS", "request")
    _error(
        page, assert_accessible, "Send the request", "Enter the number of undefined CoS", "request, no number"
    )
    page.get_by_label("How many undefined CoS do you need?").fill("6")
    page.get_by_label("Why do you need them?").fill("Winter staffing")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("cell", name="requested", exact=True)).to_have_count(1)
    assert_accessible(page, "allocations with a request")

    context = browser.new_context()
    officer_page = context.new_page()
    sign_in_as(officer_page, ["compliance_officer"])
    with unit_of_work() as uow:
        (line,) = allocations.lines(uow.session, licence_id)
        allocation_id = line.allocation.id
    _blank(officer_page, assert_accessible, f"{base}/new", "Record an allocation", "record allocation")
    _error(
        officer_page,
        assert_accessible,
        "Record the allocation",
        "Enter the number of undefined CoS granted",
        "record, no number",
    )
    _blank(
        officer_page,
        assert_accessible,
        f"{live_server}/employers/allocations/{allocation_id}/decision",
        "Decide a request",
        "decision",
    )
    _error(
        officer_page,
        assert_accessible,
        "Save the decision",
        "Select whether to grant or refuse",
        "decision, unanswered",
    )
    officer_page.get_by_label("Grant", exact=True).check()
    officer_page.get_by_label("Number granted (if granting)").fill("4")
    officer_page.get_by_role("button", name="Save the decision").click()
    expect(officer_page.get_by_role("cell", name="granted", exact=True)).to_have_count(1)
    assert_accessible(officer_page, "allocations, granted")
    context.close()


def test_the_evidence_page_passes_axe_blank_and_with_an_error_and_shows_the_transfer(
    page: Any,
    live_server: str,
    sign_in_as: Any,
    assert_accessible: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    _, visit_id = visited_employer()
    with unit_of_work() as uow:
        enforcement.add_evidence(
            uow, visit_id=visit_id, kind="photo", filename="kitchen.jpg", content=b"jpeg", actor=OFFICER
        )
    sign_in_as(page, ["enforcement_officer"])
    page.goto(f"{live_server}/employers/visits/{visit_id}")
    page.get_by_role("link", name="kitchen.jpg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("kitchen.jpg")
    assert_accessible(page, "evidence page")
    _error(
        page, assert_accessible, "Record the transfer", "Enter the date", "evidence, transfer without a date"
    )
    page.get_by_label("To (person or organisation)").fill("Exhibits officer")
    _date(page, "transferred_on", date(2025, 6, 2))
    page.get_by_label("Time of the transfer (UK time)").fill("10:30")
    page.get_by_label("Why").fill("Secure storage")
    page.get_by_role("button", name="Record the transfer").click()
    expect(page.get_by_role("cell", name="Secure storage")).to_have_count(1)
    assert_accessible(page, "evidence page after a transfer")
