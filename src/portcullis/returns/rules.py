"""The rules of removal casework, flights and the returns statistics: pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from portcullis.core.policy import Snapshot

CATEGORIES = {
    "foreign-national-offender": "Foreign national offender",
    "refused-asylum-seeker": "Refused asylum seeker",
    "overstayer": "Overstayer",
    "illegal-worker": "Illegal worker",
    "illegal-entrant": "Illegal entrant",
}
STAGES = {
    "awaiting-liability-decision": "Awaiting a liability decision",
    "travel-document": "Obtaining a travel document",
    "barrier": "Barrier to removal",
    "ready": "Ready for removal",
    "removal-directions": "Removal directions set",
    "returned": "Returned",
    "closed": "Closed without return",
}
BARRIERS = {
    "further-submissions": "Further submissions",
    "judicial-review": "Judicial review",
    "asylum-claim": "New asylum or human rights claim",
    "medical": "Medical or fitness to fly",
    "appeal": "Appeal pending",
    "other": "Other",
}
OUTCOMES = {
    "returned": "Returned",
    "released": "Released from detention, case continues elsewhere",
    "granted-leave": "Granted leave to remain",
    "absconded": "Absconded",
}
TRAVEL_DOCUMENT_STATES = ("none", "requested", "obtained", "refused")
DISRUPTION_KINDS = {
    "arrest": "Arrest",
    "charge": "Charge",
    "conviction": "Conviction",
    "extradition": "Extradition",
    "scpo-application": "Serious Crime Prevention Order application",
    "asset-seizure": "Asset seizure",
}
MEMBER_ROLES = {
    "leader": "Leader",
    "organiser": "Organiser",
    "facilitator": "Facilitator",
    "recruiter": "Recruiter",
    "driver": "Driver or pilot",
    "money-handler": "Money handler",
    "document-forger": "Document forger",
    "associate": "Associate",
}
RETURN_TYPES_PARAM = "returns.statistics.return_types"
AGE_BANDS_PARAM = "returns.statistics.age_bands"
REGIONS_PARAM = "returns.statistics.regions"
STAT_TABLES = {
    "Ret_D01": (
        "Returns by nationality, return type group and return type",
        ["nationality", "region", "return_type_group", "return_type"],
    ),
    "Ret_D02": (
        "Returns by nationality, return type group, age and sex",
        ["nationality", "region", "return_type_group", "age_band", "sex"],
    ),
    "Ret_D03": (
        "Returns by nationality, return type group and return destination group",
        ["nationality", "region", "return_type_group", "destination_group"],
    ),
    "Ret_D04": (
        "Foreign national offender returns by nationality and return type group",
        ["nationality", "region", "return_type_group"],
    ),
}


@dataclass(frozen=True)
class Violation:
    field: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason}


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about a case."""

    liability_decided_on: date | None
    travel_document: str
    open_barriers: Sequence[str] = field(default_factory=tuple)
    removal_directions_on: date | None = None
    outcome: str | None = None
    return_type: str | None = None


def stage_of(case: CaseFacts) -> str:
    """The stage follows from the facts, so it can never disagree with them."""
    if case.outcome == "returned":
        return "returned"
    if case.outcome is not None:
        return "closed"
    if case.liability_decided_on is None:
        return "awaiting-liability-decision"
    if case.open_barriers:
        return "barrier"
    if case.removal_directions_on is not None:
        return "removal-directions"
    if case.travel_document == "obtained":
        return "ready"
    return "travel-document"


def removal_directions_violations(case: CaseFacts, *, on: date, directions_on: date) -> list[Violation]:
    """Removal directions need a liability decision, a travel document and no open barrier."""
    found = []
    if case.liability_decided_on is None:
        found.append(Violation("liability_decided_on", "there is no liability decision: make one first"))
    elif directions_on < case.liability_decided_on:
        found.append(Violation("directions_on", "removal cannot be set before the liability decision"))
    if case.travel_document != "obtained":
        found.append(Violation("travel_document", "no travel document has been obtained"))
    if case.open_barriers:
        found.append(
            Violation("barriers", "resolve the open barriers first: " + ", ".join(case.open_barriers))
        )
    if directions_on < on:
        found.append(Violation("directions_on", "removal directions cannot be set in the past"))
    if case.outcome is not None:
        found.append(Violation("outcome", "the case is already closed"))
    return found


