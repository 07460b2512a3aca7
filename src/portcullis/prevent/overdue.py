"""Overdue Prevent work: gateway assessments past their target, transferred-case follow-up checks past their
date, and Channel reviews (support and post-exit) past their due date. The supervisor's dashboard lists all
three; a daily job emails the owner of each Channel case once per overdue review.

The case owner is the practitioner who recorded the panel's decision to adopt the case (the person who took
it on in Channel). Nothing here shows a name: items carry the referral reference, dates and counts only, so
listing them is not an opening of anyone's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import clock, jobs, notify
from portcullis.core.access import Principal
from portcullis.core.access_models import User
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.settings import get_settings
from portcullis.prevent import rules
from portcullis.prevent.errors import Forbidden
from portcullis.prevent.models import ChannelCase, PanelCaseDecision, Referral, TransferFollowUp

REVIEW_REMINDERS = "prevent.overdue_reviews"
REMINDER_TEMPLATE = "prevent-channel-review-overdue"
DAILY_AT = time(7, 0)  # London time, before the working day starts
KIND_LABELS = {"support": "Support review", "post_exit": "Post-exit review"}


def _require(actor: Principal, permission: str) -> None:
    if not actor.can(permission):
        raise Forbidden(permission)


@dataclass(frozen=True)
class OverdueItem:
    """One overdue piece of work: which referral, what is due, since when."""

    kind: str  # "gateway", "follow_up" or "review"
    referral_id: str
    reference: str
    what: str
    due_on: date
    days_overdue: int
    owner_id: str | None = None
    item_id: str = ""


def _days(due_on: date, today: date) -> int:
    return (today - due_on).days


def overdue_review_labels(case: ChannelCase | None, *, today: date) -> list[str]:
    """The case's overdue reviews as short labels, e.g. "Support review 1 (due 2 September 2025)"."""
    if case is None:
        return []
    return [
        f"{KIND_LABELS.get(r.kind, r.kind)} {r.sequence} (due {r.due_on.strftime('%-d %B %Y')})"
        for r in case.reviews
        if rules.is_overdue(due_on=r.due_on, done=r.held_on is not None, today=today)
    ]


def overdue_reviews(session: Session, *, today: date) -> list[OverdueItem]:
    """Channel reviews not yet held whose due date has passed, oldest first."""
    owners: dict[str, str | None] = {}
    for case_id, decided_by in session.execute(
        select(PanelCaseDecision.case_id, PanelCaseDecision.decided_by).where(
            PanelCaseDecision.decision == "adopt"
        )
    ):
        owners[case_id] = decided_by
    items = []
    cases = session.scalars(select(ChannelCase).where(ChannelCase.status.in_(("adopted", "exited"))))
    for case in cases:
        referral = session.get(Referral, case.referral_id)
        assert referral is not None
        for review in case.reviews:
            if not rules.is_overdue(due_on=review.due_on, done=review.held_on is not None, today=today):
                continue
            items.append(
                OverdueItem(
                    "review",
                    referral.id,
                    referral.reference,
                    f"{KIND_LABELS.get(review.kind, review.kind)} {review.sequence}",
                    review.due_on,
                    _days(review.due_on, today),
                    owners.get(case.id),
                    review.id,
                )
            )
    return sorted(items, key=lambda i: (i.due_on, i.reference))


def overdue_gateway(session: Session, *, today: date) -> list[OverdueItem]:
    """Referrals still waiting for the gateway decision after its target date."""
    items = []
    for r in session.scalars(select(Referral).where(Referral.gateway_due_on < today)):
        if r.gateway is not None and r.gateway.outcome is not None:
            continue
        items.append(
            OverdueItem(
                "gateway",
                r.id,
                r.reference,
                "Gateway decision",
                r.gateway_due_on,
                _days(r.gateway_due_on, today),
            )
        )
    return sorted(items, key=lambda i: (i.due_on, i.reference))


