"""The Prevent pages: the guided referral form, the reason asked before a record opens, the gateway's forms,
statistics and oversight."""

from __future__ import annotations

import re

from portcullis.core import audit
from portcullis.core.db import unit_of_work

FORM = {
    "given_names": "Casey",
    "family_name": "Pagetest",
    "date_of_birth": "2010-05-05",
    "gender": "male",
    "region": "wales",
    "referrer_name": "Ms Head",
    "referrer_contact": "head@example.sch.uk",
    "sector": "education",
    "concern_type": "incel",
    "reasons": "Posts misogynist violent content in class chats.",
}


def _refer(client, sign_in) -> str:
    sign_in(["prevent_referrer"])
    answer = client.post("/prevent/refer", data=FORM, follow_redirects=False)
    assert answer.status_code == 303
    return answer.headers["location"].rsplit("/", 1)[1]


def test_the_referral_journey_goes_step_by_step_to_check_your_answers_and_sends(client, sign_in) -> None:
    sign_in(["prevent_referrer"])
    first = client.get("/prevent/refer")
    assert first.status_code == 200 and "Step 1 of 3" in first.text
    person = {k: FORM[k] for k in ("given_names", "family_name", "date_of_birth", "gender", "region")}
    missing = client.post("/prevent/refer", data={"step": "person", "family_name": "Kept"})
    assert (
        missing.status_code == 422
        and 'href="#given-names"' in missing.text
        and 'value="Kept"' in missing.text
    )
    second = client.post("/prevent/refer", data={"step": "person", **person})
    assert "Step 2 of 3" in second.text and "Fixation with violence without an ideology" in second.text
    assert 'name="family_name" value="Pagetest"' in second.text  # carried as a hidden answer
    other = client.post(
        "/prevent/refer",
        data={"step": "concern", **person, "concern_type": "other", "reasons": FORM["reasons"]},
    )
    assert other.status_code == 422 and "Describe the concern when you select" in other.text
    concern = {"concern_type": FORM["concern_type"], "reasons": FORM["reasons"]}
    third = client.post("/prevent/refer", data={"step": "concern", **person, **concern})
    assert "Step 3 of 3" in third.text
    you = {k: FORM[k] for k in ("sector", "referrer_name", "referrer_contact")}
    check = client.post("/prevent/refer", data={"step": "referrer", **person, **concern, **you})
    assert "Check your answers before sending the referral" in check.text and "Incel" in check.text
    change = client.post("/prevent/refer", data={"change": "person", **person, **concern, **you})
    assert "Step 1 of 3" in change.text and 'value="Casey"' in change.text
    sent = client.post(
        "/prevent/refer", data={"step": "send", **person, **concern, **you}, follow_redirects=False
    )
    assert sent.status_code == 303 and "/prevent/refer/acknowledgements/PRV-" in sent.headers["location"]


def test_a_whole_form_posted_at_once_with_errors_shows_every_question_with_the_error_summary(
    client, sign_in
) -> None:
    sign_in(["prevent_referrer"])
    answer = client.post("/prevent/refer", data={"family_name": "Kept", "concern_type": "other"})
    assert answer.status_code == 422
    assert "There is a problem" in answer.text and 'href="#given-names"' in answer.text
    assert "Describe the concern when you select" in answer.text and 'value="Kept"' in answer.text


def test_a_referrer_gets_an_acknowledgement_page_with_the_reference(client, sign_in) -> None:
    reference = _refer(client, sign_in)
    page = client.get(f"/prevent/refer/acknowledgements/{reference}")
    assert page.status_code == 200 and reference in page.text and "Pagetest" not in page.text
    assert reference in client.get("/prevent/refer/acknowledgements").text
    sign_in(["prevent_referrer"])
    assert client.get(f"/prevent/refer/acknowledgements/{reference}").status_code == 404


def test_a_record_opens_only_after_a_reason_is_given_and_each_view_is_audited(client, sign_in) -> None:
    _refer(client, sign_in)
    sign_in(["prevent_police"])
    listing = client.get("/prevent/cases")
    assert "Pagetest" not in listing.text
    rid = re.search(r'href="/prevent/cases/([0-9a-f]{32})"', listing.text).group(1)  # type: ignore[union-attr]
    first = client.get(f"/prevent/cases/{rid}")
    assert "Why do you need to open this record?" in first.text and "Pagetest" not in first.text
    short = client.post(f"/prevent/cases/{rid}/open", data={"justification": "why"})
    assert short.status_code == 422 and "at least 10 characters" in short.text
    opened = client.post(
        f"/prevent/cases/{rid}/open",
        data={"purpose": "Gateway assessment", "justification": "New referral to assess"},
    )
    assert opened.status_code == 200 and "Casey Pagetest" in opened.text
    client.get(f"/prevent/cases/{rid}")
    with unit_of_work() as uow:
        views = audit.search(uow.session, operation="consultation", record_id=rid)
        assert len(views) == 2
        assert {v.justification for v in views} == {"Gateway assessment - New referral to assess"}


