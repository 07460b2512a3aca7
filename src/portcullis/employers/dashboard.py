"""Managers' figures: visits, arrests, penalties issued and paid, licences suspended and revoked, by month,
region and sector. Counted in Python over plain selects so SQLite and PostgreSQL give the same answer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
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
    wanted = set(keys)
    rows: dict[str, list[tuple[date, str, str]]] = {m: [] for m in MEASURES}  # (date, region, sector)
    visits = {v.id: v for v in session.scalars(select(EnforcementVisit))}
    for v in visits.values():
        if v.visited_on is not None:
            rows["visits"].append((v.visited_on, v.region, v.sector))
    for e in session.scalars(select(Encounter).where(Encounter.arrested.is_(True))):
        v = visits[e.visit_id]
        if e.arrested_at is not None:
            rows["arrests"].append((clock.to_london(e.arrested_at).date(), v.region, v.sector))
    places = _places(session, visits)
    for p in session.scalars(select(Penalty).where(Penalty.issued_on.is_not(None))):
        where = places.get(p.organisation_id, ("Unknown", "other"))
        if p.issued_on is not None:
            rows["penalties_issued"].append((p.issued_on, *where))
        if p.status == "paid":
            last = session.scalars(
                select(PenaltyPayment.paid_on)
                .where(PenaltyPayment.penalty_id == p.id)
                .order_by(PenaltyPayment.paid_on.desc())
            ).first()
            if last is not None:
                rows["penalties_paid"].append((last, *where))
    for licence in session.scalars(select(Licence)):
        sponsor = licence.sponsor
        if licence.suspended_on is not None:
            rows["licences_suspended"].append((licence.suspended_on, sponsor.region, sponsor.sector))
        if licence.revoked_on is not None:
            rows["licences_revoked"].append((licence.revoked_on, sponsor.region, sponsor.sector))
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


def _places(session: Session, visits: dict[str, EnforcementVisit]) -> dict[str, tuple[str, str]]:
    """Region and sector of each organisation: from its sponsor record, else its latest visit."""
    found: dict[str, tuple[str, str]] = {}
    for v in sorted(visits.values(), key=lambda v: v.planned_on):
        if v.organisation_id:
            found[v.organisation_id] = (v.region, v.sector)
    for s in session.scalars(select(Sponsor)):
        found[s.organisation_id] = (s.region, s.sector)
    return found
