"""The law of travel permission as pure functions: who needs an ETA, how long one lasts, what it costs,
the refusal grounds of Appendix ETA 2.2, and the automatic decision. Values in, a result with its reasons
and the dated parameters it used out. No I/O, no clock, no database: callers pass `on` and a snapshot."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
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


@dataclass(frozen=True)
class Validity:
    valid_from: date
    valid_until: date
    capped_by_passport: bool
    used: tuple[ParameterValue, ...]


def add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a non-leap year
        return start.replace(year=start.year + years, day=28)


def add_months(start: date, months: int) -> date:
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def validity(*, granted: date, passport_expiry: date, snapshot: Snapshot) -> Validity:
    """An ETA lasts until the earlier of the grant plus the validity period and the passport's expiry."""
    if passport_expiry < granted:
        raise RuleError("passport_expiry", "the passport expires before the grant date")
    years = snapshot.value("travel.eta.validity_years")
    end_of_term = add_years(granted, int(years.value))
    until = min(end_of_term, passport_expiry)
    return Validity(granted, until, passport_expiry < end_of_term, (years,))


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    currency: str
    used: ParameterValue

    @property
    def pence(self) -> int:
        return int(self.amount * 100)

    def as_dict(self) -> dict[str, str]:
        return {"amount": f"{self.amount:.2f}", "currency": self.currency}


def fee(*, snapshot: Snapshot) -> Fee:
    value = snapshot.value("travel.eta.fee")
    return Fee(Decimal(str(value.value)), value.unit or "GBP", value)


@dataclass(frozen=True)
class Answers:
    """What the applicant declared (the questions of the application form)."""

    longest_custodial_sentence_months: int = 0
    last_conviction_on: date | None = None
    subject_to_exclusion_or_deportation: bool = False
    immigration_breach: bool = False  # overstayed, used deception or worked in breach of conditions
    terrorism_or_extremism: bool = False  # involvement in terrorism, war crimes or extremism


@dataclass(frozen=True)
class Applicant:
    nationality: str
    date_of_birth: date
    passport_expiry: date
    answers: Answers


@dataclass(frozen=True)
class ScreeningResult:
    """What the screening service found; `available=False` when it could not be consulted."""

    available: bool = True
    hits: tuple[tuple[str, str, float], ...] = ()  # (list_name, reason_code, score)


@dataclass(frozen=True)
class Decision:
    outcome: str  # grant, refer, refuse
    reasons: tuple[Reason, ...]
    used: tuple[ParameterValue, ...]
    valid_until: date | None = None
    rules_version: str = RULES_VERSION

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "reasons": [r.as_dict() for r in self.reasons],
            "parameters": [p.as_dict() for p in self.used],
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "rules_version": self.rules_version,
        }


def refusal_grounds(
    answers: Answers, *, on: date, snapshot: Snapshot
) -> tuple[list[Reason], list[Reason], list[ParameterValue]]:
    """Appendix ETA 2.2 applied to the answers: (grounds to refuse, grounds for a caseworker, used)."""
    refuse: list[Reason] = []
    refer: list[Reason] = []
    sentence = snapshot.value("travel.eta.refusal_custodial_sentence_months")
    window = snapshot.value("travel.eta.refusal_conviction_months")
    if answers.longest_custodial_sentence_months >= int(sentence.value):
        refuse.append(
            Reason(
                "custodial-sentence",
                f"Sentenced to imprisonment of {sentence.value} months or more.",
                f"{APPENDIX_ETA}, paragraph ETA 2.2",
            )
        )
    if answers.last_conviction_on is not None:
        if answers.last_conviction_on > on:
            raise RuleError("last_conviction_on", "the conviction date is after the decision date")
        if answers.last_conviction_on > add_months(on, -int(window.value)):
            refuse.append(
                Reason(
                    "recent-conviction",
                    f"Convicted of an offence within the last {window.value} months.",
                    f"{APPENDIX_ETA}, paragraph ETA 2.2",
                )
            )
    if answers.subject_to_exclusion_or_deportation:
        refuse.append(
            Reason(
                "exclusion-or-deportation",
                "Subject to an exclusion or deportation order.",
                f"{APPENDIX_ETA}, paragraph ETA 2.2",
            )
        )
    if answers.immigration_breach:
        refer.append(
            Reason(
                "immigration-breach",
                "Declared a previous breach of UK immigration law: a caseworker weighs it.",
                f"{APPENDIX_ETA}, paragraph ETA 2.2",
            )
        )
    if answers.terrorism_or_extremism:
        refer.append(
            Reason(
                "not-conducive",
                "Declared involvement in terrorism, war crimes or extremism: a "
                "caseworker decides whether presence is conducive to the public good.",
                f"{APPENDIX_ETA}, paragraph ETA 2.2",
            )
        )
    return refuse, refer, [sentence, window]


