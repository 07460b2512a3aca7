"""The officers' API, end to end: licensing refusals and illegal working enforcement through to closure."""

from __future__ import annotations

import hashlib

import pytest

from .helpers import organisation, person

pytestmark = pytest.mark.usefixtures("database")
API = "/api/v1/employers"


def field_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    return response.json()["errors"][0]["field"]  # type: ignore[no-any-return]


def test_licensing_through_the_api_refuses_a_low_salary_and_a_b_rated_new_worker(api_client) -> None:  # type: ignore[no-untyped-def]
    api = api_client(["compliance_officer"])
    org_id = organisation()
    sponsor = api.post(
        f"{API}/sponsors", json={"organisation_id": org_id, "sector": "care", "region": "London"}
    )
    assert sponsor.status_code == 201
    licence = api.post(
        f"{API}/sponsors/{sponsor.json()['id']}/applications",
        json={"routes": ["skilled-worker"], "on": "2025-06-02"},
    ).json()
    assert licence["outcome"] == "granted"
    cos = {
        "worker_person_id": person(),
        "kind": "defined",
        "new_worker": True,
        "job_title": "Nurse",
        "salary": "30000",
        "on": "2025-06-02",
    }
    assert field_of(api.post(f"{API}/licences/{licence['licence_id']}/cos", json=cos)) == "salary"
    made = api.post(f"{API}/licences/{licence['licence_id']}/cos", json={**cos, "salary": "39000"})
    assert made.status_code == 201 and made.json()["use_by"] == "2025-09-02"
    plan = api.post(
        f"{API}/licences/{licence['licence_id']}/downgrade",
        json={"on": "2025-06-02", "months": 12, "actions": ["Audit HR files"]},
    )
    assert plan.status_code == 201 and plan.json()["ends_on"] == "2026-06-02"
    assert field_of(
        api.post(f"{API}/licences/{licence['licence_id']}/cos", json={**cos, "salary": "39000"})
    ) == ("new_worker")
    change = api.post(
        f"{API}/licences/{licence['licence_id']}/changes",
        json={"kind": "organisation", "change": "New address", "occurred_on": "2025-05-01"},
    )
    assert change.status_code == 201
    assert len(api.get(f"{API}/reporting/overdue?on=2025-06-03").json()["overdue"]) == 1


def test_enforcement_through_the_api_from_visit_to_compliance_order(api_client) -> None:  # type: ignore[no-untyped-def]
    api = api_client(["enforcement_officer"])
    org_id = organisation("Hupus Limited", "99999999")
    visit = api.post(
        f"{API}/visits",
        json={
            "premises": "Pera Palace, Market Hill, Chatteris",
            "region": "East of England",
            "sector": "hospitality",
            "planned_on": "2025-05-20",
            "officers": ["CIO Jones"],
            "organisation_id": org_id,
        },
    ).json()
    assert (
        api.post(
            f"{API}/visits/{visit['id']}/outcome",
            json={"visited_on": "2025-05-20", "outcome": "illegal-working-found"},
        ).status_code
        == 200
    )
    for i in range(3):
        found = api.post(
            f"{API}/visits/{visit['id']}/encounters",
            json={"person_id": person(f"W{i}"), "right_to_work": "no"},
        ).json()
        assert (
            api.post(
                f"{API}/encounters/{found['id']}/arrest", json={"at": "2025-05-20T11:00:00+01:00"}
            ).status_code
            == 200
        )
    upload = api.post(
        f"{API}/visits/{visit['id']}/evidence",
        data={"kind": "photo"},
        files={"file": ("kitchen.jpg", b"jpeg-bytes", "image/jpeg")},
    )
    assert upload.status_code == 201 and upload.json()["sha256"] == hashlib.sha256(b"jpeg-bytes").hexdigest()
    penalty = api.post(
        f"{API}/visits/{visit['id']}/penalty",
        json={"reported": False, "cooperated": False, "effective_checks": False},
    ).json()
    assert penalty["total"] == "135000.00"
    assert (
        api.post(f"{API}/penalties/{penalty['id']}/issue", json={"on": "2025-05-27"}).json()["status"]
        == "issued"
    )
    late = api.post(
        f"{API}/penalties/{penalty['id']}/objection", json={"received_on": "2025-06-25", "grounds": "x"}
    )
    assert field_of(late) == "received_on"
    notice = {
        "organisation_id": org_id,
        "premises": "Pera Palace",
        "issued_at": "2025-06-02T09:00:00Z",
        "officer_name": "IO Smith",
        "officer_rank": "immigration_officer",
    }
    assert field_of(api.post(f"{API}/closures", json=notice)) == "officer_rank"
    made = api.post(f"{API}/closures", json={**notice, "officer_rank": "chief_immigration_officer"})
    assert made.status_code == 201 and made.json()["hearing_by"].startswith("2025-06-04T09:00")
    closure_id = made.json()["id"]
    assert field_of(
        api.post(f"{API}/closures/{closure_id}/order", json={"made_on": "2025-06-04", "months": 13})
    ) == ("months")
    assert (
        api.post(f"{API}/closures/{closure_id}/order", json={"made_on": "2025-06-04", "months": 12}).json()[
            "order_ends_on"
        ]
        == "2026-06-04"
    )
    assert field_of(api.post(f"{API}/closures/{closure_id}/extend", json={"months": 13})) == "months"


