"""What comes in and goes out of the returns API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class CaseIn(BaseModel):
    person_id: str
    category: str
    team: str = "national-returns-command"


class LiabilityIn(BaseModel):
    decided_on: date
    basis: str = Field(min_length=1)


class BarrierIn(BaseModel):
    kind: str
    raised_on: date


class DirectionsIn(BaseModel):
    directions_on: date


class ReturnIn(BaseModel):
    return_type: str
    destination: str = Field(min_length=3, max_length=3)
    returned_on: date


class BarrierOut(BaseModel):
    id: int
    kind: str
    raised_on: date
    resolved_on: date | None


class CaseOut(BaseModel):
    id: str
    person_id: str
    category: str
    stage: str
    liability_decided_on: date | None
    travel_document: str
    removal_directions_on: date | None
    detained: bool
    outcome: str | None
    return_type: str | None
    barriers: list[BarrierOut]


class RemovalOrderIn(BaseModel):
    person_id: str
    kind: str
    made_on: date
    reason: str
    case_id: str | None = None


class FlightIn(BaseModel):
    kind: str
    reference: str
    destinations: list[str]
    departs_on: date
    capacity: int
    escorts: int = 0


class ManifestEntryOut(BaseModel):
    case_id: str
    status: str
    reason: str | None


class FlightOut(BaseModel):
    id: str
    kind: str
    reference: str
    destinations: list[str]
    departs_on: date
    capacity: int
    escorts: int
    status: str
    booked: int
    manifest: list[ManifestEntryOut]


class MemberIn(BaseModel):
    person_id: str
    role: str
    since: date | None = None


class NetworkIn(BaseModel):
    name: str
    countries: list[str] = Field(default_factory=list)
    activities: list[str] = Field(default_factory=list)


class DisruptionIn(BaseModel):
    kind: str
    on: date
    person_id: str | None = None
    country: str = "GBR"
    partner: str | None = None
    operation_id: str | None = None
    sentence_months: int | None = None
    details: str = ""


class DatedIn(BaseModel):
    on: date


class CloseIn(BaseModel):
    outcome: str
    on: date


class RevokeIn(BaseModel):
    on: date
    reason: str = Field(min_length=1)


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1)


class DepartureIn(BaseModel):
    on: date
    disrupted: dict[str, str] = Field(default_factory=dict, description="case id -> why they did not fly")


class LinkIn(BaseModel):
    person_a: str
    person_b: str
    kind: str
    source: str = ""


class OperationIn(BaseModel):
    name: str
    partners: list[str]
    started_on: date
    network_id: str | None = None
    summary: str = ""


class PartnershipIn(BaseModel):
    country: str
    title: str
    kind: str
    signed_on: date
    purpose: str
    source: str
    amount_pence: int | None = None
    status: str = "agreed"
