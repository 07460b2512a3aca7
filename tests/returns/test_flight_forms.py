"""Flight forms: take someone off the manifest, record the departure with last-minute disruptions and a
reason per person, and cancel a flight. Bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.returns import flights
from portcullis.returns.models import ReturnRecord

from .conftest import OFFICER


def _flight_with(ready_case, people: int = 2) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    case_ids = [ready_case(family=f"Person{i}") for i in range(people)]
    with unit_of_work() as uow:
        flight = flights.plan_flight(
            uow,
            actor=OFFICER,
            kind="charter",
            reference="PVT-100",
            destinations=["ALB"],
            departs_on=date(2025, 6, 2),
            capacity=10,
            escorts=20,
        )
        flights.build_manifest(uow, actor=OFFICER, flight_id=flight.id)
        return flight.id, case_ids


def _returns() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(ReturnRecord)) or 0


def test_the_departure_returns_everyone_except_the_person_disrupted_with_a_reason(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    flight_id, (flew, stayed) = _flight_with(ready_case)
    sign_in(["returns_officer"])
    form = client.get(f"/returns/flights/{flight_id}/departure")
    assert form.status_code == 200 and "Reason Arben Person1 did not fly" in form.text
    assert 'name="csrf_token"' in form.text
    done = client.post(
        f"/returns/flights/{flight_id}/departure",
        data={
            "departed_on": "2025-06-02",
            f"reason-{flew}": "",
            f"reason-{stayed}": "Disruptive on the coach",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get(f"/returns/flights/{flight_id}")
    assert "1 returned, 1 disrupted" in page.text and "Disruptive on the coach" in page.text
    assert _returns() == 1
    again = client.get(f"/returns/flights/{flight_id}/departure")
    assert "This flight is departed" in again.text


def test_a_departure_date_in_the_future_is_refused_and_nobody_is_returned(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    flight_id, (first, _) = _flight_with(ready_case)
    sign_in(["returns_officer"])
    refused = client.post(
        f"/returns/flights/{flight_id}/departure",
        data={"departed_on": "2025-06-03", f"reason-{first}": "Medical"},
    )
    assert refused.status_code == 422 and 'href="#departed_on"' in refused.text
    assert "Date of departure: the departure date is in the future" in refused.text
    assert 'value="Medical"' in refused.text  # what was typed is kept
    with unit_of_work() as uow:
        assert flights.get_flight(uow, flight_id).status == "planned"
    assert _returns() == 0


def test_a_disruption_for_someone_not_on_the_flight_is_refused(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    flight_id, _ = _flight_with(ready_case)
    sign_in(["returns_officer"])
    refused = client.post(
        f"/returns/flights/{flight_id}/departure",
        data={"departed_on": "2025-06-02", "reason-not-a-case": "Medical"},
    )
    assert refused.status_code == 422 and "not booked on the flight" in refused.text
    assert _returns() == 0


def test_an_officer_takes_a_person_off_the_manifest_with_a_reason(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    flight_id, (first, _) = _flight_with(ready_case)
    sign_in(["returns_officer"])
    no_reason = client.post(f"/returns/flights/{flight_id}/remove", data={"case_id": first, "reason": " "})
    assert no_reason.status_code == 422 and f'href="#remove-reason-{first}"' in no_reason.text
    taken_off = client.post(
        f"/returns/flights/{flight_id}/remove", data={"case_id": first, "reason": "Judicial review lodged"}
    )
    assert "Judicial review lodged" in taken_off.text and "1 booked of 10" in taken_off.text


def test_an_officer_cancels_a_flight_and_everyone_comes_off_it(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    flight_id, _ = _flight_with(ready_case)
    principal = sign_in(["returns_officer"])
    no_reason = client.post(f"/returns/flights/{flight_id}/cancel", data={"reason": ""})
    assert no_reason.status_code == 422 and 'href="#cancel-reason"' in no_reason.text
    with unit_of_work() as uow:
        assert flights.get_flight(uow, flight_id).status == "planned"
    cancelled = client.post(f"/returns/flights/{flight_id}/cancel", data={"reason": "Injunction granted"})
    assert "cancelled: Injunction granted" in cancelled.text and "0 booked of 10" in cancelled.text
    with unit_of_work() as uow:
        entries = audit.search(uow.session, record_id=flight_id, actor_id=principal.user_id)
        assert any("Flight cancelled" in e.justification for e in entries)
    twice = client.post(f"/returns/flights/{flight_id}/cancel", data={"reason": "Again"})
    assert twice.status_code == 422 and "Flight: the flight is already cancelled" in twice.text


def test_other_roles_cannot_record_a_departure_or_cancel(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    flight_id, _ = _flight_with(ready_case)
    sign_in(["investigator"])
    assert client.get(f"/returns/flights/{flight_id}/departure").status_code == 403
    assert client.post(f"/returns/flights/{flight_id}/cancel", data={"reason": "x"}).status_code == 403
