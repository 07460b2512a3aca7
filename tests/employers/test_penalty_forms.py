"""Enforcement officers take a civil penalty through its steps on its page: notice, payment, instalments,
objection within 28 days, its decision, appeal, and unpaid penalties marked as debts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portcullis.core.db import unit_of_work
from portcullis.employers import penalties
from portcullis.employers.models import Penalty, PenaltyPayment

from .form_helpers import VISIT_DAY, audited, count, date_fields, issued_penalty, visited_employer
from .helpers import OFFICER

pytestmark = pytest.mark.usefixtures("database")


def _penalty(penalty_id: str) -> Penalty:
    with unit_of_work() as uow:
        found = uow.session.get(Penalty, penalty_id)
        assert found is not None
        return found


def test_an_officer_issues_a_referred_penalty_notice(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, visit_id = visited_employer()
    with unit_of_work() as uow:
        penalty_id = penalties.refer_for_penalty(
            uow, visit_id=visit_id, reported=False, cooperated=False, effective_checks=False, actor=OFFICER
        ).id
    sign_in(["enforcement_officer"])
    page = client.get(f"/employers/penalties/{penalty_id}").text
    assert "Issue the penalty notice" in page and 'name="csrf_token"' in page
    bad = client.post(
        f"/employers/penalties/{penalty_id}/issue",
        data=date_fields("issued_on", VISIT_DAY) | {"issued_on-day": "31", "issued_on-month": "2"},
    )
    assert bad.status_code == 422 and 'href="#issued_on-day"' in bad.text
    assert _penalty(penalty_id).status == "referred"
    done = client.post(
        f"/employers/penalties/{penalty_id}/issue",
        data=date_fields("issued_on", date(2025, 5, 21)),
        follow_redirects=False,
    )
    assert done.status_code == 303 and _penalty(penalty_id).issued_on == date(2025, 5, 21)
    assert (
        'Objection due by</dt><dd class="govuk-summary-list__value">2025-06-18'
        in client.get(f"/employers/penalties/{penalty_id}").text
    )


def test_a_first_penalty_paid_within_21_days_is_settled_with_30_percent_off(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, penalty_id = issued_penalty()
    sign_in(["enforcement_officer"])
    paid = client.post(
        f"/employers/penalties/{penalty_id}/payments",
        data={"amount": "31,500.00", **date_fields("paid_on", date(2025, 6, 2))},
        follow_redirects=False,
    )
    assert paid.status_code == 303
    penalty = _penalty(penalty_id)
    assert penalty.status == "paid" and penalty.paid == Decimal("31500.00")  # 45,000 less 30%
    assert audited("employer_penalty", "Payment recorded") == 1


@pytest.mark.parametrize(
    ("data", "anchor"),
    [
        ({"amount": ""}, "#amount"),
        ({"amount": "lots"}, "#amount"),
        ({"amount": "99999"}, "#amount"),
        ({"amount": "100", "paid_on-year": ""}, "#paid_on-day"),
    ],
)
def test_a_bad_payment_is_refused_naming_the_field_and_nothing_is_saved(
    client,
    sign_in,
    data: dict[str, str],
    anchor: str,  # type: ignore[no-untyped-def]
) -> None:
    _, penalty_id = issued_penalty()
    sign_in(["enforcement_officer"])
    page = client.post(
        f"/employers/penalties/{penalty_id}/payments",
        data={**date_fields("paid_on", date(2025, 6, 2)), **data},
    )
    assert page.status_code == 422 and f'href="{anchor}"' in page.text
    assert count(PenaltyPayment) == 0 and _penalty(penalty_id).status == "issued"


def test_instalments_are_agreed_and_then_paid_in_parts(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, penalty_id = issued_penalty(date(2025, 4, 1))
    sign_in(["enforcement_officer"])
    assert (
        client.post(f"/employers/penalties/{penalty_id}/instalments", follow_redirects=False).status_code
        == 303
    )
    client.post(
        f"/employers/penalties/{penalty_id}/payments",
        data={"amount": "5000", **date_fields("paid_on", date(2025, 6, 1))},
    )
    penalty = _penalty(penalty_id)
    assert penalty.status == "instalments" and penalty.paid == Decimal(5000)


def test_an_objection_after_28_days_is_refused_and_the_penalty_is_unchanged(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, penalty_id = issued_penalty()  # issued 20 May 2025: objections by 17 June
    sign_in(["enforcement_officer"])
    late = client.post(
        f"/employers/penalties/{penalty_id}/objection",
        data={"grounds": "We checked their papers", **date_fields("received_on", date(2025, 6, 18))},
    )
    assert late.status_code == 422 and 'href="#received_on-day"' in late.text
    assert _penalty(penalty_id).status == "issued" and _penalty(penalty_id).objected_on is None


def test_an_objection_in_time_is_decided_then_appealed_to_the_county_court(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, penalty_id = issued_penalty()
    sign_in(["enforcement_officer"])
    url = f"/employers/penalties/{penalty_id}"
    client.post(
        url + "/objection",
        data={"grounds": "We checked their papers", **date_fields("received_on", date(2025, 6, 17))},
    )
    assert _penalty(penalty_id).status == "objected"
    no_total = client.post(url + "/objection/decision", data={"outcome": "reduced", "new_total": ""})
    assert no_total.status_code == 422 and 'href="#new_total"' in no_total.text
    no_choice = client.post(url + "/objection/decision", data={})
    assert no_choice.status_code == 422 and 'href="#outcome"' in no_choice.text
    assert _penalty(penalty_id).status == "objected"
    client.post(url + "/objection/decision", data={"outcome": "reduced", "new_total": "30000"})
    assert _penalty(penalty_id).total == Decimal(30000) and _penalty(penalty_id).status == "issued"
    client.post(url + "/appeal", data=date_fields("lodged_on", date(2025, 6, 30)))
    penalty = _penalty(penalty_id)
    assert penalty.status == "appealed" and penalty.appeal_lodged_on == date(2025, 6, 30)
    for step in ("Objection received", "Objection decided", "Appeal lodged"):
        assert audited("employer_penalty", step) == 1


def test_an_appeal_without_an_objection_is_refused(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, penalty_id = issued_penalty()
    sign_in(["enforcement_officer"])
    page = client.post(
        f"/employers/penalties/{penalty_id}/appeal", data=date_fields("lodged_on", date(2025, 6, 1))
    )
    assert page.status_code == 422 and 'href="#penalty-steps"' in page.text
    assert _penalty(penalty_id).status == "issued"


def test_penalties_unpaid_after_the_objection_period_are_marked_as_debts(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    _, old = issued_penalty(date(2025, 4, 1))  # objection period ended 29 April
    _, recent = issued_penalty(date(2025, 5, 30), number="07654322")
    sign_in(["enforcement_officer"])
    done = client.post("/employers/penalties/debts", follow_redirects=False)
    assert done.status_code == 303
    assert _penalty(old).status == "debt" and _penalty(recent).status == "issued"
    assert audited("employer_penalty", "Unpaid: now a debt") == 1
