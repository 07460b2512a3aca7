"""The vocabularies of Prevent records: sectors, types of concern, outcomes, services, interventions, the
Vulnerability Assessment Framework's factors and the age bands of the published statistics.

Where the lists come from:
- Types of concern follow the categories of the Home Office statistical series "Individuals referred to and
  supported through the Prevent programme" (England and Wales), as named in issue 8: Islamist, Extreme
  Right-Wing, Left Wing/Anarchist/Single-Issue, Mixed/Unclear/Unstable, Conflicted, Incel, School massacre,
  Other; plus "fixation with violence without an ideology", the cohort named in the Home Office press release
  of 17 December 2024 ("do not align with any particular ideology and instead have fixations with violence").
  The category wording is recalled from the published tables, not checked against them (unverified).
- Sectors, age bands, gender and regions follow the same series' breakdowns (unverified wording).
- The 22 VAF factors are paraphrased from the Channel Vulnerability Assessment Framework guidance (Home
  Office, 2012, as referenced in the Channel Duty Guidance); see VAF_REFERENCE. Wording unverified.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Sector(StrEnum):
    EDUCATION = "education"
    POLICE = "police"
    LOCAL_AUTHORITY = "local_authority"
    HEALTH = "health"
    COMMUNITY = "community"
    FAMILY_FRIENDS = "family_friends"
    PRISONS_PROBATION = "prisons_probation"
    OTHER = "other"


SECTOR_LABELS: dict[str, str] = {
    Sector.EDUCATION: "Education (schools, colleges, universities)",
    Sector.POLICE: "Police",
    Sector.LOCAL_AUTHORITY: "Local authority",
    Sector.HEALTH: "Health",
    Sector.COMMUNITY: "Community (including faith groups and charities)",
    Sector.FAMILY_FRIENDS: "Family, friends or member of the public",
    Sector.PRISONS_PROBATION: "Prisons or probation",
    Sector.OTHER: "Other",
}


class ConcernType(StrEnum):
    ISLAMIST = "islamist"
    EXTREME_RIGHT_WING = "extreme_right_wing"
    LEFT_ANARCHIST_SINGLE_ISSUE = "left_anarchist_single_issue"
    MIXED_UNCLEAR_UNSTABLE = "mixed_unclear_unstable"
    CONFLICTED = "conflicted"
    INCEL = "incel"
    SCHOOL_MASSACRE = "school_massacre"
    VIOLENCE_FIXATION_NO_IDEOLOGY = "violence_fixation_no_ideology"
    OTHER = "other"


CONCERN_LABELS: dict[str, str] = {
    ConcernType.ISLAMIST: "Islamist",
    ConcernType.EXTREME_RIGHT_WING: "Extreme Right-Wing",
    ConcernType.LEFT_ANARCHIST_SINGLE_ISSUE: "Left Wing, Anarchist or Single-Issue",
    ConcernType.MIXED_UNCLEAR_UNSTABLE: "Mixed, Unclear or Unstable ideology",
    ConcernType.CONFLICTED: "Conflicted (more than one ideology, none dominant)",
    ConcernType.INCEL: "Incel (involuntary celibate)",
    ConcernType.SCHOOL_MASSACRE: "School massacre",
    ConcernType.VIOLENCE_FIXATION_NO_IDEOLOGY: "Fixation with violence without an ideology",
    ConcernType.OTHER: "Other (describe it)",
}


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


GENDER_LABELS: dict[str, str] = {
    Gender.MALE: "Male",
    Gender.FEMALE: "Female",
    Gender.UNKNOWN: "Not known or not stated",
}


class Region(StrEnum):
    NORTH_EAST = "north_east"
    NORTH_WEST = "north_west"
    YORKSHIRE_HUMBER = "yorkshire_humber"
    EAST_MIDLANDS = "east_midlands"
    WEST_MIDLANDS = "west_midlands"
    EAST_OF_ENGLAND = "east_of_england"
    LONDON = "london"
    SOUTH_EAST = "south_east"
    SOUTH_WEST = "south_west"
    WALES = "wales"


REGION_LABELS: dict[str, str] = {
    Region.NORTH_EAST: "North East",
    Region.NORTH_WEST: "North West",
    Region.YORKSHIRE_HUMBER: "Yorkshire and the Humber",
    Region.EAST_MIDLANDS: "East Midlands",
    Region.WEST_MIDLANDS: "West Midlands",
    Region.EAST_OF_ENGLAND: "East of England",
    Region.LONDON: "London",
    Region.SOUTH_EAST: "South East",
    Region.SOUTH_WEST: "South West",
    Region.WALES: "Wales",
}

AGE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("Under 15", None, 14),
    ("15 to 20", 15, 20),
    ("21 to 30", 21, 30),
    ("31 to 40", 31, 40),
    ("41 to 50", 41, 50),
    ("Over 50", 51, None),
)
AGE_UNKNOWN = "Age not known"


class Outcome(StrEnum):
    """The gateway assessment's outcomes (reference file, Prevent section)."""

    CHANNEL = "channel"  # adopted for Channel: referred to the local authority's panel
    PREVENT_CASE_MANAGEMENT = "pcm"  # police-led
    NO_FURTHER_ACTION = "nfa"
    TRANSFERRED = "transferred"  # signposted or transferred to another service


