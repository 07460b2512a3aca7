"""Demonstration data for employer compliance: the Hupus Limited (Pera Palace, Chatteris) case from the
Home Office press release of 26 November 2024, sponsors in several sectors (one downgraded, one revoked),
a year of illegal working visits for the dashboard, and an eVisa share code for the right-to-work check.
Names other than those in the press release are invented."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from rich.console import Console
from rich.progress import track

from portcullis.core import access, clock
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Directorship, Organisation, OrganisationAddress, Person
from portcullis.employers import (
    certificates,
    common,
    directors,
    enforcement,
    penalties,
    rules,
    scheduled,
    service,
)
from portcullis.employers.models import Licence
from portcullis.employers.values import REGIONS, SECTORS
from portcullis.travel import evisa_service

ACTOR = access.Principal(kind="system", name="Portcullis demo loader")
GIVEN = [
    "Ahmet",
    "Mehmet",
    "Ravi",
    "Priya",
    "Chen",
    "Ana",
    "Jose",
    "Olu",
    "Fatima",
    "Ivan",
    "Mariam",
    "Tomasz",
]
FAMILY = ["Yilmaz", "Kaya", "Patel", "Sharma", "Wang", "Silva", "Garcia", "Adeyemi", "Khan", "Petrov", "Ali"]


def _person(uow: UnitOfWork, given: str, family: str, dob: str, nationality: str) -> Person:
    person = Person(given_names=given, family_name=family, date_of_birth=dob, nationalities=nationality)
    uow.session.add(person)
    uow.flush()
    return person


def _organisation(
    uow: UnitOfWork, name: str, number: str | None, director: Person | None, address: str
) -> Organisation:
    org = Organisation(name=name, company_number=number, addresses=[OrganisationAddress(address=address)])
    uow.session.add(org)
    uow.flush()
    if director is not None:
        uow.session.add(
            Directorship(organisation_id=org.id, person_id=director.id, appointed_on=date(2021, 11, 1))
        )
    return org


def _pera_palace(uow: UnitOfWork) -> None:
    """Hupus Limited traded as Pera Palace, Market Hill, Chatteris; visited in November 2022, three illegal
    workers, fined 45,000 GBP (unpaid), director Ali Avlik disqualified for 7 years from 26 Nov 2024."""
    avlik = _person(uow, "Ali", "Avlik", "1989", "TUR")  # 35 in November 2024, per the press release
    hupus = _organisation(uow, "Hupus Limited", None, avlik, "Pera Palace, Market Hill, Chatteris")
    visit = enforcement.plan_visit(
        uow,
        premises="Pera Palace, Market Hill, Chatteris",
        region="East of England",
        sector="hospitality",
        planned_on=date(2022, 11, 15),
        officers=["IO Demo"],
        actor=ACTOR,
        organisation_id=hupus.id,
        intelligence_ref="INTEL-PERA",
    )
    enforcement.record_visit(
        uow, visit_id=visit.id, visited_on=date(2022, 11, 15), outcome="illegal-working-found", actor=ACTOR
    )
    for i in range(3):
        worker = _person(uow, GIVEN[i], FAMILY[i], f"199{i}", "TUR")
        encounter = enforcement.record_encounter(
            uow, visit_id=visit.id, person_id=worker.id, right_to_work="no", actor=ACTOR
        )
        enforcement.arrest(
            uow, encounter_id=encounter.id, at=datetime(2022, 11, 15, 12, tzinfo=UTC), actor=ACTOR
        )
    penalty = penalties.refer_for_penalty(
        uow, visit_id=visit.id, reported=False, cooperated=False, effective_checks=False, actor=ACTOR
    )
    penalties.issue_penalty(uow, penalty_id=penalty.id, on=date(2023, 1, 16), actor=ACTOR)
    penalties.mark_debts(uow, on=date(2023, 3, 1))
    referral = directors.refer_director(
        uow,
        person_id=avlik.id,
        organisation_id=hupus.id,
        referred_on=date(2023, 6, 1),
        reason="Employed three illegal workers",
        actor=ACTOR,
    )
    directors.record_disqualification(
        uow, referral_id=referral.id, years=7, starts_on=date(2024, 11, 26), actor=ACTOR
    )


def _sponsors(uow: UnitOfWork, today: date) -> None:
    specs = [
        ("Brightwater Care Homes Ltd", "10000001", "care", "North West"),
        ("Meadow Lane Home Care Ltd", "10000002", "care", "West Midlands"),
        ("Riverside Software Ltd", "10000003", "technology", "London"),
        ("Harbour Kitchens Ltd", "10000004", "hospitality", "South West"),
    ]
    licences = []
    for name, number, sector, region in specs:
        owner = _person(uow, "Jo", f"{name.split()[0]}-Owner", "1970", "GBR")
        org = _organisation(uow, name, number, owner, f"1 High Street, {region}")
        sponsor = service.register_sponsor(
            uow,
            organisation_id=org.id,
            sector=sector,
            region=region,
            actor=ACTOR,
            contact_email=f"authorising.officer@{number}.example.com",
        )
        application = service.apply_for_licence(
            uow, sponsor_id=sponsor.id, routes=["skilled-worker"], on=today - timedelta(days=400), actor=ACTOR
        )
        assert application.licence_id is not None
        licences.append(application.licence_id)
        certificates.grant_allocation(
            uow, licence_id=application.licence_id, granted=10, on=today, actor=ACTOR
        )
        for i in range(3):
            worker = _person(
                uow, GIVEN[(i + len(licences)) % len(GIVEN)], FAMILY[i % len(FAMILY)], "1995", "IND"
            )
            certificates.assign_cos(
                uow,
                licence_id=application.licence_id,
                worker_person_id=worker.id,
                kind="undefined",
                new_worker=True,
                job_title="Senior care worker" if sector == "care" else "Software developer",
                salary="42000",
                salary_category="general",
                on=today - timedelta(days=30),
                actor=ACTOR,
            )
    certificates.record_change(
        uow,
        licence_id=licences[0],
        kind="organisation",
        change="Registered office moved",
        occurred_on=today - timedelta(days=60),
        actor=ACTOR,
    )
    service.downgrade(
        uow,
        licence_id=licences[1],
        on=today - timedelta(days=10),
        months=6,
        actions=["Train staff on right to work checks", "Report all absences within 10 working days"],
        actor=ACTOR,
    )
    service.complain_charging_workers(
        uow,
        sponsor_id=_licence(uow, licences[1]).sponsor_id,
        complaint="A worker says they paid the CoS fee",
        received_on=today,
        actor=ACTOR,
    )
    service.revoke_licence(
        uow, licence_id=licences[3], ground="C1-false-information", on=today - timedelta(days=20), actor=ACTOR
    )


def _licence(uow: UnitOfWork, licence_id: str) -> Licence:
    return common.load(uow.session, Licence, licence_id, "licence_id")


def _activity(uow: UnitOfWork, today: date, console: Console) -> None:
    """A year of visits, roughly in the proportions of the press releases (about 6,600 visits and 4,600
    arrests in ten months nationally), scaled down to a few hundred."""
    rng = random.Random(6)
    for _ in track(range(240), description="Illegal working visits", console=console):
        day = today - timedelta(days=rng.randint(0, 330))  # within the dashboard's 12 calendar months
        region, sector = rng.choice(REGIONS), rng.choice(SECTORS)
        org = _organisation(
            uow,
            f"{rng.choice(FAMILY)} {rng.choice(['Foods', 'Cars', 'Nails', 'Builders'])} Ltd",
            None,
            None,
            f"{rng.randint(1, 200)} Station Road, {region}",
        )
        visit = enforcement.plan_visit(
            uow,
            premises=org.addresses[0].address,
            region=region,
            sector=sector,
            planned_on=day,
            officers=["IO Demo"],
            actor=ACTOR,
            organisation_id=org.id,
        )
        found = rng.random() < 0.6
        enforcement.record_visit(
            uow,
            visit_id=visit.id,
            visited_on=day,
            outcome="illegal-working-found" if found else "no-breach",
            actor=ACTOR,
        )
        if not found:
            continue
        for _ in range(rng.randint(1, 2)):
            worker = _person(uow, rng.choice(GIVEN), rng.choice(FAMILY), "1996", "ALB")
            encounter = enforcement.record_encounter(
                uow, visit_id=visit.id, person_id=worker.id, right_to_work="no", actor=ACTOR
            )
            enforcement.arrest(
                uow,
                encounter_id=encounter.id,
                at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC),
                actor=ACTOR,
            )
        penalty = penalties.refer_for_penalty(
            uow,
            visit_id=visit.id,
            reported=rng.random() < 0.3,
            cooperated=rng.random() < 0.5,
            effective_checks=False,
            actor=ACTOR,
        )
        issued = min(day + timedelta(days=30), today)
        penalties.issue_penalty(uow, penalty_id=penalty.id, on=issued, actor=ACTOR)
        if rng.random() < 0.3 and issued + timedelta(days=10) <= today:
            due = penalties.amount_due(penalty, on=issued + timedelta(days=10))
            penalties.record_payment(
                uow, penalty_id=penalty.id, amount=due, paid_on=issued + timedelta(days=10), actor=ACTOR
            )


def _share_code(uow: UnitOfWork, console: Console) -> None:
    worker = _person(uow, "Deniz", "Arslan", "1994-07-12", "TUR")
    permission = evisa_service.grant_permission(
        uow,
        person_id=worker.id,
        permission_type="Skilled Worker",
        conditions=["Work only for the sponsor"],
        valid_from=date(2025, 1, 6),
        valid_until=rules.add_years(clock.today_in_london(), 1),
        actor=ACTOR,
    )
    code = evisa_service.create_share_code(uow, permission_id=permission.id, purpose="work", actor=ACTOR)
    console.print(f"Right-to-work demo: share code {code}, date of birth 12 July 1994 (Deniz Arslan).")


def load(uow: UnitOfWork, console: Console) -> None:
    today = clock.today_in_london()
    _pera_palace(uow)
    _sponsors(uow, today)
    _activity(uow, today, console)
    _share_code(uow, console)
    scheduled.schedule_daily(uow)  # the daily overdue-reporting alerts, run by `portcullis worker`
    console.print("Employer compliance: Pera Palace case, 4 sponsors, a year of visits and penalties loaded.")
