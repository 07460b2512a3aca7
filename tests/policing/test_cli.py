"""`portcullis policing ...` commands with --json."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from portcullis.cli import app

runner = CliRunner()


def test_settlement_json_gives_every_force_and_totals_that_reconcile(database) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["policing", "settlement", "--year", "2025-26", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["illustrative"] is True
    assert len(data["forces"]) == 43
    assert data["totals"]["total"] == "17400000000.00"
    assert all(c["ok"] for c in data["checks"])
    figures = {f["name"].split(".")[-1]: f["value"] for f in data["national_figures"]}
    assert figures["total_funding"] == 19_500_000_000
    assert figures["counter_terrorism_rise"] == 140_000_000
    assert figures["modernisation"] == 612_000_000


def test_settlement_what_if_on_the_command_line(database) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["policing", "settlement", "--json", "--line", "nic_grant=0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"]["lines"]["nic_grant"] == "0.00"
    assert data["totals"]["total"] == "17169700000.00"


def test_settlement_for_a_year_without_parameters_fails_with_the_field(database) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["policing", "settlement", "--year", "2030-31", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["errors"][0]["field"] == "year"


def test_import_json_reports_each_bad_row_and_imports_nothing(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "999.csv"
    path.write_text(
        "force,month,calls_answered,answered_within_10s,answered_10_to_60s,answered_over_60s,"
        "mean_answer_seconds\nkent,2025-04,10,10,0,0,1\nnowhere,2025-04,10,10,0,0,1\n"
    )
    result = runner.invoke(app, ["policing", "import", "999", str(path), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] == [{"row": 3, "field": "force", "reason": "no police force called 'nowhere'"}]
    path.write_text(path.read_text().replace("nowhere", "essex"))
    ok = runner.invoke(app, ["policing", "import", "999", str(path), "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["rows"] == 2


def test_flags_json_lists_the_month_s_flags(database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [
        "force,month,calls_answered,answered_within_10s,answered_10_to_60s,answered_over_60s,"
        "mean_answer_seconds"
    ]
    for month in ("2025-03", "2025-04", "2025-05"):
        lines.append(f"cleveland,{month},100,80,15,5,9.0")
        lines.append(f"kent,{month},100,95,5,0,4.0")
    path = tmp_path / "999.csv"
    path.write_text("\n".join(lines) + "\n")
    assert runner.invoke(app, ["policing", "import", "999", str(path)]).exit_code == 0
    result = runner.invoke(app, ["policing", "flags", "--month", "2025-05", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [f["force"] for f in data["flagged"]] == ["cleveland"]
