"""Policing API: the settlement for a year (with what-ifs) and a force's measures against national and most
similar forces. Force users see their own force only."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.policing import forces, measures, rules, service
from portcullis.policing.values import GRANT_LINES, Scenario

router = APIRouter(prefix="/api/v1/policing", tags=["policing"])


def _error(field: str, reason: str, status: int = 422) -> JSONResponse:
    return JSONResponse(
        {"detail": f"{field}: {reason}", "errors": [{"field": field, "reason": reason}]}, status_code=status
    )


@router.get("/settlement/{year}")
def settlement(year: str, request: Request, principal: Principal = Depends(require("policing.read"))) -> Any:
    """Every force's grant lines, precept and totals, reconciled to the national figures. What-if query
    parameters: band_d, line_<grant line>, damping, floor (a fraction)."""
    q = request.query_params
    try:
        values = {
            name: Decimal(q[name]) for name in q if name in ("band_d", "floor") or name.startswith("line_")
        }
    except InvalidOperation:
        bad = next(n for n in q if n in ("band_d", "floor") or n.startswith("line_"))
        return _error(bad, "must be a number")
    lines = {k[5:]: v for k, v in values.items() if k.startswith("line_")}
    unknown = [k for k in lines if k not in GRANT_LINES]
    if unknown:
        return _error(f"line_{unknown[0]}", f"not a grant line ({', '.join(GRANT_LINES)})")
    scenario = Scenario(
        band_d_rise=values.get("band_d"),
        line_totals=lines,
        damping=q.get("damping") or None,
        floor=values.get("floor"),
    )
    try:
        return service.settlement(year=year, scenario=scenario).as_dict()
    except rules.SettlementRefused as exc:
        return _error(exc.field, exc.reason, 404 if exc.field == "year" else 422)


@router.get("/forces")
def force_list(principal: Principal = Depends(require("policing.read"))) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code,
            "name": f.name,
            "region": f.region.value,
            "governance": f.governance,
            "body": f.body.value,
            "body_verified": f.body.verified,
            "msf_group_illustrative": f.msf_group,
            "territorial": f.territorial,
        }
        for f in service.visible_forces(principal)
    ]


@router.get("/forces/{code}/measures/{measure}")
def force_measure(code: str, measure: str, principal: Principal = Depends(require("policing.read"))) -> Any:
    if not forces.exists(code) or not service.may_see(principal, code):
        return _error("force", "no such force, or not one you can see", 404)
    if measure not in measures.BY_CODE:
        return _error("measure", f"not one of {', '.join(measures.BY_CODE)}", 404)
    with unit_of_work() as uow:
        c = service.compare(uow.session, code=measure, force=code)
    m = c.measure

    def num(v: Decimal | None) -> str | None:
        return None if v is None else f"{v:.4f}"

    return {
        "force": code,
        "measure": m.code,
        "title": m.title,
        "numerator": m.numerator,
        "denominator": m.denominator,
        "period": m.period,
        "unit": m.unit,
        "most_similar_forces": [f.code for f in c.msf],
        "most_similar_illustrative": True,
        "months": [
            {"month": mo, "force": num(f), "most_similar": num(s), "national": num(n)}
            for mo, f, s, n in zip(c.months, c.force_values, c.msf_values, c.national_values, strict=True)
        ],
    }
