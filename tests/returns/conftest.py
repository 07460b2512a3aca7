"""Shared set-up for the returns tests: people, officers and ready cases."""

from __future__ import annotations

from datetime import date

import pytest

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.core.parties import IdentityDocument, Person
from portcullis.returns import service

OFFICER = access.Principal(
    kind="user", user_id="officer-1", name="Ray Returns", roles=frozenset({"returns_officer"})
)


@pytest.fixture()
def person(database):  # type: ignore[no-untyped-def]
    """Make a person: person(nationality="ALB", dob="1990-05-01", sex="M") -> id."""

    def _make(
        nationality: str = "ALB",
        dob: str | None = "1990-05-01",
        sex: str | None = "M",
        family: str = "Hoxha",
        given: str = "Arben",
        passport: str | None = None,
    ) -> str:
        with unit_of_work() as uow:
            p = Person(
                given_names=given,
                family_name=family,
                date_of_birth=dob,
                sex=sex,
                nationalities=nationality,
                documents=[IdentityDocument(doc_type="passport", number=passport, issuing_state=nationality)]
                if passport
                else [],
            )
            uow.session.add(p)
            uow.flush()
            return p.id

    return _make


@pytest.fixture()
def ready_case(person):  # type: ignore[no-untyped-def]
    """A case with a liability decision and a travel document: ready for removal."""

    def _make(nationality: str = "ALB", category: str = "overstayer", **kw: str) -> str:
        pid = person(nationality=nationality, **kw)
        with unit_of_work() as uow:
            case = service.open_case(uow, actor=OFFICER, person_id=pid, category=category)
            service.decide_liability(
                uow,
                actor=OFFICER,
                case_id=case.id,
                decided_on=date(2025, 5, 1),
                basis="Overstayed leave that ended on 1 March 2025",
            )
            service.update_travel_document(
                uow, actor=OFFICER, case_id=case.id, state="obtained", on=date(2025, 5, 20)
            )
            return case.id

    return _make
