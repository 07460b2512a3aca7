"""Batch screening (`screen_many`, used by the carrier manifest check) answers exactly as `screen` does."""

from __future__ import annotations

from datetime import date

import pytest

from portcullis.core import policy
from portcullis.core.db import unit_of_work
from portcullis.screening import index, rules, service
from portcullis.screening.service import SubjectIn
from portcullis.screening.subjects import ScreeningInputError

ON = date(2025, 6, 2)
LISTS = ["eta-refused", "travel-restricted", "deportation-exclusion"]


def _list(ref: str, name: str, dob: str, number: str, *, valid_to: date | None = None) -> str:
    with unit_of_work() as uow:
        return service.upsert_internal_entry(
            uow,
            list_name="travel-restricted",
            source_ref=ref,
            subject=SubjectIn(
                kind="person",
                names=[name],
                date_of_birth=dob,
                nationalities=["RUS"],
                identifiers=[number],
            ),
            reason_code="SCPO-TRAVEL",
            source="orders",
            valid_from=date(2025, 1, 1),
            valid_to=valid_to,
        )


def _person(name: str, dob: str | None = None, nat: str = "RUS", number: str | None = None) -> SubjectIn:
    return SubjectIn(
        kind="person",
        names=[name],
        date_of_birth=dob,
        nationalities=[nat],
        identifiers=[number] if number else [],
    )


def test_a_mixed_batch_gets_the_same_hits_in_order_as_screening_each_subject(database: object) -> None:
    listed = _list("order:1", "Ivan Petrovich Sidorov", "1971-03-04", "753159852")
    _list("order:2", "Olga Nikolaevna Volkova", "1980-07-21", "555111222", valid_to=date(2025, 5, 31))
    batch = [
        _person("Ivan Sidorov", "1971-03-04", number="753159852"),  # a hit
        _person("Maria Sidorova", "1990-01-01"),  # a near miss: a candidate scoring under the threshold
        _person("Olga Volkova", "1980-07-21", number="555111222"),  # listed, but the entry ended
        _person("Anna Smith", "1985-02-02", nat="USA", number="X1234567"),  # nobody like her listed
        _person("Сидоров Иван", "1971"),  # the hit again, in Cyrillic and reordered
    ]
    with unit_of_work() as uow:
        one_by_one = [service.screen(uow.session, s, use="carrier", on=ON, lists=LISTS) for s in batch]
        together = service.screen_many(uow.session, batch, use="carrier", on=ON, lists=LISTS)
        near = service.match(uow.session, batch[1], on=ON, lists=LISTS)
    assert together == one_by_one
    assert [[h.entry_id for h in hits] for hits in together] == [[listed], [], [], [], [listed]]
    # The near miss really was a candidate, dropped only by the carrier threshold.
    limit = rules.threshold("carrier", on=ON, snapshot=policy.at(ON))
    assert near and near[0].entry_id == listed and not rules.is_hit(near[0].score, limit)
    # The ended entry is found the day before it ended, in a batch as on its own.
    with unit_of_work() as uow:
        before = service.screen_many(uow.session, batch[2:3], use="carrier", on=date(2025, 5, 31))
    assert len(before[0]) == 1


def test_an_empty_batch_has_no_hits(database: object) -> None:
    with unit_of_work() as uow:
        assert service.screen_many(uow.session, [], use="carrier", on=ON) == []


def test_a_bad_subject_anywhere_in_the_batch_is_named_by_its_position(database: object) -> None:
    batch = [_person("Ivan Sidorov"), _person("Anna Smith", nat="ZZZ"), _person("   ")]
    with unit_of_work() as uow, pytest.raises(ScreeningInputError) as caught:
        service.screen_many(uow.session, batch, use="carrier", on=ON)
    fields = [e["field"] for e in caught.value.errors]
    assert fields == ["subjects[1].nationalities", "subjects[2].names[0]"]


