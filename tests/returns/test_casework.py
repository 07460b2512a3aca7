"""Removal casework, flights, deportation orders feeding screening, and the statistics tables."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from portcullis.cli import app
from portcullis.core import audit, policy
from portcullis.core.db import unit_of_work
from portcullis.returns import flights, service, statistics
from portcullis.returns.models import RemovalCase, ReturnRecord
from portcullis.screening import service as screening

from .conftest import OFFICER

runner = CliRunner()


def test_removal_directions_without_a_liability_decision_are_refused_and_nothing_changes(person) -> None:  # type: ignore[no-untyped-def]
    pid = person()
    with unit_of_work() as uow:
        case_id = service.open_case(uow, actor=OFFICER, person_id=pid, category="overstayer").id
    with pytest.raises(service.ReturnsError) as exc, unit_of_work() as uow:
        service.set_removal_directions(uow, actor=OFFICER, case_id=case_id, directions_on=date(2025, 6, 20))
    assert "liability_decided_on" in str(exc.value)
    with unit_of_work() as uow:
        case = uow.session.get(RemovalCase, case_id)
        assert case is not None and case.removal_directions_on is None
        assert case.stage == "awaiting-liability-decision"


def test_a_barrier_takes_a_booked_person_off_the_flight_with_the_reason(ready_case) -> None:  # type: ignore[no-untyped-def]
    case_id = ready_case()
    with unit_of_work() as uow:
        flight = flights.plan_flight(
            uow,
            actor=OFFICER,
            kind="charter",
            reference="PVT-001",
            destinations=["ALB"],
            departs_on=date(2025, 6, 20),
            capacity=50,
            escorts=100,
        )
        flights.add_to_manifest(uow, actor=OFFICER, flight_id=flight.id, case_id=case_id)
        flight_id = flight.id
    with unit_of_work() as uow:
        service.raise_barrier(
            uow, actor=OFFICER, case_id=case_id, kind="judicial-review", on=date(2025, 6, 2)
        )
    with unit_of_work() as uow:
        entry = flights.get_flight(uow, flight_id).manifest[0]
        assert (entry.status, entry.reason) == ("removed", "barrier raised: judicial review")
        assert service.get_case(uow, case_id).stage == "barrier"


def test_a_flight_over_capacity_refuses_the_extra_booking(ready_case) -> None:  # type: ignore[no-untyped-def]
    cases = [ready_case(family=f"Person{i}") for i in range(3)]
    with unit_of_work() as uow:
        flight = flights.plan_flight(
            uow,
            actor=OFFICER,
            kind="scheduled",
            reference="BA-1",
            destinations=["ALB"],
            departs_on=date(2025, 6, 20),
            capacity=2,
            escorts=4,
        )
        flight_id = flight.id
    with unit_of_work() as uow:
        assert flights.build_manifest(uow, actor=OFFICER, flight_id=flight_id) == 2
    with pytest.raises(service.ReturnsError, match="capacity"), unit_of_work() as uow:
        flights.add_to_manifest(uow, actor=OFFICER, flight_id=flight_id, case_id=cases[2])


def test_a_departed_charter_returns_everyone_but_the_last_minute_disruptions(ready_case) -> None:  # type: ignore[no-untyped-def]
    cases = [ready_case(family=f"Person{i}", category="foreign-national-offender") for i in range(3)]
    with unit_of_work() as uow:
        flight = flights.plan_flight(
            uow,
            actor=OFFICER,
            kind="charter",
            reference="PVT-002",
            destinations=["ALB"],
            departs_on=date(2025, 6, 2),
            capacity=10,
            escorts=20,
        )
        flights.build_manifest(uow, actor=OFFICER, flight_id=flight.id)
        flight_id = flight.id
    with unit_of_work() as uow:
        returned = flights.record_departure(
            uow,
            actor=OFFICER,
            flight_id=flight_id,
            on=date(2025, 6, 2),
            disrupted={cases[0]: "Disruptive behaviour on the aircraft"},
        )
    assert returned == 2
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ReturnRecord)) == 2
        assert service.get_case(uow, cases[0]).stage == "ready"
        assert service.get_case(uow, cases[1]).stage == "returned"
        table = statistics.quarterly_table(
            uow.session, code="Ret_D04", year=2025, quarter=2, today=date(2025, 6, 2)
        )
    assert table.rows == [[2025, "2025 Q2", "ALB", "Europe Other", "Enforced return", 2]]


def test_a_deportation_order_puts_the_person_on_the_screening_list_and_revoking_lifts_it(person) -> None:  # type: ignore[no-untyped-def]
    pid = person(nationality="ALB", given="Arben", family="Hoxha", passport="AB1234567")
    subject = screening.SubjectIn(
        kind="person",
        names=["Arben Hoxha"],
        date_of_birth="1990-05-01",
        nationalities=["ALB"],
        identifiers=["AB1234567"],
    )
    with unit_of_work() as uow:
        order_id = service.make_removal_order(
            uow,
            actor=OFFICER,
            person_id=pid,
            kind="deportation",
            made_on=date(2025, 5, 1),
            reason="Conviction: 3 years",
        ).id
    with unit_of_work() as uow:
        hits = screening.screen(
            uow.session, subject, use="carrier", on=date(2025, 6, 2), lists=["deportation-exclusion"]
        )
    assert [h.list_name for h in hits] == ["deportation-exclusion"]
    with unit_of_work() as uow:
        service.revoke_removal_order(
            uow, actor=OFFICER, order_id=order_id, on=date(2025, 6, 2), reason="Quashed on appeal"
        )
    with unit_of_work() as uow:
        assert (
            screening.screen(
                uow.session, subject, use="carrier", on=date(2025, 6, 3), lists=["deportation-exclusion"]
            )
            == []
        )


def test_opening_a_case_is_audited_as_a_collection_about_that_person(person) -> None:  # type: ignore[no-untyped-def]
    pid = person()
    with unit_of_work() as uow:
        case_id = service.open_case(uow, actor=OFFICER, person_id=pid, category="illegal-worker").id
    with unit_of_work() as uow:
        entries = audit.search(uow.session, subject_id=pid)
    assert [(e.operation, e.record_id) for e in entries] == [("collection", case_id)]


def _returns(person, n: int, on: date, **kw: str) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        pid = person(family=f"R{i}{on}", **kw)
        with unit_of_work() as uow:
            case = service.open_case(uow, actor=OFFICER, person_id=pid, category="refused-asylum-seeker")
            service.decide_liability(
                uow, actor=OFFICER, case_id=case.id, decided_on=date(2024, 6, 1), basis="Asylum claim refused"
            )
            service.record_return(
                uow,
                actor=OFFICER,
                case_id=case.id,
                return_type="Assisted return",
                destination=kw.get("nationality", "ALB"),
                on=on,
            )


def test_counts_since_5_july_2024_include_the_day_itself_and_not_the_day_before(person) -> None:  # type: ignore[no-untyped-def]
    _returns(person, 1, date(2024, 7, 4))
    _returns(person, 2, date(2024, 7, 5))
    with unit_of_work() as uow:
        counts = statistics.counts_since(uow.session, since=date(2024, 7, 5), today=date(2025, 6, 2))
    assert counts.total == 2 and counts.by_group == {"Voluntary return": 2}


def test_the_stats_command_prints_a_table_as_json_and_refuses_a_future_quarter(person) -> None:  # type: ignore[no-untyped-def]
    _returns(person, 2, date(2025, 2, 10), nationality="VNM", sex="F", dob="2000-01-01")
    ok = runner.invoke(
        app, ["returns", "stats", "--table", "Ret_D02", "--year", "2025", "--quarter", "1", "--json"]
    )
    assert ok.exit_code == 0, ok.output
    rows = json.loads(ok.stdout)["rows"]
    assert rows == [
        {
            "Year": 2025,
            "Quarter": "2025 Q1",
            "Nationality": "VNM",
            "Region": "Asia South East",
            "Return type group": "Voluntary return",
            "Age": "18 to 29",
            "Sex": "Female",
            "Number of returns": 2,
        }
    ]
    future = runner.invoke(app, ["returns", "stats", "--year", "2025", "--quarter", "4", "--json"])
    assert future.exit_code == 1 and json.loads(future.stdout)["errors"][0]["field"] == "quarter"


def test_an_enforced_return_without_a_liability_decision_is_refused(person) -> None:  # type: ignore[no-untyped-def]
    pid = person()
    with unit_of_work() as uow:
        case_id = service.open_case(uow, actor=OFFICER, person_id=pid, category="overstayer").id
    with pytest.raises(service.ReturnsError, match="liability"), unit_of_work() as uow:
        service.record_return(
            uow,
            actor=OFFICER,
            case_id=case_id,
            return_type="Enforced return",
            destination="ALB",
            on=date(2025, 6, 1),
        )
    assert policy.at(date(2025, 6, 1)).get("returns.statistics.return_types")["Enforced return"]
