"""Imports of performance data and official settlement tables: validate every row first (row number and
reason for each problem), then save all or nothing in one unit of work. Incident files go through DuckDB:
only per force/month/grade/area aggregates reach the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import delete

from portcullis.core import clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.policing import forces, measures, rules, tables
from portcullis.policing.models import (
    CallMonth,
    MeasureValue,
    NeighbourhoodReturn,
    PolicingImport,
    SettlementInputRow,
)
from portcullis.policing.tables import RowError

Progress = Callable[[int, int], None]  # (done, total)
KINDS = ("999", "incidents", "measures", "neighbourhood")
MAX_ERRORS = 100
COLUMNS: dict[str, tuple[str, ...]] = {
    "999": (
        "force",
        "month",
        "calls_answered",
        "answered_within_10s",
        "answered_10_to_60s",
        "answered_over_60s",
        "mean_answer_seconds",
    ),
    "measures": ("force", "month", "measure", "numerator", "denominator"),
    "neighbourhood": (
        "force",
        "month",
        "officers",
        "pcsos",
        "specials",
        "neighbourhoods",
        "named_officer_neighbourhoods",
        "queries",
        "queries_answered_72h",
    ),
    "incidents": ("force", "incident_id", "grade", "area", "reported_at", "arrived_at"),
}
GRADES = ("emergency", "priority", "scheduled", "other")
AREAS = ("urban", "rural")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class ImportRejected(ValueError):
    """Nothing was saved; `errors` says which rows and why."""

    def __init__(self, kind: str, errors: list[RowError], total_errors: int | None = None) -> None:
        self.kind = kind
        self.errors = errors[:MAX_ERRORS]
        self.total_errors = total_errors if total_errors is not None else len(errors)
        super().__init__(f"{kind} import rejected: {self.total_errors} problem(s); first: {errors[0]}")


def _month(text: str, row: int, errors: list[RowError], today: dt.date) -> str | None:
    m = MONTH_RE.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        errors.append(RowError(row, "month", f"{text!r} is not a month like 2025-04"))
        return None
    if (int(m.group(1)), int(m.group(2))) > (today.year, today.month):
        errors.append(RowError(row, "month", f"{text} is in the future"))
        return None
    return text


def _count(row: dict[str, str], col: str, n: int, errors: list[RowError], *, decimal: bool = False) -> Any:
    text = row.get(col, "").replace(",", "")
    try:
        value: Any = Decimal(text) if decimal else int(text)
    except (ValueError, InvalidOperation):
        errors.append(RowError(n, col, f"{text!r} is not a {'number' if decimal else 'whole number'}"))
        return None
    if value < 0:
        errors.append(RowError(n, col, "must not be negative"))
        return None
    return value


def _force(row: dict[str, str], n: int, errors: list[RowError]) -> str | None:
    try:
        return forces.resolve(row.get("force", "")).code
    except forces.UnknownForce:
        errors.append(RowError(n, "force", f"no police force called {row.get('force', '')!r}"))
        return None


def _rows(text: str, kind: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS[kind] if c not in header]
    if missing:
        raise ImportRejected(kind, [RowError(1, c, "column is missing") for c in missing])
    out = [
        (n, {(k or "").strip(): (v or "").strip() for k, v in raw.items()})
        for n, raw in enumerate(reader, start=2)
    ]
    if not out:
        raise ImportRejected(kind, [RowError(2, "file", "the file has no data rows")])
    return out


def _key_once(key: tuple[str, ...], seen: set[tuple[str, ...]], n: int, errors: list[RowError]) -> bool:
    if key in seen:
        errors.append(RowError(n, "month", f"{' '.join(key)} appears more than once in the file"))
        return False
    seen.add(key)
    return True


def validate_999(text: str, today: dt.date, progress: Progress | None = None) -> list[dict[str, Any]]:
    rows, errors, good, seen = _rows(text, "999"), [], [], set()  # type: ignore[var-annotated]
    for i, (n, row) in enumerate(rows):
        before = len(errors)
        force, month = _force(row, n, errors), _month(row.get("month", ""), n, errors, today)
        counts = {c: _count(row, c, n, errors) for c in COLUMNS["999"][2:6]}
        mean = _count(row, "mean_answer_seconds", n, errors, decimal=True)
        if len(errors) == before:
            split = counts["answered_within_10s"] + counts["answered_10_to_60s"] + counts["answered_over_60s"]
            if split != counts["calls_answered"]:
                errors.append(
                    RowError(
                        n,
                        "calls_answered",
                        f"is {counts['calls_answered']} but the three answer-time bands add up to {split}",
                    )
                )
            elif force and month and _key_once((force, month), seen, n, errors):
                good.append(
                    {
                        "force": force,
                        "month": month,
                        "calls_answered": counts["calls_answered"],
                        "within_10s": counts["answered_within_10s"],
                        "between_10_60s": counts["answered_10_to_60s"],
                        "over_60s": counts["answered_over_60s"],
                        "mean_answer_seconds": mean,
                    }
                )
        if progress and i % 500 == 0:
            progress(i, len(rows))
    if errors:
        raise ImportRejected("999", errors)
    return good


def validate_measures(text: str, today: dt.date, progress: Progress | None = None) -> list[dict[str, Any]]:
    rows, errors, good, seen = _rows(text, "measures"), [], [], set()  # type: ignore[var-annotated]
    for i, (n, row) in enumerate(rows):
        before = len(errors)
        force, month = _force(row, n, errors), _month(row.get("month", ""), n, errors, today)
        code = row.get("measure", "")
        if code not in measures.GENERIC:
            errors.append(RowError(n, "measure", f"{code!r} is not one of {', '.join(measures.GENERIC)}"))
        num = _count(row, "numerator", n, errors, decimal=True)
        den = _count(row, "denominator", n, errors, decimal=True)
        if len(errors) == before and force and month and _key_once((force, month, code), seen, n, errors):
            good.append(
                {"force": force, "month": month, "measure": code, "numerator": num, "denominator": den}
            )
        if progress and i % 500 == 0:
            progress(i, len(rows))
    if errors:
        raise ImportRejected("measures", errors)
    return good


def validate_neighbourhood(
    text: str, today: dt.date, progress: Progress | None = None
) -> list[dict[str, Any]]:
    rows, errors, good, seen = _rows(text, "neighbourhood"), [], [], set()  # type: ignore[var-annotated]
    for i, (n, row) in enumerate(rows):
        before = len(errors)
        force, month = _force(row, n, errors), _month(row.get("month", ""), n, errors, today)
        counts = {c: _count(row, c, n, errors) for c in COLUMNS["neighbourhood"][2:]}
        if len(errors) == before:
            if counts["named_officer_neighbourhoods"] > counts["neighbourhoods"]:
                errors.append(RowError(n, "named_officer_neighbourhoods", "is more than the neighbourhoods"))
            elif counts["queries_answered_72h"] > counts["queries"]:
                errors.append(RowError(n, "queries_answered_72h", "is more than the queries received"))
            elif force and month and _key_once((force, month), seen, n, errors):
                good.append({"force": force, "month": month, **counts})
        if progress and i % 500 == 0:
            progress(i, len(rows))
    if errors:
        raise ImportRejected("neighbourhood", errors)
    return good


def record_import(
    uow: UnitOfWork,
    kind: str,
    filename: str,
    rows: int,
    actor: Principal,
    details: dict[str, Any] | None = None,
) -> PolicingImport:
    run = PolicingImport(
        kind=kind,
        filename=filename,
        rows=rows,
        imported_at=clock.now(),
        imported_by=actor.name,
        details=details or {},
    )
    uow.session.add(run)
    uow.flush()
    return run


def save_rows(
    uow: UnitOfWork, *, kind: str, rows: list[dict[str, Any]], filename: str, actor: Principal
) -> PolicingImport:
    """Replace the rows with the same keys (a corrected month replaces the old one), in the caller's unit."""
    model: Any = {"999": CallMonth, "measures": MeasureValue, "neighbourhood": NeighbourhoodReturn}[kind]
    run = record_import(uow, kind, filename, len(rows), actor)
    months = sorted({r["month"] for r in rows})
    for month in months:
        in_month = [r for r in rows if r["month"] == month]
        stmt = delete(model).where(model.month == month, model.force.in_({r["force"] for r in in_month}))
        if kind == "measures":
            stmt = stmt.where(model.measure.in_({r["measure"] for r in in_month}))
        uow.session.execute(stmt)
    uow.session.add_all(model(import_id=run.id, **r) for r in rows)
    return run


