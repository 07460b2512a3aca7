"""Demonstration Prevent data, illustrative only: one tenth of the year to March 2024 (6,922 referrals, 893
discussed at a Channel panel, 512 adopted; education referred 40%, police 28% - press release 17 Dec 2024
and the Home Office statistics it cites). The other shares (sector remainder, concern, age, gender, region)
are invented for the demonstration and say nothing about the real figures. A handful of current cases show
the casework states: overdue, repeat awaiting senior review, transferred with follow-ups, adopted."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from rich.console import Console
from rich.progress import track
from sqlalchemy import func, select

from portcullis.core import access, audit, clock
from portcullis.core.access_models import User
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.prevent import rules, service
from portcullis.prevent.models import ChannelCase, ChannelReview, GatewayAssessment, Intervention, Referral
from portcullis.prevent.values import ConcernType, Outcome, ReceivingService, Region, Sector

SCALE = 10  # one demo referral for every ten real ones
REFERRALS, DISCUSSED, ADOPTED = 6922 // SCALE, 893 // SCALE, 512 // SCALE
SECTORS = [
    (Sector.EDUCATION, 40),
    (Sector.POLICE, 28),
    (Sector.LOCAL_AUTHORITY, 9),
    (Sector.HEALTH, 10),
    (Sector.COMMUNITY, 4),
    (Sector.FAMILY_FRIENDS, 4),
    (Sector.PRISONS_PROBATION, 3),
    (Sector.OTHER, 2),
]
CONCERNS = [
    (ConcernType.VIOLENCE_FIXATION_NO_IDEOLOGY, 24),
    (ConcernType.EXTREME_RIGHT_WING, 20),
    (ConcernType.ISLAMIST, 14),
    (ConcernType.MIXED_UNCLEAR_UNSTABLE, 20),
    (ConcernType.SCHOOL_MASSACRE, 6),
    (ConcernType.INCEL, 4),
    (ConcernType.CONFLICTED, 4),
    (ConcernType.LEFT_ANARCHIST_SINGLE_ISSUE, 2),
    (ConcernType.OTHER, 6),
]
AGES = [(13, 38), (17, 27), (25, 14), (35, 9), (45, 6), (58, 4), (None, 2)]
GIVEN = [
    "Alex",
    "Sam",
    "Jordan",
    "Casey",
    "Riley",
    "Morgan",
    "Taylor",
    "Jamie",
    "Charlie",
    "Robin",
    "Drew",
    "Ellis",
]
FAMILY = [
    "Ashdown",
    "Brook",
    "Carver",
    "Dunmore",
    "Everly",
    "Fairbank",
    "Gale",
    "Hartley",
    "Ingram",
    "Jessop",
    "Kendrick",
    "Lyle",
    "Marlow",
    "Norbury",
    "Oakes",
    "Pryce",
    "Quill",
    "Rowntree",
    "Stanhope",
    "Thorne",
]
DEMO_MARKER = "PRV-DEMO0001"
SUPERVISOR = ("supervisor@example.police.uk", "Sue Supervisor")
NOTE = "Demonstration record (illustrative)."


def _pick(rng: random.Random, weighted: list[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _person(uow: UnitOfWork, rng: random.Random, age: int | None, on: date) -> tuple[Person, str]:
    gender = rng.choices(["male", "female", "unknown"], weights=[85, 13, 2])[0]
    dob = None if age is None else f"{on.year - age - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    person = Person(
        given_names=rng.choice(GIVEN),
        family_name=rng.choice(FAMILY),
        date_of_birth=dob,
        sex={"male": "M", "female": "F"}.get(gender),
    )
    uow.session.add(person)
    return person, gender


def _referral(
    uow: UnitOfWork,
    rng: random.Random,
    n: int,
    received_on: date,
    person: Person | None = None,
    **fields: Any,
) -> Referral:
    if person is None:
        person, gender = _person(uow, rng, _pick(rng, AGES), received_on)
        uow.session.flush()
    else:
        gender = {"M": "male", "F": "female"}.get(person.sex or "", "unknown")
    holidays = service.bank_holidays(received_on.year, received_on.year + 1)
    timing = rules.gateway_timing(
        received_on=received_on,
        decided_on=None,
        today=received_on,
        snapshot=_snapshot(received_on),
        bank_holidays=holidays,
    )
    values: dict[str, Any] = dict(
        reference=DEMO_MARKER if n == 0 else f"PRV-D{n:07d}",
        person_id=person.id,
        received_at=datetime.combine(received_on, time(10, 0), tzinfo=UTC),
        received_on=received_on,
        referrer_user_id=None,
        referrer_name="Demonstration referrer",
        referrer_contact="demo@example.gov.uk",
        sector=_pick(rng, SECTORS),
        concern_type=_pick(rng, CONCERNS),
        reasons=NOTE,
        gender=gender,
        region=rng.choice(list(Region)),
        age_at_referral=rules.age_on(person.date_of_birth, received_on),
        gateway_due_on=timing.due_on,
        status="received",
    )
    values.update(fields)
    referral = Referral(**values)
    uow.session.add(referral)
    uow.session.flush()
    return referral


def _snapshot(on: date) -> Any:
    from portcullis.core import policy

    return policy.at(on)


def _decide(
    uow: UnitOfWork,
    r: Referral,
    outcome: Outcome,
    decided_on: date,
    service_to: ReceivingService | None = None,
) -> GatewayAssessment:
    above = outcome in (Outcome.CHANNEL, Outcome.PREVENT_CASE_MANAGEMENT)
    g = GatewayAssessment(
        referral_id=r.id,
        deconfliction="no_ct_interest",
        outcome=outcome,
        threshold_met=above,
        rationale={
            "ideology": "present" if above else "absent",
            "vulnerability": "present",
            "risk": "moderate" if above else "none",
            "explanation": NOTE,
        },
        receiving_service=service_to,
        decided_on=decided_on,
        decided_at=datetime.combine(decided_on, time(15, 0), tzinfo=UTC),
        overdue_at_decision=decided_on > r.gateway_due_on,
    )
    uow.session.add(g)
    return g


def _year_2023_24(uow: UnitOfWork, rng: random.Random, console: Console) -> None:
    start = date(2023, 4, 1)
    for n in track(range(REFERRALS), description="Prevent demo referrals (2023-24)", console=console):
        received = start + timedelta(days=rng.randrange(366))
        r = _referral(uow, rng, n, received)
        decided = received + timedelta(days=rng.choice([3, 4, 5, 6, 7, 9]))
        if n < DISCUSSED:
            _decide(uow, r, Outcome.CHANNEL, decided)
            case = ChannelCase(
                referral_id=r.id, person_id=r.person_id, discussed_on=decided + timedelta(days=21)
            )
            if n < ADOPTED:
                case.status, case.consent_given, case.consent_given_by = "adopted", True, "parent_guardian"
                case.consent_on, case.adopted_on = case.discussed_on, case.discussed_on
            else:
                case.status = "not_adopted"
            uow.session.add(case)
            r.status = "channel"
        else:
            outcome = rng.choices(
                [Outcome.PREVENT_CASE_MANAGEMENT, Outcome.NO_FURTHER_ACTION, Outcome.TRANSFERRED],
                weights=[15, 45, 40],
            )[0]
            _decide(
                uow,
                r,
                outcome,
                decided,
                rng.choice(list(ReceivingService)) if outcome == Outcome.TRANSFERRED else None,
            )
            r.status, r.closed_on = "closed", decided


def _current(uow: UnitOfWork, rng: random.Random) -> None:
    """Cases in flight as of today, one of each state the casework list flags."""
    today = clock.today_in_london()
    n = REFERRALS
    _referral(uow, rng, n + 1, today - timedelta(days=1))  # new, within target
    _referral(uow, rng, n + 2, today - timedelta(days=12))  # past the gateway target
    first = _referral(uow, rng, n + 3, today - timedelta(days=200))
    _decide(uow, first, Outcome.NO_FURTHER_ACTION, today - timedelta(days=196))
    first.status, first.closed_on = "closed", today - timedelta(days=196)
    earlier_person = uow.session.get(Person, first.person_id)
    repeat = _referral(
        uow,
        rng,
        n + 4,
        today - timedelta(days=6),
        person=earlier_person,
        previous_referral_ids=[first.id],
        senior_review_required=True,
        repeat_reasons=[
            "1 earlier referral(s) of this person",
            "a repeat referral cannot be closed without a senior review",
        ],
    )
    _decide(uow, repeat, Outcome.NO_FURTHER_ACTION, today - timedelta(days=2))
    repeat.status = "awaiting_senior_review"
    moved = _referral(uow, rng, n + 5, today - timedelta(days=40))
    decided = today - timedelta(days=36)
    _decide(uow, moved, Outcome.TRANSFERRED, decided, ReceivingService.MENTAL_HEALTH)
    moved.status = "transferred_monitoring"
    from portcullis.prevent.models import TransferFollowUp

    for i, due in enumerate(
        rules.follow_up_schedule(transferred_on=decided, snapshot=_snapshot(decided)).due_dates, start=1
    ):
        uow.session.add(TransferFollowUp(referral_id=moved.id, sequence=i, due_on=due))
    adopted = _referral(uow, rng, n + 6, today - timedelta(days=90))
    _decide(uow, adopted, Outcome.CHANNEL, today - timedelta(days=85))
    adopted.status = "channel"
    case = ChannelCase(
        referral_id=adopted.id,
        person_id=adopted.person_id,
        status="adopted",
        consent_given=True,
        consent_given_by="parent_guardian",
        consent_name="Demonstration parent",
        consent_on=today - timedelta(days=60),
        discussed_on=today - timedelta(days=60),
        adopted_on=today - timedelta(days=60),
    )
    uow.session.add(case)
    uow.session.flush()
    uow.session.add(
        Intervention(
            case_id=case.id,
            kind="ideological_mentoring",
            provider="Demonstration provider",
            started_on=today - timedelta(days=55),
        )
    )
    uow.session.add(
        ChannelReview(
            case_id=case.id,
            kind="support",
            sequence=1,
            due_on=rules.add_months(today - timedelta(days=60), 3),
        )
    )


def load(uow: UnitOfWork, console: Console) -> None:
    if uow.session.scalar(
        select(func.count()).select_from(Referral).where(Referral.reference == DEMO_MARKER)
    ):
        console.print("Prevent demo data already loaded.")
        return
    if uow.session.scalar(select(User.id).where(User.email == SUPERVISOR[0])) is None:
        from portcullis.demo import DEMO_PASSWORD

        access.create_user(
            uow,
            email=SUPERVISOR[0],
            name=SUPERVISOR[1],
            password=DEMO_PASSWORD,
            role_names=["prevent_supervisor"],
            organisation=None,
        )
    rng = random.Random(20240331)
    _year_2023_24(uow, rng, console)
    _current(uow, rng)
    from portcullis.prevent import overdue

    overdue.schedule_daily(uow)  # the daily reminders about overdue Channel reviews
    audit.record(
        uow,
        actor=access.SYSTEM,
        operation=audit.Operation.COLLECTION,
        record_type="prevent_demo",
        record_id=None,
        justification="Illustrative Prevent demonstration data loaded",
        details={"referrals": REFERRALS + 6},
    )
    console.print(
        f"Prevent: {REFERRALS} illustrative referrals for 2023-24 ({DISCUSSED} discussed, {ADOPTED} "
        f"adopted) and 6 current cases; senior reviewer {SUPERVISOR[0]}."
    )
