"""The `portcullis eta` and `portcullis mrz` commands, as scripts use them (--json)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from portcullis.cli import app

runner = CliRunner()
L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def run(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_requirement_for_an_american_arriving_in_june_2025_is_an_eta() -> None:
    code, body = run("eta", "requirement", "--nationality", "USA", "--arrival", "2025-06-01")
    assert code == 0 and set(body) == {"required", "can_apply", "basis", "reasons", "references"}
    assert (body["required"], body["can_apply"], body["basis"]) == (True, True, "eta")


def test_requirement_for_an_american_arriving_before_8_january_2025_is_not_yet_required() -> None:
    _, body = run("eta", "requirement", "--nationality", "USA", "--arrival", "2025-01-07")
    assert (body["basis"], body["required"], body["can_apply"]) == ("not-yet-required", False, True)


def test_requirement_with_an_irish_second_citizenship_and_holds_evisa() -> None:
    _, irish = run(
        "eta", "requirement", "--nationality", "USA", "--arrival", "2025-06-01", "--other-citizenship", "IRL"
    )
    _, holder = run(
        "eta", "requirement", "--nationality", "IND", "--arrival", "2025-06-01", "--holds", "evisa"
    )
    assert irish["basis"] == "british-or-irish" and holder["basis"] == "holds-permission"


def test_requirement_with_a_german_mrz_code_and_airside_transit() -> None:
    _, body = run("eta", "requirement", "--nationality", "D", "--arrival", "2025-06-01", "--airside-transit")
    assert body["basis"] == "exempt"


def test_requirement_names_an_unknown_nationality_and_a_bad_date() -> None:
    code, body = run("eta", "requirement", "--nationality", "ZZZ", "--arrival", "2025-06-01")
    assert code == 1 and body["errors"][0]["field"] == "--nationality"
    code, body = run("eta", "requirement", "--nationality", "USA", "--arrival", "2025-02-30")
    assert code == 1 and body["errors"][0]["field"] == "--arrival"


def test_validity_is_capped_by_the_passport() -> None:
    assert run("eta", "validity", "--granted", "2025-06-01", "--passport-expiry", "2030-01-01")[1] == {
        "valid_until": "2027-06-01"
    }
    assert run("eta", "validity", "--granted", "2025-06-01", "--passport-expiry", "2026-01-01")[1] == {
        "valid_until": "2026-01-01"
    }


def test_fee_each_side_of_9_april_2025() -> None:
    assert run("eta", "fee", "--on", "2025-04-08")[1] == {"amount": "10.00", "currency": "GBP"}
    assert run("eta", "fee", "--on", "2025-04-09")[1] == {"amount": "16.00", "currency": "GBP"}


def test_mrz_check_accepts_the_icao_specimen_and_reports_a_bad_digit_with_exit_0() -> None:
    code, body = run("mrz", "check", L1, L2)
    assert code == 0 and body["valid"] is True and body["fields"]["surname"] == "ERIKSSON"
    code, body = run("mrz", "check", L1, L2[:9] + "7" + L2[10:])
    assert code == 0 and body["valid"] is False
    assert {"field": "document_number", "reason": "check digit is 7, expected 6"} in body["errors"]
