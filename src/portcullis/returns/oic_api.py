"""Organised immigration crime API, under /api/v1/returns/: networks, members, links, disruptions, the graph,
operations with international partners and the partnerships register (investigators only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from portcullis.core.access import Principal, require
from portcullis.core.db import UnitOfWork
from portcullis.returns import networks
from portcullis.returns.api_common import Justification
from portcullis.returns.api_common import run as _run
from portcullis.returns.schemas import DisruptionIn, LinkIn, MemberIn, NetworkIn, OperationIn, PartnershipIn

router = APIRouter()
OIC_READ, OIC_WRITE = require("returns.oic.read"), require("returns.oic.write")


@router.post("/networks", status_code=201)
def create_network(body: NetworkIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": networks.create_network(
                uow, actor=principal, name=body.name, countries=body.countries, activities=body.activities
            ).id
        }
    )


@router.post("/networks/{network_id}/members", status_code=201)
def add_member(network_id: str, body: MemberIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "person_id": networks.add_member(
                uow,
                actor=principal,
                network_id=network_id,
                person_id=body.person_id,
                role=body.role,
                since=body.since,
            ).person_id
        }
    )


@router.post("/networks/{network_id}/disruptions", status_code=201)
def record_disruption(network_id: str, body: DisruptionIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": networks.record_disruption(
                uow,
                actor=principal,
                network_id=network_id,
                kind=body.kind,
                on=body.on,
                person_id=body.person_id,
                country=body.country,
                partner=body.partner,
                operation_id=body.operation_id,
                sentence_months=body.sentence_months,
                details=body.details,
            ).id
        }
    )


@router.get("/networks/{network_id}/graph")
def network_graph(
    network_id: str,
    justification: Justification,
    focus: str | None = None,
    principal: Principal = Depends(OIC_READ),
) -> Any:
    def run(uow: UnitOfWork) -> dict[str, Any]:
        graph = networks.network_graph(
            uow, actor=principal, network_id=network_id, focus=focus, justification=justification
        )
        return {
            "focus": graph.focus,
            "total_people": graph.total_people,
            "total_links": graph.total_links,
            "truncated": graph.truncated,
            "nodes": [n.__dict__ for n in graph.nodes],
            "edges": [{"a": a, "b": b, "kind": k} for a, b, k in graph.edges],
        }

    return _run(run)


@router.post("/links", status_code=201)
def link(body: LinkIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    def run(uow: UnitOfWork) -> dict[str, str]:
        networks.link(
            uow,
            actor=principal,
            person_a=body.person_a,
            person_b=body.person_b,
            kind=body.kind,
            source=body.source,
        )
        return {"person_a": body.person_a, "person_b": body.person_b, "kind": body.kind.strip()}

    return _run(run)


@router.post("/operations", status_code=201)
def create_operation(body: OperationIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": networks.create_operation(
                uow,
                actor=principal,
                name=body.name,
                partners=body.partners,
                started_on=body.started_on,
                network_id=body.network_id,
                summary=body.summary,
            ).id
        }
    )


@router.post("/partnerships", status_code=201)
def add_partnership(body: PartnershipIn, principal: Principal = Depends(OIC_WRITE)) -> Any:
    return _run(
        lambda uow: {
            "id": networks.add_partnership(
                uow,
                actor=principal,
                country=body.country,
                title=body.title,
                kind=body.kind,
                signed_on=body.signed_on,
                purpose=body.purpose,
                source=body.source,
                amount_pence=body.amount_pence,
                status=body.status,
            ).id
        }
    )
