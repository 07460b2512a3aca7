"""The in-memory candidate index over list entries.

Entries are loaded once per process and kept with their prepared profiles; the index is rebuilt when any
list's revision counter moves (every change to an entry bumps it, in the same transaction), so another
process's change is seen on the next search. Candidates come from blocking keys, not from scoring every
entry: phonetic keys (metaphone, NYSIIS, consonant skeleton) of each name part, character trigrams of each
part, nickname groups, and identifiers."""

from __future__ import annotations

import gc
import threading
from array import array
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from sys import intern
from typing import Any

import jellyfish
import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portcullis.core.db import unit_of_work
from portcullis.screening.matching import Profile, identifier_keys, make_profile, score, score_ceiling
from portcullis.screening.models import Entry, Watchlist
from portcullis.screening.names import NameParts, nickname_groups, phonetic_keys

__all__ = ["Candidate", "MatchIndex", "Profile", "bump_revision", "current", "invalidate"]

BLOCK_CANDIDATES = 30
KEY_WEIGHTS = {"i": 1000.0, "j": 20.0, "q": 10.0, "p": 3.0, "g": 2.0, "t": 1.0, "x": 1.0}
KIND_WEIGHTS = np.zeros(128, dtype=np.float64)  # KEY_WEIGHTS by the code of the key's first letter
KIND_WEIGHTS[[ord(kind) for kind in KEY_WEIGHTS]] = list(KEY_WEIGHTS.values())
# Postings read per query: keys are taken rarest first until this many entry references have been read
# (identifier and pair keys always count). Common keys ("^jo", the John nickname group) add little to
# the ranking once the rare ones have been read, and reading them is most of the cost.
POSTING_BUDGET = 60_000
MAX_PAIR_PARTS = 5
PROFILE_CACHE = 50_000
GC_FREEZE_FROM = 50_000  # entries; small indexes (tests, demos) are not worth a full collection
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


# Blocking keys are pure functions of name parts, which repeat across entries and manifests (the same given
# and family names over and over): they are kept, by part and by pair of parts, so a manifest computes the
# keys of each distinct part once. Bounded so that building a million-entry index cannot grow them unduly.
PART_KEY_CACHE = 20_000


@lru_cache(maxsize=PART_KEY_CACHE)
def part_keys(part: str) -> tuple[str, ...]:
    """Blocking keys of one name part."""
    keys = [f"p:{k}" for k in phonetic_keys(part)]
    keys += [f"g:{g}" for g in nickname_groups(part)]
    if len(part) >= 3:
        padded = f"^{part}$"
        keys += [f"t:{padded[i : i + 3]}" for i in range(len(padded) - 2)]
    elif part:
        keys.append(f"x:{part}")
    return tuple(keys)


@lru_cache(maxsize=PART_KEY_CACHE)
def part_classes(part: str) -> frozenset[str]:
    """What a part is, for pair keys: its Metaphone key and its nickname groups."""
    classes = {f"g{g}" for g in nickname_groups(part)}
    if len(part) >= 2 and part.isalpha():
        classes.add(jellyfish.metaphone(part))
    return frozenset(classes)


@lru_cache(maxsize=PART_KEY_CACHE)
def _pair_keys(first: str, second: str) -> frozenset[str]:
    keys: set[str] = set()
    for a in part_classes(first):
        for b in part_classes(second):
            keys.add("q:" + "|".join(sorted((a, b))))
    return frozenset(keys)


def pair_keys(parts: tuple[str, ...]) -> set[str]:
    """Keys for two parts of one name together, in either order: rare, so they find "John Smith" among
    thousands of Johns and Smiths without counting through all of them."""
    keys: set[str] = set()
    shown = parts[:MAX_PAIR_PARTS]
    for i in range(len(shown)):
        for j in range(i + 1, len(shown)):
            keys.update(_pair_keys(shown[i], shown[j]))
    return keys


