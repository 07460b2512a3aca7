"""Benchmark: the database job queue. Enqueues N no-op jobs in batches, then drains them with a worker and
reports jobs per second for each step. It uses a fresh SQLite file under a temporary folder, or a
PostgreSQL database when DATABASE_URL is set; there it uses the given number of threads, with
SKIP LOCKED claims.

    .venv/bin/python -m benchmarks.platform_jobs [--jobs 2000] [--concurrency 4]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_platform \
        .venv/bin/python -m benchmarks.platform_jobs
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

from benchmarks.machine import machine
from portcullis.core import db, jobs, worker
from portcullis.core.migrate import upgrade


@jobs.handler("bench.noop")
def noop(payload: dict[str, Any], progress: jobs.Progress) -> None:
    progress.update(1, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--batch", type=int, default=500, help="jobs enqueued per transaction")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    folder = tempfile.mkdtemp(prefix="bench-platform-")
    if not url.startswith("postgresql"):
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
    engine = db.make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.set_engine(engine)
    upgrade("heads", url)
    print(f"Machine: {machine()}")
    print(f"Database: {engine.dialect.name}; jobs: {args.jobs}; requested concurrency: {args.concurrency}")

    start = time.perf_counter()
    done = 0
    while done < args.jobs:
        n = min(args.batch, args.jobs - done)
        with db.unit_of_work() as uow:
            for i in range(n):
                jobs.enqueue(uow, "bench.noop", {"n": done + i})
        done += n
    enqueue_s = time.perf_counter() - start
    print(f"enqueue: {args.jobs / enqueue_s:,.0f} jobs/s ({enqueue_s:.2f} s, {args.batch} per transaction)")

    runner = worker.Worker(concurrency=args.concurrency, poll_interval=0.05)
    start = time.perf_counter()
    ran = runner.run(once=True)
    run_s = time.perf_counter() - start
    print(
        f"claim + run + record: {ran / run_s:,.0f} jobs/s ({run_s:.2f} s, "
        f"{runner.concurrency} thread{'s' if runner.concurrency != 1 else ''})"
    )
    with db.unit_of_work() as uow:
        succeeded = uow.session.scalar(
            select(func.count()).select_from(jobs.Job).where(jobs.Job.status == "succeeded")
        )
    print(f"succeeded: {succeeded} of {args.jobs}")
    engine.dispose()


if __name__ == "__main__":
    main()
