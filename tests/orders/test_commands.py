"""`portcullis orders expiring --within DAYS` and `portcullis orders expire`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from typer.testing import CliRunner

from portcullis.cli import app
from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.orders import service

from .helpers import make_person

CPS = access.Principal(kind="user", name="Cas", organisation="cps")


def made(ends_on: date) -> str:
    with unit_of_work() as uow:
        application = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=make_person(),
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
        order = service.record_outcome(
            uow,
            application_id=application.id,
            outcome="granted",
            actor=CPS,
            starts_on=date(2025, 1, 1),
            ends_on=ends_on,
        )
        assert order is not None
        return order.reference


def test_expiring_lists_orders_whose_last_day_is_within_the_window(database: Any) -> None:
    soon, later = made(date(2025, 6, 12)), made(date(2026, 1, 1))
    result = CliRunner().invoke(app, ["orders", "expiring", "--within", "10", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [o["reference"] for o in out["orders"]] == [soon]
    assert later not in result.stdout


def test_expiring_refuses_a_negative_window(database: Any) -> None:
    result = CliRunner().invoke(app, ["orders", "expiring", "--within", "-1", "--json"])
    assert result.exit_code == 1 and "within" in result.output


def test_expire_marks_orders_past_their_last_day(database: Any) -> None:
    made(date(2025, 6, 1))  # the clock is frozen at 2 June 2025
    made(date(2025, 6, 2))
    result = CliRunner().invoke(app, ["orders", "expire", "--json"])
    assert json.loads(result.stdout) == {"expired": 1}
