"""`portcullis returns ...`: statistics tables and counts for scripts (each with --json)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from portcullis.core.clock import today_in_london
from portcullis.core.db import unit_of_work
from portcullis.core.tabular import to_csv, to_ods
from portcullis.returns import rules, statistics
from portcullis.returns.service import ReturnsError

app = typer.Typer(help="Returns: removal statistics in the published shape.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _fail(exc: ReturnsError, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps({"errors": [v.as_dict() for v in exc.violations]}) + "\n")
    else:
        for v in exc.violations:
            err.print(f"[bold red]Error:[/] {v.field}: {v.reason}")
    raise typer.Exit(1)


@app.command("stats")
def stats(
    table: Annotated[str, typer.Option(help=f"One of {', '.join(rules.STAT_TABLES)}.")] = "Ret_D01",
    year: Annotated[int, typer.Option(help="Calendar year.")] = 0,
    quarter: Annotated[int | None, typer.Option(help="Quarter 1-4 (omit for the whole year).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Also write the table to this CSV file.")
    ] = None,
    ods_out: Annotated[
        Path | None, typer.Option("--ods", help="Also write the table to this ODS file.")
    ] = None,
) -> None:
    """A quarterly returns table (Ret_D01-D04): Year, Quarter, dimensions, Number of returns."""
    today = today_in_london()
    try:
        with unit_of_work() as uow:
            result = statistics.quarterly_table(
                uow.session, code=table, year=year or today.year, quarter=quarter, today=today
            )
    except ReturnsError as exc:
        _fail(exc, as_json)
        return
    if csv_out:
        csv_out.write_text(to_csv(result.headers, result.rows), encoding="utf-8")
    if ods_out:
        ods_out.write_bytes(to_ods([result.sheet()]))
    if as_json:
        rows = [dict(zip(result.headers, row, strict=True)) for row in result.rows]
        sys.stdout.write(
            json.dumps({"table": result.code, "title": result.title, "headers": result.headers, "rows": rows})
            + "\n"
        )
        return
    out = Table(*result.headers, title=f"{result.code}: {result.title}")
    for row in result.rows:
        out.add_row(*[str(v) for v in row])
    console.print(out)


@app.command("since")
def since(
    date_from: Annotated[str, typer.Option("--date", help="Count returns from this date, YYYY-MM-DD.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Returns since a date (such as 2024-07-05), by return type group, with foreign national offenders."""
    try:
        start = date.fromisoformat(date_from)
    except ValueError:
        _fail(ReturnsError.one("date", f"{date_from!r} is not a date in the form YYYY-MM-DD"), as_json)
        return
    try:
        with unit_of_work() as uow:
            counts = statistics.counts_since(uow.session, since=start, today=today_in_london())
    except ReturnsError as exc:
        _fail(exc, as_json)
        return
    data = {
        "since": counts.since.isoformat(),
        "until": counts.until.isoformat(),
        "total": counts.total,
        "by_return_type_group": counts.by_group,
        "foreign_national_offenders": counts.foreign_national_offenders,
    }
    if as_json:
        sys.stdout.write(json.dumps(data) + "\n")
        return
    console.print(
        f"{counts.total:,} returns from {data['since']} to {data['until']}, including "
        f"{counts.foreign_national_offenders:,} foreign national offenders."
    )
    for group, number in counts.by_group.items():
        console.print(f"  {group}: {number:,}")
