"""Effects of orders elsewhere, through the screening service (INTERFACES.md), in the caller's unit of work:
a travel restriction puts the subject on `travel-restricted`; association bans put the subject and each
named person on `association-ban`. Ending or discharging an order ends those entries."""

from __future__ import annotations

from datetime import date
from typing import Any

from portcullis.core.db import UnitOfWork
from portcullis.core.parties import Person
from portcullis.screening import service as screening

TRAVEL_LIST = "travel-restricted"
ASSOCIATION_LIST = "association-ban"


def _subject(person: Person) -> screening.SubjectIn:
    names = [person.full_name] + [a.name for a in person.aliases]
    return screening.SubjectIn(
        kind="person",
        names=names,
        date_of_birth=person.date_of_birth,
        nationalities=person.nationality_list,
        identifiers=[d.number for d in person.documents],
        party_id=person.id,
    )


def _refs(
    order_id: str, conditions: list[dict[str, Any]]
) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """(list, source_ref, person_id or None for the subject, condition) for every entry the order makes."""
    out: list[tuple[str, str, str | None, dict[str, Any]]] = []
    for c in conditions:
        if c.get("kind") == "travel_restriction":
            out.append((TRAVEL_LIST, f"order:{order_id}", None, c))
        elif c.get("kind") == "association":
            out.append((ASSOCIATION_LIST, f"order:{order_id}", None, c))
            for pid in c.get("person_ids", []):
                out.append((ASSOCIATION_LIST, f"order:{order_id}:person:{pid}", pid, c))
    return out


def apply(uow: UnitOfWork, *, order: Any) -> list[str]:
    """List (or update) the order's entries; returns the entry ids."""
    ids: list[str] = []
    seen: set[tuple[str, str]] = set()
    for list_name, ref, person_id, condition in _refs(order.id, order.conditions):
        if (list_name, ref) in seen:
            continue
        seen.add((list_name, ref))
        person = uow.session.get(Person, person_id or order.subject_person_id)
        if person is None:
            continue
        start = date.fromisoformat(condition["starts_on"]) if condition.get("starts_on") else order.starts_on
        end = date.fromisoformat(condition["ends_on"]) if condition.get("ends_on") else order.ends_on
        reason = (
            "order-travel-restriction"
            if list_name == TRAVEL_LIST
            else ("order-association-subject" if person_id is None else "order-association-named")
        )
        ids.append(
            screening.upsert_internal_entry(
                uow,
                list_name=list_name,
                source_ref=ref,
                subject=_subject(person),
                reason_code=reason,
                source=f"orders:{order.order_type}",
                valid_from=start,
                valid_to=end,
            )
        )
    return ids


def end(uow: UnitOfWork, *, order: Any, on: date, conditions: list[dict[str, Any]] | None = None) -> None:
    """End every entry the order (with these conditions, default its own) made, from `on`."""
    for list_name, ref, _pid, _c in _refs(
        order.id, conditions if conditions is not None else order.conditions
    ):
        screening.end_internal_entry(uow, list_name=list_name, source_ref=ref, on=on)