def test_a_compliance_officer_cannot_use_the_enforcement_api(api_client) -> None:  # type: ignore[no-untyped-def]
    api = api_client(["compliance_officer"])
    assert api.post(f"{API}/visits", json={}).status_code in (403, 422)
    assert api.post(f"{API}/closures/x/extend", json={"months": 1}).status_code == 403


def test_an_action_plan_ends_through_the_api_and_a_late_representation_is_refused(api_client) -> None:  # type: ignore[no-untyped-def]
    from .helpers import licensed_sponsor

    _, sponsor_id, licence_id = licensed_sponsor()
    api = api_client(["compliance_officer"])
    plan = api.post(
        f"{API}/licences/{licence_id}/downgrade",
        json={"on": "2025-06-02", "months": 3, "actions": ["Fix records"]},
    ).json()
    late = api.post(
        f"{API}/action-plans/{plan['id']}/representations",
        json={"text": "We disagree", "received_on": "2025-07-01"},
    )
    assert field_of(late) == "received_on"
    further = api.post(
        f"{API}/action-plans/{plan['id']}/outcome",
        json={"outcome": "further-plan", "on": "2025-09-02", "further_months": 12},
    )
    assert further.status_code == 200 and further.json()["further_plan_id"]
    complaint = api.post(
        f"{API}/sponsors/{sponsor_id}/complaints",
        json={"complaint": "Charged for the CoS", "received_on": "2025-06-02"},
    )
    assert complaint.status_code == 201 and complaint.json()["kind"] == "complaint-charging-workers"
    suspended = api.post(
        f"{API}/licences/{licence_id}/suspend", json={"on": "2025-06-02", "reason": "Findings"}
    )
    assert suspended.json()["representations_due"] == "2025-06-30"


def test_a_penalty_objection_is_decided_then_appealed_through_the_api(api_client) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from .test_enforcement import issued_penalty

    penalty = issued_penalty(organisation(), on=date(2025, 5, 20))
    api = api_client(["enforcement_officer"])
    assert (
        api.post(f"{API}/penalties/{penalty.id}/appeal", json={"lodged_on": "2025-06-01"}).status_code == 422
    )
    assert (
        api.post(
            f"{API}/penalties/{penalty.id}/objection",
            json={"received_on": "2025-06-10", "grounds": "Had checks"},
        ).json()["status"]
        == "objected"
    )
    decided = api.post(
        f"{API}/penalties/{penalty.id}/objection/decision", json={"outcome": "reduced", "new_total": "90000"}
    )
    assert decided.json() == {"id": penalty.id, "status": "issued", "total": "90000.00"}
    assert api.post(f"{API}/penalties/{penalty.id}/appeal", json={"lodged_on": "2025-07-01"}).json()[
        "status"
    ] == ("appealed")


def test_a_sanction_through_the_api_runs_24_months_for_a_repeat_offender(api_client) -> None:  # type: ignore[no-untyped-def]
    api = api_client(["compliance_officer"])
    made = api.post(
        f"{API}/sanctions",
        json={
            "organisation_id": organisation(),
            "reason": "Flagrant breach",
            "on": "2025-06-02",
            "repeat": True,
        },
    )
    assert made.status_code == 201 and made.json()["ends_on"] == "2027-06-02"