def profile_keys(profile: Profile) -> set[str]:
    keys: set[str] = {f"i:{i}" for i in profile.identifiers}
    for identifier in profile.identifiers:
        keys.update(identifier_keys(identifier, "j:"))
    for name in profile.names:
        for part in name.parts:
            keys.update(part_keys(part))
        keys.update(pair_keys(name.parts))
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
        self.nationalities: list[str] = []  # interned "GBR RUS": far smaller than a set per entry
        self.identifiers: list[tuple[str, ...]] = []
        self.list_of = array("H")
        self.reason_of = array("H")
        self.valid_from = array("i")
        self.valid_to = array("i")
        self.labels: list[str] = []
        self._label_ids: dict[str, int] = {}
        # Posting lists in compressed-row form: no Python object per key. While adding, (key hash, ordinal)
        # pairs are appended; freezing sorts them by key hash into `ordinals`, with each distinct hash's
        # slice given by `key_hashes` and `offsets`.
        self._new_hashes = array("q")
        self._new_ordinals = array("i")
        self.key_hashes: np.ndarray[Any, Any] = np.empty(0, dtype=np.int64)
        self.offsets: np.ndarray[Any, Any] = np.zeros(1, dtype=np.int64)
        self.ordinals: np.ndarray[Any, Any] = np.empty(0, dtype=np.int32)
        self._column_cache: dict[str, np.ndarray[Any, Any]] | None = None
        self._profiles: dict[int, Profile] = {}

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
        self.dobs.append(intern(profile.date_of_birth) if profile.date_of_birth else None)
        self.nationalities.append(intern(" ".join(sorted(profile.nationalities))))
        self.identifiers.append(tuple(sorted(profile.identifiers)) if profile.identifiers else ())
        self.list_of.append(self._label(entry.list_name))
        self.reason_of.append(self._label(entry.reason_code))
        self.valid_from.append(entry.valid_from.toordinal() if entry.valid_from else NO_DATE)
        self.valid_to.append(entry.valid_to.toordinal() if entry.valid_to else FAR_FUTURE)
        for key in profile_keys(profile):
            self._new_hashes.append(hash(key))
            self._new_ordinals.append(ordinal)

    def freeze(self) -> None:
        """Merge the pairs added so far into the sorted posting arrays (done before the first search)."""
        if not self._new_hashes:
            return
        old_hashes = np.repeat(self.key_hashes, np.diff(self.offsets))
        hashes = np.concatenate([old_hashes, np.frombuffer(self._new_hashes, dtype=np.int64)])
        ordinals = np.concatenate([self.ordinals, np.frombuffer(self._new_ordinals, dtype=np.int32)])
        del old_hashes
        order = np.argsort(hashes, kind="stable")
        hashes, self.ordinals = hashes[order], ordinals[order]
        del order, ordinals
        boundaries = np.flatnonzero(np.diff(hashes)) + 1
        self.key_hashes = hashes[np.concatenate([[0], boundaries])] if len(hashes) else hashes
        self.offsets = np.concatenate([[0], boundaries, [len(hashes)]]).astype(np.int64)
        self._new_hashes, self._new_ordinals = array("q"), array("i")

    @property
    def key_count(self) -> int:
        return len(self.key_hashes)

    def posting(self, key: str) -> np.ndarray[Any, Any] | None:
        h = hash(key)
        i = int(np.searchsorted(self.key_hashes, h))
        if i < len(self.key_hashes) and self.key_hashes[i] == h:
            return self.ordinals[self.offsets[i] : self.offsets[i + 1]]
        return None

    def profile(self, ordinal: int) -> Profile:
        """The entry's profile, kept once built: a manifest scores the same few entries thousands of times.
        The cache is emptied when it reaches PROFILE_CACHE entries, so a million-entry index stays small."""
        found = self._profiles.get(ordinal)
        if found is None:
            if len(self._profiles) >= PROFILE_CACHE:
                self._profiles.clear()
            found = self._profiles[ordinal] = self._build_profile(ordinal)
        return found

    def _build_profile(self, ordinal: int) -> Profile:
        return Profile(
            kind="person" if self.kinds[ordinal] == 0 else "organisation",
            names=tuple(NameParts(" ".join(p), p) for p in self.names[ordinal]),
            date_of_birth=self.dobs[ordinal],
            nationalities=frozenset(self.nationalities[ordinal].split()),
            identifiers=frozenset(self.identifiers[ordinal]),
        )

    def memory_bytes(self) -> int:
        """Posting arrays plus the column arrays (Python objects are counted by the benchmark instead)."""
        return (
            self.key_hashes.nbytes
            + self.offsets.nbytes
            + self.ordinals.nbytes
            + sum(a.itemsize * len(a) for a in (self.list_of, self.reason_of, self.valid_from, self.valid_to))
        )

    def candidates(
        self, query: Profile, *, on: date, lists: list[str] | None = None, limit: int = BLOCK_CANDIDATES
    ) -> list[int]:
        """Entries valid on `on` (and on the lists asked for) sharing the most weighted blocking keys with
        the query, reading the rarest keys first (see POSTING_BUDGET)."""
        if self._new_hashes:
            self.freeze()
        keys = list(profile_keys(query))
        if not keys or not len(self.key_hashes):
            return []
        hashes = np.array([hash(k) for k in keys], dtype=np.int64)
        at = np.minimum(np.searchsorted(self.key_hashes, hashes), len(self.key_hashes) - 1)
        present = self.key_hashes[at] == hashes
        found_keys = []
        for key, i, ok in zip(keys, at.tolist(), present.tolist(), strict=True):
            if ok:
                start, end = int(self.offsets[i]), int(self.offsets[i + 1])
                found_keys.append((key[0] not in "ijq", end - start, key, self.ordinals[start:end]))
        found_keys.sort(key=lambda item: (item[0], item[1], item[2]))
        arrays: list[np.ndarray[Any, Any]] = []
        weights: list[float] = []
        read = 0
        for optional, size, key, posting in found_keys:
            if optional and read + size > POSTING_BUDGET and len(arrays) >= 3:
                continue
            read += size
            arrays.append(posting)
            weights.append(KEY_WEIGHTS[key[0]])
        if not arrays:
            return []
        sizes = [len(a) for a in arrays]
        refs = np.concatenate(arrays)
        counts = np.bincount(refs, weights=np.repeat(np.array(weights, dtype=np.float64), sizes))
        day = on.toordinal()
        columns = self._columns()
        keep = (columns["from"][refs] <= day) & (columns["to"][refs] >= day)
        if lists:
            # A lookup table over the list labels: cheaper than np.isin for every query.
            wanted = np.zeros(len(self.labels) + 1, dtype=bool)
            wanted[[self._label_ids[name] for name in lists if name in self._label_ids]] = True
            keep &= wanted[columns["list"][refs]]
        refs = refs[keep]
        # The best-counted references, then their distinct entries: reading the references (not the
        # whole count array, one slot per entry) keeps the cost to the postings read.
        window = limit * 50
        if len(refs) > window:
            scores = counts[refs]
            top = refs[np.argpartition(scores, -window)[-window:]]
            hit = np.unique(top)
            if len(hit) < limit:
                hit = np.unique(refs)
        else:
            hit = np.unique(refs)
        if len(hit) > limit:
            hit = hit[np.argpartition(counts[hit], -limit)[-limit:]]
        hit = hit[np.lexsort((hit, -counts[hit]))]
        return [int(o) for o in hit]

    def candidates_many(
        self,
        queries: list[Profile],
        *,
        on: date,
        lists: list[str] | None = None,
        limit: int = BLOCK_CANDIDATES,
    ) -> list[list[int]]:
        """`candidates` for many queries, with one key look-up and one count over all their postings. A
        query whose postings go over POSTING_BUDGET, or that finds more than `limit` entries (where ties at
        the cut are settled by `candidates` itself), is answered by `candidates`: the results are the same."""
        if self._new_hashes:
            self.freeze()
        if not queries or not len(self.key_hashes):
            return [[] for _ in queries]
        key_sets = [profile_keys(q) for q in queries]
        owners = np.repeat(np.arange(len(queries)), list(map(len, key_sets)))
        # Hashes and weights (by each key's first letter) through C-level iterators: a manifest has tens of
        # thousands of keys, and a Python loop over them cost more than all the array work below.
        keys = list(chain.from_iterable(key_sets))
        hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        kinds = np.fromiter(map(ord, map(itemgetter(0), keys)), dtype=np.int64, count=len(keys))
        at = np.minimum(np.searchsorted(self.key_hashes, hashes), len(self.key_hashes) - 1)
        present = self.key_hashes[at] == hashes
        owners, at = owners[present], at[present]
        weights = KIND_WEIGHTS[kinds[present]]
        starts, ends = self.offsets[at], self.offsets[at + 1]
        sizes = ends - starts
        over_budget = np.bincount(owners, weights=sizes, minlength=len(queries)) > POSTING_BUDGET
        # Every posting read, as (query, entry) pairs with the key's weight.
        refs = self.ordinals[np.repeat(ends - sizes.cumsum(), sizes) + np.arange(int(sizes.sum()))]
        pairs = np.repeat(owners.astype(np.int64), sizes) * len(self) + refs
        found, inverse = np.unique(pairs, return_inverse=True)
        counts = np.bincount(inverse, weights=np.repeat(weights, sizes))
        owner, ordinal = found // len(self), found % len(self)
        day = on.toordinal()
        columns = self._columns()
        keep = (columns["from"][ordinal] <= day) & (columns["to"][ordinal] >= day)
        if lists:
            wanted = np.zeros(len(self.labels) + 1, dtype=bool)
            wanted[[self._label_ids[name] for name in lists if name in self._label_ids]] = True
            keep &= wanted[columns["list"][ordinal]]
        owner, ordinal, counts = owner[keep], ordinal[keep], counts[keep]
        order = np.lexsort((ordinal, -counts, owner))
        owner, ordinal = owner[order], ordinal[order]
        per_query = np.bincount(owner, minlength=len(queries))
        bounds = np.concatenate([[0], per_query.cumsum()]).tolist()
        ordinals = ordinal.tolist()
        results: list[list[int]] = []
        for i, query in enumerate(queries):
            if over_budget[i] or per_query[i] > limit:
                results.append(self.candidates(query, on=on, lists=lists, limit=limit))
            else:
                results.append(ordinals[bounds[i] : bounds[i + 1]])
        return results

    def _columns(self) -> dict[str, np.ndarray[Any, Any]]:
        if self._column_cache is None or len(self._column_cache["list"]) != len(self):
            self._column_cache = {
                "list": np.frombuffer(self.list_of, dtype=np.uint16).copy(),
                "from": np.frombuffer(self.valid_from, dtype=np.int32).copy(),
                "to": np.frombuffer(self.valid_to, dtype=np.int32).copy(),
            }
        return self._column_cache

    def search(
        self,
        query: Profile,
        *,
        on: date,
        lists: list[str] | None = None,
        limit: int = 10,
        min_score: float | None = None,
    ) -> list[Candidate]:
        """The best `limit` candidates, explained; with `min_score`, only those scoring at least that (the
        others are never explained, which is most of the cost when few candidates are hits)."""
        return self.rank(query, self.candidates(query, on=on, lists=lists), limit=limit, min_score=min_score)

    def rank(
        self, query: Profile, ordinals: list[int], *, limit: int = 10, min_score: float | None = None
    ) -> list[Candidate]:
        """Score candidate entries against the query: the best `limit` (at least `min_score`), explained."""
        scored = []
        profiles = self._profiles
        for ordinal in ordinals:
            entry = profiles.get(ordinal) or self.profile(ordinal)
            # The margin keeps the skip safe from score's rounding to four places.
            if min_score is not None and score_ceiling(query, entry) < min_score - 0.001:
                continue
            value, _ = score(query, entry, explain=False)
            if min_score is not None and value < min_score:
                continue
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


