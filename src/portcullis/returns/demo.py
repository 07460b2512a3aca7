"""Demonstration data for returns: cases at every stage, flights, a statistics history, a smuggling network
modelled on the Afghan ring disrupted with Belgian authorities, and the partnerships of late 2024."""

from __future__ import annotations

import random
from datetime import date, timedelta

from rich.console import Console

from portcullis.core import access, clock, policy
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import IdentityDocument, Person
from portcullis.returns import flights, networks, rules, service
from portcullis.returns.models import ReturnRecord

ACTOR = access.SYSTEM
GIVEN = [
    "Arben",
    "Besnik",
    "Linh",
    "Minh",
    "Ahmad",
    "Karim",
    "Ion",
    "Andrei",
    "Chidi",
    "Kwame",
    "Ravi",
    "Imran",
    "Luis",
    "Mateus",
    "Hamid",
    "Dilan",
    "Elira",
    "Thi",
    "Farah",
    "Ama",
]
FAMILY = [
    "Hoxha",
    "Krasniqi",
    "Nguyen",
    "Tran",
    "Rahimi",
    "Karimi",
    "Popescu",
    "Ionescu",
    "Okafor",
    "Mensah",
    "Sharma",
    "Khan",
    "Silva",
    "Santos",
    "Hosseini",
    "Aziz",
    "Berisha",
    "Pham",
    "Begum",
    "Boateng",
]
NATIONS = ["ALB", "ALB", "ALB", "VNM", "IND", "PAK", "ROU", "NGA", "GHA", "BRA", "IRQ", "AFG", "GEO", "CHN"]


def _person(uow: UnitOfWork, rng: random.Random, nationality: str | None = None) -> Person:
    nat = nationality or rng.choice(NATIONS)
    person = Person(
        given_names=rng.choice(GIVEN),
        family_name=rng.choice(FAMILY),
        date_of_birth=f"{rng.randint(1960, 2006)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        sex=rng.choice("MMMF"),
        nationalities=nat,
        documents=[
            IdentityDocument(
                doc_type="passport", number=f"{nat[:2]}{rng.randint(10**6, 10**7)}", issuing_state=nat
            )
        ],
    )
    uow.session.add(person)
    uow.flush()
    return person


def load(uow: UnitOfWork, console: Console) -> None:
    rng = random.Random(5072024)
    today = clock.today_in_london()
    _cases(uow, rng, today)
    _history(uow, rng, today)
    _network(uow, rng, today)
    _partnerships(uow)
    console.print(
        "Loaded returns demo data: removal cases, flights, a returns history, a smuggling network "
        "and partnerships."
    )


def _cases(uow: UnitOfWork, rng: random.Random, today: date) -> None:
    ready = []
    for i in range(48):
        person = _person(uow, rng, "ALB" if i % 3 == 0 else None)
        category = rng.choice(list(rules.CATEGORIES))
        case = service.open_case(uow, actor=ACTOR, person_id=person.id, category=category)
        if i % 8 == 0:
            continue  # awaiting a liability decision
        service.decide_liability(
            uow,
            actor=ACTOR,
            case_id=case.id,
            decided_on=today - timedelta(days=rng.randint(20, 200)),
            basis=f"{rules.CATEGORIES[category]}: no leave to remain",
        )
        if i % 8 == 1:
            service.update_travel_document(uow, actor=ACTOR, case_id=case.id, state="requested", on=today)
            continue
        service.update_travel_document(uow, actor=ACTOR, case_id=case.id, state="obtained", on=today)
        if i % 8 == 2:
            service.raise_barrier(
                uow,
                actor=ACTOR,
                case_id=case.id,
                kind=rng.choice(["further-submissions", "judicial-review"]),
                on=today - timedelta(days=3),
            )
            continue
        if i % 8 == 3:
            service.detain(uow, actor=ACTOR, case_id=case.id, on=today - timedelta(days=10))
        ready.append(case.id)
        if category == "foreign-national-offender" and i % 2:
            service.make_removal_order(
                uow,
                actor=ACTOR,
                person_id=person.id,
                kind="deportation",
                made_on=today - timedelta(days=30),
                reason="Custodial sentence",
                case_id=case.id,
            )
    charter = flights.plan_flight(
        uow,
        actor=ACTOR,
        kind="charter",
        reference=f"PVT-{today:%y%m}-ALB",
        destinations=["ALB"],
        departs_on=today + timedelta(days=9),
        capacity=12,
        escorts=30,
    )
    flights.build_manifest(uow, actor=ACTOR, flight_id=charter.id)
    flights.plan_flight(
        uow,
        actor=ACTOR,
        kind="scheduled",
        reference=f"SCH-{today:%y%m}-01",
        destinations=["VNM", "IND", "PAK", "NGA", "GHA", "BRA"],
        departs_on=today + timedelta(days=3),
        capacity=6,
        escorts=12,
    )


def _history(uow: UnitOfWork, rng: random.Random, today: date) -> None:
    """Statistics-only rows (no names) from January 2024, so the tables and counts have a history."""
    snapshot = policy.at(today)
    types = list(snapshot.get(rules.RETURN_TYPES_PARAM))
    weights = [30, 25, 10, 25, 10]
    day, rows = date(2024, 1, 1), []
    while day <= today:
        for _ in range(rng.randint(1, 4)):
            nat = rng.choice(NATIONS)
            dob = f"{rng.randint(1960, 2008)}-06-15"
            return_type = rng.choices(types, weights)[0]
            destination = nat if rng.random() < 0.95 else "FRA"
            rows.append(
                ReturnRecord(
                    returned_on=day,
                    year=day.year,
                    quarter=rules.quarter_of(day)[1],
                    nationality=nat,
                    region=rules.region_of(nat, snapshot),
                    return_type_group=snapshot.get(rules.RETURN_TYPES_PARAM)[return_type],
                    return_type=return_type,
                    age_band=rules.age_band(dob, day, snapshot),
                    sex=rng.choice(["Male", "Male", "Male", "Female"]),
                    destination=destination,
                    destination_group=rules.destination_group(nat, destination),
                    foreign_national_offender=rng.random() < 0.16,
                )
            )
        day += timedelta(days=1)
    uow.session.add_all(rows)


