"""The officers' forms: filing applications with structured conditions, giving a DAPN, recording service,
variation and discharge, appeals; and court staff deciding them. Bad input names the field and saves nothing;
every form carries the CSRF token; every change is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select

from portcullis.core import access
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.orders import lifecycle, service
from portcullis.orders.models import Appeal, Order, OrderApplication, Variation

from .helpers import make_person

CPS = access.Principal(kind="user", user_id="u1", name="Cas", organisation="cps")


def count(model: Any) -> int:
    with unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def audited(operation: str, record_type: str) -> int:
    with unit_of_work() as uow:
        query = select(func.count()).where(
            AuditEntry.operation == operation, AuditEntry.record_type == record_type
        )
        return int(uow.session.scalar(query) or 0)


def csrf_of(page: str) -> str:
    marker = 'name="csrf_token" value="'
    assert marker in page
    return page.split(marker, 1)[1].split('"', 1)[0]


def scpo_order() -> str:
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
            conditions=[{"kind": "travel_restriction", "countries": ["FRA"]}],
            starts_on=date(2025, 6, 2),
            ends_on=date(2026, 6, 1),
        )
        assert order is not None
        return order.id


def test_choosing_the_type_is_one_question_and_missing_it_is_named(client: Any, sign_in: Any) -> None:
    sign_in(["nca_officer"], "cps")
    assert "What are you applying for?" in client.get("/orders/applications/new").text
    missing = client.get("/orders/applications/new?asked=1")
    assert missing.status_code == 400 and 'href="#order_type"' in missing.text
    chosen = client.get("/orders/applications/new?order_type=scpo", follow_redirects=False)
    assert chosen.headers["location"] == "/orders/applications/new/scpo"
    assert client.get("/orders/applications/new/dapn").status_code == 404


def test_an_officer_files_an_scpo_with_structured_conditions_and_people_found_by_name(
    client: Any, sign_in: Any
) -> None:
    subject = make_person("Sid", "Smuggler")
    associate = make_person("Ada", "Associate", "1970-01-01")
    make_person("Ada", "Associate", "1990-05-05")  # a namesake: the date of birth tells them apart
    sign_in(["nca_officer"], "cps")
    page = client.get("/orders/applications/new/scpo").text
    for field in (
        "travel_countries",
        "association_names",
        "zone_radius_m",
        "tag_months",
        "notification_days",
    ):
        assert f'id="{field}"' in page
    token = csrf_of(page)
    form = {
        "csrf_token": token,
        "subject_name": "Sid Smuggler",
        "court": "high-court",
        "with_notice": "no",
        "terrorism_related": "no",
        "starts_on": "2025-06-02",
        "ends_on": "2027-06-01",
        "travel": "yes",
        "travel_countries": "fra, esp",
        "travel_passport": "yes",
        "association": "yes",
        "association_names": "Ada Associate",
        "zone": "yes",
        "zone_name": "Dover docks",
        "zone_latitude": "51.12",
        "zone_longitude": "1.31",
        "zone_radius_m": "500",
        "notification": "yes",
        "notification_days": "3",
        "notification_details": ["names", "vehicles"],
    }
    ambiguous = client.post("/orders/applications/new/scpo", data=form)
    assert ambiguous.status_code == 400
    assert "2 person records match person 1 &#39;Ada Associate&#39;: add the date of birth" in ambiguous.text
    assert count(OrderApplication) == 0
    form["association_names"] = "Ada Associate, 1970-01-01"
    filed = client.post("/orders/applications/new/scpo", data=form, follow_redirects=False)
    assert filed.status_code == 303, filed.text
    with unit_of_work() as uow:
        app = uow.session.scalar(select(OrderApplication))
        assert app is not None and app.subject_person_id == subject and not app.with_notice
        kinds = [c["kind"] for c in app.proposed_conditions]
        assert kinds == ["travel_restriction", "association", "exclusion_zone", "notification"]
        assert app.proposed_conditions[0]["countries"] == ["FRA", "ESP"]
        assert app.proposed_conditions[1]["person_ids"] == [associate]
        assert app.proposed_conditions[2]["radius_m"] == 500
    confirmation = client.get(filed.headers["location"]).text
    assert "Application filed" in confirmation and "You must not travel to: FRA, ESP." in confirmation
    assert audited("collection", "order_application") == 1


def test_bad_condition_details_are_named_beside_the_field_and_nothing_is_saved(
    client: Any, sign_in: Any
) -> None:
    make_person("Sid", "Smuggler")
    sign_in(["nca_officer"], "cps")
    response = client.post(
        "/orders/applications/new/scpo",
        data={
            "subject_name": "Sid Smuggler",
            "court": "high-court",
            "with_notice": "yes",
            "zone": "yes",
            "zone_name": "Port",
            "zone_latitude": "51.1",
            "zone_longitude": "1.3",
            "zone_radius_m": "5",
            "travel": "yes",
            "travel_countries": "France",
        },
    )
    assert response.status_code == 400
    assert 'href="#zone_radius_m"' in response.text and 'href="#travel_countries"' in response.text
    assert 'id="zone_radius_m-error"' in response.text
    assert count(OrderApplication) == 0


def test_an_scpo_longer_than_five_years_and_an_unknown_subject_are_refused(client: Any, sign_in: Any) -> None:
    make_person("Sid", "Smuggler")
    sign_in(["nca_officer"], "cps")
    form = {"subject_name": "Nobody Known", "court": "high-court", "with_notice": "yes"}
    unknown = client.post("/orders/applications/new/scpo", data=form)
    assert unknown.status_code == 400 and 'href="#subject_name"' in unknown.text
    form.update(subject_name="Sid Smuggler", starts_on="2025-06-02", ends_on="2031-01-01")
    too_long = client.post("/orders/applications/new/scpo", data=form)
    assert (
        too_long.status_code == 400
        and "at most 5 years" in too_long.text
        and 'href="#ends_on"' in too_long.text
    )
    assert count(OrderApplication) == 0


def test_an_interim_scpo_is_tied_to_its_main_application(
    client: Any, sign_in: Any, frozen_clock: Any
) -> None:
    frozen_clock.set(datetime(2025, 12, 10, 10, tzinfo=UTC))  # after Royal Assent; commencement not known
    subject = make_person("Sid", "Smuggler")
    with unit_of_work() as uow:
        main = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=subject,
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
    sign_in(["nca_officer"], "cps")
    page = client.get("/orders/applications/new/interim_scpo").text
    assert main.reference in page
    missing = client.post(
        "/orders/applications/new/interim_scpo",
        data={"subject_name": "Sid Smuggler", "court": "high-court", "with_notice": "no"},
    )
    assert missing.status_code == 400 and 'href="#main_application_id"' in missing.text
    filed = client.post(
        "/orders/applications/new/interim_scpo",
        data={
            "subject_name": "Sid Smuggler",
            "court": "high-court",
            "with_notice": "no",
            "main_application_id": main.id,
        },
        follow_redirects=False,
    )
    assert filed.status_code == 303
    with unit_of_work() as uow:
        interim = uow.session.scalar(
            select(OrderApplication).where(OrderApplication.order_type == "interim_scpo")
        )
        assert interim is not None and interim.main_application_id == main.id
        assert (
            interim.eligibility == "undetermined"
        )  # interim SCPOs have not commenced: the rules cannot decide
    assert "this interim order ends when it is decided" in client.get(filed.headers["location"]).text


def test_an_interim_scpo_before_royal_assent_is_refused_and_nothing_is_saved(
    client: Any, sign_in: Any
) -> None:
    subject = make_person("Sid", "Smuggler")
    with unit_of_work() as uow:
        main = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=subject,
            actor=CPS,
            with_notice=True,
            court="high-court",
        )
    sign_in(["nca_officer"], "cps")
    refused = client.post(
        "/orders/applications/new/interim_scpo",
        data={
            "subject_name": "Sid Smuggler",
            "court": "high-court",
            "with_notice": "no",
            "main_application_id": main.id,
        },
    )
    assert refused.status_code == 400 and "interim SCPOs did not exist on 2025-06-02" in refused.text
    assert count(OrderApplication) == 1


def test_a_pilot_force_files_a_dapo_with_tagging_beyond_twelve_months_refused(
    client: Any, sign_in: Any
) -> None:
    make_person("Dan", "Subject")
    make_person("Val", "Victim", "1995-01-01")
    sign_in(["police_officer"], "greater-manchester")
    form = {
        "subject_name": "Dan Subject",
        "protected_name": "Val Victim",
        "area": "greater-manchester",
        "court": "magistrates-court",
        "with_notice": "yes",
        "no_contact": "yes",
        "tag": "yes",
        "tag_mode": "location",
        "tag_months": "13",
        "tag_responsible": "Tagline Ltd",
        "tag_available": "yes",
        "tag_subject_present": "yes",
    }
    too_long = client.post("/orders/applications/new/dapo", data=form)
    assert too_long.status_code == 400 and 'href="#tag' in too_long.text and "12" in too_long.text
    assert count(OrderApplication) == 0
    form["tag_months"] = "12"
    assert client.post("/orders/applications/new/dapo", data=form, follow_redirects=False).status_code == 303
    with unit_of_work() as uow:
        app = uow.session.scalar(select(OrderApplication))
        assert app is not None and app.protected_person_id is not None
        assert app.proposed_conditions[0] == {
            "kind": "no_contact",
            "person_id": app.protected_person_id,
            "including_indirect": True,
        }


def dapn_form(**changes: str) -> dict[str, Any]:
    form: dict[str, Any] = {
        "officer_name": "I. Spector",
        "rank": "inspector",
        "issued_at": "2025-06-02T09:00",
        "area": "greater-manchester",
        "subject_name": "Dan Subject",
        "protected_name": "Val Victim",
        "considered": ["children", "victim", "representations"],
        "no_contact": "yes",
    }
    form.update(changes)
    return form


def test_an_inspector_gives_a_dapn_and_the_confirmation_shows_the_hearing_deadline(
    client: Any, sign_in: Any
) -> None:
    make_person("Dan", "Subject")
    make_person("Val", "Victim", "1995-01-01")
    sign_in(["police_officer"], "greater-manchester")
    assert 'name="csrf_token"' in client.get("/orders/dapn/new").text
    given = client.post("/orders/dapn", data=dapn_form(), follow_redirects=False)
    assert given.status_code == 303, given.text
    page = client.get(given.headers["location"]).text
    # Monday 2 June 09:00 BST -> Wednesday 4 June 09:00
    assert "Notice given" in page and "The DAPO hearing must begin by Wednesday 04 June 2025 at 09:00" in page
    assert count(Order) == 1 and count(OrderApplication) == 1
    assert audited("collection", "order") == 1
    assert (
        "the officer considered: the welfare of any child"
        in client.get(given.headers["location"].removesuffix("/given").replace("/dapn", "")).text
    )


def test_a_dapn_from_a_sergeant_is_refused_naming_the_rank_and_nothing_is_saved(
    client: Any, sign_in: Any
) -> None:
    make_person("Dan", "Subject")
    make_person("Val", "Victim", "1995-01-01")
    sign_in(["police_officer"], "greater-manchester")
    refused = client.post("/orders/dapn", data=dapn_form(rank="sergeant"))
    assert refused.status_code == 400 and 'href="#rank"' in refused.text and "inspector" in refused.text
    unconsidered = client.post("/orders/dapn", data=dapn_form(considered=["victim"]))
    assert unconsidered.status_code == 400 and 'href="#considered"' in unconsidered.text
    future = client.post("/orders/dapn", data=dapn_form(issued_at="2025-06-03T09:00"))
    assert future.status_code == 400 and 'href="#issued_at"' in future.text
    assert count(Order) == 0 and count(OrderApplication) == 0


def test_an_officer_records_service_and_the_order_binds_from_then(client: Any, sign_in: Any) -> None:
    order_id = scpo_order()
    sign_in(["nca_officer"], "cps")
    page = client.get(f"/orders/{order_id}").text
    assert f"/orders/{order_id}/service" in page
    bad = client.post(f"/orders/{order_id}/service", data={"at": "2025-06-02T09:00"})
    assert bad.status_code == 400 and 'href="#how"' in bad.text
    done = client.post(
        f"/orders/{order_id}/service", data={"how": "known", "at": "2025-06-02T09:00"}, follow_redirects=False
    )
    assert done.status_code == 303
    with unit_of_work() as uow:
        order = uow.session.get(Order, order_id)
        assert order is not None and order.known_at == datetime(2025, 6, 2, 8, tzinfo=UTC)
    assert "02 June 2025 09:00" in client.get(f"/orders/{order_id}").text
    assert audited("alteration", "order") == 1


def test_the_subject_may_apply_to_discharge_only_on_a_change_of_circumstances(
    client: Any, sign_in: Any
) -> None:
    order_id = scpo_order()
    sign_in(["nca_officer"], "cps")
    form = {
        "kind": "discharge",
        "party": "subject",
        "change_of_circumstances": "no",
        "grounds": "I have moved",
    }
    refused = client.post(f"/orders/{order_id}/variations", data=form)
    assert refused.status_code == 400 and "only on a change of circumstances" in refused.text
    assert 'href="#party"' in refused.text and count(Variation) == 0
    form["change_of_circumstances"] = "yes"
    assert client.post(f"/orders/{order_id}/variations", data=form, follow_redirects=False).status_code == 303
    assert count(Variation) == 1


def test_court_staff_discharge_an_order_and_decide_an_appeal(client: Any, sign_in: Any) -> None:
    order_id = scpo_order()
    sign_in(["nca_officer"], "cps")
    client.post(
        f"/orders/{order_id}/variations", data={"kind": "discharge", "party": "applicant", "grounds": "x"}
    )
    missing = client.post(f"/orders/{order_id}/appeals", data={"appellant": "subject"})
    assert missing.status_code == 400 and 'href="#grounds"' in missing.text
    client.post(f"/orders/{order_id}/appeals", data={"appellant": "applicant", "grounds": "Too lenient"})
    assert count(Appeal) == 1
    sign_in(["court_staff"], "high-court")
    assert f"/orders/court/orders/{order_id}" in client.get("/orders/court").text
    with unit_of_work() as uow:
        variation_id = uow.session.scalars(select(Variation.id)).one()
        appeal_id = uow.session.scalars(select(Appeal.id)).one()
    unanswered = client.post(f"/orders/court/variations/{variation_id}", data={})
    assert unanswered.status_code == 400 and f'href="#granted-{variation_id}"' in unanswered.text
    client.post(f"/orders/court/appeals/{appeal_id}", data={"allowed": "no"})
    client.post(f"/orders/court/variations/{variation_id}", data={"granted": "yes"})
    with unit_of_work() as uow:
        order = uow.session.get(Order, order_id)
        assert order is not None and order.status == "discharged"
        assert uow.session.get(Appeal, appeal_id).status == "dismissed"  # type: ignore[union-attr]
    sign_in(["court_staff"], "family-court")
    assert client.get(f"/orders/court/orders/{order_id}").status_code == 404


def test_court_staff_list_a_hearing_and_a_bad_time_is_named(client: Any, sign_in: Any) -> None:
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
    sign_in(["court_staff"], "high-court")
    bad = client.post(f"/orders/court/applications/{app.id}/hearings", data={"scheduled_at": "tomorrow"})
    assert bad.status_code == 400 and 'href="#scheduled_at"' in bad.text
    ok = client.post(
        f"/orders/court/applications/{app.id}/hearings",
        data={"scheduled_at": "2025-06-10T10:00"},
        follow_redirects=False,
    )
    assert ok.status_code == 303
    assert "10 Jun 2025 10:00" in client.get(f"/orders/court/applications/{app.id}").text


def test_another_forces_officer_cannot_use_the_forms_on_an_order(client: Any, sign_in: Any) -> None:
    order_id = scpo_order()
    sign_in(["police_officer"], "greater-manchester")
    assert client.get(f"/orders/{order_id}/service").status_code == 404
    assert (
        client.post(f"/orders/{order_id}/appeals", data={"appellant": "subject", "grounds": "x"}).status_code
        == 404
    )
    assert count(Appeal) == 0


def test_every_new_form_carries_the_sessions_csrf_token(client: Any, sign_in: Any) -> None:
    order_id = scpo_order()
    with unit_of_work() as uow:
        variation = lifecycle.apply_to_vary(
            uow, order_id=order_id, kind="discharge", party="applicant", grounds="x", actor=CPS
        )
        assert variation.id
    officer = sign_in(["nca_officer"], "cps")
    for path in (
        "/orders/applications/new/scpo",
        "/orders/applications/new/dapo",
        "/orders/dapn/new",
        f"/orders/{order_id}/service",
        f"/orders/{order_id}/variations/new",
        f"/orders/{order_id}/appeals/new",
    ):
        assert csrf_of(client.get(path).text) == officer.csrf_token, path
    court = sign_in(["court_staff"], "high-court")
    assert csrf_of(client.get(f"/orders/court/orders/{order_id}").text) == court.csrf_token


def test_an_application_page_is_seen_only_by_the_applying_force_or_agency(client: Any, sign_in: Any) -> None:
    scpo_order()
    with unit_of_work() as uow:
        app_id = uow.session.scalars(select(OrderApplication.id)).one()
    sign_in(["police_officer"], "greater-manchester")
    assert client.get(f"/orders/applications/{app_id}").status_code == 404
    sign_in(["nca_officer"], "cps")
    assert "Application SCPO-" in client.get(f"/orders/applications/{app_id}").text
    assert audited("consultation", "order_application") == 1


def test_device_limits_and_a_programme_without_a_supervisor_are_named(client: Any, sign_in: Any) -> None:
    make_person("Sid", "Smuggler")
    make_person("Dan", "Subject")
    sign_in(["nca_officer"], "cps")
    scpo = client.post(
        "/orders/applications/new/scpo",
        data={
            "subject_name": "Sid Smuggler",
            "court": "high-court",
            "with_notice": "yes",
            "devices": "yes",
            "devices_phones": "9",
            "devices_laptops": "1",
            "social": "yes",
        },
    )
    assert scpo.status_code == 400 and 'href="#devices_phones"' in scpo.text
    sign_in(["police_officer"], "greater-manchester")
    dapo = client.post(
        "/orders/applications/new/dapo",
        data={
            "subject_name": "Dan Subject",
            "area": "greater-manchester",
            "court": "magistrates-court",
            "with_notice": "yes",
            "programme": "yes",
            "programme_name": "Behaviour change programme",
        },
    )
    assert dapo.status_code == 400 and 'href="#programme_supervisor"' in dapo.text
    assert count(OrderApplication) == 0