def build(session: Session) -> MatchIndex:
    """Load every current entry. The objects made are frozen out of the garbage collector afterwards:
    otherwise its full collections walk a million entries' objects and stall a search for 100 ms+."""
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
    built.freeze()
    if len(built) >= GC_FREEZE_FROM:
        gc.collect()
        gc.freeze()
    return built


_lock = threading.Lock()
_current: MatchIndex | None = None


def stamp_columns() -> tuple[Any, Any]:
    """The two columns of the index stamp (the lists' count and their revisions' sum), for a caller that
    reads them within a query of its own (`current(session, stamp=...)` then skips its query)."""
    return func.count(Watchlist.id), func.coalesce(func.sum(Watchlist.revision), 0)


def read_stamp(session: Session) -> tuple[int, int]:
    row = session.execute(select(*stamp_columns())).one()
    return int(row[0]), int(row[1])


def current(session: Session, *, stamp: tuple[int, int] | None = None) -> MatchIndex:
    """The index, rebuilt first if any list changed since it was built. `stamp`: the stamp as the caller
    has just read it (see `stamp_columns`), instead of one more query; the caller's session may then be
    on an autocommit connection, so a rebuild reads in a transaction of its own (it streams the entries
    through a server-side cursor, which needs one)."""
    global _current
    own = stamp is not None
    if stamp is None:
        stamp = read_stamp(session)
    with _lock:
        if _current is None or _current.stamp != stamp:
            if own:
                with unit_of_work() as uow:
                    _current = build(uow.session)
            else:
                _current = build(session)
        return _current


def is_current(stamp: tuple[int, int]) -> bool:
    """Whether `current(..., stamp=stamp)` would answer without rebuilding (so without blocking)."""
    found = _current
    return found is not None and found.stamp == stamp


def invalidate() -> None:
    global _current
    with _lock:
        _current = None


def bump_revision(session: Session, list_id: str) -> None:
    session.execute(update(Watchlist).where(Watchlist.id == list_id).values(revision=Watchlist.revision + 1))
