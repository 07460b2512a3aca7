"""Compliance officers' forms for licence actions: marking a reporting duty reported, suspending and
reinstating a licence, and imposing a sanction. Bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.employers import certificates
from portcullis.employers.models import Licence, ReportingDuty, Sanction
from portcullis.employers.values import EmployersError

from .form_helpers import audited, count, date_fields
from .helpers import OFFICER, licensed_sponsor

pytestmark = pytest.mark.usefixtures("database")


def _duty(licence_id: str) -> str:
    with unit_of_work() as uow:
        duty = certificates.record_change(
            uow,
            licence_id=licence_id,
            kind="organisation",
            change="New registered office",
            occurred_on=date(2025, 5, 1),
            worker_person_id=None,
            actor=OFFICER,
        )
        return duty.id


def _status(licence_id: str) -> str:
    with unit_of_work() as uow:
        licence = uow.session.get(Licence, licence_id)
        assert licence is not None
        return licence.status


def test_an_officer_marks_a_change_reported_from_the_sponsor_pages_reporting_duties_table(
    client: Any, sign_in: Any
) -> None:
    principal = sign_in(["compliance_officer"])
    _, sponsor_id, licence_id = licensed_sponsor()
    duty_id = _duty(licence_id)
    assert f"/employers/duties/{duty_id}/reported" in client.get(f"/employers/sponsors/{sponsor_id}").text
    form = client.get(f"/employers/duties/{duty_id}/reported")
    assert f'name="csrf_token" value="{principal.csrf_token}"' in form.text
    data = date_fields("reported_on", date(2025, 5, 20))
    response = client.post(f"/employers/duties/{duty_id}/reported", data=data, follow_redirects=False)
    assert response.status_code == 303
    with unit_of_work() as uow:
        assert uow.session.scalars(select(ReportingDuty)).one().reported_on == date(2025, 5, 20)
    assert audited("employer_reporting_duty", "Reporting duty marked reported") == 1


def test_marking_a_change_reported_is_audited_in_the_same_transaction_so_a_failure_leaves_neither() -> None:
    _, _, licence_id = licensed_sponsor()
    duty_id = _duty(licence_id)
    with pytest.raises(RuntimeError), unit_of_work() as uow:
        certificates.mark_reported(uow, duty_id=duty_id, reported_on=date(2025, 5, 20), actor=OFFICER)
        raise RuntimeError("the request failed after the audit entry was written")
    assert audited("employer_reporting_duty", "Reporting duty marked reported") == 0
    assert count(ReportingDuty, ReportingDuty.reported_on.is_not(None)) == 0
    with unit_of_work() as uow:
        certificates.mark_reported(uow, duty_id=duty_id, reported_on=date(2025, 5, 20), actor=OFFICER)
    assert audited("employer_reporting_duty", "Reporting duty marked reported") == 1
    with (
        pytest.raises(EmployersError, match="reported_on: the change was already reported"),
        unit_of_work() as uow,
    ):
        certificates.mark_reported(uow, duty_id=duty_id, reported_on=date(2025, 5, 21), actor=OFFICER)
    assert audited("employer_reporting_duty", "Reporting duty marked reported") == 1


def test_a_report_dated_before_the_change_happened_is_refused_naming_the_date_and_nothing_saved(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    duty_id = _duty(licence_id)
    data = date_fields("reported_on", date(2025, 4, 30))
    response = client.post(f"/employers/duties/{duty_id}/reported", data=data, follow_redirects=False)
    assert response.status_code == 422 and 'href="#reported_on-day"' in response.text
    assert count(ReportingDuty, ReportingDuty.reported_on.is_not(None)) == 0


def test_an_officer_suspends_a_licence_with_a_reason_then_reinstates_it(client: Any, sign_in: Any) -> None:
    principal = sign_in(["compliance_officer"])
    _, sponsor_id, licence_id = licensed_sponsor()
    form = client.get(f"/employers/licences/{licence_id}/suspend")
    assert f'name="csrf_token" value="{principal.csrf_token}"' in form.text
    data = {"reason": "Workers found not on the CoS salary", **date_fields("suspended_on", date(2025, 6, 2))}
    response = client.post(f"/employers/licences/{licence_id}/suspend", data=data, follow_redirects=False)
    assert response.status_code == 303 and _status(licence_id) == "suspended"
    assert (
        f"/employers/licences/{licence_id}/reinstate" in client.get(f"/employers/sponsors/{sponsor_id}").text
    )
    response = client.post(
        f"/employers/licences/{licence_id}/reinstate", data={"confirm": "yes"}, follow_redirects=False
    )
    assert response.status_code == 303 and _status(licence_id) == "active"


def test_a_suspension_without_a_reason_is_refused_naming_the_reason_and_the_licence_stays_active(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    data = {"reason": " ", **date_fields("suspended_on", date(2025, 6, 2))}
    response = client.post(f"/employers/licences/{licence_id}/suspend", data=data, follow_redirects=False)
    assert response.status_code == 422 and 'href="#reason"' in response.text
    assert _status(licence_id) == "active"


def test_reinstating_an_active_licence_is_refused_naming_the_question(client: Any, sign_in: Any) -> None:
    sign_in(["compliance_officer"])
    _, _, licence_id = licensed_sponsor()
    response = client.post(
        f"/employers/licences/{licence_id}/reinstate", data={"confirm": "yes"}, follow_redirects=False
    )
    assert response.status_code == 422 and 'href="#confirm"' in response.text
    assert "only a suspended licence can be reinstated" in response.text.lower()
    assert _status(licence_id) == "active"


def test_an_officer_imposes_a_sanction_shown_on_the_sponsor_page(client: Any, sign_in: Any) -> None:
    principal = sign_in(["compliance_officer"])
    _, sponsor_id, _ = licensed_sponsor()
    form = client.get(f"/employers/sponsors/{sponsor_id}/sanctions/new")
    assert f'name="csrf_token" value="{principal.csrf_token}"' in form.text
    data = {"reason": "Charged workers the CoS fee", "repeat": "no", **date_fields("on", date(2025, 6, 2))}
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/sanctions/new", data=data, follow_redirects=False
    )
    assert response.status_code == 303
    with unit_of_work() as uow:
        sanction = uow.session.scalars(select(Sanction)).one()
        assert sanction.starts_on == date(2025, 6, 2) and sanction.ends_on > sanction.starts_on


@pytest.mark.parametrize(
    ("data", "anchor"),
    [
        ({"reason": "", "repeat": "no", **date_fields("on", date(2025, 6, 2))}, "#reason"),
        ({"reason": "Charged workers", **date_fields("on", date(2025, 6, 2))}, "#repeat"),
        (
            {"reason": "Charged workers", "repeat": "no", "on-day": "31", "on-month": "2", "on-year": "2025"},
            "#on-day",
        ),
    ],
)
def test_a_sanction_with_bad_input_is_refused_naming_the_field_and_nothing_saved(
    client: Any, sign_in: Any, data: dict[str, str], anchor: str
) -> None:
    sign_in(["compliance_officer"])
    _, sponsor_id, _ = licensed_sponsor()
    response = client.post(
        f"/employers/sponsors/{sponsor_id}/sanctions/new", data=data, follow_redirects=False
    )
    assert response.status_code == 422 and f'href="{anchor}"' in response.text
    assert count(Sanction) == 0


def test_a_report_dated_after_today_is_refused_naming_the_date_and_nothing_saved(
    client: Any, sign_in: Any
) -> None:
    sign_in(["compliance_officer"])  # the clock is frozen at 2 June 2025
    _, _, licence_id = licensed_sponsor()
    duty_id = _duty(licence_id)
    data = date_fields("reported_on", date(2025, 6, 3))
    response = client.post(f"/employers/duties/{duty_id}/reported", data=data, follow_redirects=False)
    assert response.status_code == 422 and 'href="#reported_on-day"' in response.text
    assert count(ReportingDuty, ReportingDuty.reported_on.is_not(None)) == 0
