"""The statutory excuse on a penalty referral: the rules as sentences (each kind of check, each side of the
employment start and of the permission's end), then the service, the page and the API: a worker with a
valid excuse is left out with the reason shown; bad answers name the worker's field and save nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from portcullis.core.db import unit_of_work
from portcullis.employers import penalties, rules
from portcullis.employers.models import Penalty, RightToWorkRecord
from portcullis.employers.values import EmployersError, ExcuseClaim, RightToWorkCheck

from .form_helpers import VISIT_DAY, audited, count, date_fields, visited_employer
from .helpers import OFFICER

pytestmark = pytest.mark.usefixtures("database")
STARTED = date(2025, 1, 6)


def excuse(**kw: Any) -> rules.Decision:
    return rules.statutory_excuse(check=RightToWorkCheck(**kw), on=VISIT_DAY)


# --- the rules


def test_a_list_a_check_on_the_day_employment_began_excuses_the_whole_employment() -> None:
    decision = excuse(method="list_a", checked_on=STARTED, employment_started_on=STARTED)
    assert decision.allowed and "List A" in decision.reasons[0]


def test_a_check_made_the_day_after_employment_began_is_no_excuse_and_says_why() -> None:
    decision = excuse(method="list_a", checked_on=date(2025, 1, 7), employment_started_on=STARTED)
    assert not decision.allowed
    assert decision.reasons == ("the check on 2025-01-07 came after employment began on 2025-01-06",)


def test_a_list_b_check_excuses_up_to_the_last_day_of_the_permission_but_not_the_day_after() -> None:
    base = {"method": "list_b", "checked_on": date(2024, 12, 1), "employment_started_on": STARTED}
    assert excuse(**base, permission_ends_on=VISIT_DAY).allowed
    lapsed = excuse(**base, permission_ends_on=date(2025, 5, 19))
    assert not lapsed.allowed and "without a follow-up check" in lapsed.reasons[0]


def test_a_follow_up_on_the_permissions_last_day_keeps_the_excuse_and_one_a_day_late_does_not() -> None:
    base = {
        "method": "list_b",
        "checked_on": date(2024, 12, 1),
        "employment_started_on": STARTED,
        "permission_ends_on": date(2025, 3, 31),
    }
    assert excuse(**base, follow_up_done_on=date(2025, 3, 31)).allowed
    assert not excuse(**base, follow_up_done_on=date(2025, 4, 1)).allowed


def test_a_check_made_after_the_permission_had_ended_is_no_excuse() -> None:
    decision = excuse(
        method="list_b",
        checked_on=date(2025, 1, 2),
        employment_started_on=STARTED,
        permission_ends_on=date(2025, 1, 1),
    )
    assert not decision.allowed and "after the permission ended on 2025-01-01" in decision.reasons[0]


def test_an_online_share_code_check_with_no_end_date_excuses_the_worker() -> None:
    assert excuse(method="share_code", checked_on=STARTED, employment_started_on=STARTED).allowed


def test_an_idvt_check_excuses_only_when_the_provider_is_certified() -> None:
    base = {"method": "idvt", "checked_on": STARTED, "employment_started_on": STARTED}
    assert not excuse(**base).allowed
    assert excuse(**base, idvt_certified_provider=True).allowed


def test_a_check_that_showed_no_right_to_work_is_no_excuse() -> None:
    decision = excuse(
        method="share_code", checked_on=STARTED, employment_started_on=STARTED, showed_right_to_work=False
    )
    assert not decision.allowed and "showed no right to work" in decision.reasons[0]


@pytest.mark.parametrize(
    ("check", "field"),
    [
        ({"method": "list_a", "employment_started_on": STARTED}, "w1-checked_on"),
        ({"method": "list_a", "checked_on": STARTED}, "w1-employment_started_on"),
        (
            {"method": "list_b", "checked_on": STARTED, "employment_started_on": STARTED},
            "w1-permission_ends_on",
        ),
        (
            {"method": "list_a", "checked_on": date(2025, 5, 21), "employment_started_on": STARTED},
            "w1-checked_on",
        ),
        (
            {"method": "list_a", "checked_on": STARTED, "employment_started_on": date(2025, 5, 21)},
            "w1-employment_started_on",
        ),
        (
            {
                "method": "list_b",
                "checked_on": STARTED,
                "employment_started_on": STARTED,
                "permission_ends_on": date(2025, 3, 1),
                "follow_up_done_on": date(2025, 1, 5),
            },
            "w1-follow_up_done_on",
        ),
        (
            {
                "method": "list_a",
                "checked_on": STARTED,
                "employment_started_on": STARTED,
                "follow_up_done_on": STARTED,
            },
            "w1-follow_up_done_on",
        ),
    ],
    ids=[
        "no date of the check",
        "no date employment began",
        "a List B check without the permission's end",
        "a check dated after the visit",
        "employment beginning after the visit",
        "a follow-up before the first check",
        "a follow-up for a permission with no end",
    ],
)
def test_an_incomplete_or_impossible_check_is_refused_naming_the_workers_field(
    check: dict[str, Any], field: str
) -> None:
    with pytest.raises(EmployersError) as raised:
        rules.validate_check(RightToWorkCheck(**check), on=VISIT_DAY, prefix="w1-")
    assert raised.value.field == field


# --- the service


def _workers(visit_id: str) -> list[str]:
    with unit_of_work() as uow:
        return [e.person_id for e in penalties.illegal_workers(uow.session, visit_id)]


def _refer(visit_id: str, excuses: list[ExcuseClaim]) -> Penalty:
    with unit_of_work() as uow:
        return penalties.refer_for_penalty(
            uow,
            visit_id=visit_id,
            reported=False,
            cooperated=False,
            effective_checks=False,
            actor=OFFICER,
            excuses=excuses,
        )


def portcullis_check(person_id: str, *, valid: bool = True, until: date | None = None) -> str:
    """A right-to-work check an employer made in Portcullis on 2 January 2025."""
    with unit_of_work() as uow:
        record = RightToWorkRecord(
            employer_user_id=None,
            employer_name="Pera Palace Ltd",
            checker_name="A Manager",
            person_id=person_id,
            valid=valid,
            reason=None if valid else "no permission to work",
            full_name="Worker Kaya",
            permission_type="Skilled Worker",
            conditions=[],
            permission_valid_from=date(2024, 1, 1),
            permission_valid_until=until,
            follow_up_on=until,
            checked_at=datetime(2025, 1, 2, 10, tzinfo=UTC),
            share_reference="RTW-1",
        )
        uow.session.add(record)
        uow.flush()
        return record.id


def test_a_worker_with_a_valid_list_a_check_is_left_out_and_the_reason_is_kept_on_the_penalty() -> None:
    _, visit_id = visited_employer(workers=3)
    first, *_ = _workers(visit_id)
    claim = ExcuseClaim(person_id=first, method="list_a", checked_on=STARTED, employment_started_on=STARTED)
    penalty = _refer(visit_id, [claim])
    assert penalty.workers == 2 and penalty.total == Decimal(90000)
    excused = [w for w in penalty.calculation["workers"] if w["excused"]]
    assert [w["worker"] for w in excused] == [1]
    assert "statutory excuse: manual check of a List A document" in excused[0]["reason"]
    assert any(r.startswith("worker 2: no right-to-work check") for r in penalty.calculation["reasons"])


def test_a_right_to_work_check_made_in_portcullis_is_the_excuse_and_its_use_is_audited() -> None:
    _, visit_id = visited_employer(workers=2)
    first, _ = _workers(visit_id)
    record_id = portcullis_check(first, until=date(2026, 1, 1))
    claim = ExcuseClaim(person_id=first, method="record", record_id=record_id, employment_started_on=STARTED)
    penalty = _refer(visit_id, [claim])
    assert penalty.workers == 1
    entry = penalty.calculation["workers"][0]
    assert entry["excused"] and entry["record_id"] == record_id and entry["checked_on"] == "2025-01-02"
    assert (
        audited(
            "employer_rtw_check",
            "Right-to-work check used as the employer's statutory excuse on penalty referral",
        )
        == 1
    )


def test_a_portcullis_check_of_another_person_is_refused_and_nothing_is_saved() -> None:
    _, visit_id = visited_employer(workers=2)
    first, second = _workers(visit_id)
    record_id = portcullis_check(second)
    claim = ExcuseClaim(
        person_id=first, method="record", record_id=record_id, employment_started_on=STARTED, prefix="w1-"
    )
    with pytest.raises(EmployersError) as raised:
        _refer(visit_id, [claim])
    assert raised.value.field == "w1-record_id" and count(Penalty) == 0


def test_when_every_worker_has_an_excuse_no_penalty_is_due_and_nothing_is_saved() -> None:
    _, visit_id = visited_employer(workers=1)
    (only,) = _workers(visit_id)
    claim = ExcuseClaim(
        person_id=only, method="share_code", checked_on=STARTED, employment_started_on=STARTED
    )
    with pytest.raises(EmployersError, match="every illegal worker found has a statutory excuse"):
        _refer(visit_id, [claim])
    assert count(Penalty) == 0


# --- the page and the API


def _answers(**extra: str) -> dict[str, str]:
    return {"reported": "no", "cooperated": "no", "effective_checks": "no", **extra}


def test_the_referral_page_offers_the_workers_portcullis_check_and_leaves_the_excused_worker_out(
    client: Any, sign_in: Any
) -> None:
    sign_in(["enforcement_officer"])
    _, visit_id = visited_employer(workers=2)
    first, _ = _workers(visit_id)
    record_id = portcullis_check(first, until=date(2026, 1, 1))
    form = client.get(f"/employers/visits/{visit_id}/penalty")
    assert form.status_code == 200 and f'value="record-{record_id}"' in form.text
    assert "Right-to-work check made in Portcullis on 2025-01-02 by Pera Palace Ltd" in form.text
    data = _answers(**{"w1-method": f"record-{record_id}", "w2-method": "none"})
    data |= date_fields("w1-employment_started_on", STARTED)
    made = client.post(f"/employers/visits/{visit_id}/penalty", data=data, follow_redirects=False)
    assert made.status_code == 303
    page = client.get(made.headers["location"]).text
    assert "Workers and statutory excuses" in page and "No: statutory excuse" in page
    assert "45000.00 GBP" in page


def test_a_referral_with_a_list_b_check_missing_the_permissions_end_names_that_field_and_saves_nothing(
    client: Any, sign_in: Any
) -> None:
    sign_in(["enforcement_officer"])
    _, visit_id = visited_employer(workers=1)
    data = _answers(**{"w1-method": "list_b"})
    data |= date_fields("w1-checked_on", STARTED) | date_fields("w1-employment_started_on", STARTED)
    page = client.post(f"/employers/visits/{visit_id}/penalty", data=data)
    assert page.status_code == 422 and 'href="#w1-permission_ends_on-day"' in page.text
    assert "enter the date the permission ends" in page.text
    unanswered = client.post(f"/employers/visits/{visit_id}/penalty", data=_answers())
    assert unanswered.status_code == 422 and 'href="#w1-method"' in unanswered.text
    assert count(Penalty) == 0


def test_the_api_takes_each_workers_excuse_and_names_a_bad_one_by_its_position(api_client: Any) -> None:
    api = api_client(["enforcement_officer"])
    _, visit_id = visited_employer(workers=2)
    first, second = _workers(visit_id)
    url = f"/api/v1/employers/visits/{visit_id}/penalty"
    body: dict[str, Any] = {"reported": False, "cooperated": False, "effective_checks": False}
    bad = api.post(
        url,
        json={
            **body,
            "excuses": [
                {
                    "person_id": second,
                    "method": "list_b",
                    "checked_on": "2025-01-06",
                    "employment_started_on": "2025-01-06",
                }
            ],
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "excuses[0].permission_ends_on"
    assert count(Penalty) == 0
    made = api.post(
        url,
        json={
            **body,
            "excuses": [
                {
                    "person_id": first,
                    "method": "idvt",
                    "checked_on": "2025-01-06",
                    "employment_started_on": "2025-01-06",
                }
            ],
        },
    )
    assert made.status_code == 201 and made.json()["workers"] == 1
    assert made.json()["calculation"]["workers"][0]["excused"] is True
