"""What the carrier API takes and gives (Pydantic). The answer codes are documented in the OpenAPI spec."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from portcullis.travel.carrier_rules import CARRIER_CODES

CODES_DOC = "Answer codes: " + "; ".join(f"{code} - {text}" for code, text in CARRIER_CODES.items())


class PassengerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document_number: str = Field(min_length=1, max_length=20, description="Passport number as in the MRZ.")
    issuing_state: str = Field(min_length=1, max_length=3, description="ICAO/ISO 3166 alpha-3 code, or D.")
    nationality: str = Field(
        min_length=1, max_length=3, description="ICAO/ISO 3166 alpha-3 code, or D, GBD..."
    )
    date_of_birth: date
    given_names: str = Field(default="", max_length=200)
    family_name: str = Field(min_length=1, max_length=200)
    document_expiry: date | None = Field(default=None, description="Passport expiry, if read from the MRZ.")


class ManifestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flight: str = Field(
        min_length=2, max_length=12, description="Carrier code and flight, voyage or train number."
    )
    travel_date: date = Field(description="Date of arrival in the UK.")
    route_from: str = Field(min_length=3, max_length=5, description="Port of departure (IATA or UN/LOCODE).")
    route_to: str = Field(min_length=3, max_length=5, description="UK port of arrival (IATA or UN/LOCODE).")
    passengers: list[PassengerIn] = Field(
        min_length=1, max_length=1000, description="Up to 1,000 passengers."
    )


class PassengerOut(BaseModel):
    index: int = Field(description="Position of the passenger in the request.")
    document_number: str
    status: Literal["OK", "NO_BOARD", "CHECK_DOCUMENTS"] = Field(description=CODES_DOC)
    code: str = Field(description=CODES_DOC)
    basis: Literal["british-or-irish", "eta", "evisa", "visa", "exempt"] | None = Field(
        description="For OK answers: why the passenger may board. Never given for other answers."
    )
    message: str


class ManifestOut(BaseModel):
    flight: str
    travel_date: date
    checked_at: datetime
    passengers: list[PassengerOut]


class ErrorItem(BaseModel):
    field: str
    reason: str


class ErrorOut(BaseModel):
    detail: str
    errors: list[ErrorItem] = []