def decide(applicant: Applicant, *, on: date, snapshot: Snapshot, screening: ScreeningResult) -> Decision:
    """The automatic decision: grant, refer to a caseworker, or refuse, with every reason and parameter."""
    if snapshot.on != on:
        raise RuleError("on", "the policy snapshot must be taken on the decision date")
    used: list[ParameterValue] = []
    if applicant.passport_expiry <= on:
        return Decision("refuse", (Reason("passport-expired", "The passport has expired."),), ())
    kind, group, class_used = classify(applicant.nationality, snapshot)
    used.extend(class_used)
    if kind in ("british-or-irish", "botc"):
        return Decision(
            "refuse",
            (
                Reason(
                    "not-required",
                    "British, Irish and British Overseas Territories citizens do not need an ETA.",
                ),
            ),
            tuple(used),
        )
    if kind == "visa":
        return Decision(
            "refuse",
            (
                Reason(
                    "visa-national",
                    "Visa nationals cannot get an ETA: apply for a visa instead.",
                    f"{APPENDIX_ETA}, eligibility",
                ),
            ),
            tuple(used),
        )
    if kind == "unclassified":
        return Decision(
            "refer",
            (
                Reason(
                    "nationality-unclassified",
                    "The nationality is on neither list in force: a caseworker confirms eligibility.",
                ),
            ),
            tuple(used),
        )
    rollout, rollout_used = rollout_groups(snapshot)
    if rollout_used is not None:
        used.append(rollout_used)
    dates = rollout.get(group or "")
    if dates is None or dates["apply_from"] > on:
        return Decision(
            "refuse",
            (
                Reason(
                    "scheme-not-open",
                    "The ETA scheme is not open to this nationality on the date of decision.",
                    f"{APPENDIX_ETA}, eligibility",
                ),
            ),
            tuple(used),
        )
    refuse, refer, grounds_used = refusal_grounds(applicant.answers, on=on, snapshot=snapshot)
    used.extend(grounds_used)
    if refuse:
        advice = Reason("no-appeal", "There is no appeal or administrative review: you may apply for a visa.")
        return Decision("refuse", (*refuse, advice), tuple(used))
    if not screening.available:
        refer.append(
            Reason("screening-unavailable", "Screening could not be completed: a caseworker checks.")
        )
    for list_name, reason_code, score in screening.hits:
        refer.append(
            Reason(
                f"screening-{list_name}",
                f"Possible match on the {list_name} list ({reason_code}, score {score:.2f}): a "
                "caseworker confirms identity.",
                "Screening (internal and watch lists)",
            )
        )
    if refer:
        return Decision("refer", tuple(refer), tuple(used))
    term = validity(granted=on, passport_expiry=applicant.passport_expiry, snapshot=snapshot)
    stay = snapshot.value("travel.eta.max_stay_months")
    used.extend([*term.used, stay])
    reasons = [
        Reason(
            "eligible",
            "An ETA-eligible nationality, the scheme open for it, no refusal ground "
            "declared and no screening match.",
        ),
        Reason(
            "validity",
            f"Valid until {term.valid_until.isoformat()}"
            + (" (the passport's expiry)" if term.capped_by_passport else "")
            + f"; multiple journeys, stays of up to {stay.value} months.",
        ),
    ]
    return Decision("grant", tuple(reasons), tuple(used), term.valid_until)
