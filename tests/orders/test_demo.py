"""The orders demonstration data loads and feeds the screening lists."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.orders import demo
from portcullis.orders.models import Breach, MonitoringAlert, Order


def test_the_demo_loads_orders_alerts_and_a_breach(database: Any) -> None:
    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Order)) == 3
        assert uow.session.scalar(select(func.count()).select_from(MonitoringAlert)) == 1
        assert uow.session.scalar(select(func.count()).select_from(Breach)) == 1


def test_the_demo_also_loads_after_the_pilot_period(database: Any, frozen_clock: Any) -> None:
    from datetime import UTC, datetime

    frozen_clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Order)) == 3
