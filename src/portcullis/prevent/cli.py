"""`portcullis prevent ...`: the overdue list for the gateway and transferred-case follow-ups, and the
statistics export. Neither shows a name, so neither opens anyone's record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from portcullis.core import clock
from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work
from portcullis.prevent import overdue as overdue_work
from portcullis.prevent import service, statistics
from portcullis.prevent.errors import PreventError

app = typer.Typer(help="Prevent: overdue casework and statistics exports.", no_args_is_help=True)
console = Console()
# The command line acts for the operator with read-only, name-free permissions.
OPERATOR = Principal(
    kind="system",
    name="portcullis prevent (command line)",
    permissions=frozenset({"prevent.read", "prevent.statistics"}),
)


@app.command()
def overdue() -> None:
    """List referrals past the gateway target, overdue follow-up checks and overdue Channel reviews."""
    today = clock.today_in_london()
    with unit_of_work() as uow:
        rows = [
            r
            for r in service.casework(uow.session, actor=OPERATOR, today=today)
            if r.gateway_overdue or r.follow_ups_overdue or r.reviews_overdue
        ]
    table = Table(title=f"Overdue Prevent casework on {today.isoformat()}")
    for column in ("Reference", "Received", "Status", "Gateway due", "Overdue"):
        table.add_column(column)
    for r in rows:
        flags = ", ".join(
            x
            for x in (
                "gateway" if r.gateway_overdue else "",
                f"{r.follow_ups_overdue} follow-up(s)" if r.follow_ups_overdue else "",
                f"{r.reviews_overdue} Channel review(s)" if r.reviews_overdue else "",
            )
            if x
        )
        table.add_row(r.reference, r.received_on.isoformat(), r.status, r.gateway_due_on.isoformat(), flags)
    console.print(table if rows else "Nothing overdue.")


@app.command("statistics")
def export_statistics(
    year: Annotated[str, typer.Option(help="Financial year, e.g. 2023-24")],
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Write the CSV here")] = None,
    ods_path: Annotated[Path | None, typer.Option("--ods", help="Write the ODS spreadsheet here")] = None,
) -> None:
    """Print the year's journey figures; optionally write CSV and ODS with small numbers suppressed."""
    try:
        with unit_of_work() as uow:
            st = statistics.journey(uow.session, actor=OPERATOR, year=year)
    except PreventError as exc:
        console.print(f"[bold red]Error:[/] {exc}")
        raise typer.Exit(2) from None
    console.print(
        f"{st.year_label}: {st.totals[0]:,} referrals, {st.totals[1]:,} discussed at panel, "
        f"{st.totals[2]:,} adopted"
    )
    if csv_path:
        csv_path.write_text(statistics.to_csv(st), encoding="utf-8")
        console.print(f"Wrote {csv_path}")
    if ods_path:
        ods_path.write_bytes(statistics.to_ods(st))
        console.print(f"Wrote {ods_path}")


@app.command("review-reminders")
def review_reminders(
    schedule: Annotated[
        bool, typer.Option("--schedule", help="Start the daily job (07:00 London) instead of sending now")
    ] = False,
) -> None:
    """Email each Channel case owner once per overdue review (now), or start the daily job."""
    with unit_of_work() as uow:
        if schedule:
            job = overdue_work.schedule_daily(uow)
            console.print(
                f"Daily reminders queued for {job.run_at.isoformat()}"
                if job
                else "The daily job is already queued."
            )
            return
        result = overdue_work.send_review_reminders(uow, today=clock.today_in_london())
    console.print(
        f"{result['overdue']} overdue review(s): {result['sent']} reminder(s) sent, "
        f"{result['already_sent']} already sent, {result['no_owner']} without an owner to email"
    )
