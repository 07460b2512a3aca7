"""Helpers shared by the orders pages: names, the audit of each view, the DAPN deadline state."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.orders import service
from portcullis.orders.models import Order

DEADLINE_WARNING = timedelta(hours=12)


def deadline_state(order: Order) -> dict[str, Any] | None:
    """The DAPN hearing deadline with a warning as it nears (12 hours) and once it has passed."""
    if order.hearing_by is None or order.status != service.IN_FORCE:
        return None
    left = order.hearing_by - clock.now()
    local = clock.to_london(order.hearing_by)
    hours = left.total_seconds() / 3600
    level = "passed" if hours < 0 else "near" if left <= DEADLINE_WARNING else "ok"
    return {
        "at": local,
        "text": f"{local:%A %d %B %Y at %H:%M}",
        "hours_left": round(hours, 1),
        "level": level,
    }


def names_of(uow: UnitOfWork, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {p.id: p.full_name for p in uow.session.scalars(select(Person).where(Person.id.in_(ids)))}


def consulted(
    uow: UnitOfWork,
    principal: Principal,
    record_type: str,
    record_id: str | None,
    subject_id: str | None,
    why: str,
    details: dict[str, Any] | None = None,
) -> None:
    audit.record(
        uow,
        actor=principal,
        operation=audit.Operation.CONSULTATION,
        record_type=record_type,
        record_id=record_id,
        subject_id=subject_id,
        justification=why,
        details=details or {},
    )


def load_visible(uow: UnitOfWork, principal: Principal, order_id: str) -> Order:
    """An order this principal may see (their own force's or agency's); 404 otherwise, so others' orders are
    not confirmed to exist."""
    from fastapi import HTTPException

    order = uow.session.get(Order, order_id)
    if order is None or not principal.sees_organisation("orders.read", order.agency):
        raise HTTPException(status_code=404, detail="No such order")
    return order