def import_file(
    uow: UnitOfWork, *, kind: str, path: Path, actor: Principal, progress: Progress | None = None
) -> PolicingImport:
    """Validate and save one file of KIND. Raises ImportRejected (nothing saved) on any bad row."""
    if kind not in KINDS:
        raise ImportRejected(kind, [RowError(0, "kind", f"{kind!r} is not one of {', '.join(KINDS)}")])
    today = clock.today_in_london()
    if kind == "incidents":
        from portcullis.policing import incidents

        return incidents.import_incidents(
            uow, path=path, actor=actor, today=today, progress=progress, record=record_import
        )
    text = path.read_text(encoding="utf-8")
    validate = {"999": validate_999, "measures": validate_measures, "neighbourhood": validate_neighbourhood}[
        kind
    ]
    rows = validate(text, today, progress)
    run = save_rows(uow, kind=kind, rows=rows, filename=path.name, actor=actor)
    if progress:
        progress(len(rows), len(rows))
    return run


def import_settlement_table(
    uow: UnitOfWork, *, year: str, text: str, filename: str, actor: Principal
) -> PolicingImport:
    """Load an official per-force table for a year; it replaces the illustrative one for that year."""
    rules.financial_year_start(year)  # refuses a malformed year
    try:
        rows = tables.parse_table(text)
    except tables.TableError as exc:
        raise ImportRejected("settlement", exc.errors) from None
    missing = sorted({f.code for f in forces.territorial()} - {r.force for r in rows})
    if missing:
        raise ImportRejected("settlement", [RowError(0, "force", f"no row for {code}") for code in missing])
    run = record_import(uow, "settlement", filename, len(rows), actor, {"year": year})
    uow.session.execute(delete(SettlementInputRow).where(SettlementInputRow.year == year))
    uow.session.add_all(
        SettlementInputRow(year=year, source=filename, import_id=run.id, **vars_of(r)) for r in rows
    )
    return run


def vars_of(row: Any) -> dict[str, Any]:
    return {k: getattr(row, k) for k in tables.REQUIRED}


def standards_for_month(month: str) -> dict[str, int | None]:
    """The attendance standard (minutes) for each area in force on the first day of the month."""
    on = dt.date(int(month[:4]), int(month[5:7]), 1)
    return rules.attendance_standards(on=on, snapshot=policy.at(on)).minutes
