"""Fixtures for the web shell's tests: a form-echo route to prove CSRF bodies are replayed, and the
anonymous CSRF token a browser would hold."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.testclient import TestClient

from portcullis.core import access


@pytest.fixture()
def echo_app(app: FastAPI) -> FastAPI:
    """The real app plus two routes that echo what they were sent: one public form, one bearer API."""
    router = APIRouter()

    @router.post("/test-echo")
    async def echo(request: Request, _: access.Principal = Depends(access.public())) -> dict[str, Any]:
        form = await request.form()
        upload = form.get("upload")
        size = len(await upload.read()) if upload is not None and not isinstance(upload, str) else None
        return {"name": form.get("name"), "upload_size": size}

    @router.post("/api/v1/test-echo")
    def api_echo(principal: access.Principal = Depends(access.require("audit.read"))) -> dict[str, Any]:
        return {"user": principal.user_id}

    @router.get("/test-boom")
    def boom(_: access.Principal = Depends(access.public())) -> None:
        raise RuntimeError("Jane Doe's passport 123456789 broke it")  # personal data must not be logged

    app.include_router(router)
    return app


def _anonymous_token(client: TestClient) -> str:
    client.get("/sign-in")
    token = client.cookies.get("portcullis_csrf")
    assert token
    return token


@pytest.fixture()
def anonymous_token() -> Callable[[TestClient], str]:
    """anonymous_token(client): what a browser holds after its first page, the double-submit cookie."""
    return _anonymous_token
