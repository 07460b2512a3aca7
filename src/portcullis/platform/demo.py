"""Demonstration data for platform services: a test email in the outbox and a housekeeping job owned by the
demo administrator, so /outbox and /jobs have something to show."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy import select

from portcullis.core import jobs, notify
from portcullis.core.access_models import User
from portcullis.core.db import UnitOfWork
from portcullis.core.settings import get_settings
from portcullis.platform import jobs as platform_jobs

ADMIN_EMAIL = "admin@example.gov.uk"


def load(uow: UnitOfWork, console: Console) -> None:
    admin = uow.session.scalar(select(User).where(User.email == ADMIN_EMAIL))
    if get_settings().notify_backend == "outbox":
        notify.send_email(
            uow,
            to=ADMIN_EMAIL,
            template="platform.test-email",
            personalisation={"name": admin.name if admin else "colleague"},
            reference="demo",
        )
    jobs.enqueue(
        uow,
        platform_jobs.PURGE_KIND,
        {"days": 30},
        owner_id=admin.id if admin else None,
        title="Delete jobs that succeeded more than 30 days ago",
    )
    console.print("Platform: a test email in the outbox (/outbox) and a housekeeping job (/jobs).")
