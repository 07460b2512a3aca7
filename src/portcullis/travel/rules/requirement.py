"""Who needs an ETA on a date: nationality groups, the rollout, exemptions and held permissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portcullis.core.policy import ParameterValue, Snapshot

RULES_VERSION = "travel-rules-2026.11.1"

BRITISH_OR_IRISH = frozenset({"GBR", "IRL"})
BOTC = "GBD"
HOLDS_CHOICES = ("visa", "evisa", "uk-status")
APPENDIX_ETA = "Immigration Rules, Appendix Electronic Travel Authorisation"


class RuleError(ValueError):
    """The rules cannot answer for these facts; names the field and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    reference: str = APPENDIX_ETA

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text, "reference": self.reference}


@dataclass(frozen=True)
class Requirement:
    required: bool
    can_apply: bool
    basis: str  # british-or-irish, exempt, eta, visa-national, holds-permission, not-yet-required
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...] = ()
    apply_from: date | None = None
    required_from: date | None = None

    def as_dict(self) -> dict[str, Any]:
        refs: list[dict[str, str | None]] = []
        for pv in self.used:
            for ref in pv.references:
                if ref.as_dict() not in refs:
                    refs.append(ref.as_dict())
        return {
            "required": self.required,
            "can_apply": self.can_apply,
            "basis": self.basis,
            "reasons": list(self.reasons),
            "references": refs,
            "apply_from": self.apply_from.isoformat() if self.apply_from else None,
            "required_from": self.required_from.isoformat() if self.required_from else None,
        }


def rollout_groups(snapshot: Snapshot) -> tuple[dict[str, Any], ParameterValue | None]:
    found = snapshot.maybe("travel.eta.rollout")
    if found is None or found.value is None:
        return {}, found
    return dict(found.value), found


def classify(nationality: str, snapshot: Snapshot) -> tuple[str, str | None, list[ParameterValue]]:
    """('british-or-irish' | 'botc' | 'visa' | 'eta-group' | 'unclassified', group, parameters used)."""
    if nationality in BRITISH_OR_IRISH:
        return "british-or-irish", None, []
    if nationality == BOTC:
        return "botc", None, []
    used: list[ParameterValue] = []
    visa = snapshot.maybe("travel.nationalities.visa_nationals")
    if visa is not None and visa.value is not None:
        used.append(visa)
        if nationality in visa.value:
            return "visa", None, used
    groups = snapshot.maybe("travel.nationalities.eta_groups")
    if groups is not None and groups.value is not None:
        used.append(groups)
        for group, members in groups.value.items():
            if nationality in members:
                return "eta-group", group, used
    return "unclassified", None, used


