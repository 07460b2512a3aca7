"""The carrier API keeps a token's principal in the process; revoking the token, disabling its account or
changing its rate limit still takes effect at once (checked within the request's one query)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from portcullis.core import access, audit, rate_limits
from portcullis.core.access_models import ApiToken, User
from portcullis.core.db import unit_of_work
from portcullis.travel import carrier_auth

URL = "/api/v1/permission-to-travel"
BODY: dict[str, Any] = {
    "flight": "BA0178",
    "travel_date": "2025-06-10",
    "route_from": "JFK",
    "route_to": "LHR",
    "passengers": [
        {
            "document_number": "567890123",
            "issuing_state": "USA",
            "nationality": "USA",
            "date_of_birth": "1990-05-17",
            "given_names": "Jane",
            "family_name": "Doe",
        }
    ],
}


@pytest.fixture(autouse=True)
def _fresh() -> None:
    rate_limits.limiter().reset()
    carrier_auth.tokens.reset()


def disclosures() -> int:
    with unit_of_work() as uow:
        return len(audit.search(uow.session, operation="disclosure", limit=1000))


def test_a_revoked_token_is_refused_at_the_next_request_and_nothing_is_disclosed(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    assert client.post(URL, json=BODY).status_code == 200
    with unit_of_work() as uow:
        token = uow.session.scalars(select(ApiToken)).one()
        access.revoke_api_token(uow, token.id)
    response = client.post(URL, json=BODY)
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert disclosures() == 1
    # Forgotten by the cache: the next request takes the full path, and is refused there too.
    assert client.post(URL, json=BODY).status_code == 401


def test_a_disabled_account_is_refused_at_the_next_request(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    assert client.post(URL, json=BODY).status_code == 200
    with unit_of_work() as uow:
        for user in uow.session.scalars(select(User)):
            user.active = False
    assert client.post(URL, json=BODY).status_code == 401
    assert disclosures() == 1


def test_a_lowered_rate_limit_applies_from_the_request_after_the_next(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    assert client.post(URL, json=BODY).status_code == 200
    with unit_of_work() as uow:
        for token in uow.session.scalars(select(ApiToken)):
            token.rate_limit_per_minute = 1
    codes = [client.post(URL, json=BODY).status_code for _ in range(2)]
    assert codes == [200, 429]


def test_an_unknown_token_is_refused_and_the_cache_keeps_only_hashes(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["carrier"])
    assert client.post(URL, json=BODY).status_code == 200
    secret = client.headers["Authorization"][7:]
    assert secret not in carrier_auth.tokens._entries
    assert carrier_auth.tokens.get(carrier_auth.TokenCache.key(secret)) is not None
    stranger = client.post(URL, json=BODY, headers={"Authorization": "Bearer pcs_not-a-token"})
    assert stranger.status_code == 401


def test_a_cached_token_without_the_carrier_permission_is_still_refused(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["employer"])
    assert client.post(URL, json=BODY).status_code == 403
    assert client.post(URL, json=BODY).status_code == 403
