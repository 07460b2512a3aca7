"""The policing JSON API: settlement with what-ifs, specific errors, and force scoping."""

from __future__ import annotations

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.policing import demo, imports


def test_the_settlement_api_gives_every_force_and_reconciles(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["analyst"])
    data = client.get("/api/v1/policing/settlement/2025-26").json()
    assert data["illustrative"] is True and len(data["forces"]) == 43
    assert all(c["ok"] for c in data["checks"])
    what_if = client.get("/api/v1/policing/settlement/2025-26", params={"band_d": "0"}).json()
    assert what_if["totals"]["precept_rise"] == "0.00"


def test_bad_what_if_input_names_the_field(api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["analyst"])
    bad = client.get("/api/v1/policing/settlement/2025-26", params={"line_pensions": "1"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "line_pensions"
    assert client.get("/api/v1/policing/settlement/2025-26", params={"band_d": "x"}).status_code == 422
    assert client.get("/api/v1/policing/settlement/2019-20").status_code == 404


def test_a_force_user_gets_only_their_own_force_s_measures(api_client) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        imports.save_rows(
            uow, kind="999", rows=demo.rows_999(["2025-04", "2025-05"]), filename="t.csv", actor=access.SYSTEM
        )
    client = api_client(["force_analyst"], "kent")
    assert [f["code"] for f in client.get("/api/v1/policing/forces").json()] == ["kent"]
    own = client.get("/api/v1/policing/forces/kent/measures/calls_999_within_10s")
    assert own.status_code == 200
    assert [m["month"] for m in own.json()["months"]] == ["2025-04", "2025-05"]
    assert client.get("/api/v1/policing/forces/essex/measures/calls_999_within_10s").status_code == 404
