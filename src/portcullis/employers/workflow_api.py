"""The officers' API: sponsor licensing (`employers.write`) and illegal working enforcement
(`employers.enforce`). Each call is one use case in one unit of work; bad input answers 422 naming the
field, and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from portcullis.core import clock
from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.employers import certificates, enforcement, penalties, rules, service
from portcullis.employers.values import EmployersError

router = APIRouter()
WRITE = require("employers.write")
ENFORCE = require("employers.enforce")


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SponsorIn(In):
    organisation_id: str
    sector: str
    region: str


class ApplicationIn(In):
    routes: list[str]
    on: date


class CosIn(In):
    worker_person_id: str
    kind: Literal["defined", "undefined"]
    new_worker: bool
    job_title: str
    salary: str
    salary_category: str = "general"
    on: date


class AllocationIn(In):
    granted: int = Field(ge=1)
    on: date


class ChangeIn(In):
    kind: Literal["worker", "organisation"]
    change: str
    occurred_on: date
    worker_person_id: str | None = None


class DowngradeIn(In):
    on: date
    months: int
    actions: list[str]


class RevokeIn(In):
    ground: str
    on: date


class VisitIn(In):
    premises: str
    region: str
    sector: str
    planned_on: date
    officers: list[str]
    organisation_id: str | None = None
    intelligence_ref: str | None = None


class OutcomeIn(In):
    visited_on: date
    outcome: str


class EncounterIn(In):
    person_id: str
    right_to_work: Literal["yes", "no", "unknown"]


class ArrestIn(In):
    at: datetime


class ReferralIn(In):
    reported: bool
    cooperated: bool
    effective_checks: bool


class IssueIn(In):
    on: date


class PaymentIn(In):
    amount: str
    paid_on: date


class ObjectionIn(In):
    received_on: date
    grounds: str


class ClosureIn(In):
    organisation_id: str
    premises: str
    issued_at: datetime
    officer_name: str
    officer_rank: str
    conviction: bool = False


class OrderIn(In):
    made_on: date
    months: int


class ExtendIn(In):
    months: int


class DirectorReferralIn(In):
    person_id: str
    organisation_id: str
    referred_on: date
    reason: str


class DisqualificationIn(In):
    years: int
    starts_on: date


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


@router.post("/visits/{visit_id}/penalty", status_code=201)
def refer_penalty(visit_id: str, body: ReferralIn, actor: Principal = Depends(ENFORCE)) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        p = penalties.refer_for_penalty(uow, visit_id=visit_id, actor=actor, **body.model_dump())
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
    return _run(lambda uow: {"id": enforcement.refer_director(uow, actor=actor, **body.model_dump()).id}, 201)


@router.post("/disqualifications/{referral_id}/outcome")
def disqualify(
    referral_id: str, body: DisqualificationIn, actor: Principal = Depends(ENFORCE)
) -> JSONResponse:
    def act(uow: UnitOfWork) -> dict[str, Any]:
        d = enforcement.record_disqualification(
            uow, referral_id=referral_id, years=body.years, starts_on=body.starts_on, actor=actor
        )
        return {"id": d.id, "ends_on": d.ends_on.isoformat() if d.ends_on else None}

    return _run(act)