def test_the_gateway_officer_records_deconfliction_and_a_decision_on_the_record_page(client, sign_in) -> None:
    _refer(client, sign_in)
    sign_in(["prevent_police"])
    rid = re.search(r"/prevent/cases/([0-9a-f]{32})", client.get("/prevent/cases").text).group(1)  # type: ignore[union-attr]
    client.post(f"/prevent/cases/{rid}/open", data={"justification": "Gateway assessment today"})
    page = client.post(f"/prevent/cases/{rid}/deconfliction", data={"result": "no_ct_interest"})
    assert "Does the referral meet the Prevent threshold?" in page.text
    bad = client.post(
        f"/prevent/cases/{rid}/decision", data={"outcome": "transferred", "threshold_met": "no"}
    )
    assert bad.status_code == 422 and "There is a problem" in bad.text
    done = client.post(
        f"/prevent/cases/{rid}/decision",
        data={
            "outcome": "transferred",
            "threshold_met": "no",
            "receiving_service": "childrens_social_care",
            "rationale_ideology": "absent",
            "rationale_vulnerability": "present",
            "rationale_risk": "low",
            "rationale_explanation": "Safeguarding need without an ideology or terrorism risk.",
        },
    )
    assert done.status_code == 200 and "Transferred-case follow-up checks" in done.text


def test_statistics_page_shows_the_journey_and_links_the_downloads(client, sign_in) -> None:
    _refer(client, sign_in)
    sign_in(["prevent_commissioner"])
    page = client.get("/prevent/statistics", params={"year": "2025-26"})
    assert page.status_code == 200 and "<svg" in page.text and "Type of concern" in page.text
    assert client.get("/api/v1/prevent/statistics.csv", params={"year": "2025-26"}).text.startswith(
        "financial_year"
    )
    ods = client.get("/api/v1/prevent/statistics.ods", params={"year": "2025-26"})
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert client.get("/prevent/statistics", params={"year": "twenty"}).status_code == 422


def test_the_commissioner_draws_a_sample_and_asks_for_access_on_the_pages(client, sign_in) -> None:
    _refer(client, sign_in)
    sign_in(["prevent_police"])
    rid = re.search(r"/prevent/cases/([0-9a-f]{32})", client.get("/prevent/cases").text).group(1)  # type: ignore[union-attr]
    client.post(f"/prevent/cases/{rid}/open", data={"justification": "Gateway assessment today"})
    client.post(f"/prevent/cases/{rid}/deconfliction", data={"result": "no_ct_interest"})
    client.post(
        f"/prevent/cases/{rid}/decision",
        data={
            "outcome": "nfa",
            "threshold_met": "no",
            "rationale_ideology": "absent",
            "rationale_vulnerability": "absent",
            "rationale_risk": "none",
            "rationale_explanation": "Misunderstanding; no concern once explained.",
        },
    )
    sign_in(["prevent_commissioner"])
    assert client.get("/prevent/oversight").status_code == 200
    assert client.post("/prevent/oversight/samples", data={"start": "x"}).status_code == 422
    sample = client.post("/prevent/oversight/samples", data={"start": "2025-06-01", "end": "2025-06-30"})
    assert sample.status_code == 200 and "Casey" not in sample.text and "Ask for access" in sample.text
    url = str(sample.url)
    asked = client.post(f"{url}/items/1/request", data={"justification": "Check the NFA against the history"})
    assert "Requested" in asked.text
    assert client.get(f"{url}/items/1/identity").status_code == 403


def test_a_senior_reviewer_grants_the_commissioners_request_on_the_requests_page(client, sign_in) -> None:
    _refer(client, sign_in)
    sign_in(["prevent_police"])
    rid = re.search(r"/prevent/cases/([0-9a-f]{32})", client.get("/prevent/cases").text).group(1)  # type: ignore[union-attr]
    client.post(f"/prevent/cases/{rid}/open", data={"justification": "Gateway assessment today"})
    client.post(f"/prevent/cases/{rid}/deconfliction", data={"result": "no_ct_interest"})
    client.post(
        f"/prevent/cases/{rid}/decision",
        data={
            "outcome": "nfa",
            "threshold_met": "no",
            "rationale_ideology": "absent",
            "rationale_vulnerability": "absent",
            "rationale_risk": "none",
            "rationale_explanation": "Misunderstanding; no concern once explained.",
        },
    )
    sign_in(["prevent_commissioner"])
    sample = client.post("/prevent/oversight/samples", data={"start": "2025-06-01", "end": "2025-06-30"})
    url = str(sample.url).replace("http://testserver", "")
    client.post(f"{url}/items/1/request", data={"justification": "Check the NFA against the history"})
    sign_in(["prevent_supervisor"])
    page = client.get("/prevent/oversight/requests")
    access_id = re.search(r"/prevent/oversight/requests/([0-9a-f]{32})", page.text).group(1)  # type: ignore[union-attr]
    assert client.post(f"/prevent/oversight/requests/{access_id}", data={}).status_code == 422
    assert (
        "No requests are waiting"
        in client.post(f"/prevent/oversight/requests/{access_id}", data={"grant": "yes"}).text
    )
    sign_in(["prevent_commissioner"])
    # A grant is for the commissioner who asked; another commissioner still sees no identity.
    assert client.get(f"{url}/items/1/identity").status_code == 403
