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
