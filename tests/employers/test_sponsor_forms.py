"""Compliance officers' forms over the sponsor services: registering a sponsor and deciding a licence
application, assigning a CoS, recording a reporting change and a complaint of charging workers. Bad input
names the field and saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.core.parties import Organisation, Person
from portcullis.employers import service
from portcullis.employers.models import (
    Certificate,
    ComplianceCase,
    Licence,
    LicenceApplication,
    ReportingDuty,
    Sponsor,
)

from .form_helpers import count, date_fields
from .helpers import OFFICER, licensed_sponsor, organisation

pytestmark = pytest.mark.usefixtures("database")
SPONSOR = {
    "name": "Harbour Care Homes Ltd",
    "company_number": "09876543",
    "sector": "care",
    "region": "East of England",
    "contact_email": "ao@harbour.example",
}


def test_the_register_a_sponsor_form_carries_the_sessions_csrf_token(client: Any, sign_in: Any) -> None:
    principal = sign_in(["compliance_officer"])
    page = client.get("/employers/sponsors/new")
    assert page.status_code == 200
    assert f'name="csrf_token" value="{principal.csrf_token}"' in page.text


def test_an_officer_registers_a_care_sponsor_with_its_company_number(client: Any, sign_in: Any) -> None:
    sign_in(["compliance_officer"])
    response = client.post("/employers/sponsors/new", data=SPONSOR, follow_redirects=False)
    assert response.status_code == 303
    with unit_of_work() as uow:
        sponsor = uow.session.scalars(select(Sponsor)).one()
        org = uow.session.get(Organisation, sponsor.organisation_id)
        assert org is not None and org.company_number == "09876543"
        assert sponsor.care is True and sponsor.sector == "care"
    page = client.get(response.headers["location"])
    assert "Harbour Care Homes Ltd" in page.text and "(care sector)" in page.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("company_number", "123", "Enter the company number"),
        ("sector", "", "must be one of"),
        ("name", " ", "Enter the organisation"),
    ],
)
def test_a_sponsor_with_a_bad_field_is_refused_naming_the_field_and_nothing_is_saved(
    client: Any,
    sign_in: Any,
    field: str,
    value: str,
    message: str,
) -> None:
    sign_in(["compliance_officer"])
    response = client.post("/employers/sponsors/new", data={**SPONSOR, field: value})
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text
    assert "govuk-error-summary" in response.text and message.lower() in response.text.lower()
    assert count(Sponsor) == 0 and count(Organisation) == 0


def test_an_organisation_already_registered_as_a_sponsor_is_refused_on_the_company_number(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    client.post("/employers/sponsors/new", data=SPONSOR)
    response = client.post("/employers/sponsors/new", data=SPONSOR)
    assert response.status_code == 422
    assert 'href="#company_number"' in response.text and "already registered" in response.text
    assert count(Sponsor) == 1


def _sponsor_id(number: str = "01234567") -> tuple[str, str]:
    org_id = organisation("Bright Care Ltd", number)
    with unit_of_work() as uow:
        sponsor = service.register_sponsor(
            uow, organisation_id=org_id, sector="care", region="East of England", actor=OFFICER
        )
        return org_id, sponsor.id


def test_a_licence_application_with_no_sanction_is_granted_a_rated(client: Any, sign_in: Any) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id = _sponsor_id()
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/applications/new", data={"routes": ["skilled-worker"]}
    )
    assert response.status_code == 200 and "Licence granted" in response.text
    with unit_of_work() as uow:
        assert uow.session.scalars(select(Licence)).one().rating == "A"


def test_a_licence_application_during_a_sanction_is_refused_with_the_reason_shown(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    org_id, sponsor_id = _sponsor_id()
    with unit_of_work() as uow:
        service.impose_sanction(
            uow,
            organisation_id=org_id,
            reason="flagrant breach",
            on=date(2025, 3, 1),
            repeat=False,
            actor=OFFICER,
        )
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/applications/new", data={"routes": ["skilled-worker"]}
    )
    assert response.status_code == 200
    assert "Licence refused" in response.text and "flagrant breach" in response.text
    assert count(Licence) == 0
    with unit_of_work() as uow:
        assert uow.session.scalars(select(LicenceApplication)).one().outcome == "refused"


def test_a_licence_application_without_a_route_names_the_routes_field_and_records_nothing(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id = _sponsor_id()
    response = client.post(f"/employers/sponsors/{sponsor_id}/applications/new", data={})
    assert response.status_code == 422 and 'href="#routes"' in response.text
    assert count(LicenceApplication) == 0 and count(Licence) == 0


def test_a_revoked_sponsor_applying_again_is_refused_for_cooling_off_and_the_banned_sponsors_list(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, licence_id = licensed_sponsor(on=date(2025, 5, 1))
    with unit_of_work() as uow:
        service.revoke_licence(
            uow, licence_id=licence_id, ground="C1-false-information", on=date(2025, 5, 2), actor=OFFICER
        )
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/applications/new", data={"routes": ["scale-up"]}
    )
    assert "Licence refused" in response.text
    assert "cooling-off" in response.text and "banned-sponsors" in response.text


WORKER = {
    "given_names": "Ayse",
    "family_name": "Demir",
    "date_of_birth": "1990-03-04",
    "new_worker": "yes",
    "kind": "defined",
    "job_title": "Care home manager",
    "salary_category": "general",
}


def _cos(salary: str, on: date, **changes: str) -> dict[str, str]:
    return {**WORKER, "salary": salary, **date_fields("assigned_on", on), **changes}


def test_a_cos_meeting_the_threshold_on_its_date_is_assigned_to_the_worker(client: Any, sign_in: Any) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, licence_id = licensed_sponsor()
    response = client.post(
        f"/employers/licences/{licence_id}/cos/new",
        data=_cos("38700", date(2025, 7, 21)),
        follow_redirects=False,
    )
    assert response.status_code == 303
    with unit_of_work() as uow:
        cos = uow.session.scalars(select(Certificate)).one()
        worker = uow.session.get(Person, cos.worker_person_id)
        assert worker is not None and worker.full_name == "Ayse Demir"
        assert cos.use_by == date(2025, 10, 21)
    assert "Care home manager" in client.get(f"/employers/sponsors/{sponsor_id}").text


@pytest.mark.parametrize(
    ("salary", "on", "threshold"),
    [("38000", date(2025, 7, 21), "38700.00"), ("41000", date(2025, 7, 22), "41700.00")],
)
def test_a_cos_under_the_threshold_on_that_date_is_refused_with_the_threshold_and_nothing_saved(
    client: Any,
    sign_in: Any,
    salary: str,
    on: date,
    threshold: str,
) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    response = client.post(
        f"/employers/licences/{licence_id}/cos/new", data=_cos(salary, on), follow_redirects=False
    )
    assert response.status_code == 422
    assert 'href="#salary"' in response.text and threshold in response.text
    assert count(Certificate) == 0 and count(Person, Person.family_name == "Demir") == 0


def test_a_b_rated_sponsor_cannot_assign_a_cos_to_a_new_worker_but_may_extend_an_existing_one(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        service.downgrade(
            uow, licence_id=licence_id, on=date(2025, 6, 2), months=3, actions=["train staff"], actor=OFFICER
        )
    refused = client.post(
        f"/employers/licences/{licence_id}/cos/new",
        data=_cos("50000", date(2025, 6, 2)),
        follow_redirects=False,
    )
    assert refused.status_code == 422
    assert 'href="#new_worker"' in refused.text and "B-rated sponsor may not assign" in refused.text
    assert count(Certificate) == 0
    extension = _cos("50000", date(2025, 6, 2), new_worker="no")
    assert (
        client.post(
            f"/employers/licences/{licence_id}/cos/new", data=extension, follow_redirects=False
        ).status_code
        == 303
    )
    assert count(Certificate) == 1


def test_a_cos_dated_before_any_recorded_threshold_is_refused_naming_the_date(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    response = client.post(
        f"/employers/licences/{licence_id}/cos/new",
        data=_cos("50000", date(2024, 4, 3)),
        follow_redirects=False,
    )
    assert response.status_code == 422 and 'href="#assigned_on-day"' in response.text
    assert count(Certificate) == 0


def test_a_change_about_the_organisation_is_due_in_20_working_days_and_shown_on_the_sponsor_page(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, licence_id = licensed_sponsor()
    data = {
        "kind": "organisation",
        "change": "New registered office",
        **date_fields("occurred_on", date(2025, 5, 1)),
    }
    response = client.post(f"/employers/licences/{licence_id}/changes/new", data=data, follow_redirects=False)
    assert response.status_code == 303
    with unit_of_work() as uow:
        # 20 working days from 1 May 2025, skipping the bank holidays of 5 and 26 May
        assert uow.session.scalars(select(ReportingDuty)).one().due_on == date(2025, 6, 2)
    assert "New registered office" in client.get(f"/employers/sponsors/{sponsor_id}").text


def test_a_worker_change_without_the_worker_is_refused_naming_the_worker_and_nothing_saved(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    data = {"kind": "worker", "change": "Stopped work", **date_fields("occurred_on", date(2025, 5, 1))}
    response = client.post(f"/employers/licences/{licence_id}/changes/new", data=data, follow_redirects=False)
    assert response.status_code == 422 and 'href="#worker_person_id"' in response.text
    assert count(ReportingDuty) == 0


def test_a_complaint_that_a_worker_was_charged_sponsorship_costs_opens_a_compliance_case(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, _ = licensed_sponsor()
    data = {"complaint": "Charged 1,500 GBP for the CoS fee", **date_fields("received_on", date(2025, 6, 2))}
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/complaints/new", data=data, follow_redirects=False
    )
    assert response.status_code == 303
    with unit_of_work() as uow:
        case = uow.session.scalars(select(ComplianceCase)).one()
        assert case.kind == "complaint-charging-workers" and case.status == "open"
    assert "Charged 1,500 GBP" in client.get(f"/employers/sponsors/{sponsor_id}").text


def test_a_complaint_with_no_received_date_is_refused_naming_the_date_and_no_case_opens(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, _ = licensed_sponsor()
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/complaints/new",
        data={"complaint": "Charged"},
        follow_redirects=False,
    )
    assert response.status_code == 422 and 'href="#received_on-day"' in response.text
    assert count(ComplianceCase) == 0
