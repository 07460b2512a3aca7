"""One permission-to-travel request, from a parsed manifest to the JSON answer: rate limit, validation, the
one look-up, the answers, and the disclosures committed before the carrier sees anything.

Two ways to run it, with the same steps: `check`, synchronous, in a worker thread (the FastAPI route, and
everything on SQLite); and `check_async`, on the event loop (bearer requests through `web.direct` on
PostgreSQL), whose look-up is an async read and which waits for the audit commit without holding a thread.
A manifest over `INLINE_PASSENGERS`, or one arriving when the screening index must be rebuilt, goes to a
thread instead, so the loop never computes for long."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from portcullis.core import async_reads, audit, clock, rate_limits
from portcullis.core.access import Principal
from portcullis.core.db import read_engine
from portcullis.screening import service as screening
from portcullis.travel import carrier_auth, carrier_service, disclosures, schemas

INLINE_PASSENGERS = 20


def json_response(
    body: dict[str, Any], status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )


def _admit(
    manifest: schemas.ManifestIn, principal: Principal, rate_limit: int
) -> list[carrier_service.PassengerIn] | Response:
    """The passengers, validated, or the 429 or 422 answer (nothing is read or logged for those)."""
    key = principal.token_id or principal.user_id or "anonymous"
    allowed, wait = rate_limits.limiter().allow(key, rate_limit)
    if not allowed:
        return json_response(
            {"detail": f"Rate limit of {rate_limit} requests a minute reached", "errors": []},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    passengers = [carrier_service.PassengerIn(**p.model_dump()) for p in manifest.passengers]
    try:
        carrier_service.validate(passengers)
    except carrier_service.ManifestError as exc:
        return json_response({"detail": "The manifest is not valid", "errors": exc.errors}, status_code=422)
    return passengers


def _numbers(passengers: list[carrier_service.PassengerIn]) -> list[str]:
    return sorted({p.document_number for p in passengers})


def _answers(
    found: carrier_service.Found,
    manifest: schemas.ManifestIn,
    principal: Principal,
    token_key: str | None,
    passengers: list[carrier_service.PassengerIn],
) -> tuple[list[carrier_service.PassengerResult], list[audit.Pending]]:
    """Refuse a token revoked (or its account disabled) since it was cached, then answer each passenger."""
    if principal.token_id is not None:
        if not found.token_valid:
            raise carrier_auth.refused(token_key)
        if found.rate_limit is not None and token_key is not None:
            carrier_auth.tokens.set_limit(token_key, found.rate_limit)
    # With the stamp read in the look-up, screening opens a transaction of its own only to rebuild its index.
    with Session(read_engine()) as session:
        return carrier_service.answers(
            session,
            found,
            carrier=principal,
            flight=manifest.flight,
            travel_date=manifest.travel_date,
            route=f"{manifest.route_from.upper()}-{manifest.route_to.upper()}",
            passengers=passengers,
        )


def _reply(manifest: schemas.ManifestIn, results: list[carrier_service.PassengerResult]) -> Response:
    return json_response(
        {
            "flight": manifest.flight,
            "travel_date": manifest.travel_date.isoformat(),
            "checked_at": clock.now().isoformat().replace("+00:00", "Z"),
            "passengers": [r.as_dict() for r in results],
        }
    )


def lookup(numbers: list[str], on: date, token_id: str | None) -> carrier_service.Found:
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


def check(
    manifest: schemas.ManifestIn, principal: Principal, token_key: str | None, rate_limit: int
) -> Response:
    admitted = _admit(manifest, principal, rate_limit)
    if isinstance(admitted, Response):
        return admitted
    found = lookup(_numbers(admitted), manifest.travel_date, principal.token_id)
    results, pending = _answers(found, manifest, principal, token_key, admitted)
    # Group-committed with other requests' disclosures: no answer leaves before its audit entry is committed.
    disclosures.writer.write(principal, pending)
    return _reply(manifest, results)


async def check_async(
    manifest: schemas.ManifestIn, principal: Principal, token_key: str | None, rate_limit: int
) -> Response:
    if not async_reads.available() or len(manifest.passengers) > INLINE_PASSENGERS:
        return await run_in_threadpool(check, manifest, principal, token_key, rate_limit)
    admitted = _admit(manifest, principal, rate_limit)
    if isinstance(admitted, Response):
        return admitted
    with_token = principal.token_id is not None
    params = carrier_service.lookup_params(_numbers(admitted), manifest.travel_date, principal.token_id)
    rows = await async_reads.fetch(carrier_service.lookup_statement(with_token), params)
    found = carrier_service.found_from(rows)
    if screening.index_is_current(found.stamp):
        results, pending = _answers(found, manifest, principal, token_key, admitted)
    else:  # a list changed: the index is rebuilt in a thread, not on the loop
        results, pending = await run_in_threadpool(_answers, found, manifest, principal, token_key, admitted)
    await disclosures.writer.write_async(principal, pending)
    return _reply(manifest, results)
