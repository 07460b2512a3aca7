"""Rules as data: the parameter loader, snapshots and the code-health checks on every parameter file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from portcullis.cli import app
from portcullis.core import policy

runner = CliRunner()


def test_the_eta_fee_is_10_pounds_the_day_before_the_rise() -> None:
    value = policy.at(date(2025, 4, 8)).value("travel.eta.fee")
    assert value.value == 10
    assert value.effective_from == date(2023, 10, 25)
    assert value.references


def test_the_eta_fee_is_16_pounds_from_9_april_2025() -> None:
    value = policy.at(date(2025, 4, 9)).value("travel.eta.fee")
    assert value.value == 16
    assert "2025/363" in value.references[0].title


def test_before_the_first_value_the_fee_is_not_in_force() -> None:
    with pytest.raises(policy.ParameterNotInForce):
        policy.at(date(2020, 1, 1)).value("travel.eta.fee")


def test_an_unknown_parameter_is_named_in_the_error() -> None:
    with pytest.raises(policy.ParameterNotFound, match=r"travel\.eta\.nope"):
        policy.at(date(2025, 1, 1)).value("travel.eta.nope")


def test_a_null_value_ends_a_rule_and_the_rule_refuses_to_answer() -> None:
    param = policy.parse_parameter(
        "x.y",
        """
description: A rule that ended.
metadata: {unit: GBP}
values:
  2020-01-01: {value: 5, references: [{title: An Act}]}
  2021-01-01: {value: null, references: [{title: Repealing Act}]}
""",
        "x/y.yaml",
    )
    snap = policy.Snapshot(on=date(2021, 6, 1), parameters={"x.y": param})
    assert snap.maybe("x.y") is not None and snap.maybe("x.y").value is None  # type: ignore[union-attr]
    with pytest.raises(policy.ParameterNotInForce):
        snap.value("x.y")
    assert policy.Snapshot(on=date(2020, 12, 31), parameters={"x.y": param}).get("x.y") == 5


def test_a_duplicate_date_is_refused_naming_the_file_and_the_key() -> None:
    with pytest.raises(policy.ParameterError) as exc:
        policy.parse_parameter(
            "x.y",
            """
description: Twice.
values:
  2020-01-01: {value: 5, references: [{title: A}]}
  2020-01-01: {value: 6, references: [{title: B}]}
""",
            "travel/x.yaml",
        )
    message = str(exc.value)
    assert "travel/x.yaml" in message and "2020-01-01" in message and "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("values: {2020-01-01: {value: 1}}", "description"),
        ("description: D\nvalues: {not-a-date: {value: 1}}", "not-a-date"),
        ("description: D\nvalues: {2020-01-01: 3}", "values.2020-01-01"),
        ("description: D\nvalues: {2020-01-01: {value: 1, references: [{href: x}]}}", "title"),
        ("description: [unclosed", "not valid YAML"),
    ],
)
def test_a_malformed_file_gets_one_clear_line(text: str, expected: str) -> None:
    with pytest.raises(policy.ParameterError) as exc:
        policy.parse_parameter("a.b", text, "a/b.yaml")
    assert expected in str(exc.value) and str(exc.value).startswith("a/b.yaml")


def test_every_value_of_every_parameter_has_a_reference() -> None:
    """Code health: the build fails if any value lacks a citation."""
    missing = [
        f"{p.source_file} {v.effective_from}"
        for p in policy.all_parameters().values()
        for v in p.values
        if not v.references
    ]
    assert missing == []


def test_every_parameter_file_loads_and_is_named_after_its_path() -> None:
    params = policy.all_parameters()
    files = list(policy.PARAMETERS_DIR.rglob("*.yaml"))
    assert len(params) == len(files) >= 1
    for path in files:
        name = ".".join(path.relative_to(policy.PARAMETERS_DIR).with_suffix("").parts)
        assert name in params


def test_policy_show_prints_the_value_its_date_and_references_as_json() -> None:
    before = runner.invoke(app, ["policy", "show", "travel.eta.fee", "--on", "2025-04-08", "--json"])
    after = runner.invoke(app, ["policy", "show", "travel.eta.fee", "--on", "2025-04-09", "--json"])
    assert before.exit_code == 0 and after.exit_code == 0
    b, a = json.loads(before.stdout), json.loads(after.stdout)
    assert set(b) == {"name", "value", "unit", "effective_from", "verified", "references"}
    assert (b["value"], a["value"]) == (10, 16)
    assert a["effective_from"] == "2025-04-09" and a["unit"] == "GBP" and a["verified"] is True
    assert all({"title", "href"} == set(r) for r in a["references"])


def test_policy_show_names_an_unknown_parameter() -> None:
    result = runner.invoke(app, ["policy", "show", "travel.eta.nope", "--on", "2025-04-09"])
    assert result.exit_code == 1
    assert "travel.eta.nope" in result.stderr


def test_policy_list_includes_the_eta_fee() -> None:
    result = runner.invoke(app, ["policy", "list", "--json"])
    assert result.exit_code == 0
    names = {row["name"] for row in json.loads(result.stdout)}
    assert "travel.eta.fee" in names


def test_the_loader_reads_a_folder_of_files(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.yaml").write_text(
        "description: P.\nvalues: {2020-01-01: {value: 1, references: [{title: T}]}}"
    )
    assert policy.load_parameters(tmp_path)["d.p"].values[0].value == 1
