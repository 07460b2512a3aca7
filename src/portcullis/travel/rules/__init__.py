"""The law of travel permission as pure functions: who needs an ETA, how long one lasts, what it costs,
the refusal grounds of Appendix ETA 2.2, and the automatic decision. Values in, a result with its reasons
and the dated parameters it used out. No I/O, no clock, no database: callers pass `on` and a snapshot."""

from __future__ import annotations

from portcullis.travel.rules.decision import (
    Answers,
    Applicant,
    Decision,
    ScreeningResult,
    decide,
    refusal_grounds,
)
from portcullis.travel.rules.requirement import (
    APPENDIX_ETA,
    BOTC,
    BRITISH_OR_IRISH,
    HOLDS_CHOICES,
    RULES_VERSION,
    Reason,
    Requirement,
    RuleError,
    classify,
    requirement,
    rollout_groups,
)
from portcullis.travel.rules.terms import Fee, Validity, add_months, add_years, fee, validity

__all__ = [
    "APPENDIX_ETA",
    "BOTC",
    "BRITISH_OR_IRISH",
    "HOLDS_CHOICES",
    "RULES_VERSION",
    "Answers",
    "Applicant",
    "Decision",
    "Fee",
    "Reason",
    "Requirement",
    "RuleError",
    "ScreeningResult",
    "Validity",
    "add_months",
    "add_years",
    "classify",
    "decide",
    "fee",
    "refusal_grounds",
    "requirement",
    "rollout_groups",
    "validity",
]
