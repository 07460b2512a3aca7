"""`portcullis policing ...`: the settlement, imports and intervention flags (each with --json)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.policing import forces, imports, interventions, rules, service
from portcullis.policing.exports import ILLUSTRATIVE_NOTE
from portcullis.policing.values import GRANT_LINES, Scenario

app = typer.Typer(
    help="Policing: funding settlement, performance data and interventions.", no_args_is_help=True
)
console = Console()
err = Console(stderr=True)
CLI_ACTOR = access.Principal(kind="system", name="portcullis policing (command line)")


def _fail(message: str, errors: list[dict[str, Any]] | None = None, as_json: bool = False) -> None:
    if as_json:
        sys.stdout.write(json.dumps({"detail": message, "errors": errors or []}) + "\n")
    else:
        err.print(f"[bold red]Error:[/] {message}")
        for e in (errors or [])[:20]:
            err.print(f"  row {e.get('row', '-')}, {e['field']}: {e['reason']}")
    raise typer.Exit(1)


def _scenario(band_d: str | None, line: list[str], damping: str | None, floor: str | None) -> Scenario:
    try:
        totals = {}
        for item in line:
            name, _, amount = item.partition("=")
            if name not in GRANT_LINES:
                _fail(f"--line: {name!r} is not a grant line ({', '.join(GRANT_LINES)})")
            totals[name] = Decimal(amount)
        return Scenario(
            band_d_rise=Decimal(band_d) if band_d is not None else None,
            line_totals=totals,
            damping=damping,
            floor=Decimal(floor) if floor is not None else None,
        )
    except InvalidOperation:
        _fail("--band-d, --line and --floor take numbers (e.g. --band-d 10 --line nic_grant=250000000)")
        raise AssertionError from None


@app.command()
def settlement(
    year: Annotated[str, typer.Option(help="Financial year, e.g. 2025-26.")] = "2025-26",
    band_d: Annotated[str | None, typer.Option(help="What-if: Band D precept rise in GBP.")] = None,
    line: Annotated[list[str] | None, typer.Option(help="What-if: LINE=AMOUNT national grant line.")] = None,
    damping: Annotated[str | None, typer.Option(help="What-if: same_percentage or floor.")] = None,
    floor: Annotated[
        str | None, typer.Option(help="What-if: damping floor as a fraction, e.g. 0.03.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The settlement for a year: every force's grant lines, precept and totals, reconciled to the release."""
    try:
        result = service.settlement(year=year, scenario=_scenario(band_d, line or [], damping, floor))
    except rules.SettlementRefused as exc:
        _fail(str(exc), [{"field": exc.field, "reason": exc.reason}], as_json)
        return
    if as_json:
        data = result.as_dict()
        data["national_figures"] = [p.as_dict() for p in service.national_figures(year=year)]
        sys.stdout.write(json.dumps(data) + "\n")
        return
    if result.illustrative:
        console.print(f"[bold yellow]{ILLUSTRATIVE_NOTE}[/]")
    table = Table(title=f"Police funding settlement {year} (GBP)")
    for col in ("Force", "Grant", "Precept", "Total", "Previous", "Cash %", "Real %"):
        table.add_column(col, justify="left" if col == "Force" else "right")
    for a in result.allocations:
        table.add_row(
            forces.get(a.force).short,
            f"{a.grant:,.2f}",
            f"{a.precept:,.2f}",
            f"{a.total:,.2f}",
            f"{a.total_previous:,.2f}",
            f"{rules.cash_change(a.total_previous, a.total):.2f}",
            f"{rules.real_change(a.total_previous, a.total, result.deflator):.2f}",
        )
    table.add_row(
        "England and Wales",
        "",
        "",
        f"{result.total:,.2f}",
        f"{result.total_previous:,.2f}",
        f"{rules.cash_change(result.total_previous, result.total):.2f}",
        f"{rules.real_change(result.total_previous, result.total, result.deflator):.2f}",
    )
    console.print(table)
    for c in result.checks:
        console.print(
            f"{'[green]OK[/]' if c.ok else '[red]DIFFERS[/]'} {c.name}: {c.computed:,} "
            f"(national figure {c.expected:,})"
        )


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
    )


@app.command("import")
def import_(
    kind: Annotated[str, typer.Argument(help="999, incidents, measures or neighbourhood.")],
    file: Annotated[Path, typer.Argument(help="CSV file.", exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Validate and import a performance data file: all rows or none."""
    try:
        with _progress() as bar, unit_of_work() as uow:
            task = bar.add_task(f"Importing {file.name}", total=None)

            def tick(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            run = imports.import_file(uow, kind=kind, path=file, actor=CLI_ACTOR, progress=tick)
            result = {"import_id": run.id, "kind": kind, "file": file.name, "rows": run.rows, **run.details}
    except imports.ImportRejected as exc:
        _fail(
            f"nothing imported: {exc.total_errors} problem(s) in {file.name}",
            [e.as_dict() for e in exc.errors],
            as_json,
        )
        return
    if as_json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        console.print(f"Imported {result['rows']:,} rows of {kind} from {file.name}.")


@app.command("settlement-import")
def settlement_import(
    year: Annotated[str, typer.Argument(help="Financial year, e.g. 2025-26.")],
    file: Annotated[
        Path, typer.Argument(help="The official per-force table as CSV.", exists=True, dir_okay=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Load the official per-force table for a year (replaces the ILLUSTRATIVE one); docs/policing.md."""
    try:
        with unit_of_work() as uow:
            run = imports.import_settlement_table(
                uow, year=year, text=file.read_text(encoding="utf-8"), filename=file.name, actor=CLI_ACTOR
            )
            out = {"import_id": run.id, "year": year, "rows": run.rows}
    except imports.ImportRejected as exc:
        _fail(f"nothing imported: {exc.total_errors} problem(s)", [e.as_dict() for e in exc.errors], as_json)
        return
    except rules.SettlementRefused as exc:
        _fail(str(exc), [{"field": exc.field, "reason": exc.reason}], as_json)
        return
    if as_json:
        sys.stdout.write(json.dumps(out) + "\n")
    else:
        console.print(f"Loaded the official {year} table: {out['rows']} forces.")


@app.command()
def flags(
    month: Annotated[str, typer.Option(help="Month to assess, YYYY-MM.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Apply the intervention rules to every force for a month and record new flags."""
    try:
        results = interventions.run_flags(month=month, actor=access.SYSTEM)
    except interventions.WorkflowError as exc:
        _fail(str(exc), [{"field": exc.field, "reason": exc.reason}], as_json)
        return
    flagged = [r for r in results if r.get("flagged")]
    if as_json:
        sys.stdout.write(json.dumps({"month": month, "flagged": flagged, "assessed": results}) + "\n")
        return
    console.print(f"{len(flagged)} flag(s) for {month}.")
    for r in flagged:
        console.print(f"[bold]{forces.get(r['force']).short}[/] ({r['rule']}): " + "; ".join(r["reasons"]))
