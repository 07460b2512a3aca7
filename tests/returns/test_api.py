"""The returns API: each endpoint for the role that may use it, 403 for other roles, and 422 naming the
fields for bad input, with nothing saved."""

from __future__ import annotations

from sqlalchemy import func, select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.returns.models import Disruption, Flight, Network, NetworkMember, RemovalOrder

WHY = {"X-Justification": "Preparing the charter"}


def _count(model) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def _fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e["field"] for e in response.json()["errors"]}


def test_an_officer_takes_a_case_from_liability_to_return_through_the_api(api_client, person) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["returns_officer"])
    case_id = client.post(
        "/api/v1/returns/cases", json={"person_id": person(), "category": "overstayer"}
    ).json()["id"]
    decided = client.post(
        f"/api/v1/returns/cases/{case_id}/liability", json={"decided_on": "2025-05-01", "basis": "Overstayed"}
    )
    assert decided.status_code == 200 and decided.json()["stage"] == "travel-document"
    barrier = client.post(
        f"/api/v1/returns/cases/{case_id}/barriers",
        json={"kind": "judicial-review", "raised_on": "2025-06-01"},
    )
    assert barrier.status_code == 200 and barrier.json()["stage"] == "barrier"
    assert barrier.json()["barriers"][0]["kind"] == "judicial-review"
    returned = client.post(
        f"/api/v1/returns/cases/{case_id}/return",
        json={"return_type": "Enforced return", "destination": "alb", "returned_on": "2025-06-02"},
    )
    assert returned.status_code == 200 and returned.json()["outcome"] == "returned"
    read = client.get(f"/api/v1/returns/cases/{case_id}", headers=WHY)
    assert read.status_code == 200 and read.json()["return_type"] == "Enforced return"
    with unit_of_work() as uow:
        looked = audit.search(uow.session, record_id=case_id, operation="consultation")
        assert [e.justification for e in looked] == ["Preparing the charter"]


def test_reading_a_case_without_a_reason_is_refused_with_the_header_named(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    client = api_client(["returns_officer"])
    refused = client.get(f"/api/v1/returns/cases/{case_id}")
    assert refused.status_code == 422 and "X-Justification" in str(refused.json()["errors"])
    assert client.get("/api/v1/returns/cases/no-such-case", headers=WHY).status_code == 404


def test_bad_case_updates_are_refused_field_by_field(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    client = api_client(["returns_officer"])
    liability = client.post(f"/api/v1/returns/cases/{case_id}/liability", json={"decided_on": "not a date"})
    assert liability.status_code == 422 and _fields(liability) == {"decided_on", "basis"}
    barrier = client.post(
        f"/api/v1/returns/cases/{case_id}/barriers", json={"kind": "bad-weather", "raised_on": "2025-06-01"}
    )
    assert barrier.status_code == 422 and _fields(barrier) == {"kind"}
    returned = client.post(
        f"/api/v1/returns/cases/{case_id}/return",
        json={"return_type": "Holiday", "destination": "ALB", "returned_on": "2025-06-03"},
    )
    assert returned.status_code == 422 and {"return_type", "on"} <= _fields(returned)
    read = client.get(f"/api/v1/returns/cases/{case_id}", headers=WHY).json()
    assert read["stage"] == "ready" and read["barriers"] == [] and read["outcome"] is None


def test_a_removal_order_through_the_api_and_its_bad_input(api_client, person) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["returns_officer"])
    pid = person()
    bad = client.post(
        "/api/v1/returns/removal-orders",
        json={"person_id": pid, "kind": "banishment", "made_on": "2025-05-01", "reason": "x"},
    )
    assert bad.status_code == 422 and _fields(bad) == {"kind"}
    missing = client.post("/api/v1/returns/removal-orders", json={"person_id": pid, "kind": "deportation"})
    assert missing.status_code == 422 and {"made_on", "reason"} <= _fields(missing)
    assert _count(RemovalOrder) == 0
    made = client.post(
        "/api/v1/returns/removal-orders",
        json={"person_id": pid, "kind": "deportation", "made_on": "2025-05-01", "reason": "Conviction"},
    )
    assert made.status_code == 201 and _count(RemovalOrder) == 1


def test_a_flight_is_planned_read_and_filled_through_the_api(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    ready_case()
    client = api_client(["returns_officer"])
    over = client.post(
        "/api/v1/returns/flights",
        json={
            "kind": "jet",
            "reference": "",
            "destinations": ["ALB", "XXX"],
            "departs_on": "2025-06-01",
            "capacity": 0,
        },
    )
    assert over.status_code == 422
    assert _fields(over) == {"kind", "reference", "destinations", "capacity", "departs_on"}
    assert _count(Flight) == 0
    planned = client.post(
        "/api/v1/returns/flights",
        json={
            "kind": "charter",
            "reference": "PVT-7",
            "destinations": ["ALB"],
            "departs_on": "2025-06-20",
            "capacity": 1,
        },
    )
    assert planned.status_code == 201 and planned.json()["booked"] == 0
    flight_id = planned.json()["id"]
    filled = client.post(f"/api/v1/returns/flights/{flight_id}/manifest")
    assert filled.status_code == 200 and filled.json()["booked"] == 1
    read = client.get(f"/api/v1/returns/flights/{flight_id}")
    assert read.json()["manifest"][0]["status"] == "booked"
    assert client.get("/api/v1/returns/flights/nope").status_code == 404


def test_the_statistics_table_through_the_api_and_a_future_quarter_refused(api_client, ready_case) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["returns_officer"])
    table = client.get("/api/v1/returns/statistics/Ret_D04", params={"year": 2025, "quarter": 1})
    assert table.status_code == 200 and table.json()["table"] == "Ret_D04" and table.json()["rows"] == []
    future = client.get("/api/v1/returns/statistics/Ret_D01", params={"year": 2025, "quarter": 3})
    assert future.status_code == 422 and _fields(future) == {"quarter"}
    bad_quarter = client.get("/api/v1/returns/statistics/Ret_D01", params={"year": 2025, "quarter": 5})
    assert bad_quarter.status_code == 422 and "quarter" in str(bad_quarter.json()["errors"])
    unknown = client.get("/api/v1/returns/statistics/Ret_D99", params={"year": 2024})
    assert unknown.status_code == 422 and _fields(unknown) == {"table"}


def test_an_investigator_builds_a_network_through_the_api_and_reads_its_graph(api_client, person) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["investigator"])
    bad = client.post("/api/v1/returns/networks", json={"name": "", "countries": ["AFG"]})
    assert bad.status_code == 422 and _fields(bad) == {"name"}
    network_id = client.post(
        "/api/v1/returns/networks",
        json={"name": "Ring", "countries": ["AFG", "BEL"], "activities": ["boats"]},
    ).json()["id"]
    pid = person(dob="1985-01-01")
    added = client.post(
        f"/api/v1/returns/networks/{network_id}/members", json={"person_id": pid, "role": "leader"}
    )
    assert added.status_code == 201
    twice = client.post(
        f"/api/v1/returns/networks/{network_id}/members", json={"person_id": pid, "role": "driver"}
    )
    assert twice.status_code == 422 and _fields(twice) == {"person_id"}
    bad_role = client.post(
        f"/api/v1/returns/networks/{network_id}/members",
        json={"person_id": person(family="B"), "role": "boss"},
    )
    assert bad_role.status_code == 422 and _fields(bad_role) == {"role"}
    assert _count(NetworkMember) == 1
    arrest = client.post(
        f"/api/v1/returns/networks/{network_id}/disruptions",
        json={"kind": "arrest", "on": "2025-06-01", "person_id": pid, "partner": "Belgian Federal Police"},
    )
    assert arrest.status_code == 201
    conviction = client.post(
        f"/api/v1/returns/networks/{network_id}/disruptions", json={"kind": "conviction", "on": "2025-06-01"}
    )
    assert conviction.status_code == 422 and _fields(conviction) == {"person_id", "sentence_months"}
    assert _count(Disruption) == 1
    no_reason = client.get(f"/api/v1/returns/networks/{network_id}/graph")
    assert no_reason.status_code == 422
    graph = client.get(
        f"/api/v1/returns/networks/{network_id}/graph", headers={"X-Justification": "Op review"}
    )
    assert graph.status_code == 200 and graph.json()["total_people"] == 1 and graph.json()["focus"] == pid


