"""Charter and scheduled removal flights: planning, the manifest built from ready cases, last-minute
removals from the manifest with reasons, and the flight's outcome."""

from __future__ import annotations

from datetime import date

import pycountry
from sqlalchemy import select

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.returns import rules, service
from portcullis.returns.models import Flight, ManifestEntry, RemovalCase
from portcullis.returns.service import ReturnsError


def flight_facts(flight: Flight) -> rules.FlightFacts:
    return rules.FlightFacts(
        status=flight.status,
        capacity=flight.capacity,
        booked=sum(1 for e in flight.manifest if e.status == "booked"),
        destinations=flight.destinations.split(),
        departs_on=flight.departs_on,
    )


def get_flight(uow: UnitOfWork, flight_id: str) -> Flight:
    flight = uow.session.get(Flight, flight_id)
    if flight is None:
        raise service.NotFound(f"no flight {flight_id}")
    return flight


def plan_flight(
    uow: UnitOfWork,
    *,
    actor: Principal,
    kind: str,
    reference: str,
    destinations: list[str],
    departs_on: date,
    capacity: int,
    escorts: int,
) -> Flight:
    problems = []
    if kind not in ("charter", "scheduled"):
        problems.append(rules.Violation("kind", "choose charter or scheduled"))
    if not reference.strip():
        problems.append(rules.Violation("reference", "give the flight a reference"))
    elif uow.session.scalar(select(Flight.id).where(Flight.reference == reference.strip())):
        problems.append(rules.Violation("reference", "a flight with this reference already exists"))
    codes = [d.strip().upper() for d in destinations if d.strip()]
    if not codes:
        problems.append(rules.Violation("destinations", "give at least one destination country"))
    for code in codes:
        if pycountry.countries.get(alpha_3=code) is None:
            problems.append(rules.Violation("destinations", f"{code} is not an ISO 3166 country code"))
    if capacity < 1:
        problems.append(rules.Violation("capacity", "must be at least 1"))
    if escorts < 0:
        problems.append(rules.Violation("escorts", "cannot be negative"))
    if departs_on < clock.today_in_london():
        problems.append(rules.Violation("departs_on", "the departure date is in the past"))
    if problems:
        raise ReturnsError(problems)
    flight = Flight(
        kind=kind,
        reference=reference.strip(),
        destinations=" ".join(codes),
        departs_on=departs_on,
        capacity=capacity,
        escorts=escorts,
    )
    uow.session.add(flight)
    uow.flush()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="removal_flight",
        record_id=flight.id,
        justification="Flight planned",
    )
    return flight


def add_to_manifest(uow: UnitOfWork, *, actor: Principal, flight_id: str, case_id: str) -> ManifestEntry:
    flight = get_flight(uow, flight_id)
    case = service.get_case(uow, case_id)
    already = any(e.case_id == case_id and e.status == "booked" for e in flight.manifest)
    problems = rules.manifest_violations(
        flight_facts(flight), service.facts(case), destination=_destination(uow, case), already_on=already
    )
    if problems:
        raise ReturnsError(problems)
    entry = next((e for e in flight.manifest if e.case_id == case_id), None)
    if entry is None:
        entry = ManifestEntry(case_id=case_id)
        flight.manifest.append(entry)
    entry.status, entry.reason = "booked", None
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="removal_flight",
        record_id=flight.id,
        subject_id=case.person_id,
        justification="Added to the manifest",
    )
    return entry


def build_manifest(uow: UnitOfWork, *, actor: Principal, flight_id: str) -> int:
    """Fill the free seats with ready cases going to the flight's destinations, oldest decision first."""
    flight = get_flight(uow, flight_id)
    on_board = {e.case_id for e in flight.manifest if e.status == "booked"}
    candidates = uow.session.scalars(
        select(RemovalCase)
        .where(RemovalCase.stage.in_(("ready", "removal-directions")), RemovalCase.outcome.is_(None))
        .order_by(RemovalCase.liability_decided_on)
    ).all()
    added = 0
    for case in candidates:
        facts = flight_facts(flight)
        if facts.booked >= facts.capacity:
            break
        if case.id in on_board:
            continue
        destination = _destination(uow, case)
        if rules.manifest_violations(facts, service.facts(case), destination=destination, already_on=False):
            continue
        add_to_manifest(uow, actor=actor, flight_id=flight.id, case_id=case.id)
        added += 1
    return added


def remove_from_manifest(
    uow: UnitOfWork, *, actor: Principal, flight_id: str, case_id: str, reason: str
) -> None:
    if not reason.strip():
        raise ReturnsError.one("reason", "say why the person is coming off the flight")
    flight = get_flight(uow, flight_id)
    entry = next((e for e in flight.manifest if e.case_id == case_id and e.status == "booked"), None)
    if entry is None:
        raise ReturnsError.one("case_id", "the person is not booked on this flight")
    entry.status, entry.reason = "removed", reason.strip()
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="removal_flight",
        record_id=flight.id,
        subject_id=service.get_case(uow, case_id).person_id,
        justification=f"Removed from the manifest: {reason.strip()}",
    )


def record_departure(
    uow: UnitOfWork,
    *,
    actor: Principal,
    flight_id: str,
    on: date,
    disrupted: dict[str, str] | None = None,
    return_type: str = "Enforced return",
) -> int:
    """The flight left: everyone still booked is returned, except those disrupted at the last minute."""
    flight = get_flight(uow, flight_id)
    if flight.status != "planned":
        raise ReturnsError.one("flight", f"the flight is already {flight.status}")
    disrupted = disrupted or {}
    booked = [e for e in flight.manifest if e.status == "booked"]
    unknown = set(disrupted) - {e.case_id for e in booked}
    if unknown:
        raise ReturnsError.one(
            "disrupted", "these cases are not booked on the flight: " + ", ".join(sorted(unknown))
        )
    returned = 0
    for entry in booked:
        if entry.case_id in disrupted:
            entry.status, entry.reason = "disrupted", disrupted[entry.case_id]
            continue
        case = service.get_case(uow, entry.case_id)
        destination = _destination(uow, case) or flight.destinations.split()[0]
        service.record_return(
            uow, actor=actor, case_id=case.id, return_type=return_type, destination=destination, on=on
        )
        entry.status = "returned"
        returned += 1
    flight.status = "departed"
    flight.outcome_note = f"{returned} returned, {len(disrupted)} disrupted"
    return returned


def cancel_flight(uow: UnitOfWork, *, actor: Principal, flight_id: str, reason: str) -> None:
    flight = get_flight(uow, flight_id)
    if flight.status != "planned":
        raise ReturnsError.one("flight", f"the flight is already {flight.status}")
    if not reason.strip():
        raise ReturnsError.one("reason", "say why the flight is cancelled")
    flight.status, flight.outcome_note = "cancelled", reason.strip()
    for entry in flight.manifest:
        if entry.status == "booked":
            entry.status, entry.reason = "removed", "flight cancelled"
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.ALTERATION,
        record_type="removal_flight",
        record_id=flight.id,
        justification=f"Flight cancelled: {reason.strip()}",
    )


def _destination(uow: UnitOfWork, case: RemovalCase) -> str | None:
    if case.destination:
        return case.destination
    person = uow.session.get(Person, case.person_id)
    return person.nationality_list[0] if person and person.nationality_list else None
