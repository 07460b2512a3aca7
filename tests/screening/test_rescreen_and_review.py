"""Bulk re-screening with Splink, the analysts' review and the single view of a confirmed identity."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import IdentityDocument, Person, PersonAlias
from portcullis.screening import rescreen, review, service
from portcullis.screening.models import Alert, RescreenRun
from portcullis.screening.service import SubjectIn

PEOPLE = [
    ("Ivan", "Sidorov", "1971-03-04", "RUS"),
    ("Maria", "Lopez", "1985-07-01", "ESP"),
    ("John", "Smith", "1990-01-01", "GBR"),
    ("Khalid", "Haddad", "1975-05-05", "SYR"),
    ("Anna", "Berg", "1966-02-02", "SWE"),
    ("Peter", "Novak", "1959-09-09", "CZE"),
]
# Others in the population, so that surname frequencies are realistic (a surname shared by a third of a
# six-person population would rightly count for little).
FILLER = [
    "Abbott",
    "Barker",
    "Cooper",
    "Dalton",
    "Ellis",
    "Fowler",
    "Garner",
    "Holt",
    "Irving",
    "Jarvis",
    "Kemp",
    "Lamb",
    "Marsh",
    "Nash",
    "Oakley",
    "Parry",
    "Quinn",
    "Rhodes",
    "Sharp",
    "Tate",
    "Upton",
    "Vaughan",
    "Webb",
    "Yates",
]


def _people() -> dict[str, str]:
    ids = {}
    with unit_of_work() as uow:
        for given, family, dob, nat in PEOPLE:
            person = Person(given_names=given, family_name=family, date_of_birth=dob, nationalities=nat)
            uow.session.add(person)
            uow.session.flush()
            ids[family] = person.id
        for i, family in enumerate(FILLER):
            uow.session.add(
                Person(
                    given_names="Alex", family_name=family, date_of_birth=f"{1950 + i}", nationalities="GBR"
                )
            )
        uow.session.add(
            IdentityDocument(
                person_id=ids["Haddad"], doc_type="passport", number="N1234567", issuing_state="SYR"
            )
        )
    return ids


def _list(name: str, ref: str, dob: str, nat: str, list_name: str = "travel-restricted") -> str:
    with unit_of_work() as uow:
        return service.upsert_internal_entry(
            uow,
            list_name=list_name,
            source_ref=ref,
            subject=SubjectIn(kind="person", names=[name], date_of_birth=dob, nationalities=[nat]),
            reason_code="R",
            source="orders",
            valid_from=date(2025, 1, 1),
            valid_to=None,
        )


def _alerts() -> set[tuple[str, str]]:
    with unit_of_work() as uow:
        return {(a.record_id, a.entry_id) for a in uow.session.scalars(select(Alert))}


def test_bulk_rescreening_on_duckdb_alerts_the_listed_people_only(database: object) -> None:
    ids = _people()
    sidorov = _list("Сидоров Иван", "order:1", "1971-03-04", "RUS")
    haddad = _list("Khaled Hadad", "order:2", "1975-05-05", "SYR")
    _list("Peter Novak", "order:3", "1920-01-01", "POL")  # a namesake born decades earlier
    summary = rescreen.rescreen(backend="duckdb", chunks=2)
    assert summary.status == "finished" and summary.chunks_done == 2
    assert _alerts() == {(ids["Sidorov"], sidorov), (ids["Haddad"], haddad)}
    with unit_of_work() as uow:
        alert = uow.session.scalar(select(Alert).where(Alert.entry_id == sidorov))
        assert alert is not None and alert.explanation["match_probability"] >= 0.9
        assert alert.origin == "rescreen"


def test_a_rerun_raises_no_duplicate_alerts(database: object) -> None:
    _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    rescreen.rescreen(backend="duckdb", chunks=1)
    second = rescreen.rescreen(backend="duckdb", chunks=1)
    assert second.alerts_raised == 0 and len(_alerts()) == 1


def test_an_interrupted_run_resumes_at_the_next_chunk(database: object) -> None:
    _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    with unit_of_work() as uow:
        uow.session.add(
            RescreenRun(
                backend="duckdb",
                scope="all",
                status="running",
                started_at=database_now(),
                chunks_total=3,
                chunks_done=2,
                progress={},
            )
        )
    summary = rescreen.rescreen(backend="duckdb", chunks=3)
    assert summary.chunks_done == 3
    with unit_of_work() as uow:
        assert len(list(uow.session.scalars(select(RescreenRun)))) == 1


def database_now():  # type: ignore[no-untyped-def]
    from portcullis.core import clock

    return clock.now()


def test_a_dismissed_pair_does_not_alert_again_until_a_record_changes(database: object, make_user) -> None:  # type: ignore[no-untyped-def]
    ids = _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    rescreen.rescreen(backend="duckdb", chunks=1)
    analyst = make_user(["screening_analyst"])
    from portcullis.core.access import principal_for_user

    actor = principal_for_user(analyst)
    with unit_of_work() as uow:
        alert = uow.session.scalar(select(Alert))
        assert alert is not None
        review.dismiss(uow, alert_id=alert.id, actor=actor, note="Different person: checked the passport")
    rescreen.rescreen(backend="duckdb", chunks=1)
    assert len(_alerts()) == 1
    with unit_of_work() as uow:  # the person's record changes: an alias is added
        uow.session.add(PersonAlias(person_id=ids["Sidorov"], name="Ivan Sidorov-Petrov"))
    rescreen.rescreen(backend="duckdb", chunks=1)
    with unit_of_work() as uow:
        statuses = sorted(a.status for a in uow.session.scalars(select(Alert)))
    assert statuses == ["dismissed", "open"]


def test_confirming_links_the_person_and_the_entry_into_one_identity(database: object, make_user) -> None:  # type: ignore[no-untyped-def]
    from portcullis.core.access import principal_for_user

    ids = _people()
    entry_id = _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    _list("Ivan Sidorov", "eta:9", "1971-03-04", "RUS", list_name="eta-refused")
    rescreen.rescreen(backend="duckdb", chunks=1)
    actor = principal_for_user(make_user(["screening_analyst"]))
    with unit_of_work() as uow:
        alert = uow.session.scalar(select(Alert).where(Alert.entry_id == entry_id))
        assert alert is not None
        identity = review.confirm(uow, alert_id=alert.id, actor=actor, note="Same passport photo")
        with pytest.raises(review.ReviewError):
            review.dismiss(uow, alert_id=alert.id, actor=actor, note="changed my mind")
    with unit_of_work() as uow:
        view = review.single_view(uow, identity_id=identity.id, actor=actor, justification="case 7")
        assert [p.id for p in view.people] == [ids["Sidorov"]]
        assert f"person:{ids['Sidorov']}" in view.records
        assert any(e.id == entry_id for e, _ in view.entries)
    with unit_of_work() as uow:
        opened = uow.session.scalar(
            select(audit.AuditEntry).where(
                audit.AuditEntry.record_type == "screening_identity",
                audit.AuditEntry.operation == "consultation",
            )
        )
        assert opened is not None and opened.subject_id == ids["Sidorov"]


def test_a_decision_needs_a_reason(database: object, make_user) -> None:  # type: ignore[no-untyped-def]
    from portcullis.core.access import principal_for_user

    _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    rescreen.rescreen(backend="duckdb", chunks=1)
    actor = principal_for_user(make_user(["screening_analyst"]))
    with unit_of_work() as uow:
        alert = uow.session.scalar(select(Alert))
        assert alert is not None
        with pytest.raises(review.ReviewError) as caught:
            review.dismiss(uow, alert_id=alert.id, actor=actor, note=" ")
        assert caught.value.field == "note"


def test_an_analyst_reviews_an_alert_in_the_queue_and_confirms_it(database: object, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    ids = _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    rescreen.rescreen(backend="duckdb", chunks=1)
    sign_in(["screening_analyst"])
    queue = client.get("/screening/alerts")
    assert queue.status_code == 200 and "Ivan Sidorov" in queue.text
    with unit_of_work() as uow:
        alert = uow.session.scalar(select(Alert))
        assert alert is not None
    page = client.get(f"/screening/alerts/{alert.id}")
    assert page.status_code == 200 and "How the names were aligned" in page.text
    missing = client.post(f"/screening/alerts/{alert.id}", data={"decision": "confirm", "note": ""})
    assert missing.status_code == 422 and "Enter the reason for your decision" in missing.text
    done = client.post(
        f"/screening/alerts/{alert.id}",
        data={"decision": "confirm", "note": "Same passport"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/screening/identities/")
    view = client.get(done.headers["location"])
    assert view.status_code == 200 and f"person:{ids['Sidorov']}" in view.text


def test_the_alert_queue_is_closed_to_other_roles(database: object, client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["carrier"])
    assert client.get("/screening/alerts").status_code == 403


def test_a_changed_scope_run_screens_only_entries_changed_since_the_last_run(
    database: object, frozen_clock
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    ids = _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    frozen_clock.advance(timedelta(hours=1))
    first = rescreen.rescreen(backend="duckdb", scope="changed", chunks=1)
    assert (first.entries, first.alerts_raised) == (1, 1)
    frozen_clock.advance(timedelta(hours=1))
    unchanged = rescreen.rescreen(backend="duckdb", scope="changed", chunks=1)
    assert unchanged.entries == 0
    frozen_clock.advance(timedelta(hours=1))
    maria = _list("Maria Lopez", "order:2", "1985-07-01", "ESP")
    later = rescreen.rescreen(backend="duckdb", scope="changed", chunks=1)
    assert (later.entries, later.alerts_raised) == (1, 1)
    assert (ids["Lopez"], maria) in _alerts()


def test_a_list_change_queues_one_rescreening_job_which_raises_the_alerts(database: object) -> None:
    from portcullis.core import jobs
    from portcullis.screening.events import RESCREEN_JOB, run_rescreen

    _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    _list("Maria Lopez", "order:2", "1985-07-01", "ESP")
    with unit_of_work() as uow:
        queued = list(uow.session.scalars(select(jobs.Job).where(jobs.Job.kind == RESCREEN_JOB)))
        assert len(queued) == 1 and queued[0].payload["scope"] == "changed"
    result = run_rescreen(queued[0].payload, jobs.Progress())
    assert result["alerts_raised"] == 2


def test_organisations_are_rescreened_against_banned_sponsors_by_name_or_company_number(
    database: object,
) -> None:
    from portcullis.core.parties import Organisation

    with unit_of_work() as uow:
        northwind = Organisation(name="Northwind Trading Limited", company_number="01234567")
        renamed = Organisation(name="Blue Harbour Foods Ltd", company_number="07654321")
        other = Organisation(name="Southern Bakeries Ltd", company_number="09999999")
        uow.session.add_all([northwind, renamed, other])
        uow.session.flush()
        ids = (northwind.id, renamed.id)
        for ref, name, number in (
            ("licence:1", "Northwind Trading Ltd", "01234567"),
            ("licence:2", "BH Foods", "07654321"),
        ):
            service.upsert_internal_entry(
                uow,
                list_name="banned-sponsors",
                source_ref=ref,
                subject=SubjectIn(kind="organisation", names=[name], identifiers=[number]),
                reason_code="LICENCE-REVOKED",
                source="employers",
                valid_from=date(2025, 1, 1),
                valid_to=None,
            )
    summary = rescreen.rescreen(backend="duckdb", chunks=1)
    assert summary.alerts_raised == 2
    with unit_of_work() as uow:
        alerted = {a.record_id for a in uow.session.scalars(select(Alert))}
        assert alerted == set(ids)


def test_the_rescreen_command_reports_the_run_as_json(database: object) -> None:
    import json

    from typer.testing import CliRunner

    from portcullis.screening.cli import app

    _people()
    _list("Ivan Sidorov", "order:1", "1971-03-04", "RUS")
    out = CliRunner().invoke(app, ["rescreen", "--chunks", "2", "--json"])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert (
        summary["status"] == "finished" and summary["alerts_raised"] == 1 and summary["backend"] == "duckdb"
    )
    assert CliRunner().invoke(app, ["rescreen", "--backend", "oracle"]).exit_code == 2
