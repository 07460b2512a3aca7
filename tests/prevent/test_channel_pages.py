"""The Channel pages: consent, panels with a quorum, the VAF, the support plan, reviews and exit."""

from __future__ import annotations

import re

from portcullis.core.db import unit_of_work
from portcullis.prevent import gateway
from portcullis.prevent.values import VAF_FACTORS

RATIONALE = {
    "ideology": "present",
    "vulnerability": "present",
    "risk": "moderate",
    "explanation": "Engaging with extremist material and vulnerable through isolation.",
}


def _adopted_for_channel(principal, referral) -> str:
    officer = principal("prevent_police")
    rid = referral()
    with unit_of_work() as uow:
        gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
        gateway.decide_gateway(
            uow, actor=officer, referral_id=rid, outcome="channel", threshold_met=True, rationale=RATIONALE
        )
    return rid


def _members(attended_police: bool) -> dict[str, str]:
    return {
        "local_authority": "Manchester",
        "held_on": "2025-06-02",
        "member_0_name": "Chair",
        "member_0_agency": "local_authority",
        "member_0_attended": "yes",
        "member_1_name": "Officer",
        "member_1_agency": "police",
        "member_1_attended": "yes" if attended_police else "no",
        "member_2_name": "Nurse",
        "member_2_agency": "health",
        "member_2_attended": "yes",
    }


def test_a_channel_case_moves_from_consent_through_a_quorate_panel_to_support_and_exit(
    client, sign_in, principal, referral
) -> None:
    rid = _adopted_for_channel(principal, referral)
    sign_in(["prevent_practitioner"])
    assert (
        client.get(f"/prevent/cases/{rid}/channel", follow_redirects=False).status_code == 303
    )  # reason first
    client.post(f"/prevent/cases/{rid}/open", data={"justification": "Prepare the Channel panel"})
    page = client.get(f"/prevent/cases/{rid}/channel")
    assert page.status_code == 200 and "Record consent" in page.text and "E01" in page.text
    child = client.post(
        f"/prevent/cases/{rid}/channel/consent",
        data={"given_by": "person", "giver_name": "Jordan", "given": "yes", "on": "2025-06-02"},
    )
    assert child.status_code == 422 and "parent or guardian" in child.text
    client.post(
        f"/prevent/cases/{rid}/channel/consent",
        data={"given_by": "parent_guardian", "giver_name": "A Parent", "given": "yes", "on": "2025-06-02"},
    )

    thin = client.post("/prevent/panels", data=_members(attended_police=False))
    assert "Not quorate" in thin.text
    case_id = re.search(r'name="case_id" type="radio" value="([0-9a-f]{32})"', thin.text).group(1)  # type: ignore[union-attr]
    refused = client.post(
        f"{thin.url}/decisions".replace("http://testserver", ""),
        data={"case_id": case_id, "decision": "adopt", "rationale": "Needs support now"},
    )
    assert refused.status_code == 422 and "no member from police attended" in refused.text
    full = client.post("/prevent/panels", data=_members(attended_police=True))
    adopted = client.post(
        f"{full.url}/decisions".replace("http://testserver", ""),
        data={"case_id": case_id, "decision": "adopt", "rationale": "Needs support now"},
    )
    assert adopted.status_code == 200 and "Quorate" in adopted.text

    scores = {f"score_{f.code}": "0" for f in VAF_FACTORS} | {"score_E03": "2", "assessed_on": "2025-06-02"}
    bad_vaf = client.post(f"/prevent/cases/{rid}/channel/vaf", data=scores)
    assert bad_vaf.status_code == 422 and 'href="#factors-E03-note"' in bad_vaf.text
    ok_vaf = client.post(
        f"/prevent/cases/{rid}/channel/vaf", data=scores | {"note_E03": "Seeks belonging online"}
    )
    assert "2 points across 22 factors" in ok_vaf.text
    support = client.post(
        f"/prevent/cases/{rid}/channel/interventions",
        data={"kind": "cyber_skills", "provider": "Cyber mentor", "started_on": "2025-06-02"},
    )
    assert "Cyber skills by Cyber mentor" in support.text
    out_of_order = client.post(
        f"/prevent/cases/{rid}/channel/reviews",
        data={"kind": "support", "sequence": "2", "held_on": "2025-06-02", "outcome": "Early review held"},
    )
    assert out_of_order.status_code == 422 and "out of order" in out_of_order.text
    done = client.post(
        f"/prevent/cases/{rid}/channel/exit",
        data={"exited_on": "2025-06-02", "reason": "Family moved abroad; support ends"},
    )
    assert "Post-exit 1" in done.text and "2025-12-02" in done.text
