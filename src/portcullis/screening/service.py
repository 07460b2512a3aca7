"""Screening use cases: screen a subject against the lists, and keep the internal lists that other domains
feed (they call these functions inside their own unit of work, in the same transaction as their decision)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import access, audit, clock, policy
from portcullis.core.db import UnitOfWork
from portcullis.screening import ceilings, events, index, rules
from portcullis.screening.matching import make_profile, normalise_identifier
from portcullis.screening.models import INTERNAL, Entry, Watchlist
from portcullis.screening.subjects import (
    ScreeningInputError,
    check_date_of_birth,
    check_name,
    check_nationalities,
)

INTERNAL_LISTS = {
    "eta-refused": "People refused an Electronic Travel Authorisation (travel).",
    "travel-restricted": "People under an order with a travel restriction, including interim SCPOs (orders).",
    "association-ban": "People named in association bans and order subjects (orders).",
    "deportation-exclusion": "People under a deportation or exclusion order (returns).",
    "disqualified-directors": "Disqualified company directors (employers).",
    "banned-sponsors": "Organisations with a revoked or banned sponsor licence (employers).",
}
MAX_CANDIDATES = 50


@dataclass(frozen=True)
class SubjectIn:
    kind: Literal["person", "organisation"]
    names: list[str]  # full names, any script; the first is the primary name
    date_of_birth: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    nationalities: list[str] = field(default_factory=list)  # ISO 3166 alpha-3 (or ICAO codes)
    identifiers: list[str] = field(default_factory=list)  # passport / document / company numbers
    party_id: str | None = None  # people.id or organisations.id when known


@dataclass(frozen=True)
class Hit:
    entry_id: str
    list_name: str
    reason_code: str
    name: str
    score: float  # 0..1
    explanation: dict[str, Any]


def validate_subject(subject: SubjectIn, *, today: date) -> SubjectIn:
    """The subject with its date of birth and nationalities normalised; raises ScreeningInputError."""
    errors: list[dict[str, str]] = []
    if subject.kind not in ("person", "organisation"):
        errors.append({"field": "kind", "reason": "must be person or organisation"})
    names = [n.strip() for n in subject.names if n is not None]
    if not names:
        errors.append({"field": "names", "reason": "give at least one name"})
    for i, name in enumerate(names):
        errors += check_name(name, f"names[{i}]", organisation=subject.kind == "organisation")
    dob, dob_errors = check_date_of_birth(subject.date_of_birth, "date_of_birth", today=today)
    errors += dob_errors
    if dob and subject.kind == "organisation":
        errors.append({"field": "date_of_birth", "reason": "an organisation has no date of birth"})
    nationalities, nat_errors = check_nationalities(list(subject.nationalities), "nationalities")
    errors += nat_errors
    identifiers = [normalise_identifier(i) for i in subject.identifiers if i and i.strip()]
    for i, ident in enumerate(identifiers):
        if len(ident) < 4 or len(ident) > 40:
            errors.append({"field": f"identifiers[{i}]", "reason": "must have 4 to 40 letters or digits"})
    if errors:
        raise ScreeningInputError(errors)
    return SubjectIn(
        kind=subject.kind,
        names=names,
        date_of_birth=dob,
        nationalities=nationalities,
        identifiers=identifiers,
        party_id=subject.party_id,
    )


def profile_of(subject: SubjectIn) -> index.Profile:
    return make_profile(
        subject.kind, subject.names, subject.date_of_birth, subject.nationalities, subject.identifiers
    )


def screen(
    session: Session,
    subject: SubjectIn,
    *,
    use: Literal["eta", "carrier", "employer", "prevent", "general"],
    on: date,
    lists: list[str] | None = None,
) -> list[Hit]:
    """Entries valid on `on` scoring at or above the use's threshold, best first. A pure read: callers audit
    their own consultation. Raises ScreeningInputError for bad input and ParameterNotInForce when the use
    has no threshold in force on that date."""
    subject = validate_subject(subject, today=on)
    limit = rules.threshold(use, on=on, snapshot=policy.at(on))
    return [
        h
        for h in match(session, subject, on=on, lists=lists, limit=MAX_CANDIDATES)
        if rules.is_hit(h.score, limit)
    ]


SMALL_BATCH = 4  # up to this many subjects, `screen_many` takes each subject's own candidates


def screen_many(
    session: Session,
    subjects: list[SubjectIn],
    *,
    use: Literal["eta", "carrier", "employer", "prevent", "general"],
    on: date,
    lists: list[str] | None = None,
    stamp: tuple[int, int] | None = None,
) -> list[list[Hit]]:
    """`screen` for many subjects at once (a flight manifest): the hits of each subject, in order. Every
    subject is validated before any is matched (errors name `subjects[i].<field>`); the index is fetched,
    and its stamp read, once; candidates are scored from the index's own columns, so apart from that stamp
    there is no query per subject, whatever the batch size. `stamp`: the index stamp, if the caller read
    it in its own query (`stamp_columns()`), which saves that query too."""
    checked: list[SubjectIn] = []
    errors: list[dict[str, str]] = []
    for i, subject in enumerate(subjects):
        try:
            checked.append(validate_subject(subject, today=on))
        except ScreeningInputError as exc:
            errors += [{**e, "field": f"subjects[{i}].{e['field']}"} for e in exc.errors]
    if errors:
        raise ScreeningInputError(errors)
    limit = rules.threshold(use, on=on, snapshot=policy.at(on))
    if not checked:
        return []
    found = index.current(session, stamp=stamp)
    profiles = [profile_of(s) for s in checked]
    if len(profiles) <= SMALL_BATCH:
        # The array work of a batch costs more than it saves for a few subjects: the same candidates
        # (`candidates_many` equals `candidates` per subject), and `rank` applies the score ceilings itself.
        candidates = [found.candidates(p, on=on, lists=lists) for p in profiles]
    else:
        candidates = found.candidates_many(profiles, on=on, lists=lists)
        candidates = ceilings.possible(found, profiles, candidates, min_score=float(limit.value))
    return [
        [
            _hit(c)
            for c in found.rank(profile, ordinals, limit=MAX_CANDIDATES, min_score=float(limit.value))
            if rules.is_hit(c.score, limit)
        ]
        for profile, ordinals in zip(profiles, candidates, strict=True)
    ]


def index_is_current(stamp: tuple[int, int]) -> bool:
    """Whether screening with this stamp can start at once, without rebuilding the index."""
    return index.is_current(stamp)


def stamp_columns() -> tuple[Any, Any]:
    """The screening index's stamp as two SQL columns, to read within another query (see `screen_many`)."""
    return index.stamp_columns()


