"""Demonstration data for travel: a few hundred ETA applications across nationalities and outcomes (some
for families and groups, some made on someone's behalf), a carrier account with an API token, and eVisa
holders with share codes. Everything goes through the service functions, so it is decided as for real."""

from __future__ import annotations

import random
from datetime import date, timedelta

from rich.console import Console
from rich.progress import track

from portcullis.core import access, clock, payments
from portcullis.core.access_models import User
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import IdentityDocument, Person
from portcullis.core.settings import get_settings
from portcullis.travel import evisa_service, rules, service

GIVEN = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Lucas",
    "Mia",
    "Hiro",
    "Yuki",
    "Sofia",
    "Mateo",
    "Chloe",
    "Lea",
    "Jonas",
    "Aisha",
    "Omar",
    "Isabella",
    "Ethan",
    "Grace",
    "Daniel",
    "Min-jun",
    "Seo-yeon",
]
FAMILY = [
    "Smith",
    "Johnson",
    "Tremblay",
    "Martin",
    "Nguyen",
    "Tanaka",
    "Sato",
    "Garcia",
    "Rossi",
    "Muller",
    "Dubois",
    "Silva",
    "Kim",
    "Park",
    "Al-Thani",
    "Haddad",
    "Wilson",
    "Brown",
    "Lopez",
    "Schmidt",
]
NATIONALITIES = (
    ["USA"] * 6
    + ["CAN"] * 3
    + ["AUS"] * 3
    + [
        "FRA",
        "DEU",
        "ITA",
        "ESP",
        "NLD",
        "JPN",
        "KOR",
        "NZL",
        "BRA",
        "MEX",
        "QAT",
        "SAU",
        "ARE",
        "JOR",
        "IND",
    ]
)
COUNT = 300


def _answers(rng: random.Random, today: date) -> rules.Answers:
    roll = rng.random()
    if roll < 0.04:
        return rules.Answers(longest_custodial_sentence_months=rng.choice([12, 18, 48]))
    if roll < 0.06:
        return rules.Answers(last_conviction_on=today - timedelta(days=rng.randrange(30, 300)))
    if roll < 0.10:
        return rules.Answers(immigration_breach=True)
    if roll < 0.12:
        return rules.Answers(terrorism_or_extremism=True)
    return rules.Answers()


def _person(
    rng: random.Random, i: int, today: date, nationality: str | None = None, family: str | None = None
) -> service.ApplicantIn:
    nat = nationality or rng.choice(NATIONALITIES)
    given, surname = rng.choice(GIVEN), family or rng.choice(FAMILY)
    return service.ApplicantIn(
        given_names=given,
        family_name=surname,
        date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randrange(25000)),
        sex=rng.choice("FM"),
        nationality=nat,
        passport_number=f"{nat[0]}{i:08d}",
        passport_issuing_state=nat,
        passport_expiry=today + timedelta(days=rng.randrange(200, 3600)),
        email=f"{given}.{surname}{i}@example.com".lower().replace(" ", ""),
        answers=_answers(rng, today),
    )


def _pay_and_decide(uow: UnitOfWork, view: service.SubmissionView) -> None:
    if view.payment_id is None or get_settings().payments_backend != "local":
        return
    card = payments.CardForm(
        card_number="4444333322221111",
        expiry_month="12",
        expiry_year=str(clock.today_in_london().year + 3),
        cardholder_name="Demo Payer",
        security_code="123",
    )
    payments.pay_locally(uow, view.payment_id, card)
    service.confirm_payment(uow, submission_id=view.id)


def load(uow: UnitOfWork, console: Console) -> None:
    rng = random.Random(2026)
    today = clock.today_in_london()
    made = 0
    for i in track(range(COUNT), description="ETA applications", console=console):
        if i % 25 == 0:  # a family or group: one payment, one status page
            nat, family = rng.choice(["USA", "CAN", "FRA", "AUS"]), rng.choice(FAMILY)
            group = [
                _person(rng, 10_000 + i * 10 + k, today, nat, family) for k in range(rng.randrange(2, 6))
            ]
            for member in group[1:]:
                member.on_behalf, member.submitted_by, member.relationship = (
                    True,
                    group[0].given_names,
                    "family",
                )
            view = service.submit(
                uow, applicants=group, contact_email=group[0].email, return_url="/eta/apply/paid/{id}"
            )
            made += len(group)
        else:
            person = _person(rng, i, today)
            if i % 10 == 3:
                person.on_behalf, person.submitted_by, person.relationship = True, "A parent", "parent"
            view = service.submit(
                uow, applicants=[person], contact_email=person.email, return_url="/eta/apply/paid/{id}"
            )
            made += 1
        if i % 30 != 7:  # a few are left waiting for payment
            _pay_and_decide(uow, view)
    counts = service_counts(uow)
    console.print(
        f"Created {made} ETA applications: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    _carrier(uow, console)
    _evisas(uow, console, rng, today)


def service_counts(uow: UnitOfWork) -> dict[str, int]:
    from portcullis.travel import casework

    return casework.queue_counts(uow)


def _carrier(uow: UnitOfWork, console: Console) -> None:
    user = uow.session.query(User).filter(User.email == "ops@demo-airways.example").one_or_none()
    if user is None:
        user = access.create_user(
            uow,
            email="ops@demo-airways.example",
            name="Demo Airways operations",
            password=None,
            role_names=["carrier"],
            organisation="Demo Airways",
        )
    secret, _ = access.issue_api_token(
        uow, user=user, name="Demo Airways departure control", rate_limit_per_minute=600
    )
    console.print(f"Carrier token for Demo Airways (POST /api/v1/permission-to-travel): {secret}")


def _evisas(uow: UnitOfWork, console: Console, rng: random.Random, today: date) -> None:
    kinds = [
        ("Skilled Worker", ["Work only for the sponsor", "No recourse to public funds"]),
        ("Student", ["Work limited to 20 hours a week in term time", "No recourse to public funds"]),
        ("Indefinite leave to remain", []),
        ("Family (partner)", ["No recourse to public funds"]),
    ]
    shown = 0
    for i in range(20):
        nat = rng.choice(["IND", "NGA", "PAK", "CHN", "PHL", "GHA"])
        person = Person(
            given_names=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            date_of_birth=(date(1970, 1, 1) + timedelta(days=rng.randrange(12000))).isoformat(),
            nationalities=nat,
        )
        person.documents.append(
            IdentityDocument(
                doc_type="passport",
                number=f"EV{i:07d}",
                issuing_state=nat,
                expiry=today + timedelta(days=2000),
            )
        )
        uow.session.add(person)
        uow.flush()
        kind, conditions = kinds[i % len(kinds)]
        until = None if kind.startswith("Indefinite") else today + timedelta(days=rng.randrange(200, 1500))
        permission = evisa_service.grant_permission(
            uow,
            person_id=person.id,
            permission_type=kind,
            conditions=conditions,
            valid_from=today - timedelta(days=300),
            valid_until=until,
            actor=access.SYSTEM,
        )
        code = evisa_service.create_share_code(
            uow, permission_id=permission.id, purpose="work", actor=access.SYSTEM
        )
        if shown < 3:
            console.print(
                f"eVisa holder {person.full_name}, born {person.date_of_birth}, passport EV{i:07d}: "
                f"share code {code} (work)"
            )
            shown += 1
    console.print("Created 20 eVisa holders with share codes.")
