"""Security headers on every response, and a fresh Content-Security-Policy nonce for each request.

The policy allows scripts and styles from this service only. GOV.UK Frontend's page template has one
inline script (it marks the body `js-enabled`); it carries the request's nonce (`cspNonce` in the
template). The interactive API documentation loads Swagger UI from its CDN, so that one page gets a
policy of its own."""

from __future__ import annotations

import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portcullis.core.settings import get_settings

API_DOCS_PATHS = ("/api/docs", "/docs/oauth2-redirect")
SWAGGER_CDN = "https://cdn.jsdelivr.net"


def content_security_policy(nonce: str, path: str) -> str:
    if path.startswith(API_DOCS_PATHS):
        return (
            f"default-src 'self'; script-src 'self' {SWAGGER_CDN} 'unsafe-inline'; "
            f"style-src 'self' {SWAGGER_CDN}; img-src 'self' data: https://fastapi.tiangolo.com; "
            "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
        )
    return (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; frame-ancestors 'none'; form-action 'self'; manifest-src 'self'"
    )


def security_headers(nonce: str, path: str) -> dict[str, str]:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Content-Security-Policy": content_security_policy(nonce, path),
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if get_settings().secure_cookies:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def api_headers() -> list[tuple[bytes, bytes]]:
    """For JSON answers served outside the middleware (`web.direct`): the same headers, with a policy that
    allows nothing (a JSON answer loads no scripts), and never cached."""
    headers = security_headers("", "/api/")
    headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'"
    headers["Cache-Control"] = "no-store"
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


def _apply(headers: MutableHeaders, nonce: str, path: str) -> None:
    for name, value in security_headers(nonce, path).items():
        if name not in headers:
            headers[name] = value
    # Pages may show personal data: keep them out of shared and browser caches (assets say otherwise).
    if "cache-control" not in headers:
        headers["Cache-Control"] = "no-store"


def apply_to_response(request: Request, response: Response) -> Response:
    """For responses built outside the middleware (the 500 page, rendered by the outermost handler)."""
    nonce = getattr(request.state, "csp_nonce", None) or secrets.token_urlsafe(16)
    _apply(response.headers, nonce, request.url.path)
    return response


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["csp_nonce"] = nonce
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _apply(MutableHeaders(scope=message), nonce, path)
            await send(message)

        await self.app(scope, receive, send_with_headers)
