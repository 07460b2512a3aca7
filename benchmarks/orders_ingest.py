"""Benchmark: end-to-end monitoring ingest through the service (validation, insert, detection, alerts) on a
temporary SQLite database (or DATABASE_URL), for comparison with the detector-only figure.

    .venv/bin/python -m benchmarks.orders_ingest [--tags 200] [--points 50000] [--batch 5000]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import tempfile
import time
from datetime import timedelta

import numpy as np

from benchmarks.machine import machine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", type=int, default=200)
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the ingest loop")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ["PORTCULLIS_DATABASE_URL"] = url
    os.environ.setdefault("PORTCULLIS_ENVIRONMENT", "test")
    from portcullis.core import clock, db
    from portcullis.core.access import SYSTEM
    from portcullis.core.migrate import upgrade
    from portcullis.core.parties import Person
    from portcullis.core.settings import get_settings
    from portcullis.orders import monitoring, service

    get_settings.cache_clear()
    db.set_engine(db.make_engine(url))
    upgrade("heads", url)
    rng = np.random.default_rng(7)
    lats, lons = rng.uniform(51, 54, args.tags), rng.uniform(-3, 0, args.tags)
    with db.unit_of_work() as uow:
        for i in range(args.tags):
            person = Person(given_names="Bench", family_name=f"Subject {i}", date_of_birth="1980-01-01")
            uow.session.add(person)
            uow.flush()
            app = service.create_application(
                uow,
                order_type="dapo",
                applicant_agency="victim",
                applicant_kind="victim",
                subject_person_id=person.id,
                actor=SYSTEM,
                with_notice=True,
                court="family-court",
            )
            order = service.record_outcome(
                uow,
                application_id=app.id,
                outcome="granted",
                actor=SYSTEM,
                conditions=[
                    {
                        "kind": "exclusion_zone",
                        "name": "Zone",
                        "radius_m": 500,
                        "centre": {"latitude": float(lats[i]), "longitude": float(lons[i])},
                    },
                    {
                        "kind": "electronic_monitoring",
                        "mode": "location",
                        "months": 12,
                        "responsible_person": "Bench",
                        "available_in_area": True,
                    },
                ],
            )
            assert order is not None
            monitoring.fit_tag(uow, order_id=order.id, tag_id=f"T{i}", responsible_officer="PC", actor=SYSTEM)
    now = clock.now()
    tags = rng.integers(0, args.tags, args.points)
    rows = [
        {
            "tag_id": f"T{t}",
            "at": (now - timedelta(seconds=args.points - k)).isoformat(),
            "latitude": float(lats[t] + rng.normal(0, 0.01)),
            "longitude": float(lons[t] + rng.normal(0, 0.01)),
        }
        for k, t in enumerate(tags)
    ]
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    alerts, start = 0, time.perf_counter()
    delays = []
    for s in range(0, len(rows), args.batch):
        t = time.perf_counter()
        with db.unit_of_work() as uow:
            alerts += len(
                monitoring.ingest(uow, rows=rows[s : s + args.batch], actor=SYSTEM, source="bench")["alerts"]
            )
        delays.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - start
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    print(f"Machine: {machine()}; database: {url.split(':')[0]}")
    print(
        f"End-to-end ingest: {args.points:,} points for {args.tags} tags in {total:.2f} s = "
        f"{args.points / total:,.0f} points/s ({alerts} alerts); batch of {args.batch:,}: "
        f"median {sorted(delays)[len(delays) // 2]:.0f} ms from receipt to committed alerts"
    )


if __name__ == "__main__":
    main()
