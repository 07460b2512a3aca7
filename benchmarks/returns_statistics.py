"""Benchmark: quarterly returns statistics (Ret_D01-D04) over millions of return records.

Loads generated return records into a fresh database (SQLite file by default, or DATABASE_URL), then
times each table for one quarter and for a whole year, and the "since 5 July 2024" count.

    .venv/bin/python -m benchmarks.returns_statistics [--rows 5000000]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import insert, text

from benchmarks.machine import machine
from portcullis.core import db, policy
from portcullis.core.migrate import upgrade
from portcullis.returns import rules, statistics
from portcullis.returns.models import ReturnRecord

NATIONS = ["ALB", "VNM", "IND", "PAK", "ROU", "NGA", "GHA", "BRA", "IRQ", "AFG", "GEO", "CHN", "POL", "TUR"]


def load(rows: int, batch: int = 50_000) -> float:
    rng = random.Random(1)
    snap = policy.at(date(2025, 1, 1))
    types = snap.get(rules.RETURN_TYPES_PARAM)
    names = list(types)
    bands = [b for _, b in snap.get(rules.AGE_BANDS_PARAM)]
    start_day, days = date(2020, 1, 1), (date(2025, 12, 31) - date(2020, 1, 1)).days
    started = time.perf_counter()
    engine = db.get_engine()
    with engine.begin() as conn:
        done = 0
        while done < rows:
            chunk = []
            for _ in range(min(batch, rows - done)):
                day = start_day + timedelta(days=rng.randrange(days))
                nat = rng.choice(NATIONS)
                kind = rng.choice(names)
                chunk.append(
                    {
                        "returned_on": day,
                        "year": day.year,
                        "quarter": (day.month - 1) // 3 + 1,
                        "nationality": nat,
                        "region": rules.region_of(nat, snap),
                        "return_type_group": types[kind],
                        "return_type": kind,
                        "age_band": rng.choice(bands),
                        "sex": rng.choice(("Male", "Female")),
                        "destination": nat,
                        "destination_group": "Country of nationality",
                        "foreign_national_offender": rng.random() < 0.15,
                    }
                )
            conn.execute(insert(ReturnRecord), chunk)
            done += len(chunk)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5_000_000)
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
    print(f"Loaded {args.rows:,} return records in {load(args.rows):.1f} s")
    with db.unit_of_work() as uow:
        if uow.session.get_bind().dialect.name == "postgresql":
            uow.session.execute(text("ANALYZE return_records"))
        for code in rules.STAT_TABLES:
            for quarter in (3, None):
                started = time.perf_counter()
                table = statistics.quarterly_table(
                    uow.session, code=code, year=2024, quarter=quarter, today=date(2026, 1, 1)
                )
                took = time.perf_counter() - started
                period = f"2024 Q{quarter}" if quarter else "2024 (year)"
                print(
                    f"{code} {period}: {len(table.rows):,} rows, {sum(r[-1] for r in table.rows):,} returns "
                    f"in {took:.2f} s"
                )
        started = time.perf_counter()
        counts = statistics.counts_since(uow.session, since=date(2024, 7, 5), today=date(2025, 12, 31))
        print(f"Since 5 July 2024: {counts.total:,} returns in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