def return_violations(case: CaseFacts, *, return_type: str, snapshot: Snapshot) -> list[Violation]:
    """A return is recorded only on a case with a liability decision, of a known type."""
    found = []
    types = snapshot.get(RETURN_TYPES_PARAM)
    if return_type not in types:
        found.append(Violation("return_type", f"unknown return type; choose one of: {', '.join(types)}"))
    group = types.get(return_type)
    if case.liability_decided_on is None and group == "Enforced return":
        found.append(Violation("liability_decided_on", "an enforced return needs a liability decision"))
    if case.outcome is not None:
        found.append(Violation("outcome", "the case is already closed"))
    return found


@dataclass(frozen=True)
class FlightFacts:
    status: str
    capacity: int
    booked: int
    destinations: Sequence[str]
    departs_on: date


def manifest_violations(
    flight: FlightFacts, case: CaseFacts, *, destination: str | None, already_on: bool
) -> list[Violation]:
    found = []
    if flight.status != "planned":
        found.append(
            Violation("flight", f"the flight is {flight.status}: only planned flights take bookings")
        )
    if flight.booked >= flight.capacity:
        found.append(Violation("capacity", f"the flight is full ({flight.capacity} seats)"))
    if already_on:
        found.append(Violation("case_id", "the person is already on this flight's manifest"))
    stage = stage_of(case)
    if stage not in ("ready", "removal-directions"):
        found.append(Violation("case_id", f"the case is not ready for removal ({STAGES[stage].lower()})"))
    if destination and destination not in flight.destinations:
        found.append(Violation("destination", "the flight does not go to the person's destination"))
    return found


def age_band(date_of_birth: str | None, on: date, snapshot: Snapshot) -> str:
    """The published age band on the date of return; unknown or partial dates count as 'Unknown'."""
    if not date_of_birth or len(date_of_birth) < 4:
        return "Unknown"
    year = int(date_of_birth[:4])
    if len(date_of_birth) == 10:
        month, day = int(date_of_birth[5:7]), int(date_of_birth[8:10])
        return _band(on.year - year - ((on.month, on.day) < (month, day)), snapshot)
    # Year (or year and month) only: the person is one of two ages; count the band only if both agree.
    youngest, oldest = _band(on.year - year - 1, snapshot), _band(on.year - year, snapshot)
    return youngest if youngest == oldest else "Unknown"


def _band(age: int, snapshot: Snapshot) -> str:
    label = "Unknown"
    for lower, name in snapshot.get(AGE_BANDS_PARAM):
        if age >= lower:
            label = name
    return label


def region_of(nationality: str, snapshot: Snapshot) -> str:
    return str(snapshot.get(REGIONS_PARAM).get(nationality, "Other"))


def destination_group(nationality: str, destination: str) -> str:
    return "Country of nationality" if destination == nationality else "Other country"


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(year: int, quarter: int) -> str:
    return f"{year} Q{quarter}"


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First day of the quarter and first day of the next one."""
    start = date(year, 3 * (quarter - 1) + 1, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end


def statistics_request_violations(*, year: int, quarter: int | None, today: date) -> list[Violation]:
    found = []
    if quarter is not None and quarter not in (1, 2, 3, 4):
        found.append(Violation("quarter", "must be 1, 2, 3 or 4"))
        return found
    if year < 2004:
        found.append(Violation("year", "the published series starts in 2004"))
    current = quarter_of(today)
    asked = (year, quarter or 1)
    if asked > current:
        label = quarter_label(year, quarter) if quarter else str(year)
        found.append(Violation("quarter" if quarter else "year", f"{label} is in the future"))
    return found


def disruption_violations(
    kind: str, *, sentence_months: int | None, person_id: str | None, on: date, today: date
) -> list[Violation]:
    found = []
    if kind not in DISRUPTION_KINDS:
        found.append(Violation("kind", f"choose one of: {', '.join(DISRUPTION_KINDS)}"))
    if kind in ("arrest", "charge", "conviction", "extradition", "scpo-application") and not person_id:
        found.append(Violation("person_id", f"a {DISRUPTION_KINDS.get(kind, kind).lower()} names a person"))
    if kind == "conviction" and (sentence_months is None or sentence_months < 0):
        found.append(Violation("sentence_months", "a conviction records the sentence in months (0 if none)"))
    if kind != "conviction" and sentence_months is not None:
        found.append(Violation("sentence_months", "only a conviction has a sentence"))
    if on > today:
        found.append(Violation("on", "the date is in the future"))
    return found
