"""The `portcullis prevent` commands."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from typer.testing import CliRunner

from portcullis.prevent.cli import app


def test_overdue_lists_a_referral_past_its_gateway_target(referral, frozen_clock) -> None:
    referral()
    assert "Nothing overdue" in CliRunner().invoke(app, ["overdue"]).output
    frozen_clock.advance(timedelta(days=10))
    result = CliRunner().invoke(app, ["overdue"])
    assert result.exit_code == 0 and "PRV-" in result.output and "gateway" in result.output


def test_statistics_export_writes_csv_and_ods(referral, tmp_path: Path) -> None:
    referral()
    result = CliRunner().invoke(
        app,
        [
            "statistics",
            "--year",
            "2025-26",
            "--csv",
            str(tmp_path / "s.csv"),
            "--ods",
            str(tmp_path / "s.ods"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 referrals" in result.output
    assert (tmp_path / "s.csv").read_text().startswith("financial_year")
    assert (tmp_path / "s.ods").stat().st_size > 1000
    assert CliRunner().invoke(app, ["statistics", "--year", "nonsense"]).exit_code == 2
