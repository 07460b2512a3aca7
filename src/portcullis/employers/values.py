"""Value types shared by the employers rules, services, pages and API (no I/O, no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Breach = Literal["first", "repeat"]
Rating = Literal["A", "B"]
LicenceStatus = Literal["active", "suspended", "revoked", "surrendered"]
CosKind = Literal["defined", "undefined"]
SalaryCategory = Literal["general", "new_entrant", "health_and_care"]
ChangeKind = Literal["worker", "organisation"]
CheckMethod = Literal["list_a", "list_b", "share_code", "idvt"]

ROUTES = ("skilled-worker", "global-business-mobility", "scale-up", "temporary-worker", "health-and-care")
SECTORS = (
    "care",
    "hospitality",
    "construction",
    "retail",
    "agriculture",
    "technology",
    "education",
    "manufacturing",
    "other",
)
REGIONS = (
    "London",
    "South East",
    "South West",
    "East of England",
    "West Midlands",
    "East Midlands",
    "Yorkshire and the Humber",
    "North West",
    "North East",
    "Wales",
    "Scotland",
    "Northern Ireland",
)

# Immigration officer ranks, lowest first: a closure notice needs at least the rank set by a parameter.
RANKS = (
    "immigration_officer",
    "chief_immigration_officer",
    "immigration_inspector",
    "assistant_director",
    "director",
)
RANK_LABELS = {
    "immigration_officer": "Immigration officer",
    "chief_immigration_officer": "Chief immigration officer",
    "immigration_inspector": "Immigration inspector",
    "assistant_director": "Assistant director",
    "director": "Director",
}

# Revocation grounds as the sponsor guidance groups them (Annex C1 mandatory, C2 and C3 discretionary).
REVOCATION_GROUNDS = {
    "C1-false-information": ("mandatory", "Annex C1: the sponsor provided false information or documents"),
    "C1-no-longer-operating": (
        "mandatory",
        "Annex C1: the sponsor has stopped trading or operating lawfully",
    ),
    "C1-civil-penalty-unpaid": ("mandatory", "Annex C1: illegal working civil penalty or conviction"),
    "C1-action-plan-failed": ("mandatory", "Annex C1: the sponsor did not meet its action plan"),
    "C2-reporting-failures": ("discretionary", "Annex C2: failure to report changes within the deadlines"),
    "C2-charging-workers": ("discretionary", "Annex C2: passing sponsorship costs on to workers"),
    "C3-record-keeping": ("discretionary", "Annex C3: records not kept as Appendix D requires"),
}


class EmployersError(ValueError):
    """Bad input or a refused action: names the field and the reason; nothing is saved."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class RightToWorkCheck:
    """How an employer checked one worker's right to work, for the statutory excuse."""

    method: CheckMethod | None  # None: no check was done
    checked_on: date | None = None
    employment_started_on: date | None = None
    permission_ends_on: date | None = None  # List B documents or time-limited permission
    follow_up_done_on: date | None = None
    idvt_certified_provider: bool = False
    showed_right_to_work: bool = True  # False: the check itself found no right to work
    record_id: str | None = None  # a right-to-work check made in Portcullis, when that is the check


# How an employer may have checked, as the referral form and the API name them ("record": a Portcullis check).
EXCUSE_METHODS = {
    "list_a": "Manual check of a List A document",
    "list_b": "Manual check of a List B document (time-limited)",
    "share_code": "Home Office online check with a share code",
    "idvt": "IDVT check by a certified identity service provider",
    "idvt_uncertified": "IDVT check by a provider that is not certified",
    "record": "A right-to-work check made in Portcullis",
}


@dataclass(frozen=True)
class ExcuseClaim:
    """What the officer records on referral for one illegal worker: whether the employer holds a check, and
    which. `prefix` is how errors name this worker's fields (the form's `w1-`, the API's `excuses[0].`)."""

    person_id: str
    method: str | None = None  # a key of EXCUSE_METHODS, or None: the employer holds no check
    checked_on: date | None = None
    employment_started_on: date | None = None
    permission_ends_on: date | None = None
    follow_up_done_on: date | None = None
    record_id: str | None = None
    prefix: str = ""
