"""Conditions one at a time: any number of every catalogue kind on a pending application, polygon zones
as points or GeoJSON with a preview and an error per field, and the court changing an order's conditions
under a granted variation. Every view and change is audited; bad input saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.orders import lifecycle, service
from portcullis.orders.models import Order, OrderApplication, OrderEvent, Variation

from .helpers import make_person
from .test_forms import audited, scpo_order

CPS = access.Principal(kind="user", user_id="u1", name="Cas", organisation="cps")
ZONE = {"zone_name": "Docks", "zone_shape": "circle", "zone_latitude": "51.5", "zone_longitude": "-0.05"}
BOUNDARY = "53.47, -2.25\n53.47, -2.23\n53.49, -2.23\n53.49, -2.25"


def scpo_application() -> str:
    with unit_of_work() as uow:
        application = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=make_person("Sid", "Smuggler"),
            actor=CPS,
            with_notice=True,
            court="high-court",
            conditions=[{"kind": "travel_restriction", "countries": ["FRA"]}],
        )
        return application.id


def proposed(application_id: str) -> list[dict[str, Any]]:
    with unit_of_work() as uow:
        return list(uow.session.get_one(OrderApplication, application_id).proposed_conditions)


def test_an_officer_adds_two_zones_and_communications_and_financial_terms_one_page_each(
    client: Any, sign_in: Any
) -> None:
    application_id = scpo_application()
    sign_in(["nca_officer"], "cps")
    base = f"/orders/applications/{application_id}/conditions"
    assert f'href="{base}"' in client.get(f"/orders/applications/{application_id}").text
    summary = client.get(base)
    assert summary.status_code == 200 and "Do you need to add another condition?" in summary.text
    assert (
        client.post(base, data={"add_another": "yes"}, follow_redirects=False).headers["location"]
        == f"{base}/new"
    )
    assert client.get(f"{base}/new", params={"kind": "exclusion_zone"}, follow_redirects=False).headers[
        "location"
    ] == (f"{base}/new/exclusion_zone")
    form = client.get(f"{base}/new/exclusion_zone")
    assert 'name="zone" value="yes"' in form.text and "Include an exclusion zone" not in form.text
    added = client.post(
        f"{base}/new/exclusion_zone", data={**ZONE, "zone_radius_m": "300"}, follow_redirects=False
    )
    assert added.status_code == 303 and added.headers["location"] == base
    client.post(
        f"{base}/new/exclusion_zone",
        data={"zone_name": "City centre", "zone_shape": "polygon", "zone_polygon": BOUNDARY},
    )
    client.post(
        f"{base}/new/communications",
        data={"communications_names": "", "communications_methods": ["encrypted-apps", "phone"]},
    )
    client.post(f"{base}/new/financial", data={"financial_declare": "yes", "financial_cash_limit": "1000"})
    kinds = [c["kind"] for c in proposed(application_id)]
    assert kinds == ["travel_restriction", "exclusion_zone", "exclusion_zone", "communications", "financial"]
    assert proposed(application_id)[2]["polygon"]["coordinates"][0][0] == [-2.25, 53.47]  # closed for them
    page = client.get(base).text
    assert "You have 5 conditions" in page
    assert page.count('<svg class="orders-zone-preview"') == 2
    assert "Outline of the exclusion zone City centre: 4 corners" in page
    assert client.post(base, data={"add_another": "no"}, follow_redirects=False).headers["location"] == (
        f"/orders/applications/{application_id}"
    )
    assert audited("alteration", "order_application") == 4
    assert audited("consultation", "order_application") >= 2
    with unit_of_work() as uow:
        summaries = list(uow.session.scalars(select(OrderEvent.summary)))
    assert "Proposed conditions: exclusion zone added" in summaries


def test_each_bad_boundary_is_named_beside_the_boundary_field_and_nothing_is_saved(
    client: Any, sign_in: Any
) -> None:
    application_id = scpo_application()
    sign_in(["nca_officer"], "cps")
    url = f"/orders/applications/{application_id}/conditions/new/exclusion_zone"
    cases = {
        "53.47, -2.25\nnorth of the docks\n53.49, -2.23": "line 2: enter a latitude and a longitude",
        "53.47, -2.25\n95, -2.23\n53.49, -2.23": "line 2: the latitude 95 must be between -90 and 90",
        "53.47, -2.25\n53.49, -2.23": "enter at least 3 different points",
        '{"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]': "the GeoJSON is not valid JSON",
        '{"type": "Point", "coordinates": [0, 0]}': "the GeoJSON must be a Polygon",
        # A bow tie crosses itself: the catalogue refuses it.
        "53.47, -2.25\n53.49, -2.23\n53.47, -2.23\n53.49, -2.25": "not a valid, non-self-intersecting ring",
    }
    for boundary, message in cases.items():
        response = client.post(
            url, data={"zone_name": "Centre", "zone_shape": "polygon", "zone_polygon": boundary}
        )
        assert response.status_code == 400, boundary
        assert 'href="#zone_polygon"' in response.text and message in response.text, boundary
        assert 'id="zone_polygon-error"' in response.text  # the message beside the field
    missing_radius = client.post(url, data=ZONE)
    assert missing_radius.status_code == 400 and 'href="#zone_radius_m"' in missing_radius.text
    assert [c["kind"] for c in proposed(application_id)] == ["travel_restriction"]
    assert audited("alteration", "order_application") == 0


def test_a_geojson_feature_is_taken_as_its_polygon(client: Any, sign_in: Any) -> None:
    application_id = scpo_application()
    sign_in(["nca_officer"], "cps")
    feature = (
        '{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": '
        "[[[-2.25, 53.47], [-2.23, 53.47], [-2.23, 53.49], [-2.25, 53.47]]]}}"
    )
    client.post(
        f"/orders/applications/{application_id}/conditions/new/exclusion_zone",
        data={"zone_name": "Feature", "zone_shape": "polygon", "zone_polygon": feature},
    )
    assert proposed(application_id)[-1]["polygon"]["type"] == "Polygon"


def test_unanswered_questions_are_named_and_kinds_the_order_cannot_hold_are_not_offered(
    client: Any, sign_in: Any
) -> None:
    application_id = scpo_application()
    sign_in(["nca_officer"], "cps")
    base = f"/orders/applications/{application_id}/conditions"
    unanswered = client.post(base, data={})
    assert unanswered.status_code == 400 and 'href="#add_another"' in unanswered.text
    no_kind = client.get(f"{base}/new", params={"asked": "1"})
    assert no_kind.status_code == 400 and "Select the kind of condition" in no_kind.text
    assert "The shared home" not in client.get(f"{base}/new").text  # a DAPO term, not an SCPO's
    assert client.get(f"{base}/new/home_access").status_code == 404
    no_methods = client.post(f"{base}/new/communications", data={})
    assert no_methods.status_code == 400 and 'href="#communications_methods"' in no_methods.text


def test_a_condition_is_removed_and_the_removal_audited(client: Any, sign_in: Any) -> None:
    application_id = scpo_application()
    sign_in(["nca_officer"], "cps")
    base = f"/orders/applications/{application_id}/conditions"
    client.post(f"{base}/new/exclusion_zone", data={**ZONE, "zone_radius_m": "300"})
    assert client.post(f"{base}/0/remove", follow_redirects=False).headers["location"] == base
    assert [c["kind"] for c in proposed(application_id)] == ["exclusion_zone"]
    assert client.post(f"{base}/5/remove").status_code == 404
    assert audited("alteration", "order_application") == 2


def test_another_agency_and_a_decided_application_get_not_found(client: Any, sign_in: Any) -> None:
    application_id = scpo_application()
    sign_in(["police_officer"], "greater-manchester")
    assert client.get(f"/orders/applications/{application_id}/conditions").status_code == 404
    with unit_of_work() as uow:
        service.record_outcome(uow, application_id=application_id, outcome="refused", actor=CPS)
    sign_in(["nca_officer"], "cps")
    assert client.get(f"/orders/applications/{application_id}/conditions").status_code == 404


def granted_variation(order_id: str) -> str:
    with unit_of_work() as uow:
        variation = lifecycle.apply_to_vary(
            uow, order_id=order_id, kind="vary", party="applicant", grounds="New risk", actor=CPS
        )
        lifecycle.decide_variation(uow, variation_id=variation.id, granted=True, actor=CPS)
        return variation.id


def test_court_staff_change_an_order_s_conditions_under_a_granted_variation(
    client: Any, sign_in: Any
) -> None:
    order_id = scpo_order()
    variation_id = granted_variation(order_id)
    sign_in(["court_staff"], "high-court")
    base = f"/orders/{order_id}/variations/{variation_id}/conditions"
    assert base in client.get(f"/orders/court/orders/{order_id}").text
    assert "1. Travel restriction" in client.get(base).text
    page = client.post(f"{base}/new/association", data={"association_names": "Ava Associate"})  # no one
    assert page.status_code == 400 and 'href="#association_names"' in page.text
    make_person("Ava", "Associate")
    assert (
        client.post(
            f"{base}/new/association", data={"association_names": "Ava Associate"}, follow_redirects=False
        ).status_code
        == 303
    )
    assert (
        client.post(f"{base}/0/remove", follow_redirects=False).status_code == 303
    )  # the travel restriction
    with unit_of_work() as uow:
        order = uow.session.get_one(Order, order_id)
        assert [c["kind"] for c in order.conditions] == ["association"]
        assert uow.session.get_one(Variation, variation_id).proposed_conditions == order.conditions
        summaries = list(
            uow.session.scalars(select(OrderEvent.summary).where(OrderEvent.order_id == order_id))
        )
    assert "Conditions varied by the court: travel restriction removed" in summaries
    assert audited("alteration", "order") >= 2


def test_the_change_flow_needs_a_granted_variation_the_court_s_own_order_and_the_court_s_permission(
    client: Any, sign_in: Any
) -> None:
    order_id = scpo_order()
    with unit_of_work() as uow:
        pending = lifecycle.apply_to_vary(
            uow, order_id=order_id, kind="vary", party="applicant", grounds="x", actor=CPS
        )
    sign_in(["court_staff"], "high-court")
    assert client.get(f"/orders/{order_id}/variations/{pending.id}/conditions").status_code == 404
    granted = granted_variation(order_id)
    sign_in(["court_staff"], "family-court")
    assert client.get(f"/orders/{order_id}/variations/{granted}/conditions").status_code == 404
    sign_in(["nca_officer"], "cps")
    assert client.get(f"/orders/{order_id}/variations/{granted}/conditions").status_code == 403
    assert date(2025, 6, 2)  # the frozen day the order started


def test_change_opens_the_condition_filled_in_and_saves_it_in_place(client: Any, sign_in: Any) -> None:
    application_id = scpo_application()
    sign_in(["nca_officer"], "cps")
    base = f"/orders/applications/{application_id}/conditions"
    client.post(f"{base}/new/exclusion_zone", data={**ZONE, "zone_radius_m": "300"})
    assert f'href="{base}/1"' in client.get(base).text
    form = client.get(f"{base}/1").text
    assert 'value="Docks"' in form and 'value="300"' in form and "Save this condition" in form
    bad = client.post(
        f"{base}/1", data={"zone_name": "Docks", "zone_shape": "polygon", "zone_polygon": "1, 2"}
    )
    assert bad.status_code == 400 and 'href="#zone_polygon"' in bad.text
    saved = client.post(
        f"{base}/1",
        data={"zone_name": "Docks", "zone_shape": "polygon", "zone_polygon": BOUNDARY},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    conditions = proposed(application_id)
    assert [c["kind"] for c in conditions] == ["travel_restriction", "exclusion_zone"]
    assert "polygon" in conditions[1] and "radius_m" not in conditions[1]
    client.post(f"{base}/0", data={"travel_countries": "FRA, ESP", "travel_passport": "yes"})
    assert proposed(application_id)[0]["countries"] == ["FRA", "ESP"]
    assert client.get(f"{base}/9").status_code == 404
    with unit_of_work() as uow:
        summaries = list(uow.session.scalars(select(OrderEvent.summary)))
    assert "Proposed conditions: travel restriction changed" in summaries


def test_every_kind_comes_back_from_its_form_values_unchanged(database: Any) -> None:
    from portcullis.orders.condition_values import carried_over, form_values
    from portcullis.orders.form_helpers import PREFIX, conditions_from_form

    ava = make_person("Ava", "Associate")
    conditions: list[dict[str, Any]] = [
        {"kind": "travel_restriction", "countries": ["FRA", "ESP"], "surrender_passport": True},
        {
            "kind": "devices",
            "max_phones": 1,
            "max_laptops": 0,
            "declare_devices": True,
            "allow_inspection": True,
        },
        {"kind": "social_media", "platforms": ["x"], "including_via_third_parties": True},
        {"kind": "association", "person_ids": [ava]},
        {"kind": "communications", "person_ids": [ava], "methods": ["phone", "letters"]},
        {"kind": "financial", "declare_accounts": True, "max_accounts": 2, "no_cryptoassets": True},
        {
            "kind": "exclusion_zone",
            "name": "Home",
            "centre": {"latitude": 53.48, "longitude": -2.24},
            "radius_m": 500,
        },
        {
            "kind": "exclusion_zone",
            "name": "Centre",
            "polygon": {
                "type": "Polygon",
                "coordinates": [[[-2.25, 53.47], [-2.23, 53.47], [-2.23, 53.49], [-2.25, 53.47]]],
            },
        },
        {"kind": "residence", "address": "1 Main Street", "overnight_from": "22:00", "overnight_to": "06:00"},
        {"kind": "home_access", "premises": "2 Home Road", "not_enter": True},
        {
            "kind": "positive_requirement",
            "programme": "Course",
            "supervisor_name": "Sue",
            "supervisor_organisation": "Probation",
        },
        {
            "kind": "electronic_monitoring",
            "mode": "curfew",
            "months": 6,
            "responsible_person": "Tagline",
            "available_in_area": True,
            "subject_present": True,
            "curfew_from": "19:00",
            "curfew_to": "07:00",
            "curfew_address": "4 Other Rd",
            "curfew_centre": {"latitude": 53.5, "longitude": -2.3},
        },
        {"kind": "notification", "within_days": 3, "details": ["names", "devices"]},
    ]
    with unit_of_work() as uow:
        for condition in conditions:
            values = form_values(uow.session, condition) | {PREFIX[condition["kind"]]: "yes"}
            (back,), _, errors = conditions_from_form(uow.session, values, (condition["kind"],))
            assert errors == []
            parsed = service.parse_conditions([carried_over(condition, back)])
            assert service.dump_conditions(parsed) == service.dump_conditions(
                service.parse_conditions([condition])
            ), condition["kind"]
