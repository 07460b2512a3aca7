"""What an applicant gives (passport, personal details, email, photo, answers) and its checks: every
problem is reported with the field it concerns, before anything is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from portcullis.core.parties import normalise_document_number
from portcullis.travel import codes, rules

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSPORT = re.compile(r"^[A-Z0-9]{5,9}$")


@dataclass
class ApplicantIn:
    given_names: str
    family_name: str
    date_of_birth: date
    sex: str
    nationality: str
    passport_number: str
    passport_issuing_state: str
    passport_expiry: date
    email: str
    answers: rules.Answers = field(default_factory=rules.Answers)
    other_nationalities: list[str] = field(default_factory=list)
    arrival_date: date | None = None
    photo_path: str | None = None
    on_behalf: bool = False
    submitted_by: str | None = None
    relationship: str | None = None


def validate_applicant(a: ApplicantIn, *, today: date, prefix: str = "") -> list[dict[str, str]]:
    """Every problem with one applicant, each naming its field; also normalises codes in place."""
    errors: list[dict[str, str]] = []

    def bad(name: str, reason: str) -> None:
        errors.append({"field": prefix + name, "reason": reason})

    if not a.family_name.strip():
        bad("family_name", "enter the surname as it appears on the passport")
    if len(a.given_names) > 200 or len(a.family_name) > 200:
        bad("family_name", "names must be 200 characters or fewer")
    if a.date_of_birth > today:
        bad("date_of_birth", "must be in the past")
    elif a.date_of_birth.year < 1900:
        bad("date_of_birth", "must be after 1900")
    if a.sex not in ("M", "F", "X"):
        bad("sex", "must be M, F or X")
    for name in ("nationality", "passport_issuing_state"):
        try:
            setattr(a, name, codes.normalise(getattr(a, name), field=prefix + name))
        except codes.CodeError as exc:
            errors.append({"field": exc.field, "reason": exc.reason})
    others = []
    for code in a.other_nationalities:
        try:
            others.append(codes.normalise(code, field=prefix + "other_nationalities"))
        except codes.CodeError as exc:
            errors.append({"field": exc.field, "reason": exc.reason})
    a.other_nationalities = others
    a.passport_number = normalise_document_number(a.passport_number)
    if not PASSPORT.match(a.passport_number):
        bad("passport_number", "must be 5 to 9 letters and numbers")
    if a.passport_expiry <= today:
        bad("passport_expiry", "the passport has expired: apply with a valid passport")
    elif a.arrival_date is not None and a.passport_expiry <= a.arrival_date:
        bad("passport_expiry", "the passport expires before the date of arrival")
    if a.arrival_date is not None and a.arrival_date < today:
        bad("arrival_date", "must be today or in the future")
    if not EMAIL.match(a.email.strip()):
        bad("email", "enter an email address like name@example.com")
    a.email = a.email.strip().lower()
    if a.answers.longest_custodial_sentence_months < 0:
        bad("longest_custodial_sentence_months", "must be 0 or more")
    if a.answers.last_conviction_on is not None and a.answers.last_conviction_on > today:
        bad("last_conviction_on", "must be in the past")
    if a.on_behalf and not (a.submitted_by or "").strip():
        bad("submitted_by", "enter the name of the person applying on the applicant's behalf")
    return errors
