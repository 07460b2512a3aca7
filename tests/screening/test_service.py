"""The cross-domain interface: screen, upsert_internal_entry, end_internal_entry."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.screening import service
from portcullis.screening.models import Entry, Watchlist
from portcullis.screening.service import Hit, SubjectIn
from portcullis.screening.subjects import ScreeningInputError

ON = date(2025, 6, 2)


def _list(name: str = "Ivan Petrovich Sidorov", **kw: object) -> str:
    subject = SubjectIn(
        kind="person",
        names=[name],
        date_of_birth=kw.pop("dob", "1971-03-04"),  # type: ignore[arg-type]
        nationalities=["RUS"],
        identifiers=["753159852"],
    )
    with unit_of_work() as uow:
        return service.upsert_internal_entry(
            uow,
            list_name=str(kw.pop("list_name", "travel-restricted")),
            source_ref=str(kw.pop("ref", "order:1")),
            subject=subject,
            reason_code="SCPO-TRAVEL",
            source="orders",
            valid_from=kw.pop("valid_from", date(2025, 1, 1)),
            valid_to=kw.pop("valid_to", None),  # type: ignore[arg-type]
        )


def _screen(names: list[str], use: str = "carrier", on: date = ON, **kw: object) -> list[Hit]:
    with unit_of_work() as uow:
        return service.screen(
            uow.session,
            SubjectIn(kind="person", names=names, **kw),  # type: ignore[arg-type]
            use=use,
            on=on,
        )  # type: ignore[arg-type]


def test_a_listed_person_is_found_under_a_reordered_cyrillic_name(database: object) -> None:
    entry_id = _list()
    hits = _screen(["Сидоров Иван"], date_of_birth="1971", nationalities=["RUS"])
    assert [h.entry_id for h in hits] == [entry_id]
    assert hits[0].list_name == "travel-restricted" and hits[0].reason_code == "SCPO-TRAVEL"
    assert 0 <= hits[0].score <= 1
    assert hits[0].explanation["date_of_birth"]["result"] == "same_year"


def test_a_different_person_with_a_similar_surname_is_not_a_hit(database: object) -> None:
    _list()
    assert _screen(["Maria Sidorova"], date_of_birth="1990-01-01") == []


def test_a_matching_passport_number_is_a_hit_despite_a_name_variant(database: object) -> None:
    entry_id = _list()
    hits = _screen(["I. Sidorov"], identifiers=["753 159 852"])
    assert hits[0].entry_id == entry_id
    assert hits[0].explanation["identifier"]["result"] == "match"


def test_an_entry_applies_from_valid_from_and_not_the_day_before(database: object) -> None:
    _list(valid_from=date(2025, 6, 2))
    assert _screen(["Ivan Sidorov"], on=date(2025, 6, 1)) == []
    assert len(_screen(["Ivan Sidorov"], on=date(2025, 6, 2))) == 1


def test_an_ended_entry_stops_applying_on_the_end_date(database: object) -> None:
    _list()
    with unit_of_work() as uow:
        service.end_internal_entry(
            uow, list_name="travel-restricted", source_ref="order:1", on=date(2025, 6, 2)
        )
    assert len(_screen(["Ivan Sidorov"], on=date(2025, 6, 1))) == 1
    assert _screen(["Ivan Sidorov"], on=date(2025, 6, 2)) == []


def test_ending_an_absent_entry_does_nothing(database: object) -> None:
    with unit_of_work() as uow:
        service.end_internal_entry(uow, list_name="eta-refused", source_ref="eta:404", on=ON)
        assert uow.session.scalar(select(Entry)) is None


def test_upserting_the_same_source_ref_updates_one_entry_and_audits_both(database: object) -> None:
    first = _list()
    second = _list("Ivan Sidorov", dob="1971-03-05")
    assert first == second
    with unit_of_work() as uow:
        entries = list(uow.session.scalars(select(Entry)))
        assert len(entries) == 1 and entries[0].date_of_birth == "1971-03-05"
        watchlist = uow.session.scalar(select(Watchlist))
        assert watchlist is not None and watchlist.kind == "internal"
        ops = [
            e.operation for e in uow.session.scalars(select(audit.AuditEntry).order_by(audit.AuditEntry.seq))
        ]
        assert ops == ["collection", "alteration"]


def test_the_list_filter_keeps_to_the_lists_asked_for(database: object) -> None:
    _list(list_name="eta-refused", ref="eta:1")
    with unit_of_work() as uow:
        subject = SubjectIn(kind="person", names=["Ivan Sidorov"])
        assert service.screen(uow.session, subject, use="general", on=ON, lists=["travel-restricted"]) == []
        assert len(service.screen(uow.session, subject, use="general", on=ON, lists=["eta-refused"])) == 1


@pytest.mark.parametrize(
    ("subject", "field"),
    [
        (SubjectIn(kind="person", names=[""]), "names[0]"),
        (SubjectIn(kind="person", names=["12345"]), "names[0]"),
        (SubjectIn(kind="person", names=[]), "names"),
        (SubjectIn(kind="person", names=["Ann Lee"], date_of_birth="2030-01-01"), "date_of_birth"),
        (SubjectIn(kind="person", names=["Ann Lee"], date_of_birth="1990-02-30"), "date_of_birth"),
        (SubjectIn(kind="person", names=["Ann Lee"], nationalities=["XYZ"]), "nationalities"),
        (SubjectIn(kind="person", names=["Ann Lee"], identifiers=["1"]), "identifiers[0]"),
    ],
)
def test_bad_subjects_are_refused_naming_the_field(database: object, subject: SubjectIn, field: str) -> None:
    with unit_of_work() as uow, pytest.raises(ScreeningInputError) as caught:
        service.screen(uow.session, subject, use="eta", on=ON)
    assert caught.value.errors[0]["field"] == field


def test_a_bad_subject_is_not_listed(database: object) -> None:
    with pytest.raises(ScreeningInputError), unit_of_work() as uow:
        service.upsert_internal_entry(
            uow,
            list_name="eta-refused",
            source_ref="eta:1",
            subject=SubjectIn(kind="person", names=["  "]),
            reason_code="R",
            source="travel",
            valid_from=None,
            valid_to=None,
        )
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Entry)) is None and uow.session.scalar(select(Watchlist)) is None


def test_icao_codes_are_accepted_as_nationalities(database: object) -> None:
    _list()
    hits = _screen(["Ivan Sidorov"], nationalities=["D", "RUS"])
    assert hits and hits[0].explanation["nationality"]["result"] == "match"


def test_the_thresholds_apply_from_their_effective_date_and_not_before(database: object) -> None:
    from portcullis.core.policy import ParameterNotInForce

    _list(valid_from=None)
    with pytest.raises(ParameterNotInForce):
        _screen(["Ivan Sidorov"], on=date(2023, 10, 24))
    assert len(_screen(["Ivan Sidorov"], on=date(2023, 10, 25))) == 1


@pytest.mark.parametrize(
    ("use", "limit"),
    [("eta", 0.8), ("carrier", 0.85), ("employer", 0.8), ("prevent", 0.75), ("general", 0.7)],
)
def test_each_use_has_its_own_cited_threshold(use: str, limit: float) -> None:
    from portcullis.core import policy
    from portcullis.screening import rules

    value = rules.threshold(use, on=ON, snapshot=policy.at(ON))
    assert value.value == limit and value.references and value.verified is False
    assert rules.is_hit(limit, value) and not rules.is_hit(limit - 0.001, value)
