"""Bulk re-screening with the Splink model: generated person records against generated list entries.

    .venv/bin/python -m benchmarks.screening_bulk --records 1000000 --entries 100000
    .venv/bin/python -m benchmarks.screening_bulk --records 10000000 --entries 100000 --chunks 10
    .venv/bin/python -m benchmarks.screening_bulk --records 100000 --entries 10000 --compare-spark

Data are generated inside DuckDB (so ten million rows need no Python objects): given names and 20,000
syllable-built surnames with their metaphone keys, dates of birth, nationalities. One record in a thousand
is a planted copy of an entry (a third with a one-letter surname typo, a third with the year of birth
only), so the alerts can be checked for recall. Times are for the Splink predict (blocking, comparisons,
term-frequency adjustment, scoring), chunk by chunk, as `portcullis screening rescreen` runs it."""

from __future__ import annotations

import argparse
import os
import random
import time

import duckdb
import jellyfish

from benchmarks.machine import machine
from benchmarks.screening_online import name_pools
from portcullis.screening import rescreen


def _list_sql(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    con.execute(sql).fetchall()


def build(con: duckdb.DuckDBPyConnection, records: int, entries: int) -> None:
    given, surnames = name_pools(random.Random(1))
    given = [g.lower() for g in given if g.isalpha()]
    surnames = [s.lower() for s in surnames]
    g, s = _list_sql(given), _list_sql(surnames)
    gk = _list_sql([jellyfish.metaphone(x) for x in given])
    sk = _list_sql([jellyfish.metaphone(x) for x in surnames])
    nats = _list_sql(["GBR", "RUS", "SYR", "IRQ", "CHN", "NGA", "USA", "FRA", "DEU", "PAK", "IND", "BRA"])
    person = f"""
        SELECT {{id}} AS unique_id,
               list_extract({g}, (hash(i, 1) % {len(given)})::INT + 1) AS first_name,
               list_extract({s}, (hash(i, 2) % {len(surnames)})::INT + 1) AS surname_raw,
               list_extract({gk}, (hash(i, 1) % {len(given)})::INT + 1) AS first_key,
               list_extract({sk}, (hash(i, 2) % {len(surnames)})::INT + 1) AS surname_key,
               strftime(DATE '1940-01-01' + (hash(i, 3) % 24000)::INT, '%Y-%m-%d') AS dob,
               list_extract({nats}, (hash(i, 4) % 12)::INT + 1) AS nationality,
               CAST(NULL AS VARCHAR) AS identifier
        FROM range({{n}}) t(i)"""
    _run(con, "CREATE TABLE entries_raw AS " + person.format(id="'e' || i || '~0'", n=entries))
    _run(
        con,
        """CREATE TABLE bench_entries AS
           SELECT unique_id, first_name, surname_raw AS surname, first_key, surname_key, dob,
                  substr(dob, 1, 4) AS dob_year, nationality, identifier FROM entries_raw""",
    )
    # Records: offset the hash seed so they are other people, then plant copies of every 1000th.
    others = person.format(id="'r' || i", n=records).replace("hash(i,", "hash(i + 1000000000,")
    _run(con, "CREATE TABLE records_raw AS " + others)
    planted = min(records // 1000, entries)
    _run(
        con,
        f"""
        CREATE TABLE planted AS
        SELECT 'r' || (k * 1000) AS record_id, unique_id AS entry_uid, k
        FROM (SELECT row_number() OVER () - 1 AS k, unique_id FROM bench_entries LIMIT {planted})""",
    )
    _run(
        con,
        """
        CREATE TABLE bench_records AS
        SELECT r.unique_id,
               coalesce(e.first_name, r.first_name) AS first_name,
               CASE WHEN e.surname IS NULL THEN r.surname_raw
                    WHEN p.k % 3 = 1 THEN substr(e.surname, 1, length(e.surname) - 2) || substr(e.surname, -1)
                    ELSE e.surname END AS surname,
               coalesce(e.first_key, r.first_key) AS first_key,
               coalesce(e.surname_key, r.surname_key) AS surname_key,
               CASE WHEN e.dob IS NULL THEN r.dob
                    WHEN p.k % 3 = 2 THEN substr(e.dob, 1, 4) ELSE e.dob END AS dob,
               coalesce(substr(e.dob, 1, 4), substr(r.dob, 1, 4)) AS dob_year,
               coalesce(e.nationality, r.nationality) AS nationality,
               r.identifier
        FROM records_raw r LEFT JOIN planted p ON p.record_id = r.unique_id
        LEFT JOIN bench_entries e ON e.unique_id = p.entry_uid""",
    )
    _run(con, "DROP TABLE records_raw")
    _run(con, "DROP TABLE entries_raw")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--chunks", type=int, default=4)
    parser.add_argument("--compare-spark", action="store_true", help="also run on Spark local[2] and compare")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    from splink import DuckDBAPI

    folder = os.environ.get("TMPDIR", "/tmp")
    con = duckdb.connect(os.path.join(folder, f"screening_bulk_{os.getpid()}.duckdb"))
    try:
        started = time.perf_counter()
        build(con, args.records, args.entries)
        print(
            f"generated {args.records:,} records and {args.entries:,} entries in DuckDB in "
            f"{time.perf_counter() - started:.1f} s"
        )
        planted = con.execute("SELECT count(*) FROM planted").fetchall()[0][0]
        threshold = 0.9
        started = time.perf_counter()
        marks = [started]

        def chunk_done(chunk: int, pairs: object) -> None:
            marks.append(time.perf_counter())
            print(
                f"  chunk {chunk + 1}/{args.chunks}: {marks[-1] - marks[-2]:.1f} s, {len(pairs):,} alerts",  # type: ignore[arg-type]
                flush=True,
            )

        duck = rescreen.predict_pairs(
            "bench_records",
            "bench_entries",
            backend="duckdb",
            threshold=threshold,
            chunks=args.chunks,
            on_chunk=chunk_done,
            db_api=DuckDBAPI(connection=con),
        )
        elapsed = time.perf_counter() - started
        expected = {(f"r{k * 1000}", f"e{k}") for k in range(planted)}
        found = set(zip(duck.record_id, duck.entry_id, strict=True))
        print(
            f"DuckDB: {args.records:,} records x {args.entries:,} entries in {elapsed:.1f} s "
            f"({args.records / elapsed:,.0f} records/s); {len(duck):,} alerts at match probability >= "
            f"{threshold}; planted matches found {len(expected & found):,}/{len(expected):,}"
        )
        if args.compare_spark:
            records = con.execute("SELECT * FROM bench_records").df()
            entries = con.execute("SELECT * FROM bench_entries").df()
            started = time.perf_counter()
            spark = rescreen.predict_pairs(
                records, entries, backend="spark", threshold=threshold, chunks=args.chunks
            )
            same = set(zip(spark.record_id, spark.entry_id, strict=True)) == found
            print(
                f"Spark local[2]: {time.perf_counter() - started:.1f} s (with session start); "
                f"{len(spark):,} alerts; same alerts as DuckDB: {same}"
            )
    finally:
        con.close()
        for suffix in ("", ".wal"):
            path = os.path.join(folder, f"screening_bulk_{os.getpid()}.duckdb{suffix}")
            if os.path.exists(path):
                os.remove(path)


if __name__ == "__main__":
    main()
