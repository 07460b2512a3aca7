"""Illegal working enforcement use cases: visits, people encountered (identity checked through screening),
arrests, evidence with SHA-256 hashes and chain of custody, civil penalties from referral to debt, closure
notices and compliance orders, and director disqualification feeding the disqualified-directors list."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import (
    Organisation,
    PartyError,
    Person,
    find_people_by_document,
    find_people_by_name,
    parse_partial_date,
)
from portcullis.core.settings import get_settings
from portcullis.employers import rules
from portcullis.employers.common import load, log_audit, screen
from portcullis.employers.models import (
    Closure,
    Encounter,
    EnforcementVisit,
    EvidenceFile,
    Penalty,
)
from portcullis.employers.penalties import OPEN_PENALTY, previous_penalty_dates
from portcullis.employers.values import REGIONS, SECTORS, EmployersError
from portcullis.parties import service as parties_service
from portcullis.parties.schemas import DocumentIn, PersonIn
from portcullis.screening import service as screening
from portcullis.travel import evisa_service

VISIT_OUTCOMES = ("illegal-working-found", "no-breach", "no-access")
EVIDENCE_KINDS = ("body-worn-video", "photo")


# --- visits, encounters and arrests


def plan_visit(
    uow: UnitOfWork,
    *,
    premises: str,
    region: str,
    sector: str,
    planned_on: date,
    officers: list[str],
    actor: Principal,
    organisation_id: str | None = None,
    intelligence_ref: str | None = None,
) -> EnforcementVisit:
    if not premises.strip():
        raise EmployersError("premises", "enter the premises address")
    if region not in REGIONS:
        raise EmployersError("region", f"must be one of {', '.join(REGIONS)}")
    if sector not in SECTORS:
        raise EmployersError("sector", f"must be one of {', '.join(SECTORS)}")
    if not [o for o in officers if o.strip()]:
        raise EmployersError("officers", "name at least one officer")
    if organisation_id is not None:
        load(uow.session, Organisation, organisation_id, "organisation_id")
    visit = EnforcementVisit(
        premises=premises.strip(),
        region=region,
        sector=sector,
        planned_on=planned_on,
        officers=[o.strip() for o in officers if o.strip()],
        organisation_id=organisation_id,
        intelligence_ref=intelligence_ref,
    )
    uow.session.add(visit)
    uow.flush()
    return visit


def record_visit(uow: UnitOfWork, *, visit_id: str, visited_on: date, outcome: str, actor: Principal) -> None:
    visit = load(uow.session, EnforcementVisit, visit_id, "visit_id")
    if outcome not in VISIT_OUTCOMES:
        raise EmployersError("outcome", f"must be one of {', '.join(VISIT_OUTCOMES)}")
    if visited_on < visit.planned_on:
        raise EmployersError("visited_on", "is before the planned date")
    visit.visited_on, visit.outcome = visited_on, outcome
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_visit",
        visit.id,
        "Visit outcome recorded",
        outcome=outcome,
    )


def record_encounter(
    uow: UnitOfWork, *, visit_id: str, person_id: str, right_to_work: str, actor: Principal
) -> Encounter:
    """Check the person on the spot against every screening list (immigration and police records held
    there) and their eVisa permissions, and record whether they may work. When the officer answers
    "unknown", a current eVisa permission that allows work settles it as "yes". Audited as a consultation."""
    session = uow.session
    visit = load(session, EnforcementVisit, visit_id, "visit_id")
    person = load(session, Person, person_id, "person_id")
    if right_to_work not in ("yes", "no", "unknown"):
        raise EmployersError("right_to_work", "must be yes, no or unknown")
    on = clock.today_in_london()  # the check is made now, against the lists as they stand today
    subject = screening.SubjectIn(
        kind="person",
        names=[person.full_name],
        date_of_birth=person.date_of_birth,
        nationalities=person.nationality_list,
        identifiers=[d.number for d in person.documents],
        party_id=person.id,
    )
    hits = screen(session, subject, on=on, field="person_id")
    permissions = [
        {
            "type": p.permission_type,
            "valid_until": p.valid_until.isoformat() if p.valid_until else None,
            "work": not any("no work" in c.lower() for c in p.conditions),
        }
        for p in evisa_service.current_permissions(uow, person_id=person.id, on=on)
    ]
    if right_to_work == "unknown" and any(p["work"] for p in permissions):
        right_to_work = "yes"
    encounter = Encounter(
        visit_id=visit.id,
        person_id=person.id,
        checked_at=clock.now(),
        screening_hits=[
            {"list": h.list_name, "reason": h.reason_code, "score": round(h.score, 3)} for h in hits
        ],
        evisa=permissions,
        right_to_work=right_to_work,
        illegal_worker=right_to_work == "no",
    )
    session.add(encounter)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.CONSULTATION,
        "employer_encounter",
        encounter.id,
        "Identity check of a person encountered on an illegal working visit",
        subject_id=person.id,
        hits=len(hits),
    )
    return encounter


def person_encountered(
    uow: UnitOfWork,
    *,
    given_names: str,
    family_name: str,
    date_of_birth: str,
    nationality: str,
    document_number: str,
    actor: Principal,
) -> str:
    """The person an officer names on a visit: the record holding that document number, else the one
    record with that full name and date of birth, else a new record (through the parties service, which
    audits the collection). Returns the person's id for `record_encounter`."""
    if not family_name.strip():
        raise EmployersError("family_name", "enter the person's family name")
    try:
        dob = parse_partial_date(date_of_birth.strip(), today=clock.today_in_london())
    except PartyError as exc:
        raise EmployersError("date_of_birth", str(exc)) from None
    country = nationality.strip().upper()
    if document_number.strip() and not country:
        raise EmployersError("nationality", "enter the nationality of the document's issuing state")
    try:
        data = PersonIn(
            given_names=given_names,
            family_name=family_name,
            date_of_birth=dob,
            nationalities=[country] if country else [],
            documents=(
                [DocumentIn(number=document_number.strip(), issuing_state=country)]
                if document_number.strip()
                else []
            ),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(part) for part in first["loc"]]
        field = {"nationalities": "nationality", "documents": "document_number"}.get(loc[0], loc[0])
        if loc[-1] == "issuing_state":
            field = "nationality"
        raise EmployersError(field, str(first["msg"]).removeprefix("Value error, ")) from None
    session = uow.session
    if document_number.strip():
        found = find_people_by_document(session, document_number)
        if len(found) == 1:
            return found[0].id
    wanted = f"{given_names.strip()} {family_name.strip()}".strip().lower()
    same = [
        p
        for p in find_people_by_name(session, wanted)
        if p.full_name.lower() == wanted and p.date_of_birth == dob
    ]
    if len(same) == 1:
        return same[0].id
    person = parties_service.create_person(
        uow, actor=actor, data=data, justification="Person encountered on an illegal working visit"
    )
    return person.id


