"""Events the employers domain raises for others (travel curtails the affected workers' permissions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portcullis.core.events import DomainEvent


@dataclass(frozen=True)
class SponsorLicenceRevoked(DomainEvent):
    licence_id: str
    organisation_id: str
    worker_person_ids: tuple[str, ...]
    on: date


@dataclass(frozen=True)
class DirectorDisqualified(DomainEvent):
    person_id: str
    organisation_id: str
    starts_on: date
    ends_on: date


# Registers the daily overdue-alerts job handler in every process that loads the domains (web and workers).
from portcullis.employers import scheduled  # noqa: E402, F401
