"""The demonstration data that `make run` loads: on an empty database, only once, and its accounts work."""

from __future__ import annotations

import io

from rich.console import Console

from portcullis.core import access
from portcullis.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

SPONSOR = "authorising.officer@10000001.example.com"


def _quiet() -> Console:
    return Console(file=io.StringIO())


def test_the_demo_loads_on_an_empty_database_once_and_every_demo_account_signs_in(database, client) -> None:  # type: ignore[no-untyped-def]
    assert load_demo(console=_quiet()) is True
    assert load_demo(console=_quiet()) is False  # a second `make run` leaves the data alone

    for email, name, roles, _ in DEMO_USERS:
        user = access.authenticate(email=email, password=DEMO_PASSWORD)
        assert user.name == name
        assert set(roles) <= {r.role for r in user.roles}, email

    # The demo sponsor's authorising officer sees their own licence, which the employers demo registered.
    page = client.get("/sign-in")
    token = client.cookies.get("portcullis_csrf")
    signed_in = client.post(
        "/sign-in",
        data={"email": SPONSOR, "password": DEMO_PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert page.status_code == 200 and signed_in.status_code == 303
    licences = client.get("/employers/my-licences")
    assert licences.status_code == 200
    assert "Brightwater Care Homes Ltd" in licences.text and "Riverside Software" not in licences.text
