"""Benchmark: import N incident rows (default 10 million) through DuckDB and compute every force's attendance
measures. Target: within 60 seconds on this machine.

    .venv/bin/python -m benchmarks.policing_attendance [--rows 10000000]

The incident file is generated locally (by DuckDB) before the clock starts."""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from benchmarks.machine import machine
from benchmarks.policing_common import database


def generate(path: Path, rows: int) -> None:
    from portcullis.policing import forces

    con = duckdb.connect()
    codes = [f.code for f in forces.territorial()]
    con.execute("CREATE TABLE f (n INTEGER, code VARCHAR)")
    con.executemany("INSERT INTO f VALUES (?, ?)", list(enumerate(codes)))
    sql = """
        COPY (
          SELECT f.code AS force, i AS incident_id,
                 CASE WHEN i % 10 < 3 THEN 'emergency' WHEN i % 10 < 6 THEN 'priority'
                      WHEN i % 10 < 9 THEN 'scheduled' ELSE 'other' END AS grade,
                 CASE WHEN hash(i) % 4 = 0 THEN 'rural' ELSE 'urban' END AS area,
                 START + to_seconds(CAST(hash(i * 7) % 31536000 AS BIGINT)) AS reported_at,
                 CASE WHEN hash(i * 13) % 20 = 0 THEN NULL
                      ELSE START + to_seconds(CAST(hash(i * 7) % 31536000 AS BIGINT))
                           + to_seconds(CAST(120 + hash(i * 17) % 1500 AS BIGINT)) END AS arrived_at
          FROM range(ROWS) t(i) JOIN f ON f.n = i % FORCES
        ) TO 'PATH' (HEADER, DELIMITER ',')
    """
    sql = sql.replace("START", "TIMESTAMP '2024-12-01 00:00:00'").replace("ROWS", str(rows))
    con.execute(sql.replace("FORCES", str(len(codes))).replace("PATH", str(path)))
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    database()
    from portcullis.core import access
    from portcullis.core.db import unit_of_work
    from portcullis.policing import forces, imports, service

    folder = Path(tempfile.mkdtemp())
    path = folder / "incidents.csv"
    t0 = time.perf_counter()
    generate(path, args.rows)
    gen = time.perf_counter() - t0
    size = path.stat().st_size / 1024 / 1024

    t1 = time.perf_counter()
    with unit_of_work() as uow:
        run = imports.import_file(uow, kind="incidents", path=path, actor=access.SYSTEM)
        aggregates = run.details["aggregates"]
    t2 = time.perf_counter()
    with unit_of_work() as uow:
        pairs = service.measure_pairs(uow.session, "emergency_attendance_within_standard")
        means = service.measure_pairs(uow.session, "emergency_attendance_mean")
        for f in forces.territorial():
            service.compare(
                uow.session, code="emergency_attendance_within_standard", force=f.code, pairs=pairs
            )
            service.compare(uow.session, code="emergency_attendance_mean", force=f.code, pairs=means)
        month, _ranked = service.league(uow.session, code="emergency_attendance_within_standard", pairs=pairs)
    t3 = time.perf_counter()
    print(f"machine: {machine()}")
    print(f"generated {args.rows:,} incident rows ({size:,.0f} MiB CSV) in {gen:.1f} s (not timed)")
    print(
        f"import (DuckDB read + validate + aggregate, {aggregates:,} aggregate rows saved): {t2 - t1:.1f} s"
    )
    print(
        f"attendance measures for {len(forces.territorial())} forces (vs national and most similar) "
        f"and the league table for {month}: {t3 - t2:.2f} s"
    )
    print(f"total: {t3 - t1:.1f} s (target: under 60 s)")
    path.unlink()


if __name__ == "__main__":
    main()
