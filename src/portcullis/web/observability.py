"""Structured JSON logs, request ids, Prometheus metrics and the health check.

Every request gets an id (the caller's `X-Request-ID` if it is a plain token, else a new one), returned in
the response header and bound to every log line written while it runs. The request line names the route
TEMPLATE (`/audit`, `/assets/{path:path}`), never the raw path or query string, which could carry names or
document numbers; no personal data is logged."""

from __future__ import annotations

import logging
import re
import sys
import time
import traceback
import uuid
from typing import Any

import structlog
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import text
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portcullis.core import access
from portcullis.core.db import get_engine
from portcullis.web import routes

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
UNMATCHED = "<unmatched>"
_ROUTES_CACHE: dict[str, Any] = {}

REQUESTS = Counter(
    "portcullis_http_requests_total",
    "HTTP requests handled, by route template and status.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "portcullis_http_request_duration_seconds",
    "Time to handle an HTTP request, by route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

log = structlog.get_logger("portcullis.web")


class DropServerTracebacks(logging.Filter):
    """Uvicorn logs an unhandled error with its message, which may hold personal data; our own
    `request.failed` line already records its type and where it happened."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.getMessage().startswith("Exception in ASGI application"))


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on standard output, one per event, with the request id bound while a request runs."""
    server_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, DropServerTracebacks) for f in server_log.filters):
        server_log.addFilter(DropServerTracebacks())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), 20)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
        cache_logger_on_first_use=False,
    )


def route_template(scope: Scope) -> str:
    """The matched route's path template, or a fixed label: never the raw path. `scope` must be the
    request as it arrived (routing rewrites paths for mounts)."""
    app = scope.get("app")
    table = getattr(app, "routes", None)
    if table is None:
        return UNMATCHED
    key = (id(app), len(table))
    if _ROUTES_CACHE.get("key") != key:  # rebuilt when routes are added (tests add some)
        _ROUTES_CACHE["key"] = key
        _ROUTES_CACHE["routes"] = routes.all_routes(table)
    return routes.template_for(_ROUTES_CACHE["routes"], scope) or UNMATCHED


def request_id_for(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            sent = str(value.decode("latin-1"))
            if _REQUEST_ID.match(sent):
                return sent
    return uuid.uuid4().hex


def _stack(exc: BaseException) -> list[str]:
    """Where an error happened (file, line, function) without its message, which may hold personal data."""
    return [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(exc.__traceback__)][-8:]


def log_request(
    method: str, route: str, status: int, duration: float, error: BaseException | None = None
) -> None:
    """The metrics and the one log line of a request (`route` is a template, never a raw path)."""
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(duration)
    fields: dict[str, Any] = {
        "method": method,
        "route": route,
        "status": status,
        "duration_ms": round(duration * 1000, 2),
    }
    if error is not None:
        log.error("request.failed", error=type(error).__name__, stack=_stack(error), **fields)
    else:
        log.info("request", **fields)


class ObservabilityMiddleware:
    """The outermost layer: request id, one log line per request, and the metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_for(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        arrived = dict(scope)  # routing rewrites the scope; the route is looked up from the original
        started = time.perf_counter()
        status = {"code": 500}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        error: BaseException | None = None
        try:
            await self.app(scope, receive, send_with_id)
        except BaseException as exc:
            error = exc
            status["code"] = 500
            raise
        finally:
            duration = time.perf_counter() - started
            method = scope["method"]
            # The router leaves the matched route in the scope; looking it up again costs a scan of every
            # route, so that is kept for requests stopped before routing (CSRF refusals, errors).
            matched = getattr(scope.get("route"), "path", None)
            route = matched if isinstance(matched, str) else route_template(arrived)
            log_request(method, route, status["code"], duration, error)
            structlog.contextvars.unbind_contextvars("request_id")


router = APIRouter()


@router.get("/healthz", include_in_schema=False)
def healthz(_: access.Principal = Depends(access.public())) -> JSONResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        log.error("healthz.database_unreachable", error=type(exc).__name__)
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


@router.get("/metrics", include_in_schema=False)
def metrics(_: access.Principal = Depends(access.require("metrics.read"))) -> Response:
    """Prometheus text format; scrape it with an API token for a user holding `metrics.read`."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
