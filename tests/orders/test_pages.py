"""Pages: officers see their own force's or agency's orders, court staff the applications before their court;
the order page shows conditions in plain English and the DAPN deadline; every view is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from portcullis.core import access
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.orders import service
from portcullis.orders.models import Order

from .helpers import make_person

CPS = access.Principal(kind="user", user_id="u1", name="Cas", organisation="cps")


def dapn(issued: datetime) -> str:
    subject, victim = make_person("Dan", "Subject"), make_person("Val", "Victim", "1995-01-01")
    with unit_of_work() as uow:
        order = service.issue_dapn(
            uow,
            issuing_agency="greater-manchester",
            officer_name="I. Spector",
            rank="inspector",
            area="greater-manchester",
            subject_person_id=subject,
            protected_person_id=victim,
            issued_at=issued,
            conditions=[{"kind": "no_contact", "person_description": "Val Victim"}],
            actor=CPS,
        )
        return order.id


def scpo() -> str:
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=make_person("Sid", "Smuggler"),
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
        order = service.record_outcome(
            uow,
            application_id=app.id,
            outcome="granted",
            actor=CPS,
            conditions=[{"kind": "social_media", "including_via_third_parties": True}],
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None
        return order.id


def consultations() -> list[str]:
    with unit_of_work() as uow:
        return [
            e.record_type
            for e in uow.session.scalars(select(AuditEntry).where(AuditEntry.operation == "consultation"))
        ]


def test_an_officer_sees_only_their_own_forces_orders(client: Any, sign_in: Any) -> None:
    gmp_order, cps_order = dapn(datetime(2025, 6, 2, 8, tzinfo=UTC)), scpo()
    sign_in(["police_officer"], "greater-manchester")
    page = client.get("/orders").text
    assert f"/orders/{gmp_order}" in page and f"/orders/{cps_order}" not in page
    assert client.get(f"/orders/{cps_order}").status_code == 404
    assert "order_register" in consultations()


def test_the_order_page_shows_conditions_in_plain_english_and_is_audited(client: Any, sign_in: Any) -> None:
    order_id = scpo()
    sign_in(["nca_officer"], "cps")  # an officer of the applying agency
    page = client.get(f"/orders/{order_id}").text
    assert "You must not use any social media, including through another person." in page
    assert "On indictment: 5 years" in page
    assert consultations().count("order") == 1


def test_the_dapn_deadline_warns_as_it_nears_and_once_passed(client: Any, sign_in: Any) -> None:
    # The clock is frozen at Monday 2 June 2025 10:30 BST.
    later = dapn(datetime(2025, 6, 2, 8, tzinfo=UTC))  # hearing by Wednesday 4 June 09:00
    near = dapn(datetime(2025, 5, 30, 12, tzinfo=UTC))  # Friday 13:00 -> Monday 13:00 (Sunday disregarded)
    passed = dapn(datetime(2025, 5, 29, 8, tzinfo=UTC))  # Thursday 09:00 -> Saturday 09:00
    sign_in(["police_officer"], "greater-manchester")
    assert (
        "The DAPO hearing must begin by Wednesday 04 June 2025 at 09:00"
        in client.get(f"/orders/{later}").text
    )
    page = client.get(f"/orders/{near}").text
    assert "Warning" in page and "Monday 02 June 2025 at 13:00: 2.5 hours left" in page
    assert "The DAPO hearing deadline has passed" in client.get(f"/orders/{passed}").text


def test_the_printable_notice_has_a_print_stylesheet(client: Any, sign_in: Any) -> None:
    order_id = dapn(datetime(2025, 6, 2, 8, tzinfo=UTC))
    sign_in(["police_officer"], "greater-manchester")
    page = client.get(f"/orders/{order_id}/notice").text
    assert "@media print" in page and "may arrest you without warrant" in page


def test_court_staff_see_the_applications_before_their_court_only(client: Any, sign_in: Any) -> None:
    scpo()
    dapn(datetime(2025, 6, 2, 8, tzinfo=UTC))
    sign_in(["court_staff"], "magistrates-court")
    page = client.get("/orders/court").text
    assert "DAPO-" in page and "SCPO-" not in page
    assert client.get("/orders").status_code == 403


def test_a_bad_expiring_filter_is_named(client: Any, sign_in: Any) -> None:
    sign_in(["police_officer"], "greater-manchester")
    response = client.get("/orders?expiring=soon")
    assert response.status_code == 400 and "Expiring within must be a number" in response.text


def test_an_officer_acknowledges_an_alert_and_records_a_breach_with_evidence(
    client: Any, sign_in: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    from portcullis.core.settings import get_settings
    from portcullis.orders import monitoring
    from portcullis.orders.models import Breach, EvidenceItem, MonitoringAlert

    monkeypatch.setenv("PORTCULLIS_VAR_DIR", str(tmp_path))
    get_settings.cache_clear()
    gmp = access.Principal(kind="user", name="PC", organisation="greater-manchester")
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="dapo",
            applicant_agency="greater-manchester",
            subject_person_id=make_person(),
            actor=gmp,
            with_notice=True,
            court="magistrates-court",
            area="greater-manchester",
        )
        order = service.record_outcome(
            uow,
            application_id=app.id,
            outcome="granted",
            actor=gmp,
            conditions=[
                {
                    "kind": "electronic_monitoring",
                    "mode": "location",
                    "months": 6,
                    "responsible_person": "Tagline",
                    "available_in_area": True,
                }
            ],
            starts_on=date(2025, 6, 1),
        )
        assert order is not None
        monitoring.fit_tag(uow, order_id=order.id, tag_id="T1", responsible_officer="PC Dee", actor=gmp)
        monitoring.ingest(
            uow,
            rows=[{"tag_id": "T1", "at": "2025-06-02T09:00:00+01:00", "event": "tamper"}],
            actor=gmp,
            source="test",
        )
        alert_ids = [a.id for a in uow.session.scalars(select(MonitoringAlert))]
    sign_in(["police_officer"], "greater-manchester")
    assert "Tamper" in client.get("/orders/alerts").text
    bad = client.post(
        f"/orders/{order.id}/breaches",
        data={"alleged_at": "yesterday", "description": "x", "alert_id": alert_ids[0]},
    )
    assert bad.status_code == 400 and "Enter when the breach happened" in bad.text
    response = client.post(
        f"/orders/{order.id}/breaches",
        data={
            "alleged_at": "2025-06-02T09:00",
            "description": "Strap cut",
            "alert_id": alert_ids[0],
            "holder": "GMP evidence store",
        },
        files={"evidence": ("bwv.mp4", b"video-bytes", "video/mp4")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Breach)) is not None
        assert uow.session.scalar(select(EvidenceItem)).filename == "bwv.mp4"  # type: ignore[union-attr]
    get_settings.cache_clear()


def test_court_staff_record_a_grant_and_the_order_is_made(client: Any, sign_in: Any) -> None:
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=make_person(),
            actor=CPS,
            with_notice=True,
            court="high-court",
            conditions=[{"kind": "travel_restriction", "countries": ["FRA"]}],
        )
    sign_in(["court_staff"], "high-court")
    page = client.get(f"/orders/court/applications/{app.id}").text
    assert "You must not travel to: FRA." in page
    too_long = client.post(
        f"/orders/court/applications/{app.id}/outcome",
        data={"outcome": "granted", "starts_on": "2025-06-02", "ends_on": "2031-01-01"},
    )
    assert too_long.status_code == 400 and "an SCPO may last at most 5 years" in too_long.text
    done = client.post(
        f"/orders/court/applications/{app.id}/outcome",
        follow_redirects=False,
        data={"outcome": "granted", "starts_on": "2025-06-02", "ends_on": "2027-06-01", "represented": "yes"},
    )
    assert done.status_code == 303
    with unit_of_work() as uow:
        order = uow.session.scalar(select(Order))
        assert order is not None and order.represented_at_hearing is not None


def test_court_staff_of_another_court_cannot_see_the_application(client: Any, sign_in: Any) -> None:
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=make_person(),
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
    sign_in(["court_staff"], "family-court")
    assert client.get(f"/orders/court/applications/{app.id}").status_code == 404
