"""Benchmark: server time to answer one flight manifest of N passengers (target: 1,000 in <= 100 ms).

.venv/bin/python -m benchmarks.travel_manifest --passengers 1000 --repeat 5

The app runs as deployed (`--environment development`, without the embedded job worker): `create_app`
then freezes start-up objects out of the cyclic garbage collector. `--environment test` runs it as the
tests do, without that. The time spent in full (generation 2) collections is reported.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from datetime import UTC, date, datetime

from benchmarks.machine import machine
from benchmarks.travel_common import carrier_token, database, populate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passengers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--environment", choices=["development", "test"], default="development")
    args = parser.parse_args()
    os.environ["PORTCULLIS_ENVIRONMENT"] = args.environment
    os.environ["PORTCULLIS_EMBEDDED_WORKER"] = "false"
    url = database()
    collections: list[float] = []
    started: list[float] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                started.append(time.perf_counter())
            elif started:
                collections.append((time.perf_counter() - started.pop()) * 1000)

    from fastapi.testclient import TestClient

    from portcullis.app import create_app
    from portcullis.core import clock

    on = date(2026, 3, 2)
    clock.set_clock(clock.FrozenClock(datetime(2026, 3, 1, 9, tzinfo=UTC)))
    passengers = populate(args.passengers, on=on)
    token = carrier_token()
    body = {
        "flight": "BA0178",
        "travel_date": on.isoformat(),
        "route_from": "JFK",
        "route_to": "LHR",
        "passengers": passengers,
    }
    with TestClient(create_app(), headers={"Authorization": f"Bearer {token}"}) as client:
        client.post("/api/v1/permission-to-travel", json=body)  # warm: screening index, caches
        times, cpu = [], []
        gc.callbacks.append(on_gc)
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.post("/api/v1/permission-to-travel", json=body)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, response.text
        gc.callbacks.remove(on_gc)
        counts: dict[str, int] = {}
        for p in response.json()["passengers"]:
            counts[p["code"]] = counts.get(p["code"], 0) + 1
    print(f"machine: {machine()}")
    print(f"database: {url.split(':')[0]}; environment: {args.environment}")
    print(f"passengers per manifest: {args.passengers}; answers: {counts}")
    print(
        f"server time per manifest (in-process, incl. JSON and {args.passengers} audit entries): "
        f"median {statistics.median(times):.1f} ms, min {min(times):.1f} ms, max {max(times):.1f} ms"
    )
    # CPU time of this process (server and the in-process client) is what the request costs; on a shared
    # machine the wall time above mostly measures how long it waited for a core.
    print(
        f"CPU time per manifest (this process, all threads): median {statistics.median(cpu):.1f} ms, "
        f"min {min(cpu):.1f} ms; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"full garbage collections during the {args.repeat} runs: {len(collections)}, "
        f"{sum(collections):.0f} ms in all"
    )


if __name__ == "__main__":
    main()
