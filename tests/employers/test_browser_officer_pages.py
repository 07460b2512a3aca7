"""Officers' pages and the managers' dashboard pass axe with the demo data loaded."""

from __future__ import annotations

import pytest
from rich.console import Console
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.employers import demo
from portcullis.employers.models import EnforcementVisit, Sponsor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("database")]


def test_the_officer_pages_and_dashboard_are_accessible(page, live_server, sign_in_as, axe) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        demo.load(uow, Console(quiet=True))
    with unit_of_work() as uow:
        sponsor_id = uow.session.scalar(select(Sponsor.id))
        visit_id = uow.session.scalar(select(EnforcementVisit.id))
    sign_in_as(page, ["compliance_officer", "enforcement_officer"])
    problems = []
    for path in (
        "/employers",
        f"/employers/sponsors/{sponsor_id}",
        "/employers/enforcement",
        "/employers/visits/new",
        f"/employers/visits/{visit_id}",
        "/employers/dashboard",
        "/employers/dashboard?region=London",
    ):
        page.goto(live_server + path)
        assert page.locator("h1").count() == 1, path
        found = axe.violations(page)
        if found:
            problems.append(axe.describe(path, found))
    assert not problems, "\n".join(problems)
