"""Finding or recording the person a case, a membership or a link is about, in the shared party records.
Every person shown in a search result is a consultation of their record, and is audited."""

from __future__ import annotations

import pycountry

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import (
    IdentityDocument,
    PartyError,
    Person,
    find_people_by_document,
    find_people_by_name,
    normalise_document_number,
    parse_partial_date,
)
from portcullis.returns.rules import Violation
from portcullis.returns.service import ReturnsError

SEARCH_LIMIT = 20


def search(uow: UnitOfWork, *, actor: Principal, query: str, purpose: str) -> list[Person]:
    """A document number (anything with a digit) is looked up as one first, then the text as a name."""
    text = query.strip()
    if len(text) < 2:
        raise ReturnsError.one("q", "enter at least 2 characters of a name or a document number")
    found = find_people_by_document(uow.session, text) if any(ch.isdigit() for ch in text) else []
    if not found:
        found = find_people_by_name(uow.session, text, limit=SEARCH_LIMIT)
    for person in found:
        audit.record(
            uow,
            actor=actor,
            operation=audit.Operation.CONSULTATION,
            record_type="person",
            record_id=person.id,
            subject_id=person.id,
            justification=purpose,
            details={"view": "search result"},
        )
    return found


def create_person(
    uow: UnitOfWork,
    *,
    actor: Principal,
    given_names: str,
    family_name: str,
    date_of_birth: str,
    nationality: str,
    sex: str = "",
    passport_number: str = "",
    purpose: str,
) -> Person:
    """A new person in the shared records; every problem is reported at once, each naming its field."""
    problems = []
    if not family_name.strip():
        problems.append(("family_name", "enter the family name"))
    dob = None
    if date_of_birth.strip():
        try:
            dob = parse_partial_date(date_of_birth, today=clock.today_in_london())
        except PartyError as exc:
            problems.append(("date_of_birth", str(exc).split(": ", 1)[-1]))
    code = nationality.strip().upper()
    if pycountry.countries.get(alpha_3=code) is None:
        problems.append(("nationality", "enter a 3-letter ISO 3166 country code, for example ALB"))
    if sex not in ("", "M", "F"):
        problems.append(("sex", "choose male, female or not known"))
    number = normalise_document_number(passport_number)
    if number and find_people_by_document(uow.session, number, code):
        problems.append(("passport_number", "a person with this passport is already recorded: search for it"))
    if problems:
        raise ReturnsError([Violation(f, r) for f, r in problems])
    person = Person(
        given_names=given_names.strip(),
        family_name=family_name.strip(),
        date_of_birth=dob,
        sex=sex or None,
        nationalities=code,
        documents=[IdentityDocument(doc_type="passport", number=number, issuing_state=code)]
        if number
        else [],
    )
    uow.session.add(person)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="person",
        record_id=person.id,
        subject_id=person.id,
        justification=purpose,
    )
    return person
