"""JSON API for undefined CoS allocations: a sponsor (own licences only) or a caseworker reads what is
granted, used and left; a sponsor asks for an allocation; a caseworker grants or refuses the request.
422 names the field on bad input; a sponsor asking about another's licence gets 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import Field

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.employers import allocations
from portcullis.employers.models import CosAllocation, Licence
from portcullis.employers.schemas import In
from portcullis.employers.workflow_api import _run

router = APIRouter()


class AllocationRequestIn(In):
    requested: int
    justification: str


class AllocationDecisionIn(In):
    grant: bool
    granted: int | None = Field(default=None)
    reason: str = ""


def _line(line: allocations.AllocationLine) -> dict[str, Any]:
    a = line.allocation
    return {
        "id": a.id,
        "status": a.status,
        "ends_on": a.ends_on.isoformat(),
        "requested": a.requested,
        "granted": a.granted,
        "used": line.used,
        "left": line.left,
        "requested_on": a.requested_on.isoformat() if a.requested_on else None,
        "decided_on": a.decided_on.isoformat() if a.decided_on else None,
        "refusal_reason": a.refusal_reason,
    }


def _visible(uow: UnitOfWork, licence_id: str, principal: Principal) -> Licence | None:
    licence = uow.session.get(Licence, licence_id)
    return licence if licence is not None and allocations.may_see(principal, licence) else None


@router.get("/licences/{licence_id}/allocations")
def read(
    licence_id: str,
    on: date | None = None,
    principal: Principal = Depends(require(allocations.SEE)),
) -> JSONResponse:
    day = on or clock.today_in_london()
    with unit_of_work() as uow:
        if _visible(uow, licence_id, principal) is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        found = allocations.lines(uow.session, licence_id)
        year = allocations.year(found, on=day)
        body = {
            "licence_id": licence_id,
            "year": {
                "ends_on": year.ends_on.isoformat(),
                "granted": year.granted,
                "used": year.used,
                "left": year.left,
                "waiting": year.waiting,
            },
            "allocations": [_line(line) for line in found],
        }
    return JSONResponse(body)


@router.post("/licences/{licence_id}/allocations/requests", status_code=201)
def ask(
    licence_id: str,
    body: AllocationRequestIn,
    principal: Principal = Depends(require("employers.cos.request")),
) -> JSONResponse:
    with unit_of_work() as uow:
        if _visible(uow, licence_id, principal) is None:
            return JSONResponse({"detail": "Not Found"}, status_code=404)

    def act(uow: UnitOfWork) -> dict[str, Any]:
        a = allocations.request_allocation(
            uow,
            licence_id=licence_id,
            number=body.requested,
            justification=body.justification,
            on=clock.today_in_london(),
            actor=principal,
        )
        return {"id": a.id, "status": a.status, "requested": a.requested, "ends_on": a.ends_on.isoformat()}

    return _run(act, 201)


@router.post("/allocations/{allocation_id}/decision")
def decide(
    allocation_id: str,
    body: AllocationDecisionIn,
    principal: Principal = Depends(require("employers.write")),
) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        a: CosAllocation = allocations.decide_request(
            uow,
            allocation_id=allocation_id,
            grant=body.grant,
            granted=body.granted,
            reason=body.reason,
            on=clock.today_in_london(),
            actor=principal,
        )
        return {"id": a.id, "status": a.status, "granted": a.granted, "refusal_reason": a.refusal_reason}

    return _run(act)
