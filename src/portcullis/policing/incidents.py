"""Incident attendance imports through DuckDB: millions of incident rows are read, validated and aggregated
per force, month, grade and area in a columnar engine; only the aggregates reach the database.

File columns: force, incident_id, grade (emergency|priority|scheduled|other), area (urban|rural),
reported_at and arrived_at (ISO date-times; arrived_at empty when nobody attended)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import delete, insert

from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.policing import forces
from portcullis.policing.models import AttendanceMonth, PolicingImport
from portcullis.policing.tables import RowError

Progress = Callable[[int, int], None]
STEPS = 5
REQUIRED = ("force", "incident_id", "grade", "area", "reported_at", "arrived_at")
GRADES = ("emergency", "priority", "scheduled", "other")
AREAS = ("urban", "rural")


def _aliases(con: duckdb.DuckDBPyConnection) -> None:
    rows = []
    for f in forces.all_forces():
        for alias in {f.code, f.name.lower(), f.short.lower()}:
            rows.append((alias, f.code))
    con.execute("CREATE TEMP TABLE force_alias (alias VARCHAR, code VARCHAR)")
    con.executemany("INSERT INTO force_alias VALUES (?, ?)", rows)


def load(con: duckdb.DuckDBPyConnection, path: Path, now: dt.datetime) -> tuple[list[RowError], int, int]:
    """Read the file into a typed table `inc`; returns (first errors, error count, rows)."""
    from portcullis.policing.imports import MAX_ERRORS, ImportRejected

    src = str(path)
    cols = [
        r[0]
        for r in con.execute(
            "DESCRIBE SELECT * FROM read_csv(?, header = true, all_varchar = true)", [src]
        ).fetchall()
    ]
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise ImportRejected("incidents", [RowError(1, c, "column is missing") for c in missing])
    _aliases(con)
    # Row numbers as a spreadsheet shows them (header = 1); DuckDB keeps file order for this read.
    con.execute(f"""
        CREATE TEMP TABLE inc AS
        SELECT r.row_no,
               a.code AS force, r.force AS force_raw, r.incident_id,
               lower(trim(r.grade)) AS grade, lower(trim(r.area)) AS area,
               TRY_CAST(r.reported_at AS TIMESTAMP) AS reported,
               TRY_CAST(NULLIF(trim(r.arrived_at), '') AS TIMESTAMP) AS arrived,
               (trim(coalesce(r.arrived_at, '')) <> ''
                AND TRY_CAST(r.arrived_at AS TIMESTAMP) IS NULL) AS arrived_bad
        FROM (SELECT (row_number() OVER ()) + 1 AS row_no, *
              FROM read_csv('{src.replace("'", "''")}', header = true, all_varchar = true)) r
        LEFT JOIN force_alias a ON a.alias = lower(trim(r.force))
    """)  # noqa: S608 - constants and an escaped file path only
    problems = f"""
        SELECT row_no, field, reason FROM (
          SELECT row_no, 'force' AS field,
                 'no police force called ''' || coalesce(force_raw, '') || '''' AS reason
            FROM inc WHERE force IS NULL
          UNION ALL SELECT row_no, 'grade', 'must be one of {", ".join(GRADES)}' FROM inc
            WHERE grade IS NULL OR grade NOT IN {GRADES}
          UNION ALL SELECT row_no, 'area', 'must be urban or rural' FROM inc
            WHERE area IS NULL OR area NOT IN {AREAS}
          UNION ALL SELECT row_no, 'reported_at', 'is missing or not a date-time like 2025-04-01 13:05:00'
            FROM inc WHERE reported IS NULL
          UNION ALL SELECT row_no, 'reported_at', 'is in the future' FROM inc WHERE reported > ?
          UNION ALL SELECT row_no, 'arrived_at', 'is not a date-time like 2025-04-01 13:20:00' FROM inc
            WHERE arrived_bad
          UNION ALL SELECT row_no, 'arrived_at', 'is before reported_at (a negative attendance time)' FROM inc
            WHERE arrived < reported
        )"""  # noqa: S608 - constants only
    naive_now = now.replace(tzinfo=None)
    count_sql = f"SELECT count(*) FROM ({problems})"  # noqa: S608 - constants only
    total = con.execute(count_sql, [naive_now]).fetchone()[0]  # type: ignore[index]
    first = con.execute(f"{problems} ORDER BY row_no, field LIMIT {MAX_ERRORS}", [naive_now]).fetchall()
    rows = con.execute("SELECT count(*) FROM inc").fetchone()[0]  # type: ignore[index]
    return [RowError(int(r[0]), r[1], r[2]) for r in first], int(total), int(rows)


def aggregate(
    con: duckdb.DuckDBPyConnection, standards: Callable[[str], dict[str, int | None]]
) -> list[dict[str, Any]]:
    """Per force, month, grade and area: counts, attended, within the standard, minutes (mean/median/p90)."""
    months = [r[0] for r in con.execute("SELECT DISTINCT strftime(reported, '%Y-%m') FROM inc").fetchall()]
    con.execute("CREATE TEMP TABLE std (std_month VARCHAR, std_area VARCHAR, std_minutes INTEGER)")
    con.executemany(
        "INSERT INTO std VALUES (?, ?, ?)",
        [(m, area, mins) for m in months for area, mins in standards(m).items()],
    )
    result = con.execute("""
        WITH t AS (
          SELECT force, strftime(reported, '%Y-%m') AS month, grade, area,
                 date_diff('second', reported, arrived) / 60.0 AS minutes, arrived IS NOT NULL AS attended
          FROM inc)
        SELECT t.force, t.month, t.grade, t.area, count(*) AS incidents,
               count(*) FILTER (t.attended) AS attended,
               CASE WHEN any_value(s.std_minutes) IS NULL OR t.grade <> 'emergency' THEN NULL
                    ELSE count(*) FILTER (t.minutes <= s.std_minutes) END AS within_standard,
               CASE WHEN t.grade = 'emergency' THEN any_value(s.std_minutes) END AS standard_minutes,
               coalesce(sum(t.minutes), 0) AS total_minutes,
               median(t.minutes) AS median_minutes, quantile_cont(t.minutes, 0.9) AS p90_minutes
        FROM t LEFT JOIN std s ON s.std_month = t.month AND s.std_area = t.area
        GROUP BY t.force, t.month, t.grade, t.area
        ORDER BY 1, 2, 3, 4
    """).fetchall()
    keys = (
        "force",
        "month",
        "grade",
        "area",
        "incidents",
        "attended",
        "within_standard",
        "standard_minutes",
        "total_minutes",
        "median_minutes",
        "p90_minutes",
    )
    out = []
    for row in result:
        item = dict(zip(keys, row, strict=True))
        for k in ("total_minutes", "median_minutes", "p90_minutes"):
            if item[k] is not None:
                item[k] = Decimal(str(round(float(item[k]), 2)))
        out.append(item)
    return out


def import_incidents(
    uow: UnitOfWork,
    *,
    path: Path,
    actor: Principal,
    today: dt.date,
    progress: Progress | None,
    record: Callable[..., PolicingImport],
) -> PolicingImport:
    from portcullis.core import clock
    from portcullis.policing.imports import ImportRejected, standards_for_month

    def step(n: int) -> None:
        if progress:
            progress(n, STEPS)

    con = duckdb.connect()
    try:
        step(0)
        errors, total_errors, rows = load(con, path, clock.now())
        step(2)
        if total_errors:
            raise ImportRejected("incidents", errors, total_errors)
        aggregates = aggregate(con, standards_for_month)
        step(3)
    finally:
        con.close()
    run = record(uow, "incidents", path.name, rows, actor, {"aggregates": len(aggregates)})
    for force, month in sorted({(a["force"], a["month"]) for a in aggregates}):
        uow.session.execute(
            delete(AttendanceMonth).where(AttendanceMonth.force == force, AttendanceMonth.month == month)
        )
    if aggregates:
        uow.session.execute(
            insert(AttendanceMonth),
            [{"id": f"{run.id[:16]}{i:016x}", "import_id": run.id, **a} for i, a in enumerate(aggregates)],
        )
    step(STEPS)
    return run
