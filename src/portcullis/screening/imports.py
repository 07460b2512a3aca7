"""Importing external lists: FollowTheMoney JSON lines and OpenSanctions `targets.simple.csv` columns.

Every row is checked and a bad row is reported with its line number and reason. A file with any bad row
imports nothing unless the caller asks to skip invalid rows. Each import is a new version of the list that
records what was added, changed and removed since the previous one (an entity missing from the new file is
removed)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from portcullis.core import access, audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.screening import events, index
from portcullis.screening.matching import normalise_identifier
from portcullis.screening.models import EXTERNAL, Entry, ListVersion
from portcullis.screening.service import fingerprint, get_or_create_list
from portcullis.screening.subjects import check_date_of_birth, check_name, normalise_country

FORMATS = ("ftm", "opensanctions-csv")
CSV_COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
)
CSV_REQUIRED = ("id", "schema", "name")
PERSON_SCHEMAS = {"Person"}
ORGANISATION_SCHEMAS = {"Company", "Organization", "LegalEntity", "PublicBody"}
# FtM entities that describe something else (a sanction, an address...) and are not screened themselves.
FTM_OTHER = {
    "Sanction",
    "Address",
    "Identification",
    "Passport",
    "Ownership",
    "Directorship",
    "Family",
    "Associate",
    "Membership",
    "Occupancy",
    "Position",
    "Note",
    "Article",
    "Documentation",
}
ProgressFn = Callable[[int, int], None]


class ImportRejected(ValueError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        shown = "; ".join(f"line {e['line']}: {e['reason']}" for e in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        super().__init__(f"{len(errors)} invalid row(s), nothing imported: {shown}{more}")


@dataclass
class Row:
    line: int
    source_ref: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    name_parts: dict[str, Any] = field(default_factory=dict)
    date_of_birth: str | None = None
    nationalities: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    reason_code: str = "listed"
    source: str = ""


@dataclass
class ImportResult:
    list_name: str
    version: int
    added: int
    changed: int
    removed: int
    unchanged: int
    skipped: int
    errors: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _check_row(row: Row, today: date) -> list[str]:
    reasons = [
        f"{e['field']} {e['reason']}"
        for e in check_name(row.name, "name", organisation=row.kind == "organisation")
    ]
    good_aliases = []
    for alias in row.aliases:
        if not check_name(alias, "alias", organisation=row.kind == "organisation"):
            good_aliases.append(alias)
    row.aliases = good_aliases  # an unusable alias is dropped, the primary name must be good
    if row.date_of_birth:
        dob, errors = check_date_of_birth(row.date_of_birth, "birth_date", today=today)
        reasons += [f"{e['field']}: {e['reason']}" for e in errors]
        row.date_of_birth = dob
    codes = []
    for country in row.nationalities:
        code = normalise_country(country)
        if code is None:
            reasons.append(f"countries: {country!r} is not a known country code")
        elif code not in codes:
            codes.append(code)
    row.nationalities = codes
    row.identifiers = sorted(
        {i for i in (normalise_identifier(x) for x in row.identifiers) if 4 <= len(i) <= 40}
    )
    if not row.source_ref or len(row.source_ref) > 200:
        reasons.append("id: is empty or longer than 200 characters")
    return reasons


def parse_csv(text: str) -> Iterator[tuple[int, Row | None, str | None]]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        yield 1, None, f"not an OpenSanctions targets.simple.csv file: missing column(s) {', '.join(missing)}"
        return
    for record in reader:
        line = reader.line_num
        if None in record:
            yield line, None, "more values than columns"
            continue
        schema = (record.get("schema") or "").strip()
        kind = (
            "person" if schema in PERSON_SCHEMAS else "organisation" if schema in ORGANISATION_SCHEMAS else ""
        )
        if not kind:
            yield line, None, f"schema: {schema!r} is not Person, Company, Organization or LegalEntity"
            continue
        dates = _split(record.get("birth_date"))
        sanctions = _split(record.get("sanctions"))
        yield (
            line,
            Row(
                line=line,
                source_ref=(record.get("id") or "").strip(),
                kind=kind,
                name=(record.get("name") or "").strip(),
                aliases=_split(record.get("aliases")),
                date_of_birth=dates[0] if dates else None,
                nationalities=_split(record.get("countries")),
                identifiers=_split(record.get("identifiers")),
                reason_code="sanction" if sanctions else "listed",
                source=(record.get("dataset") or "").strip()[:200],
            ),
            None,
        )


def parse_ftm(text: str) -> Iterator[tuple[int, Row | None, str | None]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, None, f"not JSON ({exc.msg})"
            continue
        if not isinstance(data, dict) or not isinstance(data.get("properties"), dict) or "schema" not in data:
            yield number, None, "not a FollowTheMoney entity (needs id, schema and properties)"
            continue
        schema, props = data["schema"], data["properties"]
        if schema in FTM_OTHER:
            continue
        kind = (
            "person" if schema in PERSON_SCHEMAS else "organisation" if schema in ORGANISATION_SCHEMAS else ""
        )
        if not kind:
            yield number, None, f"schema: {schema!r} is not a Person, Company, Organization or LegalEntity"
            continue

        names = _values(props, "name")
        given, middle, family = (
            _values(props, "firstName"),
            _values(props, "middleName"),
            _values(props, "lastName"),
        )
        if not names and (given or family):
            names = [" ".join([*given[:1], *middle[:1], *family[:1]])]
        topics = _values(props, "topics")
        yield (
            number,
            Row(
                line=number,
                source_ref=str(data.get("id") or "").strip(),
                kind=kind,
                name=names[0] if names else "",
                aliases=names[1:] + _values(props, "alias", "previousName", "weakAlias"),
                name_parts={"given": given, "middle": middle, "family": family} if (given or family) else {},
                date_of_birth=next(iter(_values(props, "birthDate")), None),
                nationalities=_values(props, "nationality", "citizenship", "country", "jurisdiction"),
                identifiers=_values(
                    props,
                    "passportNumber",
                    "idNumber",
                    "registrationNumber",
                    "taxNumber",
                    "innCode",
                    "ogrnCode",
                    "leiCode",
                    "imoNumber",
                ),
                reason_code=topics[0][:100] if topics else "listed",
                source=",".join(str(d) for d in data.get("datasets", []))[:200],
            ),
            None,
        )


def _values(props: dict[str, Any], *keys: str) -> list[str]:
    found: list[str] = []
    for key in keys:
        got = props.get(key, [])
        found += [str(v) for v in (got if isinstance(got, list) else [got]) if str(v).strip()]
    return found


def read_rows(path: Path, file_format: str, *, today: date) -> tuple[list[Row], list[dict[str, Any]]]:
    if file_format not in FORMATS:
        raise ValueError(f"format: must be one of {', '.join(FORMATS)} (got {file_format!r})")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return [], [{"line": 0, "reason": "the file is not UTF-8 text"}]
    rows: list[Row] = []
    errors: list[dict[str, Any]] = []
    seen: set[str] = set()
    parser = parse_csv if file_format == "opensanctions-csv" else parse_ftm
    for line, row, problem in parser(text):
        if row is None:
            errors.append({"line": line, "reason": problem})
            continue
        reasons = _check_row(row, today)
        if row.source_ref in seen:
            reasons.append(f"id: {row.source_ref!r} appears twice in the file")
        if reasons:
            errors.append({"line": line, "reason": "; ".join(reasons)})
            continue
        seen.add(row.source_ref)
        rows.append(row)
    if not rows and not errors:
        errors.append({"line": 0, "reason": "the file has no entities to import"})
    return rows, errors


def import_list(
    uow: UnitOfWork,
    *,
    list_name: str,
    path: Path,
    file_format: str,
    actor: Principal = access.SYSTEM,
    skip_invalid: bool = False,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Import a file as the new version of an external list, in the caller's unit of work."""
    rows, errors = read_rows(path, file_format, today=clock.today_in_london())
    if errors and (not skip_invalid or not rows):
        raise ImportRejected(errors)
    session = uow.session
    watchlist = get_or_create_list(
        session, list_name, kind=EXTERNAL, description=f"Imported from {path.name}"
    )
    if watchlist.kind != EXTERNAL:
        raise ImportRejected(
            [{"line": 0, "reason": f"{list_name} is an internal list, fed by other services"}]
        )
    version = watchlist.current_version + 1
    existing = {e.source_ref: e for e in session.scalars(select(Entry).where(Entry.list_id == watchlist.id))}
    added: list[str] = []
    changed: list[str] = []
    unchanged = 0
    for done, row in enumerate(rows, start=1):
        names = [row.name, *row.aliases]
        print_ = fingerprint(
            kind=row.kind,
            names=names,
            date_of_birth=row.date_of_birth,
            nationalities=row.nationalities,
            identifiers=row.identifiers,
        )
        entry = existing.get(row.source_ref)
        if entry is None:
            entry = Entry(list_id=watchlist.id, source_ref=row.source_ref, version_added=version)
            session.add(entry)
            added.append(row.source_ref)
        elif (
            entry.fingerprint != print_
            or entry.removed_in_version is not None
            or entry.reason_code != row.reason_code
        ):
            changed.append(row.source_ref)
        else:
            unchanged += 1
            if progress:
                progress(done, len(rows))
            continue
        entry.kind, entry.name, entry.aliases, entry.name_parts = (
            row.kind,
            row.name,
            row.aliases,
            row.name_parts,
        )
        entry.date_of_birth, entry.nationalities = row.date_of_birth, " ".join(row.nationalities)
        entry.identifiers, entry.reason_code, entry.source = (
            row.identifiers,
            row.reason_code,
            row.source or list_name,
        )
        entry.fingerprint, entry.version_changed, entry.removed_in_version = print_, version, None
        if progress and (done % 500 == 0 or done == len(rows)):
            progress(done, len(rows))
    present = {row.source_ref for row in rows}
    removed = [ref for ref, e in existing.items() if ref not in present and e.removed_in_version is None]
    for ref in removed:
        existing[ref].removed_in_version = version
    watchlist.current_version = version
    session.add(
        ListVersion(
            list_id=watchlist.id,
            version=version,
            created_at=clock.now(),
            source=path.name,
            file_format=file_format,
            added=len(added),
            changed=len(changed),
            removed=len(removed),
            skipped=len(errors),
            details={
                "added": added[:1000],
                "changed": changed[:1000],
                "removed": removed[:1000],
                "errors": errors[:1000],
            },
        )
    )
    session.flush()
    index.bump_revision(session, watchlist.id)
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="screening_list",
        record_id=watchlist.id,
        justification=f"Imported version {version} of {list_name}",
        details={
            "file": path.name,
            "format": file_format,
            "added": len(added),
            "changed": len(changed),
            "removed": len(removed),
            "skipped": len(errors),
        },
    )
    uow.after_commit(index.invalidate)
    events.schedule_rescreen(uow)
    return ImportResult(
        list_name, version, len(added), len(changed), len(removed), unchanged, len(errors), errors
    )
