"""Use cases on people and organisations: each read of a person is a consultation, each write a collection
or alteration, and both are written to the audit log in the same transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portcullis.core import audit, clock, parties
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import IdentityDocument, Organisation, Person, PersonAlias
from portcullis.parties.schemas import DocumentOut, OrganisationOut, PersonIn, PersonOut


class NotFound(LookupError):
    pass


def person_out(person: Person) -> PersonOut:
    return PersonOut(
        id=person.id,
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        nationalities=person.nationality_list,
        aliases=[a.name for a in person.aliases],
        documents=[
            DocumentOut(doc_type=d.doc_type, number=d.number, issuing_state=d.issuing_state, expiry=d.expiry)
            for d in person.documents
        ],
    )


def organisation_out(org: Organisation) -> OrganisationOut:
    return OrganisationOut(
        id=org.id,
        name=org.name,
        company_number=org.company_number,
        addresses=[a.address for a in org.addresses],
        director_ids=[d.person_id for d in org.directors],
    )


def create_person(uow: UnitOfWork, *, actor: Principal, data: PersonIn, justification: str) -> Person:
    dob = (
        parties.parse_partial_date(data.date_of_birth, today=clock.today_in_london())
        if data.date_of_birth
        else None
    )
    person = Person(
        given_names=data.given_names.strip(),
        family_name=data.family_name,
        date_of_birth=dob,
        sex=data.sex,
        nationalities=" ".join(data.nationalities),
        aliases=[PersonAlias(name=a.strip()) for a in data.aliases if a.strip()],
        documents=[
            IdentityDocument(
                doc_type=d.doc_type,
                number=parties.normalise_document_number(d.number),
                issuing_state=d.issuing_state,
                expiry=d.expiry,
            )
            for d in data.documents
        ],
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
        justification=justification,
    )
    return person


def view_person(uow: UnitOfWork, *, actor: Principal, person_id: str, justification: str) -> Person:
    person = uow.session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type="person",
        record_id=person.id,
        subject_id=person.id,
        justification=justification,
    )
    return person


def search_people(
    uow: UnitOfWork, *, actor: Principal, name: str = "", document: str = "", justification: str
) -> list[Person]:
    """Search by name or by document number; the search and the people it shows are audited."""
    session: Session = uow.session
    if document.strip():
        found = parties.find_people_by_document(session, document)
    elif name.strip():
        found = parties.find_people_by_name(session, name)
    else:
        return []
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.CONSULTATION,
        record_type="person-search",
        record_id=None,
        justification=justification,
        details={
            "results": len(found),
            "by": "document" if document.strip() else "name",
            "person_ids": [p.id for p in found][:50],
        },
    )
    return found


def search_organisations(uow: UnitOfWork, *, text: str) -> list[Organisation]:
    return parties.find_organisations(uow.session, text)


def view_organisation(uow: UnitOfWork, *, organisation_id: str) -> Organisation:
    org = uow.session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound(f"no organisation with id {organisation_id}")
    return org
