"""A manifest's answers, worked out once per distinct set of facts, are each passenger's own answer from
`carrier_rules.carrier_answer`, on dates before and after carriers enforce ETAs."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from portcullis.core import access, policy
from portcullis.core.db import unit_of_work
from portcullis.travel import carrier_rules, carrier_service

from .helpers import applicant
from .test_carrier_api import evisa_holder, granted, refused_applicant


def _passenger(
    number: str, nationality: str, family: str, expiry: date | None = None
) -> carrier_service.PassengerIn:
    return carrier_service.PassengerIn(
        document_number=number,
        issuing_state=nationality,
        nationality=nationality,
        date_of_birth=date(1990, 5, 17) if family != "Refused" else date(1970, 1, 1),
        given_names="Jane" if family != "Refused" else "Max",
        family_name=family,
        document_expiry=expiry,
    )


def test_each_answer_is_the_passengers_own(database: object) -> None:
    granted(applicant())
    refused_applicant()
    evisa_holder()
    # The same facts many times over, and each fact changed once: ETA or none, eVisa or none, refused,
    # an expired document, British, a visa national and an ETA national.
    passengers = [
        _passenger("567890123", "USA", "Doe"),
        _passenger("567890124", "USA", "Doe"),
        _passenger("567890123", "USA", "Doe", expiry=date(2025, 1, 1)),
        _passenger("R7654321", "USA", "Refused"),
        _passenger("Z1234567", "IND", "Kumar"),
        _passenger("Z1234568", "IND", "Kumar"),
        _passenger("123456789", "GBR", "Smith"),
        _passenger("C9999999", "CAN", "Nobody"),
    ] * 3
    for on in (date(2025, 6, 10), date(2026, 3, 2)):
        with unit_of_work() as uow:
            results, pending = carrier_service.answer_manifest(
                uow,
                carrier=access.SYSTEM,
                flight="BA0178",
                travel_date=on,
                route="JFK-LHR",
                passengers=passengers,
            )
            found = carrier_service.lookup(uow.session, sorted({p.document_number for p in passengers}), on)
            refused = carrier_service._refused_carriage(uow.session, passengers, on)
        snapshot = policy.at(on)
        expected = []
        for i, p in enumerate(passengers):
            key = (p.document_number, p.issuing_state)
            answer = carrier_rules.carrier_answer(
                nationality=p.nationality,
                on=on,
                snapshot=snapshot,
                has_eta=key in found.etas,
                has_evisa=key in found.evisas,
                refused_carriage=refused[i],
                document_expired=p.document_expiry is not None and p.document_expiry < on,
            )
            expected.append((answer.status, answer.code, answer.basis))
        assert [(r.status, r.code, r.basis) for r in results] == expected
        assert [e.details["code"] for e in pending if e.details] == [code for _, code, _ in expected]
        assert len({code for _, code, _ in expected}) >= 5  # the manifest really mixes the answers


def test_the_numbers_as_one_array_find_what_the_expanding_in_finds(database: Engine) -> None:
    granted(applicant())
    evisa_holder()
    numbers = sorted(["567890123", "Z1234567", "C9999999", "R7654321"])
    params = {"numbers": numbers, "on": date(2025, 6, 10)}
    variants = [False, True] if database.dialect.name == "postgresql" else [False]
    with unit_of_work() as uow:
        rows = [
            sorted(
                tuple(r) for r in uow.session.execute(carrier_service.lookup_statement(False, array), params)
            )
            for array in variants
        ]
        found = carrier_service.lookup(uow.session, numbers, date(2025, 6, 10))
    assert all(r == rows[0] for r in rows)
    assert {part for part, *_ in rows[0]} == {"E", "V", "S"}
    assert set(found.etas) == {("567890123", "USA")} and set(found.evisas) == {("Z1234567", "IND")}
