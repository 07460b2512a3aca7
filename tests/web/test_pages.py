"""The shell's pages: start page and home page by role, navigation, error pages, cookies and
accessibility statement, and the security headers every response carries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from portcullis.web import navigation


@pytest.fixture()
def public_service() -> Iterator[None]:
    navigation.add_public("Apply for an ETA", "/test-eta", "Get permission to travel to the UK")
    yield
    navigation.PUBLIC[:] = [i for i in navigation.PUBLIC if i.href != "/test-eta"]


def test_the_anonymous_home_page_lists_public_services_and_offers_sign_in(client, public_service) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Services you can use without signing in" in page.text
    assert 'href="/test-eta"' in page.text and "Get permission to travel to the UK" in page.text
    assert 'href="/sign-in"' in page.text
    assert "Audit log" not in page.text


def test_a_public_service_is_listed_once_however_often_it_is_added(public_service) -> None:
    navigation.add_public("Apply for an ETA", "/test-eta")
    assert [i.href for i in navigation.public_services()].count("/test-eta") == 1


def test_the_home_page_lists_only_the_services_the_role_may_use(client, sign_in) -> None:
    sign_in(["auditor"])
    page = client.get("/")
    assert "Your services" in page.text
    assert 'href="/audit"' in page.text and "check the log is intact" in page.text
    assert "You are signed in as Auditor" in page.text


def test_a_role_without_services_is_told_who_to_ask(client, sign_in) -> None:
    sign_in(["carrier"])
    page = client.get("/")
    assert 'href="/audit"' not in page.text
    assert "Ask your service administrator" in page.text


def test_the_header_offers_sign_out_when_signed_in_and_sign_in_when_not(client, sign_in) -> None:
    assert 'href="/sign-in"' in client.get("/cookies").text
    sign_in(["auditor"])
    page = client.get("/cookies").text
    assert 'class="govuk-service-navigation__link" href="/sign-out"' in page
    assert 'class="govuk-service-navigation__link" href="/audit"' in page


def test_the_current_service_is_marked_in_the_navigation(client, sign_in) -> None:
    sign_in(["auditor"])
    assert 'href="/audit" aria-current="true"' in client.get("/audit").text


def test_every_page_has_the_phase_banner_and_the_footer_links(client) -> None:
    page = client.get("/").text
    assert "govuk-phase-banner" in page and "Beta" in page
    assert 'href="/cookies"' in page and 'href="/accessibility"' in page


def test_the_cookies_page_lists_each_cookie_in_a_captioned_table(client) -> None:
    page = client.get("/cookies").text
    assert "<caption" in page and "portcullis_session" in page and "portcullis_csrf" in page
    assert "after 8 hours" in page


def test_the_accessibility_statement_is_public_and_honest_about_testing(client) -> None:
    page = client.get("/accessibility").text
    assert "Accessibility statement for Portcullis" in page
    assert "partially compliant" in page and "WCAG" in page


def test_a_missing_page_gets_the_gov_uk_not_found_page(client) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Page not found" in page.text and "check you copied the entire address" in page.text
    assert "Not Found" not in page.text


def test_a_missing_api_route_answers_json(client) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_forbidden_page_says_who_you_are_and_who_to_ask(client, sign_in) -> None:
    sign_in(["carrier"])
    page = client.get("/audit")
    assert page.status_code == 403
    assert "You do not have permission to view this page" in page.text
    assert "You are signed in as Test User" in page.text
    assert "ask your service administrator" in page.text


def test_a_server_error_shows_the_sorry_page_with_a_reference_and_the_headers(echo_app: FastAPI) -> None:
    with TestClient(echo_app, raise_server_exceptions=False) as client:
        response = client.get("/test-boom", headers={"X-Request-ID": "support-ref-42"})
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "support-ref-42" in response.text
    assert response.headers["x-request-id"] == "support-ref-42"
    assert response.headers["x-frame-options"] == "DENY"
    assert "Jane Doe" not in response.text


def test_every_response_carries_the_security_headers(client) -> None:
    for path in (
        "/",
        "/sign-in",
        "/no-such-page",
        "/assets/govuk-frontend.min.css",
        "/static/portcullis.css",
    ):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["referrer-policy"] == "same-origin", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path


def test_the_inline_script_carries_the_nonce_the_policy_allows(client) -> None:
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.text
    assert "'unsafe-inline'" not in policy
    assert client.get("/").headers["content-security-policy"] != policy  # a new nonce each time


def test_pages_are_not_cached_but_assets_are(client) -> None:
    assert client.get("/").headers["cache-control"] == "no-store"
    assert "max-age" in client.get("/assets/govuk-frontend.min.css").headers["cache-control"]


def test_an_asset_outside_the_assets_folder_cannot_be_read(client) -> None:
    assert client.get("/assets/../../package.json").status_code == 404
    assert client.get("/assets/%2e%2e/%2e%2e/package.json").status_code == 404