def test_a_crowded_index_gives_the_same_candidates_and_hits_batched_as_one_by_one(
    database: object,
) -> None:
    given = ["Anna", "Ivan", "Olga", "Maria", "Pavel"]
    family = ["Sidorov", "Sidorova", "Volkov", "Volkova", "Petrov", "Petrova", "Smirnov", "Smirnova"]
    names = [f"{g} {f}" for g in given for f in family]  # 40 names sharing parts: over 30 candidates each
    with unit_of_work() as uow:
        for i, name in enumerate(names):
            service.upsert_internal_entry(
                uow,
                list_name="eta-refused" if i % 2 else "travel-restricted",
                source_ref=f"test:{i}",
                subject=_person(name, f"19{60 + i}-01-0{1 + i % 9}", number=f"AB{i:06d}"),
                reason_code="TEST",
                source="tests",
                valid_from=date(2025, 1, 1),
                valid_to=date(2025, 5, 1) if i % 7 == 0 else None,
            )
    batch = [_person(n, f"19{60 + i}", number=f"AB{i:06d}" if i % 3 else None) for i, n in enumerate(names)]
    batch += [_person("Anna Sidorov"), _person("Nobody Known", nat="USA")]
    with unit_of_work() as uow:
        found = index.current(uow.session)
        profiles = [service.profile_of(service.validate_subject(s, today=ON)) for s in batch]
        for lists in (None, ["eta-refused"]):
            one = [found.candidates(p, on=ON, lists=lists) for p in profiles]
            assert found.candidates_many(profiles, on=ON, lists=lists) == one
            single = [service.screen(uow.session, s, use="carrier", on=ON, lists=lists) for s in batch]
            assert service.screen_many(uow.session, batch, use="carrier", on=ON, lists=lists) == single
            # A few subjects take each one's own candidates (no batch arrays): the same hits.
            few = [service.screen_many(uow.session, [s], use="carrier", on=ON, lists=lists)[0] for s in batch]
            assert few == single
    assert sum(1 for hits in single if hits) >= 10


def test_the_score_ceiling_is_never_below_the_score_whatever_the_pair() -> None:
    from itertools import product

    from portcullis.screening.matching import make_profile, score, score_ceiling

    variants = product(
        ("person", "organisation"),
        (["Ivan Sidorov"], ["Sidorov Ivan Petrovich"], ["I Sidorov"], ["Anna Smith"]),
        (None, "1971", "1971-03-04", "1972-03-04", "1990-01-01"),
        ([], ["RUS"], ["USA"]),
        ([], ["753159852"], ["753159853"]),
    )
    profiles = [make_profile(*v) for v in variants]
    entry = make_profile("person", ["Ivan Petrovich Sidorov"], "1971-03-04", ["RUS"], ["753159852"])
    for query in profiles:
        for a, b in ((query, entry), (entry, query)):
            assert score(a, b, explain=False)[0] <= score_ceiling(a, b) + 1e-9


def test_a_score_without_its_explanation_is_the_same_score() -> None:
    from itertools import product

    from portcullis.screening.matching import compare_dates, make_profile, score

    variants = product(
        ("person", "organisation"),
        (["Ivan Sidorov"], ["Sidorov Ivan Petrovich", "Vanya Sidorov"], ["I Sidorov"], ["Anna Smith"]),
        (None, "1971", "1971-03", "1971-03-04", "1971-04-04", "1972-03-04", "1990-01-01"),
        ([], ["RUS"], ["USA", "RUS"]),
        ([], ["753159852"], ["753159853"], ["753159825"]),
    )
    profiles = [make_profile(*v) for v in variants]
    entries = [
        make_profile("person", ["Ivan Petrovich Sidorov"], "1971-03-04", ["RUS"], ["753159852"]),
        make_profile("organisation", ["Sidorov Holdings"], None, ["RUS"], []),
    ]
    for query in profiles:
        for entry in entries:
            for a, b in ((query, entry), (entry, query)):
                explained = score(a, b)
                assert score(a, b, explain=False)[0] == explained[0] == explained[1]["score"]
                assert {"identifier", "nationality"} <= set(explained[1])
    # Dates compared year first give what comparing them whole gives.
    dates = ["1971", "1971-03", "1971-03-04", "1971-04-04", "1972-03-04", "1970-12-31", "1990"]
    expected = {
        ("1971", "1971-03"): "same_year",
        ("1971-03", "1971-03-04"): "same_year",
        ("1971-03-04", "1971-04-04"): "same_year_other_day",
        ("1971-03-04", "1972-03-04"): "year_off_by_one",
        ("1971", "1970-12-31"): "year_off_by_one",
        ("1971", "1990"): "different",
    }
    for (a, b), result in expected.items():
        assert compare_dates(a, b) == compare_dates(b, a) == result
    assert all(compare_dates(d, d) in ("exact", "same_year") for d in dates)
