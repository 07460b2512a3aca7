"""The applicant's own status check and withdrawal, by reference + passport number + email."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from portcullis.core import access, audit
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import normalise_document_number
from portcullis.travel.models import OPEN_STATUSES, EtaApplication, EtaSubmission, Status
from portcullis.travel.service_support import RECORD_TYPE, error


def _find_for_applicant(
    uow: UnitOfWork, *, reference: str, passport_number: str, email: str
) -> list[EtaApplication]:
    """Applications matching a reference (of one application or a group), a passport in it and the email."""
    ref, number, mail = (
        reference.strip().upper(),
        normalise_document_number(passport_number),
        email.strip().lower(),
    )
    found: list[EtaApplication] = []
    app = uow.session.scalar(select(EtaApplication).where(EtaApplication.reference == ref))
    if (
        app is not None
        and app.passport_number == number
        and mail in (app.email, app.submission.contact_email)
    ):
        found = [app]
    sub = uow.session.scalar(select(EtaSubmission).where(EtaSubmission.reference == ref))
    if (
        sub is not None
        and mail == sub.contact_email
        and any(a.passport_number == number for a in sub.applications)
    ):
        found = list(sub.applications)
    return found


def check_status(
    uow: UnitOfWork, *, reference: str, passport_number: str, email: str
) -> list[dict[str, Any]]:
    """The applicant's own status check; the same answer for any mismatch, so nothing leaks."""
    apps = _find_for_applicant(uow, reference=reference, passport_number=passport_number, email=email)
    if not apps:
        raise error(
            "reference", "we could not find an application with those details: check them and try again"
        )
    for app in apps:
        audit.record(
            uow,
            actor=access.ANONYMOUS,
            operation=audit.Operation.CONSULTATION,
            record_type=RECORD_TYPE,
            record_id=app.id,
            subject_id=app.person_id,
            justification="Applicant checked their status",
        )
    return [status_row(a) for a in apps]


def status_row(app: EtaApplication) -> dict[str, Any]:
    last = app.decisions[-1] if app.decisions else None
    reasons = [r["text"] for r in last.reasons] if last and app.status == Status.REFUSED else []
    return {
        "id": app.id,
        "reference": app.reference,
        "name": app.full_name,
        "status": app.status,
        "valid_until": app.valid_until.isoformat() if app.valid_until else None,
        "reasons": reasons,
    }


def withdraw(uow: UnitOfWork, *, reference: str, passport_number: str, email: str) -> list[dict[str, Any]]:
    """Withdraw applications not yet decided (all of a group's undecided ones, for a group reference)."""
    apps = _find_for_applicant(uow, reference=reference, passport_number=passport_number, email=email)
    if not apps:
        raise error(
            "reference", "we could not find an application with those details: check them and try again"
        )
    open_apps = [a for a in apps if a.status in OPEN_STATUSES]
    if not open_apps:
        raise error("reference", "the application has already been decided, so it cannot be withdrawn")
    for app in open_apps:
        app.status = Status.WITHDRAWN
        app.closed_reason = "Withdrawn by the applicant"
        audit.record(
            uow,
            actor=access.ANONYMOUS,
            operation=audit.Operation.ALTERATION,
            record_type=RECORD_TYPE,
            record_id=app.id,
            subject_id=app.person_id,
            justification="Applicant withdrew the application",
        )
    return [status_row(a) for a in apps]
