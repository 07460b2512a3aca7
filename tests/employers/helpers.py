"""Shared set-up for employers tests: organisations, people, sponsors and licences."""

from __future__ import annotations

from datetime import date

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Directorship, Organisation, Person
from portcullis.employers import service

OFFICER = access.Principal(
    kind="user", user_id="u1", name="Colin Compliance", roles=frozenset({"compliance_officer"})
)


def person(given: str = "Ayse", family: str = "Demir", dob: str = "1990-03-04") -> str:
    with unit_of_work() as uow:
        p = Person(given_names=given, family_name=family, date_of_birth=dob, nationalities="TUR")
        uow.session.add(p)
        uow.flush()
        return p.id


def organisation(
    name: str = "Bright Care Ltd",
    number: str = "01234567",
    director: tuple[str, str, str] | None = ("Sam", "Owner", "1975-01-01"),
) -> str:
    with unit_of_work() as uow:
        org = Organisation(name=name, company_number=number)
        uow.session.add(org)
        uow.flush()
        if director:
            d = Person(
                given_names=director[0],
                family_name=director[1],
                date_of_birth=director[2],
                nationalities="GBR",
            )
            uow.session.add(d)
            uow.flush()
            uow.session.add(
                Directorship(organisation_id=org.id, person_id=d.id, appointed_on=date(2020, 1, 1))
            )
        return org.id


def licensed_sponsor(
    on: date = date(2025, 6, 2),
    sector: str = "care",
    name: str = "Bright Care Ltd",
    number: str = "01234567",
    contact_email: str | None = None,
) -> tuple[str, str, str]:
    """(organisation id, sponsor id, licence id) for a sponsor granted an A-rated licence on `on`."""
    org_id = organisation(name, number)
    with unit_of_work() as uow:
        sponsor = service.register_sponsor(
            uow,
            organisation_id=org_id,
            sector=sector,
            region="East of England",
            actor=OFFICER,
            contact_email=contact_email,
        )
        application = service.apply_for_licence(
            uow, sponsor_id=sponsor.id, routes=["skilled-worker"], on=on, actor=OFFICER
        )
        assert application.outcome == "granted", application.reasons
        assert application.licence_id is not None
        return org_id, sponsor.id, application.licence_id
