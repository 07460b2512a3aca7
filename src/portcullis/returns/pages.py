"""Pages for returns officers: the overview, removal cases and statistics. Flight pages and the organised
immigration crime pages live beside this module and are included here."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.core.tabular import ODS_MEDIA_TYPE, to_csv, to_ods
from portcullis.returns import case_pages, flight_pages, oic_pages, rules, service, statistics
from portcullis.returns.case_pages import case_action, case_view
from portcullis.returns.forms import form_errors, parse_date, whole_number
from portcullis.returns.models import Flight, RemovalCase
from portcullis.returns.service import ReturnsError
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
READ, WRITE = require("returns.read"), require("returns.write")
OIC_READ, OIC_WRITE = require("returns.oic.read"), require("returns.oic.write")
SINCE_DEFAULT = date(2024, 7, 5)
navigation.add(
    "Returns", "/returns", "returns.read", "Removal casework, charter flights and returns statistics."
)
navigation.add(
    "Smuggling networks",
    "/oic/networks",
    "returns.oic.read",
    "Organised immigration crime networks, disruptions, operations and partnerships.",
)
# Included first: /returns/cases/new must be matched before /returns/cases/{case_id}.
router.include_router(case_pages.router)


@router.get("/returns", response_class=HTMLResponse)
def overview(request: Request, since: str = "", principal: Principal = Depends(READ)) -> HTMLResponse:
    errors: list[dict[str, str]] = []
    start = SINCE_DEFAULT
    if since:
        try:
            start = parse_date(since, "since")
        except ReturnsError as exc:
            errors = form_errors(exc)
    today = today_in_london()
    with unit_of_work() as uow:
        try:
            counts = statistics.counts_since(uow.session, since=start, today=today)
        except ReturnsError as exc:
            errors, counts = (
                form_errors(exc),
                statistics.counts_since(uow.session, since=SINCE_DEFAULT, today=today),
            )
        stages = dict(
            uow.session.execute(select(RemovalCase.stage, func.count()).group_by(RemovalCase.stage)).all()
        )
        upcoming = uow.session.scalars(
            select(Flight).where(Flight.status == "planned").order_by(Flight.departs_on).limit(10)
        ).all()
        flights_view = [(f, sum(1 for e in f.manifest if e.status == "booked")) for f in upcoming]
    stage_rows = [(rules.STAGES[s], stages.get(s, 0)) for s in rules.STAGES]
    return render(
        request,
        "returns/overview.html",
        {
            "title": "Returns",
            "counts": counts,
            "since": since or start.isoformat(),
            "stage_rows": stage_rows,
            "flights": flights_view,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


@router.get("/returns/cases", response_class=HTMLResponse)
def case_list(
    request: Request, stage: str = "", category: str = "", principal: Principal = Depends(READ)
) -> HTMLResponse:
    with unit_of_work() as uow:
        query = select(RemovalCase, Person).join(Person, Person.id == RemovalCase.person_id)
        if stage in rules.STAGES:
            query = query.where(RemovalCase.stage == stage)
        if category in rules.CATEGORIES:
            query = query.where(RemovalCase.category == category)
        rows = uow.session.execute(query.order_by(RemovalCase.created_at.desc()).limit(200)).all()
        cases = [
            {
                "id": c.id,
                "name": p.full_name,
                "nationality": p.nationalities,
                "category": rules.CATEGORIES[c.category],
                "stage": rules.STAGES[c.stage],
            }
            for c, p in rows
        ]
    return render(
        request,
        "returns/cases.html",
        {
            "title": "Removal cases",
            "cases": cases,
            "stages": rules.STAGES,
            "categories": rules.CATEGORIES,
            "stage": stage,
            "category": category,
            "can_write": principal.can("returns.write"),
        },
    )


@router.get("/returns/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    case_id: str,
    justification: Annotated[str, Query(max_length=500)] = "",
    principal: Principal = Depends(READ),
) -> HTMLResponse:
    if len(justification.strip()) < 3:
        errors = (
            [{"text": "Enter why you need to open this case", "href": "#justification"}]
            if "justification" in request.query_params
            else []
        )
        return render(
            request,
            "returns/justify.html",
            {"title": "Why do you need this case?", "action": f"/returns/cases/{case_id}", "errors": errors},
            status_code=422 if errors else 200,
        )
    return case_view(request, case_id, justification, principal, errors=[])


@router.post("/returns/cases/{case_id}/liability")
def post_liability(
    request: Request,
    case_id: str,
    decided_on: Annotated[str, Form()] = "",
    basis: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return case_action(
        request,
        case_id,
        principal,
        lambda uow: service.decide_liability(
            uow,
            actor=principal,
            case_id=case_id,
            decided_on=parse_date(decided_on, "decided_on"),
            basis=basis,
        ),
    )


@router.post("/returns/cases/{case_id}/travel-document")
def post_document(
    request: Request, case_id: str, state: Annotated[str, Form()] = "", principal: Principal = Depends(WRITE)
) -> Response:
    return case_action(
        request,
        case_id,
        principal,
        lambda uow: service.update_travel_document(
            uow, actor=principal, case_id=case_id, state=state, on=today_in_london()
        ),
    )


@router.post("/returns/cases/{case_id}/barriers")
def post_barrier(
    request: Request, case_id: str, kind: Annotated[str, Form()] = "", principal: Principal = Depends(WRITE)
) -> Response:
    return case_action(
        request,
        case_id,
        principal,
        lambda uow: service.raise_barrier(
            uow, actor=principal, case_id=case_id, kind=kind, on=today_in_london()
        ),
    )


@router.post("/returns/cases/{case_id}/barriers/{barrier_id}/resolve")
def post_resolve(
    request: Request,
    case_id: str,
    barrier_id: int,
    resolution: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return case_action(
        request,
        case_id,
        principal,
        lambda uow: service.resolve_barrier(
            uow,
            actor=principal,
            case_id=case_id,
            barrier_id=barrier_id,
            on=today_in_london(),
            resolution=resolution,
        ),
    )


@router.post("/returns/cases/{case_id}/removal-directions")
def post_directions(
    request: Request,
    case_id: str,
    directions_on: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return case_action(
        request,
        case_id,
        principal,
        lambda uow: service.set_removal_directions(
            uow, actor=principal, case_id=case_id, directions_on=parse_date(directions_on, "directions_on")
        ),
    )


@router.post("/returns/cases/{case_id}/return")
def post_return(
    request: Request,
    case_id: str,
    return_type: Annotated[str, Form()] = "",
    destination: Annotated[str, Form()] = "",
    returned_on: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return case_action(
        request,
        case_id,
        principal,
        lambda uow: service.record_return(
            uow,
            actor=principal,
            case_id=case_id,
            return_type=return_type,
            destination=destination.strip().upper(),
            on=parse_date(returned_on, "returned_on"),
        ),
    )


@router.get("/returns/statistics", response_class=HTMLResponse)
def statistics_page(
    request: Request,
    table: str = "Ret_D01",
    year: str = "",
    quarter: str = "",
    download: str = "",
    principal: Principal = Depends(READ),
) -> Response:
    today = today_in_london()
    errors: list[dict[str, str]] = []
    result = None
    try:
        wanted_year = whole_number(year, "year") if year else today.year
        wanted_quarter = whole_number(quarter, "quarter") if quarter else None
        with unit_of_work() as uow:
            result = statistics.quarterly_table(
                uow.session, code=table, year=wanted_year, quarter=wanted_quarter, today=today
            )
    except ReturnsError as exc:
        errors = form_errors(exc)
    if result is not None and download == "csv":
        return Response(
            to_csv(result.headers, result.rows),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{result.code}.csv"'},
        )
    if result is not None and download == "ods":
        return Response(
            to_ods([result.sheet()]),
            media_type=ODS_MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{result.code}.ods"'},
        )
    return render(
        request,
        "returns/statistics.html",
        {
            "title": "Returns statistics",
            "tables": rules.STAT_TABLES,
            "table": table,
            "year": year or today.year,
            "quarter": quarter,
            "result": result,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


router.include_router(flight_pages.router)
router.include_router(oic_pages.router)
