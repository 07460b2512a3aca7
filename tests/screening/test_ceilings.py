"""`ceilings.possible` drops a candidate only when `matching.score_ceiling` would have `rank` skip it: checked
pair by pair over entries and queries of every kind, date form, nationality count and identifier overlap."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from portcullis.screening import ceilings
from portcullis.screening.index import IndexedEntry, MatchIndex
from portcullis.screening.matching import make_profile, score_ceiling

DATES = [
    None,
    "1971",
    "1971-03",
    "1971-03-04",
    "1971-04-04",
    "1972-03-04",
    "1970",
    "1990-01-01",
    "71",
    "١٩٧٢",
]
NATIONALITIES: list[list[str]] = [[], ["RUS"], ["USA"], ["RUS", "USA"]]
IDENTIFIERS: list[list[str]] = [[], ["753159852"], ["753159853"], ["111222333", "753159852"]]


def _index() -> MatchIndex:
    found = MatchIndex()
    for i, (kind, dob, nationalities, identifiers) in enumerate(
        product(("person", "organisation"), DATES, NATIONALITIES, IDENTIFIERS)
    ):
        name = "Ivan Sidorov" if kind == "person" else "Sidorov Trading"
        profile = make_profile(kind, [name], dob if kind == "person" else None, nationalities, identifiers)
        found.add(IndexedEntry(f"e{i}", "travel-restricted", "R", name, None, None, profile))
    found.freeze()
    return found


def test_no_pair_that_rank_would_score_is_dropped_and_the_rest_are() -> None:
    found = _index()
    queries = [
        make_profile(kind, ["Ivan Sidorov"], dob, nationalities, identifiers)
        for kind, dob, nationalities, identifiers in product(
            ("person", "organisation"), DATES, NATIONALITIES, IDENTIFIERS
        )
    ]
    everyone = list(range(len(found)))
    for min_score in (0.5, 0.75, 0.85, 0.9, 1.0):
        kept = ceilings.possible(found, queries, [everyone] * len(queries), min_score=min_score)
        dropped = 0
        for query, survivors in zip(queries, kept, strict=True):
            scored = [o for o in everyone if score_ceiling(query, found.profile(o)) >= min_score - 0.001]
            assert set(scored) <= set(survivors)
            assert survivors == sorted(survivors)  # each query's candidates keep their order
            dropped += len(everyone) - len(survivors)
        if min_score >= 0.85:
            assert dropped  # the bound does drop pairs, or it would be no use
    assert ceilings.possible(found, queries[:2], [[], []], min_score=0.85) == [[], []]


def test_a_shared_identifier_keeps_the_pair_whatever_else_differs() -> None:
    found = MatchIndex()
    listed = make_profile("organisation", ["Acme"], None, ["USA"], ["753159852"])
    found.add(IndexedEntry("e1", "travel-restricted", "R", "Acme", date(2025, 1, 1), None, listed))
    found.freeze()
    query = make_profile("person", ["Someone Else"], "1990", ["RUS"], ["753159852"])
    assert ceilings.possible(found, [query], [[0]], min_score=0.95) == [[0]]
    assert score_ceiling(query, found.profile(0)) == 1.0


def test_the_entries_kept_for_the_bound_stay_under_the_cache_size(monkeypatch: pytest.MonkeyPatch) -> None:
    found = _index()
    monkeypatch.setattr(ceilings, "PROFILE_CACHE", 50)
    queries = [make_profile("person", ["Ivan Sidorov"], "1971", ["RUS"], [])]
    everyone = list(range(len(found)))
    first = ceilings.possible(found, queries, [everyone[:40]], min_score=0.85)
    known = ceilings._entries[found]
    assert ceilings.possible(found, queries, [everyone[:40]], min_score=0.85) == first
    assert sorted(known) == everyone[:40]  # the same entries again: nothing emptied
    after = ceilings.possible(found, queries, [everyone[40:80]], min_score=0.85)
    assert sorted(known) == everyone[40:80]  # 80 would be over 50: emptied, then this batch's entries
    expected = [o for o in everyone[40:80] if score_ceiling(queries[0], found.profile(o)) >= 0.849]
    assert set(expected) <= set(after[0])
