"""Carrier API: `POST /api/v1/permission-to-travel` answers one flight's manifest, passenger by passenger."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.travel import carrier_service, disclosures, schemas

router = APIRouter(prefix="/api/v1", tags=["travel"])


@router.post(
    "/permission-to-travel",
    response_model=schemas.ManifestOut,
    responses={422: {"model": schemas.ErrorOut}, 429: {"model": schemas.ErrorOut}},
    summary="Check permission to travel for a flight's passengers",
    description="For each passenger: OK to board with its basis, or a no-board or check-documents code. "
    "The reason a person may not be carried is never given. " + schemas.CODES_DOC,
)
def permission_to_travel(
    manifest: schemas.ManifestIn, principal: Principal = Depends(require("travel.carrier.check"))
) -> JSONResponse | schemas.ManifestOut:
    key = principal.token_id or principal.user_id or "anonymous"
    passengers = [carrier_service.PassengerIn(**p.model_dump()) for p in manifest.passengers]
    try:
        with unit_of_work() as uow:
            limit = carrier_service.limiter.limit_for(uow, principal.token_id) if principal.token_id else 600
            allowed, wait = carrier_service.limiter.allow(key, limit)
            if not allowed:
                return JSONResponse(
                    {"detail": f"Rate limit of {limit} requests a minute reached", "errors": []},
                    status_code=429,
                    headers={"Retry-After": str(wait)},
                )
            results, pending = carrier_service.answer_manifest(
                uow,
                carrier=principal,
                flight=manifest.flight,
                travel_date=manifest.travel_date,
                route=f"{manifest.route_from.upper()}-{manifest.route_to.upper()}",
                passengers=passengers,
            )
    except carrier_service.ManifestError as exc:
        return JSONResponse({"detail": "The manifest is not valid", "errors": exc.errors}, status_code=422)
    # Outside the request's transaction (its connection is back in the pool), group-committed with other
    # requests' disclosures: no answer leaves before its audit entry is committed.
    disclosures.writer.write(principal, pending)
    return schemas.ManifestOut(
        flight=manifest.flight,
        travel_date=manifest.travel_date,
        checked_at=clock.now(),
        passengers=[schemas.PassengerOut(**r.as_dict()) for r in results],
    )
