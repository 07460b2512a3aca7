"""Overdue Prevent work in a real browser, checked with axe-core (WCAG 2.2 AA): the supervisor's dashboard
(chart and tables), the flagged casework list, record and Channel case; and the public page for people who
are not signed in, with and without JavaScript."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.prevent import channel, gateway, service
from portcullis.prevent.models import ChannelCase, Referral
from portcullis.prevent.service import ReferralForm

pytestmark = pytest.mark.browser

RATIONALE = {
    "ideology": "present",
    "vulnerability": "present",
    "risk": "moderate",
    "explanation": "Engaging with extremist material and isolated at school.",
}
QUORATE = [
    {"name": "Chair", "agency": "local_authority", "role": "Chair", "attended": True},
    {"name": "Officer", "agency": "police", "attended": True},
    {"name": "Nurse", "agency": "health", "attended": True},
]


def _referral(referrer: Any, given_names: str) -> str:
    form = ReferralForm(
        given_names=given_names,
        family_name="Overduetest",
        date_of_birth="2009-03-14",
        gender="female",
        region="london",
        local_authority="Camden",
        referrer_name="Ms Teacher",
        referrer_contact="teacher@example.sch.uk",
        sector="education",
        concern_type="extreme_right_wing",
        reasons="Shares extreme right-wing propaganda and talks of attacking a mosque.",
    )
    with unit_of_work() as uow:
        ack = service.submit_referral(uow, actor=referrer, form=form)
        return str(uow.session.scalar(select(Referral.id).where(Referral.reference == ack.reference)))


def _adopt(officer: Any, worker: Any, rid: str) -> None:
    with unit_of_work() as uow:
        gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
        gateway.decide_gateway(
            uow, actor=officer, referral_id=rid, outcome="channel", threshold_met=True, rationale=RATIONALE
        )
    with unit_of_work() as uow:
        case_id = str(uow.session.scalar(select(ChannelCase.id).where(ChannelCase.referral_id == rid)))
        channel.record_consent(
            uow,
            actor=worker,
            case_id=case_id,
            given_by="parent_guardian",
            giver_name="A Parent",
            given=True,
            on=date(2025, 6, 2),
        )
        meeting = channel.create_meeting(
            uow, actor=worker, local_authority="Camden", held_on=date(2025, 6, 2), members=QUORATE
        )
        channel.panel_decision(
            uow,
            actor=worker,
            meeting_id=meeting.id,
            case_id=case_id,
            decision="adopt",
            rationale="Vulnerable and engaging with extremist material",
        )


def test_the_overdue_dashboard_and_the_flagged_case_pages_are_accessible(
    page, live_server, sign_in_as, assert_accessible, frozen_clock
) -> None:
    referrer = sign_in_as(page, ["prevent_referrer"])
    officer = sign_in_as(page, ["prevent_police"])
    worker = sign_in_as(page, ["prevent_practitioner"])
    adopted = _referral(referrer, "Robin")
    _adopt(officer, worker, adopted)
    _referral(referrer, "Sam")  # never assessed: the gateway is overdue
    frozen_clock.set(datetime(2025, 9, 10, 9, 30, tzinfo=UTC))  # support review 1 was due on 2 September

    sign_in_as(page, ["prevent_supervisor"])
    page.goto("/")
    page.get_by_role("link", name="Overdue Prevent work").first.click()
    expect(page.locator("h1")).to_have_text("Overdue Prevent work")
    assert page.get_by_role("img", name="Overdue items by kind").count() == 1
    counts = page.locator("#overdue-counts")
    assert counts.get_by_role("row", name="Gateway assessments 1").count() == 1
    assert counts.get_by_role("row", name="Channel reviews 1").count() == 1
    expect(page.locator("#overdue-reviews")).to_contain_text("Support review 1", use_inner_text=True)
    assert "Robin" not in page.content()
    assert_accessible(page, "overdue dashboard")

    page.goto("/prevent/cases")
    expect(page.locator("table")).to_contain_text("1 Channel review overdue", use_inner_text=True)
    assert_accessible(page, "casework with an overdue review")
    page.goto(f"/prevent/cases/{adopted}")
    page.get_by_label("Your reason").fill("Following up an overdue Channel review")
    page.get_by_role("button", name="Open the record").click()
    expect(page.locator(".govuk-warning-text").last).to_contain_text(
        "Channel review overdue", use_inner_text=True
    )
    assert_accessible(page, "record with an overdue review")
    page.goto(f"/prevent/cases/{adopted}/channel")
    expect(page.locator("main")).to_contain_text("1 review is overdue", use_inner_text=True)
    assert_accessible(page, "Channel case with an overdue review")


def test_someone_not_signed_in_finds_how_to_make_a_referral_without_javascript(no_js_page) -> None:
    page = no_js_page
    page.goto("/")
    page.get_by_role("link", name="Worried someone is being radicalised").click()
    expect(page.locator("h1")).to_have_text("Worried someone is being radicalised")
    main = page.locator("main")
    assert "call 999" in main.inner_text() and "101" in main.inner_text()
    assert main.locator("form, input, textarea").count() == 0


def test_the_public_page_is_accessible(page, live_server, assert_accessible) -> None:
    page.goto("/prevent/worried-about-someone")
    assert_accessible(page, "public Prevent page")