def _network(uow: UnitOfWork, rng: random.Random, today: date) -> None:
    network = networks.create_network(
        uow,
        actor=ACTOR,
        name="Afghan smuggling ring (Belgium-UK)",
        countries=["AFG", "BEL", "FRA", "DEU", "GBR"],
        activities=["small boat crossings", "lorry concealment", "hawala payments"],
    )
    operation = networks.create_operation(
        uow,
        actor=ACTOR,
        name="Joint operation with the Belgian authorities",
        partners=["Belgian Federal Police"],
        started_on=date(2023, 1, 10),
        network_id=network.id,
        summary="Press release of 2 January 2025: 23 members sentenced in Antwerp; 3 arrested in the UK.",
    )
    members = []
    for i in range(23):
        person = _person(uow, rng, "AFG")
        role = (
            "leader"
            if i == 0
            else rng.choice(["organiser", "facilitator", "driver", "money-handler", "recruiter"])
        )
        networks.add_member(uow, actor=ACTOR, network_id=network.id, person_id=person.id, role=role)
        members.append(person.id)
    for i, person_id in enumerate(members[1:], start=1):
        networks.link(
            uow,
            actor=ACTOR,
            person_a=members[0] if i < 6 else members[rng.randint(0, i - 1)],
            person_b=person_id,
            kind="communicates with",
            source="phone analysis",
        )
    # A court in Antwerp sentenced 23 members to 170 years in all, 2 to 18 years each, in December 2024
    # (the day is not published: the 1st stands for the month); three had fled to the UK, where they were
    # arrested in the week of 2 January 2025 and face extradition (press release, 2 January 2025).
    years = [18, 16, 14, 12, 10, 9, 8, 8, 7, 7, 6, 6, 6, 6, 5, 5, 5, 5, 4, 4, 3, 3, 2]
    for person_id, sentence in zip(members, years, strict=True):
        networks.record_disruption(
            uow,
            actor=ACTOR,
            network_id=network.id,
            kind="conviction",
            on=date(2024, 12, 1),
            person_id=person_id,
            country="BEL",
            partner="Belgian authorities",
            operation_id=operation.id,
            sentence_months=sentence * 12,
            details="Convicted and sentenced in Antwerp, December 2024",
        )
    for person_id in members[-3:]:
        for kind in ("arrest", "extradition"):
            networks.record_disruption(
                uow,
                actor=ACTOR,
                network_id=network.id,
                kind=kind,
                on=date(2025, 1, 2),
                person_id=person_id,
                country="GBR",
                partner="National Crime Agency",
                operation_id=operation.id,
                details="Arrested in the UK after fleeing Belgium by small boat"
                if kind == "arrest"
                else "Extradition to Belgium sought",
            )


def _partnerships(uow: UnitOfWork) -> None:
    iraq = (
        "Home Office press release, 28 November 2024: UK/Iraq border security pact to target smuggling gangs"
    )
    for title, kind, amount, purpose in [
        (
            "Joint statement on border security",
            "agreement",
            None,
            "Commitments of both countries to tackle people smuggling and strengthen border security.",
        ),
        (
            "Iraq law enforcement training in border security",
            "funded-project",
            300_000,
            "Training on organised immigration crime and narcotics at the border.",
        ),
        (
            "Border security projects in the Kurdistan Region of Iraq",
            "funded-project",
            200_000,
            "Capabilities against irregular migration and for border security, including a new taskforce.",
        ),
        (
            "Capacity building against serious organised crime",
            "funded-project",
            300_000,
            "Disrupting serious organised crime, including organised immigration crime and drug flows.",
        ),
        (
            "Declaration of intent on serious organised crime",
            "declaration",
            None,
            "Co-operation on organised immigration crime, narcotics, modern slavery and illicit finance.",
        ),
    ]:
        networks.add_partnership(
            uow,
            actor=ACTOR,
            country="IRQ",
            title=title,
            kind=kind,
            signed_on=date(2024, 11, 28),
            amount_pence=amount * 100 if amount else None,
            purpose=purpose,
            source=iraq,
        )
    networks.add_partnership(
        uow,
        actor=ACTOR,
        country="DEU",
        title="Deal to break the business model of people smuggling gangs",
        kind="agreement",
        signed_on=date(2024, 12, 16),
        purpose="Germany confirmed its intention to change the law on smuggling and supply chains.",
        source="Home Office press release, 16 December 2024 (signed the week before; date is "
        "the announcement)",
    )
    # Kosovo has no ISO 3166-1 code, so the register (keyed by country code) holds Serbia and North Macedonia.
    for country in ("SRB", "MKD"):
        networks.add_partnership(
            uow,
            actor=ACTOR,
            country=country,
            title="Agreement to tackle people smuggling through the Balkans",
            kind="agreement",
            signed_on=date(2024, 11, 28),
            purpose="Co-operation against smuggling routes through the Balkan states.",
            source="Home Office press release, 28 November 2024 (date of announcement)",
        )
