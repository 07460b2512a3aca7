"""Carrier API: `POST /api/v1/permission-to-travel` answers one flight's manifest, passenger by passenger."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from portcullis.core import clock
from portcullis.core.access import Principal
from portcullis.core.db import read_engine
from portcullis.travel import carrier_auth, carrier_service, disclosures, schemas
from portcullis.web.direct import read_body

router = APIRouter(prefix="/api/v1", tags=["travel"])


def _lookup(numbers: list[str], on: date, token_id: str | None) -> carrier_service.Found:
    """`carrier_service.lookup` on an autocommit connection (one statement is one snapshot, so it needs no
    BEGIN and COMMIT round trips); once more if the server had closed that connection (the read pool does
    not ping before each use, see `core.db.read_engine`)."""
    for attempt in (1, 2):
        try:
            with read_engine().connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT")
                return carrier_service.lookup(conn, numbers, on, token_id=token_id)
        except DBAPIError as exc:
            if attempt == 2 or not exc.connection_invalidated:
                raise
    raise AssertionError("unreachable")


def _json(body: dict[str, Any], status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


PATH = "/api/v1/permission-to-travel"
MAX_BODY = 2 * 1024 * 1024  # a 1,000-passenger manifest is about 250 KB
guard = carrier_auth.require_carrier("travel.carrier.check")


@router.post(
    "/permission-to-travel",
    response_model=schemas.ManifestOut,
    responses={
        401: {"model": schemas.ErrorOut},
        413: {"model": schemas.ErrorOut},
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
    principal: Principal = Depends(guard),
) -> Response:
    """Through the full stack: requests without a bearer token (a signed-in carrier's browser session), or
    any request when the direct layer is off. Bearer requests are answered by `direct` below."""
    return check(manifest, principal, request.state.carrier_token_key, request.state.carrier_rate_limit)


async def direct(request: Request) -> Response:
    """The same check served by `web.direct` before the middleware stack: the same guard first (401/403),
    then the body (413, or 422 in the shell's format), then `check` in a worker thread."""
    principal = await guard(request)
    body = await read_body(request, MAX_BODY)
    try:
        manifest = schemas.ManifestIn.model_validate_json(body)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]) or "body", "reason": e["msg"]} for e in exc.errors()
        ]
        return _json({"detail": "The request is not valid", "errors": errors}, status_code=422)
    state = request.state
    return await run_in_threadpool(
        check, manifest, principal, state.carrier_token_key, state.carrier_rate_limit
    )


DIRECT = {("POST", PATH): direct}


def check(
    manifest: schemas.ManifestIn, principal: Principal, token_key: str | None, rate_limit: int
) -> Response:
    """Rate limit, validation, the one look-up, the answers, and the disclosures committed before replying."""
    key = principal.token_id or principal.user_id or "anonymous"
    allowed, wait = carrier_service.limiter.allow(key, rate_limit)
    if not allowed:
        return _json(
            {"detail": f"Rate limit of {rate_limit} requests a minute reached", "errors": []},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    passengers = [carrier_service.PassengerIn(**p.model_dump()) for p in manifest.passengers]
    try:
        carrier_service.validate(passengers)
    except carrier_service.ManifestError as exc:
        return _json({"detail": "The manifest is not valid", "errors": exc.errors}, status_code=422)
    numbers = sorted({p.document_number for p in passengers})
    found = _lookup(numbers, manifest.travel_date, principal.token_id)
    if principal.token_id is not None:
        if not found.token_valid:
            raise carrier_auth.refused(token_key)
        if found.rate_limit is not None and token_key is not None:
            carrier_auth.tokens.set_limit(token_key, found.rate_limit)
    # With the stamp read above, screening opens a transaction of its own only to rebuild its index.
    with Session(read_engine()) as session:
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
