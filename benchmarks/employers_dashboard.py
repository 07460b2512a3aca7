"""Benchmark: the managers' dashboard over a large year of enforcement records, and the civil penalty rule.

    .venv/bin/python -m benchmarks.employers_dashboard [--visits 20000] [--rounds 5]

Rows are inserted directly (the services screen every person encountered, which is the screening benchmark's
subject, not this one's)."""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from benchmarks.machine import machine
from benchmarks.policing_common import database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    database()
    from rich.progress import track

    from portcullis.core import policy
    from portcullis.core.db import unit_of_work
    from portcullis.core.parties import Organisation, Person
    from portcullis.employers import dashboard, rules
    from portcullis.employers.models import (
        Encounter,
        EnforcementVisit,
        Licence,
        Penalty,
        PenaltyPayment,
        Sponsor,
    )
    from portcullis.employers.values import REGIONS, SECTORS

    rng = random.Random(6)
    end = date(2025, 6, 2)
    with unit_of_work() as uow:
        s = uow.session
        person = Person(given_names="Bench", family_name="Worker", date_of_birth="1990")
        s.add(person)
        s.flush()
        for i in track(range(args.visits), description="Inserting visits"):
            org = Organisation(name=f"Employer {i}")
            s.add(org)
            s.flush()
            day = end - timedelta(days=rng.randint(0, 330))
            visit = EnforcementVisit(
                organisation_id=org.id,
                premises=f"{i} High Street",
                region=rng.choice(REGIONS),
                sector=rng.choice(SECTORS),
                planned_on=day,
                visited_on=day,
                officers=["IO"],
                outcome="illegal-working-found",
            )
            s.add(visit)
            s.flush()
            for _ in range(rng.randint(0, 2)):
                s.add(
                    Encounter(
                        visit_id=visit.id,
                        person_id=person.id,
                        checked_at=datetime.now(UTC),
                        right_to_work="no",
                        illegal_worker=True,
                        arrested=True,
                        arrested_at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC),
                    )
                )
            if rng.random() < 0.5:
                status = "paid" if rng.random() < 0.3 else "issued"
                penalty = Penalty(
                    organisation_id=org.id,
                    visit_id=visit.id,
                    breach="first",
                    workers=1,
                    per_worker=Decimal(45000),
                    total=Decimal(45000),
                    issued_on=day,
                    status=status,
                )
                s.add(penalty)
                if status == "paid":
                    s.flush()
                    s.add(PenaltyPayment(penalty_id=penalty.id, paid_on=day, amount=Decimal(45000)))
            if i % 50 == 0:
                sponsor = Sponsor(
                    organisation_id=org.id, sector=rng.choice(SECTORS), region=rng.choice(REGIONS)
                )
                s.add(sponsor)
                s.flush()
                s.add(
                    Licence(
                        sponsor_id=sponsor.id,
                        number=f"SL{i:08d}",
                        routes=["skilled-worker"],
                        granted_on=day,
                        status="revoked",
                        revoked_on=day,
                    )
                )
    timings = []
    for _ in range(args.rounds):
        with unit_of_work() as uow:
            t0 = time.perf_counter()
            figures = dashboard.figures(uow.session, end=end)
            timings.append((time.perf_counter() - t0) * 1000)
    print(
        f"dashboard.figures over {args.visits} visits ({figures.total('arrests')} arrests, "
        f"{figures.total('penalties_issued')} penalties): median {statistics.median(timings):.0f} ms, "
        f"max {max(timings):.0f} ms over {args.rounds} rounds"
    )
    snapshot = policy.at(end)
    n = 20000
    t0 = time.perf_counter()
    for i in range(n):
        rules.civil_penalty(
            on=end,
            policy=snapshot,
            breach="first" if i % 2 else "repeat",
            workers=1 + i % 5,
            reported=bool(i % 3),
            cooperated=bool(i % 4),
            effective_checks=bool(i % 5),
        )
    elapsed = time.perf_counter() - t0
    print(f"rules.civil_penalty: {n / elapsed:,.0f} decisions per second ({elapsed * 1e6 / n:.1f} us each)")


if __name__ == "__main__":
    main()
