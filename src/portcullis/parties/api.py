"""JSON routes over people and organisations: /api/v1/people, /api/v1/organisations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query
from fastapi.responses import JSONResponse

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import PartyError
from portcullis.parties import service
from portcullis.parties.schemas import OrganisationOut, PersonIn, PersonOut

router = APIRouter(prefix="/api/v1", tags=["people and organisations"])

Justification = Annotated[
    str,
    Header(
        alias="X-Justification", min_length=3, description="Why you need this record (audited, DPA 2018 s.62)"
    ),
]


@router.get("/people", response_model=list[PersonOut])
def search_people(
    justification: Justification,
    name: Annotated[str, Query(max_length=200)] = "",
    document: Annotated[str, Query(max_length=40)] = "",
    principal: Principal = Depends(require("parties.read")),
) -> list[PersonOut]:
    """Find people by name (parts, aliases) or by identity document number."""
    if not name.strip() and not document.strip():
        raise HTTPException(422, "Give a name or a document number to search for")
    with unit_of_work() as uow:
        found = service.search_people(
            uow, actor=principal, name=name, document=document, justification=justification
        )
        return [service.person_out(p) for p in found]


@router.get("/people/{person_id}", response_model=PersonOut)
def get_person(
    person_id: str, justification: Justification, principal: Principal = Depends(require("parties.read"))
) -> PersonOut:
    try:
        with unit_of_work() as uow:
            return service.person_out(
                service.view_person(uow, actor=principal, person_id=person_id, justification=justification)
            )
    except service.NotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.post("/people", response_model=PersonOut, status_code=201)
def create_person(
    body: PersonIn, justification: Justification, principal: Principal = Depends(require("parties.write"))
) -> PersonOut | JSONResponse:
    try:
        with unit_of_work() as uow:
            return service.person_out(
                service.create_person(uow, actor=principal, data=body, justification=justification)
            )
    except PartyError as exc:
        field, _, reason = str(exc).partition(": ")
        return JSONResponse(
            {"detail": "The person is not valid", "errors": [{"field": field, "reason": reason}]},
            status_code=422,
        )


@router.get("/organisations", response_model=list[OrganisationOut])
def search_organisations(
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name or company number")],
    principal: Principal = Depends(require("parties.read")),
) -> list[OrganisationOut]:
    with unit_of_work() as uow:
        return [service.organisation_out(o) for o in service.search_organisations(uow, text=q)]


@router.get("/organisations/{organisation_id}", response_model=OrganisationOut)
def get_organisation(
    organisation_id: str, principal: Principal = Depends(require("parties.read"))
) -> OrganisationOut:
    try:
        with unit_of_work() as uow:
            return service.organisation_out(service.view_organisation(uow, organisation_id=organisation_id))
    except service.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
