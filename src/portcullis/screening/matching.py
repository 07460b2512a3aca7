"""Scoring one screened subject against one list entry, with a per-feature explanation. Pure functions.

Names are compared part by part regardless of order: every part of one name is paired with at most one part
of the other so that the total similarity is greatest (an optimal assignment), then the pairs are averaged,
weighted by length (a long part says more about identity than an initial). Unpaired parts cost a little
(a missing middle name) and a one-part name against a longer one costs more ("Putin" is not "Vladimir
Putin"). The other features then move the name score, after the yente "logic-v2" qualifiers: a matching
identifier is strong evidence; a different year of birth or no common nationality count against."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations
from typing import Any

from portcullis.screening.names import NameParts, normalise, part_similarity

MAX_PARTS = 8
MISSING_PART_COST = 0.04
MISSING_PARTS_CAP = 0.12
SINGLE_PART_FACTOR = 0.75
IDENTIFIER_SCORE = 0.95
DOB_ADJUST = {
    "exact": 0.03,
    "same_year": 0.0,
    "same_year_other_day": -0.10,
    "year_off_by_one": -0.15,
    "different": -0.25,
}
NATIONALITY_MISMATCH = -0.10
NATIONALITY_MATCH = 0.02
MERGE_PENALTY = 0.02
MERGE_FLOOR = 0.45
NEAR_IDENTIFIER_BONUS = 0.10
NEAR_IDENTIFIER_MIN_NAME = 0.6


@dataclass(frozen=True)
class Profile:
    """A subject or an entry prepared for comparison."""

    kind: str
    names: tuple[NameParts, ...]
    date_of_birth: str | None = None
    nationalities: frozenset[str] = frozenset()
    identifiers: frozenset[str] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


def normalise_identifier(value: str) -> str:
    upper = value.upper()
    if upper.isalnum():  # the usual case, a clean document number: nothing to remove
        return upper
    return "".join(ch for ch in upper if ch.isalnum())


def make_profile(
    kind: str,
    names: list[str] | tuple[str, ...],
    date_of_birth: str | None = None,
    nationalities: list[str] | tuple[str, ...] | frozenset[str] = (),
    identifiers: list[str] | tuple[str, ...] = (),
) -> Profile:
    organisation = kind == "organisation"
    prepared: list[NameParts] = []
    seen: set[tuple[str, ...]] = set()
    for name in names:
        parts = normalise(name, organisation=organisation)
        if parts.parts and parts.parts not in seen:
            seen.add(parts.parts)
            # NameParts is immutable: the normalised name itself when it has no parts to cut.
            short = len(parts.parts) <= MAX_PARTS
            prepared.append(parts if short else NameParts(parts.original, parts.parts[:MAX_PARTS]))
    return Profile(
        kind=kind,
        names=tuple(prepared),
        date_of_birth=date_of_birth or None,
        nationalities=frozenset(n.upper() for n in nationalities if n),
        identifiers=frozenset(i for i in (normalise_identifier(x) for x in identifiers) if len(i) >= 4),
    )


def near_identifiers(a: str, b: str) -> bool:
    """One character different, or two neighbouring characters swapped (a keying error)."""
    if len(a) != len(b) or a == b or len(a) < 6:
        return False
    # From the first difference on: the rest the same (one character), or the next two swapped and then
    # the same. Slices compare in C; listing every difference was a loop over every character.
    i = 0
    while a[i] == b[i]:
        i += 1
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def identifier_keys(value: str, prefix: str = "") -> list[str]:
    """Blocking keys that bring together identifiers one substitution or one adjacent swap apart, each
    after `prefix` (the index's key kind, written in the same step)."""
    if len(value) < 6 or len(value) > 12:
        return []
    keys = [f"{prefix}{value[:i]}?{value[i + 1 :]}" for i in range(len(value))]
    # Each neighbouring pair in sorted order (as "".join(sorted(pair)), without sorting two letters).
    for i in range(len(value) - 1):
        a, b = value[i], value[i + 1]
        keys.append(f"{prefix}{value[:i]}{a + b if a <= b else b + a}~{value[i + 2 :]}")
    return keys


def _weight(a: str, b: str) -> float:
    return float(min(max(len(a), len(b)), 8))


def align(query: tuple[str, ...], other: tuple[str, ...]) -> list[tuple[int, int, float, str]]:
    """Optimal one-to-one pairing of parts, maximising the length-weighted similarity. Short names (the
    usual case) try every injection of the shorter name into the longer; longer ones use a dynamic
    programme over subsets, so eight parts against eight cost 2,048 steps, not 40,320 orderings."""
    if len(query) > len(other):
        return [(i, j, s, how) for j, i, s, how in align(other, query)]
    sims = [[part_similarity(q, o) for o in other] for q in query]
    gains = [[sims[i][j][0] * _weight(q, o) for j, o in enumerate(other)] for i, q in enumerate(query)]
    if len(other) <= 4:
        best_total, best_pick = -1.0, tuple(range(len(query)))
        for pick in permutations(range(len(other)), len(query)):
            total = sum(gains[i][j] for i, j in enumerate(pick))
            if total > best_total:
                best_total, best_pick = total, pick
    else:
        best_pick = _assign(gains, len(other))
    return [(i, j, sims[i][j][0], sims[i][j][1]) for i, j in enumerate(best_pick)]


def _assign(gains: list[list[float]], width: int) -> tuple[int, ...]:
    """Best injection of rows into columns: best[mask] over the rows assigned so far (popcount(mask))."""
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for row in gains:
        following: dict[int, tuple[float, tuple[int, ...]]] = {}
        for mask, (total, picks) in best.items():
            for j in range(width):
                if mask & (1 << j):
                    continue
                key, value = mask | (1 << j), total + row[j]
                if key not in following or following[key][0] < value:
                    following[key] = (value, (*picks, j))
        best = following
    return max(best.values(), key=lambda item: item[0])[1]


Pairs = tuple[tuple[str, str, float, str], ...]


def _parts_score(query: tuple[str, ...], other: tuple[str, ...]) -> tuple[float, Pairs]:
    pairs = align(query, other)
    weights = [_weight(query[i], other[j]) for i, j, _, _ in pairs]
    value = sum(w * p[2] for w, p in zip(weights, pairs, strict=True)) / (sum(weights) or 1.0)
    if min(len(query), len(other)) == 1 and max(len(query), len(other)) > 1:
        value *= SINGLE_PART_FACTOR
    value -= min(abs(len(query) - len(other)) * MISSING_PART_COST, MISSING_PARTS_CAP)
    return max(value, 0.0), tuple((query[i], other[j], s, how) for i, j, s, how in pairs)


def _merged(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with two adjacent parts written as one ("abdul rahman" -> "abdulrahman")."""
    return [(*parts[:i], parts[i] + parts[i + 1], *parts[i + 2 :]) for i in range(len(parts) - 1)]


@lru_cache(maxsize=300_000)
def name_score(query: tuple[str, ...], other: tuple[str, ...]) -> tuple[float, Pairs]:
    """Part-by-part comparison; when the part counts differ, parts written as one word on one side are
    also tried joined on the other (at a small cost)."""
    best, pairs = _parts_score(query, other)
    if MERGE_FLOOR <= best < 0.9 and len(query) != len(other):
        if len(query) > len(other):
            variants = [(v, other) for v in _merged(query)]
        else:
            variants = [(query, v) for v in _merged(other)]
        for q, o in variants:
            value, found = _parts_score(q, o)
            if value - MERGE_PENALTY > best:
                best, pairs = value - MERGE_PENALTY, found
    return best, pairs


def explain_names(query: NameParts, other: NameParts, value: float, pairs: Pairs) -> dict[str, Any]:
    paired_q = {p[0] for p in pairs}
    paired_o = {p[1] for p in pairs}
    return {
        "score": round(value, 3),
        "query": query.text,
        "matched_name": other.text,
        "parts": [{"query": q, "entry": o, "similarity": round(s, 3), "how": how} for q, o, s, how in pairs],
        "unpaired_query_parts": [p for p in query.parts if p not in paired_q],
        "unpaired_entry_parts": [p for p in other.parts if p not in paired_o],
    }


def compare_names(query: NameParts, other: NameParts) -> tuple[float, dict[str, Any]]:
    value, pairs = name_score(query.parts, other.parts)
    return value, explain_names(query, other, value, pairs)


def compare_dates(a: str | None, b: str | None) -> str:
    """exact | same_year | same_year_other_day | year_off_by_one | different | unknown."""
    if not a or not b:
        return "unknown"
    if a == b:
        return "exact" if a.count("-") == 2 else "same_year"
    # The years first, without splitting the whole dates: most pairs a batch compares differ there.
    year_a, year_b = a.partition("-")[0], b.partition("-")[0]
    if year_a != year_b:
        return "year_off_by_one" if abs(int(year_a) - int(year_b)) == 1 else "different"
    pa, pb = a.split("-"), b.split("-")
    common = min(len(pa), len(pb))
    if pa[:common] != pb[:common]:
        return "same_year_other_day"
    return "exact" if len(pa) == len(pb) == 3 else "same_year"


def score_ceiling(query: Profile, entry: Profile) -> float:
    """The most `score` could give this pair whatever their names (a name scores at most 1), from the
    cheap parts only: a batch skips the name comparison of a pair whose ceiling is under the threshold.
    Kept in step with `score`, adjustment for adjustment."""
    # `isdisjoint` where `score` intersects: the same test, without building the intersection.
    if not query.identifiers.isdisjoint(entry.identifiers):
        return 1.0
    ceiling = 1.0 + (NEAR_IDENTIFIER_BONUS if query.identifiers and entry.identifiers else 0.0)
    if query.kind == "person" and entry.kind == "person":
        ceiling += DOB_ADJUST.get(compare_dates(query.date_of_birth, entry.date_of_birth), 0.0)
    if query.nationalities and entry.nationalities:
        disjoint = query.nationalities.isdisjoint(entry.nationalities)
        ceiling += NATIONALITY_MISMATCH if disjoint else NATIONALITY_MATCH
    if query.kind != entry.kind:
        ceiling *= 0.5
    return ceiling


def score(query: Profile, entry: Profile, *, explain: bool = True) -> tuple[float, dict[str, Any]]:
    """The match score (0..1) and why. Without `explain` the explanation holds the scores only: a batch
    scores thousands of pairs to keep a few, and building the explanations was most of a pair's cost."""
    best_name, best = 0.0, None
    for qn in query.names:
        for en in entry.names:
            value, pairs = name_score(qn.parts, en.parts)
            if value > best_name or best is None:
                best_name, best = value, (qn, en, value, pairs)
    total = best_name
    explanation: dict[str, Any] = {"name": explain_names(*best) if best and explain else {"score": best_name}}

    # With the same document number, a different date of birth or nationality is more likely a data error.
    qualifier_weight = 1.0
    if not query.identifiers.isdisjoint(entry.identifiers):
        total = max(total, IDENTIFIER_SCORE) + 0.05 * best_name
        qualifier_weight = 0.5
        if explain:
            explanation["identifier"] = {
                "result": "match",
                "count": len(query.identifiers & entry.identifiers),
            }
    elif query.identifiers and entry.identifiers:
        near = any(near_identifiers(a, b) for a in query.identifiers for b in entry.identifiers)
        if near and best_name >= NEAR_IDENTIFIER_MIN_NAME:
            total += NEAR_IDENTIFIER_BONUS
            if explain:
                explanation["identifier"] = {
                    "result": "one_character_apart",
                    "adjustment": NEAR_IDENTIFIER_BONUS,
                }
        elif explain:
            explanation["identifier"] = {"result": "different"}
    elif explain:
        explanation["identifier"] = {"result": "unknown"}

    if query.kind == "person" and entry.kind == "person":
        dob = compare_dates(query.date_of_birth, entry.date_of_birth)
        adjust = DOB_ADJUST.get(dob, 0.0) * (qualifier_weight if DOB_ADJUST.get(dob, 0.0) < 0 else 1.0)
        total += adjust
        if explain:
            explanation["date_of_birth"] = {"result": dob, "adjustment": adjust}

    if query.nationalities and entry.nationalities:
        if not query.nationalities.isdisjoint(entry.nationalities):
            total += NATIONALITY_MATCH
            if explain:
                explanation["nationality"] = {"result": "match", "adjustment": NATIONALITY_MATCH}
        else:
            total += NATIONALITY_MISMATCH * qualifier_weight
            if explain:
                explanation["nationality"] = {
                    "result": "different",
                    "adjustment": NATIONALITY_MISMATCH * qualifier_weight,
                }
    elif explain:
        explanation["nationality"] = {"result": "unknown", "adjustment": 0.0}

    if query.kind != entry.kind:
        total *= 0.5
        if explain:
            explanation["kind"] = {"result": "different"}
    final = round(min(max(total, 0.0), 1.0), 4)
    explanation["score"] = final
    return final, explanation
