"""The screening API: online matching, guarded and audited."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from portcullis.core import audit, clock, policy
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.policy import ParameterNotInForce
from portcullis.screening import rules, service
from portcullis.screening.schemas import Candidate, MatchRequest, MatchResponse
from portcullis.screening.subjects import ScreeningInputError

router = APIRouter(prefix="/api/v1/screening", tags=["screening"])


@router.post("/match", response_model=MatchResponse)
def match(body: MatchRequest, principal: Principal = Depends(require("screening.match"))) -> object:
    """Ranked candidates with scores (0..1) and per-feature explanations. Each call is audited."""
    on = clock.today_in_london()
    subject = service.SubjectIn(
        kind=body.kind,
        names=body.names,
        date_of_birth=body.date_of_birth,
        nationalities=body.nationalities,
        identifiers=body.identifiers,
    )
    try:
        with unit_of_work() as uow:
            hits = service.match(uow.session, subject, on=on, lists=body.lists, limit=body.limit)
            threshold = None
            if body.use is not None:
                threshold = rules.threshold(body.use, on=on, snapshot=policy.at(on))
                hits = [h for h in hits if rules.is_hit(h.score, threshold)]
            audit.record(
                uow,
                actor=principal,
                operation=audit.Operation.CONSULTATION,
                record_type="screening_match",
                record_id=None,
                justification=body.justification,
                details={
                    "candidates": len(hits),
                    "use": body.use,
                    "lists": body.lists or [],
                    "entry_ids": [h.entry_id for h in hits],
                },
            )
    except ScreeningInputError as exc:
        return JSONResponse(
            status_code=422, content={"detail": "The subject is not valid", "errors": exc.errors}
        )
    except ParameterNotInForce as exc:
        return JSONResponse(
            status_code=422, content={"detail": str(exc), "errors": [{"field": "use", "reason": str(exc)}]}
        )
    return MatchResponse(
        candidates=[
            Candidate(
                entry_id=h.entry_id,
                list=h.list_name,
                reason_code=h.reason_code,
                name=h.name,
                score=h.score,
                explanation=h.explanation,
            )
            for h in hits
        ],
        threshold=threshold.as_dict() if threshold is not None else None,
    )
