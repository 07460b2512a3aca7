"""Carrier API: `POST /api/v1/permission-to-travel` answers one flight's manifest, passenger by passenger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from portcullis.core import clock
from portcullis.core.access import Principal
from portcullis.core.db import get_engine
from portcullis.travel import carrier_auth, carrier_service, disclosures, schemas

router = APIRouter(prefix="/api/v1", tags=["travel"])


@contextmanager
def _read_only() -> Iterator[tuple[Connection, Session]]:
    """An autocommit connection (the check reads in one statement, one snapshot, so it needs no BEGIN and
    COMMIT round trips; it writes nothing here, the audit entries go to the writer), and a session on it
    for screening (which needs one only if its index must be rebuilt)."""
    with get_engine().connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        with Session(bind=conn) as session:
            yield conn, session


def _json(body: dict[str, Any], status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


@router.post(
    "/permission-to-travel",
    response_model=schemas.ManifestOut,
    responses={
        401: {"model": schemas.ErrorOut},
        422: {"model": schemas.ErrorOut},
        429: {"model": schemas.ErrorOut},
    },
    summary="Check permission to travel for a flight's passengers",
    description="For each passenger: OK to board with its basis, or a no-board or check-documents code. "
    "The reason a person may not be carried is never given. " + schemas.CODES_DOC,
)
def permission_to_travel(
    manifest: schemas.ManifestIn,
    request: Request,
    principal: Principal = Depends(carrier_auth.require_carrier("travel.carrier.check")),
) -> Response:
    key = principal.token_id or principal.user_id or "anonymous"
    allowed, wait = carrier_service.limiter.allow(key, request.state.carrier_rate_limit)
    if not allowed:
        return JSONResponse(
            {
                "detail": f"Rate limit of {request.state.carrier_rate_limit} requests a minute reached",
                "errors": [],
            },
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    passengers = [carrier_service.PassengerIn(**p.model_dump()) for p in manifest.passengers]
    try:
        carrier_service.validate(passengers)
    except carrier_service.ManifestError as exc:
        return JSONResponse({"detail": "The manifest is not valid", "errors": exc.errors}, status_code=422)
    numbers = sorted({p.document_number for p in passengers})
    with _read_only() as (conn, session):
        found = carrier_service.lookup(conn, numbers, manifest.travel_date, token_id=principal.token_id)
        if principal.token_id is not None:
            if not found.token_valid:
                raise carrier_auth.refused(request.state.carrier_token_key)
            if found.rate_limit is not None and request.state.carrier_token_key is not None:
                carrier_auth.tokens.set_limit(request.state.carrier_token_key, found.rate_limit)
        results, pending = carrier_service.answers(
            session,
            found,
            carrier=principal,
            flight=manifest.flight,
            travel_date=manifest.travel_date,
            route=f"{manifest.route_from.upper()}-{manifest.route_to.upper()}",
            passengers=passengers,
        )
    # Outside the request's connection (it is back in the pool), group-committed with other requests'
    # disclosures: no answer leaves before its audit entry is committed.
    disclosures.writer.write(principal, pending)
    checked_at = clock.now().isoformat().replace("+00:00", "Z")
    return _json(
        {
            "flight": manifest.flight,
            "travel_date": manifest.travel_date.isoformat(),
            "checked_at": checked_at,
            "passengers": [r.as_dict() for r in results],
        }
    )
