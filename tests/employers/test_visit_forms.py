"""Enforcement officers record, on the visit page, the people they meet (checked on the spot), arrests and
the referral for a civil penalty; bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.employers.models import Encounter, Penalty

from .form_helpers import audited, count, date_fields, visited_employer

pytestmark = pytest.mark.usefixtures("database")
PERSON = {
    "given_names": "Mehmet",
    "family_name": "Yilmaz",
    "date_of_birth": "1988-02-03",
    "nationality": "TUR",
    "document_number": "U12345678",
    "right_to_work": "no",
}


def test_an_officer_records_a_person_met_on_a_visit_and_the_on_the_spot_check_is_audited(
    client,
    sign_in,  # type: ignore[no-untyped-def]
) -> None:
    _, visit_id = visited_employer(workers=0)
    sign_in(["enforcement_officer"])
    page = client.get(f"/employers/visits/{visit_id}").text
    assert 'action="/employers/visits/' in page and 'name="csrf_token"' in page
    made = client.post(f"/employers/visits/{visit_id}/encounters", data=PERSON, follow_redirects=False)
    assert made.status_code == 303
    assert "Mehmet Yilmaz" in client.get(f"/employers/visits/{visit_id}").text
    with unit_of_work() as uow:
        encounter = uow.session.scalars(select(Encounter)).one()
        assert encounter.right_to_work == "no" and encounter.illegal_worker
    assert (
        audited("employer_encounter", "Identity check of a person encountered on an illegal working visit")
        == 1
    )


def test_a_person_met_again_with_the_same_document_is_the_same_record(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer(workers=0)
    sign_in(["enforcement_officer"])
    for _ in range(2):
        client.post(f"/employers/visits/{visit_id}/encounters", data=PERSON, follow_redirects=False)
    assert count(Person, Person.family_name == "Yilmaz") == 1
    assert count(Encounter) == 2


@pytest.mark.parametrize(
    ("field", "value", "anchor"),
    [
        ("family_name", "", "#family_name"),
        ("date_of_birth", "3 February", "#date_of_birth"),
        ("nationality", "XXX", "#nationality"),
        ("right_to_work", "", "#right_to_work"),
    ],
)
def test_a_person_with_bad_details_is_refused_naming_the_field_and_nothing_is_saved(
    client,
    sign_in,
    field: str,
    value: str,
    anchor: str,  # type: ignore[no-untyped-def]
) -> None:
    _, visit_id = visited_employer(workers=0)
    sign_in(["enforcement_officer"])
    page = client.post(f"/employers/visits/{visit_id}/encounters", data={**PERSON, field: value})
    assert page.status_code == 422
    assert "There is a problem" in page.text and f'href="{anchor}"' in page.text
    assert count(Encounter) == 0 and count(Person, Person.family_name == "Yilmaz") == 0


def test_an_officer_records_an_arrest_at_a_uk_time(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer()
    sign_in(["enforcement_officer"])
    with unit_of_work() as uow:
        encounter_id = uow.session.scalars(select(Encounter.id)).one()
    assert f"/employers/encounters/{encounter_id}/arrest" in client.get(f"/employers/visits/{visit_id}").text
    form = client.get(f"/employers/encounters/{encounter_id}/arrest")
    assert form.status_code == 200 and 'name="csrf_token"' in form.text
    done = client.post(
        f"/employers/encounters/{encounter_id}/arrest",
        data={**date_fields("arrested_on", datetime(2025, 5, 20).date()), "arrested_time": "11:15"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with unit_of_work() as uow:
        encounter = uow.session.get(Encounter, encounter_id)
        assert encounter is not None and encounter.arrested
        assert encounter.arrested_at == datetime(2025, 5, 20, 10, 15, tzinfo=UTC)  # 11:15 BST
    again = client.post(
        f"/employers/encounters/{encounter_id}/arrest",
        data={**date_fields("arrested_on", datetime(2025, 5, 20).date()), "arrested_time": "12:00"},
    )
    assert again.status_code == 422 and "already arrested" in again.text


@pytest.mark.parametrize(
    ("changes", "anchor"),
    [({"arrested_time": "25:00"}, "#arrested_time"), ({"arrested_on-month": "13"}, "#arrested_on-day")],
)
def test_an_arrest_with_a_bad_date_or_time_is_refused_and_nothing_is_saved(
    client,
    sign_in,
    changes: dict[str, str],
    anchor: str,  # type: ignore[no-untyped-def]
) -> None:
    visited_employer()
    sign_in(["enforcement_officer"])
    with unit_of_work() as uow:
        encounter_id = uow.session.scalars(select(Encounter.id)).one()
    data = {**date_fields("arrested_on", datetime(2025, 5, 20).date()), "arrested_time": "11:15", **changes}
    page = client.post(f"/employers/encounters/{encounter_id}/arrest", data=data)
    assert page.status_code == 422 and f'href="{anchor}"' in page.text
    assert count(Encounter, Encounter.arrested.is_(True)) == 0


def test_an_officer_refers_the_employer_for_a_civil_penalty_from_the_visit(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer(workers=3)
    sign_in(["enforcement_officer"])
    answers = {"reported": "no", "cooperated": "no", "effective_checks": "no"}
    answers |= {f"w{i}-method": "none" for i in (1, 2, 3)}
    assert (
        'href="/employers/visits/' + visit_id + '/penalty"'
        in client.get(f"/employers/visits/{visit_id}").text
    )
    missing = client.post(f"/employers/visits/{visit_id}/penalty", data={**answers, "cooperated": ""})
    assert missing.status_code == 422 and 'href="#cooperated"' in missing.text
    assert count(Penalty) == 0
    made = client.post(f"/employers/visits/{visit_id}/penalty", data=answers, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/employers/penalties/")
    page = client.get(made.headers["location"]).text
    assert "135000.00 GBP" in page  # 3 x 45,000 GBP, a first breach after 13 Feb 2024
    assert audited("employer_penalty", "Referred for a civil penalty") == 1


def test_a_compliance_officer_sees_the_visit_but_cannot_record_people(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer(workers=0)
    sign_in(["compliance_officer"])
    assert "Record a person encountered" not in client.get(f"/employers/visits/{visit_id}").text
    assert client.post(f"/employers/visits/{visit_id}/encounters", data=PERSON).status_code == 403
