"""Illegal working enforcement: visits, identity checks, arrests, evidence, penalties, closures, bans."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from portcullis.core.db import unit_of_work
from portcullis.core.parties import Directorship
from portcullis.employers import common, directors, enforcement, penalties, service
from portcullis.employers.models import Closure, Penalty
from portcullis.employers.values import EmployersError, RightToWorkCheck

from .helpers import OFFICER, organisation, person

pytestmark = pytest.mark.usefixtures("database")
VISIT_DAY = date(2025, 5, 20)


def visit_with_workers(org_id: str, n: int = 3, on: date = VISIT_DAY) -> tuple[str, list[str]]:
    workers = [person(f"Worker{i}", "Kaya", f"199{i}-01-01") for i in range(n)]
    with unit_of_work() as uow:
        visit = enforcement.plan_visit(
            uow,
            premises="1 Market Hill, Chatteris",
            region="East of England",
            sector="hospitality",
            planned_on=on,
            officers=["IO Smith", "CIO Jones"],
            actor=OFFICER,
            organisation_id=org_id,
            intelligence_ref="INT-1",
        )
        enforcement.record_visit(
            uow, visit_id=visit.id, visited_on=on, outcome="illegal-working-found", actor=OFFICER
        )
        for w in workers:
            encounter = enforcement.record_encounter(
                uow, visit_id=visit.id, person_id=w, right_to_work="no", actor=OFFICER
            )
            enforcement.arrest(
                uow, encounter_id=encounter.id, at=datetime(2025, 5, 20, 11, tzinfo=UTC), actor=OFFICER
            )
        return visit.id, workers


def issued_penalty(org_id: str, on: date = VISIT_DAY, **kw: bool) -> Penalty:
    visit_id, _ = visit_with_workers(org_id, on=on)
    with unit_of_work() as uow:
        penalty = penalties.refer_for_penalty(
            uow,
            visit_id=visit_id,
            reported=kw.get("reported", False),
            cooperated=False,
            effective_checks=False,
            actor=OFFICER,
        )
        return penalties.issue_penalty(uow, penalty_id=penalty.id, on=on, actor=OFFICER)


def test_three_illegal_workers_on_a_first_breach_bring_a_135000_penalty() -> None:
    penalty = issued_penalty(organisation())
    assert penalty.breach == "first" and penalty.workers == 3
    assert penalty.total == Decimal(135000)
    assert penalty.calculation["references"]


def test_a_worker_with_a_statutory_excuse_is_not_counted() -> None:
    org_id = organisation()
    visit_id, workers = visit_with_workers(org_id)
    checks = {
        workers[0]: RightToWorkCheck(
            method="share_code", checked_on=date(2025, 1, 2), employment_started_on=date(2025, 1, 6)
        )
    }
    with unit_of_work() as uow:
        penalty = penalties.refer_for_penalty(
            uow,
            visit_id=visit_id,
            reported=False,
            cooperated=False,
            effective_checks=False,
            actor=OFFICER,
            checks=checks,
        )
    assert penalty.workers == 2 and penalty.total == Decimal(90000)


def test_a_second_penalty_within_3_years_is_a_repeat_breach() -> None:
    org_id = organisation()
    issued_penalty(org_id, on=date(2024, 6, 1))
    second = issued_penalty(org_id, on=VISIT_DAY)
    assert second.breach == "repeat" and second.per_worker == Decimal(60000)


def test_a_first_penalty_paid_in_full_within_21_days_is_settled_with_30_percent_off() -> None:
    penalty = issued_penalty(organisation())
    with unit_of_work() as uow:
        assert penalties.amount_due(uow.session.get(Penalty, penalty.id), on=date(2025, 6, 10)) == Decimal(  # type: ignore[arg-type]
            "94500.00"
        )
        paid = penalties.record_payment(
            uow, penalty_id=penalty.id, amount="94500.00", paid_on=date(2025, 6, 10), actor=OFFICER
        )
        assert paid.status == "paid"


def test_instalments_are_recorded_until_paid() -> None:
    penalty = issued_penalty(organisation())
    with unit_of_work() as uow:
        penalties.agree_instalments(uow, penalty_id=penalty.id, actor=OFFICER)
        penalties.record_payment(
            uow, penalty_id=penalty.id, amount="100000", paid_on=date(2025, 7, 1), actor=OFFICER
        )
        done = penalties.record_payment(
            uow, penalty_id=penalty.id, amount="35000", paid_on=date(2025, 8, 1), actor=OFFICER
        )
        assert done.status == "paid" and len(done.payments) == 2


def test_an_objection_after_28_days_is_refused_and_nothing_changes() -> None:
    penalty = issued_penalty(organisation())
    with pytest.raises(EmployersError) as err, unit_of_work() as uow:
        penalties.object_to_penalty(
            uow, penalty_id=penalty.id, received_on=date(2025, 6, 18), grounds="Not ours", actor=OFFICER
        )
    assert err.value.field == "received_on"
    with unit_of_work() as uow:
        assert uow.session.get(Penalty, penalty.id).status == "issued"  # type: ignore[union-attr]


def test_an_objection_in_time_can_reduce_the_penalty_and_then_be_appealed() -> None:
    penalty = issued_penalty(organisation())
    with unit_of_work() as uow:
        penalties.object_to_penalty(
            uow, penalty_id=penalty.id, received_on=date(2025, 6, 17), grounds="Excuse", actor=OFFICER
        )
        reduced = penalties.decide_objection(
            uow, penalty_id=penalty.id, outcome="reduced", new_total="90000", actor=OFFICER
        )
        assert reduced.total == Decimal(90000)
        appealed = penalties.lodge_appeal(
            uow, penalty_id=penalty.id, lodged_on=date(2025, 7, 1), actor=OFFICER
        )
        assert appealed.status == "appealed"


def test_an_unpaid_penalty_becomes_a_debt_after_the_objection_period() -> None:
    penalty = issued_penalty(organisation())
    with unit_of_work() as uow:
        assert penalties.mark_debts(uow, on=date(2025, 6, 17)) == 0
        assert penalties.mark_debts(uow, on=date(2025, 6, 18)) == 1
        assert uow.session.get(Penalty, penalty.id).status == "debt"  # type: ignore[union-attr]


def test_evidence_is_stored_with_its_sha256_and_a_chain_of_custody(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portcullis.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    visit_id, _ = visit_with_workers(organisation(), n=1)
    with unit_of_work() as uow:
        evidence = enforcement.add_evidence(
            uow,
            visit_id=visit_id,
            kind="body-worn-video",
            filename="../bwv 1.mp4",
            content=b"video-bytes",
            actor=OFFICER,
        )
        enforcement.transfer_evidence(
            uow,
            evidence_id=evidence.id,
            from_holder=OFFICER.name,
            to="CPS",
            at=datetime(2025, 6, 2, 9, 30, tzinfo=UTC),
            purpose="charging decision",
            actor=OFFICER,
        )
    assert evidence.sha256 == hashlib.sha256(b"video-bytes").hexdigest()
    assert evidence.filename == "bwv_1.mp4"
    with unit_of_work() as uow:
        assert enforcement.verify_evidence(uow.session, evidence_id=evidence.id)
        assert [c["action"] for c in common.load(uow.session, type(evidence), evidence.id, "id").custody][
            1
        ].startswith("transferred from")
    Path(evidence.stored_path).write_bytes(b"tampered")
    with unit_of_work() as uow:
        assert not enforcement.verify_evidence(uow.session, evidence_id=evidence.id)


def test_a_closure_notice_by_an_immigration_officer_is_refused_and_nothing_saved() -> None:
    org_id = organisation()
    issued_penalty(org_id)
    with pytest.raises(EmployersError) as err, unit_of_work() as uow:
        enforcement.issue_closure_notice(
            uow,
            organisation_id=org_id,
            premises="1 Market Hill",
            issued_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
            officer_name="IO Smith",
            officer_rank="immigration_officer",
            conviction=False,
            actor=OFFICER,
        )
    assert err.value.field == "officer_rank"
    with unit_of_work() as uow:
        assert uow.session.scalar(select(Closure)) is None


def test_a_closure_notice_leads_to_a_hearing_within_48_hours_and_an_order_extendable_to_24_months() -> None:
    org_id = organisation()
    issued_penalty(org_id)
    with unit_of_work() as uow:
        closure = enforcement.issue_closure_notice(
            uow,
            organisation_id=org_id,
            premises="1 Market Hill",
            issued_at=datetime(2025, 6, 2, 9, tzinfo=UTC),
            officer_name="CIO Jones",
            officer_rank="chief_immigration_officer",
            conviction=False,
            actor=OFFICER,
        )
        assert closure.hearing_by == datetime(2025, 6, 4, 9, tzinfo=UTC)
        enforcement.make_compliance_order(
            uow, closure_id=closure.id, made_on=date(2025, 6, 4), months=12, actor=OFFICER
        )
        extended = enforcement.extend_compliance_order(uow, closure_id=closure.id, months=12, actor=OFFICER)
        assert extended.order_ends_on == date(2027, 6, 4)
    with pytest.raises(EmployersError, match="24 months in total"), unit_of_work() as uow:
        enforcement.extend_compliance_order(uow, closure_id=closure.id, months=1, actor=OFFICER)


def test_a_disqualified_director_is_listed_and_their_new_company_cannot_get_a_licence() -> None:
    org_id = organisation("Hupus Limited", "13700001", director=None)
    director = person("Ali", "Avlik", "1989-05-01")
    with unit_of_work() as uow:
        referral = directors.refer_director(
            uow,
            person_id=director,
            organisation_id=org_id,
            referred_on=date(2024, 3, 1),
            reason="Employed 3 illegal workers",
            actor=OFFICER,
        )
        outcome = directors.record_disqualification(
            uow, referral_id=referral.id, years=7, starts_on=date(2024, 11, 26), actor=OFFICER
        )
        assert outcome.ends_on == date(2031, 11, 26)
    new_org = organisation("Fresh Start Ltd", "13700002", director=None)
    with unit_of_work() as uow:
        uow.session.add(
            Directorship(organisation_id=new_org, person_id=director, appointed_on=date(2025, 1, 1))
        )
    with unit_of_work() as uow:
        sponsor = service.register_sponsor(
            uow, organisation_id=new_org, sector="hospitality", region="East of England", actor=OFFICER
        )
        application = service.apply_for_licence(
            uow, sponsor_id=sponsor.id, routes=["skilled-worker"], on=date(2025, 6, 2), actor=OFFICER
        )
    assert application.outcome == "refused"
    assert any("disqualified-directors" in r for r in application.reasons)


def test_a_disqualification_of_16_years_is_refused() -> None:
    org_id = organisation()
    with pytest.raises(EmployersError) as err, unit_of_work() as uow:
        referral = directors.refer_director(
            uow,
            person_id=person(),
            organisation_id=org_id,
            referred_on=date(2025, 1, 1),
            reason="x",
            actor=OFFICER,
        )
        directors.record_disqualification(
            uow, referral_id=referral.id, years=16, starts_on=date(2025, 6, 1), actor=OFFICER
        )
    assert err.value.field == "years"


def test_the_on_the_spot_check_finds_a_current_evisa_that_allows_work() -> None:
    from portcullis.travel import evisa_service

    org_id = organisation()
    worker = person("Deniz", "Arslan", "1994-07-12")
    with unit_of_work() as uow:
        evisa_service.grant_permission(
            uow,
            person_id=worker,
            permission_type="Skilled Worker",
            conditions=[],
            valid_from=date(2025, 1, 1),
            valid_until=date(2027, 1, 1),
            actor=OFFICER,
        )
        visit = enforcement.plan_visit(
            uow,
            premises="2 Market Hill",
            region="East of England",
            sector="retail",
            planned_on=VISIT_DAY,
            officers=["IO Smith"],
            actor=OFFICER,
            organisation_id=org_id,
        )
        encounter = enforcement.record_encounter(
            uow, visit_id=visit.id, person_id=worker, right_to_work="unknown", actor=OFFICER
        )
    assert encounter.right_to_work == "yes" and not encounter.illegal_worker
    assert encounter.evisa[0]["type"] == "Skilled Worker"
