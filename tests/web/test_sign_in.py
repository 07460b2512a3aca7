"""Signing in and out: clear messages for a wrong password, a locked account and an ended session; the
session cookie's flags; `next` only ever leads to a page of this service."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portcullis.web import pages

PASSWORD = "correct horse battery staple"
EMAIL = "auditor@example.gov.uk"


@pytest.fixture()
def form(client, make_user, anonymous_token):  # type: ignore[no-untyped-def]
    """Post the sign-in form as a browser would, with the anonymous CSRF token."""
    make_user(["auditor"], email=EMAIL)
    token = anonymous_token(client)

    def _post(email: str = EMAIL, password: str = PASSWORD, next: str = "/"):  # type: ignore[no-untyped-def]
        data = {"email": email, "password": password, "next": next, "csrf_token": token}
        return client.post("/sign-in", data=data, follow_redirects=False)

    return _post


def test_a_correct_password_signs_in_and_goes_to_the_page_asked_for(client, form) -> None:
    response = form(next="/audit?search=1&operation=consultation")
    assert response.status_code == 303
    assert response.headers["location"] == "/audit?search=1&operation=consultation"
    assert client.get("/audit").status_code == 200


def test_the_session_cookie_is_http_only_same_site_lax_and_not_secure_outside_production(form) -> None:
    cookie = form().headers["set-cookie"].lower()
    assert cookie.startswith("portcullis_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie


def test_the_session_cookie_is_secure_in_production(form, monkeypatch) -> None:
    real = pages.get_settings()

    class Production:
        session_max_age_seconds = real.session_max_age_seconds
        secure_cookies = True

    monkeypatch.setattr(pages, "get_settings", lambda: Production())
    assert "secure" in form().headers["set-cookie"].lower()


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "evil", "/sign-out"]
)
def test_next_never_leads_to_another_site(form, target: str) -> None:
    assert form(next=target).headers["location"] == "/"


def test_an_unknown_email_and_a_wrong_password_get_the_same_message(form) -> None:
    unknown = form(email="nobody@example.gov.uk")
    wrong = form(password="not the password at all")
    for response in (unknown, wrong):
        assert response.status_code == 401
        assert "There is a problem" in response.text
        assert "Enter a correct email address and password" in response.text
        assert 'href="#email"' in response.text
        assert "portcullis_session" not in response.headers.get("set-cookie", "")
    assert unknown.text.count("Enter a correct") == wrong.text.count("Enter a correct")


def test_the_email_typed_is_kept_but_the_password_is_not(form) -> None:
    response = form(password="wrong password here")
    assert f'value="{EMAIL}"' in response.text
    assert "wrong password here" not in response.text


def test_empty_fields_each_get_an_error_linked_to_the_field(form) -> None:
    response = form(email=" ", password="")
    assert response.status_code == 400
    assert "Error: Sign in" in response.text
    assert 'href="#email"' in response.text and "Enter your email address" in response.text
    assert 'href="#password"' in response.text and "Enter your password" in response.text


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(form) -> None:
    for _ in range(5):
        assert form(password="not the password").status_code == 401
    locked = form()  # even the right password is refused while locked
    assert locked.status_code == 401
    assert "locked for 15 minutes" in locked.text
    assert "Wait 15 minutes, then try again" in locked.text


def test_the_lock_ends_after_15_minutes(form, frozen_clock) -> None:
    for _ in range(5):
        form(password="not the password")
    frozen_clock.advance(timedelta(minutes=15, seconds=1))
    assert form().status_code == 303


def test_an_ended_session_sends_you_to_sign_in_with_a_message(client, sign_in, frozen_clock) -> None:
    sign_in(["auditor"])
    frozen_clock.advance(timedelta(hours=8, seconds=1))
    response = client.get("/audit", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/audit&expired=1"
    assert 'portcullis_session=""' in response.headers["set-cookie"]  # the dead cookie is removed
    page = client.get(response.headers["location"])
    assert "Your session has ended, so you have been signed out" in page.text


def test_a_signed_in_user_asking_for_sign_in_goes_home(client, sign_in) -> None:
    sign_in(["auditor"])
    response = client.get("/sign-in", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_sign_out_by_link_asks_first_with_a_button(client, sign_in) -> None:
    principal = sign_in(["auditor"])
    page = client.get("/sign-out")
    assert page.status_code == 200
    assert 'method="post" action="/sign-out"' in page.text
    assert f'value="{principal.csrf_token}"' in page.text
    assert client.get("/audit").status_code == 200  # looking at the page signed nobody out


def test_signing_out_ends_the_session_for_good(client, sign_in) -> None:
    sign_in(["auditor"])
    cookie = client.cookies.get("portcullis_session")
    response = client.post("/sign-out", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/signed-out"
    assert "You have signed out" in client.get("/signed-out").text
    client.cookies.set("portcullis_session", cookie)  # a copied cookie no longer works either
    assert client.get("/audit", follow_redirects=False).status_code == 303


def test_sign_out_when_not_signed_in_says_so(client) -> None:
    assert "You are not signed in" in client.get("/sign-out").text


def test_signing_in_again_ends_the_previous_session(client, form, make_user, anonymous_token) -> None:
    form()
    first = client.cookies.get("portcullis_session")
    make_user(["caseworker"], email="other@example.gov.uk")
    token = client.get("/sign-out").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/sign-in", data={"email": "other@example.gov.uk", "password": PASSWORD, "csrf_token": token})
    client.cookies.set("portcullis_session", first)
    assert client.get("/audit", follow_redirects=False).status_code == 303