def _hit(c: index.Candidate) -> Hit:
    return Hit(
        entry_id=c.entry_id,
        list_name=c.list_name,
        reason_code=c.reason_code,
        name=c.name,
        score=c.score,
        explanation=c.explanation,
    )


def match(
    session: Session,
    subject: SubjectIn,
    *,
    on: date,
    lists: list[str] | None = None,
    limit: int = 10,
    min_score: float = 0.0,
) -> list[Hit]:
    """Ranked candidates from the index with their scores and explanations (no threshold applied)."""
    subject = validate_subject(subject, today=on)
    found = index.current(session).search(profile_of(subject), on=on, lists=lists, limit=limit)
    return [
        Hit(
            entry_id=c.entry_id,
            list_name=c.list_name,
            reason_code=c.reason_code,
            name=c.name,
            score=c.score,
            explanation=c.explanation,
        )
        for c in found
        if c.score >= min_score
    ]


def fingerprint(
    *,
    kind: str,
    names: list[str],
    date_of_birth: str | None,
    nationalities: list[str],
    identifiers: list[str],
) -> str:
    """What matching depends on; a dismissed alert stays dismissed until this changes."""
    body = json.dumps(
        [kind, names, date_of_birth, sorted(nationalities), sorted(identifiers)], ensure_ascii=False
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def get_or_create_list(
    session: Session, name: str, *, kind: str = INTERNAL, description: str = ""
) -> Watchlist:
    found = session.scalar(select(Watchlist).where(Watchlist.name == name))
    if found is None:
        found = Watchlist(
            name=name, kind=kind, description=description or INTERNAL_LISTS.get(name, ""), current_version=0
        )
        session.add(found)
        session.flush()
    return found


def upsert_internal_entry(
    uow: UnitOfWork,
    *,
    list_name: str,
    source_ref: str,
    subject: SubjectIn,
    reason_code: str,
    source: str,
    valid_from: date | None,
    valid_to: date | None,
) -> str:
    """Add or update the entry for `source_ref` on an internal list (created on first use); returns its id.
    `valid_to` is the last day the entry applies."""
    errors: list[dict[str, str]] = []
    for value, name in (
        (list_name, "list_name"),
        (source_ref, "source_ref"),
        (reason_code, "reason_code"),
        (source, "source"),
    ):
        if not value or not value.strip():
            errors.append({"field": name, "reason": "is empty"})
    if valid_from and valid_to and valid_to < valid_from:
        errors.append({"field": "valid_to", "reason": "is before valid_from"})
    try:
        subject = validate_subject(subject, today=clock.today_in_london())
    except ScreeningInputError as exc:
        errors += exc.errors
    if errors:
        raise ScreeningInputError(errors)
    session = uow.session
    watchlist = get_or_create_list(session, list_name)
    if watchlist.kind != INTERNAL:
        raise ScreeningInputError([{"field": "list_name", "reason": f"{list_name} is an imported list"}])
    print_ = fingerprint(
        kind=subject.kind,
        names=subject.names,
        date_of_birth=subject.date_of_birth,
        nationalities=subject.nationalities,
        identifiers=subject.identifiers,
    )
    entry = session.scalar(select(Entry).where(Entry.list_id == watchlist.id, Entry.source_ref == source_ref))
    operation = audit.Operation.ALTERATION
    if entry is None:
        operation = audit.Operation.COLLECTION
        entry = Entry(
            list_id=watchlist.id,
            source_ref=source_ref,
            version_added=watchlist.current_version,
            version_changed=watchlist.current_version,
            name_parts={},
        )
        session.add(entry)
    elif entry.fingerprint != print_:
        entry.version_changed = watchlist.current_version
    entry.kind = subject.kind
    entry.name = subject.names[0]
    entry.aliases = subject.names[1:]
    entry.date_of_birth = subject.date_of_birth
    entry.nationalities = " ".join(subject.nationalities)
    entry.identifiers = list(subject.identifiers)
    entry.reason_code = reason_code
    entry.source = source
    entry.valid_from = valid_from
    entry.valid_to = valid_to
    entry.party_id = subject.party_id
    entry.fingerprint = print_
    entry.removed_in_version = None
    session.flush()
    index.bump_revision(session, watchlist.id)
    audit.record(
        uow,
        actor=access.SYSTEM,
        operation=operation,
        record_type="screening_entry",
        record_id=entry.id,
        subject_id=subject.party_id,
        justification=f"Listed on {list_name} by {source}",
        details={"list": list_name, "source_ref": source_ref, "reason_code": reason_code},
    )
    uow.after_commit(index.invalidate)
    events.schedule_rescreen(uow)
    return entry.id


def end_internal_entry(uow: UnitOfWork, *, list_name: str, source_ref: str, on: date) -> None:
    """The entry stops applying on `on` (its valid_to becomes the day before); nothing happens if absent."""
    session = uow.session
    entry = session.scalar(
        select(Entry)
        .join(Watchlist, Watchlist.id == Entry.list_id)
        .where(Watchlist.name == list_name, Entry.source_ref == source_ref)
    )
    if entry is None:
        return
    last_day = on - timedelta(days=1)
    if entry.valid_to is not None and entry.valid_to <= last_day:
        return
    entry.valid_to = last_day
    session.flush()
    index.bump_revision(session, entry.list_id)
    audit.record(
        uow,
        actor=access.SYSTEM,
        operation=audit.Operation.ALTERATION,
        record_type="screening_entry",
        record_id=entry.id,
        subject_id=entry.party_id,
        justification=f"Ended on {list_name}",
        details={"list": list_name, "source_ref": source_ref, "ends_on": on.isoformat()},
    )
    uow.after_commit(index.invalidate)
    events.schedule_rescreen(uow)
