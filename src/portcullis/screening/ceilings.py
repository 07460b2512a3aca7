"""An upper bound on `matching.score_ceiling` for all of a batch's candidate pairs at once, with array
arithmetic: `screen_many` drops the pairs whose bound is under the threshold before `MatchIndex.rank`, which
would have skipped each of them after computing its ceiling in Python (a manifest has about ten candidates
a passenger, and most are people of another year of birth and nationality).

The bound is the ceiling itself, computed with the same floating-point operations in the same order,
wherever its parts are known exactly from the columns below: whether both sides have identifiers, the years
of birth when both are four ASCII digits (a year apart or more), single nationalities, and the kinds. Where
a part is not known exactly it takes its largest value (a date of birth of the same year or in another
form, several nationalities), and a pair that may share an identifier is always kept, so the bound is never
below the ceiling and no pair that `rank` would score is dropped."""

from __future__ import annotations

import weakref
from itertools import chain
from typing import Any

import numpy as np

from portcullis.screening.index import PROFILE_CACHE, MatchIndex
from portcullis.screening.matching import (
    DOB_ADJUST,
    NATIONALITY_MATCH,
    NATIONALITY_MISMATCH,
    NEAR_IDENTIFIER_BONUS,
    Profile,
)

NO_DATE = -2  # no date of birth: compare_dates says "unknown", no adjustment
ODD_DATE = -1  # a year not written as four ASCII digits: bounded by the largest adjustment
NO_NATIONALITY = -2
SEVERAL = -1  # more than one nationality: bounded by a match
BEST_DATE = max(DOB_ADJUST.values())

# Per index: entry ordinal -> (year, nationality code, has identifiers, is a person), filled as entries
# turn up among candidates; emptied at the index's own profile cache size, so a million-entry index does
# not keep a row for every entry ever screened against.
_entries: weakref.WeakKeyDictionary[MatchIndex, dict[int, tuple[int, str | None, bool, bool]]] = (
    weakref.WeakKeyDictionary()
)


def _year(dob: str | None) -> int:
    if not dob:
        return NO_DATE
    year = dob.partition("-")[0]
    return int(year) if len(year) == 4 and year.isascii() and year.isdigit() else ODD_DATE


def _nationality(codes: frozenset[str]) -> str | None:
    """The one nationality, "" for none, None for several."""
    if len(codes) == 1:
        return next(iter(codes))
    return "" if not codes else None


def _entry(found: MatchIndex, ordinal: int) -> tuple[int, str | None, bool, bool]:
    profile = found.profile(ordinal)
    return (
        _year(profile.date_of_birth),
        _nationality(profile.nationalities),
        bool(profile.identifiers),
        profile.kind == "person",
    )


def possible(
    found: MatchIndex, queries: list[Profile], candidates: list[list[int]], *, min_score: float
) -> list[list[int]]:
    """Each query's candidates, in order, without those whose ceiling is surely under `min_score` (by the
    same margin `rank` allows)."""
    sizes = [len(c) for c in candidates]
    if not sum(sizes):
        return candidates
    owner = np.repeat(np.arange(len(queries)), sizes)
    ordinal = np.fromiter(chain.from_iterable(candidates), dtype=np.int64, count=sum(sizes))
    known = _entries.setdefault(found, {})
    distinct = np.unique(ordinal).tolist()
    new = [o for o in distinct if o not in known]
    if len(known) + len(new) > PROFILE_CACHE:
        known.clear()
        new = distinct
    for o in new:
        known[o] = _entry(found, o)
    codes: dict[str, int] = {}  # nationality code -> number, for comparing them as integers

    def code(nationality: str | None) -> int:
        if nationality is None:
            return SEVERAL
        if not nationality:
            return NO_NATIONALITY
        return codes.setdefault(nationality, len(codes))

    rows = [known[o] for o in distinct]
    at = np.searchsorted(np.array(distinct, dtype=np.int64), ordinal)
    e_year = np.array([r[0] for r in rows], dtype=np.int64)[at]
    e_nat = np.array([code(r[1]) for r in rows], dtype=np.int64)[at]
    e_ids = np.array([r[2] for r in rows], dtype=bool)[at]
    e_person = np.array([r[3] for r in rows], dtype=bool)[at]
    q_year = np.array([_year(q.date_of_birth) for q in queries], dtype=np.int64)[owner]
    q_nat = np.array([code(_nationality(q.nationalities)) for q in queries], dtype=np.int64)[owner]
    q_ids = np.array([bool(q.identifiers) for q in queries], dtype=bool)[owner]
    q_person = np.array([q.kind == "person" for q in queries], dtype=bool)[owner]
    q_organisation = np.array([q.kind == "organisation" for q in queries], dtype=bool)[owner]

    bound = 1.0 + np.where(q_ids & e_ids, NEAR_IDENTIFIER_BONUS, 0.0)
    both_years = (q_year >= 0) & (e_year >= 0)
    apart = np.abs(q_year - e_year)
    date = np.where(
        (q_year == NO_DATE) | (e_year == NO_DATE),
        0.0,
        np.where(
            both_years & (apart >= 2),
            DOB_ADJUST["different"],
            np.where(both_years & (apart == 1), DOB_ADJUST["year_off_by_one"], BEST_DATE),
        ),
    )
    bound = bound + np.where(q_person & e_person, date, 0.0)
    single = (q_nat >= 0) & (e_nat >= 0)
    nationality = np.where(
        (q_nat == NO_NATIONALITY) | (e_nat == NO_NATIONALITY),
        0.0,
        np.where(single & (q_nat != e_nat), NATIONALITY_MISMATCH, NATIONALITY_MATCH),
    )
    bound = bound + nationality
    # Kinds differ for certain only between a person and an organisation; any other query kind keeps 1.
    bound = np.where((q_person & ~e_person) | (q_organisation & e_person), bound * 0.5, bound)
    keep = (bound >= min_score - 0.001) | _may_share_identifier(found, queries, owner, ordinal)
    kept = ordinal[keep].tolist()
    bounds = np.concatenate([[0], np.bincount(owner[keep], minlength=len(queries)).cumsum()]).tolist()
    return [kept[bounds[i] : bounds[i + 1]] for i in range(len(queries))]


def _may_share_identifier(
    found: MatchIndex, queries: list[Profile], owner: np.ndarray[Any, Any], ordinal: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """Pairs whose entry is in the posting of one of the query's identifier keys ("i:<number>"): every pair
    that shares an identifier (its ceiling is 1.0), and any that a hash collision adds."""
    keys = [(i, f"i:{identifier}") for i, q in enumerate(queries) for identifier in q.identifiers]
    hashes = np.fromiter((hash(key) for _, key in keys), dtype=np.int64, count=len(keys))
    at = np.minimum(np.searchsorted(found.key_hashes, hashes), len(found.key_hashes) - 1)
    pairs: list[int] = []
    for (i, _), j, present in zip(keys, at.tolist(), (found.key_hashes[at] == hashes).tolist(), strict=True):
        if present:
            start, end = int(found.offsets[j]), int(found.offsets[j + 1])
            pairs += [i * len(found) + o for o in found.ordinals[start:end].tolist()]
    if not pairs:
        return np.zeros(len(owner), dtype=bool)
    return np.isin(owner * len(found) + ordinal, np.array(pairs, dtype=np.int64))
