"""The upload pages: performance data of every KIND and the official settlement table, checked row by row
(row number and reason in the error summary and the table, nothing saved on any error), large files
imported by a background job with progress, all behind the import permission."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portcullis.core import jobs
from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.policing import service, tables, uploads
from portcullis.policing.models import (
    AttendanceMonth,
    CallMonth,
    MeasureValue,
    NeighbourhoodReturn,
    SettlementInputRow,
)

HEADER_999 = (
    "force,month,calls_answered,answered_within_10s,answered_10_to_60s,answered_over_60s,"
    "mean_answer_seconds\n"
)
GOOD = {
    "999": (
        HEADER_999 + "kent,2025-04,1000,920,60,20,6.5\ncleveland,2025-04,500,400,80,20,12.1\n",
        CallMonth,
    ),
    "measures": (
        "force,month,measure,numerator,denominator\nkent,2025-04,knife_crime_rate,120,1900000\n",
        MeasureValue,
    ),
    "neighbourhood": (
        "force,month,officers,pcsos,specials,neighbourhoods,named_officer_neighbourhoods,queries,"
        "queries_answered_72h\nkent,2025-04,600,200,100,80,78,400,380\n",
        NeighbourhoodReturn,
    ),
    "incidents": (
        "force,incident_id,grade,area,reported_at,arrived_at\n"
        "kent,1,emergency,urban,2025-04-01 10:00:00,2025-04-01 10:14:00\n"
        "kent,2,emergency,rural,2025-04-02 11:00:00,\n",
        AttendanceMonth,
    ),
}


@pytest.fixture()
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    return tmp_path


def count(model: type) -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def stored(var_dir: Path) -> list[Path]:
    return [p for p in (var_dir / "policing" / "uploads").glob("*/*") if p.is_file()]


def post(client, kind: str, text: str | bytes, name: str = "data.csv"):  # type: ignore[no-untyped-def]
    body = text.encode() if isinstance(text, str) else text
    return client.post(
        "/policing/upload",
        data={"kind": kind},
        files={"file": (name, body, "text/csv")},
        follow_redirects=True,
    )


def test_the_upload_form_carries_the_csrf_token_and_offers_every_kind_the_command_imports(
    client, sign_in
) -> None:  # type: ignore[no-untyped-def]
    principal = sign_in(["performance_unit"])
    page = client.get("/policing/upload")
    assert page.status_code == 200
    assert f'name="csrf_token" value="{principal.csrf_token}"' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    for kind in ("999", "incidents", "measures", "neighbourhood"):
        assert f'value="{kind}"' in page.text
    settlement = client.get("/policing/settlement-table")
    assert f'name="csrf_token" value="{principal.csrf_token}"' in settlement.text


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_a_valid_file_of_each_kind_is_imported_and_kept_under_the_var_folder(
    client, sign_in, var_dir, kind
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["analyst"])
    text, model = GOOD[kind]
    page = post(client, kind, text, f"{kind}.csv")
    assert page.status_code == 200
    assert "File imported" in page.text and f"{kind}.csv" in page.text
    assert count(model) >= 1
    assert [p.name for p in stored(var_dir)] == [f"{kind}.csv"]


def test_bad_rows_are_listed_with_their_row_number_and_reason_and_nothing_is_saved(
    client, sign_in, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    text = (
        HEADER_999
        + "kent,2025-04,1000,920,60,20,6.5\n"  # row 2: fine
        + "kent,2025-05,-5,0,0,0,1\n"  # row 3: negative
        + "essex,2025-07,10,10,0,0,1\n"  # row 4: in the future (the clock says 2 June 2025)
        + "Gotham,2025-04,10,10,0,0,1\n"  # row 5: no such force
    )
    page = post(client, "999", text)
    assert page.status_code == 422
    summary = page.text[page.text.index("govuk-error-summary") :].split("</ul>")[0]
    assert "nothing was imported" in summary
    assert "Row 3, calls_answered: must not be negative" in summary
    assert "Row 4, month: 2025-07 is in the future" in summary
    assert "Row 5, force: no police force called &#39;Gotham&#39;" in summary
    assert 'id="problems"' in page.text and 'href="#problem-1"' in page.text
    assert count(CallMonth) == 0
    assert stored(var_dir) == []
    assert 'value="999" checked' in page.text


def test_a_file_missing_columns_names_each_column_on_row_one(client, sign_in, var_dir) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    page = post(client, "neighbourhood", "force,month\nkent,2025-04\n")
    assert page.status_code == 422
    assert "Row 1, officers: column is missing" in page.text
    assert count(NeighbourhoodReturn) == 0


def test_a_form_without_a_kind_or_a_file_says_which_is_missing(client, sign_in, var_dir) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    page = client.post("/policing/upload", data={"kind": ""}, files={"file": ("", b"", "text/csv")})
    assert page.status_code == 422
    assert 'href="#kind"' in page.text and "Select the kind of data in the file" in page.text
    assert 'href="#file"' in page.text and "Select a CSV file" in page.text


def test_an_empty_file_and_a_file_that_is_not_utf8_are_refused(client, sign_in, var_dir) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    assert "the file is empty" in post(client, "999", b"").text
    latin = (HEADER_999 + "kent,2025-04,1000,920,60,20,6.5\n").encode() + "caf\xe9\n".encode("latin-1")
    page = post(client, "999", latin)
    assert page.status_code == 422 and "not UTF-8" in page.text
    assert count(CallMonth) == 0 and stored(var_dir) == []


def test_a_large_file_is_imported_by_a_background_job_that_reports_its_progress(
    client, sign_in, var_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(uploads, "BACKGROUND_BYTES", 10)
    principal = sign_in(["performance_unit"])
    page = post(client, "999", GOOD["999"][0], "big.csv")
    assert page.status_code == 200
    assert "being checked and imported in the background" in page.text
    assert count(CallMonth) == 0
    with unit_of_work() as uow:
        job = uow.session.scalars(select(jobs.Job)).one()
        assert job.kind == uploads.JOB_KIND and job.owner_id == principal.user_id
        job_id = job.id
    assert jobs.run_pending() == 1
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        assert job is not None and job.status == "succeeded"
        assert (job.progress_done, job.progress_total) == (2, 2)
        assert job.result == {
            "imported": True,
            "import_id": job.result["import_id"],
            "kind": "999",
            "file": "big.csv",
            "rows": 2,
        }
    assert count(CallMonth) == 2
    done = client.get(f"/policing/upload/jobs/{job_id}")
    assert "File imported" in done.text and f'href="/jobs/{job_id}"' in done.text
    assert client.get(f"/jobs/{job_id}").status_code == 200  # the platform's job page, with its progress bar


def test_a_large_file_with_bad_rows_finishes_its_job_with_every_problem_listed_and_saves_nothing(
    client, sign_in, var_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(uploads, "BACKGROUND_BYTES", 10)
    sign_in(["performance_unit"])
    post(client, "999", HEADER_999 + "kent,2025-04,1000,920,60,20,6.5\nkent,2025-04,10,10,0,0,1\n")
    jobs.run_pending()
    with unit_of_work() as uow:
        job = uow.session.scalars(select(jobs.Job)).one()
        job_id, status, result = job.id, job.status, job.result
    assert status == "succeeded" and result is not None and result["imported"] is False
    assert result["errors"] == [
        {"row": 3, "field": "month", "reason": "kent 2025-04 appears more than once in the file"}
    ]
    page = client.get(f"/policing/upload/jobs/{job_id}")
    assert "Nothing was imported from" in page.text
    assert "Row 3, month: kent 2025-04 appears more than once in the file" in page.text
    assert count(CallMonth) == 0 and stored(var_dir) == []


def test_another_user_cannot_see_someone_else_s_import_job(client, sign_in, var_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(uploads, "BACKGROUND_BYTES", 10)
    sign_in(["performance_unit"])
    post(client, "999", GOOD["999"][0])
    with unit_of_work() as uow:
        job_id = uow.session.scalars(select(jobs.Job.id)).one()
    sign_in(["analyst"])
    assert client.get(f"/policing/upload/jobs/{job_id}").status_code == 404


def test_users_without_the_import_permission_cannot_upload(client, sign_in, var_dir) -> None:  # type: ignore[no-untyped-def]
    sign_in(["force_analyst"], "kent")
    assert client.get("/policing/upload").status_code == 403
    assert post(client, "999", GOOD["999"][0]).status_code == 403
    assert client.get("/policing/settlement-table").status_code == 403
    assert count(CallMonth) == 0


def test_the_official_settlement_table_loaded_through_the_page_replaces_the_illustrative_one(
    client, sign_in, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    text = tables.illustrative_path("2025-26").read_text().replace(",ILLUSTRATIVE", ",official")
    page = client.post(
        "/policing/settlement-table",
        data={"year": "2025-26"},
        files={"file": ("official.csv", text.encode(), "text/csv")},
        follow_redirects=True,
    )
    assert page.status_code == 200 and "File imported" in page.text
    assert 'href="/policing/settlement/2025-26"' in page.text
    assert not service.settlement(year="2025-26").illustrative


def test_a_settlement_table_with_bad_rows_lists_them_and_keeps_the_illustrative_one(
    client, sign_in, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    lines = tables.illustrative_path("2025-26").read_text().splitlines()
    header = lines[0].split(",")
    col = header.index("tax_base")
    row = lines[3].split(",")
    row[col] = "-1"
    lines[3] = ",".join(row)
    page = client.post(
        "/policing/settlement-table",
        data={"year": "2025-26"},
        files={"file": ("official.csv", ("\n".join(lines) + "\n").encode(), "text/csv")},
    )
    assert page.status_code == 422
    assert "Row 4, tax_base: must not be negative" in page.text
    assert count(SettlementInputRow) == 0
    assert service.settlement(year="2025-26").illustrative
    bad_year = client.post(
        "/policing/settlement-table", data={"year": "next year"}, files={"file": ("x.csv", b"x", "text/csv")}
    )
    assert bad_year.status_code == 422 and 'href="#year"' in bad_year.text


def test_the_policing_home_page_links_to_the_uploads_only_for_users_who_may_import(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    assert 'href="/policing/upload"' in client.get("/policing").text
    sign_in(["force_analyst"], "kent")
    assert 'href="/policing/upload"' not in client.get("/policing").text


def test_an_incident_file_over_the_threshold_goes_to_the_background_and_the_job_aggregates_it(
    client, sign_in, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    lines = ["force,incident_id,grade,area,reported_at,arrived_at"]
    for i in range(20_000):
        minute = i % 50
        lines.append(f"kent,{i},emergency,urban,2025-04-01 10:{minute:02d}:00,2025-04-01 11:{minute:02d}:00")
    text = "\n".join(lines) + "\n"
    assert len(text) > uploads.BACKGROUND_BYTES
    page = post(client, "incidents", text, "incidents-april.csv")
    assert "in the background" in page.text
    assert count(AttendanceMonth) == 0
    assert jobs.run_pending() == 1
    with unit_of_work() as uow:
        job = uow.session.scalars(select(jobs.Job)).one()
        assert job.result is not None and job.result["rows"] == 20_000
        assert job.progress_total is not None and job.progress_done == job.progress_total
        incidents = sum(r.incidents for r in uow.session.scalars(select(AttendanceMonth)))
    assert incidents == 20_000


def test_an_upload_without_the_form_s_csrf_token_is_refused_and_nothing_is_saved(
    client, sign_in, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in(["performance_unit"])
    del client.headers["X-CSRF-Token"]
    page = post(client, "999", GOOD["999"][0])
    assert page.status_code == 403
    assert count(CallMonth) == 0 and stored(var_dir) == []
