"""The DAPN hearing deadline: 48 hours after the notice, disregarding Sundays, Christmas Day, Good Friday
and bank holidays in England and Wales, counted in UK time."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from typer.testing import CliRunner

from portcullis.cli import app
from portcullis.core.clock import LONDON
from portcullis.orders.calendar import dapn_hearing_deadline


def deadline(text: str) -> str:
    return dapn_hearing_deadline(datetime.fromisoformat(text).replace(tzinfo=LONDON)).isoformat()


def test_a_notice_on_a_monday_morning_must_be_heard_by_wednesday_morning() -> None:
    assert deadline("2025-06-02T09:30") == "2025-06-04T09:30:00+01:00"


def test_a_notice_on_friday_evening_skips_sunday() -> None:
    assert deadline("2025-06-06T18:00") == "2025-06-09T18:00:00+01:00"


def test_a_notice_late_on_saturday_counts_its_last_hour_then_resumes_on_monday() -> None:
    assert deadline("2025-06-07T23:00") == "2025-06-10T23:00:00+01:00"


def test_a_notice_given_on_a_sunday_starts_counting_at_midnight() -> None:
    assert deadline("2025-06-08T15:00") == "2025-06-11T00:00:00+01:00"


def test_easter_skips_good_friday_sunday_and_easter_monday() -> None:
    assert deadline("2025-04-17T12:00") == "2025-04-22T12:00:00+01:00"


def test_christmas_skips_christmas_day_boxing_day_and_sunday() -> None:
    assert deadline("2025-12-24T09:00") == "2025-12-29T09:00:00+00:00"


def test_a_substitute_bank_holiday_is_disregarded_too() -> None:
    # 26 Dec 2026 is a Saturday (still a bank holiday) and Monday 28 Dec the substitute one: only Thursday
    # afternoon, Tuesday and Wednesday morning count.
    assert deadline("2026-12-24T10:00") == "2026-12-30T10:00:00+00:00"


def test_the_clocks_going_forward_change_the_offset_not_the_hours_counted() -> None:
    # Sunday 30 March 2025 (clocks forward) is disregarded; Saturday 10:00 GMT -> Tuesday 10:00 BST.
    assert deadline("2025-03-29T10:00") == "2025-04-01T10:00:00+01:00"


def test_the_clocks_going_back_change_the_offset() -> None:
    assert deadline("2025-10-24T10:00") == "2025-10-27T10:00:00+00:00"


def test_a_time_given_in_utc_is_counted_in_uk_days() -> None:
    # 23:30 UTC on Saturday 7 June is 00:30 BST on Sunday, a disregarded day.
    got = dapn_hearing_deadline(datetime.fromisoformat("2025-06-07T23:30:00+00:00")).isoformat()
    assert got == "2025-06-11T00:00:00+01:00"


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ("2025-06-06T18:00", "2025-06-09T18:00:00+01:00"),
        ("2025-04-17T12:00:00+01:00", "2025-04-22T12:00:00+01:00"),
    ],
)
def test_the_command_prints_the_deadline_as_json_with_the_uk_offset(issued: str, expected: str) -> None:
    result = CliRunner().invoke(app, ["orders", "dapn-deadline", "--issued", issued, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"hearing_by": expected}


def test_the_command_names_the_field_for_a_malformed_time() -> None:
    result = CliRunner().invoke(app, ["orders", "dapn-deadline", "--issued", "yesterday", "--json"])
    assert result.exit_code == 1
    assert "issued" in result.output
