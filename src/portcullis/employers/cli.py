"""`portcullis employers ...`: the civil penalty and action plan rules from the command line."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from portcullis.core import policy
from portcullis.core.policy import ParameterNotInForce
from portcullis.employers import rules
from portcullis.employers.values import EmployersError

app = typer.Typer(help="Employer compliance: civil penalties, action plans.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _fail(message: str) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(2)


def _date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"{field}: {text!r} is not a date in the form YYYY-MM-DD")
        raise AssertionError from None


def _yes_no(text: str, field: str) -> bool:
    if text.lower() not in ("yes", "no"):
        _fail(f"{field}: answer yes or no (got {text!r})")
    return text.lower() == "yes"


def _print(data: dict[str, Any], as_json: bool, title: str) -> None:
    if as_json:
        console.print_json(json.dumps(data))
        return
    table = Table(title=title, show_header=False)
    for key, value in data.items():
        if key != "references":
            table.add_row(key.replace("_", " "), "\n".join(value) if isinstance(value, list) else str(value))
    console.print(table)
    for ref in data.get("references", []):
        console.print(f"- {ref['title']}" + (f" <{ref['href']}>" if ref.get("href") else ""))


@app.command()
def penalty(
    breach: Annotated[str, typer.Option(help="first or repeat (within 3 years of a previous penalty).")],
    workers: Annotated[int, typer.Option(help="Illegal workers without a statutory excuse.")],
    on: Annotated[str, typer.Option(help="Date of the breach (YYYY-MM-DD).")],
    reported: Annotated[str, typer.Option(help="yes if the employer reported the worker.")] = "no",
    cooperated: Annotated[str, typer.Option(help="yes if the employer actively co-operated.")] = "no",
    effective_checks: Annotated[str, typer.Option(help="yes for effective checking practices.")] = "no",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Calculate an illegal working civil penalty under the code of practice in force on a date."""
    if breach not in ("first", "repeat"):
        _fail("breach: use first or repeat")
    day = _date(on, "on")
    try:
        decision = rules.civil_penalty(
            on=day,
            policy=policy.at(day),
            breach=breach,  # type: ignore[arg-type]
            workers=workers,
            reported=_yes_no(reported, "reported"),
            cooperated=_yes_no(cooperated, "cooperated"),
            effective_checks=_yes_no(effective_checks, "effective-checks"),
        )
    except EmployersError as exc:
        _fail(str(exc))
        return
    except ParameterNotInForce as exc:
        _fail(f"on: {exc}")
        return
    _print(decision.as_dict(), as_json, f"Civil penalty on {day.isoformat()}")


@app.command("action-plan-max")
def action_plan_max(
    on: Annotated[str, typer.Option(help="Date the action plan starts (YYYY-MM-DD).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The longest an action plan may run for, on a date."""
    day = _date(on, "on")
    try:
        months, used = rules.action_plan_maximum(on=day, policy=policy.at(day))
    except ParameterNotInForce as exc:
        _fail(f"on: {exc}")
        return
    data = {"months": months, "verified": used.verified, "references": rules.references_of([used])}
    _print(data, as_json, f"Action plan maximum on {day.isoformat()}")


@app.command("overdue-alerts")
def overdue_alerts(
    on: Annotated[str | None, typer.Option(help="Date to check (YYYY-MM-DD); today if left out.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    schedule: Annotated[
        bool,
        typer.Option(
            "--schedule",
            help="Instead of sending now, start the daily run in the job queue (07:00 London time; "
            "each run queues the next). Safe to repeat: it never queues a second daily run.",
        ),
    ] = False,
) -> None:
    """Email sponsors about reporting duties not met by their due date (each duty once)."""
    from rich.progress import Progress

    from portcullis.core import clock
    from portcullis.core.db import unit_of_work
    from portcullis.employers import certificates, scheduled

    if schedule:
        with unit_of_work() as uow:
            job = scheduled.schedule_daily(uow)
            data = {
                "scheduled": job is not None,
                "job_id": job.id if job else None,
                "run_at": job.run_at.isoformat() if job else None,
                "note": "queued" if job else "a daily run is already waiting",
            }
        _print(data, as_json, "Daily overdue-reporting alerts")
        return
    day = _date(on, "on") if on else clock.today_in_london()
    with unit_of_work() as uow:
        total = len(certificates.overdue_duties(uow.session, on=day))
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("Overdue reporting duties", total=total)
            sent = certificates.send_overdue_alerts(uow, on=day, progress=lambda n: progress.advance(task, n))
    _print(
        {"on": day.isoformat(), "overdue": total, "alerts_sent": sent}, as_json, "Overdue reporting duties"
    )
