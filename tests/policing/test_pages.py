"""Policing pages: the settlement with its ILLUSTRATIVE label and downloads, what-ifs, force scoping,
league tables and the flag workflow through the browser forms."""

from __future__ import annotations

import io
import zipfile

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.policing import demo, imports, interventions


def _demo_data() -> None:
    months = ["2025-02", "2025-03", "2025-04", "2025-05"]
    with unit_of_work() as uow:
        imports.save_rows(uow, kind="999", rows=demo.rows_999(months), filename="t.csv", actor=access.SYSTEM)
        imports.save_rows(
            uow,
            kind="neighbourhood",
            rows=demo.rows_neighbourhood(months),
            filename="n.csv",
            actor=access.SYSTEM,
        )


def test_the_settlement_page_shows_every_force_a_chart_with_a_title_and_the_illustrative_warning(
    client, sign_in
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["analyst"])
    page = client.get("/policing/settlement/2025-26")
    assert page.status_code == 200
    assert "ILLUSTRATIVE" in page.text
    assert "<svg" in page.text and "<title" in page.text and "<desc" in page.text
    assert "Thames Valley" in page.text and "17,400,000,000.00" in page.text
    assert "Differs" not in page.text
    assert "£19,500,000,000" in page.text and "£612,000,000" in page.text


def test_the_settlement_downloads_as_csv_and_ods_and_both_say_illustrative(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["force_analyst"], "kent")
    csv = client.get("/policing/settlement/2025-26/download.csv")
    assert csv.status_code == 200
    assert csv.text.lstrip('"').startswith("ILLUSTRATIVE")
    assert "England and Wales" in csv.text and "17400000000.00" in csv.text
    ods = client.get("/policing/settlement/2025-26/download.ods")
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    content = zipfile.ZipFile(io.BytesIO(ods.content)).read("content.xml").decode()
    assert "ILLUSTRATIVE" in content and "Thames Valley" in content


def test_a_what_if_precept_limit_changes_the_page_and_bad_input_names_the_field(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["analyst"])
    page = client.get("/policing/settlement/2025-26", params={"band_d": "10"})
    assert page.status_code == 200
    assert "17,305,771,428.57" in page.text
    bad = client.get("/policing/settlement/2025-26", params={"band_d": "lots"})
    assert bad.status_code == 422
    assert 'href="#band_d"' in bad.text


def test_a_year_without_a_settlement_is_not_found(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["analyst"])
    assert client.get("/policing/settlement/2024-25").status_code == 404


def test_a_force_analyst_sees_their_own_force_and_not_another(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _demo_data()
    sign_in(["force_analyst"], "greater-manchester")
    own = client.get("/policing/forces/greater-manchester")
    assert own.status_code == 200
    assert "999 calls answered within 10 seconds" in own.text and "<svg" in own.text
    assert "Most similar forces" in own.text
    assert client.get("/policing/forces/kent").status_code == 404
    assert client.get("/policing/forces/kent/calls_999_within_10s.csv").status_code == 404
    assert client.get("/policing/league/calls_999_within_10s").status_code == 403
    index = client.get("/policing")
    assert "Greater Manchester Police" in index.text and "Kent Police" not in index.text


def test_a_national_analyst_sees_every_force_league_tables_and_csv(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _demo_data()
    sign_in(["analyst"])
    assert client.get("/policing/forces/kent").status_code == 200
    league = client.get("/policing/league/calls_999_within_10s")
    assert league.status_code == 200 and "2025-05" in league.text and "Cleveland" in league.text
    league_csv = client.get("/policing/league/calls_999_within_10s.csv")
    assert league_csv.status_code == 200 and "Cleveland Police" in league_csv.text
    assert league_csv.text.splitlines()[1] == "Rank,Force,Value"
    csv = client.get("/policing/forces/kent/calls_999_within_10s.csv")
    assert csv.status_code == 200 and "2025-05" in csv.text and "ILLUSTRATIVE" in csv.text
    tracker = client.get("/policing/neighbourhood")
    assert tracker.status_code == 200
    assert "since 2025-03" in tracker.text and "2026-03-31" in tracker.text and "2029-03-31" in tracker.text


def test_signed_out_users_are_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/policing/settlement/2025-26", follow_redirects=False)
    assert page.status_code in (302, 303, 401)


def test_the_performance_unit_works_a_flag_through_the_forms(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _demo_data()
    flag_id = next(
        r["flag_id"]
        for r in interventions.run_flags(month="2025-05", actor=access.SYSTEM)
        if r.get("flagged")
    )
    sign_in(["performance_unit"])
    assert "cleveland" in client.get("/policing/flags").text.lower()
    bad = client.post(f"/policing/flags/{flag_id}/status", data={"status": "closed", "note": "x"})
    assert bad.status_code == 422 and 'href="#status"' in bad.text
    ok = client.post(
        f"/policing/flags/{flag_id}/status",
        data={"status": "under_review", "note": "Looking"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    client.post(f"/policing/flags/{flag_id}/status", data={"status": "improvement_plan", "note": "Plan"})
    client.post(
        f"/policing/flags/{flag_id}/actions",
        data={"description": "Hire call handlers", "owner": "Chief Constable", "due": "2025-09-30"},
    )
    client.post(
        f"/policing/flags/{flag_id}/decision",
        data={"decision": "support", "decided_on": "2025-06-01", "notes": "Support offered"},
    )
    page = client.get(f"/policing/flags/{flag_id}")
    assert "Hire call handlers" in page.text and "Support from the Performance Unit" in page.text


def test_a_force_analyst_cannot_move_a_flag_on(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _demo_data()
    flag_id = next(
        r["flag_id"]
        for r in interventions.run_flags(month="2025-05", actor=access.SYSTEM)
        if r.get("flagged") and r["force"] == "greater-manchester"
    )
    sign_in(["force_analyst"], "greater-manchester")
    assert client.get(f"/policing/flags/{flag_id}").status_code == 200
    denied = client.post(f"/policing/flags/{flag_id}/status", data={"status": "under_review", "note": "x"})
    assert denied.status_code == 403
