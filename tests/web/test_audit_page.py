"""The auditor's page: search the DPA 2018 s.62 log by person, user, operation, record and dates; page
through results; verify the chain; and every search is itself recorded as a consultation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine

from portcullis.core import access, audit
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.web import audit_pages


def _person(given: str, family: str) -> str:
    with unit_of_work() as uow:
        person = Person(given_names=given, family_name=family)
        uow.session.add(person)
        uow.flush()
        return person.id


def _entry(
    actor: access.Principal,
    *,
    operation=audit.Operation.CONSULTATION,
    subject_id=None,
    record_id="case-1",
    recipient=None,
) -> None:  # type: ignore[no-untyped-def]
    with unit_of_work() as uow:
        audit.record(
            uow,
            actor=actor,
            operation=operation,
            record_type="eta_application",
            record_id=record_id,
            subject_id=subject_id,
            justification="Deciding the case",
            recipient=recipient,
        )


@pytest.fixture()
def log(make_user, frozen_clock):  # type: ignore[no-untyped-def]
    """A small log: two caseworkers, two people, entries on 1, 2 and 3 June 2025."""
    alice = access.principal_for_user(make_user(["caseworker"], email="alice@example.gov.uk"))
    bob = access.principal_for_user(make_user(["caseworker"], email="bob@example.gov.uk"))
    ann = _person("Ann", "Smith")
    omar = _person("Omar", "Khan")
    frozen_clock.set(datetime(2025, 6, 1, 10, 0, tzinfo=UTC))
    _entry(alice, subject_id=ann, record_id="case-ann")
    frozen_clock.set(datetime(2025, 6, 2, 22, 30, tzinfo=UTC))  # 23:30 on 2 June in London
    _entry(bob, subject_id=omar, record_id="case-omar", operation=audit.Operation.ALTERATION)
    frozen_clock.set(datetime(2025, 6, 3, 8, 0, tzinfo=UTC))
    _entry(
        alice,
        subject_id=omar,
        record_id="case-omar",
        operation=audit.Operation.DISCLOSURE,
        recipient="Border Force",
    )
    return {"ann": ann, "omar": omar, "alice": alice, "bob": bob}


def _rows(page: str) -> int:
    return page.count('<tr class="govuk-table__row">') - 1  # less the header row


def test_the_page_shows_the_search_form_without_searching(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit").text
    assert "Search the log" in page and "Verify the chain" in page
    with unit_of_work() as uow:
        assert uow.session.scalar(select(audit.AuditEntry).where(audit.AuditEntry.seq == 4)) is None


def test_a_blank_search_lists_the_newest_entries_first(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit?search=1").text
    assert "Entries 1 to 3 of 3, newest first" in page
    assert page.index("Border Force") < page.index("Ann Smith")


def test_search_by_a_persons_name_finds_their_entries(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit", params={"search": "1", "person": "khan"}).text
    assert "Entries 1 to 2 of 2" in page
    assert "People matching" in page and "Omar Khan" in page
    assert "case-ann" not in page


def test_search_by_a_person_reference_finds_their_entries(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit", params={"search": "1", "person": log["ann"]}).text
    assert "Entries 1 to 1 of 1" in page and "case-ann" in page


def test_a_name_that_matches_nobody_says_so(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit", params={"search": "1", "person": "Nobody"}).text
    assert "No people match" in page and "No entries found" in page


def test_search_by_user_email_finds_what_they_did(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit", params={"search": "1", "user": "BOB@example.gov.uk"}).text
    assert "Entries 1 to 1 of 1" in page and "Alteration" in page


def test_an_unknown_user_email_is_an_error_on_that_field(client, sign_in, log) -> None:
    sign_in(["auditor"])
    response = client.get("/audit", params={"search": "1", "user": "eve@example.gov.uk"})
    assert response.status_code == 400
    assert "No user has the email address eve@example.gov.uk" in response.text
    assert 'href="#user"' in response.text


def test_search_by_operation_and_record(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit", params={"search": "1", "operation": "disclosure"}).text
    assert "Entries 1 to 1 of 1" in page and "Disclosure to Border Force" in page
    page = client.get("/audit", params={"search": "1", "record_id": "case-omar"}).text
    assert "Entries 1 to 2 of 2" in page


def test_an_operation_not_in_the_list_is_refused(client, sign_in, log) -> None:
    sign_in(["auditor"])
    response = client.get("/audit", params={"search": "1", "operation": "peeking"})
    assert response.status_code == 400 and "Select an operation from the list" in response.text


def test_dates_are_uk_days_and_both_ends_are_included(client, sign_in, log) -> None:
    sign_in(["auditor"])
    day = {
        "from-day": "2",
        "from-month": "6",
        "from-year": "2025",
        "to-day": "2",
        "to-month": "6",
        "to-year": "2025",
    }
    page = client.get("/audit", params={"search": "1", **day}).text
    assert "Entries 1 to 1 of 1" in page and "2 June 2025 23:30:00" in page
    page = client.get(
        "/audit", params={"search": "1", "from-day": "3", "from-month": "6", "from-year": "2025"}
    ).text
    # 3 June on: the disclosure, and the search just made (the clock is frozen on 3 June)
    assert "Entries 1 to 2 of 2" in page and "Border Force" in page and "case-ann" not in page


def test_an_incomplete_or_impossible_date_is_explained(client, sign_in, log) -> None:
    sign_in(["auditor"])
    partial = client.get("/audit", params={"search": "1", "from-day": "2", "from-year": "2025"})
    assert partial.status_code == 400 and "Date from must include a month" in partial.text
    assert 'href="#from-month"' in partial.text
    impossible = client.get(
        "/audit", params={"search": "1", "to-day": "31", "to-month": "2", "to-year": "2025"}
    )
    assert "Date to must be a real date" in impossible.text


def test_a_date_range_ending_before_it_starts_is_refused(client, sign_in, log) -> None:
    sign_in(["auditor"])
    response = client.get(
        "/audit",
        params={
            "search": "1",
            "from-day": "3",
            "from-month": "6",
            "from-year": "2025",
            "to-day": "1",
            "to-month": "6",
            "to-year": "2025",
        },
    )
    assert response.status_code == 400 and "Date to must be the same as or after date from" in response.text


def test_each_search_is_recorded_as_a_consultation_of_the_audit_log(client, sign_in, log) -> None:
    auditor = sign_in(["auditor"])
    client.get("/audit", params={"search": "1", "person": "Smith", "reason": "Subject access request 7"})
    with unit_of_work() as uow:
        last = uow.session.scalars(select(audit.AuditEntry).order_by(audit.AuditEntry.seq.desc())).first()
    assert last is not None
    assert last.operation == "consultation" and last.record_type == "audit_log"
    assert last.actor_id == auditor.user_id
    assert last.subject_id == log["ann"]
    assert last.justification == "Subject access request 7"
    assert last.details["filters"] == ["person"] and last.details["results"] == 1
    assert "Smith" not in str(last.details)  # the name typed is not copied into the log


def test_results_are_paged(client, sign_in, log, monkeypatch) -> None:
    monkeypatch.setattr(audit_pages, "PAGE_SIZE", 2)
    sign_in(["auditor"])
    first = client.get("/audit", params={"search": "1", "user": "alice@example.gov.uk"}).text
    assert "Entries 1 to 2 of 2" in first
    page = client.get("/audit", params={"search": "1"}).text  # 3 entries, and the search just made
    assert "Entries 1 to 2 of 4" in page and "govuk-pagination" in page and "page=2" in page
    second = client.get("/audit", params={"search": "1", "page": "2"}).text
    assert "Entries 3 to 4 of 5" in second
    assert _rows(second) == 2
    last = client.get("/audit", params={"search": "1", "page": "3"}).text
    assert "Entries 5 to 6 of 6" in last and "Next" not in last


def test_the_verify_panel_reports_an_intact_chain(client, sign_in, log) -> None:
    sign_in(["auditor"])
    page = client.get("/audit/verify").text
    assert "Intact" in page and "All 3 entries were checked" in page


def test_the_verify_panel_names_the_first_altered_entry(client, sign_in, log, database: Engine) -> None:
    sign_in(["auditor"])
    with database.begin() as conn:
        if database.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"))
            conn.execute(text("UPDATE audit_log SET justification = 'nothing' WHERE seq = 2"))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"))
        else:
            rows = (
                conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log'")
                )
                .scalars()
                .all()
            )
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            conn.execute(text("UPDATE audit_log SET justification = 'nothing' WHERE seq = 2"))
            if any("audit_log_no_update" in sql for sql in rows):  # put the guard back for other tests
                conn.execute(text(next(sql for sql in rows if "audit_log_no_update" in sql)))
    page = client.get("/audit/verify").text
    assert "Broken" in page and "broken at entry 2" in page
    assert "its contents were altered after it was written" in page


def test_only_auditors_may_use_the_page(client, sign_in) -> None:
    assert client.get("/audit", follow_redirects=False).status_code == 303
    sign_in(["caseworker"])
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/verify").status_code == 403
