"""Checking what is screened or listed: names, partial dates of birth, nationalities and identifiers.

Bad input raises `ScreeningInputError` naming the field and the reason, before anything is saved."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import pycountry

from portcullis.core.parties import PartyError, parse_partial_date
from portcullis.screening.names import normalise

# ICAO Doc 9303 codes that are not ISO 3166 alpha-3 country codes.
ICAO_EXTRA = {
    "D": "DEU",
    "GBD": "GBD",
    "GBN": "GBN",
    "GBO": "GBO",
    "GBP": "GBP",
    "GBS": "GBS",
    "UNO": "UNO",
    "UNA": "UNA",
    "UNK": "UNK",
    "RKS": "RKS",
    "EUE": "EUE",
    "XXA": "XXA",
    "XXB": "XXB",
    "XXC": "XXC",
    "XXX": "XXX",
    "XOM": "XOM",
    "XPO": "XPO",
}
MAX_NAME_LENGTH = 300
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


class ScreeningInputError(ValueError):
    """One or more fields are wrong; `errors` lists {"field", "reason"}."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['field']}: {e['reason']}" for e in errors))


def check_name(name: str, field: str, *, organisation: bool = False) -> list[dict[str, str]]:
    text = (name or "").strip()
    if not text:
        return [{"field": field, "reason": "is empty"}]
    if len(text) > MAX_NAME_LENGTH:
        return [{"field": field, "reason": f"is longer than {MAX_NAME_LENGTH} characters"}]
    if not LETTER.search(text):
        return [{"field": field, "reason": "has no letters"}]
    if not normalise(text, organisation=organisation).parts:
        return [{"field": field, "reason": "has no letters that can be written in Latin script"}]
    return []


# A few hundred codes in all, and pycountry's look-up costs more than the rest of a subject's check.
@lru_cache(maxsize=4096)
def normalise_country(code: str) -> str | None:
    """ISO 3166 alpha-3 (or an ICAO code) in upper case, or None when unknown. Alpha-2 codes are accepted."""
    text = code.strip().upper()
    if text in ICAO_EXTRA:
        return ICAO_EXTRA[text]
    found = None
    if len(text) == 3:
        found = pycountry.countries.get(alpha_3=text)
    elif len(text) == 2:
        found = pycountry.countries.get(alpha_2=text)
    return found.alpha_3 if found is not None else None


def check_date_of_birth(
    value: str | None, field: str, *, today: date
) -> tuple[str | None, list[dict[str, str]]]:
    if value is None or not str(value).strip():
        return None, []
    try:
        return parse_partial_date(str(value), field=field, today=today), []
    except PartyError as exc:
        return None, [{"field": field, "reason": str(exc).split(": ", 1)[-1]}]


def check_nationalities(
    values: list[str] | tuple[str, ...], field: str
) -> tuple[list[str], list[dict[str, str]]]:
    codes: list[str] = []
    errors: list[dict[str, str]] = []
    for value in values:
        code = normalise_country(value)
        if code is None:
            errors.append({"field": field, "reason": f"{value!r} is not an ISO 3166 or ICAO country code"})
        elif code not in codes:
            codes.append(code)
    return codes, errors
