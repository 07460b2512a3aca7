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
from itertools import repeat
from typing import Any

import numpy as np
from sqlalchemy import Connection, select

from portcullis.core import audit, clock
from portcullis.core.access import Principal
from portcullis.core.db import UnitOfWork, new_id
from portcullis.orders import monitoring_engine as engine
from portcullis.orders import monitoring_rules
from portcullis.orders import monitoring_store as store
from portcullis.orders import monitoring_write as write
from portcullis.orders.models import MonitoringTag, Order
from portcullis.orders.monitoring_batch import Columns, fast_columns
from portcullis.orders.monitoring_rules import rules_changed

__all__ = [
    "EARLIEST",
    "Columns",
    "PointIn",
    "fast_columns",
    "ingest",
    "parse_columns",
    "parse_points",
    "read_file",
    "rules_changed",
]
from portcullis.orders.service import IN_FORCE, OrdersError, actor_label, timeline

EVENTS = {"location": 0, "tamper": 1, "no_signal": 2}
EARLIEST = datetime(2000, 1, 1).astimezone()
FUTURE_TOLERANCE = timedelta(minutes=5)  # supplier clocks drift a little
MAX_BATCH = 200_000
EVIDENCE_POINTS = 20


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


def ingest(uow: UnitOfWork, *, rows: list[dict[str, Any]], actor: Principal, source: str) -> dict[str, Any]:
    """Validate, save and check a batch; returns counts and the alerts raised."""
    cols = parse_columns(rows)
    conn = uow.session.connection()
    active = monitoring_rules.active(conn)
    known = active.codes
    codes = np.fromiter(map(known.get, cols.tag_id, repeat(-1)), dtype=np.int64, count=len(cols))
    if (codes < 0).any():
        unknown = sorted({t for t in cols.tag_id if t not in known})
        raise OrdersError(
            [
                {"field": "tag_id", "reason": f"tag {t} is not fitted to an order in force"}
                for t in unknown[:20]
            ]
        )
    now, batch = clock.now(), new_id()
    store.write_blocks(conn, cols, codes, known, now, batch)
    hits = engine.detect_arrays(
        active.rules, codes, cols.epoch_s, cols.latitude, cols.longitude, cols.event_codes()
    )
    alerts = _raise_alerts(conn, cols, codes, hits, active, now)
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
    conn: Connection,
    cols: Columns,
    codes: np.ndarray,
    hits: tuple[np.ndarray, np.ndarray, np.ndarray],
    active: monitoring_rules.ActiveRules,
    now: datetime,
) -> list[dict[str, Any]]:
    """One alert per tag, kind and zone in the batch, with its first points as evidence; alerts and their
    timeline entries written in two bulk inserts."""
    kinds, points, zones = hits
    if points.size == 0:
        return []
    tags = codes[points]
    order = np.lexsort((cols.epoch_s[points], zones, kinds, tags))
    kinds, points, zones, tags = kinds[order], points[order], zones[order], tags[order]
    starts = np.flatnonzero(
        np.r_[True, (tags[1:] != tags[:-1]) | (kinds[1:] != kinds[:-1]) | (zones[1:] != zones[:-1])]
    )
    ends = np.r_[starts[1:], points.size]
    postgres = write.is_postgres(conn)
    raised, system = write.stamp(now, postgres), actor_label(_system())
    first_stamps = write.stamps(cols.epoch_s[points[starts]], postgres)
    ids = write.new_ids(2 * starts.size)
    # Evidence needs a few points per alert: plain lists (None for no coordinate) rather than numpy scalars.
    lat = [None if v != v else v for v in cols.latitude.tolist()]
    lon = [None if v != v else v for v in cols.longitude.tolist()]
    at, event = cols.at, cols.event
    out, alert_rows, event_rows = [], [], []
    for n, (start, end, kind_code, zone, code) in enumerate(
        zip(
            starts.tolist(),
            ends.tolist(),
            kinds[starts].tolist(),
            zones[starts].tolist(),
            tags[starts].tolist(),
            strict=True,
        )
    ):
        kind, order_id, tag_id = engine.KINDS[kind_code], active.order_id[code], cols.tag_id[points[start]]
        idx = points[start:end].tolist()
        first_at = at[idx[0]].isoformat()
        evidence: dict[str, Any] = {
            "points": [
                {"at": at[i].isoformat(), "latitude": lat[i], "longitude": lon[i], "event": event[i]}
                for i in idx[:EVIDENCE_POINTS]
            ],
            "count": len(idx),
            "first_at": first_at,
            "last_at": at[idx[-1]].isoformat(),
        }
        if zone >= 0:
            evidence["zone"] = active.rules.zone_ref[zone][1]
        alert_id = ids[2 * n]
        alert_rows.append(
            (
                alert_id,
                order_id,
                tag_id,
                kind,
                first_stamps[n],
                raised,
                active.officer[code],
                json.dumps(evidence),
                "open",
            )
        )
        summary = f"Monitoring alert: {kind.replace('_', ' ')}" + (
            f" ({evidence['zone']})" if zone >= 0 else ""
        )
        event_rows.append((ids[2 * n + 1], order_id, "alert", summary, system, raised))
        out.append(
            {
                "id": alert_id,
                "order_id": order_id,
                "tag_id": tag_id,
                "kind": kind,
                "at": first_at,
                "delay_seconds": (now - at[idx[0]]).total_seconds(),
                "evidence": evidence,
            }
        )
    write.insert_rows(conn, "monitoring_alerts", write.ALERT_COLUMNS, alert_rows)
    write.insert_rows(conn, "order_events", write.EVENT_COLUMNS, event_rows)
    return out


def _system() -> Principal:
    from portcullis.core.access import SYSTEM

    return SYSTEM
