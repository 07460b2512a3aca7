"""Benchmark: single-passenger permission-to-travel checks per second over HTTP on loopback, with the app
served by uvicorn with two worker processes (target: >= 2,000/s on PostgreSQL).

    createdb -h 127.0.0.1 -U postgres test_travel
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test_travel PORTCULLIS_ENVIRONMENT=production \\
        PORTCULLIS_SECRET_KEY=<32+ characters> PORTCULLIS_REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python -m benchmarks.travel_checks --passengers 2000 --seconds 20 --concurrency 128

128 connections by default: carriers' departure-control systems check many passengers at once, and with
fewer the two workers wait on the audit commits more than they compute (the figure is also printed for
`--concurrency 32` in docs/performance/travel.md).

The load comes from `wrk` (Debian package `wrk`, a native client using little CPU) when it is on the PATH,
else from httpx in this process (`--client python` forces that). `--app hello` serves a bare FastAPI app
with one POST route and `--app shell-hello` the application's middleware with that route: the same load on
those gives the ceiling this machine sets before any travel code runs. `--py-spy FILE` samples the first
worker with py-spy (if installed) for the whole run and writes its collapsed stacks to FILE (only the
thread holding the GIL, so CPU rather than waiting). With `PORTCULLIS_REDIS_URL` set, the workers share the
carriers' rate limits through Redis, as in production.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from benchmarks.machine import machine
from benchmarks.travel_common import carrier_token, database, populate

PATHS = {
    "portcullis": "/api/v1/permission-to-travel",
    "hello": "/hello",
    "shell-hello": "/hello",
}
FACTORIES = {
    "portcullis": "portcullis.app:create_app",
    "hello": "benchmarks.travel_checks:hello_app",
    "shell-hello": "benchmarks.travel_checks:shell_hello_app",
}


class _Body(BaseModel):
    flight: str
    travel_date: date
    route_from: str
    route_to: str
    passengers: list[dict[str, Any]]


def hello_app() -> FastAPI:
    """The floor: FastAPI parsing the same body and answering a small JSON object, nothing else."""
    app = FastAPI()

    @app.post("/hello")
    def hello(body: _Body) -> dict[str, Any]:
        return {"flight": body.flight, "passengers": len(body.passengers), "status": "OK"}

    return app


def shell_hello_app() -> FastAPI:
    """The application (its middleware: request ids, logs, metrics, security headers, CSRF) with that same
    route, without a guard, so that it reads no token (a benchmark-only app, never served)."""
    from portcullis.app import create_app

    app = create_app()

    @app.post("/hello")
    def hello(body: _Body) -> dict[str, Any]:
        return {"flight": body.flight, "passengers": len(body.passengers), "status": "OK"}

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bodies(passengers: list[dict[str, Any]], travel_date: str) -> list[str]:
    return [
        json.dumps(
            {
                "flight": "BA0178",
                "travel_date": travel_date,
                "route_from": "JFK",
                "route_to": "LHR",
                "passengers": [p],
            }
        )
        for p in passengers
    ]


async def load_python(
    base: str, path: str, token: str, payloads: list[str], seconds: float, concurrency: int
) -> dict[str, Any]:
    import httpx

    ok = failed = 0
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    rng = random.Random(1)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal ok, failed
        while time.perf_counter() < stop:
            start = time.perf_counter()
            response = await client.post(path, content=rng.choice(payloads))
            latencies.append((time.perf_counter() - start) * 1000)
            if response.status_code == 200:
                ok += 1
            else:
                failed += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    lat = sorted(latencies) or [0.0]
    return {
        "ok": ok,
        "failed": failed,
        "p50": statistics.median(lat),
        "p95": lat[int(0.95 * (len(lat) - 1))],
        "p99": lat[int(0.99 * (len(lat) - 1))],
    }


WRK_SCRIPT = """
local bodies = {%s}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
local n = 0
init = function(args) math.randomseed(os.time() + math.floor(os.clock() * 1000000)) end
request = function()
  return wrk.format(nil, "%s", nil, bodies[math.random(#bodies)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
"""


def load_wrk(
    base: str, path: str, token: str, payloads: list[str], seconds: float, concurrency: int, threads: int
) -> dict[str, Any]:
    quoted = ",".join("[==[" + p + "]==]" for p in payloads)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % (quoted, token, path))
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{concurrency}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    requests, status_errors, socket_errors, timeouts, duration_us, p50, p95, p99, _ = map(
        int, line.split()[1:]
    )
    return {
        "ok": requests - status_errors,
        "failed": status_errors + socket_errors + timeouts,
        "seconds": duration_us / 1e6,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
    }


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def worker_pids(parent: int) -> list[int]:
    """uvicorn's worker processes (children of its supervisor, but not multiprocessing's resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if int(_stat(int(entry))[1]) == parent:
                    with open(f"/proc/{entry}/cmdline", "rb") as f:
                        if b"resource_tracker" not in f.read():
                            found.append(int(entry))
            except (OSError, IndexError):
                continue
    return sorted(found)


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time of each of these processes so far."""
    found = {}
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def database_backends(url: str) -> list[int]:
    """PostgreSQL's server processes for this database (their CPU is part of each request's cost)."""
    if not url.startswith("postgresql"):
        return []
    from sqlalchemy import text

    from portcullis.core.db import get_engine

    with get_engine().connect() as conn:
        rows = conn.execute(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
        return [int(r[0]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--passengers", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=128)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--client", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--app", choices=sorted(PATHS), default="portcullis")
    parser.add_argument("--py-spy", default=None, help="write py-spy collapsed stacks of worker 1 here")
    args = parser.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    url = database()
    today = date.today()
    if args.app == "portcullis":
        passengers = populate(args.passengers, on=today)
        token = carrier_token()
    else:
        passengers, token = [{"document_number": f"B{i:08d}"} for i in range(args.passengers)], "none"
    payloads = bodies(passengers, today.isoformat())
    port = free_port()
    env = {
        **os.environ,
        "PORTCULLIS_DATABASE_URL": url,
        "PORTCULLIS_ENVIRONMENT": os.environ.get("PORTCULLIS_ENVIRONMENT", "test"),
        "PORTCULLIS_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "uvicorn", FACTORIES[args.app], "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(args.workers), "--no-access-log"]
    server = subprocess.Popen(
        [*command, "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    spy: subprocess.Popen[bytes] | None = None
    try:
        base = f"http://127.0.0.1:{port}"
        import httpx

        for _ in range(120):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code < 600:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        path = PATHS[args.app]
        # Warm both workers (parameters, mappers, the screening index are loaded on first use).
        warmed, deadline = 0, time.perf_counter() + 90
        while warmed < 400 and time.perf_counter() < deadline:
            warmed += asyncio.run(load_python(base, path, token, payloads, 2, args.concurrency))["ok"]
        if warmed == 0:
            raise SystemExit("the server answered no request during warm-up")
        workers = worker_pids(server.pid) or [server.pid]  # one worker: uvicorn serves in-process
        backends = database_backends(url)
        if args.py_spy and shutil.which("py-spy") and workers:
            spy = subprocess.Popen(
                [
                    *("py-spy", "record", "--pid", str(workers[0]), "--duration", str(round(args.seconds))),
                    *("--format", "raw", "--output", args.py_spy, "--nonblocking", "--gil", "--rate", "200"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        started = os.times(), cpu_seconds(workers), cpu_seconds(backends)
        if client == "wrk":
            result = load_wrk(base, path, token, payloads, args.seconds, args.concurrency, args.wrk_threads)
        else:
            result = asyncio.run(load_python(base, path, token, payloads, args.seconds, args.concurrency))
        ended = os.times(), cpu_seconds(workers), cpu_seconds(backends)
        if spy is not None:
            spy.wait(timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=30)
    seconds = result.get("seconds", args.seconds)
    client_cpu = sum(ended[0][:4]) - sum(started[0][:4])
    done = max(1, result["ok"] + result["failed"])
    per_request = {
        "workers": 1000 * spent(started[1], ended[1]) / done,
        "database": 1000 * spent(started[2], ended[2]) / done,
        "client": 1000 * client_cpu / done,
    }
    print(f"machine: {machine()}")
    print(
        f"database: {url.split(':')[0]}; app: {args.app}; server: uvicorn, {args.workers} worker processes "
        f"({len(workers)} found); client: {client}, {args.concurrency} connections, same machine; "
        f"rate limits: {'shared through Redis' if os.environ.get('PORTCULLIS_REDIS_URL') else 'per process'}"
    )
    print(
        f"single-passenger checks: {result['ok'] / seconds:.0f}/s ({result['ok']} OK responses, "
        f"{result['failed']} errors in {seconds:.1f} s); latency p50 {result['p50']:.1f} ms, "
        f"p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms; load average {os.getloadavg()[0]:.1f}"
    )
    # CPU per request does not depend on the machine's load; two cores divided by it is the ceiling.
    total = sum(per_request.values())
    print(
        "CPU per request: "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in per_request.items())
        + f"; total {total:.2f} ms, so 2 cores give at most {2000 / total:.0f}/s "
        f"(server side alone: {2000 / max(0.001, total - per_request['client']):.0f}/s)"
    )


if __name__ == "__main__":
    main()
