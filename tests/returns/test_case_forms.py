"""The case forms an officer expects: open a case for a person found or recorded, detain and release, close a
case, and make or revoke a deportation or exclusion order. Bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.returns import service
from portcullis.returns.models import RemovalCase, RemovalOrder
from portcullis.screening import service as screening

from .conftest import OFFICER


def _count(model) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_an_officer_finds_a_person_by_passport_and_opens_a_case_for_them(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    pid = person(passport="AB1234567")
    principal = sign_in(["returns_officer"])
    found = client.get("/returns/cases/new", params={"q": "ab 1234567"})
    assert found.status_code == 200 and "Arben Hoxha" in found.text and 'name="csrf_token"' in found.text
    with unit_of_work() as uow:
        looked = audit.search(uow.session, subject_id=pid, operation="consultation")
    assert [e.actor_id for e in looked] == [principal.user_id]
    made = client.post(
        "/returns/cases/new",
        data={"q": "AB1234567", "person_id": pid, "category": "overstayer"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    case_page = client.get(made.headers["location"])
    assert "Awaiting a liability decision" in case_page.text and "Overstayer" in case_page.text


def test_an_officer_finds_a_person_by_name_among_others(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    person(family="Hoxha", given="Arben")
    person(family="Hoxha", given="Besnik")
    person(family="Other", given="Arben")
    sign_in(["returns_officer"])
    page = client.get("/returns/cases/new", params={"q": "Hoxha"})
    assert "Choose the person (2 found)" in page.text and "Besnik" in page.text and "Other" not in page.text


def test_an_officer_records_a_new_person_and_opens_their_case_in_one_step(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["returns_officer"])
    nobody = client.get("/returns/cases/new", params={"q": "Krasniqi"})
    assert "Nobody matched" in nobody.text
    made = client.post(
        "/returns/cases/new",
        data={
            "q": "Krasniqi",
            "person_id": "new",
            "category": "foreign-national-offender",
            "given_names": "Dritan",
            "family_name": "Krasniqi",
            "date_of_birth": "1988-03",
            "nationality": "alb",
            "sex": "M",
            "passport_number": "BA7654321",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    with unit_of_work() as uow:
        created = uow.session.scalars(select(Person).where(Person.family_name == "Krasniqi")).one()
        assert (created.nationalities, created.date_of_birth) == ("ALB", "1988-03")
        case = uow.session.scalars(select(RemovalCase).where(RemovalCase.person_id == created.id)).one()
        assert case.category == "foreign-national-offender"
        assert audit.search(uow.session, subject_id=created.id, operation="collection")


def test_a_new_person_with_bad_details_is_refused_field_by_field_and_nothing_is_saved(
    sign_in, client
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["returns_officer"])
    refused = client.post(
        "/returns/cases/new",
        data={
            "q": "Nobody",
            "person_id": "new",
            "category": "overstayer",
            "family_name": "",
            "date_of_birth": "2030-01-01",
            "nationality": "XYZ",
        },
    )
    assert refused.status_code == 422
    assert 'href="#family_name"' in refused.text and "Family name: enter the family name" in refused.text
    assert 'href="#date_of_birth"' in refused.text and "in the future" in refused.text
    assert 'href="#nationality"' in refused.text
    assert _count(Person) == 0 and _count(RemovalCase) == 0


def test_opening_a_case_without_choosing_a_category_or_a_person_names_the_field(
    sign_in, client, person
) -> None:  # type: ignore[no-untyped-def]
    pid = person()
    sign_in(["returns_officer"])
    no_category = client.post("/returns/cases/new", data={"q": "Hoxha", "person_id": pid})
    assert no_category.status_code == 422 and 'href="#category"' in no_category.text
    no_person = client.post("/returns/cases/new", data={"q": "Hoxha", "category": "overstayer"})
    assert no_person.status_code == 422 and 'href="#person_id"' in no_person.text
    assert "Person: choose the person or record a new one" in no_person.text
    neither = client.post("/returns/cases/new", data={"q": "Hoxha"})
    assert 'href="#person_id"' in neither.text and 'href="#category"' in neither.text
    assert _count(RemovalCase) == 0


def test_a_second_open_case_for_the_same_person_is_refused(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    with unit_of_work() as uow:
        pid = service.get_case(uow, case_id).person_id
    sign_in(["returns_officer"])
    again = client.post("/returns/cases/new", data={"q": "Hoxha", "person_id": pid, "category": "overstayer"})
    assert again.status_code == 422 and "already has an open removal case" in again.text
    assert _count(RemovalCase) == 1


def test_a_search_of_one_letter_is_refused_with_the_field_named(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["returns_officer"])
    page = client.get("/returns/cases/new", params={"q": "H"})
    assert page.status_code == 422 and 'href="#q"' in page.text and "at least 2 characters" in page.text


def test_an_officer_detains_and_releases_a_person_and_each_is_audited(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    sign_in(["returns_officer"])
    detained = client.post(f"/returns/cases/{case_id}/detain", data={"on": "2025-06-01"})
    assert detained.status_code == 200 and "Detained since 2025-06-01" in detained.text
    early = client.post(f"/returns/cases/{case_id}/release", data={"on": "2025-05-01"})
    assert early.status_code == 422 and 'href="#release-on"' in early.text
    assert "Date of release: release cannot be before detention" in early.text
    released = client.post(f"/returns/cases/{case_id}/release", data={"on": "2025-06-02"})
    assert released.status_code == 200 and "Not detained" in released.text
    with unit_of_work() as uow:
        case = service.get_case(uow, case_id)
        assert (case.detained_from, case.detained_until) == (date(2025, 6, 1), date(2025, 6, 2))
        changes = audit.search(uow.session, record_id=case_id, operation="alteration")
        assert {"Detained", "Released"} <= {e.justification for e in changes}


def test_detaining_with_a_date_that_is_not_real_names_the_date_and_saves_nothing(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    sign_in(["returns_officer"])
    bad = client.post(f"/returns/cases/{case_id}/detain", data={"on": "2025-02-30"})
    assert bad.status_code == 422 and 'href="#detain-on"' in bad.text and "Date of detention" in bad.text
    assert 'id="detain-on-error"' in bad.text  # the message is beside the field too
    with unit_of_work() as uow:
        assert service.get_case(uow, case_id).detained_from is None


def test_an_officer_closes_a_case_as_absconded(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    sign_in(["returns_officer"])
    no_outcome = client.post(f"/returns/cases/{case_id}/close", data={"on": "2025-06-02"})
    assert no_outcome.status_code == 422 and 'href="#close-outcome"' in no_outcome.text
    future = client.post(f"/returns/cases/{case_id}/close", data={"outcome": "absconded", "on": "2025-06-03"})
    assert future.status_code == 422 and 'href="#close-on"' in future.text
    with unit_of_work() as uow:
        assert service.get_case(uow, case_id).outcome is None
    closed = client.post(f"/returns/cases/{case_id}/close", data={"outcome": "absconded", "on": "2025-06-02"})
    assert closed.status_code == 200 and "Absconded on 2025-06-02" in closed.text
    with unit_of_work() as uow:
        assert service.get_case(uow, case_id).stage == "closed"


def test_granted_leave_and_released_are_the_other_ways_to_close_but_returned_is_not(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["returns_officer"])
    for outcome, shown in (("granted-leave", "Granted leave to remain"), ("released", "Released from")):
        case_id = ready_case()
        page = client.post(f"/returns/cases/{case_id}/close", data={"outcome": outcome, "on": "2025-06-02"})
        assert shown in page.text
        with unit_of_work() as uow:
            assert service.get_case(uow, case_id).outcome == outcome
    case_id = ready_case()
    returned = client.post(
        f"/returns/cases/{case_id}/close", data={"outcome": "returned", "on": "2025-06-02"}
    )
    assert returned.status_code == 422 and 'href="#close-outcome"' in returned.text


def test_a_deportation_order_made_on_the_page_stops_the_person_at_the_carrier_check_until_revoked(
    sign_in, client, person
) -> None:  # type: ignore[no-untyped-def]
    pid = person(passport="AB1234567")
    with unit_of_work() as uow:
        case_id = service.open_case(
            uow, actor=OFFICER, person_id=pid, category="foreign-national-offender"
        ).id
    sign_in(["returns_officer"])
    page = client.get(f"/returns/cases/{case_id}", params={"justification": "Considering an order"})
    assert "told not to board them" in page.text and "No order has been made." in page.text
    missing = client.post(
        f"/returns/cases/{case_id}/orders", data={"kind": "deportation", "made_on": "2025-05-01"}
    )
    assert missing.status_code == 422 and 'href="#order-reason"' in missing.text
    assert "Grounds for the order: give the grounds for the order" in missing.text
    assert _count(RemovalOrder) == 0
    made = client.post(
        f"/returns/cases/{case_id}/orders",
        data={"kind": "deportation", "made_on": "2025-05-01", "reason": "Convicted: 3 years"},
    )
    assert made.status_code == 200 and "In force: on the screening list" in made.text
    subject = screening.SubjectIn(
        kind="person",
        names=["Arben Hoxha"],
        date_of_birth="1990-05-01",
        nationalities=["ALB"],
        identifiers=["AB1234567"],
    )
    with unit_of_work() as uow:
        hits = screening.screen(
            uow.session, subject, use="carrier", on=date(2025, 6, 2), lists=["deportation-exclusion"]
        )
        assert [h.list_name for h in hits] == ["deportation-exclusion"]
        order_id = uow.session.scalars(select(RemovalOrder.id)).one()
    no_reason = client.post(f"/returns/cases/{case_id}/orders/{order_id}/revoke", data={"on": "2025-06-02"})
    assert no_reason.status_code == 422 and f'href="#revoke-reason-{order_id}"' in no_reason.text
    too_early = client.post(
        f"/returns/cases/{case_id}/orders/{order_id}/revoke", data={"on": "2025-04-01", "reason": "Quashed"}
    )
    assert too_early.status_code == 422 and "before it was made" in too_early.text
    revoked = client.post(
        f"/returns/cases/{case_id}/orders/{order_id}/revoke", data={"on": "2025-06-02", "reason": "Quashed"}
    )
    assert revoked.status_code == 200 and "Revoked on 2025-06-02" in revoked.text
    with unit_of_work() as uow:
        later = screening.screen(
            uow.session, subject, use="carrier", on=date(2025, 6, 3), lists=["deportation-exclusion"]
        )
        assert later == []


def test_an_exclusion_order_with_a_future_date_is_refused(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    sign_in(["returns_officer"])
    page = client.post(
        f"/returns/cases/{case_id}/orders",
        data={"kind": "exclusion", "made_on": "2025-06-03", "reason": "Conducive to the public good"},
    )
    assert page.status_code == 422 and 'href="#order-made_on"' in page.text
    assert _count(RemovalOrder) == 0


def test_a_reader_without_write_permission_cannot_use_the_case_forms(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    sign_in(["caseworker"])
    assert client.get("/returns/cases/new").status_code == 403
    assert client.post(f"/returns/cases/{case_id}/detain", data={"on": "2025-06-01"}).status_code == 403
    assert (
        client.post(
            f"/returns/cases/{case_id}/close", data={"outcome": "absconded", "on": "2025-06-01"}
        ).status_code
        == 403
    )


def test_every_case_form_carries_the_session_token_and_a_post_without_it_changes_nothing(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    principal = sign_in(["returns_officer"])
    page = client.get(f"/returns/cases/{case_id}", params={"justification": "Checking the forms"})
    forms = page.text.count('<form method="post"')
    assert forms >= 7
    assert page.text.count(f'name="csrf_token" value="{principal.csrf_token}"') == forms
    del client.headers["X-CSRF-Token"]
    refused = client.post(f"/returns/cases/{case_id}/detain", data={"on": "2025-06-01"})
    assert refused.status_code == 403
    with unit_of_work() as uow:
        assert service.get_case(uow, case_id).detained_from is None
