"""Benchmark: time of an automatic ETA decision (target: p95 <= 50 ms, screening aside).

Measures, for N paid applications, the whole `decide_automatically` call (screening, rules, saving the
decision with its reasons and parameters, audit entry, email to the outbox, commit) and the screening part
alone, so the decision's own cost is the difference.

    .venv/bin/python -m benchmarks.travel_decision --applications 300
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, date, datetime

from benchmarks.machine import machine
from benchmarks.travel_common import database


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=300)
    args = parser.parse_args()
    url = database()
    from rich.progress import track

    from portcullis.core import clock
    from portcullis.core.db import unit_of_work
    from portcullis.domains import load_domains
    from portcullis.travel import rules, service
    from portcullis.travel.models import EtaApplication

    load_domains()
    clock.set_clock(clock.FrozenClock(datetime(2026, 3, 2, 9, tzinfo=UTC)))
    ids = []
    with unit_of_work() as uow:
        for i in track(range(args.applications), description="Applications"):
            person = service.ApplicantIn(
                given_names="Ann",
                family_name=f"Bench{i}",
                date_of_birth=date(1980, 1, 1 + i % 28),
                sex="F",
                nationality=["USA", "CAN", "FRA", "JPN"][i % 4],
                passport_number=f"D{i:08d}",
                passport_issuing_state=["USA", "CAN", "FRA", "JPN"][i % 4],
                passport_expiry=date(2031, 1, 1),
                email=f"ann{i}@example.com",
                answers=rules.Answers(immigration_breach=i % 20 == 0),
            )
            view = service.submit(uow, applicants=[person], contact_email=person.email, return_url="/x/{id}")
            app = uow.session.get(EtaApplication, view.applications[0]["id"])
            assert app is not None
            app.status = "submitted"
            ids.append(app.id)
    total, screening, outcomes = [], [], {}
    for app_id in ids:
        start = time.perf_counter()
        with unit_of_work() as uow:
            app = uow.session.get(EtaApplication, app_id)
            assert app is not None
            s0 = time.perf_counter()
            service.screen_applicant(uow, app, on=clock.today_in_london())
            screening.append((time.perf_counter() - s0) * 1000)
            decision = service.decide_automatically(uow, application=app)
            outcomes[decision.outcome] = outcomes.get(decision.outcome, 0) + 1
        total.append((time.perf_counter() - start) * 1000)
    # decide_automatically screens again inside, so the decision's own cost is total minus 2 x screening
    own = [t - 2 * s for t, s in zip(total, screening, strict=True)]
    print(f"machine: {machine()}")
    print(f"database: {url.split(':')[0]}; decisions: {len(ids)} {outcomes}")
    print(f"screening alone: p50 {statistics.median(screening):.1f} ms, p95 {pct(screening, 0.95):.1f} ms")
    print(
        "decision without screening (rules, save, audit, outbox, commit): "
        f"p50 {statistics.median(own):.1f} ms, "
        f"p95 {pct(own, 0.95):.1f} ms"
    )
    rule_times = []
    from portcullis.core import policy

    applicant = rules.Applicant("USA", date(1980, 1, 1), date(2031, 1, 1), rules.Answers())
    on = date(2026, 3, 2)
    for _ in range(2000):
        s0 = time.perf_counter()
        rules.decide(applicant, on=on, snapshot=policy.at(on), screening=rules.ScreeningResult())
        rule_times.append((time.perf_counter() - s0) * 1000)
    print(
        f"rules.decide alone: p50 {statistics.median(rule_times) * 1000:.0f} us, "
        f"p95 {pct(rule_times, 0.95) * 1000:.0f} us"
    )


if __name__ == "__main__":
    main()
