"""Employers API: right-to-work checks for employer accounts, and the civil penalty and action plan rules."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from portcullis.core import clock, policy
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.employers import right_to_work, rules
from portcullis.employers.allocation_api import router as allocation_router
from portcullis.employers.schemas import (
    ActionPlanMaxOut,
    PenaltyIn,
    PenaltyOut,
    RightToWorkIn,
    RightToWorkOut,
)
from portcullis.employers.values import EmployersError
from portcullis.employers.workflow_api import router as workflow_router

router = APIRouter(prefix="/api/v1/employers", tags=["employers"])
router.include_router(workflow_router)
router.include_router(allocation_router)


def _error(field: str, reason: str, status: int = 422) -> JSONResponse:
    return JSONResponse(
        {"detail": f"{field}: {reason}", "errors": [{"field": field, "reason": reason}]}, status_code=status
    )


@router.post("/right-to-work/checks", status_code=201, response_model=RightToWorkOut)
def check_right_to_work(
    body: RightToWorkIn, principal: Principal = Depends(require("employers.rtw.check"))
) -> RightToWorkOut | JSONResponse:
    """Check a share code and date of birth; the saved check is the employer's statutory excuse."""
    try:
        with unit_of_work() as uow:
            record = right_to_work.check(
                uow, code=body.share_code, date_of_birth=body.date_of_birth, checker=principal
            )
            return RightToWorkOut.model_validate(record)
    except EmployersError as exc:
        return _error(exc.field, exc.reason)


@router.get("/right-to-work/checks", response_model=list[RightToWorkOut])
def list_checks(
    follow_up_due: bool = False, principal: Principal = Depends(require("employers.rtw.check"))
) -> list[RightToWorkOut]:
    """The account's checks, newest first; `follow_up_due=true` gives those needing a check again by today."""
    with unit_of_work() as uow:
        if follow_up_due:
            found = right_to_work.follow_ups_due(uow.session, principal=principal, on=clock.today_in_london())
        else:
            found = right_to_work.list_for(uow.session, principal=principal)
        right_to_work.audit_listing(
            uow,
            records=found,
            principal=principal,
            purpose="Employer listed their right to work checks through the API",
        )
        return [RightToWorkOut.model_validate(r) for r in found]


@router.get("/right-to-work/checks/{record_id}", response_model=RightToWorkOut)
def get_check(
    record_id: str, principal: Principal = Depends(require("employers.rtw.check"))
) -> RightToWorkOut | JSONResponse:
    try:
        with unit_of_work() as uow:
            record = right_to_work.get(
                uow,
                record_id=record_id,
                principal=principal,
                purpose="Employer fetched their right to work check through the API",
            )
            return RightToWorkOut.model_validate(record)
    except EmployersError as exc:
        return _error(exc.field, exc.reason, status=404)


@router.post("/penalties/calculate", response_model=PenaltyOut)
def calculate_penalty(
    body: PenaltyIn, _: Principal = Depends(require("employers.read"))
) -> PenaltyOut | JSONResponse:
    """The code of practice's calculation on a date (no record is made)."""
    try:
        decision = rules.civil_penalty(
            on=body.on,
            policy=policy.at(body.on),
            breach=body.breach,
            workers=body.workers,
            reported=body.reported,
            cooperated=body.cooperated,
            effective_checks=body.effective_checks,
        )
    except EmployersError as exc:
        return _error(exc.field, exc.reason)
    except ParameterNotInForce as exc:
        return _error("on", str(exc))
    return PenaltyOut.model_validate(decision.as_dict())


@router.get("/action-plans/maximum", response_model=ActionPlanMaxOut)
def action_plan_maximum(
    on: date, _: Principal = Depends(require("employers.read"))
) -> ActionPlanMaxOut | JSONResponse:
    try:
        months, used = rules.action_plan_maximum(on=on, policy=policy.at(on))
    except ParameterNotInForce as exc:
        return _error("on", str(exc))
    return ActionPlanMaxOut.model_validate(
        {"on": on, "months": months, "verified": used.verified, "references": rules.references_of([used])}
    )
