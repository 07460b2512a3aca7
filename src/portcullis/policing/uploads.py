"""Web uploads of performance data files and of the official per-force settlement table. Each uploaded
file is kept under `var_dir/policing/uploads/<id>/`; small files are checked and imported at once, large
ones by a background job (`policing.import`) that reports its progress. Either way every row is checked
before anything is saved, and a file with any bad row imports nothing."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from portcullis.core import jobs
from portcullis.core.access import Principal
from portcullis.core.db import new_id, unit_of_work
from portcullis.core.settings import get_settings
from portcullis.policing import imports
from portcullis.policing.tables import RowError

JOB_KIND = "policing.import"
# Files above this size are imported by a background job, so the request returns at once (about 25,000
# rows of 999 data or 15,000 incidents); smaller ones are imported while the user waits.
BACKGROUND_BYTES = 1_000_000
# The CSRF check reads the whole form into memory, so uploads are capped; bigger files use the command.
MAX_BYTES = 200_000_000
SETTLEMENT_MAX_BYTES = 1_000_000  # one row per force
CHUNK = 1 << 20
LABELS = {
    "999": "999 call answering (monthly, per force)",
    "incidents": "Incident attendance times (one row per incident)",
    "measures": "Other measures (numerator and denominator per force and month)",
    "neighbourhood": "Neighbourhood policing returns (monthly, per force)",
}


@dataclass(frozen=True)
class Outcome:
    """Where the upload went: imported now (`import_id`) or queued as a background job (`job_id`)."""

    import_id: str | None = None
    job_id: str | None = None
    rows: int = 0


def upload_root() -> Path:
    return get_settings().var_dir / "policing" / "uploads"


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(filename or "").name).strip("._")
    return (name or "upload.csv")[:100]


def _rejected(kind: str, reason: str) -> imports.ImportRejected:
    return imports.ImportRejected(kind, [RowError(0, "file", reason)])


def store(source: BinaryIO, filename: str, *, kind: str, limit: int = MAX_BYTES) -> tuple[Path, int]:
    """Copy the upload under var_dir in chunks; refuses an empty file or one over `limit` bytes."""
    folder = upload_root() / new_id()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _safe_name(filename)
    size = 0
    with path.open("wb") as out:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size == 0 or size > limit:
        discard(path)
        reason = "the file is empty" if size == 0 else f"the file is larger than {limit // 1_000_000} MB"
        raise _rejected(kind, reason)
    return path, size


def discard(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def _check_text(path: Path, kind: str) -> None:
    try:
        with path.open(encoding="utf-8") as f:
            while f.read(CHUNK):
                pass
    except UnicodeDecodeError:
        raise _rejected(kind, "the file is not UTF-8 text: save it as 'CSV UTF-8' and try again") from None


def receive(*, kind: str, path: Path, size: int, actor: Principal) -> Outcome:
    """Import a stored upload now, or queue it when it is large. ImportRejected (nothing saved, the stored
    file removed) when any row is bad."""
    try:
        if kind not in imports.KINDS:
            raise imports.ImportRejected(
                kind, [RowError(0, "kind", f"choose one of: {', '.join(imports.KINDS)}")]
            )
        _check_text(path, kind)
        if size > BACKGROUND_BYTES:
            with unit_of_work() as uow:
                job = jobs.enqueue(
                    uow,
                    JOB_KIND,
                    {"kind": kind, "path": str(path), "actor_id": actor.user_id, "actor_name": actor.name},
                    owner_id=actor.user_id,
                    title=f"Import {kind} data from {path.name}",
                    max_attempts=3,
                )
            return Outcome(job_id=job.id)
        with unit_of_work() as uow:
            run = imports.import_file(uow, kind=kind, path=path, actor=actor)
            return Outcome(import_id=run.id, rows=run.rows)
    except imports.ImportRejected:
        discard(path)
        raise


def receive_settlement(*, year: str, path: Path, actor: Principal) -> Outcome:
    """Load an official per-force table for a year from a stored upload (small: done at once)."""
    try:
        _check_text(path, "settlement")
        with unit_of_work() as uow:
            run = imports.import_settlement_table(
                uow, year=year, text=path.read_text(encoding="utf-8"), filename=path.name, actor=actor
            )
            return Outcome(import_id=run.id, rows=run.rows)
    except Exception:
        discard(path)
        raise


@jobs.handler(JOB_KIND)
def run_import(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    """The background import. A rejected file is a finished job (retrying cannot fix the file): its result
    lists the bad rows and nothing is saved. Re-running is safe: an import replaces the same months."""
    kind = str(payload.get("kind", ""))
    path = Path(str(payload.get("path", "")))
    if kind not in imports.KINDS:
        raise jobs.PermanentError(f"payload.kind: {kind!r} is not one of {', '.join(imports.KINDS)}")
    if not path.is_file() or upload_root().resolve() not in path.resolve().parents:
        raise jobs.PermanentError("payload.path: the uploaded file is not in the upload folder")
    actor = Principal(
        kind="user", user_id=payload.get("actor_id"), name=str(payload.get("actor_name") or "upload")
    )

    def tick(done: int, total: int) -> None:
        progress.update(done, total, f"Checking and importing {path.name}")

    try:
        with unit_of_work() as uow:
            run = imports.import_file(uow, kind=kind, path=path, actor=actor, progress=tick)
            result = {
                "imported": True,
                "import_id": run.id,
                "kind": kind,
                "file": path.name,
                "rows": run.rows,
            }
    except imports.ImportRejected as exc:
        progress.update(1, 1, "Rejected: nothing was imported")
        discard(path)
        return {
            "imported": False,
            "kind": kind,
            "file": path.name,
            "total_errors": exc.total_errors,
            "errors": [e.as_dict() for e in exc.errors],
        }
    progress.update(run.rows, run.rows, f"Imported {run.rows:,} rows")
    return result
