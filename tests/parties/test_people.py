"""People and organisations: search by name and document, every look audited, bad input changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Directorship, Organisation, Person

HEADERS = {"X-Justification": "Checking an ETA referral"}
ANNA = {
    "given_names": "Anna Maria",
    "family_name": "Eriksson",
    "date_of_birth": "1974-08-12",
    "nationalities": ["SWE"],
    "aliases": ["Анна Эрикссон"],
    "documents": [
        {"doc_type": "passport", "number": "L898 902C3", "issuing_state": "SWE", "expiry": "2030-04-15"}
    ],
}


def _audit_ops() -> list[tuple[str, str]]:
    with unit_of_work() as uow:
        return [(e.operation, e.record_type) for e in audit.search(uow.session)]


def test_a_caseworker_finds_a_person_by_name_part_alias_or_document(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["admin"])
    created = client.post("/api/v1/people", json=ANNA, headers=HEADERS)
    assert created.status_code == 201
    person_id = created.json()["id"]
    assert created.json()["documents"][0]["number"] == "L898902C3"
    for query in ({"name": "eriksson"}, {"name": "maria"}, {"name": "Эрикссон"}, {"document": "l898902c3"}):
        found = client.get("/api/v1/people", params=query, headers=HEADERS)
        assert found.status_code == 200 and [p["id"] for p in found.json()] == [person_id], query
    assert ("collection", "person") in _audit_ops()
    assert _audit_ops().count(("consultation", "person-search")) == 4


def test_opening_a_record_is_audited_as_a_consultation_with_the_reason(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    principal = sign_in(["admin"])
    person_id = client.post("/api/v1/people", json=ANNA, headers=HEADERS).json()["id"]
    assert client.get(f"/api/v1/people/{person_id}", headers=HEADERS).json()["family_name"] == "Eriksson"
    with unit_of_work() as uow:
        entry = audit.search(uow.session, operation="consultation", subject_id=person_id)[0]
    assert entry.actor_id == principal.user_id and entry.justification == "Checking an ETA referral"


def test_a_person_with_a_bad_country_or_future_birth_date_is_refused_and_nothing_saved(
    sign_in, client
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["admin"])
    bad_country = client.post("/api/v1/people", json={**ANNA, "nationalities": ["XYZ"]}, headers=HEADERS)
    future = client.post("/api/v1/people", json={**ANNA, "date_of_birth": "2099-01-01"}, headers=HEADERS)
    assert bad_country.status_code == 422 and "nationalities" in bad_country.text
    assert future.status_code == 422
    assert future.json()["errors"] == [{"field": "date_of_birth", "reason": "2099-01-01 is in the future"}]
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_search_without_a_reason_is_refused(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["admin"])
    assert client.get("/api/v1/people", params={"name": "x"}).status_code == 422


def test_a_role_without_parties_read_cannot_search_people(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["carrier"])
    assert client.get("/api/v1/people", params={"name": "x"}, headers=HEADERS).status_code == 403


def test_an_organisation_is_found_by_name_or_company_number_with_its_directors(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["admin"])
    with unit_of_work() as uow:
        director = Person(given_names="Hasan", family_name="Yilmaz")
        org = Organisation(name="Hupus Limited", company_number="12345678")
        uow.session.add_all([director, org])
        uow.flush()
        uow.session.add(Directorship(organisation_id=org.id, person_id=director.id))
        ids = (org.id, director.id)
    by_name = client.get("/api/v1/organisations", params={"q": "hupus"}).json()
    by_number = client.get("/api/v1/organisations", params={"q": "12345678"}).json()
    assert [o["id"] for o in by_name] == [o["id"] for o in by_number] == [ids[0]]
    assert by_name[0]["director_ids"] == [ids[1]]


def test_the_person_page_asks_why_before_showing_the_record(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["admin"])
    person_id = client.post("/api/v1/people", json=ANNA, headers=HEADERS).json()["id"]
    ask = client.get(f"/people/{person_id}")
    assert ask.status_code == 200 and "Why do you need to open this record?" in ask.text
    assert "Eriksson" not in ask.text
    shown = client.get(f"/people/{person_id}", params={"justification": "Reviewing a referral"})
    assert shown.status_code == 200 and "Eriksson" in shown.text and "L898902C3" in shown.text
