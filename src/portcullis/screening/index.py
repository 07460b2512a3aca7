"""The in-memory candidate index over list entries.

Entries are loaded once per process and kept with their prepared profiles; the index is rebuilt when any
list's revision counter moves (every change to an entry bumps it, in the same transaction), so another
process's change is seen on the next search. Candidates come from blocking keys, not from scoring every
entry: phonetic keys (metaphone, NYSIIS, consonant skeleton) of each name part, character trigrams of each
part, nickname groups, and identifiers."""

from __future__ import annotations

import threading
from array import array
from dataclasses import dataclass
from datetime import date
from sys import intern
from typing import Any

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portcullis.screening.matching import Profile, identifier_keys, make_profile, score
from portcullis.screening.models import Entry, Watchlist
from portcullis.screening.names import NameParts, nickname_groups, phonetic_keys

__all__ = ["Candidate", "MatchIndex", "Profile", "bump_revision", "current", "invalidate"]

BLOCK_CANDIDATES = 40
KEY_WEIGHTS = {"i": 1000.0, "j": 20.0, "p": 3.0, "g": 2.0, "t": 1.0, "x": 1.0}
NO_DATE = 0
FAR_FUTURE = date.max.toordinal()


@dataclass(frozen=True)
class IndexedEntry:
    entry_id: str
    list_name: str
    reason_code: str
    name: str
    valid_from: date | None
    valid_to: date | None
    profile: Profile


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
    for identifier in profile.identifiers:
        keys.update(f"j:{k}" for k in identifier_keys(identifier))
    for name in profile.names:
        for part in name.parts:
            keys.update(part_keys(part))
    return keys


class MatchIndex:
    """Entries stored column by column (a million entries must fit in memory), with posting lists from
    blocking keys to entry ordinals. Profiles are rebuilt from the stored parts only for candidates."""

    def __init__(self, stamp: tuple[int, int] = (-1, -1)) -> None:
        self.stamp = stamp
        self.entry_ids: list[str] = []
        self.display: list[str] = []
        self.kinds = bytearray()  # 0 person, 1 organisation
        self.names: list[tuple[tuple[str, ...], ...]] = []
        self.dobs: list[str | None] = []
        self.nationalities: list[frozenset[str]] = []
        self.identifiers: list[frozenset[str]] = []
        self.list_of = array("H")
        self.reason_of = array("H")
        self.valid_from = array("i")
        self.valid_to = array("i")
        self.labels: list[str] = []
        self._label_ids: dict[str, int] = {}
        self._building: dict[str, array[int]] = {}
        self.postings: dict[str, np.ndarray[Any, Any]] = {}

    def __len__(self) -> int:
        return len(self.entry_ids)

    def _label(self, text: str) -> int:
        found = self._label_ids.get(text)
        if found is None:
            found = self._label_ids[text] = len(self.labels)
            self.labels.append(text)
        return found

    def add(self, entry: IndexedEntry) -> None:
        ordinal = len(self.entry_ids)
        profile = entry.profile
        self.entry_ids.append(entry.entry_id)
        self.display.append(entry.name)
        self.kinds.append(0 if profile.kind == "person" else 1)
        self.names.append(tuple(tuple(intern(p) for p in n.parts) for n in profile.names))
        self.dobs.append(profile.date_of_birth)
        self.nationalities.append(profile.nationalities)
        self.identifiers.append(profile.identifiers)
        self.list_of.append(self._label(entry.list_name))
        self.reason_of.append(self._label(entry.reason_code))
        self.valid_from.append(entry.valid_from.toordinal() if entry.valid_from else NO_DATE)
        self.valid_to.append(entry.valid_to.toordinal() if entry.valid_to else FAR_FUTURE)
        for key in profile_keys(profile):
            posting = self._building.get(key)
            if posting is None:
                posting = self._building[key] = array("i")
            posting.append(ordinal)

    def freeze(self) -> None:
        """Turn the posting lists built so far into numpy arrays (done before the first search)."""
        for key, posting in self._building.items():
            old = self.postings.get(key)
            new = np.frombuffer(posting, dtype=np.int32)
            self.postings[key] = new if old is None else np.concatenate([old, new])
        self._building = {}

    def profile(self, ordinal: int) -> Profile:
        return Profile(
            kind="person" if self.kinds[ordinal] == 0 else "organisation",
            names=tuple(NameParts(" ".join(p), p) for p in self.names[ordinal]),
            date_of_birth=self.dobs[ordinal],
            nationalities=self.nationalities[ordinal],
            identifiers=self.identifiers[ordinal],
        )

    def memory_bytes(self) -> int:
        """Posting arrays plus the column arrays (Python objects are counted by the benchmark instead)."""
        return sum(a.nbytes for a in self.postings.values()) + sum(
            a.itemsize * len(a) for a in (self.list_of, self.reason_of, self.valid_from, self.valid_to)
        )

    def candidates(
        self, query: Profile, *, on: date, lists: list[str] | None = None, limit: int = BLOCK_CANDIDATES
    ) -> list[int]:
        """Entries valid on `on` sharing the most (weighted) blocking keys with the query. Keys shared by
        more than a tenth of the entries select almost everything and are skipped."""
        if self._building:
            self.freeze()
        ceiling = max(1000, len(self) // 10)
        arrays, weights = [], []
        for key in profile_keys(query):
            posting = self.postings.get(key)
            if posting is None or (len(posting) > ceiling and key[0] not in "ij"):
                continue
            arrays.append(posting)
            weights.append(np.full(len(posting), KEY_WEIGHTS[key[0]], dtype=np.float32))
        if not arrays:
            return []
        counts = np.bincount(np.concatenate(arrays), weights=np.concatenate(weights))
        hit = np.flatnonzero(counts)
        if len(hit) > limit * 4:
            hit = hit[np.argpartition(counts[hit], -limit * 4)[-limit * 4 :]]
        hit = hit[np.argsort(-counts[hit], kind="stable")]
        wanted = {self._label_ids.get(name, -1) for name in lists} if lists else None
        day = on.toordinal()
        found: list[int] = []
        for ordinal in hit.tolist():
            if wanted is not None and self.list_of[ordinal] not in wanted:
                continue
            if not self.valid_from[ordinal] <= day <= self.valid_to[ordinal]:
                continue
            found.append(ordinal)
            if len(found) == limit:
                break
        return found

    def search(
        self, query: Profile, *, on: date, lists: list[str] | None = None, limit: int = 10
    ) -> list[Candidate]:
        scored = []
        for ordinal in self.candidates(query, on=on, lists=lists):
            value, _ = score(query, self.profile(ordinal), explain=False)
            scored.append((-value, self.display[ordinal], self.entry_ids[ordinal], ordinal))
        scored.sort()
        found = []
        for _, name, entry_id, ordinal in scored[:limit]:
            value, explanation = score(query, self.profile(ordinal))
            found.append(
                Candidate(
                    entry_id,
                    self.labels[self.list_of[ordinal]],
                    self.labels[self.reason_of[ordinal]],
                    name,
                    value,
                    explanation,
                )
            )
        return found


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
    built = MatchIndex(read_stamp(session))
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
