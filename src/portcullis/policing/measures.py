"""The standardised performance measures: one definition per measure (numerator, denominator, period), so
every force is measured the same way. Value types only; the figures are computed in service.py."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Measure:
    code: str
    title: str
    numerator: str
    denominator: str | None  # None: a count, not a rate
    period: str
    scale: int  # 100: a percentage; 1000 / 100000: a rate per that many; 1: a plain ratio or count
    unit: str
    higher_is_better: bool
    source: str  # the import KIND that feeds it

    def value(self, numerator: Decimal, denominator: Decimal | None) -> Decimal | None:
        """The measure from summed numerator and denominator; None where the denominator is zero."""
        if self.denominator is None:
            return numerator
        if not denominator:
            return None
        return numerator / denominator * self.scale


MONTH = "calendar month (of the call, incident or record)"
MEASURES: tuple[Measure, ...] = (
    Measure(
        "calls_999_within_10s",
        "999 calls answered within 10 seconds",
        "999 calls answered within 10 seconds",
        "999 calls answered",
        MONTH,
        100,
        "%",
        True,
        "999",
    ),
    Measure(
        "calls_999_mean_answer",
        "Mean 999 answer time",
        "total seconds to answer (mean answer time x calls answered)",
        "999 calls answered",
        MONTH,
        1,
        "seconds",
        False,
        "999",
    ),
    Measure(
        "emergency_attendance_within_standard",
        "Emergency incidents attended within the standard",
        "emergency incidents attended within the standard for their area (15 min urban, 20 min rural)",
        "emergency incidents reported (not attended counts as outside the standard)",
        MONTH,
        100,
        "%",
        True,
        "incidents",
    ),
    Measure(
        "emergency_attendance_mean",
        "Mean emergency attendance time",
        "total minutes from call to arrival, emergency incidents attended",
        "emergency incidents attended",
        MONTH,
        1,
        "minutes",
        False,
        "incidents",
    ),
    Measure(
        "frontline_time",
        "Officer time on the frontline",
        "officer hours on frontline duties",
        "officer hours worked",
        MONTH,
        100,
        "%",
        True,
        "measures",
    ),
    Measure(
        "vawg_charge_rate",
        "Violence against women and girls: charge or summons rate",
        "VAWG offences with a charge or summons outcome",
        "VAWG offences recorded",
        MONTH,
        100,
        "%",
        True,
        "measures",
    ),
    Measure(
        "knife_crime_rate",
        "Knife or sharp instrument offences per 100,000 people",
        "knife or sharp instrument offences recorded",
        "resident population",
        MONTH,
        100000,
        "per 100,000",
        False,
        "measures",
    ),
    Measure(
        "child_sexual_abuse_recorded",
        "Child sexual abuse offences recorded per 1,000 children",
        "child sexual abuse offences recorded",
        "resident population under 18",
        MONTH,
        1000,
        "per 1,000 children",
        True,
        "measures",
    ),
    Measure(
        "misconduct_rate",
        "Misconduct cases opened per 1,000 officers",
        "misconduct cases opened",
        "police officers (headcount)",
        MONTH,
        1000,
        "per 1,000 officers",
        False,
        "measures",
    ),
    Measure(
        "vetting_refusal_rate",
        "Vetting applications refused",
        "vetting applications refused",
        "vetting decisions made",
        MONTH,
        100,
        "%",
        False,
        "measures",
    ),
    Measure(
        "disciplinary_dismissal_rate",
        "Disciplinary cases ending in dismissal",
        "officers dismissed after disciplinary proceedings",
        "disciplinary cases concluded",
        MONTH,
        100,
        "%",
        False,
        "measures",
    ),
    Measure(
        "neighbourhood_workforce",
        "Neighbourhood officers, PCSOs and special constables",
        "neighbourhood officers + PCSOs + special constables in post at month end",
        None,
        MONTH,
        1,
        "people",
        True,
        "neighbourhood",
    ),
    Measure(
        "named_officer_coverage",
        "Neighbourhoods with a named, contactable officer",
        "neighbourhoods with a named, contactable officer",
        "neighbourhoods",
        MONTH,
        100,
        "%",
        True,
        "neighbourhood",
    ),
    Measure(
        "queries_answered_72h",
        "Neighbourhood queries answered within 72 hours",
        "neighbourhood queries answered within 72 hours",
        "neighbourhood queries received",
        MONTH,
        100,
        "%",
        True,
        "neighbourhood",
    ),
)
BY_CODE = {m.code: m for m in MEASURES}
# Measures imported through the generic `measures` KIND (a numerator and a denominator per force and month).
GENERIC = tuple(m.code for m in MEASURES if m.source == "measures")


def get(code: str) -> Measure:
    return BY_CODE[code]
