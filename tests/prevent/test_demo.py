"""The demonstration data keeps the proportions of the year to March 2024 at one tenth."""

from __future__ import annotations

from rich.console import Console

from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work
from portcullis.prevent import demo, overdue, service, statistics


def test_demo_data_is_one_tenth_of_2023_24_with_education_and_police_shares_and_live_cases(database) -> None:
    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))
    reader = Principal(
        kind="user", user_id="x", permissions=frozenset({"prevent.statistics", "prevent.read"})
    )
    with unit_of_work() as uow:
        st = statistics.journey(uow.session, actor=reader, year="2023-24")
        rows = service.casework(uow.session, actor=reader, today=service.clock.today_in_london())
    assert st.totals == (692, 89, 51)
    sector = {r.category: r.values[0] for r in st.tables["sector"]}
    assert 0.35 < sector["Education (schools, colleges, universities)"] / 692 < 0.45  # type: ignore[operator]
    assert 0.23 < sector["Police"] / 692 < 0.33  # type: ignore[operator]
    states = {r.status for r in rows[:6]}
    assert {"received", "awaiting_senior_review", "transferred_monitoring", "channel"} <= states
    assert any(r.gateway_overdue for r in rows) and any(r.repeat for r in rows)
    with unit_of_work() as uow:
        assert overdue.schedule_daily(uow) is None  # the demo started the daily review reminders
    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))  # a second load changes nothing
    with unit_of_work() as uow:
        assert statistics.journey(uow.session, actor=reader, year="2023-24").totals == (692, 89, 51)
