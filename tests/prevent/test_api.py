"""The Prevent API end to end, and its specific errors."""

from __future__ import annotations

from portcullis.core import audit
from portcullis.core.db import unit_of_work

REFERRAL = {
    "given_names": "Alex",
    "family_name": "Sample",
    "date_of_birth": "2008-01-20",
    "gender": "female",
    "region": "london",
    "referrer_name": "Dr Who",
    "referrer_contact": "gp@example.nhs.uk",
    "sector": "health",
    "concern_type": "extreme_right_wing",
    "reasons": "Talks about race war and shares ERW propaganda online.",
}
RATIONALE = {
    "ideology": "present",
    "vulnerability": "present",
    "risk": "moderate",
    "explanation": "Engaging with ERW propaganda and vulnerable through isolation.",
}


def test_a_referral_through_the_api_is_acknowledged_and_the_referrer_sees_only_that(api_client) -> None:
    referrer = api_client(["prevent_referrer"])
    answer = referrer.post("/api/v1/prevent/referrals", json=REFERRAL)
    assert answer.status_code == 201
    reference = answer.json()["reference"]
    assert referrer.get(f"/api/v1/prevent/acknowledgements/{reference}").json()["reference"] == reference
    other = api_client(["prevent_referrer"])
    assert other.get(f"/api/v1/prevent/acknowledgements/{reference}").status_code == 404
    assert other.get("/api/v1/prevent/acknowledgements").json() == []
    assert referrer.get("/api/v1/prevent/referrals").status_code == 403


def test_a_referral_missing_its_minimum_fields_gets_422_naming_each_field(api_client) -> None:
    answer = api_client(["prevent_referrer"]).post("/api/v1/prevent/referrals", json={"family_name": "X"})
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {
        "given_names",
        "gender",
        "region",
        "referrer_name",
        "referrer_contact",
        "sector",
        "concern_type",
        "reasons",
    } == fields


def test_opening_a_referral_through_the_api_needs_a_justification_and_is_audited(api_client) -> None:
    api_client(["prevent_referrer"]).post("/api/v1/prevent/referrals", json=REFERRAL)
    police = api_client(["prevent_police"])
    rid = police.get("/api/v1/prevent/referrals").json()[0]["id"]
    refused = police.get(f"/api/v1/prevent/referrals/{rid}")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "justification"
    opened = police.get(f"/api/v1/prevent/referrals/{rid}", params={"justification": "Gateway assessment"})
    assert opened.status_code == 200 and opened.json()["person"]["family_name"] == "Sample"
    with unit_of_work() as uow:
        assert [e.justification for e in audit.search(uow.session, operation="consultation")] == [
            "Gateway assessment"
        ]


def test_the_whole_journey_from_referral_to_channel_adoption_through_the_api(api_client) -> None:
    api_client(["prevent_referrer"]).post("/api/v1/prevent/referrals", json=REFERRAL)
    police, worker = api_client(["prevent_police"]), api_client(["prevent_practitioner"])
    rid = police.get("/api/v1/prevent/referrals").json()[0]["id"]
    assert (
        police.post(
            f"/api/v1/prevent/referrals/{rid}/deconfliction", json={"result": "no_ct_interest"}
        ).status_code
        == 200
    )
    decided = police.post(
        f"/api/v1/prevent/referrals/{rid}/decision",
        json={"outcome": "channel", "threshold_met": True, "rationale": RATIONALE},
    )
    case_id = decided.json()["channel_case_id"]
    members = [
        {"name": "Chair", "agency": "local_authority", "attended": True},
        {"name": "Officer", "agency": "police", "attended": True},
        {"name": "Nurse", "agency": "health", "attended": True},
    ]
    meeting = worker.post(
        "/api/v1/prevent/panels",
        json={"local_authority": "Croydon", "held_on": "2025-06-02", "members": members},
    ).json()["id"]
    no_consent = worker.post(
        f"/api/v1/prevent/panels/{meeting}/decisions",
        json={"case_id": case_id, "decision": "adopt", "rationale": "Needs mentoring now"},
    )
    assert no_consent.status_code == 422 and no_consent.json()["errors"][0]["field"] == "consent"
    assert (
        worker.post(
            f"/api/v1/prevent/channel/{case_id}/consent",
            json={
                "given_by": "parent_guardian",
                "giver_name": "Pat Sample",
                "given": True,
                "on": "2025-06-02",
            },
        ).json()["status"]
        == "consented"
    )
    assert (
        worker.post(
            f"/api/v1/prevent/panels/{meeting}/decisions",
            json={"case_id": case_id, "decision": "adopt", "rationale": "Needs mentoring now"},
        ).status_code
        == 201
    )
    assert (
        worker.post(
            f"/api/v1/prevent/channel/{case_id}/interventions",
            json={
                "kind": "ideological_mentoring",
                "provider": "Intervention Provider A",
                "started_on": "2025-06-02",
            },
        ).status_code
        == 201
    )
    view = worker.get(
        f"/api/v1/prevent/referrals/{rid}", params={"justification": "Support plan check"}
    ).json()
    assert view["channel_case"]["status"] == "adopted"
    assert view["channel_case"]["reviews"][0]["due_on"] == "2025-09-02"
    stats = api_client(["prevent_commissioner"]).get("/api/v1/prevent/statistics", params={"year": "2025-26"})
    assert stats.json()["totals"] == {"referrals": 1, "discussed_at_panel": 1, "adopted": 1}
