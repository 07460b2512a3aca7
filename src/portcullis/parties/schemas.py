"""What comes in and goes out of the people and organisations API."""

from __future__ import annotations

from datetime import date

import pycountry
from pydantic import BaseModel, Field, field_validator


def _country(code: str) -> str:
    code = code.strip().upper()
    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-3 country code")
    return code


class DocumentIn(BaseModel):
    doc_type: str = Field(
        default="passport", pattern=r"^(passport|national-id|residence-permit|travel-document)$"
    )
    number: str = Field(min_length=3, max_length=40)
    issuing_state: str
    expiry: date | None = None

    _state = field_validator("issuing_state")(classmethod(lambda cls, v: _country(v)))


class PersonIn(BaseModel):
    given_names: str = Field(default="", max_length=200)
    family_name: str = Field(min_length=1, max_length=200)
    date_of_birth: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")
    sex: str | None = Field(default=None, pattern=r"^[MFX]$")
    nationalities: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    documents: list[DocumentIn] = Field(default_factory=list)

    @field_validator("nationalities")
    @classmethod
    def _nationalities(cls, value: list[str]) -> list[str]:
        return [_country(v) for v in value]

    @field_validator("family_name")
    @classmethod
    def _family_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("enter a family name")
        return value.strip()


class DocumentOut(BaseModel):
    doc_type: str
    number: str
    issuing_state: str
    expiry: date | None


class PersonOut(BaseModel):
    id: str
    given_names: str
    family_name: str
    date_of_birth: str | None
    sex: str | None
    nationalities: list[str]
    aliases: list[str]
    documents: list[DocumentOut]


class OrganisationOut(BaseModel):
    id: str
    name: str
    company_number: str | None
    addresses: list[str]
    director_ids: list[str]
