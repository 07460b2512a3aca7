"""The officers' API: sponsor licensing (`employers.write`) and illegal working enforcement
(`employers.enforce`). Each call is one use case in one unit of work; bad input answers 422 naming the
field, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import JSONResponse

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.employers import certificates, directors, enforcement, penalties, rules, service
from portcullis.employers.schemas import (
    AllocationIn,
    AppealIn,
    ApplicationIn,
    ArrestIn,
    ChangeIn,
    ClosureIn,
    ComplaintIn,
    ConcludeIn,
    CosIn,
    DirectorReferralIn,
    DisqualificationIn,
    DowngradeIn,
    EncounterIn,
    ExtendIn,
    IssueIn,
    ObjectionDecisionIn,
    ObjectionIn,
    OrderIn,
    OutcomeIn,
    PaymentIn,
    ReferralIn,
    RepresentationsIn,
    RevokeIn,
    SanctionIn,
    SponsorIn,
    SuspendIn,
    TransferIn,
    VisitIn,
)
from portcullis.employers.values import EmployersError, ExcuseClaim

router = APIRouter()
WRITE = require("employers.write")
ENFORCE = require("employers.enforce")


def _run(action: Callable[[UnitOfWork], dict[str, Any]], status: int = 200) -> JSONResponse:
    try:
        with unit_of_work() as uow:
            body = action(uow)
    except EmployersError as exc:
        return JSONResponse(
            {"detail": f"{exc.field}: {exc.reason}", "errors": [{"field": exc.field, "reason": exc.reason}]},
            status_code=422,
        )
    return JSONResponse(body, status_code=status)


# --- sponsor licensing


@router.post("/sponsors", status_code=201)
def register_sponsor(body: SponsorIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    return _run(lambda uow: {"id": service.register_sponsor(uow, actor=actor, **body.model_dump()).id}, 201)


@router.post("/sponsors/{sponsor_id}/applications", status_code=201)
def apply(sponsor_id: str, body: ApplicationIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        a = service.apply_for_licence(uow, sponsor_id=sponsor_id, routes=body.routes, on=body.on, actor=actor)
        return {"id": a.id, "outcome": a.outcome, "reasons": a.reasons, "licence_id": a.licence_id}

    return _run(act, 201)


@router.post("/licences/{licence_id}/allocations", status_code=201)
def allocate(licence_id: str, body: AllocationIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        a = certificates.grant_allocation(
            uow, licence_id=licence_id, granted=body.granted, on=body.on, actor=actor
        )
        return {"id": a.id, "granted": a.granted, "ends_on": a.ends_on.isoformat()}

    return _run(act, 201)


@router.post("/licences/{licence_id}/cos", status_code=201)
def assign_cos(licence_id: str, body: CosIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        c = certificates.assign_cos(uow, licence_id=licence_id, actor=actor, **body.model_dump())
        return {"id": c.id, "reference": c.reference, "use_by": c.use_by.isoformat(), "decision": c.decision}

    return _run(act, 201)


@router.post("/licences/{licence_id}/changes", status_code=201)
def record_change(licence_id: str, body: ChangeIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        d = certificates.record_change(uow, licence_id=licence_id, actor=actor, **body.model_dump())
        return {"id": d.id, "due_on": d.due_on.isoformat()}

    return _run(act, 201)


@router.get("/reporting/overdue")
def overdue(on: date | None = None, _: Principal = Depends(require("employers.read"))) -> JSONResponse:
    day = on or clock.today_in_london()
    return _run(
        lambda uow: {
            "on": day.isoformat(),
            "overdue": [
                {
                    "id": d.id,
                    "licence_id": d.licence_id,
                    "kind": d.kind,
                    "change": d.change,
                    "due_on": d.due_on.isoformat(),
                }
                for d in certificates.overdue_duties(uow.session, on=day)
            ],
        }
    )


@router.post("/licences/{licence_id}/downgrade", status_code=201)
def downgrade(licence_id: str, body: DowngradeIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        p = service.downgrade(uow, licence_id=licence_id, actor=actor, **body.model_dump())
        return {
            "id": p.id,
            "ends_on": p.ends_on.isoformat(),
            "representations_due": p.representations_due.isoformat(),
            "decision": p.decision,
        }

    return _run(act, 201)


@router.post("/licences/{licence_id}/revoke")
def revoke(licence_id: str, body: RevokeIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        r = service.revoke_licence(uow, licence_id=licence_id, ground=body.ground, on=body.on, actor=actor)
        return {
            "licence_id": r.licence_id,
            "invalidated_cos": r.invalidated_cos,
            "worker_person_ids": list(r.worker_person_ids),
            "cooling_off_ends": r.cooling_off_ends.isoformat(),
            "reasons": list(r.reasons),
        }

    return _run(act)


@router.post("/action-plans/{plan_id}/representations")
def representations(plan_id: str, body: RepresentationsIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    return _run(
        lambda uow: {
            "id": service.record_representations(uow, plan_id=plan_id, actor=actor, **body.model_dump()).id
        }
    )


@router.post("/action-plans/{plan_id}/outcome")
def conclude(plan_id: str, body: ConcludeIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        further = service.conclude_action_plan(uow, plan_id=plan_id, actor=actor, **body.model_dump())
        return {"id": plan_id, "outcome": body.outcome, "further_plan_id": further.id if further else None}

    return _run(act)


@router.post("/licences/{licence_id}/suspend")
def suspend(licence_id: str, body: SuspendIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        due = service.suspend_licence(uow, licence_id=licence_id, on=body.on, reason=body.reason, actor=actor)
        return {"id": licence_id, "status": "suspended", "representations_due": due.isoformat()}

    return _run(act)


@router.post("/sponsors/{sponsor_id}/complaints", status_code=201)
def complaint(sponsor_id: str, body: ComplaintIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        case = service.complain_charging_workers(uow, sponsor_id=sponsor_id, actor=actor, **body.model_dump())
        return {"id": case.id, "kind": case.kind, "findings": case.findings}

    return _run(act, 201)


@router.post("/sanctions", status_code=201)
def sanction(body: SanctionIn, actor: Principal = Depends(WRITE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        s = service.impose_sanction(uow, actor=actor, **body.model_dump())
        return {"id": s.id, "ends_on": s.ends_on.isoformat()}

    return _run(act, 201)


# --- illegal working enforcement


@router.post("/visits", status_code=201)
def plan_visit(body: VisitIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    return _run(lambda uow: {"id": enforcement.plan_visit(uow, actor=actor, **body.model_dump()).id}, 201)


@router.post("/visits/{visit_id}/outcome")
def visit_outcome(visit_id: str, body: OutcomeIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        enforcement.record_visit(uow, visit_id=visit_id, actor=actor, **body.model_dump())
        return {"id": visit_id, "outcome": body.outcome}

    return _run(act)


@router.post("/visits/{visit_id}/encounters", status_code=201)
def encounter(visit_id: str, body: EncounterIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        e = enforcement.record_encounter(uow, visit_id=visit_id, actor=actor, **body.model_dump())
        return {
            "id": e.id,
            "right_to_work": e.right_to_work,
            "illegal_worker": e.illegal_worker,
            "screening_hits": e.screening_hits,
            "evisa": e.evisa,
        }

    return _run(act, 201)


@router.post("/encounters/{encounter_id}/arrest")
def arrest(encounter_id: str, body: ArrestIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        e = enforcement.arrest(uow, encounter_id=encounter_id, at=body.at, actor=actor)
        return {"id": e.id, "arrested": e.arrested}

    return _run(act)


@router.post("/visits/{visit_id}/evidence", status_code=201)
async def evidence(
    visit_id: str,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    actor: Principal = Depends(ENFORCE),
) -> JSONResponse:
    content = await file.read()

    def act(uow: UnitOfWork) -> dict[str, Any]:
        e = enforcement.add_evidence(
            uow,
            visit_id=visit_id,
            kind=kind,
            filename=file.filename or "evidence",
            content=content,
            actor=actor,
        )
        return {"id": e.id, "sha256": e.sha256, "size_bytes": e.size_bytes, "custody": e.custody}

    return _run(act, 201)


@router.post("/evidence/{evidence_id}/transfers", status_code=201)
def transfer(evidence_id: str, body: TransferIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        e = enforcement.transfer_evidence(uow, evidence_id=evidence_id, actor=actor, **body.model_dump())
        return {"id": e.id, "holder": enforcement.current_holder(e), "custody": e.custody}

    return _run(act, 201)


@router.post("/visits/{visit_id}/penalty", status_code=201)
def refer_penalty(visit_id: str, body: ReferralIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        claims = [ExcuseClaim(**e.model_dump(), prefix=f"excuses[{i}].") for i, e in enumerate(body.excuses)]
        p = penalties.refer_for_penalty(
            uow,
            visit_id=visit_id,
            actor=actor,
            reported=body.reported,
            cooperated=body.cooperated,
            effective_checks=body.effective_checks,
            excuses=claims,
        )
        return {
            "id": p.id,
            "breach": p.breach,
            "workers": p.workers,
            "total": rules.money(p.total),
            "calculation": p.calculation,
        }

    return _run(act, 201)


@router.post("/penalties/{penalty_id}/issue")
def issue(penalty_id: str, body: IssueIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    return _run(
        lambda uow: {
            "id": penalty_id,
            "status": penalties.issue_penalty(uow, penalty_id=penalty_id, on=body.on, actor=actor).status,
        }
    )


@router.post("/penalties/{penalty_id}/payments")
def pay(penalty_id: str, body: PaymentIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        p = penalties.record_payment(
            uow, penalty_id=penalty_id, amount=body.amount, paid_on=body.paid_on, actor=actor
        )
        return {"id": p.id, "status": p.status, "paid": rules.money(p.paid)}

    return _run(act)


@router.post("/penalties/{penalty_id}/objection")
def object_(penalty_id: str, body: ObjectionIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    return _run(
        lambda uow: {
            "id": penalty_id,
            "status": penalties.object_to_penalty(
                uow, penalty_id=penalty_id, received_on=body.received_on, grounds=body.grounds, actor=actor
            ).status,
        }
    )


@router.post("/penalties/{penalty_id}/instalments")
def instalments(penalty_id: str, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    return _run(
        lambda uow: {
            "id": penalty_id,
            "status": penalties.agree_instalments(uow, penalty_id=penalty_id, actor=actor).status,
        }
    )


@router.post("/penalties/{penalty_id}/objection/decision")
def decide(penalty_id: str, body: ObjectionDecisionIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        p = penalties.decide_objection(uow, penalty_id=penalty_id, actor=actor, **body.model_dump())
        return {"id": p.id, "status": p.status, "total": rules.money(p.total)}

    return _run(act)


@router.post("/penalties/{penalty_id}/appeal")
def appeal(penalty_id: str, body: AppealIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    return _run(
        lambda uow: {
            "id": penalty_id,
            "status": penalties.lodge_appeal(
                uow, penalty_id=penalty_id, lodged_on=body.lodged_on, actor=actor
            ).status,
        }
    )


@router.post("/closures", status_code=201)
def closure(body: ClosureIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        c = enforcement.issue_closure_notice(uow, actor=actor, **body.model_dump())
        return {"id": c.id, "hearing_by": c.hearing_by.isoformat(), "conditions": c.conditions}

    return _run(act, 201)


@router.post("/closures/{closure_id}/order")
def order(closure_id: str, body: OrderIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        c = enforcement.make_compliance_order(
            uow, closure_id=closure_id, made_on=body.made_on, months=body.months, actor=actor
        )
        return {"id": c.id, "order_ends_on": c.order_ends_on.isoformat() if c.order_ends_on else None}

    return _run(act)


@router.post("/closures/{closure_id}/extend")
def extend(closure_id: str, body: ExtendIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        c = enforcement.extend_compliance_order(uow, closure_id=closure_id, months=body.months, actor=actor)
        return {"id": c.id, "order_ends_on": c.order_ends_on.isoformat() if c.order_ends_on else None}

    return _run(act)


@router.post("/disqualifications", status_code=201)
def refer_director(body: DirectorReferralIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    return _run(lambda uow: {"id": directors.refer_director(uow, actor=actor, **body.model_dump()).id}, 201)


@router.post("/disqualifications/{referral_id}/outcome")
def disqualify(
    referral_id: str, body: DisqualificationIn, actor: Principal = Depends(ENFORCE)
) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        d = directors.record_disqualification(
            uow, referral_id=referral_id, years=body.years, starts_on=body.starts_on, actor=actor
        )
        return {"id": d.id, "ends_on": d.ends_on.isoformat() if d.ends_on else None}

    return _run(act)
