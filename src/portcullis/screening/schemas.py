"""What the screening API takes and gives."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class MatchRequest(BaseModel):
    kind: Literal["person", "organisation"] = "person"
    names: list[str] = Field(
        min_length=1, max_length=20, description="Full names in any script; first is primary."
    )
    date_of_birth: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    nationalities: list[str] = Field(default_factory=list, max_length=10)
    identifiers: list[str] = Field(default_factory=list, max_length=10)
    lists: list[str] | None = None
    use: Literal["eta", "carrier", "employer", "prevent", "general"] | None = Field(
        default=None, description="When given, only candidates at or above that use's threshold are returned."
    )
    limit: int = Field(default=10, ge=1, le=100)
    justification: str = Field(
        min_length=3, max_length=500, description="Why the lists are searched (audited)."
    )


class Candidate(BaseModel):
    entry_id: str
    list: str
    reason_code: str
    name: str
    score: float
    explanation: dict[str, Any]


class MatchResponse(BaseModel):
    candidates: list[Candidate]
    threshold: dict[str, Any] | None = None
