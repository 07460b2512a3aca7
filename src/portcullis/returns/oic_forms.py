"""Forms for organised immigration crime investigators: record a network, add a member (found in or added
to the shared records), link two members, record a disruption (an SCPO application goes through the orders
service). Operations and the partnerships register are in register_forms.py."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote_plus

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import false, func, or_, select

from portcullis.core import audit
from portcullis.core.access import Principal, require
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.returns import networks, people, rules
from portcullis.returns.case_pages import PERSON_FIELDS, find_people
from portcullis.returns.forms import by_field, form_errors, optional_number, parse_date
from portcullis.returns.models import Network, NetworkMember, Operation
from portcullis.returns.service import NotFound, ReturnsError
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
OIC_WRITE = require("returns.oic.write")
MEMBER_LIST_LIMIT = 200  # above this, the link and disruption forms ask for a name first
Text = Annotated[str, Form()]
NETWORK_FIELDS = {"name": ("name", "Name"), "countries": ("countries", "Countries")}
MEMBER_FIELDS = {**PERSON_FIELDS, "role": ("role", "Role"), "since": ("since", "Member since")}
LINK_FIELDS = {
    "person_a": ("person_a", "First person"),
    "person_b": ("person_b", "Second person"),
    "person_id": ("person_a", "First person"),
    "kind": ("kind", "How they are linked"),
}
DISRUPTION_FIELDS = {
    "kind": ("kind", "Kind of disruption"),
    "on": ("on", "Date"),
    "person_id": ("person_id", "Person"),
    "country": ("country", "Country"),
    "sentence_months": ("sentence_months", "Sentence in months"),
    "operation_id": ("operation_id", "Operation"),
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


def _back_to(network_id: str, justification: str) -> RedirectResponse:
    return RedirectResponse(
        f"/oic/networks/{network_id}?justification={quote_plus(justification)}", status_code=303
    )


def split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\n", ",").replace(";", ",").split(",") if p.strip()]


@router.get("/oic/networks/new", response_class=HTMLResponse)
def new_network(request: Request, principal: Principal = Depends(OIC_WRITE)) -> HTMLResponse:
    return _page(request, "network_form.html", "Record a network", [], form={})


@router.post("/oic/networks/new")
def post_network(
    request: Request,
    name: Text = "",
    countries: Text = "",
    activities: Text = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    form = {"name": name, "countries": countries, "activities": activities}
    try:
        with unit_of_work() as uow:
            network_id = networks.create_network(
                uow,
                actor=principal,
                name=name,
                countries=countries.replace(",", " ").split(),
                activities=split(activities),
            ).id
    except ReturnsError as exc:
        errors = form_errors(exc, NETWORK_FIELDS)
        return _page(request, "network_form.html", "Record a network", errors, form=form)
    return _back_to(network_id, "Recorded the network")


def _network_or_404(network_id: str) -> Network:
    with unit_of_work() as uow:
        try:
            return networks.get_network(uow, network_id)
        except NotFound:
            raise HTTPException(404, "There is no network with that reference") from None


@router.get("/oic/networks/{network_id}/members/new", response_class=HTMLResponse)
def new_member(
    request: Request, network_id: str, q: str = "", principal: Principal = Depends(OIC_WRITE)
) -> HTMLResponse:
    return _member_page(request, network_id, principal, q, [], {})


def _member_page(
    request: Request,
    network_id: str,
    principal: Principal,
    q: str,
    errors: list[dict[str, str]],
    form: dict[str, str],
) -> HTMLResponse:
    network = _network_or_404(network_id)
    results: list[dict[str, str]] = []
    try:
        with unit_of_work() as uow:
            found = find_people(uow, principal, q, f"Finding a member of the network {network.name}")
            results = [
                {"id": p.id, "name": p.full_name, "dob": p.date_of_birth or "", "nat": p.nationalities}
                for p in found
            ]
    except ReturnsError as exc:
        errors = errors + form_errors(exc, PERSON_FIELDS)
    return _page(
        request,
        "member_form.html",
        f"Add a member to {network.name}",
        errors,
        network=network,
        q=q,
        searched=bool(q.strip()) and "q" not in by_field(errors),
        results=results,
        roles=rules.MEMBER_ROLES,
        form=form,
    )


@router.post("/oic/networks/{network_id}/members/new")
def post_member(
    request: Request,
    network_id: str,
    q: Text = "",
    person_id: Text = "",
    role: Text = "",
    since: Text = "",
    given_names: Text = "",
    family_name: Text = "",
    date_of_birth: Text = "",
    nationality: Text = "",
    sex: Text = "",
    passport_number: Text = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    form = {
        "person_id": person_id,
        "role": role,
        "since": since,
        "given_names": given_names,
        "family_name": family_name,
        "date_of_birth": date_of_birth,
        "nationality": nationality,
        "sex": sex,
        "passport_number": passport_number,
    }
    try:
        with unit_of_work() as uow:
            missing = [
                rules.Violation(field, reason)
                for field, reason, bad in (
                    ("person_id", "choose the person or record a new one", not person_id),
                    ("role", "choose the person's role in the network", role not in rules.MEMBER_ROLES),
                )
                if bad
            ]
            if missing:
                raise ReturnsError(missing)
            member_since = parse_date(since, "since") if since.strip() else None
            networks.get_network(uow, network_id)
            if person_id == "new":
                person_id = people.create_person(
                    uow,
                    actor=principal,
                    given_names=given_names,
                    family_name=family_name,
                    date_of_birth=date_of_birth,
                    nationality=nationality,
                    sex=sex,
                    passport_number=passport_number,
                    purpose="Recorded as a member of a smuggling network",
                ).id
            networks.add_member(
                uow,
                actor=principal,
                network_id=network_id,
                person_id=person_id,
                role=role,
                since=member_since,
            )
    except ReturnsError as exc:
        return _member_page(request, network_id, principal, q, form_errors(exc, MEMBER_FIELDS), form)
    except NotFound:
        raise HTTPException(404, "There is no network with that reference") from None
    return _back_to(network_id, "Added a member")


def _members(
    network_id: str, principal: Principal, justification: str, who: str = ""
) -> tuple[Network, list[tuple[str, str]], int]:
    """The network and its members' names, for the link and disruption forms: a consultation, audited.
    A large network lists only the members whose names match `who` (any of its words), so the choice stays
    usable; the total is returned so the page can say so."""
    with unit_of_work() as uow:
        try:
            network = networks.get_network(uow, network_id)
        except NotFound:
            raise HTTPException(404, "There is no network with that reference") from None
        query = (
            select(Person.id, Person.given_names, Person.family_name)
            .join(NetworkMember, NetworkMember.person_id == Person.id)
            .where(NetworkMember.network_id == network_id)
        )
        total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        terms = [t for t in who.split() if t]
        if terms:
            query = query.where(
                or_(*[c.ilike(f"%{t}%") for t in terms for c in (Person.given_names, Person.family_name)])
            )
        elif total > MEMBER_LIST_LIMIT:
            query = query.where(false())
        members = [
            (pid, f"{given} {family}".strip())
            for pid, given, family in uow.session.execute(
                query.order_by(Person.family_name, Person.given_names).limit(MEMBER_LIST_LIMIT)
            )
        ]
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="oic_network",
            record_id=network_id,
            justification=justification,
            details={"view": "member list for a form", "members": len(members)},
        )
    return network, members, total


def _needs_reason(network_id: str, justification: str) -> RedirectResponse | None:
    """The link and disruption forms list the members, so they need the same reason as the network page."""
    if len(justification.strip()) < 3:
        return RedirectResponse(f"/oic/networks/{network_id}", status_code=303)
    return None


@router.get("/oic/networks/{network_id}/links/new", response_model=None)
def new_link(
    request: Request,
    network_id: str,
    justification: str = "",
    who: str = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    return _needs_reason(network_id, justification) or _link_page(
        request, network_id, principal, justification, [], {}, who
    )


def _link_page(
    request: Request,
    network_id: str,
    principal: Principal,
    justification: str,
    errors: list[dict[str, str]],
    form: dict[str, str],
    who: str = "",
) -> HTMLResponse:
    network, members, total = _members(network_id, principal, justification, who)
    return _page(
        request,
        "link_form.html",
        "Link two people",
        errors,
        network=network,
        members=members,
        total=total,
        who=who,
        limit=MEMBER_LIST_LIMIT,
        justification=justification,
        form=form,
    )


@router.post("/oic/networks/{network_id}/links/new")
def post_link(
    request: Request,
    network_id: str,
    justification: Text = "",
    who: Text = "",
    person_a: Text = "",
    person_b: Text = "",
    kind: Text = "",
    source: Text = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    form = {"person_a": person_a, "person_b": person_b, "kind": kind, "source": source}
    try:
        with unit_of_work() as uow:
            members = set(
                uow.session.scalars(
                    select(NetworkMember.person_id).where(NetworkMember.network_id == network_id)
                )
            )
            missing = [
                rules.Violation(field, "choose a member of this network")
                for field, pid in (("person_a", person_a), ("person_b", person_b))
                if pid not in members
            ]
            if missing:
                raise ReturnsError(missing)
            networks.link(
                uow, actor=principal, person_a=person_a, person_b=person_b, kind=kind, source=source
            )
    except ReturnsError as exc:
        errors = form_errors(exc, LINK_FIELDS)
        return _link_page(request, network_id, principal, justification, errors, form, who)
    return _back_to(network_id, justification)


@router.get("/oic/networks/{network_id}/disruptions/new", response_model=None)
def new_disruption(
    request: Request,
    network_id: str,
    justification: str = "",
    who: str = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    return _needs_reason(network_id, justification) or _disruption_page(
        request, network_id, principal, justification, [], {"country": "GBR"}, who
    )


def _disruption_page(
    request: Request,
    network_id: str,
    principal: Principal,
    justification: str,
    errors: list[dict[str, str]],
    form: dict[str, str],
    who: str = "",
) -> HTMLResponse:
    network, members, total = _members(network_id, principal, justification, who)
    with unit_of_work() as uow:
        operations = list(uow.session.execute(select(Operation.id, Operation.name).order_by(Operation.name)))
    return _page(
        request,
        "disruption_form.html",
        "Record a disruption",
        errors,
        network=network,
        members=members,
        total=total,
        who=who,
        limit=MEMBER_LIST_LIMIT,
        operations=operations,
        kinds=rules.DISRUPTION_KINDS,
        justification=justification,
        form=form,
    )


@router.post("/oic/networks/{network_id}/disruptions/new")
def post_disruption(
    request: Request,
    network_id: str,
    justification: Text = "",
    who: Text = "",
    kind: Text = "",
    on: Text = "",
    person_id: Text = "",
    country: Text = "GBR",
    partner: Text = "",
    operation_id: Text = "",
    sentence_months: Text = "",
    details: Text = "",
    principal: Principal = Depends(OIC_WRITE),
) -> Response:
    form = {
        "kind": kind,
        "on": on,
        "person_id": person_id,
        "country": country,
        "partner": partner,
        "operation_id": operation_id,
        "sentence_months": sentence_months,
        "details": details,
    }
    try:
        with unit_of_work() as uow:
            networks.record_disruption(
                uow,
                actor=principal,
                network_id=network_id,
                kind=kind,
                on=parse_date(on, "on"),
                person_id=person_id or None,
                country=country.strip().upper() or "GBR",
                partner=partner.strip() or None,
                operation_id=operation_id or None,
                sentence_months=optional_number(sentence_months, "sentence_months"),
                details=details,
            )
    except ReturnsError as exc:
        errors = form_errors(exc, DISRUPTION_FIELDS)
        return _disruption_page(request, network_id, principal, justification, errors, form, who)
    except NotFound:
        raise HTTPException(404, "There is no network with that reference") from None
    return _back_to(network_id, justification)
