"""Scoring one screened subject against one list entry, with a per-feature explanation. Pure functions.

Names are compared part by part regardless of order: every part of one name is paired with at most one part
of the other so that the total similarity is greatest (an optimal assignment), then the pairs are averaged,
weighted by length (a long part says more about identity than an initial). Unpaired parts cost a little
(a missing middle name) and a one-part name against a longer one costs more ("Putin" is not "Vladimir
Putin"). The other features then move the name score, after the yente "logic-v2" qualifiers: a matching
identifier is strong evidence; a different year of birth or no common nationality count against."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    return "".join(ch for ch in value.upper() if ch.isalnum())


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
            prepared.append(NameParts(parts.original, parts.parts[:MAX_PARTS]))
    return Profile(
        kind=kind,
        names=tuple(prepared),
        date_of_birth=date_of_birth or None,
        nationalities=frozenset(n.upper() for n in nationalities if n),
        identifiers=frozenset(i for i in (normalise_identifier(x) for x in identifiers) if len(i) >= 4),
    )


def _weight(a: str, b: str) -> float:
    return float(min(max(len(a), len(b)), 8))


def align(query: tuple[str, ...], other: tuple[str, ...]) -> list[tuple[int, int, float, str]]:
    """Optimal one-to-one pairing of parts (bitmask dynamic programme; names have few parts)."""
    if len(query) > len(other):
        return [(i, j, s, how) for j, i, s, how in align(other, query)]
    n, m = len(query), len(other)
    sims = [[part_similarity(q, o) for o in other] for q in query]
    # best[mask] after assigning the first k query parts, where k = popcount(mask).
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    for i in range(n):
        nxt: dict[int, tuple[float, tuple[int, ...]]] = {}
        for mask, (total, picks) in best.items():
            for j in range(m):
                if mask & (1 << j):
                    continue
                s = sims[i][j][0] * _weight(query[i], other[j])
                cand = (total + s, (*picks, j))
                key = mask | (1 << j)
                if key not in nxt or nxt[key][0] < cand[0]:
                    nxt[key] = cand
        best = nxt
    _, picks = max(best.values(), key=lambda item: item[0])
    return [(i, j, sims[i][j][0], sims[i][j][1]) for i, j in enumerate(picks)]


def compare_names(query: NameParts, other: NameParts) -> tuple[float, dict[str, Any]]:
    pairs = align(query.parts, other.parts)
    weights = [_weight(query.parts[i], other.parts[j]) for i, j, _, _ in pairs]
    score = sum(w * s for w, (_, _, s, _) in zip(weights, pairs, strict=True)) / (sum(weights) or 1.0)
    unpaired = abs(len(query.parts) - len(other.parts))
    if min(len(query.parts), len(other.parts)) == 1 and max(len(query.parts), len(other.parts)) > 1:
        score *= SINGLE_PART_FACTOR
    score -= min(unpaired * MISSING_PART_COST, MISSING_PARTS_CAP)
    explanation = {
        "query": query.text,
        "matched_name": other.text,
        "parts": [
            {"query": query.parts[i], "entry": other.parts[j], "similarity": round(s, 3), "how": how}
            for i, j, s, how in pairs
        ],
        "unpaired_query_parts": [
            p for k, p in enumerate(query.parts) if k not in {i for i, _, _, _ in pairs}
        ],
        "unpaired_entry_parts": [
            p for k, p in enumerate(other.parts) if k not in {j for _, j, _, _ in pairs}
        ],
    }
    return max(score, 0.0), explanation


def compare_dates(a: str | None, b: str | None) -> str:
    """exact | same_year | same_year_other_day | year_off_by_one | different | unknown."""
    if not a or not b:
        return "unknown"
    pa, pb = a.split("-"), b.split("-")
    if pa[0] != pb[0]:
        return "year_off_by_one" if abs(int(pa[0]) - int(pb[0])) == 1 else "different"
    common = min(len(pa), len(pb))
    if pa[:common] != pb[:common]:
        return "same_year_other_day"
    return "exact" if len(pa) == len(pb) == 3 else "same_year"


def score(query: Profile, entry: Profile) -> tuple[float, dict[str, Any]]:
    """The match score (0..1) and why."""
    best_name, name_detail = 0.0, {}
    for qn in query.names:
        for en in entry.names:
            s, detail = compare_names(qn, en)
            if s > best_name:
                best_name, name_detail = s, detail
    total = best_name
    explanation: dict[str, Any] = {"name": {"score": round(best_name, 3), **name_detail}}

    shared_ids = sorted(query.identifiers & entry.identifiers)
    if shared_ids:
        total = max(total, IDENTIFIER_SCORE) + 0.05 * best_name
        explanation["identifier"] = {"result": "match", "count": len(shared_ids)}
    elif query.identifiers and entry.identifiers:
        explanation["identifier"] = {"result": "different"}
    else:
        explanation["identifier"] = {"result": "unknown"}

    if query.kind == "person" and entry.kind == "person":
        dob = compare_dates(query.date_of_birth, entry.date_of_birth)
        total += DOB_ADJUST.get(dob, 0.0)
        explanation["date_of_birth"] = {"result": dob, "adjustment": DOB_ADJUST.get(dob, 0.0)}

    if query.nationalities and entry.nationalities:
        if query.nationalities & entry.nationalities:
            total += NATIONALITY_MATCH
            explanation["nationality"] = {"result": "match", "adjustment": NATIONALITY_MATCH}
        else:
            total += NATIONALITY_MISMATCH
            explanation["nationality"] = {"result": "different", "adjustment": NATIONALITY_MISMATCH}
    else:
        explanation["nationality"] = {"result": "unknown", "adjustment": 0.0}

    if query.kind != entry.kind:
        total *= 0.5
        explanation["kind"] = {"result": "different"}
    final = round(min(max(total, 0.0), 1.0), 4)
    explanation["score"] = final
    return final, explanation
