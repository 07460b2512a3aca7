"""Sponsor licences: applications, CoS, reporting duties, downgrades, action plans, revocation."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from portcullis.core import events
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.employers import certificates, service
from portcullis.employers.events import SponsorLicenceRevoked
from portcullis.employers.models import Certificate, Licence, Sanction
from portcullis.employers.values import EmployersError

from .helpers import OFFICER, licensed_sponsor, organisation, person

pytestmark = pytest.mark.usefixtures("database")
ON = date(2025, 6, 2)


def assign(
    licence_id: str,
    worker: str,
    *,
    new_worker: bool = True,
    salary: str = "45000",
    on: date = ON,
    kind: str = "defined",
) -> Certificate:
    with unit_of_work() as uow:
        return certificates.assign_cos(
            uow,
            licence_id=licence_id,
            worker_person_id=worker,
            kind=kind,
            new_worker=new_worker,
            job_title="Care manager",
            salary=salary,
            salary_category="general",
            on=on,
            actor=OFFICER,
        )


def count(model: type) -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_new_licence_is_granted_a_rated_and_the_care_sector_is_flagged() -> None:
    _, _sponsor_id, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        licence = uow.session.get(Licence, licence_id)
        assert licence is not None and licence.rating == "A" and licence.status == "active"
        assert licence.sponsor.care


def test_a_cos_uses_the_salary_threshold_in_force_on_its_date() -> None:
    _, _, licence_id = licensed_sponsor()
    worker = person()
    cos = assign(licence_id, worker, salary="40000", on=date(2025, 7, 21))
    assert cos.use_by == date(2025, 10, 21)
    with pytest.raises(EmployersError) as err:
        assign(licence_id, worker, salary="40000", on=date(2025, 7, 22))
    assert err.value.field == "salary" and "41700.00" in err.value.reason
    assert count(Certificate) == 1


def test_a_b_rated_sponsor_cannot_assign_a_cos_to_a_new_worker_and_nothing_is_saved() -> None:
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        service.downgrade(
            uow, licence_id=licence_id, on=ON, months=6, actions=["Train HR staff"], actor=OFFICER
        )
    with pytest.raises(EmployersError) as err:
        assign(licence_id, person())
    assert err.value.field == "new_worker"
    assert count(Certificate) == 0
    assert assign(licence_id, person("Existing"), new_worker=False).status == "assigned"


def test_an_undefined_cos_needs_room_in_an_allocation_that_ends_on_5_april() -> None:
    _, _, licence_id = licensed_sponsor()
    with pytest.raises(EmployersError, match="allocation"):
        assign(licence_id, person(), kind="undefined")
    with unit_of_work() as uow:
        allocation = certificates.grant_allocation(
            uow, licence_id=licence_id, granted=1, on=ON, actor=OFFICER
        )
    assert allocation.ends_on == date(2026, 4, 5)
    assign(licence_id, person(), kind="undefined")
    with pytest.raises(EmployersError, match="allocation"):
        assign(licence_id, person("Second"), kind="undefined")


def test_a_worker_change_is_due_in_10_working_days_and_is_overdue_after() -> None:
    _, _, licence_id = licensed_sponsor()
    worker = person()
    with unit_of_work() as uow:
        duty = certificates.record_change(
            uow,
            licence_id=licence_id,
            kind="worker",
            change="Did not start",
            occurred_on=date(2025, 8, 20),
            worker_person_id=worker,
            actor=OFFICER,
        )
        assert duty.due_on == date(2025, 9, 4)  # skips the August bank holiday
    with unit_of_work() as uow:
        assert certificates.overdue_duties(uow.session, on=date(2025, 9, 4)) == []
        assert len(certificates.overdue_duties(uow.session, on=date(2025, 9, 5))) == 1


def test_an_action_plan_of_6_months_is_refused_before_28_november_2024() -> None:
    _, _, licence_id = licensed_sponsor(on=date(2024, 6, 1))
    with pytest.raises(EmployersError, match="at most 3 months"), unit_of_work() as uow:
        service.downgrade(
            uow, licence_id=licence_id, on=date(2024, 11, 27), months=6, actions=["x"], actor=OFFICER
        )
    with unit_of_work() as uow:
        assert uow.session.get(Licence, licence_id).rating == "A"  # type: ignore[union-attr]
        plan = service.downgrade(
            uow, licence_id=licence_id, on=date(2024, 11, 28), months=6, actions=["x"], actor=OFFICER
        )
        assert plan.ends_on == date(2025, 5, 28)
        assert plan.representations_due == date(2024, 12, 30)  # 20 working days, Christmas excluded


def test_late_representations_are_refused() -> None:
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        plan = service.downgrade(uow, licence_id=licence_id, on=ON, months=3, actions=["x"], actor=OFFICER)
    with pytest.raises(EmployersError) as err, unit_of_work() as uow:
        service.record_representations(
            uow, plan_id=plan.id, text="We disagree", received_on=date(2025, 7, 1), actor=OFFICER
        )
    assert err.value.field == "received_on"


def test_meeting_the_action_plan_restores_the_a_rating() -> None:
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        plan = service.downgrade(uow, licence_id=licence_id, on=ON, months=3, actions=["x"], actor=OFFICER)
    with unit_of_work() as uow:
        service.conclude_action_plan(
            uow, plan_id=plan.id, outcome="restored", on=date(2025, 9, 2), actor=OFFICER
        )
    with unit_of_work() as uow:
        assert uow.session.get(Licence, licence_id).rating == "A"  # type: ignore[union-attr]


def test_failing_the_action_plan_revokes_the_licence_invalidates_cos_and_tells_travel() -> None:
    org_id, _, licence_id = licensed_sponsor()
    workers = [person("One"), person("Two")]
    for w in workers:
        assign(licence_id, w)
    seen: list[SponsorLicenceRevoked] = []
    events.subscribe(SponsorLicenceRevoked)(seen.append)
    with unit_of_work() as uow:
        plan = service.downgrade(uow, licence_id=licence_id, on=ON, months=3, actions=["x"], actor=OFFICER)
    with unit_of_work() as uow:
        service.conclude_action_plan(
            uow, plan_id=plan.id, outcome="revoked", on=date(2025, 9, 2), actor=OFFICER
        )
    assert seen[-1].licence_id == licence_id and set(seen[-1].worker_person_ids) == set(workers)
    with unit_of_work() as uow:
        assert uow.session.get(Licence, licence_id).status == "revoked"  # type: ignore[union-attr]
        statuses = uow.session.scalars(select(Certificate.status)).all()
        assert set(statuses) == {"invalidated"}
        sanction = uow.session.scalar(select(Sanction).where(Sanction.organisation_id == org_id))
        assert sanction is not None and sanction.ends_on == date(2026, 9, 2)


def test_a_revoked_sponsor_cannot_apply_again_during_cooling_off_and_is_screened_as_banned() -> None:
    _org_id, sponsor_id, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        service.revoke_licence(
            uow, licence_id=licence_id, ground="C1-false-information", on=ON, actor=OFFICER
        )
    with unit_of_work() as uow:
        application = service.apply_for_licence(
            uow, sponsor_id=sponsor_id, routes=["skilled-worker"], on=date(2026, 1, 2), actor=OFFICER
        )
    assert application.outcome == "refused"
    assert any("cooling-off" in r for r in application.reasons)
    assert any("banned-sponsors" in r for r in application.reasons)


def test_a_second_revocation_brings_a_24_month_cooling_off() -> None:
    _, sponsor_id, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        service.revoke_licence(
            uow, licence_id=licence_id, ground="C2-reporting-failures", on=ON, actor=OFFICER
        )
        uow.session.add(
            Licence(
                sponsor_id=sponsor_id,
                number="SLSECOND",
                routes=["skilled-worker"],
                granted_on=date(2025, 7, 1),
            )
        )
    with unit_of_work() as uow:
        second = uow.session.scalar(select(Licence).where(Licence.number == "SLSECOND"))
        result = service.revoke_licence(
            uow,
            licence_id=second.id,
            ground="C1-false-information",  # type: ignore
            on=date(2025, 8, 1),
            actor=OFFICER,
        )
    assert result.cooling_off_ends == date(2027, 8, 1)


def test_a_sanction_blocks_a_new_application_until_it_ends() -> None:
    org_id = organisation("Rogue Ltd", "07654321")
    with unit_of_work() as uow:
        sponsor = service.register_sponsor(
            uow, organisation_id=org_id, sector="hospitality", region="London", actor=OFFICER
        )
        sanction = service.impose_sanction(
            uow, organisation_id=org_id, reason="Flagrant breach", on=ON, repeat=True, actor=OFFICER
        )
        assert sanction.ends_on == date(2027, 6, 2)
        refused = service.apply_for_licence(
            uow, sponsor_id=sponsor.id, routes=["skilled-worker"], on=date(2027, 6, 1), actor=OFFICER
        )
        granted = service.apply_for_licence(
            uow, sponsor_id=sponsor.id, routes=["skilled-worker"], on=date(2027, 6, 2), actor=OFFICER
        )
    assert refused.outcome == "refused" and granted.outcome == "granted"


def test_a_complaint_of_charging_workers_opens_a_compliance_case() -> None:
    _, sponsor_id, _ = licensed_sponsor()
    with unit_of_work() as uow:
        case = service.complain_charging_workers(
            uow,
            sponsor_id=sponsor_id,
            complaint="Charged 8,000 GBP for CoS",
            received_on=date(2025, 2, 1),
            actor=OFFICER,
        )
        assert case.kind == "complaint-charging-workers" and case.status == "open"
        assert "prohibited" in case.findings[0]["finding"]


def test_suspension_gives_20_working_days_for_representations() -> None:
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        due = service.suspend_licence(
            uow, licence_id=licence_id, on=ON, reason="Visit findings", actor=OFFICER
        )
    assert due == date(2025, 6, 30)
    with pytest.raises(EmployersError), unit_of_work() as uow:
        certificates.assign_cos(
            uow,
            licence_id=licence_id,
            worker_person_id=person(),
            kind="defined",
            new_worker=False,
            job_title="Cook",
            salary="45000",
            salary_category="general",
            on=ON,
            actor=OFFICER,
        )


def test_revocation_is_audited() -> None:
    _, _, licence_id = licensed_sponsor()
    with unit_of_work() as uow:
        service.revoke_licence(
            uow, licence_id=licence_id, ground="C1-false-information", on=ON, actor=OFFICER
        )
    with unit_of_work() as uow:
        entries = uow.session.scalars(select(AuditEntry).where(AuditEntry.record_id == licence_id)).all()
        assert any(e.justification.startswith("Revoked") for e in entries)


def test_revocation_curtails_the_sponsored_workers_evisa_permission() -> None:
    import portcullis.travel.events  # noqa: F401 - registers travel's handler for SponsorLicenceRevoked
    from portcullis.travel import evisa_service

    _, _, licence_id = licensed_sponsor()
    worker = person()
    with unit_of_work() as uow:
        evisa_service.grant_permission(
            uow,
            person_id=worker,
            permission_type="Skilled Worker",
            conditions=[],
            valid_from=date(2025, 1, 1),
            valid_until=date(2028, 1, 1),
            actor=OFFICER,
        )
    assign(licence_id, worker)
    with unit_of_work() as uow:
        service.revoke_licence(
            uow, licence_id=licence_id, ground="C1-false-information", on=ON, actor=OFFICER
        )
    with unit_of_work() as uow:
        assert evisa_service.current_permissions(uow, person_id=worker, on=date(2026, 1, 1)) == []


def test_an_overdue_change_emails_the_sponsor_once() -> None:
    import json

    from typer.testing import CliRunner

    from portcullis.core.notify import OutboxMessage
    from portcullis.employers.cli import app

    _, _, licence_id = licensed_sponsor(contact_email="ao@brightcare.example.com")
    with unit_of_work() as uow:
        certificates.record_change(
            uow,
            licence_id=licence_id,
            kind="organisation",
            change="New trading address",
            occurred_on=date(2025, 5, 1),
            actor=OFFICER,
        )
    with unit_of_work() as uow:
        assert (
            certificates.send_overdue_alerts(uow, on=date(2025, 6, 2)) == 0
        )  # due that day: not yet overdue
    result = CliRunner().invoke(app, ["overdue-alerts", "--on", "2025-06-03", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"on": "2025-06-03", "overdue": 1, "alerts_sent": 1}
    with unit_of_work() as uow:
        assert certificates.send_overdue_alerts(uow, on=date(2025, 6, 4)) == 0
        message = uow.session.scalar(select(OutboxMessage))
        assert message is not None and message.to == "ao@brightcare.example.com"
        assert "New trading address" in message.body


def test_an_application_dated_before_screening_thresholds_existed_is_refused_naming_the_date() -> None:
    org_id = organisation("Old Ltd", "00000042")
    with unit_of_work() as uow:
        sponsor = service.register_sponsor(
            uow, organisation_id=org_id, sector="retail", region="Wales", actor=OFFICER
        )
    with pytest.raises(EmployersError) as err, unit_of_work() as uow:
        service.apply_for_licence(
            uow, sponsor_id=sponsor.id, routes=["skilled-worker"], on=date(1990, 1, 1), actor=OFFICER
        )
    assert err.value.field == "on"
