"""Tables of the travel domain: ETA submissions (one payment for one applicant or a group), applications,
their decisions (with reasons, rule and parameter versions, so they can be replayed), eVisa permissions and
share codes. Applicants and permission holders are linked to `people`."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portcullis.core import roles
from portcullis.core.db import Base, IdMixin, TimestampMixin

roles.grant(
    "caseworker", "travel.case.read", "travel.case.decide", "travel.case.cancel", "travel.evisa.manage"
)
roles.grant("admin", "travel.case.read", "travel.evisa.manage")
roles.grant("carrier", "travel.carrier.check")
roles.grant("employer", "travel.sharecode.check")
roles.grant("auditor", "travel.case.read")


class Status(StrEnum):
    AWAITING_PAYMENT = "awaiting-payment"
    SUBMITTED = "submitted"  # paid, waiting for the automatic decision
    REFERRED = "referred"  # in the caseworker queue
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"


OPEN_STATUSES = (Status.AWAITING_PAYMENT, Status.SUBMITTED, Status.REFERRED)


class EtaSubmission(IdMixin, TimestampMixin, Base):
    """What was paid for at once: one application, or a group of up to 50 with one status page."""

    __tablename__ = "eta_submissions"

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    contact_email: Mapped[str] = mapped_column(String(320))
    is_group: Mapped[bool] = mapped_column(default=False)
    fee_pence: Mapped[int] = mapped_column(Integer)
    payment_id: Mapped[str | None] = mapped_column(String(32), index=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    paid_at: Mapped[datetime | None]

    applications: Mapped[list[EtaApplication]] = relationship(
        back_populates="submission", order_by="EtaApplication.position", lazy="selectin"
    )


class EtaApplication(IdMixin, TimestampMixin, Base):
    __tablename__ = "eta_applications"
    __table_args__ = (
        Index("ix_eta_applications_passport", "passport_number", "passport_issuing_state"),
        Index("ix_eta_applications_status_nationality", "status", "nationality"),
    )

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("eta_submissions.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    on_behalf: Mapped[bool] = mapped_column(default=False)
    submitted_by: Mapped[str | None] = mapped_column(String(200))  # who applied for someone else
    relationship_to_applicant: Mapped[str | None] = mapped_column(String(100))
    given_names: Mapped[str] = mapped_column(String(200))
    family_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date]
    sex: Mapped[str] = mapped_column(String(1))
    nationality: Mapped[str] = mapped_column(String(3))
    other_nationalities: Mapped[str] = mapped_column(String(100), default="")
    passport_number: Mapped[str] = mapped_column(String(20))
    passport_issuing_state: Mapped[str] = mapped_column(String(3))
    passport_expiry: Mapped[date]
    arrival_date: Mapped[date | None]
    photo_path: Mapped[str | None] = mapped_column(String(300))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=Status.AWAITING_PAYMENT)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)  # why it was withdrawn or cancelled

    submission: Mapped[EtaSubmission] = relationship(back_populates="applications")
    decisions: Mapped[list[EtaDecision]] = relationship(
        back_populates="application", order_by="EtaDecision.decided_at", lazy="selectin"
    )

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class EtaDecision(IdMixin, Base):
    """One decision (grant, refer, refuse or cancel) with everything needed to explain and replay it."""

    __tablename__ = "eta_decisions"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("eta_applications.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    automatic: Mapped[bool] = mapped_column(default=True)
    decided_by: Mapped[str | None] = mapped_column(String(32))  # users.id; None for the system
    decided_by_label: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime]
    decided_on: Mapped[date]  # the date the rules and parameters were taken as of
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    parameters: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the rule inputs, for replay
    screening: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    rules_version: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)

    application: Mapped[EtaApplication] = relationship(back_populates="decisions")


class Permission(IdMixin, TimestampMixin, Base):
    """An immigration permission held as an eVisa, linked to the holder's passports through `people`."""

    __tablename__ = "evisa_permissions"

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    permission_type: Mapped[str] = mapped_column(String(100))
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]  # None: indefinite leave
    status: Mapped[str] = mapped_column(String(20), default="active")  # active, curtailed
    ended_reason: Mapped[str | None] = mapped_column(Text)
    photo_path: Mapped[str | None] = mapped_column(String(300))


class ShareCode(IdMixin, Base):
    """A code the holder gives a checker. Only its SHA-256 is kept."""

    __tablename__ = "evisa_share_codes"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    permission_id: Mapped[str] = mapped_column(
        ForeignKey("evisa_permissions.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(10))  # work, rent, travel
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class EtaDraft(IdMixin, Base):
    """An application in progress on the public pages (one question per page, no JavaScript): the browser
    holds a random token in a cookie; only its SHA-256 is kept. Drafts expire after a day."""

    __tablename__ = "eta_drafts"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
