"""Importing external lists, the match command and the match API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.screening.cli import app
from portcullis.screening.imports import ImportRejected, import_list
from portcullis.screening.models import Entry, ListVersion

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def _import(name: str, fmt: str = "opensanctions-csv", list_name: str = "sample", skip: bool = False):  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        return import_list(uow, list_name=list_name, path=DATA / name, file_format=fmt, skip_invalid=skip)


def test_a_second_import_records_what_was_added_changed_and_removed(database: object) -> None:
    first = _import("targets_v1.csv")
    assert (first.version, first.added) == (1, 4)
    second = _import("targets_v2.csv")
    assert (second.version, second.added, second.changed, second.removed, second.unchanged) == (2, 1, 1, 1, 2)
    with unit_of_work() as uow:
        versions = list(uow.session.scalars(select(ListVersion).order_by(ListVersion.version)))
        assert versions[1].details["removed"] == ["NK-a4"] and versions[1].details["added"] == ["NK-a5"]
        removed = uow.session.scalar(select(Entry).where(Entry.source_ref == "NK-a4"))
        assert removed is not None and removed.removed_in_version == 2


def test_a_file_with_bad_rows_imports_nothing_and_names_each_line(database: object) -> None:
    with pytest.raises(ImportRejected) as caught:
        _import("targets_bad.csv")
    lines = {e["line"]: e["reason"] for e in caught.value.errors}
    assert set(lines) == {3, 4, 5, 6}
    assert "empty" in lines[3] and "future" in lines[4] and "country" in lines[5] and "Vessel" in lines[6]
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Entry)) is None


def test_skip_invalid_imports_the_good_rows_and_reports_the_rest(database: object) -> None:
    result = _import("targets_bad.csv", skip=True)
    assert (result.added, result.skipped) == (1, 4)


def test_a_file_in_the_wrong_format_is_refused(database: object) -> None:
    with pytest.raises(ImportRejected) as caught:
        _import("wrong_format.csv")
    assert "missing column" in caught.value.errors[0]["reason"]
    with pytest.raises(ImportRejected) as caught:
        _import("targets_v1.csv", fmt="ftm")
    assert caught.value.errors[0] == {"line": 1, "reason": caught.value.errors[0]["reason"]}
    assert "JSON" in caught.value.errors[0]["reason"]


def test_followthemoney_persons_and_companies_are_imported_and_sanctions_skipped(database: object) -> None:
    result = _import("entities.ftm.jsonl", fmt="ftm", list_name="ftm")
    assert result.added == 3
    with unit_of_work() as uow:
        person = uow.session.scalar(select(Entry).where(Entry.source_ref == "ftm-p2"))
        assert person is not None and person.name == "Amina Yusuf" and person.nationalities == "NGA"


def test_a_bad_json_line_is_reported_by_number(database: object) -> None:
    with pytest.raises(ImportRejected) as caught:
        _import("bad.ftm.jsonl", fmt="ftm")
    assert caught.value.errors[0]["line"] == 2


def test_the_import_and_match_commands_print_json(database: object) -> None:
    out = runner.invoke(
        app,
        [
            "import",
            "--list",
            "sample",
            "--format",
            "opensanctions-csv",
            str(DATA / "targets_v1.csv"),
            "--json",
        ],
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout.strip().splitlines()[-1])["added"] == 4
    out = runner.invoke(app, ["match", "--name", "Козлов Виктор", "--dob", "1968", "--limit", "3", "--json"])
    assert out.exit_code == 0, out.output
    candidates = json.loads(out.stdout)["candidates"]
    assert candidates[0]["name"] == "Viktor Andreyevich Kozlov" and candidates[0]["list"] == "sample"
    assert set(candidates[0]) >= {"entry_id", "list", "name", "score", "explanation"}
    assert all(0 <= c["score"] <= 1 for c in candidates)
    assert [c["score"] for c in candidates] == sorted((c["score"] for c in candidates), reverse=True)


def test_the_import_command_refuses_a_bad_file_with_exit_code_1(database: object) -> None:
    out = runner.invoke(
        app,
        ["import", "--list", "x", "--format", "opensanctions-csv", str(DATA / "targets_bad.csv"), "--json"],
    )
    assert out.exit_code == 1
    assert json.loads(out.stdout.strip().splitlines()[-1])["imported"] is False


def test_the_match_api_returns_candidates_and_audits_the_call(database: object, api_client) -> None:  # type: ignore[no-untyped-def]
    _import("targets_v1.csv")
    client = api_client(["screening_analyst"])
    response = client.post(
        "/api/v1/screening/match",
        json={
            "names": ["Khalid Al Amin"],
            "date_of_birth": "1975",
            "use": "general",
            "justification": "case 12",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["candidates"][0]["name"] == "Khalid Hassan Al-Amin"
    assert body["threshold"]["value"] == 0.7
    with unit_of_work() as uow:
        entry = uow.session.scalar(
            select(audit.AuditEntry).where(audit.AuditEntry.record_type == "screening_match")
        )
        assert entry is not None and entry.justification == "case 12"


def test_the_match_api_refuses_bad_input_and_other_roles(database: object, api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client(["screening_analyst"])
    response = client.post(
        "/api/v1/screening/match",
        json={"names": ["Ann Lee"], "nationalities": ["QQQ"], "justification": "case 1"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "nationalities"
    assert (
        api_client(["carrier"])
        .post("/api/v1/screening/match", json={"names": ["Ann Lee"], "justification": "x"})
        .status_code
        == 403
    )


def test_the_demo_loads_a_small_sanctions_list_once(database: object) -> None:
    from rich.console import Console

    from portcullis.screening import demo

    for _ in range(2):
        with unit_of_work() as uow:
            demo.load(uow, Console(quiet=True))
    with unit_of_work() as uow:
        assert len(list(uow.session.scalars(select(Entry)))) == 4
