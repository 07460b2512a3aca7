"""The in-memory candidate index over list entries.

Entries are loaded once per process and kept with their prepared profiles; the index is rebuilt when any
list's revision counter moves (every change to an entry bumps it, in the same transaction), so another
process's change is seen on the next search. Candidates come from blocking keys, not from scoring every
entry: phonetic keys (metaphone, NYSIIS, consonant skeleton) of each name part, character trigrams of each
part, nickname groups, and identifiers."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portcullis.screening.matching import Profile, make_profile, score
from portcullis.screening.models import Entry, Watchlist
from portcullis.screening.names import nickname_groups, phonetic_keys

__all__ = ["Candidate", "MatchIndex", "Profile", "bump_revision", "current", "invalidate"]

BLOCK_CANDIDATES = 200


@dataclass(frozen=True)
class IndexedEntry:
    entry_id: str
    list_name: str
    reason_code: str
    name: str
    valid_from: date | None
    valid_to: date | None
    profile: Profile

    def valid_on(self, on: date) -> bool:
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    list_name: str
    reason_code: str
    name: str
    score: float
    explanation: dict[str, Any]


def part_keys(part: str) -> list[str]:
    """Blocking keys of one name part."""
    keys = [f"p:{k}" for k in phonetic_keys(part)]
    keys += [f"g:{g}" for g in nickname_groups(part)]
    if len(part) >= 3:
        padded = f"^{part}$"
        keys += [f"t:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
    elif part:
        keys.append(f"x:{part}")
    return keys


def profile_keys(profile: Profile) -> set[str]:
    keys: set[str] = {f"i:{i}" for i in profile.identifiers}
    for name in profile.names:
        for part in name.parts:
            keys.update(part_keys(part))
    return keys


@dataclass
class MatchIndex:
    entries: list[IndexedEntry] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=dict)
    stamp: tuple[int, int] = (-1, -1)

    def add(self, entry: IndexedEntry) -> None:
        ordinal = len(self.entries)
        self.entries.append(entry)
        for key in profile_keys(entry.profile):
            self.postings.setdefault(key, []).append(ordinal)

    def candidates(self, query: Profile, *, limit: int = BLOCK_CANDIDATES) -> list[int]:
        """Entries sharing the most blocking keys with the query, identifier matches first. Very common keys
        (trigrams shared by a large share of the list) are skipped: they select everything and say little."""
        counts: Counter[int] = Counter()
        ceiling = max(1000, len(self.entries) // 20)
        for key in profile_keys(query):
            posting = self.postings.get(key)
            if not posting:
                continue
            if key.startswith("i:"):
                counts.update({o: 1000 for o in posting})
            elif len(posting) <= ceiling:
                weight = 3 if key.startswith(("p:", "g:")) else 1
                counts.update({o: weight for o in posting})
        return [o for o, _ in counts.most_common(limit)]

    def search(
        self, query: Profile, *, on: date, lists: list[str] | None = None, limit: int = 10
    ) -> list[Candidate]:
        wanted = set(lists) if lists else None
        found: list[Candidate] = []
        for ordinal in self.candidates(query):
            entry = self.entries[ordinal]
            if (wanted is not None and entry.list_name not in wanted) or not entry.valid_on(on):
                continue
            value, explanation = score(query, entry.profile)
            found.append(
                Candidate(entry.entry_id, entry.list_name, entry.reason_code, entry.name, value, explanation)
            )
        found.sort(key=lambda c: (-c.score, c.name, c.entry_id))
        return found[:limit]


def entry_profile(entry: Entry) -> Profile:
    return make_profile(
        entry.kind,
        [entry.name, *entry.aliases],
        entry.date_of_birth,
        entry.nationalities.split(),
        entry.identifiers,
    )


def read_stamp(session: Session) -> tuple[int, int]:
    row = session.execute(
        select(func.count(Watchlist.id), func.coalesce(func.sum(Watchlist.revision), 0))
    ).one()
    return int(row[0]), int(row[1])


def build(session: Session) -> MatchIndex:
    built = MatchIndex(stamp=read_stamp(session))
    names = {row[0]: row[1] for row in session.execute(select(Watchlist.id, Watchlist.name))}
    rows = session.scalars(
        select(Entry).where(Entry.removed_in_version.is_(None)).execution_options(yield_per=5000)
    )
    for entry in rows:
        built.add(
            IndexedEntry(
                entry.id,
                names[entry.list_id],
                entry.reason_code,
                entry.name,
                entry.valid_from,
                entry.valid_to,
                entry_profile(entry),
            )
        )
    return built


_lock = threading.Lock()
_current: MatchIndex | None = None


def current(session: Session) -> MatchIndex:
    """The index, rebuilt first if any list changed since it was built."""
    global _current
    stamp = read_stamp(session)
    with _lock:
        if _current is None or _current.stamp != stamp:
            _current = build(session)
        return _current


def invalidate() -> None:
    global _current
    with _lock:
        _current = None


def bump_revision(session: Session, list_id: str) -> None:
    session.execute(update(Watchlist).where(Watchlist.id == list_id).values(revision=Watchlist.revision + 1))