def overdue_follow_ups(session: Session, *, today: date) -> list[OverdueItem]:
    """Follow-up checks of transferred cases not done by their date (cancelled checks are not due)."""
    query = (
        select(TransferFollowUp, Referral)
        .join(Referral, Referral.id == TransferFollowUp.referral_id)
        .where(TransferFollowUp.due_on < today, TransferFollowUp.checked_on.is_(None))
        .where(TransferFollowUp.cancelled.is_(False))
    )
    items = [
        OverdueItem(
            "follow_up",
            r.id,
            r.reference,
            f"Follow-up check {fu.sequence}",
            fu.due_on,
            _days(fu.due_on, today),
            item_id=fu.id,
        )
        for fu, r in session.execute(query)
        if rules.is_overdue(due_on=fu.due_on, done=False, today=today)
    ]
    return sorted(items, key=lambda i: (i.due_on, i.reference))


@dataclass(frozen=True)
class Dashboard:
    today: date
    gateway: list[OverdueItem]
    follow_ups: list[OverdueItem]
    reviews: list[OverdueItem]

    def counts(self) -> list[tuple[str, int]]:
        return [
            ("Gateway assessments", len(self.gateway)),
            ("Transferred-case follow-ups", len(self.follow_ups)),
            ("Channel reviews", len(self.reviews)),
        ]

    @property
    def total(self) -> int:
        return len(self.gateway) + len(self.follow_ups) + len(self.reviews)


def dashboard(session: Session, *, actor: Principal, today: date) -> Dashboard:
    """Everything overdue, for a senior reviewer (supervisor): no names, so not an opening."""
    _require(actor, "prevent.senior_review")
    return Dashboard(
        today,
        overdue_gateway(session, today=today),
        overdue_follow_ups(session, today=today),
        overdue_reviews(session, today=today),
    )


# --- the daily reminder job -------------------------------------------------------------------------


def _reference(review_id: str) -> str:
    return f"prevent-review-overdue:{review_id}"


def send_review_reminders(uow: UnitOfWork, *, today: date) -> dict[str, int]:
    """Email each case owner once per overdue review. The outbox reference names the review, so a second
    run (a retried job, or the next day's) finds the message already written and sends nothing again.
    Reviews whose case has no owner with an email address are counted as unsent (they still show on the
    supervisor's dashboard)."""
    sent = already = no_owner = 0
    for item in overdue_reviews(uow.session, today=today):
        if uow.session.scalar(
            select(notify.OutboxMessage.id).where(notify.OutboxMessage.reference == _reference(item.item_id))
        ):
            already += 1
            continue
        owner = uow.session.get(User, item.owner_id) if item.owner_id else None
        if owner is None or not owner.email or not owner.active:
            no_owner += 1
            continue
        notify.send_email(
            uow,
            to=owner.email,
            template=REMINDER_TEMPLATE,
            personalisation={
                "reference": item.reference,
                "review": item.what,
                "due_on": item.due_on.strftime("%-d %B %Y"),
                "days_overdue": str(item.days_overdue),
                "link": f"{get_settings().base_url.rstrip('/')}/prevent/cases/{item.referral_id}/channel",
            },
            reference=_reference(item.item_id),
        )
        sent += 1
    return {"overdue": sent + already + no_owner, "sent": sent, "already_sent": already, "no_owner": no_owner}


def next_run(after: datetime) -> datetime:
    """The first DAILY_AT in London strictly after `after` (aware), in UTC."""
    return jobs.next_daily_run(after, DAILY_AT)


def schedule_daily(uow: UnitOfWork) -> jobs.Job | None:
    """Queue the next daily run unless one is already waiting, so the chain never doubles."""
    return jobs.schedule_next(
        uow,
        REVIEW_REMINDERS,
        {"daily": True},
        run_at=next_run(clock.now()),
        title="Email Channel case owners about overdue reviews (daily)",
    )


@jobs.handler(REVIEW_REMINDERS)
def run_review_reminders(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    """Queue tomorrow's run first (a failing run must not break the chain), then send today's reminders."""
    if payload.get("daily"):
        with unit_of_work() as uow:
            schedule_daily(uow)
    today = clock.today_in_london()
    with unit_of_work() as uow:
        progress.update(0, None, "checking overdue Channel reviews")
        result = send_review_reminders(uow, today=today)
        progress.update(result["overdue"], result["overdue"], f"{result['sent']} reminders sent")
    return {"on": today.isoformat(), **result}
