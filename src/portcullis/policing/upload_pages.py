"""Upload pages (policing.import): performance data files of every KIND the command imports, and the
official per-force settlement table. Every bad row is listed (row number, column, reason) in the error
summary and a table, and nothing is saved; large files are imported by a background job."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import jobs
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.policing import imports, rules, tables, uploads
from portcullis.policing.models import PolicingImport
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
PERMISSION = "policing.import"
SUMMARY_ROWS = 10  # the error summary lists the first few; the table beneath lists them all (up to 100)


def _problems(exc: imports.ImportRejected) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The GOV.UK error summary (first item names the file field) and the rows of the problems table."""
    rows = [e.as_dict() for e in exc.errors]
    plural = "problem" if exc.total_errors == 1 else "problems"
    summary = [{"text": f"The file has {exc.total_errors:,} {plural}: nothing was imported", "href": "#file"}]
    for i, e in enumerate(rows[:SUMMARY_ROWS]):
        where = f"Row {e['row']}, {e['field']}" if e["row"] else str(e["field"]).capitalize()
        summary.append({"text": f"{where}: {e['reason']}", "href": f"#problem-{i + 1}"})
    return summary, rows


def _form(
    request: Request,
    template: str,
    title: str,
    *,
    errors: list[dict[str, str]] | None = None,
    problems: list[dict[str, Any]] | None = None,
    total_errors: int = 0,
    values: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        template,
        {
            "title": title,
            "heading": title,
            "errors": errors or [],
            "problems": problems or [],
            "total_errors": total_errors,
            "values": values or {},
            "labels": uploads.LABELS,
            "columns": imports.COLUMNS,
            "settlement_columns": tables.REQUIRED,
            "background_mb": uploads.BACKGROUND_BYTES / 1_000_000,
            "max_mb": uploads.MAX_BYTES // 1_000_000,
        },
        status_code=422 if errors else 200,
    )


PERFORMANCE_TITLE = "Upload performance data"
SETTLEMENT_TITLE = "Load the official settlement table"


@router.get("/policing/upload", response_class=HTMLResponse)
def upload_form(request: Request, principal: Principal = Depends(require(PERMISSION))) -> HTMLResponse:
    return _form(request, "policing/upload.html", PERFORMANCE_TITLE)


@router.post("/policing/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    kind: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    principal: Principal = Depends(require(PERMISSION)),
) -> Response:
    values = {"kind": kind}
    errors = []
    if kind not in imports.KINDS:
        errors.append({"text": "Select the kind of data in the file", "href": "#kind"})
    if file is None or not file.filename:
        errors.append({"text": "Select a CSV file", "href": "#file"})
    if errors or file is None:
        return _form(request, "policing/upload.html", PERFORMANCE_TITLE, errors=errors, values=values)
    try:
        path, size = uploads.store(file.file, file.filename or "", kind=kind)
        outcome = uploads.receive(kind=kind, path=path, size=size, actor=principal)
    except imports.ImportRejected as exc:
        summary, problems = _problems(exc)
        return _form(
            request,
            "policing/upload.html",
            PERFORMANCE_TITLE,
            errors=summary,
            problems=problems,
            total_errors=exc.total_errors,
            values=values,
        )
    if outcome.job_id:
        return RedirectResponse(f"/policing/upload/jobs/{outcome.job_id}", status_code=303)
    return RedirectResponse(f"/policing/upload/imports/{outcome.import_id}", status_code=303)


@router.get("/policing/settlement-table", response_class=HTMLResponse)
def settlement_form(request: Request, principal: Principal = Depends(require(PERMISSION))) -> HTMLResponse:
    return _form(request, "policing/upload_settlement.html", SETTLEMENT_TITLE, values={"year": "2025-26"})


@router.post("/policing/settlement-table", response_class=HTMLResponse)
def settlement_upload(
    request: Request,
    year: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    principal: Principal = Depends(require(PERMISSION)),
) -> Response:
    year = year.strip()
    values = {"year": year}
    errors = []
    try:
        rules.financial_year_start(year)
    except rules.SettlementRefused:
        errors.append({"text": "Enter the financial year like 2025-26", "href": "#year"})
    if file is None or not file.filename:
        errors.append({"text": "Select a CSV file", "href": "#file"})
    if errors or file is None:
        return _form(
            request, "policing/upload_settlement.html", SETTLEMENT_TITLE, errors=errors, values=values
        )
    try:
        path, _ = uploads.store(
            file.file, file.filename or "", kind="settlement", limit=uploads.SETTLEMENT_MAX_BYTES
        )
        outcome = uploads.receive_settlement(year=year, path=path, actor=principal)
    except imports.ImportRejected as exc:
        summary, problems = _problems(exc)
        return _form(
            request,
            "policing/upload_settlement.html",
            SETTLEMENT_TITLE,
            errors=summary,
            problems=problems,
            total_errors=exc.total_errors,
            values=values,
        )
    return RedirectResponse(f"/policing/upload/imports/{outcome.import_id}", status_code=303)


@router.get("/policing/upload/imports/{import_id}", response_class=HTMLResponse)
def import_done(
    request: Request, import_id: str, principal: Principal = Depends(require(PERMISSION))
) -> HTMLResponse:
    with unit_of_work() as uow:
        run = uow.session.get(PolicingImport, import_id)
        if run is None:
            raise HTTPException(status_code=404)
        ctx = {
            "title": "File imported",
            "kind": run.kind,
            "label": uploads.LABELS.get(run.kind, "Official settlement table"),
            "filename": run.filename,
            "rows": run.rows,
            "year": (run.details or {}).get("year"),
        }
    return render(request, "policing/upload_done.html", ctx)


@router.get("/policing/upload/jobs/{job_id}", response_class=HTMLResponse)
def import_job(
    request: Request, job_id: str, principal: Principal = Depends(require(PERMISSION))
) -> HTMLResponse:
    """The background import's progress and, once it has run, what was imported or every bad row."""
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        if job is None or job.kind != uploads.JOB_KIND:
            raise HTTPException(status_code=404)
        if not (principal.can("admin.jobs") or job.owner_id == principal.user_id):
            raise HTTPException(status_code=404)
        result = job.result or {}
        ctx: dict[str, Any] = {
            "title": job.title,
            "job": job,
            "result": result,
            "problems": result.get("errors", []),
            "total_errors": result.get("total_errors", 0),
            "errors": [],
        }
        if result and not result.get("imported"):
            rejected = imports.ImportRejected(
                str(result.get("kind")),
                [tables.RowError(e["row"], e["field"], e["reason"]) for e in result.get("errors", [])]
                or [tables.RowError(0, "file", "rejected")],
                int(result.get("total_errors", 0)),
            )
            ctx["errors"] = _problems(rejected)[0]
            ctx["errors"][0]["href"] = "#problems"
            ctx["title"] = "Nothing was imported"
    return render(request, "policing/upload_job.html", ctx, headers={"Cache-Control": "no-store"})
