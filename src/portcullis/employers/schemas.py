"""What comes in and goes out of the employers API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class RightToWorkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    share_code: str = Field(min_length=1, max_length=20, description="The 9-character share code.")
    date_of_birth: date


class RightToWorkOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: str
    valid: bool
    reason: str | None
    full_name: str
    permission_type: str
    conditions: list[str]
    permission_valid_from: date
    permission_valid_until: date | None
    follow_up_on: date | None
    checked_at: datetime
    checker_name: str
    employer_name: str
    share_reference: str


class PenaltyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    breach: Literal["first", "repeat"]
    workers: int = Field(ge=1, le=10000)
    reported: bool = False
    cooperated: bool = False
    effective_checks: bool = False
    on: date


class Reference(BaseModel):
    title: str
    href: str | None = None


class PenaltyOut(BaseModel):
    per_worker: str
    total: str
    maximum_per_worker: str
    reasons: list[str]
    references: list[Reference]


class ActionPlanMaxOut(BaseModel):
    on: date
    months: int
    verified: bool
    references: list[Reference]


# --- officers' workflow (workflow_api.py)


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SponsorIn(In):
    organisation_id: str
    sector: str
    region: str
    contact_email: str | None = None


class ApplicationIn(In):
    routes: list[str]
    on: date


class CosIn(In):
    worker_person_id: str
    kind: Literal["defined", "undefined"]
    new_worker: bool
    job_title: str
    salary: str
    salary_category: str = "general"
    on: date


class AllocationIn(In):
    granted: int = Field(ge=1)
    on: date


class ChangeIn(In):
    kind: Literal["worker", "organisation"]
    change: str
    occurred_on: date
    worker_person_id: str | None = None


class DowngradeIn(In):
    on: date
    months: int
    actions: list[str]


class RevokeIn(In):
    ground: str
    on: date


class VisitIn(In):
    premises: str
    region: str
    sector: str
    planned_on: date
    officers: list[str]
    organisation_id: str | None = None
    intelligence_ref: str | None = None


class OutcomeIn(In):
    visited_on: date
    outcome: str


class EncounterIn(In):
    person_id: str
    right_to_work: Literal["yes", "no", "unknown"]


class ArrestIn(In):
    at: datetime


class TransferIn(In):
    """A link in an evidence item's chain of custody; `at` with its time zone."""

    from_holder: str
    to: str
    at: datetime
    purpose: str


class ExcuseIn(In):
    """One illegal worker's right-to-work check, as the employer holds it (method null: none)."""

    person_id: str
    method: Literal["list_a", "list_b", "share_code", "idvt", "idvt_uncertified", "record"] | None = None
    checked_on: date | None = None
    employment_started_on: date | None = None
    permission_ends_on: date | None = None
    follow_up_done_on: date | None = None
    record_id: str | None = None  # with method "record": a right-to-work check made in Portcullis


class ReferralIn(In):
    reported: bool
    cooperated: bool
    effective_checks: bool
    excuses: list[ExcuseIn] = []


class IssueIn(In):
    on: date


class PaymentIn(In):
    amount: str
    paid_on: date


class ObjectionIn(In):
    received_on: date
    grounds: str


class ClosureIn(In):
    organisation_id: str
    premises: str
    issued_at: datetime
    officer_name: str
    officer_rank: str
    conviction: bool = False


class OrderIn(In):
    made_on: date
    months: int


class ExtendIn(In):
    months: int


class DirectorReferralIn(In):
    person_id: str
    organisation_id: str
    referred_on: date
    reason: str


class DisqualificationIn(In):
    years: int
    starts_on: date


class RepresentationsIn(In):
    text: str
    received_on: date


class ConcludeIn(In):
    outcome: Literal["restored", "further-plan", "revoked"]
    on: date
    further_months: int = 0
    further_actions: list[str] | None = None


class SuspendIn(In):
    on: date
    reason: str


class ComplaintIn(In):
    complaint: str
    received_on: date


class SanctionIn(In):
    organisation_id: str
    reason: str
    on: date
    repeat: bool = False


class ObjectionDecisionIn(In):
    outcome: Literal["cancelled", "reduced", "maintained"]
    new_total: str | None = None


class AppealIn(In):
    lodged_on: date
