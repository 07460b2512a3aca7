"""What the Prevent API takes in. Fields are loose on purpose (strings, optional): the use cases validate them
in one place so the page and the API give the same specific errors."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class ReferralIn(BaseModel):
    given_names: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    gender: str = ""
    region: str = ""
    local_authority: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_organisation: str = ""
    referrer_contact: str = ""
    sector: str = ""
    concern_type: str = ""
    concern_other: str = ""
    reasons: str = ""


class DeconflictionIn(BaseModel):
    result: str = ""
    reference: str = ""


class DecisionIn(BaseModel):
    outcome: str = ""
    threshold_met: bool | None = None
    rationale: dict[str, str] = Field(default_factory=dict)
    receiving_service: str | None = None


class SamePersonIn(BaseModel):
    other_referral_id: str = ""


class SeniorReviewIn(BaseModel):
    agreed: bool | None = None
    notes: str = ""


class FollowUpIn(BaseModel):
    sequence: int = 0
    confirmed: bool | None = None
    notes: str = ""


class ReasonIn(BaseModel):
    reason: str = ""


class ConsentIn(BaseModel):
    given_by: str = ""
    giver_name: str = ""
    given: bool | None = None
    on: date | None = None


class MeetingIn(BaseModel):
    local_authority: str = ""
    held_on: date | None = None
    members: list[dict[str, Any]] = Field(default_factory=list)


class PanelDecisionIn(BaseModel):
    case_id: str = ""
    decision: str = ""
    rationale: str = ""


class VafIn(BaseModel):
    assessed_on: date | None = None
    factors: dict[str, dict[str, Any]] = Field(default_factory=dict)
    summary: str = ""


class InterventionIn(BaseModel):
    kind: str = ""
    provider: str = ""
    started_on: date | None = None
    notes: str = ""


class ReviewIn(BaseModel):
    kind: str = ""
    sequence: int = 0
    held_on: date | None = None
    outcome: str = ""


class ExitIn(BaseModel):
    exited_on: date | None = None
    reason: str = ""


class EscalationIn(BaseModel):
    applicant_agency: str = ""
    court: str = ""
    reasons: str = ""


class SampleIn(BaseModel):
    start: date | None = None
    end: date | None = None


class AccessRequestIn(BaseModel):
    justification: str = ""


class GrantIn(BaseModel):
    grant: bool | None = None
