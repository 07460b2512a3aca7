"""Right-to-work checks for employers: pages one question at a time, the API, the record and the audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portcullis.core import access
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.employers.models import RightToWorkRecord
from portcullis.travel import evisa_service

from .helpers import person

pytestmark = pytest.mark.usefixtures("database")
HOME_OFFICE = access.Principal(kind="user", user_id="ho", name="Home Office caseworker")


def share_code(
    *,
    valid_until: date | None = date(2027, 3, 31),
    dob: str = "1990-03-04",
    conditions: list[str] | None = None,
) -> str:
    person_id = person(dob=dob)
    with unit_of_work() as uow:
        permission = evisa_service.grant_permission(
            uow,
            person_id=person_id,
            permission_type="Skilled Worker",
            conditions=conditions or ["Work only for the sponsor"],
            valid_from=date(2024, 1, 1),
            valid_until=valid_until,
            actor=HOME_OFFICE,
        )
        return evisa_service.create_share_code(
            uow, permission_id=permission.id, purpose="work", actor=HOME_OFFICE
        )


def test_the_start_page_is_public(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/employers/right-to-work")
    assert page.status_code == 200
    assert "Start now" in page.text


def test_an_employer_checks_a_share_code_and_downloads_the_record(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    sign_in(["employer"], "Pera Palace Ltd")
    assert client.get("/employers/right-to-work/share-code").status_code == 200
    step = client.post("/employers/right-to-work/share-code", data={"share_code": code})
    assert step.status_code == 200 and "What is their date of birth?" in step.text
    done = client.post(
        "/employers/right-to-work/date-of-birth",
        data={"share_code": code, "dob-day": "4", "dob-month": "3", "dob-year": "1990"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    result = client.get(done.headers["location"])
    assert "has the right to work" in result.text
    assert "31 March 2027" in result.text  # permission end and follow-up date
    record = client.get(done.headers["location"] + "/record?download=1")
    assert record.status_code == 200
    assert "attachment" in record.headers["content-disposition"]
    assert "statutory excuse" in record.text
    with unit_of_work() as uow:
        saved = uow.session.scalar(select(RightToWorkRecord))
        assert saved is not None and saved.follow_up_on == date(2027, 3, 31)
        disclosure = uow.session.scalar(select(AuditEntry).where(AuditEntry.operation == "disclosure"))
        assert disclosure is not None and disclosure.recipient == "Pera Palace Ltd"


def test_a_malformed_share_code_is_shown_as_an_error_on_the_same_page(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["employer"], "Pera Palace Ltd")
    page = client.post("/employers/right-to-work/share-code", data={"share_code": "ABC"})
    assert page.status_code == 422
    assert "There is a problem" in page.text and 'href="#share_code"' in page.text


def test_an_unknown_share_code_or_wrong_date_of_birth_saves_nothing(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    sign_in(["employer"], "Pera Palace Ltd")
    unknown = client.post(
        "/employers/right-to-work/date-of-birth",
        data={"share_code": "ZZZZZZZZZ", "dob-day": "4", "dob-month": "3", "dob-year": "1990"},
    )
    assert unknown.status_code == 422 and "not recognised" in unknown.text
    wrong = client.post(
        "/employers/right-to-work/date-of-birth",
        data={"share_code": code, "dob-day": "5", "dob-month": "3", "dob-year": "1990"},
    )
    assert wrong.status_code == 422 and 'href="#dob-day"' in wrong.text
    with unit_of_work() as uow:
        assert uow.session.scalar(select(RightToWorkRecord)) is None


def test_an_expired_share_code_is_refused(client, sign_in, frozen_clock) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    frozen_clock.advance(timedelta(days=400))
    sign_in(["employer"], "Pera Palace Ltd")
    page = client.post(
        "/employers/right-to-work/date-of-birth",
        data={"share_code": code, "dob-day": "4", "dob-month": "3", "dob-year": "1990"},
    )
    assert page.status_code == 422 and "expired" in page.text


def test_the_check_pages_need_an_employer_account(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["caseworker"])
    assert client.get("/employers/right-to-work/share-code").status_code == 403


def test_an_employer_cannot_see_another_employers_check(client, sign_in, api_client) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    api = api_client(["employer"], "First Employer Ltd")
    made = api.post(
        "/api/v1/employers/right-to-work/checks", json={"share_code": code, "date_of_birth": "1990-03-04"}
    )
    assert made.status_code == 201, made.text
    sign_in(["employer"], "Other Employer Ltd")
    assert client.get(f"/employers/right-to-work/checks/{made.json()['id']}").status_code == 404


def test_the_api_checks_a_share_code_and_returns_the_follow_up_date(api_client) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    api = api_client(["employer"], "Pera Palace Ltd")
    made = api.post(
        "/api/v1/employers/right-to-work/checks", json={"share_code": code, "date_of_birth": "1990-03-04"}
    )
    assert made.status_code == 201
    body = made.json()
    assert body["valid"] is True and body["follow_up_on"] == "2027-03-31"
    again = api.get(f"/api/v1/employers/right-to-work/checks/{body['id']}")
    assert again.status_code == 200 and again.json()["share_reference"] == body["share_reference"]


def test_the_api_names_the_field_for_a_wrong_date_of_birth(api_client) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    api = api_client(["employer"], "Pera Palace Ltd")
    bad = api.post(
        "/api/v1/employers/right-to-work/checks", json={"share_code": code, "date_of_birth": "1991-03-04"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "date_of_birth"


def test_a_permission_that_forbids_work_is_reported_as_no_right_to_work(api_client) -> None:  # type: ignore[no-untyped-def]
    code = share_code(conditions=["No work"])
    api = api_client(["employer"], "Pera Palace Ltd")
    body = api.post(
        "/api/v1/employers/right-to-work/checks", json={"share_code": code, "date_of_birth": "1990-03-04"}
    ).json()
    assert body["valid"] is False and body["follow_up_on"] is None


def test_the_result_shows_the_evisa_photo_and_the_api_lists_follow_ups(  # type: ignore[no-untyped-def]
    client, sign_in, api_client, tmp_path, frozen_clock
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n")
    person_id = person()
    with unit_of_work() as uow:
        permission = evisa_service.grant_permission(
            uow,
            person_id=person_id,
            permission_type="Graduate",
            conditions=[],
            valid_from=date(2024, 1, 1),
            valid_until=date(2025, 6, 30),
            actor=HOME_OFFICE,
            photo_path=str(photo),
        )
        code = evisa_service.create_share_code(
            uow, permission_id=permission.id, purpose="work", actor=HOME_OFFICE
        )
    api = api_client(["employer"], "Pera Palace Ltd")
    made = api.post(
        "/api/v1/employers/right-to-work/checks", json={"share_code": code, "date_of_birth": "1990-03-04"}
    )
    assert made.json()["follow_up_on"] == "2025-06-30"
    assert api.get("/api/v1/employers/right-to-work/checks?follow_up_due=true").json() == []
    frozen_clock.advance(timedelta(days=30))
    due = api.get("/api/v1/employers/right-to-work/checks?follow_up_due=true").json()
    assert [c["id"] for c in due] == [made.json()["id"]]
    sign_in(["compliance_officer", "employer"])
    page = client.get(f"/employers/right-to-work/checks/{made.json()['id']}")
    assert "data:image/png;base64," in page.text


def test_listing_checks_is_audited_as_a_consultation_of_each_person(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    code = share_code()
    sign_in(["employer"], "Pera Palace Ltd")
    client.post(
        "/employers/right-to-work/date-of-birth",
        data={"share_code": code, "dob-day": "4", "dob-month": "3", "dob-year": "1990"},
    )
    page = client.get("/employers/right-to-work/checks")
    assert page.status_code == 200 and "Demir" in page.text
    with unit_of_work() as uow:
        entries = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.record_type == "employer_rtw_check")
        ).all()
        assert any(e.justification == "Employer viewed their list of right to work checks" for e in entries)
