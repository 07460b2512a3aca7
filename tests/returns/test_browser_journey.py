"""A returns officer and an investigator in a real browser (headless Chromium), with axe-core (WCAG 2.2 AA)
run on every page they see."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from portcullis.core.db import unit_of_work
from portcullis.returns import flights, networks

from .conftest import OFFICER

pytestmark = pytest.mark.browser


def test_a_returns_officer_opens_a_case_plans_a_flight_fills_it_and_reads_the_statistics(
    page, live_server, sign_in_as, axe, ready_case, person
) -> None:  # type: ignore[no-untyped-def]
    ready_case(family="Ready")
    person(family="Newcase", given="Besnik", passport="CD7654321")
    sign_in_as(page, ["returns_officer"])
    problems: list[str] = []

    def check(label: str) -> None:
        page.wait_for_load_state()
        expect(page.locator("h1"), label).to_have_count(1)
        found = axe.violations(page)
        if found:
            problems.append(axe.describe(label, found))

    page.goto("/returns")
    check("overview")
    page.get_by_role("link", name="See all removal cases").click()
    check("cases list")
    page.get_by_role("link", name="Arben Ready").click()
    check("justification step")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("justification step with an error")
    page.get_by_label("Why do you need this case?").fill("Preparing the Albania charter")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("main")).to_contain_text("Ready for removal", use_inner_text=True)
    check("case page")

    page.goto("/returns/cases")
    page.get_by_role("link", name="Open a removal case").click()
    check("open a case: search")
    page.get_by_label("Find the person").fill("CD7654321")
    page.get_by_role("button", name="Search").click()
    check("open a case: choose")
    page.get_by_label("Besnik Newcase").check()
    page.get_by_label("Refused asylum seeker").check()
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("main")).to_contain_text("Awaiting a liability decision", use_inner_text=True)
    page.get_by_label("Date of detention").fill("2025-06-40")
    page.get_by_role("button", name="Record detention").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("case page with an error")

    page.goto("/returns/flights")
    check("flights")
    page.get_by_label("Charter").check()
    page.get_by_label("Reference", exact=True).fill("PVT-501")
    page.get_by_label("Destination countries").fill("ALB")
    page.get_by_label("Departure date").fill("2025-06-20")
    page.get_by_label("Seats for returnees").fill("20")
    page.get_by_label("Escorts").fill("40")
    page.get_by_role("button", name="Plan the flight").click()
    check("flight planned")
    page.get_by_role("button", name="Fill free seats with ready cases").click()
    expect(page.locator("main")).to_contain_text("1 booked of 20", use_inner_text=True)
    check("flight filled")
    page.get_by_role("button", name="Record the departure").click()
    check("departure")

    page.goto("/returns/statistics")
    check("statistics")
    page.get_by_label("Table").select_option("Ret_D02")
    page.get_by_role("button", name="Show table").click()
    expect(page.locator("caption").first).to_contain_text("Ret_D02", use_inner_text=True)
    check("statistics Ret_D02")
    assert not problems, "\n".join(problems)


def _network(person: Any) -> str:
    ids = [person(family=f"Smuggler{i}", nationality="AFG", dob="1985-01-01") for i in range(5)]
    with unit_of_work() as uow:
        network = networks.create_network(
            uow, actor=OFFICER, name="Antwerp ring", countries=["AFG", "BEL"], activities=["small boats"]
        )
        for i, pid in enumerate(ids):
            role = "leader" if i == 0 else "facilitator"
            networks.add_member(uow, actor=OFFICER, network_id=network.id, person_id=pid, role=role)
        for pid in ids[1:]:
            networks.link(uow, actor=OFFICER, person_a=ids[0], person_b=pid, kind="calls", source="phones")
        return network.id


def test_an_investigator_looks_at_a_network_and_its_forms(page, live_server, sign_in_as, axe, person) -> None:  # type: ignore[no-untyped-def]
    _network(person)
    sign_in_as(page, ["investigator"])
    problems: list[str] = []

    def check(label: str) -> None:
        page.wait_for_load_state()
        expect(page.locator("h1"), label).to_have_count(1)
        found = axe.violations(page)
        if found:
            problems.append(axe.describe(label, found))

    page.goto("/oic/networks")
    check("networks")
    page.get_by_role("link", name="Antwerp ring").click()
    check("network justification step")
    page.get_by_label("Why do you need this network?").fill("Extradition file")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("svg[aria-labelledby=graph-title] circle")).to_have_count(5)
    check("network page")
    page.get_by_role("link", name="Centre on Arben Smuggler3").click()
    check("network page re-centred")
    page.get_by_role("link", name="Record a disruption").click()
    check("record a disruption")
    page.get_by_label("Arrest").check()
    page.get_by_label("Date").fill("2025-06-01")
    page.get_by_role("button", name="Record the disruption").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("record a disruption with an error")
    page.get_by_label("Person").select_option(label="Arben Smuggler2")
    page.get_by_role("button", name="Record the disruption").click()
    expect(page.locator("main")).to_contain_text("Arrest", use_inner_text=True)
    page.get_by_role("link", name="Link two people").click()
    check("link two people")
    page.get_by_role("link", name="Smuggling networks").first.click()
    page.get_by_role("link", name="Add a partnership").click()
    check("add a partnership")
    page.goto("/oic/operations/new")
    check("record an operation")
    page.goto("/oic/networks/new")
    check("record a network")
    assert not problems, "\n".join(problems)


def test_without_javascript_an_officer_records_a_new_person_and_a_departure_with_a_disruption(
    no_js_page, live_server, sign_in_as, assert_accessible, ready_case
) -> None:  # type: ignore[no-untyped-def]
    page = no_js_page
    stays = ready_case(family="Stays")
    sign_in_as(page, ["returns_officer"])
    page.goto("/returns/cases/new?q=Krasniqi")
    page.get_by_label("Family name").fill("Krasniqi")
    page.get_by_label("Nationality").fill("ALB")
    page.get_by_label("Illegal entrant").check()
    page.get_by_role("button", name="Open the case").click()
    expect(page.locator("h1")).to_contain_text("Krasniqi", use_inner_text=True)
    assert_accessible(page, "case opened without JavaScript")
    with unit_of_work() as uow:
        flight_id = flights.plan_flight(
            uow,
            actor=OFFICER,
            kind="charter",
            reference="PVT-777",
            destinations=["ALB"],
            departs_on=date(2025, 6, 2),
            capacity=5,
            escorts=10,
        ).id
        flights.add_to_manifest(uow, actor=OFFICER, flight_id=flight_id, case_id=stays)
    page.goto(f"/returns/flights/{flight_id}/departure")
    page.get_by_label("Reason Arben Stays did not fly").fill("Judicial review lodged at 02:00")
    page.get_by_role("button", name="Record the departure").click()
    expect(page.locator("main")).to_contain_text("0 returned, 1 disrupted", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Judicial review lodged at 02:00")
    assert_accessible(page, "flight after departure")
