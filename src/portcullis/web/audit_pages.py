"""The auditor's page: search the DPA 2018 s.62 log by person, user, operation, record and date, and check
that its hash chain is intact. Every search and every check is itself recorded as a consultation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import audit, parties
from portcullis.core.access import Principal, require
from portcullis.core.access_models import User
from portcullis.core.clock import LONDON
from portcullis.core.db import unit_of_work
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter()
navigation.add(
    "Audit log", "/audit", "audit.read", "Search who used whose personal data, and check the log is intact"
)

PAGE_SIZE = 50
SUBJECT_ID = re.compile(r"^[0-9a-f]{32}$")
FIELDS = ("person", "user", "operation", "record_id", "reason")
DATE_PARTS = ("day", "month", "year")
OPERATIONS = [op.value for op in audit.Operation]


@dataclass
class Search:
    """A validated search: the filters, the errors found, and what the person filter matched."""

    values: dict[str, str]
    errors: list[dict[str, str]] = field(default_factory=list)
    subject_ids: list[str] | None = None  # None: no person filter
    people: list[parties.Person] = field(default_factory=list)
    actor_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    page: int = 1

    def error_for(self, name: str) -> str | None:
        return next((e["text"] for e in self.errors if e["href"] == f"#{name}"), None)


def _read_date(params: Any, prefix: str, label: str, search: Search) -> date | None:
    parts = {p: (params.get(f"{prefix}-{p}") or "").strip() for p in DATE_PARTS}
    search.values.update({f"{prefix}-{p}": v for p, v in parts.items()})
    if not any(parts.values()):
        return None
    missing = [p for p in DATE_PARTS if not parts[p]]
    href = f"#{prefix}-{missing[0] if missing else 'day'}"
    if missing:
        search.errors.append({"text": f"{label} must include a {' and a '.join(missing)}", "href": href})
        return None
    try:
        return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        search.errors.append({"text": f"{label} must be a real date", "href": href})
        return None


def _london_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON)


def parse_search(session: Session, params: Any) -> Search:
    search = Search(values={name: (params.get(name) or "").strip() for name in FIELDS})
    values = search.values
    if values["user"]:
        user = session.scalar(select(User).where(User.email == values["user"].lower()))
        if user is None:
            search.errors.append(
                {
                    "text": f"No user has the email address {values['user']}: check it, or leave it blank",
                    "href": "#user",
                }
            )
        else:
            search.actor_id = user.id
    if values["operation"] and values["operation"] not in OPERATIONS:
        search.errors.append({"text": "Select an operation from the list", "href": "#operation"})
    since = _read_date(params, "from", "Date from", search)
    until = _read_date(params, "to", "Date to", search)
    if since and until and until < since:
        search.errors.append({"text": "Date to must be the same as or after date from", "href": "#to-day"})
    search.since = _london_midnight(since) if since else None
    search.until = _london_midnight(until + timedelta(days=1)) if until else None
    if values["person"]:
        if SUBJECT_ID.match(values["person"].lower()):
            search.subject_ids = [values["person"].lower()]
        else:
            search.people = parties.find_people_by_name(session, values["person"])
            search.subject_ids = [p.id for p in search.people]
    page = params.get("page") or "1"
    search.page = int(page) if page.isdigit() and int(page) > 0 else 1
    return search


def _query(search: Search) -> Any:
    entry = audit.AuditEntry
    query = select(entry)
    if search.subject_ids is not None:
        query = query.where(entry.subject_id.in_(search.subject_ids))
    if search.actor_id:
        query = query.where(entry.actor_id == search.actor_id)
    if search.values["operation"]:
        query = query.where(entry.operation == search.values["operation"])
    if search.values["record_id"]:
        query = query.where(entry.record_id == search.values["record_id"])
    if search.since:
        query = query.where(entry.at >= search.since)
    if search.until:
        query = query.where(entry.at < search.until)
    return query


def _row(entry: audit.AuditEntry, names: dict[str, str]) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.astimezone(LONDON).strftime("%-d %B %Y %H:%M:%S"),
        "operation": entry.operation,
        "actor": entry.actor_label,
        "subject_id": entry.subject_id,
        "subject_name": names.get(entry.subject_id or ""),
        "record": f"{entry.record_type} {entry.record_id or ''}".strip(),
        "justification": entry.justification,
        "recipient": entry.recipient,
    }


def _pagination(search: Search, total: int) -> dict[str, Any] | None:
    pages = max(1, -(-total // PAGE_SIZE))
    if pages == 1:
        return None
    base = {k: v for k, v in search.values.items() if v}

    def href(n: int) -> str:
        return "/audit?" + urlencode({**base, "search": "1", "page": n})

    shown = sorted({1, pages, *range(max(1, search.page - 2), min(pages, search.page + 2) + 1)})
    items: list[dict[str, Any]] = []
    for n in shown:
        if items and n - items[-1]["number"] > 1:
            items.append({"ellipsis": True, "number": n - 1})
        items.append({"number": n, "href": href(n), "current": n == search.page})
    return {
        "items": items,
        "previous": {"href": href(search.page - 1)} if search.page > 1 else None,
        "next": {"href": href(search.page + 1)} if search.page < pages else None,
        "landmarkLabel": "Pages of audit log results",
    }


def _record_search(uow: Any, principal: Principal, search: Search, total: int) -> None:
    used = sorted(k for k in ("person", "user", "operation", "record_id") if search.values[k])
    if search.since:
        used.append("date_from")
    if search.until:
        used.append("date_to")
    subjects = search.subject_ids or []
    audit.record(
        uow,
        actor=principal,
        operation=audit.Operation.CONSULTATION,
        record_type="audit_log",
        record_id=None,
        subject_id=subjects[0] if len(subjects) == 1 else None,
        justification=search.values["reason"] or "Search of the audit log by an auditor",
        details={
            "filters": used,
            "operation": search.values["operation"] or None,
            "record_id": search.values["record_id"] or None,
            "page": search.page,
            "results": total,
            "subject_ids": subjects[:50],
        },
    )


@router.get("/audit")
def audit_search(request: Request, principal: Principal = Depends(require("audit.read"))) -> Response:
    params = request.query_params
    context: dict[str, Any] = {"title": "Audit log", "operations": OPERATIONS, "searched": False}
    if not params.get("search"):
        context["search"] = Search(values={name: "" for name in FIELDS})
        return render(request, "audit.html", context)
    with unit_of_work() as uow:
        search = parse_search(uow.session, params)
        context["search"] = search
        if search.errors:
            return render(request, "audit.html", {**context, "errors": search.errors}, status_code=400)
        query = _query(search)
        total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        entries = list(
            uow.session.scalars(
                query.order_by(audit.AuditEntry.seq.desc())
                .limit(PAGE_SIZE)
                .offset((search.page - 1) * PAGE_SIZE)
            )
        )
        subject_ids = {e.subject_id for e in entries if e.subject_id}
        people = uow.session.scalars(select(parties.Person).where(parties.Person.id.in_(subject_ids)))
        names = {p.id: p.full_name for p in people}
        rows = [_row(e, names) for e in entries]
        _record_search(uow, principal, search, total)
    first = (search.page - 1) * PAGE_SIZE + 1
    context.update(
        {
            "searched": True,
            "rows": rows,
            "total": total,
            "first": first,
            "last": first + len(rows) - 1,
            "pagination": _pagination(search, total),
        }
    )
    return render(request, "audit.html", context)


@router.get("/audit/verify")
def audit_verify(request: Request, principal: Principal = Depends(require("audit.read"))) -> Response:
    """Walk the whole chain; a broken link names the first entry that was altered or deleted."""
    with unit_of_work() as uow:
        result = audit.verify(uow.session)
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="audit_log",
            record_id=None,
            justification="Verification of the audit log's hash chain",
            details={"verified": result.ok, "checked": result.checked, "broken_seq": result.broken_seq},
        )
    return render(
        request,
        "audit.html",
        {
            "title": "Audit log",
            "operations": OPERATIONS,
            "searched": False,
            "verification": result,
            "search": Search(values={name: "" for name in FIELDS}),
        },
    )
