"""Returns and organised immigration crime API: /api/v1/returns/... (guarded; consultations audited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from fastapi.responses import JSONResponse

from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.returns import flights, networks, service, statistics
from portcullis.returns.models import Flight, RemovalCase
from portcullis.returns.schemas import (
    BarrierIn,
    BarrierOut,
    CaseIn,
    CaseOut,
    DirectionsIn,
    DisruptionIn,
    FlightIn,
    FlightOut,
    LiabilityIn,
    ManifestEntryOut,
    MemberIn,
    NetworkIn,
    RemovalOrderIn,
    ReturnIn,
)
from portcullis.returns.service import NotFound, ReturnsError

router = APIRouter(prefix="/api/v1/returns", tags=["returns"])
T = TypeVar("T")
READ, WRITE = require("returns.read"), require("returns.write")
OIC_READ, OIC_WRITE = require("returns.oic.read"), require("returns.oic.write")
Justification = Annotated[
    str,
    Header(
        alias="X-Justification", min_length=3, description="Why you need this record (audited, DPA 2018 s.62)"
    ),
]


def _run(fn: Callable[[UnitOfWork], T]) -> T | JSONResponse:
    """Run a use case in a unit of work; bad input becomes a 422 naming each field, nothing saved."""
    try:
        with unit_of_work() as uow:
            return fn(uow)
    except ReturnsError as exc:
        return JSONResponse(
            {"detail": "The request is not valid", "errors": [v.as_dict() for v in exc.violations]},
            status_code=422,
        )
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


def case_out(case: RemovalCase) -> CaseOut:
    return CaseOut(
        id=case.id,
        person_id=case.person_id,
        category=case.category,
        stage=case.stage,
        liability_decided_on=case.liability_decided_on,
        travel_document=case.travel_document,
        removal_directions_on=case.removal_directions_on,
        detained=case.detained_from is not None and case.detained_until is None,
        outcome=case.outcome,
        return_type=case.return_type,
        barriers=[
            BarrierOut(id=b.id, kind=b.kind, raised_on=b.raised_on, resolved_on=b.resolved_on)
            for b in case.barriers
        ],
    )


def flight_out(flight: Flight) -> FlightOut:
    return FlightOut(
        id=flight.id,
        kind=flight.kind,
        reference=flight.reference,
        destinations=flight.destinations.split(),
        departs_on=flight.departs_on,
        capacity=flight.capacity,
        escorts=flight.escorts,
        status=flight.status,
        booked=sum(1 for e in flight.manifest if e.status == "booked"),
        manifest=[
            ManifestEntryOut(case_id=e.case_id, status=e.status, reason=e.reason) for e in flight.manifest
        ],
    )


@router.post("/cases", response_model=CaseOut, status_code=201)
def open_case(body: CaseIn, principal: Principal = Depends(WRITE)) -> Any:
    return _run(
        lambda uow: case_out(
            service.open_case(
                uow, actor=principal, person_id=body.person_id, category=body.category, team=body.team
            )
        )
    )


@router.get("/cases/{case_id}", response_model=CaseOut)
def get_case(case_id: str, justification: Justification, principal: Principal = Depends(READ)) -> Any:
    return _run(
        lambda uow: case_out(
            service.view_case(uow, actor=principal, case_id=case_id, justification=justification)
        )
    )


@router.post("/cases/{case_id}/liability", response_model=CaseOut)
def decide_liability(case_id: str, body: LiabilityIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        service.decide_liability(
            uow, actor=principal, case_id=case_id, decided_on=body.decided_on, basis=body.basis
        )
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/cases/{case_id}/barriers", response_model=CaseOut)
def raise_barrier(case_id: str, body: BarrierIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        service.raise_barrier(uow, actor=principal, case_id=case_id, kind=body.kind, on=body.raised_on)
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/cases/{case_id}/removal-directions", response_model=CaseOut)
def set_directions(case_id: str, body: DirectionsIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        service.set_removal_directions(
            uow, actor=principal, case_id=case_id, directions_on=body.directions_on
        )
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/cases/{case_id}/return", response_model=CaseOut)
def record_return(case_id: str, body: ReturnIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        service.record_return(
            uow,
            actor=principal,
            case_id=case_id,
            return_type=body.return_type,
            destination=body.destination.upper(),
            on=body.returned_on,
        )
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/removal-orders", status_code=201)
def make_order(body: RemovalOrderIn, principal: Principal = Depends(WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": service.make_removal_order(
                uow,
                actor=principal,
                person_id=body.person_id,
                kind=body.kind,
                made_on=body.made_on,
                reason=body.reason,
                case_id=body.case_id,
            ).id
        }
    )


@router.post("/flights", response_model=FlightOut, status_code=201)
def plan_flight(body: FlightIn, principal: Principal = Depends(WRITE)) -> Any:
    return _run(
        lambda uow: flight_out(
            flights.plan_flight(
                uow,
                actor=principal,
                kind=body.kind,
                reference=body.reference,
                destinations=body.destinations,
                departs_on=body.departs_on,
                capacity=body.capacity,
                escorts=body.escorts,
            )
        )
    )


@router.get("/flights/{flight_id}", response_model=FlightOut)
def get_flight(flight_id: str, principal: Principal = Depends(READ)) -> Any:
    return _run(lambda uow: flight_out(flights.get_flight(uow, flight_id)))


@router.post("/flights/{flight_id}/manifest", response_model=FlightOut)
def build_manifest(flight_id: str, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> FlightOut:
        flights.build_manifest(uow, actor=principal, flight_id=flight_id)
        return flight_out(flights.get_flight(uow, flight_id))

    return _run(run)


@router.get("/statistics/{table}")
def statistics_table(
    table: str,
    year: Annotated[int, Query(ge=2004, le=2100)],
    quarter: Annotated[int | None, Query(ge=1, le=4)] = None,
    principal: Principal = Depends(READ),
) -> Any:
    def run(uow: UnitOfWork) -> dict[str, Any]:
        result = statistics.quarterly_table(
            uow.session, code=table, year=year, quarter=quarter, today=today_in_london()
        )
        return {"table": result.code, "title": result.title, "headers": result.headers, "rows": result.rows}

    return _run(run)


@router.post("/networks", status_code=201)
def create_network(body: NetworkIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": networks.create_network(
                uow, actor=principal, name=body.name, countries=body.countries, activities=body.activities
            ).id
        }
    )


@router.post("/networks/{network_id}/members", status_code=201)
def add_member(network_id: str, body: MemberIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "person_id": networks.add_member(
                uow,
                actor=principal,
                network_id=network_id,
                person_id=body.person_id,
                role=body.role,
                since=body.since,
            ).person_id
        }
    )


@router.post("/networks/{network_id}/disruptions", status_code=201)
def record_disruption(network_id: str, body: DisruptionIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": networks.record_disruption(
                uow,
                actor=principal,
                network_id=network_id,
                kind=body.kind,
                on=body.on,
                person_id=body.person_id,
                country=body.country,
                partner=body.partner,
                operation_id=body.operation_id,
                sentence_months=body.sentence_months,
                details=body.details,
            ).id
        }
    )


@router.get("/networks/{network_id}/graph")
def network_graph(
    network_id: str,
    justification: Justification,
    focus: str | None = None,
    principal: Principal = Depends(OIC_READ),
) -> Any:
    def run(uow: UnitOfWork) -> dict[str, Any]:
        graph = networks.network_graph(
            uow, actor=principal, network_id=network_id, focus=focus, justification=justification
        )
        return {
            "focus": graph.focus,
            "total_people": graph.total_people,
            "total_links": graph.total_links,
            "truncated": graph.truncated,
            "nodes": [n.__dict__ for n in graph.nodes],
            "edges": [{"a": a, "b": b, "kind": k} for a, b, k in graph.edges],
        }

    return _run(run)
