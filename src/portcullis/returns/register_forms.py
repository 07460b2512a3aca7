"""Forms for the records investigators keep beside the networks: operations with international partners
and the partnerships register (agreements and funded projects with other countries)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from portcullis.core.access import Principal, require
from portcullis.core.clock import today_in_london
from portcullis.core.db import unit_of_work
from portcullis.returns import networks
from portcullis.returns.forms import by_field, form_errors, optional_number, parse_date
from portcullis.returns.models import Network
from portcullis.returns.oic_forms import split
from portcullis.returns.service import ReturnsError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
OIC_WRITE = require("returns.oic.write")
Text = Annotated[str, Form()]
OPERATION_FIELDS = {
    "name": ("name", "Name"),
    "partners": ("partners", "International partners"),
    "started_on": ("started_on", "Date started"),
    "network_id": ("network_id", "Network"),
}
PARTNERSHIP_FIELDS = {
    "country": ("country", "Country"),
    "title": ("title", "Title"),
    "kind": ("kind", "Kind"),
    "signed_on": ("signed_on", "Date signed or announced"),
    "amount": ("amount", "Amount"),
    "purpose": ("purpose", "Purpose"),
    "source": ("source", "Source"),
}
PARTNERSHIP_KINDS = {
    "agreement": "Agreement",
    "funded-project": "Funded project",
    "declaration": "Declaration",
}


def _page(
    request: Request, template: str, title: str, errors: list[dict[str, str]], **context: object
) -> HTMLResponse:
    return render(
        request,
        f"returns/{template}",
        {"title": title, "errors": errors, "err": by_field(errors), **context},
        status_code=422 if errors else 200,
    )


def _operation_page(request: Request, errors: list[dict[str, str]], form: dict[str, str]) -> HTMLResponse:
    with unit_of_work() as uow:
        choices = list(uow.session.execute(select(Network.id, Network.name).order_by(Network.name)))
    return _page(request, "operation_form.html", "Record an operation", errors, networks=choices, form=form)


@router.get("/oic/operations/new", response_class=HTMLResponse)
def new_operation(request: Request, principal: Principal = Depends(OIC_WRITE)) -> HTMLResponse:
    return _operation_page(request, [], {})


@router.post("/oic/operations/new")
def post_operation(
    request: Request,
    name: Text = "",
    partners: Text = "",
    started_on: Text = "",
    network_id: Text = "",
    summary: Text = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    form = {
        "name": name,
        "partners": partners,
        "started_on": started_on,
        "network_id": network_id,
        "summary": summary,
    }
    try:
        with unit_of_work() as uow:
            networks.create_operation(
                uow,
                actor=principal,
                name=name,
                partners=split(partners),
                started_on=parse_date(started_on, "started_on"),
                network_id=network_id or None,
                summary=summary,
            )
    except ReturnsError as exc:
        return _operation_page(request, form_errors(exc, OPERATION_FIELDS), form)
    return RedirectResponse("/oic/networks#operations", status_code=303)


@router.get("/oic/partnerships/new", response_class=HTMLResponse)
def new_partnership(request: Request, principal: Principal = Depends(OIC_WRITE)) -> HTMLResponse:
    return _page(request, "partnership_form.html", "Add a partnership", [], kinds=PARTNERSHIP_KINDS, form={})


@router.post("/oic/partnerships/new")
def post_partnership(
    request: Request,
    country: Text = "",
    title: Text = "",
    kind: Text = "",
    signed_on: Text = "",
    amount: Text = "",
    purpose: Text = "",
    source: Text = "",
    status: Text = "agreed",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    form = {
        "country": country,
        "title": title,
        "kind": kind,
        "signed_on": signed_on,
        "amount": amount,
        "purpose": purpose,
        "source": source,
        "status": status,
    }
    try:
        pounds = optional_number(amount.replace(",", "").replace("£", ""), "amount")
        when = parse_date(signed_on, "signed_on")
        if when > today_in_london():
            raise ReturnsError.one("signed_on", "the date is in the future")
        with unit_of_work() as uow:
            networks.add_partnership(
                uow,
                actor=principal,
                country=country,
                title=title,
                kind=kind,
                signed_on=when,
                purpose=purpose,
                source=source,
                amount_pence=pounds * 100 if pounds is not None else None,
                status=status.strip() or "agreed",
            )
    except ReturnsError as exc:
        errors = form_errors(exc, PARTNERSHIP_FIELDS)
        return _page(
            request, "partnership_form.html", "Add a partnership", errors, kinds=PARTNERSHIP_KINDS, form=form
        )
    return RedirectResponse("/oic/networks#partnerships", status_code=303)
