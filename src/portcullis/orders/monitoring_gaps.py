"""No-signal from gaps: a recurring job raises a no-signal alert for a tag on an order in force that has sent
nothing for longer than `orders.monitoring.no_signal_gap_minutes` (a supplier-contract figure, not law).

Each run first queues the next one (every RUN_EVERY), as the employers' daily job does, so a failed run does
not break the chain; `schedule` queues nothing when a run is already waiting. A gap is alerted once: the
alert's time is the moment the tag was last heard from (its last point, or its fitting if it never sent
one), and a tag with a no-signal alert at or after that moment is not alerted again until it reports.
A no-signal event sent by the supplier in that silence counts as its alert. Start the chain with
`portcullis orders no-signal-gaps --schedule`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from portcullis.core import audit, clock, jobs, policy
from portcullis.core.access import SYSTEM
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.orders import monitoring_store
from portcullis.orders.models import MonitoringAlert, MonitoringTag, Order
from portcullis.orders.rules_deadlines import no_signal_gap, silent_too_long
from portcullis.orders.service_support import IN_FORCE, timeline

NO_SIGNAL_GAPS = "orders.no_signal_gaps"
RUN_EVERY = timedelta(minutes=5)


def last_heard(conn: Connection) -> list[dict[str, Any]]:
    """Every tag on an order in force, with its last point (read from the packed points of its bucket)."""
    tags, orders = MonitoringTag.__table__, Order.__table__
    rows = conn.execute(
        select(tags.c.tag_id, tags.c.order_id, tags.c.responsible_officer, tags.c.fitted_at)
        .join(orders, orders.c.id == tags.c.order_id)
        .where(tags.c.removed_at.is_(None), orders.c.status == IN_FORCE)
    )
    out = [dict(r._mapping) for r in rows]
    last = monitoring_store.last_points(conn, [(r["tag_id"], r["fitted_at"]) for r in out])
    return [r | {"last_point_at": last[r["tag_id"]]} for r in out]


def raise_gap_alerts(uow: UnitOfWork, *, now: datetime | None = None) -> list[dict[str, Any]]:
    """Raise a no-signal alert for each tag silent for longer than the gap, once per gap."""
    now = now or clock.now()
    gap, decision = no_signal_gap(policy.at(clock.today_in_london()))
    if gap is None:
        raise jobs.PermanentError(decision.violations[0].reason)
    conn = uow.session.connection()
    silent = []
    for row in last_heard(conn):
        since = row["last_point_at"] or row["fitted_at"]
        if silent_too_long(since, now, gap):
            silent.append(row | {"since": since})
    if not silent:
        return []
    alerts = MonitoringAlert.__table__
    alerted = dict(
        conn.execute(
            select(alerts.c.tag_id, func.max(alerts.c.at))
            .where(alerts.c.kind == "no_signal", alerts.c.tag_id.in_([r["tag_id"] for r in silent]))
            .group_by(alerts.c.tag_id)
        ).all()
    )
    raised = []
    for row in silent:
        if alerted.get(row["tag_id"]) is not None and alerted[row["tag_id"]] >= row["since"]:
            continue  # this gap has its alert already
        minutes = int((now - row["since"]).total_seconds() // 60)
        evidence = {
            "gap": True,
            "last_heard_at": row["since"].isoformat(),
            "last_point_at": row["last_point_at"].isoformat() if row["last_point_at"] else None,
            "silent_minutes": minutes,
            "gap_minutes": int(gap.total_seconds() // 60),
            "parameter": decision.used[0].cite(),
        }
        alert = MonitoringAlert(
            order_id=row["order_id"],
            tag_id=row["tag_id"],
            kind="no_signal",
            at=row["since"],
            raised_at=now,
            responsible_officer=row["responsible_officer"],
            evidence=evidence,
            status="open",
        )
        uow.session.add(alert)
        timeline(
            uow,
            "alert",
            f"Monitoring alert: no signal (nothing received for {minutes} minutes)",
            SYSTEM,
            order_id=row["order_id"],
        )
        raised.append({"tag_id": row["tag_id"], "order_id": row["order_id"], "evidence": evidence})
    if raised:
        uow.flush()
        audit.record(
            uow,
            actor=SYSTEM,
            operation=audit.Operation.COLLECTION,
            record_type="monitoring_gap_check",
            record_id=None,
            justification="No-signal alerts raised for tags that stopped reporting",
            details={"alerts": len(raised), "tags": [r["tag_id"] for r in raised][:100]},
        )
    return raised


def schedule(uow: UnitOfWork) -> jobs.Job | None:
    """Queue the next run unless one is already waiting; returns the job queued, if any."""
    return jobs.schedule_next(
        uow,
        NO_SIGNAL_GAPS,
        {"recurring": True},
        run_at=clock.now() + RUN_EVERY,
        title="Raise no-signal alerts for tags that stopped reporting (every 5 minutes)",
    )


@jobs.handler(NO_SIGNAL_GAPS)
def run_gap_check(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any]:
    if payload.get("recurring"):
        with unit_of_work() as uow:
            schedule(uow)
    progress.update(0, None, "checking tags for reporting gaps")
    with unit_of_work() as uow:
        raised = raise_gap_alerts(uow)
    return {"alerts": len(raised)}
