"""The carrier API: a flight manifest answered passenger by passenger, never saying why, each audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from portcullis.core import access, audit, rate_limits
from portcullis.core.clock import FrozenClock
from portcullis.core.db import unit_of_work
from portcullis.core.parties import IdentityDocument, Person
from portcullis.travel import evisa_service, rules, service

from .helpers import applicant, pay

URL = "/api/v1/permission-to-travel"


@pytest.fixture(autouse=True)
def _fresh_limits() -> None:
    rate_limits.limiter().reset()


def granted(person: service.ApplicantIn) -> None:
    with unit_of_work() as uow:
        view = service.submit(uow, applicants=[person], contact_email="a@example.com", return_url="/x/{id}")
    with unit_of_work() as uow:
        assert view.payment_id
        pay(uow, view.payment_id)
    with unit_of_work() as uow:
        service.confirm_payment(uow, submission_id=view.id)


def refused_applicant() -> None:
    """Max Refused (passport R7654321) applies and is refused an ETA, so is on `eta-refused`."""
    granted(
        applicant(
            given_names="Max",
            family_name="Refused",
            passport_number="R7654321",
            date_of_birth=date(1970, 1, 1),
            answers=rules.Answers(longest_custodial_sentence_months=36),
        )
    )


def evisa_holder() -> None:
    with unit_of_work() as uow:
        person = Person(
            given_names="Ravi", family_name="Kumar", date_of_birth="1985-01-01", nationalities="IND"
        )
        person.documents.append(IdentityDocument(doc_type="passport", number="Z1234567", issuing_state="IND"))
        uow.session.add(person)
        uow.flush()
        evisa_service.grant_permission(
            uow,
            person_id=person.id,
            permission_type="Skilled Worker",
            conditions=[],
            valid_from=date(2024, 1, 1),
            valid_until=date(2028, 1, 1),
            actor=access.SYSTEM,
        )


def pax(
    number: str,
    nationality: str,
    family: str = "Doe",
    given: str = "Jane",
    dob: str = "1990-05-17",
    state: str | None = None,
) -> dict[str, Any]:
    return {
        "document_number": number,
        "issuing_state": state or nationality,
        "nationality": nationality,
        "date_of_birth": dob,
        "given_names": given,
        "family_name": family,
    }


def manifest(passengers: list[dict[str, Any]], travel_date: str = "2025-06-10") -> dict[str, Any]:
    return {
        "flight": "BA0178",
        "travel_date": travel_date,
        "route_from": "JFK",
        "route_to": "LHR",
        "passengers": passengers,
    }


def test_a_manifest_is_answered_per_passenger_and_the_refused_one_must_not_board(api_client) -> None:  # type: ignore[no-untyped-def]
    granted(applicant())
    refused_applicant()
    evisa_holder()
    client = api_client(["carrier"], organisation="Demo Airways")
    body = manifest(
        [
            pax("567890123", "USA"),
            pax("123456789", "GBR", "Smith", "John"),
            pax("R7654321", "USA", "Refused", "Max", "1970-01-01"),
            pax("Z1234567", "IND", "Kumar", "Ravi", "1985-01-01"),
            pax("C9999999", "CAN", "Nobody", "Nora"),
        ]
    )
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    answers = [(p["status"], p["code"], p["basis"]) for p in response.json()["passengers"]]
    assert answers == [
        ("OK", "OK02", "eta"),
        ("OK", "OK01", "british-or-irish"),
        ("NO_BOARD", "NB01", None),
        ("OK", "OK03", "evisa"),
        ("CHECK_DOCUMENTS", "CD01", None),  # before 25 Feb 2026 carriers check documents instead
    ]
    refused = response.json()["passengers"][2]
    assert "sentence" not in refused["message"].lower() and "refused an eta" not in refused["message"].lower()
    with unit_of_work() as uow:
        disclosures = audit.search(uow.session, operation="disclosure", limit=50)
    assert len(disclosures) == 5 and {d.recipient for d in disclosures} == {"Demo Airways"}


def test_from_25_february_2026_a_passenger_needing_an_eta_without_one_must_not_board(
    api_client,
    frozen_clock: FrozenClock,  # type: ignore[no-untyped-def]
) -> None:
    client = api_client(["carrier"])
    frozen_clock.set(datetime(2026, 2, 24, 12, tzinfo=UTC))
    before = client.post(URL, json=manifest([pax("C9999999", "CAN")], "2026-02-24")).json()["passengers"][0]
    after = client.post(URL, json=manifest([pax("C9999999", "CAN")], "2026-02-25")).json()["passengers"][0]
    assert (before["status"], after["status"], after["code"]) == ("CHECK_DOCUMENTS", "NO_BOARD", "NB02")


def test_a_manifest_of_1001_passengers_is_refused_naming_the_field(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    response = client.post(URL, json=manifest([pax(f"P{i:07d}", "USA") for i in range(1001)]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "passengers"


def test_an_unknown_nationality_is_named_and_nothing_is_logged(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    response = client.post(URL, json=manifest([pax("567890123", "USA"), pax("1", "ZZZ")]))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "passengers[1].nationality"
    with unit_of_work() as uow:
        assert audit.search(uow.session, operation="disclosure") == []


def test_the_api_needs_a_carrier_token(client, api_client) -> None:  # type: ignore[no-untyped-def]
    assert client.post(URL, json=manifest([pax("1234567", "USA")])).status_code in (401, 403)  # CSRF or auth
    assert api_client(["employer"]).post(URL, json=manifest([pax("1234567", "USA")])).status_code == 403


def test_a_carrier_over_its_rate_limit_gets_429_with_retry_after(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    with unit_of_work() as uow:
        from portcullis.core.access_models import ApiToken

        for token in uow.session.scalars(select(ApiToken)):
            token.rate_limit_per_minute = 2
    codes = [client.post(URL, json=manifest([pax("567890123", "USA")])).status_code for _ in range(3)]
    assert codes[:2] == [200, 200] and codes[2] == 429


def test_the_answer_codes_are_documented_in_the_openapi_spec(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/openapi.json").json()
    text = str(spec["paths"][URL])
    assert all(code in text for code in ("OK01", "OK02", "NB01", "NB02", "CD01"))


def test_a_manifest_writes_one_chained_disclosure_per_passenger(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"], organisation="Demo Airways")
    response = client.post(URL, json=manifest([pax(f"P{i:07d}", "USA") for i in range(25)]))
    assert response.status_code == 200
    with unit_of_work() as uow:
        disclosures = audit.search(uow.session, operation="disclosure", limit=100)
        assert len(disclosures) == 25 and sorted(d.details["passenger"] for d in disclosures) == list(
            range(25)
        )
        assert audit.verify(uow.session).ok
