"""Officer pages, the managers' dashboard, the API's rule endpoints and the demo data."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console
from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.employers import dashboard, demo
from portcullis.employers.models import ActionPlan, Licence, Penalty

from .helpers import licensed_sponsor

pytestmark = pytest.mark.usefixtures("database")


def test_a_compliance_officer_downgrades_a_licence_from_the_sponsor_page(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, sponsor_id, licence_id = licensed_sponsor()
    sign_in(["compliance_officer"])
    page = client.get(f"/employers/sponsors/{sponsor_id}")
    assert page.status_code == 200 and "Downgrade to B" in page.text
    done = client.post(
        f"/employers/licences/{licence_id}/downgrade",
        data={"months": "6", "actions": "Train staff\nFix records"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with unit_of_work() as uow:
        assert uow.session.get(Licence, licence_id).rating == "B"  # type: ignore[union-attr]


def test_a_plan_longer_than_12_months_is_refused_with_an_error_summary(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, _, licence_id = licensed_sponsor()
    sign_in(["compliance_officer"])
    page = client.post(f"/employers/licences/{licence_id}/downgrade", data={"months": "13", "actions": "x"})
    assert page.status_code == 422
    assert "There is a problem" in page.text and "at most 12 months" in page.text
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ActionPlan)) == 0


def test_revoking_from_the_page_needs_a_ground(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, sponsor_id, licence_id = licensed_sponsor()
    sign_in(["compliance_officer"])
    assert client.post(f"/employers/licences/{licence_id}/revoke", data={"ground": ""}).status_code == 422
    done = client.post(
        f"/employers/licences/{licence_id}/revoke",
        data={"ground": "C1-false-information"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "revoked" in client.get(f"/employers/sponsors/{sponsor_id}").text


def test_an_enforcement_officer_cannot_downgrade_a_licence(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, _, licence_id = licensed_sponsor()
    sign_in(["enforcement_officer"])
    assert client.post(f"/employers/licences/{licence_id}/downgrade", data={"months": "3"}).status_code == 403


def test_the_demo_loads_the_pera_palace_case_and_fills_the_dashboard(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))
    with unit_of_work() as uow:
        penalty = uow.session.scalar(select(Penalty).order_by(Penalty.issued_on))
        assert penalty is not None and penalty.total == 45000 and penalty.status == "debt"
        figures = dashboard.figures(uow.session, end=date(2025, 6, 2))
        assert figures.total("visits") == 240 and figures.total("arrests") > 0
        assert figures.total("licences_revoked") == 1 and figures.total("penalties_paid") > 0
    sign_in(["enforcement_officer"])
    page = client.get("/employers/dashboard")
    assert page.status_code == 200
    assert page.text.count('class="app-chart"') == 8 and "<caption" in page.text
    assert client.get("/employers/dashboard?region=London&sector=care").status_code == 200
    assert "There is a problem" in client.get("/employers/dashboard?region=Atlantis").text
    assert "Hupus Limited" in client.get("/employers/enforcement").text
    assert client.get("/employers").status_code == 200


def test_the_dashboard_needs_its_permission(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["employer"])
    assert client.get("/employers/dashboard").status_code == 403


def test_the_api_calculates_a_penalty_on_each_side_of_13_february_2024(api_client) -> None:  # type: ignore[no-untyped-def]
    api = api_client(["compliance_officer"])
    body = {"breach": "first", "workers": 2, "on": "2024-02-12"}
    assert api.post("/api/v1/employers/penalties/calculate", json=body).json()["total"] == "30000.00"
    body["on"] = "2024-02-13"
    assert api.post("/api/v1/employers/penalties/calculate", json=body).json()["total"] == "90000.00"
    bad = api.post("/api/v1/employers/penalties/calculate", json={**body, "workers": 0})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "workers"


def test_the_api_gives_the_action_plan_maximum(api_client) -> None:  # type: ignore[no-untyped-def]
    api = api_client(["compliance_officer"])
    assert api.get("/api/v1/employers/action-plans/maximum?on=2024-11-27").json()["months"] == 3
    assert api.get("/api/v1/employers/action-plans/maximum?on=2024-11-28").json()["months"] == 12
