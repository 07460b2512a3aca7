"""The API for what the forms do: detention and release, closing a case, revoking an order, taking someone
off a flight, recording a departure with disruptions, cancelling a flight, and for investigators linking
people, recording operations and partnerships. Each refuses other roles and names the fields of bad input."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.returns import flights, service
from portcullis.returns.models import Association, Operation, Partnership, ReturnRecord

from .conftest import OFFICER


def _count(model) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def _fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e["field"] for e in response.json()["errors"]}


def _flight(ready_case, people: int = 2) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    case_ids = [ready_case(family=f"P{i}") for i in range(people)]
    with unit_of_work() as uow:
        flight = flights.plan_flight(
            uow,
            actor=OFFICER,
            kind="charter",
            reference="PVT-200",
            destinations=["ALB"],
            departs_on=date(2025, 6, 2),
            capacity=5,
            escorts=10,
        )
        flights.build_manifest(uow, actor=OFFICER, flight_id=flight.id)
        return flight.id, case_ids


def test_detention_release_and_closing_a_case_through_the_api(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    client = api_client(["returns_officer"])
    detained = client.post(f"/api/v1/returns/cases/{case_id}/detention", json={"on": "2025-06-01"})
    assert detained.status_code == 200 and detained.json()["detained"] is True
    twice = client.post(f"/api/v1/returns/cases/{case_id}/detention", json={"on": "2025-06-01"})
    assert twice.status_code == 422 and _fields(twice) == {"case_id"}
    early = client.post(f"/api/v1/returns/cases/{case_id}/release", json={"on": "2025-05-01"})
    assert early.status_code == 422 and _fields(early) == {"on"}
    released = client.post(f"/api/v1/returns/cases/{case_id}/release", json={"on": "2025-06-02"})
    assert released.status_code == 200 and released.json()["detained"] is False
    bad = client.post(
        f"/api/v1/returns/cases/{case_id}/close", json={"outcome": "returned", "on": "2025-06-02"}
    )
    assert bad.status_code == 422 and _fields(bad) == {"outcome"}
    future = client.post(
        f"/api/v1/returns/cases/{case_id}/close", json={"outcome": "absconded", "on": "2025-06-03"}
    )
    assert future.status_code == 422 and _fields(future) == {"on"}
    closed = client.post(
        f"/api/v1/returns/cases/{case_id}/close", json={"outcome": "absconded", "on": "2025-06-02"}
    )
    assert closed.status_code == 200 and closed.json()["stage"] == "closed"


def test_revoking_an_order_through_the_api(api_client, person) -> None:  # type: ignore[no-untyped-def]
    pid = person()
    with unit_of_work() as uow:
        order_id = service.make_removal_order(
            uow, actor=OFFICER, person_id=pid, kind="exclusion", made_on=date(2025, 5, 1), reason="Conducive"
        ).id
    client = api_client(["returns_officer"])
    no_reason = client.post(f"/api/v1/returns/removal-orders/{order_id}/revoke", json={"on": "2025-06-02"})
    assert no_reason.status_code == 422 and _fields(no_reason) == {"reason"}
    revoked = client.post(
        f"/api/v1/returns/removal-orders/{order_id}/revoke", json={"on": "2025-06-02", "reason": "Quashed"}
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_on"] == "2025-06-02"
    again = client.post(
        f"/api/v1/returns/removal-orders/{order_id}/revoke", json={"on": "2025-06-02", "reason": "Quashed"}
    )
    assert again.status_code == 422 and _fields(again) == {"order_id"}


def test_a_departure_through_the_api_returns_all_but_the_disrupted(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    flight_id, (first, second) = _flight(ready_case)
    client = api_client(["returns_officer"])
    blank = client.post(
        f"/api/v1/returns/flights/{flight_id}/departure", json={"on": "2025-06-02", "disrupted": {first: " "}}
    )
    assert blank.status_code == 422 and _fields(blank) == {"disrupted"}
    future = client.post(f"/api/v1/returns/flights/{flight_id}/departure", json={"on": "2025-06-03"})
    assert future.status_code == 422 and _fields(future) == {"on"}
    assert _count(ReturnRecord) == 0
    done = client.post(
        f"/api/v1/returns/flights/{flight_id}/departure",
        json={"on": "2025-06-02", "disrupted": {first: "Self-harm on the coach"}},
    )
    assert done.status_code == 200 and done.json()["status"] == "departed"
    statuses = {e["case_id"]: (e["status"], e["reason"]) for e in done.json()["manifest"]}
    assert statuses == {first: ("disrupted", "Self-harm on the coach"), second: ("returned", None)}
    assert _count(ReturnRecord) == 1


def test_taking_someone_off_a_flight_and_cancelling_it_through_the_api(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    flight_id, (first, _) = _flight(ready_case)
    client = api_client(["returns_officer"])
    no_reason = client.post(
        f"/api/v1/returns/flights/{flight_id}/manifest/{first}/remove", json={"reason": ""}
    )
    assert no_reason.status_code == 422 and _fields(no_reason) == {"reason"}
    removed = client.post(
        f"/api/v1/returns/flights/{flight_id}/manifest/{first}/remove", json={"reason": "Medical"}
    )
    assert removed.status_code == 200 and removed.json()["booked"] == 1
    not_booked = client.post(
        f"/api/v1/returns/flights/{flight_id}/manifest/{first}/remove", json={"reason": "Medical"}
    )
    assert not_booked.status_code == 422 and _fields(not_booked) == {"case_id"}
    cancelled = client.post(f"/api/v1/returns/flights/{flight_id}/cancel", json={"reason": "Injunction"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["booked"] == 0


def test_an_investigator_links_people_and_records_operations_and_partnerships(api_client, person) -> None:  # type: ignore[no-untyped-def]
    a, b = person(family="A"), person(family="B")
    client = api_client(["investigator"])
    same = client.post("/api/v1/returns/links", json={"person_a": a, "person_b": a, "kind": "calls"})
    assert same.status_code == 422 and _fields(same) == {"person_b"}
    made = client.post("/api/v1/returns/links", json={"person_a": b, "person_b": a, "kind": "calls"})
    assert made.status_code == 201
    twice = client.post("/api/v1/returns/links", json={"person_a": a, "person_b": b, "kind": "calls"})
    assert twice.status_code == 422 and _fields(twice) == {"person_b"}
    assert _count(Association) == 1
    no_partners = client.post(
        "/api/v1/returns/operations", json={"name": "Op Kestrel", "partners": [], "started_on": "2023-01-10"}
    )
    assert no_partners.status_code == 422 and _fields(no_partners) == {"partners"}
    operation = client.post(
        "/api/v1/returns/operations",
        json={"name": "Op Kestrel", "partners": ["Belgian Federal Police"], "started_on": "2023-01-10"},
    )
    assert operation.status_code == 201 and _count(Operation) == 1
    bad = client.post(
        "/api/v1/returns/partnerships",
        json={
            "country": "IRQ",
            "title": "x",
            "kind": "pact",
            "signed_on": "2024-11-28",
            "purpose": "",
            "source": "",
        },
    )
    assert bad.status_code == 422 and _fields(bad) == {"kind", "source"}
    missing = client.post("/api/v1/returns/partnerships", json={"country": "IRQ"})
    assert missing.status_code == 422 and {"title", "kind", "signed_on"} <= _fields(missing)
    good = client.post(
        "/api/v1/returns/partnerships",
        json={
            "country": "IRQ",
            "title": "Border security",
            "kind": "funded-project",
            "signed_on": "2024-11-28",
            "purpose": "Border security",
            "source": "Home Office, 28 November 2024",
            "amount_pence": 80_000_000,
        },
    )
    assert good.status_code == 201 and _count(Partnership) == 1


def test_other_roles_are_refused_the_action_endpoints(api_client) -> None:  # type: ignore[no-untyped-def]
    carrier, officer, investigator = (
        api_client(["carrier"]),
        api_client(["returns_officer"]),
        api_client(["investigator"]),
    )
    for url in (
        "/api/v1/returns/cases/x/detention",
        "/api/v1/returns/cases/x/release",
        "/api/v1/returns/cases/x/close",
        "/api/v1/returns/removal-orders/x/revoke",
        "/api/v1/returns/flights/x/manifest/y/remove",
        "/api/v1/returns/flights/x/departure",
        "/api/v1/returns/flights/x/cancel",
    ):
        assert carrier.post(url, json={}).status_code == 403, url
        assert investigator.post(url, json={}).status_code == 403, url
    for url in ("/api/v1/returns/links", "/api/v1/returns/operations", "/api/v1/returns/partnerships"):
        assert carrier.post(url, json={}).status_code == 403, url
        assert officer.post(url, json={}).status_code == 403, url
