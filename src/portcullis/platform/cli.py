"""Commands: `portcullis worker` (run jobs), `portcullis jobs list|show|watch|retry` and `portcullis notify
test-email`."""

from __future__ import annotations

import json
import signal
import sys
import time
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from portcullis.core import jobs
from portcullis.core.db import check_database, redact_url, unit_of_work
from portcullis.core.settings import ConfigurationError, get_settings
from portcullis.core.worker import Outcome, Worker

console = Console()
err = Console(stderr=True)

worker_app = typer.Typer(
    help="Run queued jobs (imports, re-screening, email delivery, event retries).",
    invoke_without_command=True,
)
jobs_app = typer.Typer(help="Inspect and retry background jobs.", no_args_is_help=True)
notify_app = typer.Typer(help="Email: the outbox and GOV.UK Notify.", no_args_is_help=True)
apps = {"worker": worker_app, "jobs": jobs_app, "notify": notify_app}

STATUS_STYLE = {
    "succeeded": "green",
    "failed": "yellow",
    "dead": "bold red",
    "lost": "magenta",
    "running": "blue",
    "queued": "white",
}


def _fail(message: str) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(1)


def _check() -> None:
    try:
        check_database()
    except ConfigurationError as exc:
        _fail(str(exc))


@worker_app.callback()
def worker(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="Run the jobs that are due now, then exit.")] = False,
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Jobs run at the same time (PostgreSQL only; SQLite runs one).")
    ] = 1,
    poll: Annotated[float, typer.Option(min=0.1, help="Seconds between looks for new jobs.")] = 2.0,
) -> None:
    """Run jobs until stopped (Ctrl+C or SIGTERM finish the running jobs first), or with --once until none is
    due."""
    if ctx.invoked_subcommand is not None:
        return
    from portcullis.platform.runtime import load_handlers

    _check()
    kinds = load_handlers()
    runner = Worker(concurrency=concurrency, poll_interval=poll, on_outcome=_print_outcome)
    if runner.sqlite and concurrency > 1:
        console.print("[yellow]SQLite allows one writer at a time: running one job at a time.[/]")
    console.print(
        f"[bold]Portcullis worker[/] {runner.worker_id} on {redact_url(get_settings().database_url)}; "
        f"concurrency {runner.concurrency}; {len(kinds)} job kinds: {', '.join(kinds)}"
    )

    def stop(signum: int, _frame: FrameType | None) -> None:
        console.print(f"[yellow]{signal.Signals(signum).name}: finishing running jobs, then stopping.[/]")
        runner.stop()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        runner.start(once=once)
        while runner.alive:
            runner.join(timeout=0.5)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    console.print(f"Worker stopped after {runner.ran} job{'s' if runner.ran != 1 else ''}.")


def _print_outcome(outcome: Outcome) -> None:
    style = STATUS_STYLE.get(outcome.status, "white")
    console.print(
        f"{outcome.kind:<28} {outcome.job_id[:8]} attempt {outcome.attempt:<2} "
        f"[{style}]{outcome.status:<10}[/] {outcome.seconds:6.2f}s"
    )


@jobs_app.command("list")
def jobs_list(
    status: Annotated[str, typer.Option(help="Only jobs with this status.")] = "",
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 20,
) -> None:
    """List recent jobs."""
    _check()
    if status and status not in set(jobs.JobStatus):
        _fail(f"--status: {status!r} is not one of {', '.join(jobs.JobStatus)}")
    with unit_of_work() as uow:
        query = select(jobs.Job).order_by(jobs.Job.created_at.desc()).limit(limit)
        if status:
            query = query.where(jobs.Job.status == status)
        rows = list(uow.session.scalars(query))
        counts = jobs.counts(uow)
    table = Table(title=" ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no jobs")
    table.add_column("id", no_wrap=True, min_width=32)
    for name in ("kind", "status", "attempts", "progress", "created (UTC)"):
        table.add_column(name)
    for job in rows:
        progress = (
            f"{job.progress_done}/{job.progress_total}" if job.progress_total else str(job.progress_done)
        )
        table.add_row(
            job.id,
            job.kind,
            f"[{STATUS_STYLE.get(job.status, 'white')}]{job.status}[/]",
            f"{job.attempts}/{job.max_attempts}",
            progress,
            job.created_at.strftime("%Y-%m-%d %H:%M:%S"),
        )
    console.print(table)


@jobs_app.command("show")
def jobs_show(
    job_id: Annotated[str, typer.Argument(help="The job's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one job: status, progress, result and last error."""
    _check()
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        if job is None:
            _fail(f"no job with id {job_id}")
            return
        data = job.as_dict()
    if as_json:
        sys.stdout.write(json.dumps(data) + "\n")
        return
    for key, value in data.items():
        console.print(f"[bold]{key}[/]: {value}")


@jobs_app.command("watch")
def jobs_watch(
    job_id: Annotated[str, typer.Argument(help="The job's id.")],
    interval: Annotated[float, typer.Option(min=0.1, help="Seconds between looks.")] = 0.5,
) -> None:
    """Show a job's progress bar until it finishes; exits 0 if it succeeded, 1 if it died."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    _check()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("waiting", total=None)
        while True:
            with unit_of_work() as uow:
                job = jobs.get(uow, job_id)
                if job is None:
                    _fail(f"no job with id {job_id}")
                    return
                status, done, total, message = (
                    job.status,
                    job.progress_done,
                    job.progress_total,
                    job.progress_message,
                )
                error = job.last_error
            label = f"{job.title} [{STATUS_STYLE.get(status, 'white')}]{status}[/]" + (
                f": {message}" if message else ""
            )
            bar.update(task, description=label, completed=done, total=total)
            if status in (jobs.JobStatus.SUCCEEDED, jobs.JobStatus.DEAD):
                break
            time.sleep(interval)
    if status == jobs.JobStatus.DEAD:
        _fail(f"the job died: {(error or 'no error recorded').splitlines()[0]}")


@jobs_app.command("retry")
def jobs_retry(job_id: Annotated[str, typer.Argument(help="The failed or dead job's id.")]) -> None:
    """Queue a failed or dead job to run again now."""
    _check()
    try:
        with unit_of_work() as uow:
            job = jobs.get(uow, job_id)
            if job is None:
                _fail(f"no job with id {job_id}")
                return
            jobs.retry_now(uow, job)
    except jobs.JobError as exc:
        _fail(str(exc))
    console.print(f"Job {job_id} queued to run again.")


@notify_app.command("test-email")
def notify_test_email(
    to: Annotated[str, typer.Option(help="Address to send the test email to.")],
    name: Annotated[str, typer.Option(help="Name to greet.")] = "colleague",
) -> None:
    """Write a test email (template platform.test-email) through the configured backend."""
    from portcullis.core import notify

    _check()
    try:
        with unit_of_work() as uow:
            message = notify.send_email(
                uow,
                to=to,
                template="platform.test-email",
                personalisation={"name": name},
                reference="test-email",
            )
            message_id, status = message.id, message.status
    except (notify.NotifyError, ConfigurationError) as exc:
        _fail(str(exc))
        return
    if status == "held":
        console.print(f"Email {message_id} is held in the outbox: read it at /outbox/{message_id}.")
    else:
        console.print(f"Email {message_id} is queued for GOV.UK Notify: `portcullis worker` sends it.")
