"""Benchmark: dashboard pages (force dashboards, league tables, the settlement page) with demo data for 43
forces. Target: p95 under 200 ms.

    .venv/bin/python -m benchmarks.policing_dashboard [--months 24] [--rounds 3]"""

from __future__ import annotations

import argparse
import statistics
import time

from benchmarks.machine import machine
from benchmarks.policing_common import database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    database()
    from fastapi.testclient import TestClient

    from portcullis.app import create_app
    from portcullis.core import access
    from portcullis.core.db import unit_of_work
    from portcullis.policing import demo, forces, imports
    from portcullis.policing.models import AttendanceMonth

    months = demo.demo_months(args.months)
    with unit_of_work() as uow:
        for kind, rows in (
            ("999", demo.rows_999(months)),
            ("neighbourhood", demo.rows_neighbourhood(months)),
            ("measures", demo.rows_measures(months)),
        ):
            imports.save_rows(uow, kind=kind, rows=rows, filename="bench.csv", actor=access.SYSTEM)
        run = imports.record_import(uow, "incidents", "bench", 0, access.SYSTEM)
        uow.session.add_all(AttendanceMonth(import_id=run.id, **r) for r in demo.rows_attendance(months))
        user = access.create_user(
            uow, email="bench@example.gov.uk", name="Bench", password=None, role_names=["analyst"]
        )
        token, _ = access.start_session(uow, user)
    client = TestClient(create_app(), base_url="http://testserver")
    client.cookies.set(access.SESSION_COOKIE, token)
    urls = [f"/policing/forces/{f.code}" for f in forces.territorial()]
    urls += [
        "/policing/league/calls_999_within_10s",
        "/policing/league/emergency_attendance_within_standard",
        "/policing/neighbourhood",
        "/policing/settlement/2025-26",
        "/policing/flags",
    ]
    for url in urls:  # warm up (templates compiled, parameters loaded)
        assert client.get(url).status_code == 200, url
    timings: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for url in urls:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.setdefault(url, []).append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
    every = sorted(t for ts in timings.values() for t in ts)
    p95 = every[int(len(every) * 0.95) - 1]
    print(f"machine: {machine()}")
    print(f"{len(every)} requests over {len(urls)} pages, {args.months} months of data for 43 forces")
    print(
        f"p50 {statistics.median(every):.0f} ms, p95 {p95:.0f} ms, max {every[-1]:.0f} ms "
        "(target p95 < 200 ms)"
    )
    force_pages = sorted(t for u, ts in timings.items() if "/forces/" in u for t in ts)
    print(f"force dashboards: p95 {force_pages[int(len(force_pages) * 0.95) - 1]:.0f} ms")
    for url in urls[-5:]:
        print(f"  {url}: median {statistics.median(timings[url]):.0f} ms")


if __name__ == "__main__":
    main()
