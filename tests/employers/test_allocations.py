"""Undefined CoS allocations: a sponsor sees only its own licences, asks for an allocation for the year to
5 April; a caseworker records one, grants (at most what was asked) or refuses a request; the page shows
what is granted, used and left. Bad input names the field and saves nothing. The clock is 2 June 2025."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from portcullis.core.access_models import User, UserRole
from portcullis.core.db import unit_of_work
from portcullis.employers import allocations, certificates, service
from portcullis.employers.models import CosAllocation
from portcullis.employers.values import EmployersError

from .form_helpers import audited, count, date_fields
from .helpers import OFFICER, licensed_sponsor, person

pytestmark = pytest.mark.usefixtures("database")
TODAY = date(2025, 6, 2)


def _undefined_cos(licence_id: str, on: date = TODAY) -> None:
    with unit_of_work() as uow:
        certificates.assign_cos(
            uow,
            licence_id=licence_id,
            worker_person_id=person(),
            kind="undefined",
            new_worker=True,
            job_title="Care worker",
            salary="26000",
            salary_category="health_and_care",
            on=on,
            actor=OFFICER,
        )


def _request(licence_id: str, number: int = 10) -> str:
    with unit_of_work() as uow:
        return allocations.request_allocation(
            uow, licence_id=licence_id, number=number, justification="New care home", on=TODAY, actor=OFFICER
        ).id


# --- the service


def test_a_request_gives_no_cos_until_a_caseworker_grants_it() -> None:
    _, _, licence_id = licensed_sponsor()
    allocation_id = _request(licence_id)
    with pytest.raises(EmployersError, match="no undefined CoS allocation is left"):
        _undefined_cos(licence_id)
    with unit_of_work() as uow:
        allocations.decide_request(
            uow, allocation_id=allocation_id, grant=True, granted=4, on=TODAY, actor=OFFICER
        )
    _undefined_cos(licence_id)
    with unit_of_work() as uow:
        year = allocations.year(allocations.lines(uow.session, licence_id), on=TODAY)
    assert (year.ends_on, year.granted, year.used, year.left) == (date(2026, 4, 5), 4, 1, 3)
    assert audited("employer_cos_allocation", "CoS allocation request decided") == 1


def test_an_allocation_granted_on_5_april_ends_that_day_and_a_cos_on_6_april_needs_the_next_years() -> None:
    _, _, licence_id = licensed_sponsor(on=date(2025, 1, 6))
    with unit_of_work() as uow:
        allocation = certificates.grant_allocation(
            uow, licence_id=licence_id, granted=5, on=date(2025, 4, 5), actor=OFFICER
        )
        assert allocation.ends_on == date(2025, 4, 5)
    _undefined_cos(licence_id, on=date(2025, 4, 5))
    with pytest.raises(EmployersError, match="no undefined CoS allocation is left for 2025-04-06"):
        _undefined_cos(licence_id, on=date(2025, 4, 6))


def test_a_second_request_while_one_waits_and_a_request_on_a_suspended_licence_are_refused() -> None:
    _, _, licence_id = licensed_sponsor()
    _request(licence_id)
    with pytest.raises(EmployersError) as waiting:
        _request(licence_id)
    assert waiting.value.field == "requested"
    with unit_of_work() as uow:
        service.suspend_licence(uow, licence_id=licence_id, on=TODAY, reason="Audit", actor=OFFICER)
    with pytest.raises(EmployersError, match="the licence is suspended"):
        _request(licence_id)
    assert count(CosAllocation) == 1


@pytest.mark.parametrize(
    ("grant", "granted", "reason", "field"),
    [(True, 11, "", "granted"), (True, 0, "", "granted"), (False, None, " ", "reason")],
    ids=["more than requested", "none granted", "a refusal without a reason"],
)
def test_a_bad_decision_names_the_field_and_leaves_the_request_waiting(
    grant: bool, granted: int | None, reason: str, field: str
) -> None:
    _, _, licence_id = licensed_sponsor()
    allocation_id = _request(licence_id, number=10)
    with pytest.raises(EmployersError) as raised, unit_of_work() as uow:
        allocations.decide_request(
            uow,
            allocation_id=allocation_id,
            grant=grant,
            granted=granted,
            reason=reason,
            on=TODAY,
            actor=OFFICER,
        )
    assert raised.value.field == field
    assert count(CosAllocation, CosAllocation.status == "requested") == 1


# --- the pages


def test_a_sponsor_sees_its_own_allocation_and_asks_for_more_but_cannot_see_another_licence(
    client: Any, sign_in: Any
) -> None:
    principal = sign_in(["sponsor"])
    _, _, licence_id = licensed_sponsor(contact_email=principal.email)
    _, _, other_id = licensed_sponsor(name="Other Care Ltd", number="07777777", contact_email="x@example.com")
    with unit_of_work() as uow:
        certificates.grant_allocation(uow, licence_id=licence_id, granted=3, on=TODAY, actor=OFFICER)
    _undefined_cos(licence_id)
    mine = client.get("/employers/my-licences")
    assert f"/employers/licences/{licence_id}/allocations" in mine.text and other_id not in mine.text
    page = client.get(f"/employers/licences/{licence_id}/allocations")
    assert page.status_code == 200 and "2026-04-05" in page.text
    assert (
        '<dt class="govuk-summary-list__key">Left</dt><dd class="govuk-summary-list__value">2</dd>'
        in page.text
    )
    assert client.get(f"/employers/licences/{other_id}/allocations").status_code == 404
    assert client.get(f"/employers/licences/{other_id}/allocations/request").status_code == 404

    url = f"/employers/licences/{licence_id}/allocations/request"
    refused = client.post(url, data={"requested": "0", "justification": "More staff"})
    assert refused.status_code == 422 and 'href="#requested"' in refused.text
    blank = client.post(url, data={"requested": "5", "justification": ""})
    assert blank.status_code == 422 and 'href="#justification"' in blank.text
    assert count(CosAllocation, CosAllocation.status == "requested") == 0
    sent = client.post(url, data={"requested": "5", "justification": "More staff"}, follow_redirects=False)
    assert sent.status_code == 303
    assert "More staff" in client.get(f"/employers/licences/{licence_id}/allocations").text
    assert client.get(f"/employers/licences/{licence_id}/allocations/new").status_code == 403


def test_a_caseworker_records_an_allocation_and_grants_a_request_from_the_pages(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, licence_id = licensed_sponsor()
    assert (
        f"/employers/licences/{licence_id}/allocations"
        in client.get(f"/employers/sponsors/{sponsor_id}").text
    )
    url = f"/employers/licences/{licence_id}/allocations/new"
    bad = client.post(url, data={"granted": "three", **date_fields("on", TODAY)})
    assert bad.status_code == 422 and 'href="#granted"' in bad.text
    no_date = client.post(url, data={"granted": "3"})
    assert no_date.status_code == 422 and 'href="#on-day"' in no_date.text
    assert count(CosAllocation) == 0
    assert (
        client.post(
            url, data={"granted": "3", **date_fields("on", TODAY)}, follow_redirects=False
        ).status_code
        == 303
    )

    allocation_id = _request(licence_id, number=10)
    decision = f"/employers/allocations/{allocation_id}/decision"
    assert decision in client.get(f"/employers/licences/{licence_id}/allocations").text
    unanswered = client.post(decision, data={})
    assert unanswered.status_code == 422 and 'href="#decision"' in unanswered.text
    too_many = client.post(decision, data={"decision": "grant", "granted": "12"})
    assert too_many.status_code == 422 and "Grant between 1 and the 10 requested" in too_many.text
    assert (
        client.post(decision, data={"decision": "grant", "granted": "8"}, follow_redirects=False).status_code
        == 303
    )
    page = client.get(f"/employers/licences/{licence_id}/allocations").text
    assert (
        '<dt class="govuk-summary-list__key">Granted</dt><dd class="govuk-summary-list__value">11</dd>'
        in page
    )
    again = client.post(decision, data={"decision": "refuse", "reason": "Late"})
    assert again.status_code == 422 and "This request was already decided: granted" in again.text


# --- the API


def _sponsor_email() -> str:
    with unit_of_work() as uow:
        return uow.session.scalars(
            select(User.email).join(UserRole).where(UserRole.role == "sponsor").order_by(User.email)
        ).all()[-1]


def test_the_api_gives_a_sponsor_its_own_allocation_takes_a_request_and_a_caseworker_decides_it(
    api_client: Any,
) -> None:
    sponsor = api_client(["sponsor"])
    _, _, licence_id = licensed_sponsor(contact_email=_sponsor_email())
    _, _, other_id = licensed_sponsor(name="Other Care Ltd", number="07777777")
    base = "/api/v1/employers"
    assert sponsor.get(f"{base}/licences/{other_id}/allocations").status_code == 404
    bad = sponsor.post(
        f"{base}/licences/{licence_id}/allocations/requests", json={"requested": 0, "justification": "x"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "requested"
    made = sponsor.post(
        f"{base}/licences/{licence_id}/allocations/requests", json={"requested": 6, "justification": "Winter"}
    )
    assert made.status_code == 201 and made.json()["ends_on"] == "2026-04-05"
    assert (
        sponsor.post(f"{base}/allocations/{made.json()['id']}/decision", json={"grant": True}).status_code
        == 403
    )
    caseworker = api_client(["compliance_officer"])
    refused = caseworker.post(f"{base}/allocations/{made.json()['id']}/decision", json={"grant": False})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    granted = caseworker.post(
        f"{base}/allocations/{made.json()['id']}/decision", json={"grant": True, "granted": 6}
    )
    assert granted.json()["status"] == "granted"
    year = sponsor.get(f"{base}/licences/{licence_id}/allocations").json()["year"]
    assert year == {"ends_on": "2026-04-05", "granted": 6, "used": 0, "left": 6, "waiting": 0}
