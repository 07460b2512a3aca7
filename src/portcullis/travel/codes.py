"""Nationality and issuing-state codes: ISO 3166-1 alpha-3 (pycountry) plus ICAO's own MRZ codes, which live
in the parameter `travel.nationalities.icao_codes` (e.g. `D` for Germany, `GBD` for British Overseas
Territories citizens). Everything the travel domain stores is normalised here first."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import pycountry

from portcullis.core import policy


class CodeError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@lru_cache(maxsize=1)
def _icao_codes() -> dict[str, dict[str, str | None]]:
    # ICAO's codes are not dated in practice; read the one entry in force today-ish (any recent date works).
    return dict(policy.at(date(2025, 1, 1)).get("travel.nationalities.icao_codes"))


def normalise(code: str, *, field: str = "nationality") -> str:
    """An ICAO or ISO code, upper-cased, with MRZ filler removed; `D` becomes `DEU`. Raises CodeError."""
    cleaned = code.strip().upper().replace("<", "")
    if not cleaned:
        raise CodeError(field, "enter a 3-letter nationality code, for example USA or FRA")
    icao = _icao_codes().get(cleaned)
    if icao is not None:
        iso3 = icao.get("iso3")
        return iso3 if iso3 else cleaned
    if len(cleaned) == 3 and cleaned.isalpha() and pycountry.countries.get(alpha_3=cleaned) is not None:
        return cleaned
    raise CodeError(field, f"{code.strip()!r} is not an ISO 3166-1 alpha-3 or ICAO nationality code")


def label(code: str) -> str:
    """A readable name for a normalised code."""
    icao = _icao_codes().get(code)
    if icao is not None:
        return str(icao.get("label") or code)
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def is_specimen(code: str) -> bool:
    return code == "UTO"


def choices() -> list[tuple[str, str]]:
    """(code, name) pairs for nationality pickers, sorted by name; excludes ICAO's specimen state."""
    found = {c.alpha_3: label(c.alpha_3) for c in pycountry.countries}
    for code, meta in _icao_codes().items():
        if (
            meta.get("iso3") is None
            and not is_specimen(code)
            and code not in {"EUE", "XPO", "XOM", "UNO", "UNA"}
        ):
            found[code] = str(meta.get("label"))
    return sorted(found.items(), key=lambda pair: pair[1])
