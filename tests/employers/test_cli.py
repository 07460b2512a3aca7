"""The employers commands print the rules' answers, in JSON when asked."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from portcullis.employers.cli import app

runner = CliRunner()


def run(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_a_first_breach_with_three_workers_on_13_february_2024_totals_135000() -> None:
    out = run(
        "penalty",
        "--breach",
        "first",
        "--workers",
        "3",
        "--reported",
        "no",
        "--cooperated",
        "no",
        "--effective-checks",
        "no",
        "--on",
        "2024-02-13",
        "--json",
    )
    assert out["per_worker"] == "45000.00"
    assert out["total"] == "135000.00"
    assert out["maximum_per_worker"] == "45000.00"
    assert out["reasons"] and out["references"]


def test_a_repeat_breach_the_day_before_13_february_2024_is_20000_per_worker() -> None:
    out = run(
        "penalty",
        "--breach",
        "repeat",
        "--workers",
        "1",
        "--reported",
        "yes",
        "--cooperated",
        "no",
        "--effective-checks",
        "yes",
        "--on",
        "2024-02-12",
        "--json",
    )
    assert out["maximum_per_worker"] == "20000.00"
    assert out["per_worker"] == "15000.00"


def test_the_action_plan_maximum_is_3_months_before_and_12_months_from_28_november_2024() -> None:
    assert run("action-plan-max", "--on", "2024-11-27", "--json")["months"] == 3
    out = run("action-plan-max", "--on", "2024-11-28", "--json")
    assert out["months"] == 12 and out["references"]


def test_a_bad_answer_names_the_option() -> None:
    result = runner.invoke(
        app,
        [
            "penalty",
            "--breach",
            "first",
            "--workers",
            "1",
            "--reported",
            "maybe",
            "--on",
            "2024-02-13",
            "--json",
        ],
    )
    assert result.exit_code == 2
    assert "reported" in result.output


def test_a_table_is_printed_without_json() -> None:
    result = runner.invoke(app, ["penalty", "--breach", "first", "--workers", "2", "--on", "2025-01-01"])
    assert result.exit_code == 0
    assert "90000.00" in result.output
