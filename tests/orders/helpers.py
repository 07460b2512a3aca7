"""Helpers for the orders tests: snapshots with a not-yet-known parameter given a value (what the law
would be once found), and people to apply against."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from portcullis.core import policy
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.core.policy import DatedValue, Reference


def snapshot_with(on: date, overrides: dict[str, tuple[date, Any]]) -> policy.Snapshot:
    params = dict(policy.all_parameters())
    for name, (effective, value) in overrides.items():
        p = params[name]
        extra = DatedValue(effective, value, (Reference("test assumption"),), False)
        values = tuple(
            sorted(
                [v for v in p.values if v.effective_from != effective] + [extra],
                key=lambda v: v.effective_from,
            )
        )
        params[name] = replace(p, values=values)
    return policy.Snapshot(on=on, parameters=params)


INTERIM_KNOWN = {
    "orders.interim_scpo.commencement": (date(2025, 12, 2), "2026-01-15"),
    "orders.interim_scpo.applicants": (date(2025, 12, 2), ["nca", "territorial", "other-law-enforcement"]),
}


def make_person(given: str = "Sam", family: str = "Subject", dob: str | None = "1985-03-04") -> str:
    with unit_of_work() as uow:
        person = Person(given_names=given, family_name=family, date_of_birth=dob, nationalities="GBR")
        uow.session.add(person)
        uow.flush()
        return person.id
