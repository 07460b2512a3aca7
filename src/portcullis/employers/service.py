"""Sponsor licence use cases: sponsors, applications (with sanctions, cooling-off and screening), licences,
Certificates of Sponsorship, reporting duties, compliance cases, downgrades with action plans, revocation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import audit, policy
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Organisation
from portcullis.employers import rules
from portcullis.employers.common import bank_holidays, load, log_audit, screen
from portcullis.employers.events import SponsorLicenceRevoked
from portcullis.employers.models import (
    ActionPlan,
    Certificate,
    ComplianceCase,
    Licence,
    LicenceApplication,
    Sanction,
    Sponsor,
)
from portcullis.employers.values import REGIONS, REVOCATION_GROUNDS, ROUTES, SECTORS, EmployersError
from portcullis.screening import service as screening

SCREENING_LISTS = ["disqualified-directors", "banned-sponsors"]


# --- sponsors and licence applications


def register_sponsor(
    uow: UnitOfWork,
    *,
    organisation_id: str,
    sector: str,
    region: str,
    actor: Principal,
    contact_email: str | None = None,
) -> Sponsor:
    load(uow.session, Organisation, organisation_id, "organisation_id")
    if sector not in SECTORS:
        raise EmployersError("sector", f"must be one of {', '.join(SECTORS)}")
    if region not in REGIONS:
        raise EmployersError("region", f"must be one of {', '.join(REGIONS)}")
    if uow.session.scalar(select(Sponsor).where(Sponsor.organisation_id == organisation_id)) is not None:
        raise EmployersError("organisation_id", "this organisation is already registered as a sponsor")
    if contact_email is not None and "@" not in contact_email:
        raise EmployersError("contact_email", "enter an email address like name@example.com")
    sponsor = Sponsor(
        organisation_id=organisation_id,
        sector=sector,
        region=region,
        care=sector == "care",
        contact_email=contact_email,
    )
    uow.session.add(sponsor)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_sponsor",
        sponsor.id,
        "Sponsor registered",
        sector=sector,
    )
    return sponsor


def _subjects(organisation: Organisation) -> list[screening.SubjectIn]:
    subjects = [
        screening.SubjectIn(
            kind="organisation",
            names=[organisation.name],
            identifiers=[organisation.company_number] if organisation.company_number else [],
            party_id=organisation.id,
        )
    ]
    for directorship in organisation.directors:
        if directorship.resigned_on is None:
            person = directorship.person
            subjects.append(
                screening.SubjectIn(
                    kind="person",
                    names=[person.full_name],
                    date_of_birth=person.date_of_birth,
                    nationalities=person.nationality_list,
                    party_id=person.id,
                )
            )
    return subjects


def screen_applicant(session: Session, *, organisation: Organisation, on: date) -> list[screening.Hit]:
    """The organisation and its current directors against disqualified directors and banned sponsors."""
    hits: list[screening.Hit] = []
    for subject in _subjects(organisation):
        field = "organisation_id" if subject.kind == "organisation" else "directors"
        hits += screen(session, subject, on=on, field=field, lists=SCREENING_LISTS)
    return hits


def blocks_for(session: Session, organisation_id: str) -> list[tuple[str, date, date]]:
    found = session.scalars(select(Sanction).where(Sanction.organisation_id == organisation_id))
    return [(f"{s.kind}: {s.reason}", s.starts_on, s.ends_on) for s in found]


def apply_for_licence(
    uow: UnitOfWork, *, sponsor_id: str, routes: list[str], on: date, actor: Principal
) -> LicenceApplication:
    """Refused while a sanction or cooling-off period runs, or if the organisation or a director is on the
    disqualified-directors or banned-sponsors lists; otherwise an A-rated licence is granted."""
    session = uow.session
    sponsor = load(session, Sponsor, sponsor_id, "sponsor_id")
    bad = [r for r in routes if r not in ROUTES]
    if not routes or bad:
        raise EmployersError("routes", f"choose routes from {', '.join(ROUTES)}")
    organisation = load(session, Organisation, sponsor.organisation_id, "organisation_id")
    blocked = rules.application_blocked(on=on, blocks=blocks_for(session, organisation.id))
    hits = screen_applicant(session, organisation=organisation, on=on)
    log_audit(
        uow,
        actor,
        audit.Operation.CONSULTATION,
        "employer_licence_application",
        sponsor.id,
        "Applicant and directors screened before a licence decision",
        hits=len(hits),
    )
    application = LicenceApplication(sponsor_id=sponsor.id, applied_on=on, routes=routes, outcome="granted")
    if not blocked.allowed or hits:
        application.outcome = "refused"
        application.reasons = list(blocked.reasons if not blocked.allowed else ()) + [
            f"on the {h.list_name} list: {h.name} (score {h.score:.2f})" for h in hits
        ]
        if hits:
            end, decision = rules.cooling_off_end(reason="refusal", decided_on=on, policy=policy.at(on))
            session.add(
                Sanction(
                    organisation_id=organisation.id,
                    kind="cooling-off",
                    reason="licence refused",
                    starts_on=on,
                    ends_on=end,
                )
            )
            application.reasons += list(decision.reasons)
    else:
        licence = Licence(
            sponsor_id=sponsor.id,
            number=_licence_number(),
            routes=routes,
            rating="A",
            status="active",
            granted_on=on,
        )
        session.add(licence)
        uow.flush()
        application.licence_id = licence.id
        application.reasons = [
            "no sanction or cooling-off runs and no screening hits: licence granted, A-rated"
        ]
    session.add(application)
    uow.flush()
    return application


def _licence_number() -> str:
    return "SL" + secrets.token_hex(4).upper()


# --- compliance cases, downgrades and action plans


def open_case(
    uow: UnitOfWork,
    *,
    sponsor_id: str,
    kind: str,
    summary: str,
    on: date,
    actor: Principal,
    findings: list[dict[str, str]] | None = None,
) -> ComplianceCase:
    load(uow.session, Sponsor, sponsor_id, "sponsor_id")
    if kind not in ("visit", "complaint-charging-workers", "desk-review"):
        raise EmployersError("kind", "must be visit, complaint-charging-workers or desk-review")
    if not summary.strip():
        raise EmployersError("summary", "describe the visit or complaint")
    case = ComplianceCase(
        sponsor_id=sponsor_id,
        kind=kind,
        opened_on=on,
        officer=actor.name,
        summary=summary.strip(),
        findings=findings or [],
    )
    uow.session.add(case)
    uow.flush()
    return case


def complain_charging_workers(
    uow: UnitOfWork, *, sponsor_id: str, complaint: str, received_on: date, actor: Principal
) -> ComplianceCase:
    """A worker says the sponsor passed on the licence or CoS costs: a compliance case is opened."""
    prohibited = policy.at(received_on).maybe("employers.licence.worker_cost_recovery_prohibited")
    note = (
        f"passing sponsorship costs to workers is prohibited (from {prohibited.effective_from.isoformat()})"
        if prohibited and prohibited.value
        else "received before the prohibition on passing costs to workers applied"
    )
    return open_case(
        uow,
        sponsor_id=sponsor_id,
        kind="complaint-charging-workers",
        summary=complaint,
        on=received_on,
        actor=actor,
        findings=[{"finding": note}],
    )


def downgrade(
    uow: UnitOfWork, *, licence_id: str, on: date, months: int, actions: list[str], actor: Principal
) -> ActionPlan:
    """Downgrade to B with an action plan no longer than the maximum in force on `on`."""
    licence = load(uow.session, Licence, licence_id, "licence_id")
    if licence.status != "active":
        raise EmployersError("licence_id", f"the licence is {licence.status}")
    if not [a for a in actions if a.strip()]:
        raise EmployersError("actions", "list at least one action the sponsor must take")
    snapshot = policy.at(on)
    decision = rules.check_action_plan(starts_on=on, months=months, policy=snapshot)
    due, window = rules.representations_due(notified_on=on, policy=snapshot, bank_holidays=bank_holidays(on))
    plan = ActionPlan(
        licence_id=licence.id,
        notified_on=on,
        representations_due=due,
        starts_on=on,
        months=months,
        ends_on=rules.add_months(on, months),
        actions=[a.strip() for a in actions if a.strip()],
        decision={
            "reasons": list(decision.reasons),
            "parameters": [u.as_dict() for u in (*decision.used, window)],
        },
    )
    licence.rating = "B"
    uow.session.add(plan)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_licence",
        licence.id,
        "Downgraded to B-rating",
        months=months,
    )
    return plan


def record_representations(
    uow: UnitOfWork, *, plan_id: str, text: str, received_on: date, actor: Principal
) -> ActionPlan:
    plan = load(uow.session, ActionPlan, plan_id, "plan_id")
    if received_on > plan.representations_due:
        raise EmployersError(
            "received_on", f"representations were due by {plan.representations_due.isoformat()}"
        )
    if not text.strip():
        raise EmployersError("text", "enter the representations")
    plan.representations = text.strip()
    log_audit(
        uow, actor, audit.Operation.COLLECTION, "employer_action_plan", plan.id, "Representations received"
    )
    return plan


def conclude_action_plan(
    uow: UnitOfWork,
    *,
    plan_id: str,
    outcome: str,
    on: date,
    actor: Principal,
    further_months: int = 0,
    further_actions: list[str] | None = None,
) -> ActionPlan | None:
    """Restore the A-rating, set a further plan (returned), or revoke for failing the plan."""
    plan = load(uow.session, ActionPlan, plan_id, "plan_id")
    if plan.outcome is not None:
        raise EmployersError("plan_id", f"this action plan already ended: {plan.outcome}")
    licence = load(uow.session, Licence, plan.licence_id, "licence_id")
    if outcome in ("restored", "further-plan", "revoked"):
        log_audit(
            uow,
            actor,
            audit.Operation.ALTERATION,
            "employer_action_plan",
            plan.id,
            "Action plan concluded",
            outcome=outcome,
        )
    if outcome == "restored":
        plan.outcome, licence.rating = "restored", "A"
        return None
    if outcome == "further-plan":
        plan.outcome = "further-plan"
        licence.status = "active"
        return downgrade(
            uow,
            licence_id=licence.id,
            on=on,
            months=further_months,
            actions=further_actions or plan.actions,
            actor=actor,
        )
    if outcome == "revoked":
        plan.outcome = "revoked"
        revoke_licence(uow, licence_id=licence.id, ground="C1-action-plan-failed", on=on, actor=actor)
        return None
    raise EmployersError("outcome", "must be restored, further-plan or revoked")


def suspend_licence(uow: UnitOfWork, *, licence_id: str, on: date, reason: str, actor: Principal) -> date:
    """Suspend pending investigation; returns the date representations are due by."""
    licence = load(uow.session, Licence, licence_id, "licence_id")
    if licence.status != "active":
        raise EmployersError("licence_id", f"the licence is {licence.status}")
    if not reason.strip():
        raise EmployersError("reason", "say why the licence is suspended")
    licence.status, licence.suspended_on = "suspended", on
    log_audit(
        uow, actor, audit.Operation.ALTERATION, "employer_licence", licence.id, f"Suspended: {reason.strip()}"
    )
    due, _ = rules.representations_due(notified_on=on, policy=policy.at(on), bank_holidays=bank_holidays(on))
    return due


def reinstate_licence(uow: UnitOfWork, *, licence_id: str, actor: Principal) -> None:
    licence = load(uow.session, Licence, licence_id, "licence_id")
    if licence.status != "suspended":
        raise EmployersError("licence_id", "only a suspended licence can be reinstated")
    licence.status = "active"
    log_audit(uow, actor, audit.Operation.ALTERATION, "employer_licence", licence.id, "Suspension lifted")


@dataclass(frozen=True)
class Revocation:
    licence_id: str
    invalidated_cos: int
    worker_person_ids: tuple[str, ...]
    cooling_off_ends: date
    reasons: tuple[str, ...]


def revoke_licence(
    uow: UnitOfWork, *, licence_id: str, ground: str, on: date, actor: Principal
) -> Revocation:
    """Revoke: assigned CoS become invalid, the workers affected are listed and told to travel by event, a
    cooling-off period starts (longer for a repeat revocation) and the organisation joins banned-sponsors."""
    session = uow.session
    licence = load(session, Licence, licence_id, "licence_id")
    if licence.status == "revoked":
        raise EmployersError("licence_id", "the licence is already revoked")
    if ground not in REVOCATION_GROUNDS:
        raise EmployersError("ground", f"choose one of {', '.join(REVOCATION_GROUNDS)}")
    ground_kind, label = REVOCATION_GROUNDS[ground]
    decision = rules.revocation(ground_kind=ground_kind)
    sponsor = licence.sponsor
    previous = (
        session.scalar(
            select(func.count())
            .select_from(Licence)
            .where(Licence.sponsor_id == sponsor.id, Licence.status == "revoked")
        )
        or 0
    )
    licence.status, licence.revoked_on, licence.revocation_ground = "revoked", on, ground
    workers: list[str] = []
    invalidated = 0
    for cos in session.scalars(
        select(Certificate).where(
            Certificate.licence_id == licence.id, Certificate.status.in_(("assigned", "used"))
        )
    ):
        cos.status = "invalidated"
        invalidated += 1
        if cos.worker_person_id not in workers:
            workers.append(cos.worker_person_id)
    reason = "repeat_revocation" if previous else "revocation"
    ends, cooling = rules.cooling_off_end(reason=reason, decided_on=on, policy=policy.at(on))
    session.add(
        Sanction(
            organisation_id=sponsor.organisation_id,
            kind="cooling-off",
            reason=f"licence {licence.number} revoked ({label})",
            starts_on=on,
            ends_on=ends,
        )
    )
    organisation = load(session, Organisation, sponsor.organisation_id, "organisation_id")
    screening.upsert_internal_entry(
        uow,
        list_name="banned-sponsors",
        source_ref=f"licence:{licence.id}",
        subject=_subjects(organisation)[0],
        reason_code=f"sponsor-licence-revoked:{ground}",
        source="employers",
        valid_from=on,
        valid_to=ends,
    )
    log_audit(
        uow,
        actor,
        audit.Operation.ALTERATION,
        "employer_licence",
        licence.id,
        f"Revoked: {label}",
        ground=ground,
        workers=len(workers),
    )
    uow.publish(
        SponsorLicenceRevoked(
            licence_id=licence.id,
            organisation_id=sponsor.organisation_id,
            worker_person_ids=tuple(workers),
            on=on,
        )
    )
    return Revocation(
        licence_id=licence.id,
        invalidated_cos=invalidated,
        worker_person_ids=tuple(workers),
        cooling_off_ends=ends,
        reasons=(*decision.reasons, label, *cooling.reasons),
    )


def impose_sanction(
    uow: UnitOfWork, *, organisation_id: str, reason: str, on: date, repeat: bool, actor: Principal
) -> Sanction:
    """A sanction for a flagrant breach bars new licence applications for its period."""
    load(uow.session, Organisation, organisation_id, "organisation_id")
    if not reason.strip():
        raise EmployersError("reason", "say which breach is sanctioned")
    months, _ = rules.sanction_months(on=on, policy=policy.at(on), repeat=repeat)
    sanction = Sanction(
        organisation_id=organisation_id,
        kind="sanction",
        reason=reason.strip(),
        starts_on=on,
        ends_on=rules.add_months(on, months),
    )
    uow.session.add(sanction)
    uow.flush()
    log_audit(
        uow,
        actor,
        audit.Operation.COLLECTION,
        "employer_sanction",
        sanction.id,
        "Sanction imposed",
        months=months,
    )
    return sanction
