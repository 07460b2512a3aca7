"""Overdue Prevent work: Channel reviews flagged on the casework list and the case pages, the daily job that
emails each case owner once per overdue review, the supervisor's dashboard of all three kinds of overdue item,
and the public page for people who are not signed in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from portcullis.core import jobs
from portcullis.core.access_models import User
from portcullis.core.db import unit_of_work
from portcullis.core.notify import OutboxMessage
from portcullis.prevent import channel, gateway, overdue
from portcullis.prevent.cli import app as cli_app
from portcullis.prevent.errors import Forbidden
from portcullis.prevent.models import ChannelCase
from portcullis.web import navigation

RATIONALE = {
    "ideology": "present",
    "vulnerability": "present",
    "risk": "moderate",
    "explanation": "Sharing extreme right-wing material and seeking out a local group.",
}
NO_THRESHOLD = {
    "ideology": "absent",
    "vulnerability": "present",
    "risk": "low",
    "explanation": "No ideology; distress better met by mental health services.",
}
QUORATE = [
    {"name": "Chair", "agency": "local_authority", "role": "Chair", "attended": True},
    {"name": "Channel police practitioner", "agency": "police", "attended": True},
    {"name": "School nurse", "agency": "health", "attended": True},
]
ADOPTED_ON = date(2025, 6, 2)  # the frozen clock's date; the first support review is due 3 months later
FIRST_REVIEW_DUE = date(2025, 9, 2)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 30, tzinfo=UTC)


@pytest.fixture()
def adopted(principal, referral) -> Any:
    """adopted() -> (referral id, case id, owner Principal): a case adopted for Channel on 2 June 2025 by a
    practitioner, who is its owner."""
    officer, owner = principal("prevent_police"), principal("prevent_practitioner")

    def _make() -> tuple[str, str, Any]:
        rid = referral()
        with unit_of_work() as uow:
            gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
            gateway.decide_gateway(
                uow,
                actor=officer,
                referral_id=rid,
                outcome="channel",
                threshold_met=True,
                rationale=RATIONALE,
            )
        with unit_of_work() as uow:
            case_id = str(uow.session.scalar(select(ChannelCase.id).where(ChannelCase.referral_id == rid)))
            channel.record_consent(
                uow,
                actor=owner,
                case_id=case_id,
                given_by="parent_guardian",
                giver_name="A Parent",
                given=True,
                on=ADOPTED_ON,
            )
        with unit_of_work() as uow:
            meeting = channel.create_meeting(
                uow, actor=owner, local_authority="Manchester", held_on=ADOPTED_ON, members=QUORATE
            )
            channel.panel_decision(
                uow,
                actor=owner,
                meeting_id=meeting.id,
                case_id=case_id,
                decision="adopt",
                rationale="Vulnerable and engaging with extreme right-wing material",
            )
        return rid, case_id, owner

    return _make


def _outbox() -> list[OutboxMessage]:
    with unit_of_work() as uow:
        messages = list(uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)))
        uow.session.expunge_all()
        return messages


def _email_of(user_id: str) -> str:
    with unit_of_work() as uow:
        user = uow.session.get(User, user_id)
        assert user is not None
        return user.email


def _open(client: Any, rid: str) -> None:
    reply = client.post(
        f"/prevent/cases/{rid}/open",
        data={"purpose": "casework", "justification": "Checking the Channel review schedule"},
        follow_redirects=False,
    )
    assert reply.status_code == 303


def test_a_channel_review_is_not_flagged_on_its_due_date_and_is_flagged_the_day_after_on_the_list_and_pages(
    adopted, client, sign_in, frozen_clock
) -> None:
    rid, _, _ = adopted()
    frozen_clock.set(_at(FIRST_REVIEW_DUE))
    sign_in(["prevent_practitioner"])  # after moving the clock, so the session has not expired
    assert "Channel review overdue" not in client.get("/prevent/cases").text
    _open(client, rid)
    assert "Channel review overdue" not in client.get(f"/prevent/cases/{rid}").text

    frozen_clock.set(_at(FIRST_REVIEW_DUE + timedelta(days=1)))
    sign_in(["prevent_practitioner"])
    assert "1 Channel review overdue" in client.get("/prevent/cases").text
    _open(client, rid)
    record = client.get(f"/prevent/cases/{rid}").text
    assert "Channel review overdue: Support review 1 (due 2 September 2025)" in record
    page = client.get(f"/prevent/cases/{rid}/channel").text
    assert "1 review is overdue: Support review 1 (due 2 September 2025)" in page
    assert "Overdue" in page


def test_a_review_held_late_is_no_longer_flagged(adopted, frozen_clock) -> None:
    _, case_id, owner = adopted()
    frozen_clock.set(_at(date(2025, 9, 20)))
    with unit_of_work() as uow:
        assert [i.what for i in overdue.overdue_reviews(uow.session, today=date(2025, 9, 20))] == [
            "Support review 1"
        ]
        channel.record_review(
            uow,
            actor=owner,
            case_id=case_id,
            kind="support",
            sequence=1,
            held_on=date(2025, 9, 19),
            outcome="Engaging well with the mentor; continue support.",
        )
    with unit_of_work() as uow:
        assert overdue.overdue_reviews(uow.session, today=date(2025, 9, 20)) == []


def test_the_daily_job_emails_the_case_owner_once_per_overdue_review_and_queues_the_next_day(
    adopted, frozen_clock
) -> None:
    _, case_id, owner = adopted()
    with unit_of_work() as uow:
        overdue.schedule_daily(uow)
        assert overdue.schedule_daily(uow) is None  # never two runs waiting
    # 07:00 London on 3 June 2025 is 06:00 UTC (summer time); nothing is overdue yet.
    frozen_clock.set(datetime(2025, 6, 3, 6, 0, 1, tzinfo=UTC))
    assert jobs.run_pending() == 1
    assert _outbox() == []

    # The review due on 2 September is overdue from 3 September: the run that morning emails the owner.
    frozen_clock.set(datetime(2025, 9, 3, 6, 0, 1, tzinfo=UTC))
    assert jobs.run_pending() == 1  # the chain re-queued itself each day; only the next run is waiting
    sent = _outbox()
    assert len(sent) == 1
    assert sent[0].to == _email_of(owner.user_id)
    assert sent[0].template == "prevent-channel-review-overdue"
    assert "Support review 1" in sent[0].subject and "PRV-" in sent[0].subject
    assert "Jordan" not in sent[0].body and "Example" not in sent[0].body.replace("example", "")

    # The next days' runs send nothing more for the same review.
    for day in (4, 5):
        frozen_clock.set(datetime(2025, 9, day, 6, 0, 1, tzinfo=UTC))
        assert jobs.run_pending() == 1
    assert len(_outbox()) == 1

    # Review 1 is held late; review 2 falls due 3 months later and, once overdue, gets its own email.
    with unit_of_work() as uow:
        channel.record_review(
            uow,
            actor=owner,
            case_id=case_id,
            kind="support",
            sequence=1,
            held_on=date(2025, 9, 5),
            outcome="Engaging well with the mentor; continue support.",
        )
    frozen_clock.set(datetime(2025, 12, 6, 7, 0, 1, tzinfo=UTC))  # 07:00 London in winter is 07:00 UTC
    assert jobs.run_pending() == 1
    assert [m.personalisation["review"] for m in _outbox()] == ["Support review 1", "Support review 2"]
    with unit_of_work() as uow:
        waiting = list(
            uow.session.scalars(
                select(jobs.Job).where(
                    jobs.Job.kind == overdue.REVIEW_REMINDERS, jobs.Job.status == jobs.JobStatus.QUEUED
                )
            )
        )
        assert [j.run_at for j in waiting] == [datetime(2025, 12, 7, 7, 0, tzinfo=UTC)]


def test_a_retried_run_on_the_same_day_does_not_email_twice(adopted, frozen_clock) -> None:
    adopted()
    frozen_clock.set(_at(date(2025, 9, 10)))
    with unit_of_work() as uow:
        first = overdue.send_review_reminders(uow, today=date(2025, 9, 10))
    with unit_of_work() as uow:
        again = overdue.send_review_reminders(uow, today=date(2025, 9, 10))
    assert first == {"overdue": 1, "sent": 1, "already_sent": 0, "no_owner": 0}
    assert again == {"overdue": 1, "sent": 0, "already_sent": 1, "no_owner": 0}
    assert len(_outbox()) == 1


def test_the_review_reminders_command_sends_now_or_starts_the_daily_job(adopted, frozen_clock) -> None:
    adopted()
    frozen_clock.set(_at(date(2025, 9, 10)))
    result = CliRunner().invoke(cli_app, ["review-reminders"])
    assert result.exit_code == 0 and "1 reminder(s) sent" in result.output
    assert "Daily reminders queued" in CliRunner().invoke(cli_app, ["review-reminders", "--schedule"]).output
    assert "already queued" in CliRunner().invoke(cli_app, ["review-reminders", "--schedule"]).output
    overdue_list = CliRunner().invoke(cli_app, ["overdue"]).output
    assert "1 Channel review(s)" in overdue_list


def _transfer(principal, referral) -> str:
    officer = principal("prevent_police")
    rid = referral(given_names="Alex", family_name="Sample", date_of_birth="1990-05-05")
    with unit_of_work() as uow:
        gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
        gateway.decide_gateway(
            uow,
            actor=officer,
            referral_id=rid,
            outcome="transferred",
            threshold_met=False,
            rationale=NO_THRESHOLD,
            receiving_service="mental_health",
        )
    return rid


def test_the_supervisor_dashboard_lists_and_counts_all_three_kinds_of_overdue_item(
    adopted, principal, referral, client, sign_in, frozen_clock
) -> None:
    adopted()  # support review 1 due 2 Sep 2025
    _transfer(principal, referral)  # follow-up checks due 12 Jun, 2 Jul and 1 Aug 2025
    referral(given_names="Robin", family_name="Other", date_of_birth="2001-02-03")  # gateway due 9 Jun 2025
    sign_in(["prevent_supervisor"])

    page = client.get("/prevent/overdue")
    assert page.status_code == 200
    assert page.text.count("Nothing overdue.") == 3

    frozen_clock.set(_at(date(2025, 9, 10)))
    sign_in(["prevent_supervisor"])
    page = client.get("/prevent/overdue").text
    assert "<svg" in page and '<title id="overdue-title">' in page
    assert page.index("<svg") < page.index('id="overdue-counts"')  # the table is beneath the chart
    assert "Gateway assessments: 1; Transferred-case follow-ups: 3; Channel reviews: 1." in page
    assert "Gateway assessments past their target (1)" in page
    assert "Transferred-case follow-up checks overdue (3)" in page
    assert "Channel reviews overdue (1)" in page
    assert "Support review 1" in page and "Follow-up check 3" in page and "Gateway decision" in page
    for name in ("Jordan", "Alex", "Robin", "Sample"):
        assert name not in page  # references, dates and counts only


def test_only_a_senior_reviewer_may_see_the_overdue_dashboard(principal, client, sign_in) -> None:
    for role in ("prevent_practitioner", "prevent_police", "prevent_commissioner", "prevent_referrer"):
        with pytest.raises(Forbidden), unit_of_work() as uow:
            overdue.dashboard(uow.session, actor=principal(role), today=date(2025, 6, 2))
        sign_in([role])
        assert client.get("/prevent/overdue").status_code == 403


def test_a_member_of_the_public_not_signed_in_is_told_how_to_make_a_referral_and_nothing_is_collected(
    client,
) -> None:
    page = client.get("/prevent/worried-about-someone")
    assert page.status_code == 200
    assert "call 999" in page.text and "police on 101" in page.text and "local council" in page.text
    assert "<form" not in page.text.split("<main", 1)[1]  # no form: nothing about anyone is collected
    assert any(i.href == "/prevent/worried-about-someone" for i in navigation.public_services())
    assert "/prevent/worried-about-someone" in client.get("/").text