def arrest(uow: UnitOfWork, *, encounter_id: str, at: datetime, actor: Principal) -> Encounter:
    encounter = load(uow.session, Encounter, encounter_id, "encounter_id")
    if at.tzinfo is None:
        raise EmployersError("at", "give the time with its time zone, like 2025-06-02T11:00:00+01:00")
    if encounter.arrested:
        raise EmployersError("encounter_id", "this person was already arrested on this visit")
    encounter.arrested, encounter.arrested_at = True, at
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_encounter",
        encounter.id,
        "Arrest recorded",
        subject_id=encounter.person_id,
    )
    return encounter


# --- evidence


def _evidence_dir() -> Path:
    folder = get_settings().var_dir / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def add_evidence(
    uow: UnitOfWork, *, visit_id: str, kind: str, filename: str, content: bytes, actor: Principal
) -> EvidenceFile:
    """Store the file by its SHA-256 (content-addressed, so it cannot be silently replaced) and open the
    chain of custody with the officer who captured it."""
    load(uow.session, EnforcementVisit, visit_id, "visit_id")
    if kind not in EVIDENCE_KINDS:
        raise EmployersError("kind", f"must be one of {', '.join(EVIDENCE_KINDS)}")
    if not content:
        raise EmployersError("content", "the file is empty")
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", Path(filename).name)[:200] or "evidence"
    digest = hashlib.sha256(content).hexdigest()
    path = _evidence_dir() / digest
    if not path.exists():
        path.write_bytes(content)
    evidence = EvidenceFile(
        visit_id=visit_id,
        kind=kind,
        filename=safe_name,
        size_bytes=len(content),
        sha256=digest,
        stored_path=str(path),
        custody=[{"at": clock.now().isoformat(), "by": actor.name, "action": "captured"}],
    )
    uow.session.add(evidence)
    uow.flush()
    return evidence


def current_holder(evidence: EvidenceFile) -> str:
    """Who holds the evidence now: the last transfer's recipient, else the officer who captured it."""
    last = evidence.custody[-1] if evidence.custody else {}
    return str(last.get("to") or last.get("by") or "")


