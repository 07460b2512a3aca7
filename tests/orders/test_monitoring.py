"""Monitoring ingest (supplier API and file import): zones, curfews, tamper; a bad batch is refused whole."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from typer.testing import CliRunner

from portcullis.cli import app
from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.orders import monitoring, service
from portcullis.orders.models import MonitoringAlert, MonitoringPointBlock

from .helpers import make_person

OFFICER = access.Principal(kind="user", user_id="u1", name="Dee Officer", organisation="greater-manchester")
HOME = {"latitude": 53.4808, "longitude": -2.2426}
CURFEW_AT = {"latitude": 53.50, "longitude": -2.30}


def tagged_order(tag_id: str = "TAG-1") -> str:
    subject = make_person()
    conditions = [
        {"kind": "exclusion_zone", "name": "Victim's home", "centre": HOME, "radius_m": 500},
        {
            "kind": "exclusion_zone",
            "name": "City centre",
            "polygon": {
                "type": "Polygon",
                "coordinates": [
                    [[-2.25, 53.47], [-2.23, 53.47], [-2.23, 53.49], [-2.25, 53.49], [-2.25, 53.47]]
                ],
            },
        },
        {
            "kind": "electronic_monitoring",
            "mode": "curfew",
            "months": 6,
            "responsible_person": "Tagline",
            "available_in_area": True,
            "curfew_from": "19:00",
            "curfew_to": "07:00",
            "curfew_address": "4 Other Rd",
            "curfew_centre": CURFEW_AT,
        },
    ]
    with unit_of_work() as uow:
        application = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=subject,
            actor=OFFICER,
            with_notice=True,
            court="high-court",
        )
        # SCPO electronic monitoring awaits the 2025 Act; use a DAPO-style order record made by the court.
        application.order_type = "dapo"
        application.court = "family-court"
        order = service.record_outcome(
            uow,
            application_id=application.id,
            outcome="granted",
            actor=OFFICER,
            conditions=conditions,
            starts_on=date(2025, 6, 1),
        )
        assert order is not None
        monitoring.fit_tag(uow, order_id=order.id, tag_id=tag_id, responsible_officer="PC Dee", actor=OFFICER)
        return order.id


def point(
    at: str, lat: float | None = 53.60, lon: float | None = -2.10, event: str = "location", tag: str = "TAG-1"
) -> dict[str, Any]:
    return {"tag_id": tag, "at": at, "latitude": lat, "longitude": lon, "event": event}


def test_a_point_inside_an_exclusion_zone_raises_an_alert_with_its_evidence(api_client: Any) -> None:
    order_id = tagged_order()
    client = api_client(["monitoring_supplier"])
    response = client.post(
        "/api/v1/monitoring/points",
        json={
            "points": [
                point("2025-06-02T09:00:00+01:00"),
                point("2025-06-02T09:05:00+01:00", 53.4810, -2.2430),
            ]
        },
    )
    assert response.status_code == 201, response.text
    alerts = [a for a in response.json()["alerts"] if a["kind"] == "zone_entry"]
    assert {a["evidence"]["zone"] for a in alerts} == {
        "Victim's home",
        "City centre",
    }  # the home is in the centre
    assert {a["order_id"] for a in alerts} == {order_id}
    assert alerts[0]["evidence"]["points"][0]["at"] == "2025-06-02T09:05:00+01:00"
    assert alerts[0]["delay_seconds"] == 85 * 60  # 08:05 UTC point; the clock is frozen at 09:30 UTC


def test_a_point_away_from_home_during_curfew_hours_is_a_curfew_breach(api_client: Any) -> None:
    tagged_order()
    client = api_client(["monitoring_supplier"])
    body = {
        "points": [
            point("2025-06-01T22:30:00+01:00"),
            point("2025-06-01T12:00:00+01:00"),
            point("2025-06-01T23:00:00+01:00", CURFEW_AT["latitude"], CURFEW_AT["longitude"]),
        ]
    }
    alerts = client.post("/api/v1/monitoring/points", json=body).json()["alerts"]
    [curfew] = [a for a in alerts if a["kind"] == "curfew"]
    assert curfew["evidence"]["count"] == 1 and curfew["at"] == "2025-06-01T22:30:00+01:00"


def test_tamper_and_no_signal_events_raise_alerts(api_client: Any) -> None:
    tagged_order()
    client = api_client(["monitoring_supplier"])
    body = {
        "points": [
            point("2025-06-02T08:00:00+01:00", None, None, "tamper"),
            point("2025-06-02T08:10:00+01:00", None, None, "no_signal"),
        ]
    }
    kinds = sorted(a["kind"] for a in client.post("/api/v1/monitoring/points", json=body).json()["alerts"])
    assert kinds == ["no_signal", "tamper"]


def test_an_impossible_coordinate_refuses_the_whole_batch_and_saves_nothing(api_client: Any) -> None:
    tagged_order()
    client = api_client(["monitoring_supplier"])
    response = client.post(
        "/api/v1/monitoring/points",
        json={"points": [point("2025-06-02T09:00:00+01:00"), point("2025-06-02T09:01:00+01:00", 91.0, -2.0)]},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "points[1].latitude", "reason": "must be a number from -90 to 90"}
    ]
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(MonitoringPointBlock)) == 0


def test_a_timestamp_in_the_future_or_without_an_offset_is_refused(api_client: Any) -> None:
    tagged_order()
    client = api_client(["monitoring_supplier"])
    response = client.post(
        "/api/v1/monitoring/points",
        json={"points": [point("2030-01-01T00:00:00+00:00"), point("2025-06-02T09:00:00")]},
    )
    assert response.json()["errors"] == [
        {"field": "points[0].at", "reason": "is in the future"},
        {"field": "points[1].at", "reason": "needs a time zone offset"},
    ]


def test_a_malformed_body_gets_400_and_an_unfitted_tag_422(api_client: Any) -> None:
    tagged_order()
    client = api_client(["monitoring_supplier"])
    assert client.post("/api/v1/monitoring/points", content=b"{nope").status_code == 400
    response = client.post(
        "/api/v1/monitoring/points", json={"points": [point("2025-06-02T09:00:00+01:00", tag="TAG-X")]}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "tag_id"


def test_only_the_monitoring_supplier_may_post_points(api_client: Any) -> None:
    client = api_client(["caseworker"])
    assert client.post("/api/v1/monitoring/points", json={"points": []}).status_code == 403


def test_a_csv_file_is_imported_and_alerts_raised(database: Any, tmp_path: Path) -> None:
    tagged_order()
    path = tmp_path / "points.csv"
    path.write_text(
        "tag_id,at,latitude,longitude,event\n"
        "TAG-1,2025-06-02T09:00:00+01:00,53.4808,-2.2426,location\n"
        "TAG-1,2025-06-02T09:01:00+01:00,53.6,-2.1,location\n"
    )
    result = CliRunner().invoke(app, ["orders", "import-points", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["accepted"] == 2
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(MonitoringAlert)) == 2  # home and centre


def test_a_json_lines_file_with_a_bad_timestamp_imports_nothing(database: Any, tmp_path: Path) -> None:
    tagged_order()
    path = tmp_path / "points.jsonl"
    path.write_text(
        json.dumps(point("2025-06-02T09:00:00+01:00")) + "\n" + json.dumps(point("not a time")) + "\n"
    )
    result = CliRunner().invoke(app, ["orders", "import-points", str(path), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"] == [
        {"field": "points[1].at", "reason": "'not a time' is not an ISO 8601 time"}
    ]
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(MonitoringPointBlock)) == 0
