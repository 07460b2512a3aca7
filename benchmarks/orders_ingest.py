"""Benchmark: end-to-end monitoring ingest through the service (validation, insert, detection, alerts, audit)
on a temporary SQLite database (or DATABASE_URL), for comparison with the detector-only figure.

    .venv/bin/python -m benchmarks.orders_ingest [--tags 200] [--points 50000] [--batch 5000] [--spread 0.01]

Each tag has its own order with one exclusion zone (two thirds circles of 500 m, one third polygons of about
1 km square) and a location-monitoring condition. The first order is made through the service; the others
are copies written in bulk so that 10,000 tags set up in seconds. Points fall around the subject's zone
(normal, `--spread` degrees): 0.01 puts about one point in six inside (many alerts), 0.5 almost none.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import tempfile
import time
from datetime import timedelta
from typing import Any

import numpy as np

from benchmarks.machine import machine


def _conditions(lat: float, lon: float, polygon: bool) -> list[dict[str, Any]]:
    zone: dict[str, Any] = {"kind": "exclusion_zone", "name": "Zone"}
    if polygon:
        d = 0.005
        ring = [
            [lon - d, lat - d],
            [lon + d, lat - d],
            [lon + d, lat + d],
            [lon - d, lat + d],
            [lon - d, lat - d],
        ]
        zone["polygon"] = {"type": "Polygon", "coordinates": [ring]}
    else:
        zone |= {"radius_m": 500, "centre": {"latitude": lat, "longitude": lon}}
    monitoring = {
        "kind": "electronic_monitoring",
        "mode": "location",
        "months": 12,
        "responsible_person": "Bench",
        "available_in_area": True,
    }
    return [zone, monitoring]


def setup(tags: int, lats: np.ndarray, lons: np.ndarray) -> None:
    from sqlalchemy import insert, select

    from portcullis.core import clock, db
    from portcullis.core.access import SYSTEM
    from portcullis.core.parties import Person
    from portcullis.orders import monitoring, service
    from portcullis.orders.models import MonitoringTag, Order

    with db.unit_of_work() as uow:
        person = Person(given_names="Bench", family_name="Subject 0", date_of_birth="1980-01-01")
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
            conditions=_conditions(float(lats[0]), float(lons[0]), False),
        )
        assert order is not None
        monitoring.fit_tag(uow, order_id=order.id, tag_id="T0", responsible_officer="PC", actor=SYSTEM)
        template = {c.key: getattr(order, c.key) for c in Order.__table__.columns}
        tag_template = {
            c.key: getattr(t, c.key)
            for t in uow.session.scalars(select(MonitoringTag))
            for c in MonitoringTag.__table__.columns
        }
        now = clock.now()
        people, orders, fitted = [], [], []
        for i in range(1, tags):
            pid, oid = db.new_id(), db.new_id()
            people.append(
                {
                    "id": pid,
                    "given_names": "Bench",
                    "family_name": f"Subject {i}",
                    "date_of_birth": "1980-01-01",
                }
                | {"nationalities": "", "created_at": now, "updated_at": now}
            )
            conditions = _conditions(float(lats[i]), float(lons[i]), i % 3 == 2)
            orders.append(
                template
                | {
                    "id": oid,
                    "reference": f"DAPO-B{i:07d}",
                    "subject_person_id": pid,
                    "conditions": conditions,
                }
            )
            fitted.append(tag_template | {"id": db.new_id(), "tag_id": f"T{i}", "order_id": oid})
        for table, rows in ((Person, people), (Order, orders), (MonitoringTag, fitted)):
            for s in range(0, len(rows), 2000):
                uow.session.execute(insert(table), rows[s : s + 2000])
        monitoring.rules_changed(uow.session.connection())  # bulk rows bypass the ORM's change tracking
    if db.get_engine().dialect.name == "postgresql":
        # As autovacuum would before long: without statistics the planner joins 10,000 x 10,000 row by row.
        with db.get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def server_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL backends of this database (same machine: /proc)."""
    from portcullis.core import db

    if db.get_engine().dialect.name != "postgresql":
        return 0.0
    with db.get_engine().connect() as conn:
        pids = conn.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        ).scalars()
        total = 0
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except OSError:
                pass
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tags", type=int, default=200, help="tags, each with its order and zone")
    parser.add_argument("--points", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--spread", type=float, default=0.01, help="std dev of points around the zone (deg)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the ingest loop")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ["PORTCULLIS_DATABASE_URL"] = url
    os.environ.setdefault("PORTCULLIS_ENVIRONMENT", "test")
    from portcullis.core import clock, db
    from portcullis.core.access import SYSTEM
    from portcullis.core.migrate import upgrade
    from portcullis.core.settings import get_settings
    from portcullis.orders import monitoring, monitoring_rules

    get_settings.cache_clear()
    db.set_engine(db.make_engine(url))
    upgrade("heads", url)
    rng = np.random.default_rng(7)
    lats, lons = rng.uniform(51, 54, args.tags), rng.uniform(-3, 0, args.tags)
    t0 = time.perf_counter()
    setup(args.tags, lats, lons)
    print(f"Set up {args.tags:,} orders, zones and tags in {time.perf_counter() - t0:.1f} s")
    now = clock.now()
    tags = rng.integers(0, args.tags, args.points)
    rows = [
        {
            "tag_id": f"T{t}",
            "at": (now - timedelta(seconds=args.points - k)).isoformat(),
            "latitude": float(lats[t] + rng.normal(0, args.spread)),
            "longitude": float(lons[t] + rng.normal(0, args.spread)),
        }
        for k, t in enumerate(tags)
    ]
    t0 = time.perf_counter()
    with db.unit_of_work() as uow:  # what a running worker already holds: the zone index of every active tag
        monitoring_rules.active(uow.session.connection())
    print(f"Zone index of {args.tags:,} tags built in {time.perf_counter() - t0:.2f} s (once per change)")
    # A server holds one batch at a time; here every batch's rows exist up front. Freeze them (and the set-up)
    # out of the cyclic collector, as the app freezes its start-up objects, so full collections don't rescan
    # them.
    gc.freeze()
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall: shared machine
    if profiler is not None:
        profiler.enable()
    alerts, start, cpu, server = 0, time.perf_counter(), time.process_time(), server_cpu()
    delays = []
    for s in range(0, len(rows), args.batch):
        t = time.perf_counter()
        with db.unit_of_work() as uow:
            alerts += len(
                monitoring.ingest(uow, rows=rows[s : s + args.batch], actor=SYSTEM, source="bench")["alerts"]
            )
        delays.append((time.perf_counter() - t) * 1000)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    server = server_cpu() - server  # the benchmark's own pid lookups are counted too: a few ms
    if profiler is not None:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    delays.sort()
    print(f"Machine: {machine()}; database: {url.split(':')[0]}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"End-to-end ingest: {args.points:,} points for {args.tags:,} tags in {total:.2f} s = "
        f"{args.points / total:,.0f} points/s ({alerts:,} alerts); CPU {cpu:.2f} s here + {server:.2f} s in "
        f"the database server = {args.points / (cpu + server):,.0f} points per CPU second; "
        f"batch of {args.batch:,}, receipt to committed alerts: median {delays[len(delays) // 2]:.0f} ms, "
        f"slowest {delays[-1]:.0f} ms"
    )


if __name__ == "__main__":
    main()
