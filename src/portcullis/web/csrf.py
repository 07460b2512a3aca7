"""Cross-site request forgery protection for every form.

Signed-in browsers must send their session's token (stored with the session, see `WebSession.csrf_token`);
anonymous browsers get a random token in the `portcullis_csrf` cookie and must send it back in the form
(double submit). The token travels in the `X-CSRF-Token` header or the `csrf_token` form field, urlencoded
or multipart: the body is read here, then replayed so the route can still read it. Requests carrying an
`Authorization: Bearer` token are machine clients, which browsers cannot forge, so they are exempt.

A refused request never reaches a route, so nothing changes."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from portcullis.core.access import SESSION_COOKIE, resolve_principal
from portcullis.core.settings import get_settings

COOKIE = "portcullis_csrf"
HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Paths that never render a form and take no posts: no token is worked out for them (so the health
# check does not touch the database through the session lookup).
NO_TOKEN_PREFIXES = ("/static/", "/assets/", "/healthz")

REFUSED = (
    "The form was not sent from this service or has expired: go back, refresh the page and try again. "
    "Nothing was changed."
)
REFUSED_NO_COOKIE = (
    "Your browser did not send this service's security cookie, so the form could not be checked: "
    "allow cookies for this site, go back, refresh the page and try again. Nothing was changed."
)
REFUSED_EXPIRED = (
    "Your session has ended, so the form could not be accepted: sign in again and try again. "
    "Nothing was changed."
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(sent: str | None, expected: str | None) -> bool:
    """Constant-time comparison; an empty token never matches."""
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())


def is_bearer(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            return bytes(value[:7]).lower() == b"bearer "
    return False


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """Read the whole request body; also keep any non-body message (a disconnect) to pass on."""
    chunks: list[bytes] = []
    extra: list[Message] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            extra.append(message)
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), extra


def _replay(body: bytes, extra: list[Message], receive: Receive) -> Receive:
    """A receive channel that gives the buffered body once, then whatever the server sends next."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}, *extra]

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def _token_from_form(scope: Scope, body: bytes) -> str | None:
    async def once() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    request = Request(scope, receive=once)
    try:
        form = await request.form()
    except Exception:  # a malformed body: no token can be found in it
        return None
    try:
        value = form.get(FIELD)
        return value if isinstance(value, str) else None
    finally:
        await form.close()


class CSRFMiddleware:
    """Works out each request's token (on `request.state.csrf_token`) and checks it on unsafe methods."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_bearer(scope) or scope["path"].startswith(NO_TOKEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        principal = await run_in_threadpool(resolve_principal, request)
        cookie_token = request.cookies.get(COOKIE)
        set_cookie = False
        if principal.authenticated and principal.csrf_token:
            expected: str | None = principal.csrf_token
        else:
            expected = cookie_token
            if not cookie_token:
                set_cookie = True
        request.state.csrf_token = expected or new_token()

        if scope["method"] not in SAFE_METHODS:
            sent = request.headers.get(HEADER)
            if not sent and request.headers.get("content-type", "").startswith(FORM_TYPES):
                body, extra = await _read_body(receive)
                receive = _replay(body, extra, receive)
                sent = await _token_from_form(scope, body)
            if not tokens_match(sent, expected):
                await self._refuse(request, principal, scope, receive, send)
                return

        if set_cookie:
            send = self._with_cookie(send, request.state.csrf_token)
        await self.app(scope, receive, send)

    @staticmethod
    def _with_cookie(send: Send, token: str) -> Send:
        secure = "; Secure" if get_settings().secure_cookies else ""

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
            await send(message)

        return send_with_cookie

    async def _refuse(
        self, request: Request, principal: Any, scope: Scope, receive: Receive, send: Send
    ) -> None:
        from portcullis.web.shell import wants_json  # late: the shell installs this middleware
        from portcullis.web.templating import render

        if not principal.authenticated and request.cookies.get(SESSION_COOKIE):
            message = REFUSED_EXPIRED
        elif not principal.authenticated and not request.cookies.get(COOKIE):
            message = REFUSED_NO_COOKIE
        else:
            message = REFUSED
        response: Any
        if wants_json(request):
            from fastapi.responses import JSONResponse

            response = JSONResponse(
                {"detail": message, "errors": [{"field": FIELD, "reason": "missing or does not match"}]},
                status_code=403,
            )
        else:
            response = await run_in_threadpool(
                render,
                request,
                "errors/csrf.html",
                {"title": "Your form could not be sent", "message": message},
                403,
            )
        await response(scope, receive, send)
