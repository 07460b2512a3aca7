"""Policing pages: the settlement (table, chart, CSV/ODS, what-if), force dashboards against national and
most-similar forces, league tables, intervention flags and the Neighbourhood Policing Guarantee tracker."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.policing import (
    exports,
    forces,
    interventions,
    measures,
    neighbourhood,
    rules,
    service,
    upload_pages,
)
from portcullis.policing.values import GRANT_LINES, LINE_LABELS, Scenario, cash_change, real_change
from portcullis.web import charts, navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
navigation.add(
    "Policing",
    "/policing",
    "policing.read",
    "Police funding settlement, force performance, interventions and the Neighbourhood Policing Guarantee.",
)
DASHBOARD_MEASURES = (
    "calls_999_within_10s",
    "calls_999_mean_answer",
    "emergency_attendance_within_standard",
    "emergency_attendance_mean",
    "frontline_time",
    "vawg_charge_rate",
    "knife_crime_rate",
    "child_sexual_abuse_recorded",
    "misconduct_rate",
    "vetting_refusal_rate",
    "disciplinary_dismissal_rate",
    "neighbourhood_workforce",
    "named_officer_coverage",
    "queries_answered_72h",
)


@router.get("/policing", response_class=HTMLResponse)
def index(request: Request, principal: Principal = Depends(require("policing.read"))) -> HTMLResponse:
    return render(
        request,
        "policing/index.html",
        {
            "title": "Policing",
            "forces": service.visible_forces(principal),
            "measures": measures.MEASURES,
            "all": principal.can(service.READ_ALL),
            "can_import": principal.can(upload_pages.PERMISSION),
        },
    )


def _scenario(params: dict[str, str]) -> tuple[Scenario, list[dict[str, str]]]:
    errors: list[dict[str, str]] = []

    def number(name: str, label: str) -> Decimal | None:
        text = params.get(name, "").strip().replace(",", "").lstrip("£")
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            errors.append({"text": f"{label} must be a number", "href": f"#{name}"})
            return None
        if value < 0:
            errors.append({"text": f"{label} must not be negative", "href": f"#{name}"})
            return None
        return value

    band_d = number("band_d", "Band D precept rise")
    lines = {}
    for line in GRANT_LINES:
        v = number(f"line_{line}", LINE_LABELS[line])
        if v is not None:
            lines[line] = v.quantize(Decimal("0.01"))
    floor = number("floor", "Damping floor")
    damping = params.get("damping") or None
    if damping not in (None, "same_percentage", "floor"):
        errors.append({"text": "Choose a damping method", "href": "#damping"})
        damping = None
    return Scenario(
        band_d_rise=band_d, line_totals=lines, damping=damping, floor=None if floor is None else floor / 100
    ), errors


def _settle(year: str, params: dict[str, str]) -> tuple[Any, list[dict[str, str]]]:
    scenario, errors = _scenario(params)
    if errors:
        scenario = Scenario()
    try:
        return service.settlement(year=year, scenario=scenario), errors
    except rules.SettlementRefused as exc:
        if exc.field == "year":
            raise HTTPException(status_code=404, detail=str(exc)) from None
        errors.append({"text": exc.reason[0].upper() + exc.reason[1:], "href": f"#{exc.field}"})
        return service.settlement(year=year), errors


@router.get("/policing/settlement/{year}", response_class=HTMLResponse)
def settlement_page(
    request: Request, year: str, principal: Principal = Depends(require("policing.read"))
) -> HTMLResponse:
    params = dict(request.query_params)
    result, errors = _settle(year, params)
    names = [forces.get(a.force).short for a in result.allocations]
    chart = charts.bar_chart(
        f"Cash change in funding by force, {year} (%)",
        "Percentage change in each force's total funding (grant and precept) against the previous year."
        + (" ILLUSTRATIVE shares." if result.illustrative else ""),
        names,
        [cash_change(a.total_previous, a.total) for a in result.allocations],
        unit="%",
    )
    rows = [
        {
            "force": forces.get(a.force),
            "a": a,
            "cash": cash_change(a.total_previous, a.total),
            "real": real_change(a.total_previous, a.total, result.deflator),
        }
        for a in result.allocations
    ]
    query = str(request.url.query)
    return render(
        request,
        "policing/settlement.html",
        {
            "title": f"Police funding settlement {year}",
            "year": year,
            "result": result,
            "rows": rows,
            "chart": chart,
            "lines": GRANT_LINES,
            "labels": LINE_LABELS,
            "params": params,
            "errors": errors,
            "query": ("?" + query) if query else "",
            "figures": service.national_figures(year=year),
            "note": exports.ILLUSTRATIVE_NOTE,
            "national_cash": cash_change(result.total_previous, result.total),
            "national_real": real_change(result.total_previous, result.total, result.deflator),
        },
        status_code=422 if errors else 200,
    )


@router.get("/policing/settlement/{year}/download.csv")
def settlement_csv(
    request: Request, year: str, principal: Principal = Depends(require("policing.read"))
) -> Response:
    result, _ = _settle(year, dict(request.query_params))
    name = f"police-settlement-{year}{'-ILLUSTRATIVE' if result.illustrative else ''}.csv"
    return Response(
        exports.settlement_csv(result),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/policing/settlement/{year}/download.ods")
def settlement_ods(
    request: Request, year: str, principal: Principal = Depends(require("policing.read"))
) -> Response:
    result, _ = _settle(year, dict(request.query_params))
    name = f"police-settlement-{year}{'-ILLUSTRATIVE' if result.illustrative else ''}.ods"
    return Response(
        exports.settlement_ods(result),
        media_type="application/vnd.oasis.opendocument.spreadsheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _force_or_404(code: str, principal: Principal) -> forces.Force:
    if not forces.exists(code) or not service.may_see(principal, code):
        raise HTTPException(status_code=404, detail="No such force, or not one you can see")
    return forces.get(code)


@router.get("/policing/forces/{code}", response_class=HTMLResponse)
def force_dashboard(
    request: Request, code: str, principal: Principal = Depends(require("policing.read"))
) -> HTMLResponse:
    force = _force_or_404(code, principal)
    panels = []
    with unit_of_work() as uow:
        for m in DASHBOARD_MEASURES:
            c = service.compare(uow.session, code=m, force=code)
            if not c.months:
                continue
            target = 90.0 if m == "calls_999_within_10s" else None
            svg = charts.line_chart(
                f"{c.measure.title}: {force.short} against most similar forces and England and Wales",
                f"{c.measure.title} ({c.measure.unit}) by month from {c.months[0]} to {c.months[-1]}.",
                c.months,
                [
                    (force.short, c.force_values),
                    ("Most similar forces", c.msf_values),
                    ("England and Wales", c.national_values),
                ],
                target=target,
            )
            panels.append(
                {
                    "c": c,
                    "svg": svg,
                    "rows": list(zip(c.months, c.force_values, c.msf_values, c.national_values, strict=True)),
                }
            )
    return render(
        request,
        "policing/force.html",
        {
            "title": f"{force.name} performance",
            "force": force,
            "panels": panels,
            "msf": forces.most_similar(code),
        },
    )


@router.get("/policing/forces/{code}/{measure}.csv")
def force_measure_csv(
    code: str, measure: str, principal: Principal = Depends(require("policing.read"))
) -> Response:
    force = _force_or_404(code, principal)
    if measure not in measures.BY_CODE:
        raise HTTPException(status_code=404, detail="No such measure")
    with unit_of_work() as uow:
        c = service.compare(uow.session, code=measure, force=code)
    m = c.measure
    notes = [
        f"{m.title} ({m.unit}): numerator {m.numerator}; denominator {m.denominator or 'none (a count)'}; "
        f"period {m.period}",
        "Most similar forces: ILLUSTRATIVE groups (not the HMICFRS most similar groups)",
    ]
    rows = [
        [mo, f, s, n]
        for mo, f, s, n in zip(c.months, c.force_values, c.msf_values, c.national_values, strict=True)
    ]
    body = exports.to_csv(notes, ["Month", force.short, "Most similar forces", "England and Wales"], rows)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{code}-{measure}.csv"'},
    )


@router.get("/policing/league/{measure}.csv")
def league_csv(
    request: Request, measure: str, principal: Principal = Depends(require("policing.read.all"))
) -> Response:
    if measure not in measures.BY_CODE:
        raise HTTPException(status_code=404, detail="No such measure")
    m = measures.get(measure)
    with unit_of_work() as uow:
        month, ranked = service.league(uow.session, code=measure, month=request.query_params.get("month"))
    notes = [
        f"{m.title} ({m.unit}), {month}: numerator {m.numerator}; denominator "
        f"{m.denominator or 'none (a count)'}; period {m.period}"
    ]
    body = exports.to_csv(notes, ["Rank", "Force", "Value"], [[r, f.name, v] for r, f, v in ranked])
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="league-{measure}-{month}.csv"'},
    )


@router.get("/policing/league/{measure}", response_class=HTMLResponse)
def league_page(
    request: Request, measure: str, principal: Principal = Depends(require("policing.read.all"))
) -> HTMLResponse:
    if measure not in measures.BY_CODE:
        raise HTTPException(status_code=404, detail="No such measure")
    m = measures.get(measure)
    with unit_of_work() as uow:
        month, ranked = service.league(uow.session, code=measure, month=request.query_params.get("month"))
    svg = (
        charts.bar_chart(
            f"{m.title}, {month}: forces ranked",
            f"{m.title} ({m.unit}) for each force in {month}, best first.",
            [f.short for _, f, _ in ranked],
            [v for _, _, v in ranked],
        )
        if ranked
        else ""
    )
    return render(
        request,
        "policing/league.html",
        {"title": f"League table: {m.title}", "m": m, "month": month, "ranked": ranked, "svg": svg},
    )


@router.get("/policing/flags", response_class=HTMLResponse)
def flags_page(request: Request, principal: Principal = Depends(require("policing.read"))) -> HTMLResponse:
    with unit_of_work() as uow:
        flags = interventions.list_flags(uow.session, principal)
        rows = [{"f": f, "force": forces.get(f.force)} for f in flags]
    return render(request, "policing/flags.html", {"title": "Intervention flags", "rows": rows})


def _flag_page(
    request: Request,
    flag_id: str,
    principal: Principal,
    errors: list[dict[str, str]] | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    with unit_of_work() as uow:
        try:
            flag = interventions.get_flag(uow.session, flag_id, principal)
        except interventions.WorkflowError:
            raise HTTPException(status_code=404, detail="No such flag") from None
        ctx = {
            "title": f"Flag: {forces.get(flag.force).short}, {flag.month}",
            "flag": flag,
            "force": forces.get(flag.force),
            "events": list(flag.events),
            "actions": list(flag.actions),
            "decisions": list(flag.decisions),
            "next": interventions.TRANSITIONS[flag.status],
            "decision_labels": interventions.DECISIONS,
            "errors": errors or [],
            "form": form or {},
            "can_act": principal.can("policing.intervene"),
            "can_decide": principal.can("policing.decide"),
        }
    return render(request, "policing/flag.html", ctx, status_code=422 if errors else 200)


@router.get("/policing/flags/{flag_id}", response_class=HTMLResponse)
def flag_page(
    request: Request, flag_id: str, principal: Principal = Depends(require("policing.read"))
) -> HTMLResponse:
    return _flag_page(request, flag_id, principal)


def _after(request: Request, flag_id: str, principal: Principal, fn: Any, form: dict[str, str]) -> Response:
    try:
        fn()
    except interventions.WorkflowError as exc:
        return _flag_page(
            request,
            flag_id,
            principal,
            [{"text": exc.reason[0].upper() + exc.reason[1:], "href": f"#{exc.field}"}],
            form,
        )
    return RedirectResponse(f"/policing/flags/{flag_id}", status_code=303)


@router.post("/policing/flags/{flag_id}/status", response_class=HTMLResponse)
def flag_status(
    request: Request,
    flag_id: str,
    status: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    principal: Principal = Depends(require("policing.intervene")),
) -> Response:
    return _after(
        request,
        flag_id,
        principal,
        lambda: interventions.advance(flag_id=flag_id, to_status=status, note=note, actor=principal),
        {"note": note},
    )


@router.post("/policing/flags/{flag_id}/actions", response_class=HTMLResponse)
def flag_action(
    request: Request,
    flag_id: str,
    description: Annotated[str, Form()] = "",
    owner: Annotated[str, Form()] = "",
    due: Annotated[str, Form()] = "",
    principal: Principal = Depends(require("policing.intervene")),
) -> Response:
    return _after(
        request,
        flag_id,
        principal,
        lambda: interventions.add_action(
            flag_id=flag_id, description=description, owner=owner, due=due, actor=principal
        ),
        {"description": description, "owner": owner, "due": due},
    )


@router.post("/policing/flags/{flag_id}/decision", response_class=HTMLResponse)
def flag_decision(
    request: Request,
    flag_id: str,
    decision: Annotated[str, Form()] = "",
    decided_on: Annotated[str, Form()] = "",
    notes: Annotated[str, Form()] = "",
    principal: Principal = Depends(require("policing.decide")),
) -> Response:
    return _after(
        request,
        flag_id,
        principal,
        lambda: interventions.record_decision(
            flag_id=flag_id, decision=decision, decided_on=decided_on, notes=notes, actor=principal
        ),
        {"decided_on": decided_on, "notes": notes},
    )


@router.get("/policing/neighbourhood", response_class=HTMLResponse)
def neighbourhood_page(
    request: Request, principal: Principal = Depends(require("policing.read"))
) -> HTMLResponse:
    with unit_of_work() as uow:
        t = neighbourhood.neighbourhood_tracker(uow.session)
        visible = [r for r in t["forces"] if service.may_see(principal, r.force)]
        rows = [{"r": r, "force": forces.get(r.force)} for r in visible]
    svg = (
        charts.line_chart(
            "Neighbourhood officers, PCSOs and specials in England and Wales",
            "Total neighbourhood workforce at each month end.",
            t["months"],
            [("Workforce", [Decimal(v) for v in t["totals"]])],
        )
        if t["months"]
        else ""
    )
    return render(
        request,
        "policing/neighbourhood.html",
        {
            "title": "Neighbourhood Policing Guarantee",
            "t": t,
            "rows": rows,
            "svg": svg,
            "all": principal.can(service.READ_ALL),
        },
    )


# The upload pages live in their own module; their routes join this router.
router.include_router(upload_pages.router)
