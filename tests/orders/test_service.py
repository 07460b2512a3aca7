"""Applications, hearings, outcomes, interim orders, DAPNs, service, variation, appeals, expiry and the
effects on the screening watchlists."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portcullis.core import access
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.orders import lifecycle, service
from portcullis.orders.models import Order, OrderApplication
from portcullis.screening.models import Entry, Watchlist

from .helpers import INTERIM_KNOWN, make_person, snapshot_with

OFFICER = access.Principal(kind="user", user_id="u1", name="Cas Officer", organisation="cps")
TRAVEL = {"kind": "travel_restriction", "all_countries": True, "surrender_passport": True}


def entries(list_name: str) -> list[Entry]:
    with unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(Entry)
                .join(Watchlist, Watchlist.id == Entry.list_id)
                .where(Watchlist.name == list_name)
            )
        )


def scpo_application(subject: str, **kw: object) -> str:
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=subject,
            actor=OFFICER,
            with_notice=True,
            court="high-court",
            **kw,
        )  # type: ignore[arg-type]
        return app.id


def test_an_scpo_granted_with_a_travel_restriction_lists_the_subject_until_its_last_day(
    database: object,
) -> None:
    subject = make_person()
    app_id = scpo_application(subject, conditions=[TRAVEL])
    with unit_of_work() as uow:
        order = service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2027, 6, 1),
        )
        assert order is not None
    [entry] = entries("travel-restricted")
    assert (entry.party_id, entry.valid_from, entry.valid_to) == (subject, date(2025, 6, 2), date(2027, 6, 1))


def test_discharging_the_order_ends_the_travel_restriction(database: object) -> None:
    subject = make_person()
    app_id = scpo_application(subject, conditions=[TRAVEL])
    with unit_of_work() as uow:
        order = service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2027, 6, 1),
        )
        assert order is not None
        variation = lifecycle.apply_to_vary(
            uow,
            order_id=order.id,
            kind="discharge",
            party="applicant",
            grounds="No longer necessary",
            actor=OFFICER,
        )
        lifecycle.decide_variation(uow, variation_id=variation.id, granted=True, actor=OFFICER)
    [entry] = entries("travel-restricted")
    assert entry.valid_to == date(2025, 6, 1)  # the day before the discharge (today 2025-06-02)


def test_an_association_ban_lists_the_subject_and_every_named_person(database: object) -> None:
    subject, named = make_person(), make_person("Nat", "Named")
    app_id = scpo_application(subject, conditions=[{"kind": "association", "person_ids": [named]}])
    with unit_of_work() as uow:
        service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
    assert sorted(e.party_id for e in entries("association-ban")) == sorted([subject, named])


def test_an_scpo_for_someone_under_18_is_refused_and_nothing_is_saved(database: object) -> None:
    child = make_person(dob="2010-01-01")
    with pytest.raises(service.OrdersError) as caught:
        scpo_application(child)
    assert caught.value.errors == [
        {"field": "subject.date_of_birth", "reason": "the subject is 15; must be 18 or over"}
    ]
    with unit_of_work() as uow:
        assert uow.session.scalar(select(OrderApplication)) is None


def test_an_scpo_longer_than_5_years_is_not_made(database: object) -> None:
    app_id = scpo_application(make_person())
    with unit_of_work() as uow, pytest.raises(service.OrdersError) as caught:
        service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2030, 6, 3),
        )
    assert caught.value.errors[0]["field"] == "ends_on"
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Order)) is None


def test_an_agency_that_may_not_apply_is_refused(database: object) -> None:
    with unit_of_work() as uow, pytest.raises(service.OrdersError) as caught:
        service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="nca",
            subject_person_id=make_person(),
            actor=OFFICER,
            with_notice=True,
            court="high-court",
        )
    assert caught.value.errors[0]["field"] == "applicant"


def test_a_youth_diversion_order_application_is_recorded_as_undetermined_while_the_law_is_unknown(
    database: object, frozen_clock: object
) -> None:
    young = make_person(dob="2010-05-01")
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="ydo",
            applicant_agency="counter-terrorism-policing",
            subject_person_id=young,
            actor=OFFICER,
            with_notice=True,
            court="youth-court",
        )
        assert app.eligibility == "undetermined"
        assert app.eligibility_notes == [
            {"field": "order_type", "reason": "cannot decide: orders.ydo.commencement is not known"}
        ]


def test_an_interim_scpo_ends_when_the_main_application_is_determined(database: object) -> None:
    subject = make_person()
    on = date(2026, 2, 1)
    snap = snapshot_with(on, INTERIM_KNOWN)
    main_id = scpo_application(subject)
    with unit_of_work() as uow:
        interim = service.create_application(
            uow,
            order_type="interim_scpo",
            applicant_agency="nca",
            subject_person_id=subject,
            actor=OFFICER,
            with_notice=False,
            court="high-court",
            main_application_id=main_id,
            conditions=[TRAVEL],
            on=on,
            snapshot=snap,
        )
        assert interim.eligibility == "eligible"
        order = service.record_outcome(
            uow,
            application_id=interim.id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            snapshot=snap,
        )
        assert order is not None and order.made_without_notice and order.ends_on is None
    assert entries("travel-restricted")[0].valid_to is None
    with unit_of_work() as uow:
        service.record_outcome(uow, application_id=main_id, outcome="refused", actor=OFFICER)
        ended = uow.session.get(Order, order.id)
        assert ended is not None and (ended.status, ended.ended_reason[:21]) == (
            "ended",
            "Main SCPO application",
        )
    assert entries("travel-restricted")[0].valid_to == date(2025, 6, 1)


def test_an_interim_scpo_needs_a_pending_high_court_application(database: object) -> None:
    with unit_of_work() as uow, pytest.raises(service.OrdersError) as caught:
        service.create_application(
            uow,
            order_type="interim_scpo",
            applicant_agency="nca",
            subject_person_id=make_person(),
            actor=OFFICER,
            with_notice=False,
            court="high-court",
        )
    assert caught.value.errors[0]["field"] == "main_application_id"


def test_a_dapn_sets_the_hearing_deadline_and_files_the_dapo_application(database: object) -> None:
    subject, victim = make_person(), make_person("Val", "Victim", "1995-01-01")
    with unit_of_work() as uow:
        dapn = service.issue_dapn(
            uow,
            issuing_agency="greater-manchester",
            officer_name="I. Spector",
            rank="inspector",
            area="greater-manchester",
            subject_person_id=subject,
            protected_person_id=victim,
            issued_at=datetime(2025, 6, 6, 17, 0, tzinfo=UTC),
            conditions=[{"kind": "no_contact", "person_id": victim}],
            actor=OFFICER,
        )
        assert dapn.hearing_by is not None
        assert dapn.hearing_by.astimezone(UTC) == datetime(2025, 6, 9, 17, 0, tzinfo=UTC)
        application = uow.session.scalar(
            select(OrderApplication).where(OrderApplication.dapn_order_id == dapn.id)
        )
        assert application is not None and application.court == "magistrates-court"
        # The DAPO's age rule is not known, so the application is undetermined rather than refused.
        assert application.eligibility == "undetermined"
        service.record_outcome(uow, application_id=application.id, outcome="adjourned", actor=OFFICER)
        assert dapn.status == "in_force"  # an adjournment keeps the notice in force
        service.record_outcome(uow, application_id=application.id, outcome="withdrawn", actor=OFFICER)
        assert dapn.status == "ended"


def test_a_dapn_from_a_sergeant_is_refused_and_nothing_is_saved(database: object) -> None:
    subject, victim = make_person(), make_person("Val", "Victim", "1995-01-01")
    with unit_of_work() as uow, pytest.raises(service.OrdersError) as caught:
        service.issue_dapn(
            uow,
            issuing_agency="greater-manchester",
            officer_name="S. Ergeant",
            rank="sergeant",
            area="greater-manchester",
            subject_person_id=subject,
            protected_person_id=victim,
            issued_at=datetime(2025, 6, 2, 9, 0, tzinfo=UTC),
            conditions=[],
            actor=OFFICER,
        )
    assert caught.value.errors[0]["field"] == "applicant.rank"
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Order)) is None


def test_the_order_binds_from_the_earlier_of_service_and_knowledge(database: object) -> None:
    app_id = scpo_application(make_person())
    with unit_of_work() as uow:
        order = service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None and lifecycle.binds_from(order) is None
        known = datetime(2025, 6, 1, 12, tzinfo=UTC)
        lifecycle.record_service(
            uow,
            order_id=order.id,
            actor=OFFICER,
            served_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
            known_at=known,
        )
        assert lifecycle.binds_from(order) == known


def test_the_subject_may_seek_discharge_only_on_a_change_of_circumstances(database: object) -> None:
    app_id = scpo_application(make_person())
    with unit_of_work() as uow:
        order = service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None
        with pytest.raises(service.OrdersError):
            lifecycle.apply_to_vary(
                uow, order_id=order.id, kind="discharge", party="subject", grounds="x", actor=OFFICER
            )
        lifecycle.apply_to_vary(
            uow,
            order_id=order.id,
            kind="discharge",
            party="subject",
            grounds="Moved abroad",
            actor=OFFICER,
            change_of_circumstances=True,
        )


def test_an_appeal_allowed_for_the_subject_quashes_the_order(database: object) -> None:
    app_id = scpo_application(make_person(), conditions=[TRAVEL])
    with unit_of_work() as uow:
        order = service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None
        appeal = lifecycle.lodge_appeal(
            uow, order_id=order.id, appellant="subject", grounds="Disproportionate", actor=OFFICER
        )
        lifecycle.decide_appeal(uow, appeal_id=appeal.id, allowed=True, actor=OFFICER)
        assert order.status == "quashed"


def test_expiring_lists_orders_ending_within_the_window_and_expiry_lifts_effects(database: object) -> None:
    app_id = scpo_application(make_person(), conditions=[TRAVEL])
    with unit_of_work() as uow:
        service.record_outcome(
            uow,
            application_id=app_id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 2),
            ends_on=date(2025, 6, 30),
        )
        assert len(lifecycle.expiring(uow, within_days=28)) == 1
        assert lifecycle.expiring(uow, within_days=27) == []
        assert lifecycle.expire_orders(uow, actor=OFFICER, today=date(2025, 7, 1)) == 1


def test_filing_an_application_is_audited(database: object) -> None:
    scpo_application(make_person())
    with unit_of_work() as uow:
        ops = [e.record_type for e in uow.session.scalars(select(AuditEntry))]
    assert "order_application" in ops
