"""Set-up shared by the officers' form tests: an employer visited with illegal workers found."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.employers import enforcement, penalties

from .helpers import OFFICER, organisation, person

VISIT_DAY = date(2025, 5, 20)
NUMBER = "07654321"


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def visited_employer(workers: int = 1, number: str = NUMBER) -> tuple[str, str]:
    """(organisation id, visit id): illegal working found at the employer's premises on VISIT_DAY."""
    org_id = organisation("Pera Palace Ltd", number)
    people = [person(f"Worker{i}", "Kaya", f"199{i}-01-01") for i in range(workers)]
    with unit_of_work() as uow:
        visit = enforcement.plan_visit(
            uow,
            premises="1 Market Hill, Chatteris",
            region="East of England",
            sector="hospitality",
            planned_on=VISIT_DAY,
            officers=["CIO Jones"],
            actor=OFFICER,
            organisation_id=org_id,
        )
        enforcement.record_visit(
            uow, visit_id=visit.id, visited_on=VISIT_DAY, outcome="illegal-working-found", actor=OFFICER
        )
        for person_id in people:
            enforcement.record_encounter(
                uow, visit_id=visit.id, person_id=person_id, right_to_work="no", actor=OFFICER
            )
        return org_id, visit.id


def issued_penalty(issued_on: date = VISIT_DAY, number: str = NUMBER) -> tuple[str, str]:
    """(organisation id, penalty id) of a first-breach penalty for one worker, issued on `issued_on`."""
    org_id, visit_id = visited_employer(number=number)
    with unit_of_work() as uow:
        penalty = penalties.refer_for_penalty(
            uow, visit_id=visit_id, reported=False, cooperated=False, effective_checks=False, actor=OFFICER
        )
        penalties.issue_penalty(uow, penalty_id=penalty.id, on=issued_on, actor=OFFICER)
        return org_id, penalty.id


def count(model: type, *where: object) -> int:
    with unit_of_work() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def audited(record_type: str, justification: str) -> int:
    return count(AuditEntry, AuditEntry.record_type == record_type, AuditEntry.justification == justification)
