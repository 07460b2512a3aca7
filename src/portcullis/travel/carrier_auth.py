"""The carrier API's guard: `access.require(...)` with the token's principal kept in this process.

A carrier sends the same bearer token with every request; looking it up costs two queries and an ORM load
per check, more than the check itself. Here a token that passed `access.require` is kept for `TTL`
seconds, by the SHA-256 of the secret (never the secret itself), with its rate limit. What the cache may
not make stale is still checked on every request: `carrier_service.lookup` reads whether the token is
revoked and its user still active in the same query as the passengers' permissions, and the request is
refused (401) if either changed; the token is then dropped from the cache. So revoking a token or disabling
its account takes effect at the next request. Role changes take effect within `TTL`."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from portcullis.core import access
from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work

TTL = 60.0
MAX_TOKENS = 10_000
DEFAULT_LIMIT = 600  # requests a minute for a principal without a token (a signed-in browser session)


@dataclass
class CachedToken:
    principal: Principal
    rate_limit: int
    expires: float


class TokenCache:
    def __init__(self) -> None:
        self._entries: dict[str, CachedToken] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def get(self, key: str) -> CachedToken | None:
        found = self._entries.get(key)
        if found is None or found.expires < time.monotonic():
            return None
        return found

    def put(self, key: str, principal: Principal, rate_limit: int) -> None:
        with self._lock:
            if len(self._entries) >= MAX_TOKENS:
                self._entries.clear()
            self._entries[key] = CachedToken(principal, rate_limit, time.monotonic() + TTL)

    def set_limit(self, key: str, rate_limit: int) -> None:
        found = self._entries.get(key)
        if found is not None:
            found.rate_limit = rate_limit

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def reset(self) -> None:
        with self._lock:
            self._entries.clear()


tokens = TokenCache()


def _load(request: Request, permission: str) -> tuple[Principal, int]:
    """The uncached path: the core guard (401/403 as everywhere else), then the token's rate limit."""
    principal = access.require(permission)(request)
    if principal.token_id is None:
        return principal, DEFAULT_LIMIT
    from portcullis.core.access_models import ApiToken

    with unit_of_work() as uow:
        token = uow.session.get(ApiToken, principal.token_id)
        return principal, token.rate_limit_per_minute if token is not None else 60


def require_carrier(permission: str) -> Callable[[Request], Awaitable[Principal]]:
    """Like `access.require(permission)`, with the bearer token's principal cached (see the module)."""

    async def guard(request: Request) -> Principal:
        auth = request.headers.get("authorization", "")
        key = tokens.key(auth[7:].strip()) if auth[:7].lower() == "bearer " else None
        cached = tokens.get(key) if key is not None else None
        if cached is not None and cached.principal.can(permission):
            principal, limit = cached.principal, cached.rate_limit
            request.state.principal = principal
        else:
            principal, limit = await run_in_threadpool(_load, request, permission)
            if key is not None and principal.token_id is not None:
                tokens.put(key, principal, limit)
        request.state.carrier_token_key = key
        request.state.carrier_rate_limit = limit
        return principal

    setattr(guard, access.GUARD_ATTR, ("require", (permission,)))
    return guard


def refused(key: str | None) -> HTTPException:
    """The token was revoked or its account disabled since it was cached: forget it and answer 401."""
    if key is not None:
        tokens.forget(key)
    return HTTPException(
        status_code=401,
        detail="The API token has been revoked or its account disabled: ask the service desk for a new one",
        headers={"WWW-Authenticate": "Bearer"},
    )
