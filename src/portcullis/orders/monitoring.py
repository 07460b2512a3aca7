"""Electronic monitoring: fit tags, ingest the supplier's points (API or file), detect breaches as they
arrive and raise alerts with their evidence for the responsible officer. A batch with any bad point is
refused whole: nothing is saved."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, new_id
from portcullis.orders import monitoring_engine as engine
from portcullis.orders.models import MonitoringAlert, MonitoringPoint, MonitoringTag, Order
from portcullis.orders.monitoring_batch import Columns, fast_columns, insert_points, latest_per_tag

__all__ = [
    "EARLIEST",
    "Columns",
    "PointIn",
    "fast_columns",
    "ingest",
    "parse_columns",
    "parse_points",
    "read_file",
]
from portcullis.orders.service import IN_FORCE, OrdersError, timeline

EVENTS = {"location": 0, "tamper": 1, "no_signal": 2}
EARLIEST = datetime(2000, 1, 1).astimezone()
FUTURE_TOLERANCE = timedelta(minutes=5)  # supplier clocks drift a little
MAX_BATCH = 200_000
EVIDENCE_POINTS = 20
POINTS_TABLE = MonitoringPoint.metadata.tables["monitoring_points"]


@dataclass(frozen=True)
class PointIn:
    tag_id: str
    at: datetime
    latitude: float | None
    longitude: float | None
    event: str


def fit_tag(
    uow: UnitOfWork, *, order_id: str, tag_id: str, responsible_officer: str, actor: Principal
) -> MonitoringTag:
    order = uow.session.get(Order, order_id)
    if order is None or order.status != IN_FORCE:
        raise OrdersError([{"field": "order_id", "reason": "no order in force with that id"}])
    if not any(c.get("kind") == "electronic_monitoring" for c in order.conditions):
        raise OrdersError(
            [{"field": "order_id", "reason": "the order has no electronic monitoring condition"}]
        )
    if uow.session.scalar(select(MonitoringTag).where(MonitoringTag.tag_id == tag_id)) is not None:
        raise OrdersError([{"field": "tag_id", "reason": f"tag {tag_id} is already fitted"}])
    tag = MonitoringTag(
        tag_id=tag_id, order_id=order.id, responsible_officer=responsible_officer, fitted_at=clock.now()
    )
    uow.session.add(tag)
    uow.flush()
    timeline(
        uow,
        "tag",
        f"Tag {tag_id} fitted; responsible officer {responsible_officer}",
        actor,
        order_id=order.id,
    )
    return tag


def parse_points(rows: list[dict[str, Any]]) -> list[PointIn]:
    """Validate every row; raise OrdersError naming each bad field (points[i].field)."""
    errors: list[dict[str, str]] = []
    out: list[PointIn] = []
    if len(rows) > MAX_BATCH:
        raise OrdersError([{"field": "points", "reason": f"at most {MAX_BATCH} points per batch"}])
    latest = clock.now() + FUTURE_TOLERANCE
    for i, row in enumerate(rows):
        where = f"points[{i}]"
        if not isinstance(row, dict):
            errors.append({"field": where, "reason": "must be an object"})
            continue
        tag_id = str(row.get("tag_id") or "").strip()
        if not tag_id:
            errors.append({"field": f"{where}.tag_id", "reason": "is missing"})
        event = str(row.get("event") or "location")
        if event not in EVENTS:
            errors.append({"field": f"{where}.event", "reason": f"must be one of {', '.join(EVENTS)}"})
        try:
            at = datetime.fromisoformat(str(row.get("at")))
        except ValueError:
            errors.append({"field": f"{where}.at", "reason": f"{row.get('at')!r} is not an ISO 8601 time"})
            continue
        if at.tzinfo is None:
            errors.append({"field": f"{where}.at", "reason": "needs a time zone offset"})
            continue
        if at > latest:
            errors.append({"field": f"{where}.at", "reason": "is in the future"})
        elif at < EARLIEST:
            errors.append({"field": f"{where}.at", "reason": "is before 2000: impossible for a tag"})
        lat, lon = _coordinate(row.get("latitude"), -90, 90), _coordinate(row.get("longitude"), -180, 180)
        if (
            event == "location"
            or row.get("latitude") not in (None, "")
            or row.get("longitude") not in (None, "")
        ):
            if lat is None:
                errors.append({"field": f"{where}.latitude", "reason": "must be a number from -90 to 90"})
            if lon is None:
                errors.append({"field": f"{where}.longitude", "reason": "must be a number from -180 to 180"})
        out.append(PointIn(tag_id, at, lat, lon, event))
    if errors:
        raise OrdersError(errors[:100])
    return out


def parse_columns(rows: list[dict[str, Any]]) -> Columns:
    """The batch as columns, validated exactly as `parse_points` does (which gives the error messages)."""
    if len(rows) <= MAX_BATCH:
        cols = fast_columns(rows, EARLIEST, clock.now() + FUTURE_TOLERANCE)
        if cols is not None:
            return cols
    return Columns.from_points(parse_points(rows))


def _coordinate(value: Any, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def read_file(name: str, text: str) -> list[dict[str, Any]]:
    """CSV (header tag_id,at,latitude,longitude[,event]) or JSON lines, by file extension."""
    if name.lower().endswith((".jsonl", ".ndjson", ".json")):
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise OrdersError(
                        [{"field": f"line {n}", "reason": f"not valid JSON: {exc.msg}"}]
                    ) from None
        return rows
    reader = csv.DictReader(io.StringIO(text))
    missing = {"tag_id", "at"} - set(reader.fieldnames or [])
    if missing:
        raise OrdersError([{"field": "header", "reason": f"missing column(s) {', '.join(sorted(missing))}"}])
    return [dict(r) for r in reader]


def _rules_for(uow: UnitOfWork, tags: dict[str, int]) -> tuple[engine.Rules, dict[str, MonitoringTag]]:
    rules = engine.Rules()
    found = {
        t.tag_id: t
        for t in uow.session.scalars(
            select(MonitoringTag).where(
                MonitoringTag.tag_id.in_(list(tags)), MonitoringTag.removed_at.is_(None)
            )
        )
    }
    orders = {
        o.id: o
        for o in uow.session.scalars(select(Order).where(Order.id.in_([t.order_id for t in found.values()])))
    }
    for tag_id, tag in found.items():
        order = orders.get(tag.order_id)
        if order is None or order.status != IN_FORCE:
            continue
        for c in order.conditions:
            if c.get("kind") == "exclusion_zone":
                rules.add_zone(tags[tag_id], engine.zone_geometry(c), (order.id, c["name"]))
            elif (
                c.get("kind") == "electronic_monitoring"
                and c.get("mode") == "curfew"
                and c.get("curfew_centre")
            ):
                start, end = (int(c[k][:2]) * 60 + int(c[k][3:]) for k in ("curfew_from", "curfew_to"))
                centre = c["curfew_centre"]
                rules.curfews.append(
                    engine.Curfew(
                        tags[tag_id],
                        start,
                        end,
                        centre["latitude"],
                        centre["longitude"],
                        c.get("curfew_radius_m", 100),
                    )
                )
    return rules, found


def ingest(uow: UnitOfWork, *, rows: list[dict[str, Any]], actor: Principal, source: str) -> dict[str, Any]:
    """Validate, save and check a batch; returns counts and the alerts raised."""
    cols = parse_columns(rows)
    names, codes = np.unique(np.asarray(cols.tag_id, dtype=str), return_inverse=True)
    tag_codes = {str(tag): i for i, tag in enumerate(names)}
    rules, tags = _rules_for(uow, tag_codes)
    unknown = sorted(set(tag_codes) - set(tags))
    if unknown:
        raise OrdersError(
            [
                {"field": "tag_id", "reason": f"tag {t} is not fitted to an order in force"}
                for t in unknown[:20]
            ]
        )
    now, batch = clock.now(), new_id()
    insert_points(uow.session.connection(), POINTS_TABLE.name, cols, now, batch)
    codes = codes.astype(np.int64).ravel()
    hits = engine.detect(rules, codes, cols.epoch_s, cols.latitude, cols.longitude, cols.event_codes())
    alerts = _raise_alerts(uow, cols, hits, rules, tags, now)
    for code, i in latest_per_tag(codes, cols.epoch_s).items():
        tag = tags[str(names[code])]
        tag.last_point_at = max(cols.at[i], tag.last_point_at or cols.at[i])
    audit.record(
        uow,
        actor=actor,
        operation=audit.Operation.COLLECTION,
        record_type="monitoring_batch",
        record_id=batch,
        justification=f"Electronic monitoring points received ({source})",
        details={"points": len(cols), "alerts": len(alerts)},
    )
    return {"batch_id": batch, "accepted": len(cols), "alerts": alerts}


def _raise_alerts(
    uow: UnitOfWork,
    cols: Columns,
    hits: list[engine.Hit],
    rules: engine.Rules,
    tags: dict[str, MonitoringTag],
    now: datetime,
) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, str, int | None], list[int]] = {}
    for h in hits:
        grouped.setdefault((cols.tag_id[h.point], h.kind, h.zone), []).append(h.point)
    out = []
    for (tag_id, kind, zone), idx in grouped.items():
        idx.sort(key=lambda i: cols.at[i])
        tag = tags[tag_id]
        first_at = cols.at[idx[0]]
        evidence_points = []
        for i in idx[:EVIDENCE_POINTS]:
            lat, lon = cols.coordinate(i)
            evidence_points.append(
                {"at": cols.at[i].isoformat(), "latitude": lat, "longitude": lon, "event": cols.event[i]}
            )
        evidence: dict[str, Any] = {
            "points": evidence_points,
            "count": len(idx),
            "first_at": first_at.isoformat(),
            "last_at": cols.at[idx[-1]].isoformat(),
        }
        if zone is not None:
            evidence["zone"] = rules.zone_ref[zone][1]
        alert = MonitoringAlert(
            id=new_id(),  # no flush per alert: ids are known before the batch is written
            order_id=tag.order_id,
            tag_id=tag_id,
            kind=kind,
            at=first_at,
            raised_at=now,
            responsible_officer=tag.responsible_officer,
            evidence=evidence,
        )
        uow.session.add(alert)
        timeline(
            uow,
            "alert",
            f"Monitoring alert: {kind.replace('_', ' ')}"
            + (f" ({evidence['zone']})" if zone is not None else ""),
            _system(),
            order_id=tag.order_id,
        )
        out.append(
            {
                "id": alert.id,
                "order_id": tag.order_id,
                "tag_id": tag_id,
                "kind": kind,
                "at": first_at.isoformat(),
                "delay_seconds": (now - first_at).total_seconds(),
                "evidence": evidence,
            }
        )
    return out


def _system() -> Principal:
    from portcullis.core.access import SYSTEM

    return SYSTEM