OUTCOME_LABELS: dict[str, str] = {
    Outcome.CHANNEL: "Adopted for Channel (referred to the Channel panel)",
    Outcome.PREVENT_CASE_MANAGEMENT: "Prevent Case Management (police-led)",
    Outcome.NO_FURTHER_ACTION: "No further action",
    Outcome.TRANSFERRED: "Transferred to another service",
}


class ReceivingService(StrEnum):
    MENTAL_HEALTH = "mental_health"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    ADULT_SOCIAL_CARE = "adult_social_care"
    EDUCATION_SAFEGUARDING = "education_safeguarding"
    YOUTH_JUSTICE = "youth_justice"
    OTHER = "other"


SERVICE_LABELS: dict[str, str] = {
    ReceivingService.MENTAL_HEALTH: "Mental health services",
    ReceivingService.CHILDRENS_SOCIAL_CARE: "Children's social care",
    ReceivingService.ADULT_SOCIAL_CARE: "Adult social care",
    ReceivingService.EDUCATION_SAFEGUARDING: "Education safeguarding",
    ReceivingService.YOUTH_JUSTICE: "Youth justice service",
    ReceivingService.OTHER: "Other service",
}


class Deconfliction(StrEnum):
    NO_CT_INTEREST = "no_ct_interest"
    EXISTING_CT_CASE = "existing_ct_case"  # counter-terrorism casework already holds this person
    PASSED_TO_CT = "passed_to_ct"


class Intervention(StrEnum):
    IDEOLOGICAL_MENTORING = "ideological_mentoring"
    CYBER_SKILLS = "cyber_skills"
    FAMILY = "family"
    PRACTICAL_MENTORING = "practical_mentoring"
    MENTAL_HEALTH = "mental_health"
    NEURODIVERGENCE = "neurodivergence"
    EDUCATION_TRAINING = "education_training"
    OTHER = "other"


INTERVENTION_LABELS: dict[str, str] = {
    Intervention.IDEOLOGICAL_MENTORING: "Ideological mentoring",
    Intervention.CYBER_SKILLS: "Cyber skills",
    Intervention.FAMILY: "Family intervention",
    Intervention.PRACTICAL_MENTORING: "Practical mentoring",
    Intervention.MENTAL_HEALTH: "Mental-health support",
    Intervention.NEURODIVERGENCE: "Neurodivergence support",
    Intervention.EDUCATION_TRAINING: "Education, training or employment support",
    Intervention.OTHER: "Other support",
}


class PanelDecision(StrEnum):
    ADOPT = "adopt"  # adopted as a Channel case: support plan agreed
    NOT_ADOPTED = "not_adopted"
    CONTINUE = "continue"
    EXIT = "exit"


class ConsentGiver(StrEnum):
    PERSON = "person"
    PARENT_GUARDIAN = "parent_guardian"


@dataclass(frozen=True)
class VafFactor:
    code: str
    domain: str  # engagement, intent or capability
    wording: str


VAF_REFERENCE = (
    "Home Office, Channel Vulnerability Assessment Framework (2012), referenced by the Channel Duty "
    "Guidance: 22 factors across engagement, intent and capability. Factor wording here is paraphrased and "
    "unverified against the published framework."
)
VAF_WORDING_VERIFIED = False
VAF_SCORES = {0: "Not present", 1: "Some evidence", 2: "Significant evidence"}

VAF_FACTORS: tuple[VafFactor, ...] = tuple(
    VafFactor(f"{d[0].upper()}{i:02d}", d, w)
    for d, items in (
        (
            "engagement",
            (
                "Feelings of grievance and injustice",
                "Feeling under threat",
                "A need for identity, meaning and belonging",
                "A desire for status",
                "A desire for excitement and adventure",
                "A need to dominate and control others",
                "Susceptibility to indoctrination",
                "A desire for political or moral change",
                "Opportunistic involvement",
                "Family or friends support extremist offending",
                "Being at a transitional time of life",
                "Being influenced or controlled by a group",
                "Relevant mental health issues",
            ),
        ),
        (
            "intent",
            (
                "Over-identification with a group or ideology",
                "'Them and us' thinking",
                "Dehumanisation of the enemy",
                "Attitudes that justify offending",
                "Harmful means to an end",
                "Harmful objectives",
            ),
        ),
        (
            "capability",
            (
                "Individual knowledge, skills and competencies",
                "Access to networks, funding or equipment",
                "Criminal history",
            ),
        ),
    )
    for i, w in enumerate(items, start=1)
)
VAF_CODES = frozenset(f.code for f in VAF_FACTORS)
