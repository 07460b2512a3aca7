"""Pages to find a person or organisation and open their record (each opening asks why, and is audited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.parties import service
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
navigation.add(
    "People and organisations",
    "/people",
    "parties.read",
    "Find a person or organisation across every service and open their record.",
)


@router.get("/people", response_class=HTMLResponse)
def people_search(
    request: Request,
    name: Annotated[str, Query(max_length=200)] = "",
    document: Annotated[str, Query(max_length=40)] = "",
    justification: Annotated[str, Query(max_length=500)] = "",
    principal: Principal = Depends(require("parties.read")),
) -> HTMLResponse:
    errors = []
    results = None
    searched = bool(name.strip() or document.strip())
    if searched and len(justification.strip()) < 3:
        errors.append({"text": "Enter why you need to search for this person", "href": "#justification"})
    elif searched:
        with unit_of_work() as uow:
            people = service.search_people(
                uow, actor=principal, name=name, document=document, justification=justification
            )
            results = [service.person_out(p) for p in people]
    return render(
        request,
        "parties/search.html",
        {
            "title": "Find a person",
            "name": name,
            "document": document,
            "justification": justification,
            "results": results,
            "errors": errors,
        },
        status_code=422 if errors else 200,
    )


@router.get("/people/{person_id}", response_class=HTMLResponse)
def person_page(
    request: Request,
    person_id: str,
    justification: Annotated[str, Query(max_length=500)] = "",
    principal: Principal = Depends(require("parties.read")),
) -> HTMLResponse:
    if len(justification.strip()) < 3:
        errors = (
            [{"text": "Enter why you need to open this record", "href": "#justification"}]
            if "justification" in request.query_params
            else []
        )
        return render(
            request,
            "parties/justify.html",
            {
                "title": "Why do you need this record?",
                "person_id": person_id,
                "errors": errors,
            },
            status_code=422 if errors else 200,
        )
    try:
        with unit_of_work() as uow:
            person = service.person_out(
                service.view_person(uow, actor=principal, person_id=person_id, justification=justification)
            )
    except service.NotFound:
        raise HTTPException(404, "There is no person with that reference") from None
    return render(
        request,
        "parties/person.html",
        {"title": f"{person.given_names} {person.family_name}", "person": person},
    )
