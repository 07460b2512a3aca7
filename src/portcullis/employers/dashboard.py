"""Managers' figures: visits, arrests, penalties issued and paid, licences suspended and revoked, by month,
region and sector. Counted in Python over plain selects so SQLite and PostgreSQL give the same answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portcullis.core import clock
from portcullis.employers.models import Encounter, EnforcementVisit, Licence, Penalty, PenaltyPayment, Sponsor

MEASURES = {
    "visits": "Visits",
    "arrests": "Arrests",
    "penalties_issued": "Penalties issued",
    "penalties_paid": "Penalties paid in full",
    "licences_suspended": "Licences suspended",
    "licences_revoked": "Licences revoked",
}


@dataclass(frozen=True)
class Figures:
    months: list[str]  # "YYYY-MM", oldest first
    by_month: dict[str, dict[str, int]]  # measure -> month -> count
    by_region: dict[str, dict[str, int]]  # measure -> region -> count
    by_sector: dict[str, dict[str, int]]

    def total(self, measure: str) -> int:
        return sum(self.by_month[measure].values())


def month_keys(end: date, count: int) -> list[str]:
    keys = []
    year, month = end.year, end.month
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(keys))


def figures(
    session: Session, *, end: date, months: int = 12, region: str | None = None, sector: str | None = None
) -> Figures:
    keys = month_keys(end, months)
    start = date(int(keys[0][:4]), int(keys[0][5:]), 1)
    rows: dict[str, list[tuple[date, str, str]]] = {m: [] for m in MEASURES}  # (date, region, sector)
    # Plain column selects, not ORM objects: the dashboard reads tens of thousands of rows.
    places: dict[str, tuple[str, str]] = {}
    for org_id, visited, where, what in session.execute(
        select(
            EnforcementVisit.organisation_id,
            EnforcementVisit.visited_on,
            EnforcementVisit.region,
            EnforcementVisit.sector,
        ).order_by(EnforcementVisit.planned_on)
    ):
        if org_id:
            places[org_id] = (where, what)
        if visited is not None and visited >= start:
            rows["visits"].append((visited, where, what))
    for at, where, what in session.execute(
        select(Encounter.arrested_at, EnforcementVisit.region, EnforcementVisit.sector)
        .join(EnforcementVisit, EnforcementVisit.id == Encounter.visit_id)
        .where(Encounter.arrested.is_(True), Encounter.arrested_at.is_not(None))
    ):
        if at is not None:
            rows["arrests"].append((clock.to_london(at).date(), where, what))
    for org_id, where, what in session.execute(
        select(Sponsor.organisation_id, Sponsor.region, Sponsor.sector)
    ):
        places[org_id] = (where, what)
    last_paid = dict(
        session.execute(
            select(PenaltyPayment.penalty_id, func.max(PenaltyPayment.paid_on)).group_by(
                PenaltyPayment.penalty_id
            )
        ).all()
    )
    for penalty_id, org_id, issued, status in session.execute(
        select(Penalty.id, Penalty.organisation_id, Penalty.issued_on, Penalty.status).where(
            Penalty.issued_on.is_not(None)
        )
    ):
        where_what = places.get(org_id, ("Unknown", "other"))
        if issued is not None:
            rows["penalties_issued"].append((issued, *where_what))
        if status == "paid" and last_paid.get(penalty_id) is not None:
            rows["penalties_paid"].append((last_paid[penalty_id], *where_what))
    for suspended, revoked, where, what in session.execute(
        select(Licence.suspended_on, Licence.revoked_on, Sponsor.region, Sponsor.sector).join(
            Sponsor, Sponsor.id == Licence.sponsor_id
        )
    ):
        if suspended is not None:
            rows["licences_suspended"].append((suspended, where, what))
        if revoked is not None:
            rows["licences_revoked"].append((revoked, where, what))
    wanted = set(keys)
    by_month: dict[str, dict[str, int]] = {}
    by_region: dict[str, dict[str, int]] = {}
    by_sector: dict[str, dict[str, int]] = {}
    for measure, found in rows.items():
        kept = [
            (d, r, s)
            for d, r, s in found
            if f"{d.year:04d}-{d.month:02d}" in wanted
            and (region is None or r == region)
            and (sector is None or s == sector)
        ]
        per_month = Counter(f"{d.year:04d}-{d.month:02d}" for d, _, _ in kept)
        by_month[measure] = {k: per_month.get(k, 0) for k in keys}
        by_region[measure] = dict(sorted(Counter(r for _, r, _ in kept).items()))
        by_sector[measure] = dict(sorted(Counter(s for _, _, s in kept).items()))
    return Figures(months=keys, by_month=by_month, by_region=by_region, by_sector=by_sector)
