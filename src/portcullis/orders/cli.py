"""`portcullis orders ...`: DAPN deadlines, checking a proposed order, expiring orders, monitoring imports."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from portcullis.core import clock

app = typer.Typer(
    help="Preventive orders: SCPOs, DAPNs and DAPOs, Youth Diversion Orders, monitoring.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(1)


@app.command("dapn-deadline")
def dapn_deadline(
    issued: Annotated[
        str, typer.Option(help="When the notice was given, ISO 8601 (UK local time if no offset).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """When the DAPO hearing must begin: 48 hours after the notice, disregarding Sundays, Christmas Day,
    Good Friday and bank holidays in England and Wales."""
    from portcullis.orders.calendar import dapn_hearing_deadline

    try:
        when = datetime.fromisoformat(issued)
    except ValueError:
        _fail(f"issued: {issued!r} is not an ISO 8601 date and time, e.g. 2025-06-02T14:00")
        return
    if when.tzinfo is None:
        when = when.replace(tzinfo=clock.LONDON, fold=0)
    deadline = dapn_hearing_deadline(when)
    if as_json:
        print(json.dumps({"hearing_by": deadline.isoformat()}))
    else:
        console.print(f"The hearing must begin by {deadline:%A %d %B %Y at %H:%M} ({deadline.isoformat()}).")


@app.command("check")
def check(
    file: Annotated[
        Path, typer.Argument(help="A proposed order or notice as JSON (schema: docs/orders.md).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check a proposed order or notice against the rules; exits 0 whether or not it is valid."""
    from portcullis.orders.proposals import check_document

    result: dict[str, Any]
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        result = {"valid": False, "violations": [{"field": "file", "reason": f"cannot read: {exc.strerror}"}]}
    else:
        result = check_document(text, clock.today_in_london())
    if as_json:
        print(json.dumps(result))
        return
    if result["valid"]:
        console.print("[green]Valid:[/] the proposed order meets every rule.")
    for v in result["violations"]:
        console.print(f"[red]{v['field']}[/]: {v['reason']}")


@app.command("expiring")
def expiring(
    within: Annotated[int, typer.Option(help="Days ahead.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Orders in force whose last day falls within the next DAYS days."""
    from portcullis.core.db import unit_of_work
    from portcullis.domains import load_domains
    from portcullis.orders import lifecycle, service

    load_domains()
    with unit_of_work() as uow:
        try:
            orders = lifecycle.expiring(uow, within_days=within)
        except service.OrdersError as exc:
            _fail(str(exc))
            return
        rows = [
            {
                "id": o.id,
                "reference": o.reference,
                "order_type": o.order_type,
                "agency": o.agency,
                "ends_on": o.ends_on.isoformat() if o.ends_on else None,
            }
            for o in orders
        ]
    if as_json:
        print(json.dumps({"within_days": within, "orders": rows}))
        return
    table = Table(title=f"Orders ending within {within} days")
    for col in ("Reference", "Type", "Agency", "Last day"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["reference"], r["order_type"], r["agency"], r["ends_on"])
    console.print(table)


@app.command("import-points")
def import_points(
    file: Annotated[Path, typer.Argument(help="CSV (tag_id,at,latitude,longitude,event) or JSON lines.")],
    batch: Annotated[int, typer.Option(help="Points per transaction.")] = 10_000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import monitoring points from the supplier's file. The whole file is checked first: one bad point and
    nothing is saved."""
    from rich.progress import Progress

    from portcullis.core.access import SYSTEM
    from portcullis.core.db import unit_of_work
    from portcullis.domains import load_domains
    from portcullis.orders import monitoring
    from portcullis.orders.service import OrdersError

    load_domains()
    try:
        rows = monitoring.read_file(file.name, file.read_text(encoding="utf-8"))
        monitoring.parse_points(rows)  # all or nothing: validate the whole file before saving any of it
    except OSError as exc:
        _fail(f"file: cannot read {file}: {exc.strerror}")
        return
    except OrdersError as exc:
        if as_json:
            print(json.dumps({"accepted": 0, "errors": exc.errors}))
            raise typer.Exit(1) from None
        _fail(str(exc))
        return
    alerts: list[dict[str, object]] = []
    try:
        with unit_of_work() as uow, Progress(console=err, disable=as_json) as progress:
            task = progress.add_task("Importing points", total=len(rows))
            for start in range(0, len(rows), batch):
                result = monitoring.ingest(
                    uow, rows=rows[start : start + batch], actor=SYSTEM, source=file.name
                )
                alerts.extend(result["alerts"])
                progress.advance(task, len(rows[start : start + batch]))
    except OrdersError as exc:
        _fail(str(exc))
        return
    if as_json:
        print(json.dumps({"accepted": len(rows), "alerts": len(alerts)}))
    else:
        console.print(f"Imported {len(rows)} points; {len(alerts)} alert(s) raised.")


@app.command("expire")
def expire(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Mark orders past their last day as expired and lift their watchlist entries (run daily)."""
    from portcullis.core.access import SYSTEM
    from portcullis.core.db import unit_of_work
    from portcullis.domains import load_domains
    from portcullis.orders import lifecycle

    load_domains()
    with unit_of_work() as uow:
        count = lifecycle.expire_orders(uow, actor=SYSTEM)
    if as_json:
        print(json.dumps({"expired": count}))
    else:
        console.print(f"{count} order(s) expired.")


@app.command("no-signal-gaps")
def no_signal_gaps(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule",
            help="Instead of checking now, start the recurring check in the job queue (every 5 minutes; "
            "each run queues the next). Safe to repeat: it never queues a second chain.",
        ),
    ] = False,
) -> None:
    """Raise a no-signal alert for each tag silent longer than the supplier-contract gap (once per gap)."""
    from portcullis.core.db import unit_of_work
    from portcullis.domains import load_domains
    from portcullis.orders import monitoring_gaps

    load_domains()
    with unit_of_work() as uow:
        if schedule:
            job = monitoring_gaps.schedule(uow)
            data: dict[str, object] = {"scheduled": job is not None, "job_id": job.id if job else None}
        else:
            data = {"alerts": len(monitoring_gaps.raise_gap_alerts(uow))}
    if as_json:
        print(json.dumps(data))
    elif schedule:
        console.print("Recurring check queued." if data["scheduled"] else "A run is already queued.")
    else:
        console.print(f"{data['alerts']} no-signal alert(s) raised.")
