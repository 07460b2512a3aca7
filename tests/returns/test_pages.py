"""Returns pages and API: officers work cases and flights, investigators see networks, others are refused."""

from __future__ import annotations

from datetime import date

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.returns import networks, service

from .conftest import OFFICER


def test_an_officer_opens_a_case_only_after_giving_a_reason_and_the_opening_is_audited(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    principal = sign_in(["returns_officer"])
    ask = client.get(f"/returns/cases/{case_id}")
    assert "Why do you need this case?" in ask.text and "Hoxha" not in ask.text
    page = client.get(f"/returns/cases/{case_id}", params={"justification": "Preparing the charter"})
    assert page.status_code == 200 and "Hoxha" in page.text and "Ready for removal" in page.text
    with unit_of_work() as uow:
        seen = [e for e in audit.search(uow.session, operation="consultation") if e.record_id == case_id]
    assert seen and seen[0].actor_id == principal.user_id and seen[0].justification == "Preparing the charter"


def test_setting_removal_directions_in_the_past_shows_the_error_and_changes_nothing(
    sign_in, client, ready_case
) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    sign_in(["returns_officer"])
    response = client.post(
        f"/returns/cases/{case_id}/removal-directions", data={"directions_on": "2025-01-01"}
    )
    assert response.status_code == 422 and "cannot be set in the past" in response.text
    with unit_of_work() as uow:
        assert service.get_case(uow, case_id).removal_directions_on is None


def test_an_officer_plans_a_flight_and_fills_it_from_ready_cases(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    ready_case()
    sign_in(["returns_officer"])
    bad = client.post(
        "/returns/flights",
        data={
            "kind": "charter",
            "reference": "PVT-9",
            "destinations": "ZZZ",
            "departs_on": "2025-06-30",
            "capacity": "0",
        },
    )
    assert (
        bad.status_code == 422
        and "ZZZ is not an ISO 3166 country code" in bad.text
        and "at least 1" in bad.text
    )
    made = client.post(
        "/returns/flights",
        data={
            "kind": "charter",
            "reference": "PVT-9",
            "destinations": "ALB",
            "departs_on": "2025-06-30",
            "capacity": "20",
            "escorts": "40",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    flight_url = made.headers["location"]
    client.post(f"{flight_url}/build")
    assert "1 booked of 20" in client.get(flight_url).text


def test_statistics_download_as_csv_and_ods(sign_in, client, ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    with unit_of_work() as uow:
        service.record_return(
            uow,
            actor=OFFICER,
            case_id=case_id,
            return_type="Enforced return",
            destination="ALB",
            on=date(2025, 5, 30),
        )
    sign_in(["returns_officer"])
    csv = client.get("/returns/statistics", params={"table": "Ret_D01", "year": "2025", "download": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines() == [
        "Year,Quarter,Nationality,Region,Return type group,Return type,Number of returns",
        "2025,2025 Q2,ALB,Europe Other,Enforced return,Enforced return,1",
    ]
    ods = client.get("/returns/statistics", params={"table": "Ret_D01", "year": "2025", "download": "ods"})
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert ods.content[:2] == b"PK"
    future = client.get("/returns/statistics", params={"year": "2025", "quarter": "4"})
    assert future.status_code == 422 and "2025 Q4 is in the future" in future.text


def test_the_network_page_draws_the_graph_and_audits_the_look(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    ids = [person(family=f"Member{i}", nationality="AFG") for i in range(4)]
    with unit_of_work() as uow:
        network = networks.create_network(
            uow, actor=OFFICER, name="Test ring", countries=["AFG", "BEL"], activities=["small boats"]
        )
        for pid in ids:
            networks.add_member(uow, actor=OFFICER, network_id=network.id, person_id=pid, role="facilitator")
        networks.link(uow, actor=OFFICER, person_a=ids[0], person_b=ids[1], kind="calls", source="phones")
        network_id = network.id
    sign_in(["investigator"])
    page = client.get(f"/oic/networks/{network_id}", params={"justification": "Op planning"})
    graph = page.text.split('aria-labelledby="graph-title"')[1].split("</svg>")[0]
    assert page.status_code == 200 and graph.count("<circle") == 4 and graph.count("<line") == 1
    with unit_of_work() as uow:
        assert any(e.record_id == network_id for e in audit.search(uow.session, operation="consultation"))


def test_a_person_cannot_be_linked_to_the_same_network_twice(person) -> None:  # type: ignore[no-untyped-def]
    pid = person()
    with unit_of_work() as uow:
        network = networks.create_network(uow, actor=OFFICER, name="Ring", countries=[], activities=[])
        networks.add_member(uow, actor=OFFICER, network_id=network.id, person_id=pid, role="driver")
        network_id = network.id
    try:
        with unit_of_work() as uow:
            networks.add_member(uow, actor=OFFICER, network_id=network_id, person_id=pid, role="leader")
        raise AssertionError("a second membership was accepted")
    except service.ReturnsError as exc:
        assert exc.violations[0].field == "person_id" and "already a member" in exc.violations[0].reason


def test_other_roles_are_refused_returns_and_network_pages(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["caseworker"])
    assert client.get("/returns").status_code == 403
    assert client.get("/oic/networks").status_code == 403
    assert client.get("/api/v1/returns/statistics/Ret_D01", params={"year": 2025}).status_code == 403


def test_the_api_refuses_a_removal_without_a_liability_decision(api_client, person) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["returns_officer"])
    created = client.post("/api/v1/returns/cases", json={"person_id": person(), "category": "overstayer"})
    assert created.status_code == 201 and created.json()["stage"] == "awaiting-liability-decision"
    refused = client.post(
        f"/api/v1/returns/cases/{created.json()['id']}/removal-directions",
        json={"directions_on": "2025-07-01"},
    )
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"liability_decided_on", "travel_document"}


def test_demo_data_loads_and_the_overview_counts_returns_since_5_july_2024(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    from portcullis.returns import demo

    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))
    sign_in(["returns_officer"])
    page = client.get("/returns")
    assert page.status_code == 200 and "returns since 5 July 2024" in page.text
    assert "PVT-" in page.text


def test_an_scpo_application_against_a_network_member_is_made_through_the_orders_service(person) -> None:  # type: ignore[no-untyped-def]
    adult, child = person(dob="1985-01-01", family="Adult"), person(dob="2012-01-01", family="Child")
    with unit_of_work() as uow:
        network_id = networks.create_network(uow, actor=OFFICER, name="Ring", countries=[], activities=[]).id
    with unit_of_work() as uow:
        made = networks.record_disruption(
            uow,
            actor=OFFICER,
            network_id=network_id,
            kind="scpo-application",
            on=date(2025, 6, 2),
            person_id=adult,
        )
        assert "SCPO application" in made.details
    try:
        with unit_of_work() as uow:
            networks.record_disruption(
                uow,
                actor=OFFICER,
                network_id=network_id,
                kind="scpo-application",
                on=date(2025, 6, 2),
                person_id=child,
            )
        raise AssertionError("an SCPO application for a child was accepted")
    except service.ReturnsError as exc:
        assert any("18" in v.reason for v in exc.violations)
