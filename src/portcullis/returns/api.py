"""Returns and organised immigration crime API: /api/v1/returns/... (guarded; consultations audited)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import UnitOfWork
from portcullis.returns import flights, oic_api, service, statistics
from portcullis.returns.api_common import Justification
from portcullis.returns.api_common import run as _run
from portcullis.returns.models import Flight, RemovalCase
from portcullis.returns.schemas import (
    BarrierIn,
    BarrierOut,
    CaseIn,
    CaseOut,
    CloseIn,
    DatedIn,
    DepartureIn,
    DirectionsIn,
    FlightIn,
    FlightOut,
    LiabilityIn,
    ManifestEntryOut,
    ReasonIn,
    RemovalOrderIn,
    ReturnIn,
    RevokeIn,
)
from portcullis.returns.service import ReturnsError

router = APIRouter(prefix="/api/v1/returns", tags=["returns"])
READ, WRITE = require("returns.read"), require("returns.write")


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


@router.post("/cases/{case_id}/detention", response_model=CaseOut)
def detain(case_id: str, body: DatedIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        service.detain(uow, actor=principal, case_id=case_id, on=body.on)
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/cases/{case_id}/release", response_model=CaseOut)
def release(case_id: str, body: DatedIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        service.release(uow, actor=principal, case_id=case_id, on=body.on)
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/cases/{case_id}/close", response_model=CaseOut)
def close_case(case_id: str, body: CloseIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> CaseOut:
        if body.on > today_in_london():
            raise ReturnsError.one("on", "the date is in the future")
        service.close_case(uow, actor=principal, case_id=case_id, outcome=body.outcome, on=body.on)
        return case_out(service.get_case(uow, case_id))

    return _run(run)


@router.post("/removal-orders/{order_id}/revoke")
def revoke_order(order_id: str, body: RevokeIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> dict[str, str]:
        if body.on > today_in_london():
            raise ReturnsError.one("on", "the date is in the future")
        service.revoke_removal_order(uow, actor=principal, order_id=order_id, on=body.on, reason=body.reason)
        return {"id": order_id, "revoked_on": body.on.isoformat()}

    return _run(run)


@router.post("/flights/{flight_id}/manifest/{case_id}/remove", response_model=FlightOut)
def remove_from_manifest(
    flight_id: str, case_id: str, body: ReasonIn, principal: Principal = Depends(WRITE)
) -> Any:
    def run(uow: UnitOfWork) -> FlightOut:
        flights.remove_from_manifest(
            uow, actor=principal, flight_id=flight_id, case_id=case_id, reason=body.reason
        )
        return flight_out(flights.get_flight(uow, flight_id))

    return _run(run)


@router.post("/flights/{flight_id}/departure", response_model=FlightOut)
def record_departure(flight_id: str, body: DepartureIn, principal: Principal = Depends(WRITE)) -> Any:
    """Everyone still booked is returned, except the cases in `disrupted` (case id -> reason)."""

    def run(uow: UnitOfWork) -> FlightOut:
        if body.on > today_in_london():
            raise ReturnsError.one("on", "the departure date is in the future")
        blank = [case_id for case_id, reason in body.disrupted.items() if not reason.strip()]
        if blank:
            raise ReturnsError.one(
                "disrupted", "give a reason for each person disrupted: " + ", ".join(blank)
            )
        flights.record_departure(
            uow, actor=principal, flight_id=flight_id, on=body.on, disrupted=body.disrupted
        )
        return flight_out(flights.get_flight(uow, flight_id))

    return _run(run)


@router.post("/flights/{flight_id}/cancel", response_model=FlightOut)
def cancel_flight(flight_id: str, body: ReasonIn, principal: Principal = Depends(WRITE)) -> Any:
    def run(uow: UnitOfWork) -> FlightOut:
        flights.cancel_flight(uow, actor=principal, flight_id=flight_id, reason=body.reason)
        return flight_out(flights.get_flight(uow, flight_id))

    return _run(run)


router.include_router(oic_api.router)
