"""Pages for organised immigration crime investigators: networks, their graph, and partnerships."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.returns import networks, oic_forms, register_forms, rules
from portcullis.returns.models import Disruption, Network, Operation, Partnership
from portcullis.returns.service import NotFound
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
# Included first: /oic/networks/new must be matched before /oic/networks/{network_id}.
router.include_router(oic_forms.router)
router.include_router(register_forms.router)
OIC_READ = require("returns.oic.read")


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
        operations = uow.session.scalars(select(Operation).order_by(Operation.started_on.desc())).all()
        network_names = {n.id: n.name for n, _, _ in view}
    return render(
        request,
        "returns/networks.html",
        {
            "title": "Smuggling networks",
            "rows": view,
            "partnerships": partnerships,
            "operations": operations,
            "network_names": network_names,
            "can_write": principal.can("returns.oic.write"),
        },
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
            "can_write": principal.can("returns.oic.write"),
        },
    )