def _one_citizenship(
    nationality: str,
    *,
    on: date,
    snapshot: Snapshot,
    holds: str | None,
    irish_resident: bool,
    airside_transit: bool,
) -> Requirement:
    kind, group, used = classify(nationality, snapshot)
    if kind == "british-or-irish":
        return Requirement(
            False,
            False,
            "british-or-irish",
            ("British and Irish citizens do not need permission to travel to the UK.",),
        )
    exempt = snapshot.maybe("travel.eta.exempt_categories")
    if exempt is None or exempt.value is None:
        return Requirement(
            False, False, "not-yet-required", (f"There was no ETA scheme on {on.isoformat()}.",), tuple(used)
        )
    used.append(exempt)
    if kind == "botc":
        return Requirement(
            False,
            False,
            "exempt",
            (exempt.value["british-overseas-territories-citizen"] + " do not need an ETA.",),
            tuple(used),
        )
    if holds is not None:
        if holds not in HOLDS_CHOICES:
            raise RuleError("holds", f"must be one of {', '.join(HOLDS_CHOICES)}")
        what = {
            "visa": "a visa or entry clearance",
            "evisa": "an eVisa",
            "uk-status": "UK immigration status",
        }
        return Requirement(
            False,
            False,
            "holds-permission",
            (f"You already hold {what[holds]}: it is your permission to travel, so you do not need an ETA.",),
            tuple(used),
        )
    if kind == "visa":
        return Requirement(
            True,
            False,
            "visa-national",
            (
                f"Nationals of {nationality} are visa nationals: you need a visa to come to the UK, "
                "not an ETA.",
            ),
            tuple(used),
        )
    if kind == "unclassified":
        raise RuleError(
            "nationality",
            f"{nationality} is on neither the ETA-eligible nor the visa national list "
            f"in force on {on.isoformat()}; a caseworker must confirm what applies",
        )
    if irish_resident:
        return Requirement(
            False,
            False,
            "exempt",
            (exempt.value["irish-resident-cta"] + " do not need an ETA.",),
            tuple(used),
        )
    if airside_transit and "airside-transit" in exempt.value:
        return Requirement(
            False,
            False,
            "exempt",
            (exempt.value["airside-transit"] + " do not need an ETA.",),
            tuple(used),
        )
    rollout, rollout_used = rollout_groups(snapshot)
    if rollout_used is not None:
        used.append(rollout_used)
    dates = rollout.get(group or "")
    if dates is None:
        return Requirement(
            False,
            False,
            "not-yet-required",
            (
                f"On {on.isoformat()} the ETA scheme is not open to nationals of {nationality}: "
                "you do not need an ETA for that journey and cannot apply for one yet.",
            ),
            tuple(used),
        )
    apply_from, required_from = dates["apply_from"], dates["required_from"]
    if on < required_from:
        return Requirement(
            False,
            apply_from <= on,
            "not-yet-required",
            (
                f"Nationals of {nationality} need an ETA for journeys from "
                f"{required_from.isoformat()}; you can apply from {apply_from.isoformat()}.",
            ),
            tuple(used),
            apply_from,
            required_from,
        )
    reasons = [
        f"Nationals of {nationality} need an ETA to travel to the UK from {required_from.isoformat()}."
    ]
    if airside_transit:
        reasons.append("The airside transit exemption is not in force on that date.")
    return Requirement(True, True, "eta", tuple(reasons), tuple(used), apply_from, required_from)


# The most favourable answer wins when a traveller holds several citizenships (they choose the passport).
_PREFERENCE = ("british-or-irish", "exempt", "holds-permission", "not-yet-required", "eta", "visa-national")


def requirement(
    *,
    nationality: str,
    on: date,
    snapshot: Snapshot,
    other_citizenships: tuple[str, ...] = (),
    holds: str | None = None,
    irish_resident: bool = False,
    airside_transit: bool = False,
    long_stay_or_work: bool = False,
) -> Requirement:
    """Does this traveller need an ETA for a journey arriving `on`? `snapshot` must be `policy.at(on)`."""
    if snapshot.on != on:
        raise RuleError("on", "the policy snapshot must be taken on the arrival date")
    answers = []
    for code in (nationality, *other_citizenships):
        try:
            answers.append(
                _one_citizenship(
                    code,
                    on=on,
                    snapshot=snapshot,
                    holds=holds,
                    irish_resident=irish_resident,
                    airside_transit=airside_transit,
                )
            )
        except RuleError:
            if code == nationality and not other_citizenships:
                raise
    if not answers:
        raise RuleError("nationality", "none of the citizenships given is on the lists in force")
    best = min(answers, key=lambda r: _PREFERENCE.index(r.basis))
    if long_stay_or_work and best.basis not in ("british-or-irish", "holds-permission"):
        stay = snapshot.maybe("travel.eta.max_stay_months")
        months = stay.value if stay is not None else 6
        return Requirement(
            True,
            False,
            "visa-national",
            (
                f"An ETA covers visits, transit and short study of up to {months} months; to work or "
                "stay longer you need a visa.",
            ),
            best.used + ((stay,) if stay else ()),
        )
    if len(other_citizenships) and best.basis in ("british-or-irish", "exempt", "eta", "not-yet-required"):
        return Requirement(
            best.required,
            best.can_apply,
            best.basis,
            (*best.reasons, "With several citizenships, travel on the passport this answer is for."),
            best.used,
            best.apply_from,
            best.required_from,
        )
    return best