def test_other_roles_are_refused_every_returns_endpoint(api_client, ready_case, person) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    with unit_of_work() as uow:
        uow.session.add(Network(name="Ring", countries="", activities=""))
    with unit_of_work() as uow:
        network_id = uow.session.scalars(select(Network.id)).one()
    carrier = api_client(["carrier"])
    officer = api_client(["returns_officer"])
    investigator = api_client(["investigator"])
    calls = [
        ("post", "/api/v1/returns/cases", {"person_id": person(family="X"), "category": "overstayer"}),
        ("post", f"/api/v1/returns/cases/{case_id}/liability", {"decided_on": "2025-05-01", "basis": "x"}),
        ("post", f"/api/v1/returns/cases/{case_id}/barriers", {"kind": "medical", "raised_on": "2025-06-01"}),
        ("post", f"/api/v1/returns/cases/{case_id}/removal-directions", {"directions_on": "2025-06-20"}),
        ("post", "/api/v1/returns/removal-orders", {}),
        ("post", "/api/v1/returns/flights", {}),
        ("get", "/api/v1/returns/flights/x", None),
        ("get", "/api/v1/returns/statistics/Ret_D01?year=2024", None),
    ]
    oic_calls = [
        ("post", "/api/v1/returns/networks", {"name": "Other"}),
        ("post", f"/api/v1/returns/networks/{network_id}/members", {"person_id": "x", "role": "leader"}),
        (
            "post",
            f"/api/v1/returns/networks/{network_id}/disruptions",
            {"kind": "arrest", "on": "2025-06-01"},
        ),
        ("get", f"/api/v1/returns/networks/{network_id}/graph", None),
    ]
    for method, url, body in calls:
        kwargs = {"json": body} if body is not None else {}
        assert getattr(carrier, method)(url, headers=WHY, **kwargs).status_code == 403, url
        assert getattr(investigator, method)(url, headers=WHY, **kwargs).status_code == 403, url
    for method, url, body in oic_calls:
        kwargs = {"json": body} if body is not None else {}
        assert getattr(carrier, method)(url, headers=WHY, **kwargs).status_code == 403, url
        assert getattr(officer, method)(url, headers=WHY, **kwargs).status_code == 403, url
    assert carrier.get(f"/api/v1/returns/cases/{case_id}", headers=WHY).status_code == 403
