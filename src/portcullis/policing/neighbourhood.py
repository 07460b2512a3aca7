"""The Neighbourhood Policing Guarantee tracker: national uplift against the targets, named officers per
neighbourhood and the 72-hour response to queries, from the forces' monthly returns."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import clock, policy
from portcullis.policing import rules
from portcullis.policing.models import NeighbourhoodReturn


def neighbourhood_tracker(session: Session) -> dict[str, Any]:
    on = clock.today_in_london()
    snapshot = policy.at(on)
    base_month = str(snapshot.get("policing.neighbourhood.baseline_month"))
    rows = session.scalars(select(NeighbourhoodReturn)).all()
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r.month] += r.officers + r.pcsos + r.specials
    months = sorted(totals)
    latest = months[-1] if months else None
    progress = None
    if latest and base_month in totals:
        progress = rules.neighbourhood_uplift(
            baseline=totals[base_month], current=totals[latest], on=on, snapshot=snapshot
        )
    per_force = [r for r in rows if r.month == latest]
    return {
        "months": months,
        "totals": [totals[m] for m in months],
        "latest": latest,
        "progress": progress,
        "baseline_month": base_month,
        "forces": sorted(per_force, key=lambda r: r.force),
        "response_hours": snapshot.get("policing.neighbourhood.query_response_hours"),
    }
