"""Carrier API: `POST /api/v1/permission-to-travel` answers one flight's manifest, passenger by passenger."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from portcullis.core.access import Principal
from portcullis.travel import carrier_auth, carrier_check, schemas
from portcullis.web import shell
from portcullis.web.direct import read_body

router = APIRouter(prefix="/api/v1", tags=["travel"])

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
    state = request.state
    return carrier_check.check(manifest, principal, state.carrier_token_key, state.carrier_rate_limit)


async def direct(request: Request) -> Response:
    """The same check served by `web.direct` before the middleware stack: the same guard first (401/403),
    then the body (413, or 422 in the shell's format), then `carrier_check.check_async`."""
    principal = await guard(request)
    body = await read_body(request, MAX_BODY)
    try:
        manifest = schemas.ManifestIn.model_validate_json(body)
    except ValidationError as exc:
        return shell.json_invalid(exc.errors(), empty_field="body")
    state = request.state
    return await carrier_check.check_async(
        manifest, principal, state.carrier_token_key, state.carrier_rate_limit
    )


DIRECT = {("POST", PATH): direct}
