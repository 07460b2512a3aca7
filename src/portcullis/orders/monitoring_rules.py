"""The zones and curfews of every active tag, kept between monitoring batches. Building them (10,000 zones:
shapely buffers and the STRtree) costs seconds, so each process keeps the last build and rebuilds only when
the token in `monitoring_rules_version` has moved. Any flush that adds or removes a tag or an order, or
changes a tag's order, officer or removal, or an order's status or conditions, moves the token in the same
transaction; code that writes those tables without the ORM calls `rules_changed`."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from sqlalchemy import Connection, event, insert, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction

from portcullis.core.db import new_id
from portcullis.orders import monitoring_engine as engine
from portcullis.orders.models import MonitoringRulesVersion, MonitoringTag, Order

IN_FORCE = "in_force"
VERSION = MonitoringRulesVersion.__table__
_WATCHED: dict[type[object], tuple[str, ...]] = {
    Order: ("status", "conditions"),
    MonitoringTag: ("tag_id", "order_id", "removed_at", "responsible_officer"),
}


@dataclass(frozen=True)
class ActiveRules:
    """Active tags by code (the index used in the detector's arrays) and their zones and curfews."""

    codes: dict[str, int]
    order_id: list[str]
    officer: list[str]
    rules: engine.Rules


_cache: dict[tuple[str, str], ActiveRules] = {}


def rules_changed(conn: Connection) -> None:
    """Move the token: every process rebuilds its zone index before its next batch."""
    token = new_id()
    if (
        conn.execute(update(MonitoringRulesVersion).where(VERSION.c.id == 1).values(token=token)).rowcount
        == 0
    ):
        conn.execute(insert(MonitoringRulesVersion).values(id=1, token=token))


def active(conn: Connection) -> ActiveRules:
    """The rules for this transaction: the cached build while the token has not moved."""
    token = conn.execute(select(VERSION.c.token).where(VERSION.c.id == 1)).scalar()  # read before the data
    key = (str(conn.engine.url), token or "")
    found = _cache.get(key) if token else None
    if found is None:
        found = build(conn)
        _cache.clear()
        if token:
            _cache[key] = found
    return found


def build(conn: Connection) -> ActiveRules:
    tags, orders = MonitoringTag.__table__, Order.__table__
    rows = conn.execute(
        select(tags.c.tag_id, tags.c.order_id, tags.c.responsible_officer, orders.c.conditions)
        .join(orders, orders.c.id == tags.c.order_id)
        .where(tags.c.removed_at.is_(None), orders.c.status == IN_FORCE)
        .order_by(tags.c.tag_id)
    ).all()
    rules = engine.Rules()
    codes: dict[str, int] = {}
    centres: list[tuple[int, float, float, float, Any]] = []  # circles, made together below
    for code, (tag_id, order_id, _officer, conditions) in enumerate(rows):
        codes[tag_id] = code
        for c in conditions or []:
            if c.get("kind") == "exclusion_zone" and not c.get("polygon"):
                centre = c["centre"]
                ref = (order_id, c["name"])
                centres.append((code, centre["latitude"], centre["longitude"], c["radius_m"], ref))
            else:
                _add(rules, code, order_id, c)
    if centres:
        columns = list(zip(*centres, strict=True))
        geoms = engine.circles(*(np.asarray(columns[k], dtype=float) for k in (1, 2, 3)))
        for code, geom, ref in zip(columns[0], geoms, columns[4], strict=True):
            rules.add_zone(code, geom, ref)
    rules.tree  # noqa: B018 - build the STRtree now, once, not in the first batch's detection
    return ActiveRules(codes, [r.order_id for r in rows], [r.responsible_officer for r in rows], rules)


def _add(rules: engine.Rules, code: int, order_id: str, c: dict[str, Any]) -> None:
    if c.get("kind") == "exclusion_zone":
        rules.add_zone(code, engine.zone_geometry(c), (order_id, c["name"]))
    elif c.get("kind") == "electronic_monitoring" and c.get("mode") == "curfew" and c.get("curfew_centre"):
        start, end = (int(c[k][:2]) * 60 + int(c[k][3:]) for k in ("curfew_from", "curfew_to"))
        centre = c["curfew_centre"]
        rules.curfews.append(
            engine.Curfew(
                code, start, end, centre["latitude"], centre["longitude"], c.get("curfew_radius_m", 100)
            )
        )


def _changes_rules(obj: object) -> bool:
    watched = _WATCHED.get(type(obj))
    if watched is None:
        return False
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in watched)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: UOWTransaction) -> None:
    # After the flush the session still lists what it flushed, with the attributes' history.
    if any(type(o) in _WATCHED for o in chain(session.new, session.deleted)) or any(
        _changes_rules(o) for o in session.dirty
    ):
        rules_changed(session.connection())
