"""Demonstration orders: an SCPO with a travel restriction and an association ban (on the screening lists),
a DAPN from the pilot with its DAPO application, a DAPO with tagging, a monitoring alert and a breach."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Console

from portcullis.core import clock
from portcullis.core.access import SYSTEM, Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.orders import breaches, lifecycle, monitoring, monitoring_gaps, service

MANCHESTER = {"latitude": 53.4808, "longitude": -2.2426}
CPS = Principal(kind="user", name="Demo CPS lawyer", organisation="cps")
GMP = Principal(kind="user", name="Demo Inspector", organisation="greater-manchester")


def _person(uow: UnitOfWork, given: str, family: str, dob: str) -> str:
    person = Person(given_names=given, family_name=family, date_of_birth=dob, nationalities="GBR")
    uow.session.add(person)
    uow.flush()
    return person.id


def load(uow: UnitOfWork, console: Console) -> None:
    today = clock.today_in_london()
    smuggler = _person(uow, "Viktor", "Demo-Smuggler", "1979-02-11")
    associate = _person(uow, "Ana", "Demo-Associate", "1985-08-30")
    application = service.create_application(
        uow,
        order_type="scpo",
        applicant_agency="cps",
        subject_person_id=smuggler,
        actor=CPS,
        with_notice=True,
        court="high-court",
        conditions=[
            {"kind": "travel_restriction", "all_countries": True, "surrender_passport": True},
            {"kind": "association", "person_ids": [associate]},
            {"kind": "devices", "max_phones": 1, "max_laptops": 0, "declare_devices": True},
            {"kind": "social_media", "including_via_third_parties": True},
        ],
    )
    service.schedule_hearing(
        uow, application_id=application.id, scheduled_at=clock.now() - timedelta(days=1), actor=CPS
    )
    scpo = service.record_outcome(
        uow,
        application_id=application.id,
        outcome="granted",
        actor=SYSTEM,
        starts_on=today,
        ends_on=today.replace(year=today.year + 2) - timedelta(days=1),
    )
    assert scpo is not None
    lifecycle.record_service(uow, order_id=scpo.id, actor=CPS, served_at=clock.now() - timedelta(hours=2))

    # A DAPN given during the pilot (the pilot period after 31 March 2026 is not known, so none today).
    abuser, victim = (
        _person(uow, "Dan", "Demo-Abuser", "1988-05-05"),
        _person(uow, "Val", "Demo-Victim", "1990-09-09"),
    )
    service.issue_dapn(
        uow,
        issuing_agency="greater-manchester",
        officer_name="Demo Inspector",
        rank="inspector",
        area="greater-manchester",
        subject_person_id=abuser,
        protected_person_id=victim,
        issued_at=datetime(2026, 3, 27, 18, 0, tzinfo=clock.LONDON),
        conditions=[
            {"kind": "no_contact", "person_id": victim},
            {
                "kind": "exclusion_zone",
                "name": "Victim's home",
                "centre": MANCHESTER,
                "radius_m": 300,
                "address": "Demo Street, Manchester",
            },
        ],
        actor=GMP,
    )

    tagged = _person(uow, "Tom", "Demo-Tagged", "1983-03-03")
    dapo_app = service.create_application(
        uow,
        order_type="dapo",
        applicant_agency="victim-demo",
        applicant_kind="victim",
        subject_person_id=tagged,
        actor=GMP,
        with_notice=True,
        court="family-court",
    )
    dapo = service.record_outcome(
        uow,
        application_id=dapo_app.id,
        outcome="granted",
        actor=SYSTEM,
        starts_on=today,
        conditions=[
            {"kind": "exclusion_zone", "name": "City centre", "centre": MANCHESTER, "radius_m": 800},
            {
                "kind": "electronic_monitoring",
                "mode": "location",
                "months": 12,
                "responsible_person": "Tagline Monitoring",
                "available_in_area": True,
            },
            {
                "kind": "positive_requirement",
                "programme": "Behaviour change programme",
                "supervisor_name": "Jo Supervisor",
                "supervisor_organisation": "Probation",
            },
        ],
    )
    assert dapo is not None
    lifecycle.record_service(uow, order_id=dapo.id, actor=GMP, served_at=clock.now() - timedelta(hours=3))
    monitoring.fit_tag(uow, order_id=dapo.id, tag_id="TAG-DEMO-1", responsible_officer="PC Demo", actor=GMP)
    now = clock.now()
    result = monitoring.ingest(
        uow,
        actor=SYSTEM,
        source="demo",
        rows=[
            {
                "tag_id": "TAG-DEMO-1",
                "at": (now - timedelta(minutes=20)).isoformat(),
                "latitude": 53.52,
                "longitude": -2.30,
            },
            {"tag_id": "TAG-DEMO-1", "at": (now - timedelta(minutes=10)).isoformat(), **MANCHESTER},
        ],
    )
    monitoring_gaps.schedule(uow)  # the recurring no-signal check, run by `portcullis worker`
    alert = result["alerts"][0]
    breach = breaches.record_breach(
        uow,
        order_id=dapo.id,
        alleged_at=now - timedelta(minutes=10),
        source="monitoring",
        alert_id=alert["id"],
        actor=GMP,
        description="Tag located inside the city-centre exclusion zone",
    )
    breaches.record_charging_decision(uow, breach_id=breach.id, decision="charge", actor=GMP)
    console.print(
        "Orders: an SCPO (travel and association bans), a DAPN with its DAPO application, "
        "a tagged DAPO with a monitoring alert and a breach."
    )
