"""Pages for returns officers (casework, flights, statistics) and investigators (networks, partnerships)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from portcullis.core import policy
from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.parties import Person
from portcullis.core.tabular import ODS_MEDIA_TYPE, to_csv, to_ods
from portcullis.returns import flights, networks, rules, service, statistics
from portcullis.returns.models import Disruption, Flight, Network, Partnership, RemovalCase, RemovalOrder
from portcullis.returns.service import NotFound, ReturnsError
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


def _errors(exc: ReturnsError) -> list[dict[str, str]]:
    return [{"text": f"{v.reason[0].upper()}{v.reason[1:]}", "href": f"#{v.field}"} for v in exc.violations]


def _parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReturnsError.one(field, "enter a real date in the form YYYY-MM-DD") from None


@router.get("/returns", response_class=HTMLResponse)
def overview(request: Request, since: str = "", principal: Principal = Depends(READ)) -> HTMLResponse:
    errors: list[dict[str, str]] = []
    start = SINCE_DEFAULT
    if since:
        try:
            start = _parse_date(since, "since")
        except ReturnsError as exc:
            errors = _errors(exc)
    today = today_in_london()
    with unit_of_work() as uow:
        try:
            counts = statistics.counts_since(uow.session, since=start, today=today)
        except ReturnsError as exc:
            errors, counts = (
                _errors(exc),
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
            "max_stage": max([n for _, n in stage_rows] + [1]),
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
    return _case_view(request, case_id, justification, principal, errors=[])


def _case_view(
    request: Request, case_id: str, justification: str, principal: Principal, errors: list[dict[str, str]]
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            case = service.view_case(uow, actor=principal, case_id=case_id, justification=justification)
            person = uow.session.get(Person, case.person_id)
            orders = [
                o
                for o in uow.session.scalars(
                    select(RemovalOrder).where(RemovalOrder.person_id == case.person_id)
                )
            ]
    except NotFound:
        raise HTTPException(404, "There is no removal case with that reference") from None
    return render(
        request,
        "returns/case.html",
        {
            "title": f"Removal case: {person.full_name if person else case.person_id}",
            "case": case,
            "person": person,
            "orders": orders,
            "rules": rules,
            "justification": justification,
            "can_write": principal.can("returns.write"),
            "return_types": list(policy.at(today_in_london()).get(rules.RETURN_TYPES_PARAM)),
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


def _case_action(
    request: Request, case_id: str, principal: Principal, action: Callable[[UnitOfWork], Any]
) -> Response:
    try:
        with unit_of_work() as uow:
            action(uow)
    except ReturnsError as exc:
        return _case_view(request, case_id, "Correcting a case update", principal, _errors(exc))
    except NotFound:
        raise HTTPException(404, "There is no removal case with that reference") from None
    return RedirectResponse(f"/returns/cases/{case_id}?justification=Updating+the+case", status_code=303)


@router.post("/returns/cases/{case_id}/liability")
def post_liability(
    request: Request,
    case_id: str,
    decided_on: Annotated[str, Form()] = "",
    basis: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return _case_action(
        request,
        case_id,
        principal,
        lambda uow: service.decide_liability(
            uow,
            actor=principal,
            case_id=case_id,
            decided_on=_parse_date(decided_on, "decided_on"),
            basis=basis,
        ),
    )


@router.post("/returns/cases/{case_id}/travel-document")
def post_document(
    request: Request, case_id: str, state: Annotated[str, Form()] = "", principal: Principal = Depends(WRITE)
) -> Response:
    return _case_action(
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
    return _case_action(
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
    return _case_action(
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
    return _case_action(
        request,
        case_id,
        principal,
        lambda uow: service.set_removal_directions(
            uow, actor=principal, case_id=case_id, directions_on=_parse_date(directions_on, "directions_on")
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
    return _case_action(
        request,
        case_id,
        principal,
        lambda uow: service.record_return(
            uow,
            actor=principal,
            case_id=case_id,
            return_type=return_type,
            destination=destination.strip().upper(),
            on=_parse_date(returned_on, "returned_on"),
        ),
    )


@router.get("/returns/flights", response_class=HTMLResponse)
def flight_list(request: Request, principal: Principal = Depends(READ)) -> HTMLResponse:
    return _flights_page(request, principal, errors=[], form={})


def _flights_page(
    request: Request, principal: Principal, errors: list[dict[str, str]], form: dict[str, str]
) -> HTMLResponse:
    with unit_of_work() as uow:
        all_flights = uow.session.scalars(select(Flight).order_by(Flight.departs_on.desc()).limit(100)).all()
        rows = [
            (
                f,
                sum(1 for e in f.manifest if e.status == "booked"),
                sum(1 for e in f.manifest if e.status == "returned"),
            )
            for f in all_flights
        ]
    return render(
        request,
        "returns/flights.html",
        {
            "title": "Removal flights",
            "rows": rows,
            "errors": errors,
            "form": form,
            "can_write": principal.can("returns.write"),
        },
        status_code=422 if errors else 200,
    )


@router.post("/returns/flights")
def post_flight(
    request: Request,
    kind: Annotated[str, Form()] = "",
    reference: Annotated[str, Form()] = "",
    destinations: Annotated[str, Form()] = "",
    departs_on: Annotated[str, Form()] = "",
    capacity: Annotated[str, Form()] = "",
    escorts: Annotated[str, Form()] = "0",
    principal: Principal = Depends(WRITE),
) -> Response:
    form = {
        "kind": kind,
        "reference": reference,
        "destinations": destinations,
        "departs_on": departs_on,
        "capacity": capacity,
        "escorts": escorts,
    }
    try:
        seats, guards = _whole(capacity, "capacity"), _whole(escorts or "0", "escorts")
        with unit_of_work() as uow:
            flight = flights.plan_flight(
                uow,
                actor=principal,
                kind=kind,
                reference=reference,
                destinations=destinations.replace(",", " ").split(),
                departs_on=_parse_date(departs_on, "departs_on"),
                capacity=seats,
                escorts=guards,
            )
            flight_id = flight.id
    except ReturnsError as exc:
        return _flights_page(request, principal, _errors(exc), form)
    return RedirectResponse(f"/returns/flights/{flight_id}", status_code=303)


def _whole(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ReturnsError.one(field, "enter a whole number") from None


@router.get("/returns/flights/{flight_id}", response_class=HTMLResponse)
def flight_page(request: Request, flight_id: str, principal: Principal = Depends(READ)) -> HTMLResponse:
    return _flight_view(request, flight_id, principal, errors=[])


def _flight_view(
    request: Request, flight_id: str, principal: Principal, errors: list[dict[str, str]]
) -> HTMLResponse:
    try:
        with unit_of_work() as uow:
            flight = flights.get_flight(uow, flight_id)
            case_ids = [e.case_id for e in flight.manifest]
            people = (
                {
                    c.id: p
                    for c, p in uow.session.execute(
                        select(RemovalCase, Person)
                        .join(Person, Person.id == RemovalCase.person_id)
                        .where(RemovalCase.id.in_(case_ids))
                    ).all()
                }
                if case_ids
                else {}
            )
    except NotFound:
        raise HTTPException(404, "There is no flight with that reference") from None
    booked = sum(1 for e in flight.manifest if e.status == "booked")
    return render(
        request,
        "returns/flight.html",
        {
            "title": f"Flight {flight.reference}",
            "flight": flight,
            "people": people,
            "booked": booked,
            "errors": errors,
            "can_write": principal.can("returns.write"),
        },
        status_code=422 if errors else 200,
    )


def _flight_action(
    request: Request, flight_id: str, principal: Principal, action: Callable[[UnitOfWork], Any]
) -> Response:
    try:
        with unit_of_work() as uow:
            action(uow)
    except ReturnsError as exc:
        return _flight_view(request, flight_id, principal, _errors(exc))
    except NotFound:
        raise HTTPException(404, "There is no flight with that reference") from None
    return RedirectResponse(f"/returns/flights/{flight_id}", status_code=303)


@router.post("/returns/flights/{flight_id}/build")
def post_build(request: Request, flight_id: str, principal: Principal = Depends(WRITE)) -> Response:
    return _flight_action(
        request,
        flight_id,
        principal,
        lambda uow: flights.build_manifest(uow, actor=principal, flight_id=flight_id),
    )


@router.post("/returns/flights/{flight_id}/remove")
def post_remove(
    request: Request,
    flight_id: str,
    case_id: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    principal: Principal = Depends(WRITE),
) -> Response:
    return _flight_action(
        request,
        flight_id,
        principal,
        lambda uow: flights.remove_from_manifest(
            uow, actor=principal, flight_id=flight_id, case_id=case_id, reason=reason
        ),
    )


@router.post("/returns/flights/{flight_id}/departed")
def post_departed(request: Request, flight_id: str, principal: Principal = Depends(WRITE)) -> Response:
    return _flight_action(
        request,
        flight_id,
        principal,
        lambda uow: flights.record_departure(uow, actor=principal, flight_id=flight_id, on=today_in_london()),
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
        wanted_year = _whole(year, "year") if year else today.year
        wanted_quarter = _whole(quarter, "quarter") if quarter else None
        with unit_of_work() as uow:
            result = statistics.quarterly_table(
                uow.session, code=table, year=wanted_year, quarter=wanted_quarter, today=today
            )
    except ReturnsError as exc:
        errors = _errors(exc)
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


@router.get("/oic/networks", response_class=HTMLResponse)
def network_list(request: Request, principal: Principal = Depends(OIC_READ)) -> HTMLResponse:
    with unit_of_work() as uow:
        rows = uow.session.execute(
            select(Network, func.count(Disruption.id))
            .outerjoin(Disruption, Disruption.network_id == Network.id)
            .group_by(Network.id)
            .order_by(Network.name)
        ).all()
        view = [(n, len(n.members), d) for n, d in rows]
        partnerships = uow.session.scalars(select(Partnership).order_by(Partnership.signed_on.desc())).all()
    return render(
        request,
        "returns/networks.html",
        {"title": "Smuggling networks", "rows": view, "partnerships": partnerships},
    )


@router.get("/oic/networks/{network_id}", response_class=HTMLResponse)
def network_page(
    request: Request,
    network_id: str,
    justification: Annotated[str, Query(max_length=500)] = "",
    focus: str = "",
    principal: Principal = Depends(OIC_READ),
) -> HTMLResponse:
    if len(justification.strip()) < 3:
        errors = (
            [{"text": "Enter why you need to see this network", "href": "#justification"}]
            if "justification" in request.query_params
            else []
        )
        return render(
            request,
            "returns/justify.html",
            {
                "title": "Why do you need this network?",
                "action": f"/oic/networks/{network_id}",
                "errors": errors,
            },
            status_code=422 if errors else 200,
        )
    try:
        with unit_of_work() as uow:
            network = networks.get_network(uow, network_id)
            graph = networks.network_graph(
                uow, actor=principal, network_id=network_id, focus=focus or None, justification=justification
            )
            disruptions = uow.session.scalars(
                select(Disruption).where(Disruption.network_id == network_id).order_by(Disruption.on.desc())
            ).all()
            ids = {m.person_id for m in network.members} | {d.person_id for d in disruptions if d.person_id}
            names = (
                dict(
                    uow.session.execute(
                        select(Person.id, Person.given_names + " " + Person.family_name).where(
                            Person.id.in_(ids)
                        )
                    ).all()
                )
                if ids
                else {}
            )
    except NotFound:
        raise HTTPException(404, "There is no network with that reference") from None
    span = max([abs(n.x) for n in graph.nodes] + [abs(n.y) for n in graph.nodes] + [50.0]) + 40
    return render(
        request,
        "returns/network.html",
        {
            "title": network.name,
            "network": network,
            "graph": graph,
            "span": span,
            "names": names,
            "positions": {n.id: n for n in graph.nodes},
            "disruptions": disruptions,
            "kinds": rules.DISRUPTION_KINDS,
            "roles": rules.MEMBER_ROLES,
            "justification": justification,
            "top": sorted(graph.nodes, key=lambda n: -n.degree)[:15],
        },
    )
