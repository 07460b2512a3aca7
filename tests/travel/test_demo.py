"""The demo loader makes applications across outcomes, a carrier token and eVisa holders."""

from __future__ import annotations

import pytest
from rich.console import Console
from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.travel import demo
from portcullis.travel.models import EtaApplication, Permission

pytestmark = pytest.mark.usefixtures("database")


def test_the_demo_makes_applications_in_every_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "COUNT", 60)
    console = Console(record=True)
    with unit_of_work() as uow:
        demo.load(uow, console)
    with unit_of_work() as uow:
        statuses = set(uow.session.scalars(select(EtaApplication.status)))
        assert {"granted", "refused", "referred", "awaiting-payment"} <= statuses
        assert uow.session.scalar(select(func.count()).select_from(Permission)) == 20
    assert "pcs_" in console.export_text()
