"""Employer compliance tables: sponsors and licences, CoS, reporting duties, compliance cases, sanctions,
illegal working visits and evidence, civil penalties, closures, disqualifications and right-to-work checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portcullis.core import roles
from portcullis.core.db import Base, IdMixin, TimestampMixin

MONEY = Numeric(12, 2)

roles.grant("compliance_officer", "employers.dashboard")
roles.grant("enforcement_officer", "employers.dashboard")
roles.grant("analyst", "employers.dashboard")
# Sponsors' authorising officers: their own licences only (the account's email is the licence's contact).
roles.define(
    "sponsor",
    "Sponsor (authorising officer)",
    {"employers.cos.allocations", "employers.cos.request"},
    scoped=True,
)
roles.grant("compliance_officer", "employers.cos.allocations")


class Sponsor(IdMixin, TimestampMixin, Base):
    """An organisation (from the core parties) known to sponsor compliance."""

    __tablename__ = "employer_sponsors"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), unique=True)
    sector: Mapped[str] = mapped_column(String(40), index=True)
    care: Mapped[bool] = mapped_column(Boolean, default=False)
    region: Mapped[str] = mapped_column(String(40), index=True)
    contact_email: Mapped[str | None] = mapped_column(String(320))  # the authorising officer, for alerts
    licences: Mapped[list[Licence]] = relationship(back_populates="sponsor", lazy="selectin")


class LicenceApplication(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer_licence_applications"

    sponsor_id: Mapped[str] = mapped_column(ForeignKey("employer_sponsors.id"), index=True)
    applied_on: Mapped[date]
    routes: Mapped[list[str]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(20))  # granted, refused
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence_id: Mapped[str | None] = mapped_column(String(32))


class Licence(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer_licences"

    sponsor_id: Mapped[str] = mapped_column(ForeignKey("employer_sponsors.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    routes: Mapped[list[str]] = mapped_column(JSON)
    rating: Mapped[str] = mapped_column(String(1), default="A")
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    granted_on: Mapped[date]
    suspended_on: Mapped[date | None]
    revoked_on: Mapped[date | None] = mapped_column(index=True)
    revocation_ground: Mapped[str | None] = mapped_column(String(40))
    sponsor: Mapped[Sponsor] = relationship(back_populates="licences", lazy="joined")


class CosAllocation(IdMixin, Base):
    """An annual allocation of undefined CoS; it ends on 5 April. A sponsor's request waits here (granted 0)
    until a caseworker grants it (perhaps fewer) or refuses it; a caseworker may also record one directly."""

    __tablename__ = "employer_cos_allocations"

    licence_id: Mapped[str] = mapped_column(ForeignKey("employer_licences.id"), index=True)
    granted: Mapped[int] = mapped_column(Integer)
    ends_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="granted", server_default="granted")
    # granted, requested, refused
    requested: Mapped[int | None] = mapped_column(Integer)
    requested_on: Mapped[date | None]
    justification: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[date | None]
    refusal_reason: Mapped[str | None] = mapped_column(String(300))


class Certificate(IdMixin, TimestampMixin, Base):
    """A Certificate of Sponsorship assigned to a worker."""

    __tablename__ = "employer_cos"

    licence_id: Mapped[str] = mapped_column(ForeignKey("employer_licences.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # defined, undefined
    allocation_id: Mapped[str | None] = mapped_column(ForeignKey("employer_cos_allocations.id"))
    worker_person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    new_worker: Mapped[bool] = mapped_column(Boolean)
    job_title: Mapped[str] = mapped_column(String(200))
    salary: Mapped[Decimal] = mapped_column(MONEY)
    salary_category: Mapped[str] = mapped_column(String(20))
    assigned_on: Mapped[date]
    use_by: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="assigned")  # assigned, used, invalidated
    decision: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReportingDuty(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer_reporting_duties"

    licence_id: Mapped[str] = mapped_column(ForeignKey("employer_licences.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # worker, organisation
    change: Mapped[str] = mapped_column(String(300))
    worker_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    occurred_on: Mapped[date]
    due_on: Mapped[date] = mapped_column(index=True)
    reported_on: Mapped[date | None]
    alerted_on: Mapped[date | None]  # the sponsor was emailed that the report is overdue


class ComplianceCase(IdMixin, TimestampMixin, Base):
    """A compliance visit, or a case opened by a complaint (e.g. charging workers sponsorship costs)."""

    __tablename__ = "employer_compliance_cases"

    sponsor_id: Mapped[str] = mapped_column(ForeignKey("employer_sponsors.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # visit, complaint-charging-workers
    opened_on: Mapped[date]
    officer: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open")


class ActionPlan(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer_action_plans"

    licence_id: Mapped[str] = mapped_column(ForeignKey("employer_licences.id"), index=True)
    notified_on: Mapped[date]
    representations_due: Mapped[date]
    representations: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date]
    months: Mapped[int] = mapped_column(Integer)
    ends_on: Mapped[date]
    actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(20))  # restored, further-plan, revoked
    decision: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Sanction(IdMixin, TimestampMixin, Base):
    """A sanction or cooling-off period during which the organisation may not apply for a licence."""

    __tablename__ = "employer_sanctions"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # sanction, cooling-off
    reason: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date]
    ends_on: Mapped[date]


class EnforcementVisit(IdMixin, TimestampMixin, Base):
    """An intelligence-led illegal working visit to premises."""

    __tablename__ = "employer_visits"

    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    premises: Mapped[str] = mapped_column(String(300))
    region: Mapped[str] = mapped_column(String(40), index=True)
    sector: Mapped[str] = mapped_column(String(40), index=True)
    intelligence_ref: Mapped[str | None] = mapped_column(String(60))
    planned_on: Mapped[date]
    visited_on: Mapped[date | None] = mapped_column(index=True)
    officers: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(40))  # illegal-working-found, no-breach, no-access


class Encounter(IdMixin, Base):
    """A person encountered on a visit, with the on-the-spot identity check."""

    __tablename__ = "employer_encounters"

    visit_id: Mapped[str] = mapped_column(ForeignKey("employer_visits.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    checked_at: Mapped[datetime]
    screening_hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    evisa: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # current eVisa permissions
    right_to_work: Mapped[str] = mapped_column(String(20))  # yes, no, unknown
    illegal_worker: Mapped[bool] = mapped_column(Boolean, default=False)
    arrested: Mapped[bool] = mapped_column(Boolean, default=False)
    arrested_at: Mapped[datetime | None]


class EvidenceFile(IdMixin, Base):
    """Body-worn video or a photo: the hash fixes the content; the custody log says who held it."""

    __tablename__ = "employer_evidence"

    visit_id: Mapped[str] = mapped_column(ForeignKey("employer_visits.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # body-worn-video, photo
    filename: Mapped[str] = mapped_column(String(300))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    stored_path: Mapped[str] = mapped_column(String(500))
    custody: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class Penalty(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer_penalties"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("employer_visits.id"))
    breach: Mapped[str] = mapped_column(String(10))
    workers: Mapped[int] = mapped_column(Integer)
    per_worker: Mapped[Decimal] = mapped_column(MONEY)
    total: Mapped[Decimal] = mapped_column(MONEY)
    issued_on: Mapped[date | None] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(20), default="referred", index=True)
    # referred, issued, instalments, objected, cancelled, reduced, appealed, paid, debt
    paid: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    objected_on: Mapped[date | None]
    objection: Mapped[str | None] = mapped_column(Text)
    appeal_lodged_on: Mapped[date | None]
    calculation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    payments: Mapped[list[PenaltyPayment]] = relationship(lazy="selectin", order_by="PenaltyPayment.paid_on")


class PenaltyPayment(IdMixin, Base):
    __tablename__ = "employer_penalty_payments"

    penalty_id: Mapped[str] = mapped_column(ForeignKey("employer_penalties.id"), index=True)
    paid_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(MONEY)


class Closure(IdMixin, TimestampMixin, Base):
    """A closure notice and the compliance order that may follow (Immigration Act 2016, Sch. 6)."""

    __tablename__ = "employer_closures"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    premises: Mapped[str] = mapped_column(String(300))
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(200))
    officer_rank: Mapped[str] = mapped_column(String(40))
    hearing_by: Mapped[datetime]
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    order_made_on: Mapped[date | None]
    order_months: Mapped[int] = mapped_column(Integer, default=0)
    order_ends_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="notice")  # notice, order, discharged


class Disqualification(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer_disqualifications"

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    referred_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(20))  # disqualified, no-action
    starts_on: Mapped[date | None]
    years: Mapped[int | None] = mapped_column(Integer)
    ends_on: Mapped[date | None]


class RightToWorkRecord(IdMixin, Base):
    """An employer's online right-to-work check: the record that serves as a statutory excuse."""

    __tablename__ = "employer_rtw_checks"

    employer_user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    employer_name: Mapped[str] = mapped_column(String(300))
    checker_name: Mapped[str] = mapped_column(String(200))
    person_id: Mapped[str | None] = mapped_column(String(32), index=True)  # as the eVisa record gives it
    valid: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(300))
    full_name: Mapped[str] = mapped_column(String(300))
    photo_path: Mapped[str | None] = mapped_column(String(500))
    permission_type: Mapped[str] = mapped_column(String(200))
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    permission_valid_from: Mapped[date]
    permission_valid_until: Mapped[date | None]
    follow_up_on: Mapped[date | None]
    checked_at: Mapped[datetime]
    share_reference: Mapped[str] = mapped_column(String(60))