def transfer_evidence(
    uow: UnitOfWork,
    *,
    evidence_id: str,
    from_holder: str,
    to: str,
    at: datetime,
    purpose: str,
    actor: Principal,
) -> EvidenceFile:
    """Add a link to the chain of custody: who handed it over, to whom, when and why. A transfer starts
    from the current holder, and comes after the last link and not in the future."""
    evidence = load(uow.session, EvidenceFile, evidence_id, "evidence_id")
    giver, taker, why = from_holder.strip(), to.strip(), purpose.strip()
    for field, value in (("from_holder", giver), ("to", taker), ("purpose", why)):
        if not value:
            raise EmployersError(field, "is required for the chain of custody")
    holder = current_holder(evidence)
    if giver.casefold() != holder.casefold():
        raise EmployersError(
            "from_holder", f"the evidence is held by {holder}: a transfer starts from its holder"
        )
    if giver.casefold() == taker.casefold():
        raise EmployersError("to", "a transfer goes to someone other than the holder")
    if at.tzinfo is None:
        raise EmployersError("at", "give the time with its time zone")
    last = datetime.fromisoformat(evidence.custody[-1]["at"]) if evidence.custody else None
    if last is not None and at < last:
        raise EmployersError(
            "at", f"the transfer cannot be before the last link, {last.isoformat()[:16]} UTC"
        )
    if at > clock.now():
        raise EmployersError("at", "the transfer cannot be in the future")
    evidence.custody = [
        *evidence.custody,
        {
            "at": at.astimezone(UTC).isoformat(),
            "by": actor.name,
            "action": f"transferred from {giver} to {taker}: {why}",
            "from": giver,
            "to": taker,
            "purpose": why,
        },
    ]
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_evidence",
        evidence.id,
        "Evidence transferred (chain of custody)",
        to=taker,
    )
    return evidence


def verify_evidence(session: Session, *, evidence_id: str) -> bool:
    """True if the stored file still has the hash recorded when it was captured."""
    evidence = load(session, EvidenceFile, evidence_id, "evidence_id")
    path = Path(evidence.stored_path)
    return path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == evidence.sha256


# --- closure notices and compliance orders


def issue_closure_notice(
    uow: UnitOfWork,
    *,
    organisation_id: str,
    premises: str,
    issued_at: datetime,
    officer_name: str,
    officer_rank: str,
    conviction: bool,
    actor: Principal,
) -> Closure:
    session = uow.session
    load(session, Organisation, organisation_id, "organisation_id")
    if not premises.strip():
        raise EmployersError("premises", "enter the premises address")
    if issued_at.tzinfo is None:
        raise EmployersError("issued_at", "give the time with its time zone, like 2025-06-02T09:00:00+01:00")
    on = clock.to_london(issued_at).date()
    found = session.scalar(
        select(EnforcementVisit.id).where(
            EnforcementVisit.organisation_id == organisation_id,
            EnforcementVisit.outcome == "illegal-working-found",
        )
    )
    unpaid = (
        session.scalar(
            select(Penalty.id).where(
                Penalty.organisation_id == organisation_id, Penalty.status.in_(OPEN_PENALTY)
            )
        )
        is not None
    )
    snapshot = policy.at(on)
    decision = rules.closure_notice(
        on=on,
        policy=snapshot,
        officer_rank=officer_rank,
        illegal_working_found=found is not None,
        conviction=conviction,
        penalty_dates=previous_penalty_dates(session, organisation_id),
        unpaid_penalty=unpaid,
    )
    hearing_by, _ = rules.hearing_deadline(issued_at=issued_at, policy=snapshot)
    closure = Closure(
        organisation_id=organisation_id,
        premises=premises.strip(),
        issued_at=issued_at,
        issued_by=officer_name,
        officer_rank=officer_rank,
        hearing_by=hearing_by,
        conditions=list(decision.reasons),
        status="notice",
    )
    session.add(closure)
    uow.flush()
    log_audit(uow, actor, audit.Operation.COLLECTION, "employer_closure", closure.id, "Closure notice issued")
    return closure


def make_compliance_order(
    uow: UnitOfWork, *, closure_id: str, made_on: date, months: int, actor: Principal
) -> Closure:
    closure = load(uow.session, Closure, closure_id, "closure_id")
    if closure.status != "notice":
        raise EmployersError("closure_id", f"a compliance order was already {closure.status}")
    rules.compliance_order(made_on=made_on, months=months, already_months=0, policy=policy.at(made_on))
    closure.status, closure.order_made_on, closure.order_months = "order", made_on, months
    closure.order_ends_on = rules.add_months(made_on, months)
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_closure",
        closure.id,
        "Compliance order made",
        months=months,
    )
    return closure


def extend_compliance_order(uow: UnitOfWork, *, closure_id: str, months: int, actor: Principal) -> Closure:
    closure = load(uow.session, Closure, closure_id, "closure_id")
    if closure.status != "order" or closure.order_made_on is None:
        raise EmployersError("closure_id", "there is no compliance order to extend")
    rules.compliance_order(
        made_on=closure.order_made_on,
        months=months,
        already_months=closure.order_months,
        policy=policy.at(closure.order_made_on),
    )
    closure.order_months += months
    closure.order_ends_on = rules.add_months(closure.order_made_on, closure.order_months)
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_closure",
        closure.id,
        "Compliance order extended",
        months=months,
    )
    return closure
