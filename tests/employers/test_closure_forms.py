"""Closure notices and compliance orders, director disqualification referrals and action plan outcomes,
recorded by officers on web forms; bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.core.parties import Directorship
from portcullis.employers import service
from portcullis.employers.models import ActionPlan, Closure, Disqualification, Licence

from .form_helpers import NUMBER, audited, count, date_fields, issued_penalty, visited_employer
from .helpers import OFFICER, licensed_sponsor

pytestmark = pytest.mark.usefixtures("database")
NOTICE = {
    "company_number": NUMBER,
    "premises": "1 Market Hill, Chatteris",
    **date_fields("issued_on", date(2025, 6, 2)),
    "issued_time": "10:00",
    "officer_name": "CIO Jones",
    "officer_rank": "chief_immigration_officer",
    "conviction": "no",
}


def _closure() -> Closure:
    with unit_of_work() as uow:
        return uow.session.scalars(select(Closure)).one()


def test_a_chief_immigration_officer_issues_a_closure_notice_and_the_hearing_is_due_in_48_hours(
    client,
    sign_in,  # type: ignore[no-untyped-def]
) -> None:
    issued_penalty()  # an unpaid penalty: one of the conditions
    sign_in(["enforcement_officer"])
    made = client.post("/employers/closures/new", data=NOTICE, follow_redirects=False)
    assert made.status_code == 303
    closure = _closure()
    assert closure.issued_at == datetime(2025, 6, 2, 9, tzinfo=UTC)  # 10:00 BST
    assert closure.hearing_by == datetime(2025, 6, 4, 9, tzinfo=UTC)
    assert "a civil penalty remains unpaid" in client.get(made.headers["location"]).text


def test_the_closure_form_opened_from_a_visit_is_filled_in_with_its_employer(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer()
    sign_in(["enforcement_officer"])
    assert f"/employers/closures/new?visit_id={visit_id}" in client.get(f"/employers/visits/{visit_id}").text
    page = client.get(f"/employers/closures/new?visit_id={visit_id}").text
    assert f'value="{NUMBER}"' in page and 'value="1 Market Hill, Chatteris"' in page


@pytest.mark.parametrize(
    ("changes", "anchor"),
    [
        ({"officer_rank": "immigration_officer"}, "#officer_rank"),
        ({"company_number": "99999999"}, "#company_number"),
        ({"issued_time": "9am"}, "#issued_time"),
        ({"conviction": ""}, "#conviction"),
    ],
)
def test_a_closure_notice_with_bad_input_is_refused_and_nothing_is_saved(
    client,
    sign_in,
    changes: dict[str, str],
    anchor: str,  # type: ignore[no-untyped-def]
) -> None:
    issued_penalty()
    sign_in(["enforcement_officer"])
    page = client.post("/employers/closures/new", data={**NOTICE, **changes})
    assert page.status_code == 422 and f'href="{anchor}"' in page.text
    assert count(Closure) == 0


def test_a_closure_notice_without_a_conviction_or_penalty_is_refused(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    visited_employer()  # illegal working found, but no penalty and no conviction
    sign_in(["enforcement_officer"])
    page = client.post("/employers/closures/new", data=NOTICE)
    assert page.status_code == 422 and 'href="#conviction"' in page.text and "needs a conviction" in page.text
    assert count(Closure) == 0


def test_a_compliance_order_lasts_up_to_12_months_and_extends_to_24_in_total(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    issued_penalty()
    sign_in(["enforcement_officer"])
    url = client.post("/employers/closures/new", data=NOTICE, follow_redirects=False).headers["location"]
    too_long = client.post(url + "/order", data={"months": "13", **date_fields("made_on", date(2025, 6, 4))})
    assert too_long.status_code == 422 and 'href="#months"' in too_long.text
    assert _closure().status == "notice"
    client.post(url + "/order", data={"months": "12", **date_fields("made_on", date(2025, 6, 4))})
    assert _closure().order_ends_on == date(2026, 6, 4)
    beyond = client.post(url + "/extend", data={"extra_months": "13"})
    assert beyond.status_code == 422 and 'href="#extra_months"' in beyond.text
    assert _closure().order_months == 12
    client.post(url + "/extend", data={"extra_months": "12"})
    assert _closure().order_ends_on == date(2027, 6, 4)
    assert audited("employer_closure", "Compliance order extended") == 1


def test_a_director_is_referred_and_disqualified_for_7_years(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    org_id, _ = issued_penalty()
    with unit_of_work() as uow:
        director_id = uow.session.scalars(select(Directorship.person_id)).one()
    sign_in(["enforcement_officer"])
    form = client.get(f"/employers/disqualifications/new?organisation_id={org_id}")
    assert "Sam Owner" in form.text and 'name="csrf_token"' in form.text
    referral = {
        "organisation_id": org_id,
        "reason": "Employed illegal workers",
        **date_fields("referred_on", date(2025, 6, 2)),
    }
    nobody = client.post("/employers/disqualifications/new", data=referral)
    assert nobody.status_code == 422 and 'href="#person_id"' in nobody.text
    assert count(Disqualification) == 0
    made = client.post(
        "/employers/disqualifications/new",
        data={**referral, "person_id": director_id},
        follow_redirects=False,
    )
    url = made.headers["location"]
    too_long = client.post(
        url + "/outcome",
        data={"outcome": "disqualified", "years": "16", **date_fields("starts_on", date(2025, 7, 1))},
    )
    assert too_long.status_code == 422 and 'href="#years"' in too_long.text
    client.post(
        url + "/outcome",
        data={"outcome": "disqualified", "years": "7", **date_fields("starts_on", date(2025, 7, 1))},
    )
    with unit_of_work() as uow:
        found = uow.session.scalars(select(Disqualification)).one()
        assert found.outcome == "disqualified" and found.ends_on == date(2032, 7, 1)
    assert "on the disqualified directors list" in client.get(url).text
    assert audited("employer_disqualification", "Director disqualification recorded") == 1


def _plan() -> tuple[str, str]:
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        plan = service.downgrade(
            uow, licence_id=licence_id, on=date(2025, 6, 2), months=3, actions=["Train staff"], actor=OFFICER
        )
        return plan.id, licence_id


def _licence(licence_id: str) -> Licence:
    with unit_of_work() as uow:
        found = uow.session.get(Licence, licence_id)
        assert found is not None
        return found


def test_meeting_the_action_plan_restores_the_a_rating_from_the_plan_page(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    plan_id, licence_id = _plan()
    sign_in(["compliance_officer"])
    assert (
        f"/employers/action-plans/{plan_id}"
        in client.get(f"/employers/sponsors/{_licence(licence_id).sponsor_id}").text
    )
    none = client.post(f"/employers/action-plans/{plan_id}/outcome", data=date_fields("on", date(2025, 9, 2)))
    assert none.status_code == 422 and 'href="#outcome"' in none.text
    client.post(
        f"/employers/action-plans/{plan_id}/outcome",
        data={"outcome": "restored", **date_fields("on", date(2025, 9, 2))},
    )
    assert _licence(licence_id).rating == "A"
    assert audited("employer_action_plan", "Action plan concluded") == 1


def test_a_further_plan_longer_than_12_months_is_refused_and_the_plan_keeps_running(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    plan_id, _ = _plan()
    sign_in(["compliance_officer"])
    data = {"outcome": "further-plan", "further_months": "13", **date_fields("on", date(2025, 9, 2))}
    page = client.post(f"/employers/action-plans/{plan_id}/outcome", data=data)
    assert page.status_code == 422 and 'href="#further_months"' in page.text
    with unit_of_work() as uow:
        assert uow.session.get(ActionPlan, plan_id).outcome is None  # type: ignore[union-attr]
    client.post(f"/employers/action-plans/{plan_id}/outcome", data={**data, "further_months": "6"})
    with unit_of_work() as uow:
        plans = list(uow.session.scalars(select(ActionPlan).order_by(ActionPlan.created_at)))
    assert len(plans) == 2 and plans[1].months == 6 and plans[1].actions == ["Train staff"]


def test_failing_the_action_plan_revokes_the_licence(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    plan_id, licence_id = _plan()
    sign_in(["compliance_officer"])
    client.post(
        f"/employers/action-plans/{plan_id}/outcome",
        data={"outcome": "revoked", **date_fields("on", date(2025, 9, 2))},
    )
    assert _licence(licence_id).status == "revoked"


def test_representations_after_20_working_days_are_refused(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    plan_id, _ = _plan()
    sign_in(["compliance_officer"])
    late = client.post(
        f"/employers/action-plans/{plan_id}/representations",
        data={"text": "We disagree", **date_fields("received_on", date(2025, 8, 1))},
    )
    assert late.status_code == 422 and 'href="#received_on-day"' in late.text
    client.post(
        f"/employers/action-plans/{plan_id}/representations",
        data={"text": "We disagree", **date_fields("received_on", date(2025, 6, 10))},
    )
    assert "We disagree" in client.get(f"/employers/action-plans/{plan_id}").text


def test_an_enforcement_officer_cannot_decide_an_action_plan(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    plan_id, _ = _plan()
    sign_in(["enforcement_officer"])
    page = client.post(f"/employers/action-plans/{plan_id}/outcome", data={"outcome": "restored"})
    assert page.status_code == 403
