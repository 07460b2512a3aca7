"""JSON API: the monitoring supplier posts points (bearer token, `orders.monitoring.ingest`)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.orders import monitoring
from portcullis.orders.service import OrdersError

router = APIRouter(prefix="/api/v1/monitoring", tags=["orders"])


@router.post("/points")
async def post_points(
    request: Request, principal: Principal = Depends(require("orders.monitoring.ingest"))
) -> JSONResponse:
    """Body: {"points": [{"tag_id", "at" (ISO 8601 with offset), "latitude", "longitude", "event"}]}.
    A batch with any bad point is refused whole (422) naming each field; nothing is saved."""
    try:
        body: Any = json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return JSONResponse(
            {
                "detail": "The body is not valid JSON",
                "errors": [{"field": "body", "reason": "not valid JSON"}],
            },
            status_code=400,
        )
    if not isinstance(body, dict) or not isinstance(body.get("points"), list):
        return JSONResponse(
            {"detail": 'Send {"points": [...]}', "errors": [{"field": "points", "reason": "must be a list"}]},
            status_code=400,
        )
    try:
        with unit_of_work() as uow:
            result = monitoring.ingest(uow, rows=body["points"], actor=principal, source="supplier API")
    except OrdersError as exc:
        return JSONResponse({"detail": "The points were not accepted", "errors": exc.errors}, status_code=422)
    return JSONResponse(result, status_code=201)
