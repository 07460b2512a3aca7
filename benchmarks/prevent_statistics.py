"""Benchmark: Prevent statistics and exports, and the casework list, over a large year of referrals.

Loads generated referrals (and Channel cases for about 13% of them, adopted for about 7%) for the financial
year 2023-24 into a fresh database (SQLite file by default, or DATABASE_URL), then times the journey tables
with disclosure control, the CSV and ODS exports, and the name-free casework list.

    .venv/bin/python -m benchmarks.prevent_statistics [--referrals 69220]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime

from rich.progress import track
from sqlalchemy import insert, text

from benchmarks.machine import machine
from portcullis.core import db
from portcullis.core.access import Principal
from portcullis.core.db import new_id
from portcullis.core.migrate import upgrade
from portcullis.core.parties import Person
from portcullis.prevent import service, statistics, values
from portcullis.prevent.models import ChannelCase, Referral

READER = Principal(
    kind="system", name="benchmark", permissions=frozenset({"prevent.read", "prevent.statistics"})
)


def load(count: int, batch: int = 10_000) -> float:
    rng = random.Random(7)
    sectors, concerns = list(values.Sector), list(values.ConcernType)
    regions, genders = list(values.Region), list(values.Gender)
    started = time.perf_counter()
    with db.get_engine().begin() as conn:
        for first in track(range(0, count, batch), description="Loading referrals"):
            people, referrals, cases = [], [], []
            now = datetime.now(UTC)
            for n in range(first, min(first + batch, count)):
                day = date(2023, 4, 1) + timedelta(days=rng.randrange(366))
                pid, rid = new_id(), new_id()
                people.append(
                    {
                        "id": pid,
                        "given_names": "Bench",
                        "family_name": f"Mark{n}",
                        "nationalities": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                referrals.append(
                    {
                        "id": rid,
                        "reference": f"PRV-B{n:08d}",
                        "person_id": pid,
                        "received_on": day,
                        "received_at": datetime.combine(day, dtime(10), tzinfo=UTC),
                        "referrer_name": "Bench",
                        "referrer_role": "",
                        "referrer_organisation": "",
                        "referrer_contact": "bench@example.gov.uk",
                        "sector": rng.choice(sectors),
                        "concern_type": rng.choice(concerns),
                        "concern_other": "",
                        "reasons": "Benchmark",
                        "gender": rng.choice(genders),
                        "region": rng.choice(regions),
                        "local_authority": "",
                        "age_at_referral": rng.choice([None, *range(10, 70)]),
                        "previous_referral_ids": [],
                        "possible_match_ids": [],
                        "screening_hits": [],
                        "senior_review_required": False,
                        "repeat_reasons": [],
                        "status": "closed",
                        "gateway_due_on": day + timedelta(days=7),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                if rng.random() < 0.13:
                    adopted = rng.random() < 0.57
                    cases.append(
                        {
                            "id": new_id(),
                            "referral_id": rid,
                            "person_id": pid,
                            "local_authority": "",
                            "status": "adopted" if adopted else "not_adopted",
                            "consent_name": "",
                            "exit_reason": "",
                            "discussed_on": day + timedelta(days=20),
                            "adopted_on": day + timedelta(days=20) if adopted else None,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            conn.execute(insert(Person), people)
            conn.execute(insert(Referral), referrals)
            if cases:
                conn.execute(insert(ChannelCase), cases)
    return time.perf_counter() - started


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=69_220)  # ten times the year to March 2024
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    else:
        engine = db.make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
    db.set_engine(db.make_engine(url))
    upgrade("heads", url)
    print(f"Machine: {machine()}\nDatabase: {db.get_engine().dialect.name}")
    print(f"Loaded {args.referrals:,} referrals in {load(args.referrals):.1f} s")
    with db.unit_of_work() as uow:
        stats = timed(
            "Journey tables (5 breakdowns, suppression)",
            lambda: statistics.journey(uow.session, actor=READER, year="2023-24"),
        )
        print(
            f"  totals: {stats.totals[0]:,} referrals, {stats.totals[1]:,} discussed, "
            f"{stats.totals[2]:,} adopted"
        )
        csv_text = timed("CSV export", lambda: statistics.to_csv(stats))
        ods = timed("ODS export", lambda: statistics.to_ods(stats))
        print(f"  CSV {len(csv_text):,} bytes, ODS {len(ods):,} bytes")
        rows = timed(
            "Casework list (newest 500)",
            lambda: service.casework(uow.session, actor=READER, today=date(2024, 4, 1)),
        )
        print(f"  {len(rows)} rows")


if __name__ == "__main__":
    main()
