"""Direct endpoints: a few machine-to-machine API routes served before the application's middleware stack.

The carrier check must answer thousands of single-passenger requests a second. Through the full stack
(FastAPI's layers, routing over every domain's routes, CSRF, the page security headers) a request costs
several times the check itself. A direct endpoint is matched on its exact method and path, only for
requests that carry an `Authorization: Bearer` token (so never a browser: a request with a session cookie
goes the full way, through the CSRF check). It still gets what every request gets: a request id in the
`X-Request-ID` header and its log lines, the request log line and metrics, security headers, and JSON errors
in the shell's format. The endpoint itself runs its guard (see `travel.api`), and the same route stays
registered with FastAPI, guarded and documented in the OpenAPI spec; it answers when the direct layer does
not (a request without a bearer token, or an app built with `create_app(direct=False)`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping

import structlog
from fastapi import HTTPException
from fastapi.responses import JSONResponse, Response
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from portcullis.core.access import NotSignedIn
from portcullis.web import observability, security, shell
from portcullis.web.csrf import is_bearer

Handler = Callable[[Request], Awaitable[Response]]


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is over {limit // (1024 * 1024)} MiB")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused (413) as soon as it passes `limit` bytes rather than after reading it all."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _error(exc: Exception) -> Response:
    """The shell's JSON error bodies (see `web.shell`), for errors raised before or by the endpoint."""
    if isinstance(exc, HTTPException):
        return shell.json_http_error(exc)
    if isinstance(exc, NotSignedIn):
        return shell.json_not_signed_in()
    if isinstance(exc, BodyTooLarge):
        return JSONResponse(
            {"detail": str(exc), "errors": [{"field": "body", "reason": str(exc)}]}, status_code=413
        )
    return shell.json_server_error()


class DirectEndpoints:
    """Outermost middleware: serves `endpoints[(method, path)]` for bearer-token requests, else passes on."""

    def __init__(self, app: ASGIApp, endpoints: Mapping[tuple[str, str], Handler]) -> None:
        self.app = app
        self.endpoints = dict(endpoints)
        self.headers = security.api_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            handler = self.endpoints.get((scope["method"], scope["path"]))
            if handler is not None and is_bearer(scope):
                await self._serve(handler, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _serve(self, handler: Handler, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = observability.request_id_for(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        failure: Exception | None = None
        try:
            try:
                response = await handler(Request(scope, receive))
            except (HTTPException, NotSignedIn, BodyTooLarge) as exc:
                response = _error(exc)
            except Exception as exc:  # logged below by type and place only: messages may hold personal data
                failure = exc
                response = _error(exc)
            response.raw_headers.extend(self.headers)
            response.raw_headers.append((b"x-request-id", request_id.encode()))
            await response(scope, receive, send)
        finally:
            observability.log_request(
                scope["method"], scope["path"], response.status_code, time.perf_counter() - started, failure
            )
            structlog.contextvars.unbind_contextvars("request_id")
