"""Use cases for applications, hearings, orders and notices: each runs in the caller's unit of work,
checks the rules, saves, writes the audit entry and the timeline, and applies the effects on screening."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.orders import agencies, calendar, effects, rules
from portcullis.orders.models import Hearing, Order, OrderApplication
from portcullis.orders.service_support import (
    IN_FORCE,
    OUTCOMES,
    OrdersError,
    _applicant,
    _person,
    _reference,
    actor_label,
    audit_actor,
    dump_conditions,
    fail,
    parse_conditions,
    raise_refusals,
    timeline,
)
from portcullis.orders.types import Applicant, OrderType, Proposal

__all__ = [
    "IN_FORCE",
    "OUTCOMES",
    "OrdersError",
    "actor_label",
    "audit_actor",
    "create_application",
    "dump_conditions",
    "end_order",
    "fail",
    "get_order",
    "issue_dapn",
    "parse_conditions",
    "raise_refusals",
    "record_outcome",
    "schedule_hearing",
    "timeline",
]


def create_application(
    uow: UnitOfWork,
    *,
    order_type: str,
    applicant_agency: str,
    subject_person_id: str,
    actor: Principal,
    with_notice: bool,
    court: str | None = None,
    area: str | None = None,
    applicant_kind: str | None = None,
    protected_person_id: str | None = None,
    terrorism_related: bool = False,
    conditions: list[dict[str, Any]] | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    main_application_id: str | None = None,
    dapn_order_id: str | None = None,
    on: date | None = None,
    snapshot: policy.Snapshot | None = None,
) -> OrderApplication:
    """File an application. Definite refusals raise OrdersError (nothing saved); where a rule cannot decide
    because the law is not known, the application is saved with eligibility 'undetermined' and the reasons."""
    try:
        kind = OrderType(order_type)
    except ValueError:
        raise fail(
            "order_type", f"{order_type!r} is not one of {', '.join(t.value for t in OrderType)}"
        ) from None
    if kind is OrderType.DAPN:
        raise fail("order_type", "a DAPN is given by a police officer (issue_dapn), not applied for")
    on = on or clock.today_in_london()
    snap = snapshot or policy.at(on)
    subject = _person(uow, subject_person_id, "subject_person_id")
    if protected_person_id is not None:
        _person(uow, protected_person_id, "protected_person_id")
    parsed = parse_conditions(conditions)
    main = None
    if kind is OrderType.INTERIM_SCPO:
        main = uow.session.get(OrderApplication, main_application_id) if main_application_id else None
        if main is None or main.order_type != OrderType.SCPO or main.court != "high-court":
            raise fail(
                "main_application_id", "an interim SCPO needs a High Court SCPO application made first"
            )
        if main.status not in ("pending", "adjourned"):
            raise fail("main_application_id", f"the main application is already {main.status}")
        if main.subject_person_id != subject_person_id:
            raise fail("subject_person_id", "the subject must be the subject of the main application")
    applicant = _applicant(applicant_agency, applicant_kind, terrorism_related)
    proposal = Proposal(
        order_type=kind,
        applicant=applicant,
        court=court,
        area=area,
        subject_date_of_birth=subject.date_of_birth,
        starts_on=starts_on,
        ends_on=ends_on,
        conditions=tuple(c.facts(i) for i, c in enumerate(parsed)),
    )
    decision = rules.order_exists(kind, on, snap)
    if not decision.violations:
        decision = (
            rules.check_applicant(proposal, on, snap)
            + rules.check_court(proposal, on, snap)
            + rules.check_ages(proposal, on, snap)
            + rules.check_conditions(kind, proposal.conditions, on, snap)
        )
        if starts_on is not None:
            decision = decision + rules.check_duration(proposal, snap)
    raise_refusals(decision)
    application = OrderApplication(
        reference=_reference(kind.value),
        order_type=kind.value,
        applicant_agency=applicant.agency,
        applicant_kind=applicant.kind,
        subject_person_id=subject.id,
        protected_person_id=protected_person_id,
        court=court,
        area=area,
        with_notice=with_notice,
        terrorism_related=terrorism_related,
        eligibility="undetermined" if decision.undecided else "eligible",
        eligibility_notes=[v.as_dict() for v in decision.violations],
        proposed_conditions=dump_conditions(parsed),
        proposed_starts_on=starts_on,
        proposed_ends_on=ends_on,
        main_application_id=main.id if main else None,
        dapn_order_id=dapn_order_id,
        filed_at=clock.now(),
        created_by=actor_label(actor),
    )
    uow.session.add(application)
    uow.flush()
    notice = "with notice" if with_notice else "without notice"
    timeline(
        uow,
        "filed",
        f"{kind.value.upper()} application filed by {agencies.label(applicant.agency)} ({notice})",
        actor,
        application_id=application.id,
    )
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="order_application",
        record_id=application.id,
        subject_id=subject.id,
        justification="Application for a preventive order",
        details={"order_type": kind.value, "eligibility": application.eligibility},
    )
    return application


def schedule_hearing(
    uow: UnitOfWork,
    *,
    application_id: str,
    scheduled_at: datetime,
    actor: Principal,
    court: str | None = None,
) -> Hearing:
    application = _application(uow, application_id)
    if scheduled_at.tzinfo is None:
        raise fail("scheduled_at", "give a time zone offset")
    hearing = Hearing(
        application_id=application.id,
        scheduled_at=scheduled_at,
        court=court or application.court or "magistrates-court",
    )
    uow.session.add(hearing)
    uow.flush()
    timeline(
        uow,
        "hearing",
        f"Hearing listed for {clock.to_london(scheduled_at):%d %b %Y %H:%M}",
        actor,
        application_id=application.id,
    )
    return hearing


def _application(uow: UnitOfWork, application_id: str) -> OrderApplication:
    application = uow.session.get(OrderApplication, application_id)
    if application is None:
        raise fail("application_id", f"no application {application_id!r}")
    return application


def get_order(uow: UnitOfWork, order_id: str) -> Order:
    order = uow.session.get(Order, order_id)
    if order is None:
        raise fail("order_id", f"no order {order_id!r}")
    return order


def record_outcome(
    uow: UnitOfWork,
    *,
    application_id: str,
    outcome: str,
    actor: Principal,
    hearing_id: str | None = None,
    conditions: list[dict[str, Any]] | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    subject_represented: bool = False,
    snapshot: policy.Snapshot | None = None,
) -> Order | None:
    """The court's decision. Granted: the order is made with its terms (checked against the rules) and its
    effects applied. Determining an SCPO application ends its interim orders; a DAPO application its DAPN."""
    if outcome not in OUTCOMES:
        raise fail("outcome", f"must be one of {', '.join(OUTCOMES)}")
    application = _application(uow, application_id)
    if application.status not in ("pending", "adjourned"):
        raise fail("outcome", f"the application is already {application.status}")
    now = clock.now()
    today = clock.today_in_london()
    hearing = uow.session.get(Hearing, hearing_id) if hearing_id else None
    if hearing is not None:
        hearing.outcome, hearing.outcome_recorded_at, hearing.subject_represented = (
            outcome,
            now,
            subject_represented,
        )
    order = None
    if outcome == "granted":
        order = _make_order(
            uow, application, conditions, starts_on, ends_on, subject_represented, today, snapshot
        )
    application.status = outcome
    if outcome != "adjourned":
        application.determined_at = now
        _end_dependants(uow, application, actor, today)
    timeline(
        uow,
        "outcome",
        f"Application {outcome}" + (f": order {order.reference} made" if order else ""),
        actor,
        application_id=application.id,
        order_id=order.id if order else None,
    )
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="order_application",
        record_id=application.id,
        subject_id=application.subject_person_id,
        justification=f"Court outcome recorded: {outcome}",
        details={"outcome": outcome},
    )
    return order


def _make_order(
    uow: UnitOfWork,
    application: OrderApplication,
    raw_conditions: list[dict[str, Any]] | None,
    starts_on: date | None,
    ends_on: date | None,
    represented: bool,
    today: date,
    snapshot: policy.Snapshot | None,
) -> Order:
    kind = OrderType(application.order_type)
    parsed = parse_conditions(
        raw_conditions if raw_conditions is not None else application.proposed_conditions
    )
    starts_on = starts_on or application.proposed_starts_on or today
    ends_on = ends_on if ends_on is not None else application.proposed_ends_on
    subject = _person(uow, application.subject_person_id, "subject_person_id")
    applicant = Applicant(
        application.applicant_agency,
        application.applicant_kind,
        getattr(agencies.lookup(application.applicant_agency), "areas", ()),
        application.terrorism_related,
    )
    proposal = Proposal(
        order_type=kind,
        applicant=applicant,
        court=application.court,
        area=application.area,
        subject_date_of_birth=subject.date_of_birth,
        starts_on=starts_on,
        ends_on=ends_on,
        conditions=tuple(c.facts(i) for i, c in enumerate(parsed)),
    )
    snap = snapshot or policy.at(today)
    decision = rules.check_duration(proposal, snap) + rules.check_conditions(
        kind, proposal.conditions, today, snap
    )
    if decision.violations:  # the court's terms must be within the law: undecided terms are not made
        raise OrdersError([v.as_dict() for v in decision.violations])
    now = clock.now()
    order = Order(
        reference=_reference(kind.value),
        order_type=kind.value,
        application_id=application.id,
        agency=application.applicant_agency,
        court=application.court,
        subject_person_id=application.subject_person_id,
        protected_person_id=application.protected_person_id,
        status=IN_FORCE,
        made_at=now,
        starts_on=starts_on,
        ends_on=ends_on,
        made_without_notice=not application.with_notice,
        conditions=dump_conditions(parsed),
        represented_at_hearing=now if represented else None,
        area=application.area,
    )
    uow.session.add(order)
    uow.flush()
    effects.apply(uow, order=order)
    audit.record(
        uow,
        actor=audit_actor(),
        operation=audit.Operation.COLLECTION,
        record_type="order",
        record_id=order.id,
        subject_id=order.subject_person_id,
        justification="Order made by the court",
        details={"order_type": kind.value, "reference": order.reference},
    )
    return order


def end_order(uow: UnitOfWork, order: Order, *, status: str, reason: str, on: date, actor: Principal) -> None:
    if order.status != IN_FORCE:
        return
    order.status, order.ended_on, order.ended_reason = status, on, reason
    effects.end(uow, order=order, on=on)
    timeline(uow, status, reason, actor, order_id=order.id)


def _end_dependants(uow: UnitOfWork, application: OrderApplication, actor: Principal, today: date) -> None:
    if application.order_type == OrderType.SCPO:
        interims = uow.session.scalars(
            select(OrderApplication).where(OrderApplication.main_application_id == application.id)
        )
        for interim in interims:
            if interim.status in ("pending", "adjourned"):
                interim.status, interim.determined_at = "withdrawn", clock.now()
            for order in uow.session.scalars(select(Order).where(Order.application_id == interim.id)):
                end_order(
                    uow,
                    order,
                    status="ended",
                    on=today,
                    actor=actor,
                    reason=f"Main SCPO application {application.reference} {application.status}",
                )
    if application.dapn_order_id:
        dapn = uow.session.get(Order, application.dapn_order_id)
        if dapn is not None:
            end_order(
                uow,
                dapn,
                status="ended",
                on=today,
                actor=actor,
                reason=f"DAPO application {application.reference} {application.status}",
            )


def issue_dapn(
    uow: UnitOfWork,
    *,
    issuing_agency: str,
    officer_name: str,
    rank: str,
    area: str,
    subject_person_id: str,
    protected_person_id: str,
    issued_at: datetime,
    conditions: list[dict[str, Any]],
    actor: Principal,
    snapshot: policy.Snapshot | None = None,
) -> Order:
    """A DAPN given by a senior police officer; the DAPO application follows at once, with its deadline."""
    if issued_at.tzinfo is None:
        raise fail("issued_at", "give a time zone offset")
    on = clock.to_london(issued_at).date()
    snap = snapshot or policy.at(on)
    subject = _person(uow, subject_person_id, "subject_person_id")
    protected = _person(uow, protected_person_id, "protected_person_id")
    parsed = parse_conditions(conditions)
    applicant = _applicant(issuing_agency, None, False, rank)
    proposal = Proposal(
        order_type=OrderType.DAPN,
        applicant=applicant,
        area=area,
        subject_date_of_birth=subject.date_of_birth,
        protected_person_date_of_birth=protected.date_of_birth,
        issued_at=issued_at,
        conditions=tuple(c.facts(i) for i, c in enumerate(parsed)),
    )
    decision = rules.check_proposal(proposal, on, snap)
    if decision.violations:  # a notice takes effect at once: it is given only when every rule is satisfied
        raise OrdersError([v.as_dict() for v in decision.violations])
    dapn = Order(
        reference=_reference("dapn"),
        order_type="dapn",
        agency=applicant.agency,
        area=area,
        subject_person_id=subject.id,
        protected_person_id=protected.id,
        status=IN_FORCE,
        made_at=issued_at,
        starts_on=on,
        ends_on=None,
        served_at=issued_at,
        conditions=dump_conditions(parsed),
        issuing_officer=officer_name,
        issuing_rank=rank,
        hearing_by=calendar.dapn_hearing_deadline(issued_at),
    )
    uow.session.add(dapn)
    uow.flush()
    hearing_by = calendar.dapn_hearing_deadline(issued_at)
    timeline(
        uow,
        "issued",
        f"DAPN given by {rank} {officer_name}; hearing by {hearing_by:%d %b %Y %H:%M}",
        actor,
        order_id=dapn.id,
    )
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="order",
        record_id=dapn.id,
        subject_id=subject.id,
        justification="Domestic Abuse Protection Notice given",
        details={"order_type": "dapn", "reference": dapn.reference},
    )
    create_application(
        uow,
        order_type="dapo",
        applicant_agency=issuing_agency,
        subject_person_id=subject.id,
        actor=actor,
        with_notice=True,
        court="magistrates-court",
        area=area,
        protected_person_id=protected.id,
        conditions=conditions,
        dapn_order_id=dapn.id,
        on=on,
        snapshot=snap,
    )
    return dapn
