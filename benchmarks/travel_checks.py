"""Benchmark: single-passenger permission-to-travel checks per second over HTTP on loopback, with the app
served by uvicorn with two worker processes (target: >= 2,000/s on PostgreSQL).

    createdb -h 127.0.0.1 -U postgres test_travel
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test_travel \\
        .venv/bin/python -m benchmarks.travel_checks --passengers 2000 --seconds 20 --concurrency 32
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from datetime import date

from benchmarks.machine import machine
from benchmarks.travel_common import carrier_token, database, populate


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(
    base: str,
    token: str,
    passengers: list[dict[str, str]],
    seconds: float,
    concurrency: int,
    travel_date: str,
) -> tuple[int, int, list[float]]:
    import httpx

    ok = failed = 0
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    rng = random.Random(1)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal ok, failed
        while time.perf_counter() < stop:
            body = {
                "flight": "BA0178",
                "travel_date": travel_date,
                "route_from": "JFK",
                "route_to": "LHR",
                "passengers": [rng.choice(passengers)],
            }
            start = time.perf_counter()
            response = await client.post("/api/v1/permission-to-travel", json=body)
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code == 200:
                ok += 1
            else:
                failed += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=30
    ) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return ok, failed, latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passengers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = database()
    today = date.today()
    passengers = populate(args.passengers, on=today)
    token = carrier_token()
    port = free_port()
    env = {
        **os.environ,
        "PORTCULLIS_DATABASE_URL": url,
        "PORTCULLIS_ENVIRONMENT": "test",
        "PORTCULLIS_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "portcullis.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        import httpx

        for _ in range(120):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        asyncio.run(load(base, token, passengers, 3, args.concurrency, today.isoformat()))  # warm-up
        ok, failed, latencies = asyncio.run(
            load(base, token, passengers, args.seconds, args.concurrency, today.isoformat())
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    lat = sorted(latencies)
    print(f"machine: {machine()}")
    print(
        f"database: {url.split(':')[0]}; server: uvicorn, {args.workers} worker processes; client: httpx, "
        f"{args.concurrency} concurrent connections, same machine"
    )
    print(
        f"single-passenger checks: {ok / args.seconds:.0f}/s ({ok} OK responses, {failed} errors in "
        f"{args.seconds:.0f} s); latency p50 {statistics.median(lat):.1f} ms, "
        f"p95 {lat[int(0.95 * len(lat))]:.1f} ms"
    )


if __name__ == "__main__":
    main()
