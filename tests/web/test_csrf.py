"""CSRF protection: every form needs the token of the session (signed in) or of the cookie (anonymous);
a refused request says what happened and what to do, and changes nothing. Bearer API calls are exempt."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from portcullis.core import access
from portcullis.core.access_models import WebSession
from portcullis.core.db import unit_of_work
from portcullis.web import csrf

PASSWORD = "correct horse battery staple"


def _sessions() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(WebSession)) or 0


def _live_session(client: TestClient) -> bool:
    """Is the session named by the client's cookie still open?"""
    token_hash = hashlib.sha256(client.cookies[access.SESSION_COOKIE].encode()).hexdigest()
    with unit_of_work() as uow:
        row = uow.session.scalar(select(WebSession).where(WebSession.token_hash == token_hash))
        return row is not None and row.revoked_at is None


def test_an_anonymous_form_without_a_token_is_refused_and_nobody_is_signed_in(
    client, make_user, anonymous_token
) -> None:
    make_user(["auditor"], email="a@example.gov.uk")
    anonymous_token(client)
    response = client.post("/sign-in", data={"email": "a@example.gov.uk", "password": PASSWORD})
    assert response.status_code == 403
    assert "not sent from this service or has expired" in response.text
    assert "go back, refresh the page and try again" in response.text
    assert _sessions() == 0


def test_an_anonymous_form_with_a_forged_token_is_refused(client, make_user, anonymous_token) -> None:
    make_user(["auditor"], email="a@example.gov.uk")
    anonymous_token(client)
    response = client.post(
        "/sign-in", data={"email": "a@example.gov.uk", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert _sessions() == 0


def test_a_form_from_a_browser_that_sent_no_security_cookie_says_to_allow_cookies(client) -> None:
    response = client.post("/sign-in", data={"email": "a@example.gov.uk", "csrf_token": "anything"})
    assert response.status_code == 403
    assert "allow cookies" in response.text


def test_an_anonymous_form_with_the_cookie_token_signs_in(client, make_user, anonymous_token) -> None:
    make_user(["auditor"], email="a@example.gov.uk")
    token = anonymous_token(client)
    response = client.post(
        "/sign-in",
        data={"email": "a@example.gov.uk", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert _sessions() == 1


def test_the_anonymous_cookie_is_http_only_and_same_site_lax(client) -> None:
    response = client.get("/sign-in")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("portcullis_csrf=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_anonymous_cookie_is_secure_in_production(client, monkeypatch) -> None:
    class Production:
        secure_cookies = True

    monkeypatch.setattr(csrf, "get_settings", lambda: Production())
    assert "Secure" in client.get("/sign-in").headers["set-cookie"]


def test_the_page_carries_the_token_the_check_expects(client) -> None:
    page = client.get("/sign-in").text
    token = client.cookies.get("portcullis_csrf")
    assert f'name="csrf_token" value="{token}"' in page


def test_a_signed_in_form_without_a_token_is_refused_and_the_session_lives_on(client, sign_in) -> None:
    sign_in(["auditor"])
    del client.headers["X-CSRF-Token"]
    response = client.post("/sign-out", follow_redirects=False)
    assert response.status_code == 403
    assert _live_session(client)


def test_a_signed_in_form_with_another_sessions_token_is_refused(client, sign_in, make_user) -> None:
    sign_in(["auditor"])
    other = make_user(["auditor"])
    with unit_of_work() as uow:
        _, other_session = access.start_session(uow, uow.session.merge(other))
        other_token = other_session.csrf_token
    client.headers["X-CSRF-Token"] = other_token
    assert client.post("/sign-out", follow_redirects=False).status_code == 403
    del client.headers["X-CSRF-Token"]
    response = client.post("/sign-out", data={"csrf_token": other_token}, follow_redirects=False)
    assert response.status_code == 403
    assert _live_session(client)


def test_a_signed_in_user_cannot_use_the_anonymous_cookie_token(client, sign_in, anonymous_token) -> None:
    token = anonymous_token(client)
    sign_in(["auditor"])
    del client.headers["X-CSRF-Token"]
    response = client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 403
    assert _live_session(client)


def test_a_signed_in_form_with_its_sessions_token_is_accepted(client, sign_in) -> None:
    principal = sign_in(["auditor"])
    del client.headers["X-CSRF-Token"]
    response = client.post("/sign-out", data={"csrf_token": principal.csrf_token}, follow_redirects=False)
    assert response.status_code == 303
    assert not _live_session(client)


def test_the_token_in_the_header_is_accepted(client, sign_in) -> None:
    sign_in(["auditor"])  # sets X-CSRF-Token
    assert client.post("/sign-out", follow_redirects=False).status_code == 303
    assert not _live_session(client)


def test_an_urlencoded_body_still_reaches_the_route_after_the_check(
    echo_app: FastAPI, anonymous_token
) -> None:
    with TestClient(echo_app) as client:
        token = anonymous_token(client)
        response = client.post("/test-echo", data={"name": "Zoë", "csrf_token": token})
    assert response.status_code == 200
    assert response.json() == {"name": "Zoë", "upload_size": None}


def test_a_multipart_body_with_a_file_still_reaches_the_route_after_the_check(
    echo_app: FastAPI, anonymous_token
) -> None:
    with TestClient(echo_app) as client:
        token = anonymous_token(client)
        files: dict[str, Any] = {"upload": ("photo.jpg", b"x" * 200_000, "image/jpeg")}
        response = client.post("/test-echo", data={"name": "Ann", "csrf_token": token}, files=files)
        refused = client.post("/test-echo", data={"name": "Ann", "csrf_token": "forged"}, files=files)
    assert response.status_code == 200
    assert response.json() == {"name": "Ann", "upload_size": 200_000}
    assert refused.status_code == 403


def test_a_json_request_without_a_token_gets_a_json_refusal(client, sign_in) -> None:
    sign_in(["auditor"])
    del client.headers["X-CSRF-Token"]
    response = client.post("/sign-out", json={}, follow_redirects=False)
    assert response.status_code == 403
    body = response.json()
    assert "not sent from this service" in body["detail"]
    assert body["errors"] == [{"field": "csrf_token", "reason": "missing or does not match"}]


def test_a_bearer_api_call_needs_no_csrf_token(echo_app: FastAPI, make_user) -> None:
    user = make_user(["auditor"])
    with unit_of_work() as uow:
        secret, _ = access.issue_api_token(uow, user=uow.session.merge(user), name="auditor script")
    with TestClient(echo_app, headers={"Authorization": f"Bearer {secret}"}) as api:
        response = api.post("/api/v1/test-echo", json={})
    assert response.status_code == 200
    assert response.json() == {"user": user.id}


def test_a_form_sent_after_the_session_ended_says_to_sign_in_again(client, sign_in, frozen_clock) -> None:
    from datetime import timedelta

    principal = sign_in(["auditor"])
    frozen_clock.advance(timedelta(hours=9))
    response = client.post("/sign-out", data={"csrf_token": principal.csrf_token}, follow_redirects=False)
    assert response.status_code == 403
    assert "Your session has ended" in response.text


def test_tokens_are_compared_whole() -> None:
    assert csrf.tokens_match("abc", "abc")
    assert not csrf.tokens_match("abc", "abd")
    assert not csrf.tokens_match("", "")
    assert not csrf.tokens_match(None, "abc")
