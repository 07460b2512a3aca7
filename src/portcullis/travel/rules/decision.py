"""The refusal grounds of Appendix ETA 2.2 and the automatic decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.travel.rules.requirement import (
    APPENDIX_ETA,
    RULES_VERSION,
    Reason,
    RuleError,
    classify,
    rollout_groups,
)
from portcullis.travel.rules.terms import add_months, validity


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
