"""Removal casework: load, apply the rules, save, audit and tell screening, in one transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.returns import rules
from portcullis.returns.models import (
    CaseBarrier,
    Flight,
    ManifestEntry,
    RemovalCase,
    RemovalOrder,
    ReturnRecord,
)
from portcullis.screening import service as screening

DEPORTATION_LIST = "deportation-exclusion"


class ReturnsError(ValueError):
    """Bad input: carries every violation, each naming its field."""

    def __init__(self, violations: list[rules.Violation]) -> None:
        self.violations = violations
        super().__init__("; ".join(f"{v.field}: {v.reason}" for v in violations))

    @classmethod
    def one(cls, field: str, reason: str) -> ReturnsError:
        return cls([rules.Violation(field, reason)])


class NotFound(LookupError):
    pass


def _audit(
    uow: UnitOfWork,
    actor: Principal,
    op: audit.Operation,
    record_type: str,
    record_id: str,
    subject_id: str | None,
    why: str,
    **details: object,
) -> None:
    audit.record(
        uow,
        actor=actor,
        operation=op,
        record_type=record_type,
        record_id=record_id,
        subject_id=subject_id,
        justification=why,
        details=dict(details),
    )


def facts(case: RemovalCase) -> rules.CaseFacts:
    return rules.CaseFacts(
        liability_decided_on=case.liability_decided_on,
        travel_document=case.travel_document,
        open_barriers=tuple(b.kind for b in case.barriers if b.resolved_on is None),
        removal_directions_on=case.removal_directions_on,
        outcome=case.outcome,
        return_type=case.return_type,
    )


def _restage(case: RemovalCase) -> None:
    case.stage = rules.stage_of(facts(case))


def get_case(uow: UnitOfWork, case_id: str) -> RemovalCase:
    case = uow.session.get(RemovalCase, case_id)
    if case is None:
        raise NotFound(f"no removal case {case_id}")
    return case


def open_case(
    uow: UnitOfWork,
    *,
    actor: Principal,
    person_id: str,
    category: str,
    team: str = "national-returns-command",
) -> RemovalCase:
    if category not in rules.CATEGORIES:
        raise ReturnsError.one("category", f"choose one of: {', '.join(rules.CATEGORIES)}")
    if uow.session.get(Person, person_id) is None:
        raise ReturnsError.one("person_id", "no person with that id")
    open_cases = uow.session.scalar(
        select(func.count())
        .select_from(RemovalCase)
        .where(RemovalCase.person_id == person_id, RemovalCase.outcome.is_(None))
    )
    if open_cases:
        raise ReturnsError.one("person_id", "this person already has an open removal case")
    case = RemovalCase(person_id=person_id, category=category, team=team, stage="awaiting-liability-decision")
    uow.session.add(case)
    uow.flush()
    _audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "removal_case",
        case.id,
        person_id,
        "Opened a removal case",
        category=category,
    )
    return case


def view_case(uow: UnitOfWork, *, actor: Principal, case_id: str, justification: str) -> RemovalCase:
    case = get_case(uow, case_id)
    _audit(uow, actor, audit.Operation.CONSULTATION, "removal_case", case.id, case.person_id, justification)
    return case


def decide_liability(
    uow: UnitOfWork, *, actor: Principal, case_id: str, decided_on: date, basis: str
) -> None:
    case = get_case(uow, case_id)
    if not basis.strip():
        raise ReturnsError.one("basis", "say why the person is liable to removal")
    if decided_on > clock.today_in_london():
        raise ReturnsError.one("decided_on", "the decision date is in the future")
    if case.outcome is not None:
        raise ReturnsError.one("case_id", "the case is closed")
    case.liability_decided_on, case.liability_basis = decided_on, basis.strip()
    _restage(case)
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_case",
        case.id,
        case.person_id,
        "Liability decision recorded",
    )


def update_travel_document(uow: UnitOfWork, *, actor: Principal, case_id: str, state: str, on: date) -> None:
    if state not in rules.TRAVEL_DOCUMENT_STATES:
        raise ReturnsError.one("state", f"choose one of: {', '.join(rules.TRAVEL_DOCUMENT_STATES)}")
    case = get_case(uow, case_id)
    case.travel_document, case.travel_document_on = state, on
    _restage(case)
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_case",
        case.id,
        case.person_id,
        "Travel document status updated",
        state=state,
    )


def detain(uow: UnitOfWork, *, actor: Principal, case_id: str, on: date) -> None:
    case = get_case(uow, case_id)
    if case.detained_from is not None and case.detained_until is None:
        raise ReturnsError.one("case_id", "the person is already detained")
    case.detained_from, case.detained_until = on, None
    _audit(uow, actor, audit.Operation.ALTERATION, "removal_case", case.id, case.person_id, "Detained")


def release(uow: UnitOfWork, *, actor: Principal, case_id: str, on: date) -> None:
    case = get_case(uow, case_id)
    if case.detained_from is None or case.detained_until is not None:
        raise ReturnsError.one("case_id", "the person is not detained")
    if on < case.detained_from:
        raise ReturnsError.one("on", "release cannot be before detention")
    case.detained_until = on
    _audit(uow, actor, audit.Operation.ALTERATION, "removal_case", case.id, case.person_id, "Released")


def raise_barrier(uow: UnitOfWork, *, actor: Principal, case_id: str, kind: str, on: date) -> None:
    if kind not in rules.BARRIERS:
        raise ReturnsError.one("kind", f"choose one of: {', '.join(rules.BARRIERS)}")
    case = get_case(uow, case_id)
    case.barriers.append(CaseBarrier(kind=kind, raised_on=on))
    case.removal_directions_on = None  # a new barrier stops any set removal
    _restage(case)
    for entry in _booked_entries(uow, case.id):
        entry.status, entry.reason = "removed", f"barrier raised: {rules.BARRIERS[kind].lower()}"
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_case",
        case.id,
        case.person_id,
        "Barrier raised",
        kind=kind,
    )


def resolve_barrier(
    uow: UnitOfWork, *, actor: Principal, case_id: str, barrier_id: int, on: date, resolution: str
) -> None:
    case = get_case(uow, case_id)
    barrier = next((b for b in case.barriers if b.id == barrier_id), None)
    if barrier is None or barrier.resolved_on is not None:
        raise ReturnsError.one("barrier_id", "no open barrier with that id on this case")
    if not resolution.strip():
        raise ReturnsError.one("resolution", "say how the barrier was resolved")
    barrier.resolved_on, barrier.resolution = on, resolution.strip()
    _restage(case)
    _audit(
        uow, actor, audit.Operation.ALTERATION, "removal_case", case.id, case.person_id, "Barrier resolved"
    )


def set_removal_directions(uow: UnitOfWork, *, actor: Principal, case_id: str, directions_on: date) -> None:
    case = get_case(uow, case_id)
    problems = rules.removal_directions_violations(
        facts(case), on=clock.today_in_london(), directions_on=directions_on
    )
    if problems:
        raise ReturnsError(problems)
    case.removal_directions_on = directions_on
    _restage(case)
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_case",
        case.id,
        case.person_id,
        "Removal directions set",
    )


def record_return(
    uow: UnitOfWork, *, actor: Principal, case_id: str, return_type: str, destination: str, on: date
) -> ReturnRecord:
    """Close the case as returned and count it in the statistics (no names in the statistics row)."""
    case = get_case(uow, case_id)
    snapshot = policy.at(on)
    problems = rules.return_violations(facts(case), return_type=return_type, snapshot=snapshot)
    if on > clock.today_in_london():
        problems.append(rules.Violation("on", "the return date is in the future"))
    if problems:
        raise ReturnsError(problems)
    person = uow.session.get(Person, case.person_id)
    assert person is not None
    nationality = (person.nationality_list or ["XXX"])[0]
    case.outcome, case.outcome_on, case.return_type, case.destination = (
        "returned",
        on,
        return_type,
        destination,
    )
    _restage(case)
    record = ReturnRecord(
        case_id=case.id,
        returned_on=on,
        year=on.year,
        quarter=rules.quarter_of(on)[1],
        nationality=nationality,
        region=rules.region_of(nationality, snapshot),
        return_type_group=snapshot.get(rules.RETURN_TYPES_PARAM)[return_type],
        return_type=return_type,
        age_band=rules.age_band(person.date_of_birth, on, snapshot),
        sex={"M": "Male", "F": "Female"}.get(person.sex or "", "Other or unknown"),
        destination=destination,
        destination_group=rules.destination_group(nationality, destination),
        foreign_national_offender=case.category == "foreign-national-offender",
    )
    uow.session.add(record)
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_case",
        case.id,
        case.person_id,
        "Return recorded",
        return_type=return_type,
    )
    return record


def close_case(uow: UnitOfWork, *, actor: Principal, case_id: str, outcome: str, on: date) -> None:
    if outcome not in rules.OUTCOMES or outcome == "returned":
        raise ReturnsError.one("outcome", "choose released, granted-leave or absconded (use record_return)")
    case = get_case(uow, case_id)
    if case.outcome is not None:
        raise ReturnsError.one("case_id", "the case is already closed")
    case.outcome, case.outcome_on = outcome, on
    _restage(case)
    for entry in _booked_entries(uow, case.id):
        entry.status, entry.reason = "removed", f"case closed: {rules.OUTCOMES[outcome].lower()}"
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_case",
        case.id,
        case.person_id,
        "Case closed",
        outcome=outcome,
    )


def _booked_entries(uow: UnitOfWork, case_id: str) -> list[ManifestEntry]:
    return list(
        uow.session.scalars(
            select(ManifestEntry)
            .join(Flight)
            .where(
                ManifestEntry.case_id == case_id, ManifestEntry.status == "booked", Flight.status == "planned"
            )
        )
    )


def make_removal_order(
    uow: UnitOfWork,
    *,
    actor: Principal,
    person_id: str,
    kind: str,
    made_on: date,
    reason: str,
    case_id: str | None = None,
) -> RemovalOrder:
    """A deportation or exclusion order; the person goes on the screening list the ETA decision and the
    carrier check consult, in the same transaction."""
    if kind not in ("deportation", "exclusion"):
        raise ReturnsError.one("kind", "choose deportation or exclusion")
    if not reason.strip():
        raise ReturnsError.one("reason", "give the grounds for the order")
    if made_on > clock.today_in_london():
        raise ReturnsError.one("made_on", "the date is in the future")
    person = uow.session.get(Person, person_id)
    if person is None:
        raise ReturnsError.one("person_id", "no person with that id")
    order = RemovalOrder(
        person_id=person_id, kind=kind, made_on=made_on, reason=reason.strip(), case_id=case_id
    )
    uow.session.add(order)
    uow.flush()
    screening.upsert_internal_entry(
        uow,
        list_name=DEPORTATION_LIST,
        source_ref=f"removal-order:{order.id}",
        subject=_subject(person),
        reason_code=f"{kind}-order",
        source="returns",
        valid_from=made_on,
        valid_to=None,
    )
    _audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "removal_order",
        order.id,
        person_id,
        f"{kind.capitalize()} order made",
        kind=kind,
    )
    return order


def revoke_removal_order(uow: UnitOfWork, *, actor: Principal, order_id: str, on: date, reason: str) -> None:
    order = uow.session.get(RemovalOrder, order_id)
    if order is None:
        raise ReturnsError.one("order_id", "no such order")
    if order.revoked_on is not None:
        raise ReturnsError.one("order_id", "the order is already revoked")
    if not reason.strip():
        raise ReturnsError.one("reason", "say why the order is revoked")
    order.revoked_on = on
    screening.end_internal_entry(
        uow, list_name=DEPORTATION_LIST, source_ref=f"removal-order:{order.id}", on=on
    )
    _audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "removal_order",
        order.id,
        order.person_id,
        f"Order revoked: {reason.strip()}",
    )


def _subject(person: Person) -> screening.SubjectIn:
    return screening.SubjectIn(
        kind="person",
        names=[person.full_name, *[a.name for a in person.aliases]],
        date_of_birth=person.date_of_birth,
        nationalities=person.nationality_list,
        identifiers=[d.number for d in person.documents],
        party_id=person.id,
    )
