"""Investigators' forms: record a network, add a member found in (or added to) the shared records, link two
members, record disruptions (an SCPO application through the orders service), record an operation with
international partners and add a partnership. Bad input names the field and saves nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.orders.models import OrderApplication
from portcullis.returns import networks
from portcullis.returns.models import Association, Disruption, Network, NetworkMember, Operation, Partnership

from .conftest import OFFICER

WHY = "Op Sandcastle review"


def _count(model) -> int:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def _network(person, members: int = 2) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    ids = [person(family=f"Member{i}", nationality="AFG", dob="1985-01-01") for i in range(members)]
    with unit_of_work() as uow:
        network = networks.create_network(uow, actor=OFFICER, name="Ring", countries=["AFG"], activities=[])
        for pid in ids:
            networks.add_member(uow, actor=OFFICER, network_id=network.id, person_id=pid, role="facilitator")
        return network.id, ids


def test_an_investigator_records_a_network_and_lands_on_its_page(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["investigator"])
    form = client.get("/oic/networks/new")
    assert form.status_code == 200 and 'name="csrf_token"' in form.text
    made = client.post(
        "/oic/networks/new",
        data={"name": "Channel ring", "countries": "afg, bel gbr", "activities": "small boats, lorries"},
        follow_redirects=False,
    )
    assert made.status_code == 303 and "justification=Recorded+the+network" in made.headers["location"]
    with unit_of_work() as uow:
        network = uow.session.scalars(select(Network)).one()
        assert (network.countries, network.activities) == ("AFG BEL GBR", "small boats, lorries")


def test_a_network_with_no_name_or_a_made_up_country_is_refused(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["investigator"])
    no_name = client.post("/oic/networks/new", data={"name": " ", "countries": "AFG"})
    assert (
        no_name.status_code == 422
        and 'href="#name"' in no_name.text
        and "Name: give the network" in no_name.text
    )
    bad_country = client.post("/oic/networks/new", data={"name": "Ring", "countries": "AFG QQQ"})
    assert (
        bad_country.status_code == 422
        and 'href="#countries"' in bad_country.text
        and "QQQ" in bad_country.text
    )
    assert _count(Network) == 0


def test_an_investigator_adds_a_member_found_by_name(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, _ = _network(person, members=0)
    pid = person(family="Rahimi", given="Ahmad", nationality="AFG")
    sign_in(["investigator"])
    found = client.get(f"/oic/networks/{network_id}/members/new", params={"q": "rahimi"})
    assert "Ahmad Rahimi" in found.text and "Choose the person (1 found)" in found.text
    no_role = client.post(f"/oic/networks/{network_id}/members/new", data={"q": "rahimi", "person_id": pid})
    assert no_role.status_code == 422 and 'href="#role"' in no_role.text
    added = client.post(
        f"/oic/networks/{network_id}/members/new",
        data={"q": "rahimi", "person_id": pid, "role": "organiser", "since": "2023-01-01"},
        follow_redirects=False,
    )
    assert added.status_code == 303
    twice = client.post(
        f"/oic/networks/{network_id}/members/new", data={"q": "rahimi", "person_id": pid, "role": "driver"}
    )
    assert twice.status_code == 422 and "already a member of the network" in twice.text
    with unit_of_work() as uow:
        assert uow.session.scalars(select(NetworkMember.role)).all() == ["organiser"]
        assert audit.search(uow.session, subject_id=pid, operation="combination")


def test_a_new_member_is_recorded_in_the_shared_records_with_the_membership(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, _ = _network(person, members=0)
    sign_in(["investigator"])
    bad = client.post(
        f"/oic/networks/{network_id}/members/new",
        data={
            "q": "Zadran",
            "person_id": "new",
            "role": "driver",
            "family_name": "Zadran",
            "nationality": "??",
        },
    )
    assert bad.status_code == 422 and 'href="#nationality"' in bad.text
    assert _count(Person) == 0 and _count(NetworkMember) == 0
    good = client.post(
        f"/oic/networks/{network_id}/members/new",
        data={
            "q": "Zadran",
            "person_id": "new",
            "role": "driver",
            "family_name": "Zadran",
            "nationality": "AFG",
        },
        follow_redirects=False,
    )
    assert good.status_code == 303 and _count(Person) == 1 and _count(NetworkMember) == 1


def test_an_investigator_links_two_members_once(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, (a, b) = _network(person)
    sign_in(["investigator"])
    assert client.get(f"/oic/networks/{network_id}/links/new", follow_redirects=False).status_code == 303
    form = client.get(f"/oic/networks/{network_id}/links/new", params={"justification": WHY})
    assert form.status_code == 200 and "Arben Member1" in form.text
    same = client.post(
        f"/oic/networks/{network_id}/links/new",
        data={"justification": WHY, "person_a": a, "person_b": a, "kind": "calls"},
    )
    assert same.status_code == 422 and 'href="#person_b"' in same.text and "themselves" in same.text
    made = client.post(
        f"/oic/networks/{network_id}/links/new",
        data={
            "justification": WHY,
            "person_a": a,
            "person_b": b,
            "kind": "calls",
            "source": "phone download",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303 and "Op+Sandcastle" in made.headers["location"]
    again = client.post(
        f"/oic/networks/{network_id}/links/new",
        data={"justification": WHY, "person_a": b, "person_b": a, "kind": "calls"},
    )
    assert again.status_code == 422 and "already linked" in again.text
    assert _count(Association) == 1


def test_only_members_of_the_network_can_be_linked_on_its_page(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, (a, _) = _network(person)
    outsider = person(family="Outsider")
    sign_in(["investigator"])
    refused = client.post(
        f"/oic/networks/{network_id}/links/new",
        data={"justification": WHY, "person_a": a, "person_b": outsider, "kind": "calls"},
    )
    assert refused.status_code == 422 and "Second person: choose a member of this network" in refused.text
    assert _count(Association) == 0


def test_a_conviction_needs_a_sentence_and_is_recorded_with_the_partner(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, (a, _) = _network(person)
    sign_in(["investigator"])
    form = client.get(f"/oic/networks/{network_id}/disruptions/new", params={"justification": WHY})
    assert form.status_code == 200 and "Serious Crime Prevention Order application" in form.text
    base = {"justification": WHY, "kind": "conviction", "on": "2025-01-02", "person_id": a, "country": "BEL"}
    no_sentence = client.post(f"/oic/networks/{network_id}/disruptions/new", data=base)
    assert no_sentence.status_code == 422 and 'href="#sentence_months"' in no_sentence.text
    assert _count(Disruption) == 0
    made = client.post(
        f"/oic/networks/{network_id}/disruptions/new",
        data={**base, "sentence_months": "216", "partner": "Belgian Federal Police"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert "216 months" in page.text and "with Belgian Federal Police" in page.text


def test_an_scpo_application_from_the_form_goes_to_the_orders_service(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, (a, _) = _network(person)
    sign_in(["investigator"])
    made = client.post(
        f"/oic/networks/{network_id}/disruptions/new",
        data={"justification": WHY, "kind": "scpo-application", "on": "2025-06-02", "person_id": a},
        follow_redirects=False,
    )
    assert made.status_code == 303 and _count(OrderApplication) == 1
    nobody = client.post(
        f"/oic/networks/{network_id}/disruptions/new",
        data={"justification": WHY, "kind": "scpo-application", "on": "2025-06-02"},
    )
    assert nobody.status_code == 422 and 'href="#person_id"' in nobody.text
    assert _count(OrderApplication) == 1 and _count(Disruption) == 1


def test_an_investigator_records_an_operation_with_international_partners(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, _ = _network(person)
    sign_in(["investigator"])
    bad = client.post("/oic/operations/new", data={"name": "Op Kestrel", "started_on": "2025-07-01"})
    assert bad.status_code == 422 and 'href="#partners"' in bad.text and 'href="#started_on"' in bad.text
    assert 'id="partners-error"' in bad.text and 'value="Op Kestrel"' in bad.text
    assert _count(Operation) == 0
    made = client.post(
        "/oic/operations/new",
        data={
            "name": "Op Kestrel",
            "partners": "Belgian Federal Police\nEuropol",
            "started_on": "2023-01-10",
            "network_id": network_id,
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    listed = client.get("/oic/networks")
    assert "Op Kestrel" in listed.text and "Belgian Federal Police, Europol" in listed.text


def test_an_investigator_adds_a_partnership_to_the_register(sign_in, client) -> None:  # type: ignore[no-untyped-def]
    sign_in(["investigator"])
    bad = client.post(
        "/oic/partnerships/new",
        data={"country": "IRQ", "title": "", "kind": "treaty", "signed_on": "2024-11-28", "source": ""},
    )
    assert bad.status_code == 422
    for field in ("title", "kind", "source"):
        assert f'href="#{field}"' in bad.text
    assert _count(Partnership) == 0
    made = client.post(
        "/oic/partnerships/new",
        data={
            "country": "irq",
            "title": "Border security funding",
            "kind": "funded-project",
            "signed_on": "2024-11-28",
            "amount": "£800,000",
            "purpose": "Strengthen Iraq's border security",
            "source": "Home Office press release, 28 November 2024",
            "status": "agreed",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    with unit_of_work() as uow:
        saved = uow.session.scalars(select(Partnership)).one()
        assert (saved.country, saved.amount_pence) == ("IRQ", 80_000_000)
    assert "£800,000" in client.get("/oic/networks").text


def test_a_returns_officer_cannot_use_the_investigators_forms(sign_in, client, person) -> None:  # type: ignore[no-untyped-def]
    network_id, _ = _network(person)
    sign_in(["returns_officer"])
    assert client.get("/oic/networks/new").status_code == 403
    assert client.get(f"/oic/networks/{network_id}/members/new").status_code == 403
    assert client.post("/oic/partnerships/new", data={"country": "IRQ"}).status_code == 403


def test_a_large_network_asks_for_a_name_before_listing_members_to_link(
    sign_in, client, person, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from portcullis.returns import oic_forms

    monkeypatch.setattr(oic_forms, "MEMBER_LIST_LIMIT", 2)
    network_id, (a, _, c) = _network(person, members=3)
    sign_in(["investigator"])
    first = client.get(f"/oic/networks/{network_id}/links/new", params={"justification": WHY})
    assert "The network has 3 members" in first.text and "Arben Member0" not in first.text
    found = client.get(
        f"/oic/networks/{network_id}/links/new", params={"justification": WHY, "who": "Member0 Member2"}
    )
    assert (
        "Arben Member0" in found.text and "Arben Member2" in found.text and "Arben Member1" not in found.text
    )
    made = client.post(
        f"/oic/networks/{network_id}/links/new",
        data={"justification": WHY, "who": "Member0 Member2", "person_a": a, "person_b": c, "kind": "calls"},
        follow_redirects=False,
    )
    assert made.status_code == 303 and _count(Association) == 1
