"""Detection over a batch of monitoring points, vectorised: exclusion-zone entries (shapely 2 STRtree),
curfew breaches (time of day in UK time and distance from the curfew address), tamper and no-signal events.
Pure computation on arrays; `monitoring.py` loads zones and saves points and alerts."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import Polygon, shape

from portcullis.core.clock import LONDON

METRES_PER_DEGREE = 111_320.0


def circle(lat: float, lon: float, radius_m: float) -> Polygon:
    """A circle of radius_m around a point, as a polygon in degrees (an ellipse in lon/lat)."""
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 1e-6))
    unit = shapely.Point(0, 0).buffer(1.0, quad_segs=8)
    return shapely.affinity.scale(shapely.affinity.translate(unit, lon, lat), dlon, dlat, origin=(lon, lat))


def circles(lat: np.ndarray, lon: np.ndarray, radius_m: np.ndarray) -> np.ndarray:
    """`circle` for many centres at once: one array operation instead of shapely calls per zone."""
    unit = shapely.get_coordinates(shapely.Point(0, 0).buffer(1.0, quad_segs=8).exterior)
    dlat = radius_m / METRES_PER_DEGREE
    dlon = radius_m / (METRES_PER_DEGREE * np.maximum(np.cos(np.radians(lat)), 1e-6))
    xs = lon[:, None] + unit[None, :, 0] * dlon[:, None]
    ys = lat[:, None] + unit[None, :, 1] * dlat[:, None]
    result: np.ndarray = shapely.polygons(np.stack([xs, ys], axis=-1))
    return result


def zone_geometry(condition: dict[str, Any]) -> Polygon:
    if condition.get("polygon"):
        return shape(condition["polygon"])
    centre = condition["centre"]
    return circle(centre["latitude"], centre["longitude"], condition["radius_m"])


@dataclass
class Curfew:
    tag: int  # index into the batch's tag codes
    start_min: int  # minutes after midnight, UK time
    end_min: int
    lat: float
    lon: float
    radius_m: float


@dataclass
class Rules:
    """The zones and curfews to check, keyed by tag index (integers so that matching is vectorised)."""

    zone_geoms: list[Polygon] = field(default_factory=list)
    zone_tag: list[int] = field(default_factory=list)
    zone_ref: list[Any] = field(default_factory=list)  # (order_id, zone name) for each zone
    curfews: list[Curfew] = field(default_factory=list)
    _tree: STRtree | None = None
    _zone_tags: np.ndarray | None = None

    def add_zone(self, tag: int, geom: Polygon, ref: Any) -> None:
        self.zone_geoms.append(geom)
        self.zone_tag.append(tag)
        self.zone_ref.append(ref)
        self._tree = None

    @property
    def zone_tags(self) -> np.ndarray:
        if self._zone_tags is None or self._zone_tags.size != len(self.zone_tag):
            self._zone_tags = np.asarray(self.zone_tag, dtype=np.int64)
        return self._zone_tags

    @property
    def tree(self) -> STRtree:
        if self._tree is None:
            self._tree = STRtree(self.zone_geoms)
        return self._tree


@dataclass(frozen=True)
class Hit:
    kind: str  # zone_entry, curfew, tamper, no_signal
    point: int  # index of the point in the batch
    zone: int | None = None


def _uk_minutes(epoch_s: np.ndarray) -> np.ndarray:
    """Minutes after midnight in UK local time, vectorised (offset from the DST transitions in range)."""
    if epoch_s.size == 0:
        return epoch_s.astype(np.int64)
    lo, hi = int(epoch_s.min()), int(epoch_s.max())
    start = datetime.fromtimestamp(lo, UTC) - timedelta(days=1)
    end = datetime.fromtimestamp(hi, UTC) + timedelta(days=1)
    # Offsets change only at 01:00 UTC on the last Sundays of March and October; sample hourly around them.
    bounds, offsets = [], []
    t = start.replace(minute=0, second=0, microsecond=0)
    prev = None
    while t <= end:
        off = int(t.astimezone(LONDON).utcoffset().total_seconds())  # type: ignore[union-attr]
        if off != prev:
            bounds.append(t.timestamp())
            offsets.append(off)
            prev = off
        t += timedelta(hours=1) if t.month in (3, 10) else timedelta(days=1)
    idx = np.searchsorted(np.asarray(bounds), epoch_s, side="right") - 1
    local = epoch_s + np.asarray(offsets)[np.clip(idx, 0, None)]
    minutes: np.ndarray = ((local % 86400) // 60).astype(np.int64)
    return minutes


KINDS = ("zone_entry", "curfew", "tamper", "no_signal")


def detect_arrays(
    rules: Rules, tag: np.ndarray, epoch_s: np.ndarray, lat: np.ndarray, lon: np.ndarray, event: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every breach in the batch as three arrays: kind (index into KINDS), point index, zone index (-1 for
    none). `tag` holds tag codes, `event` 0 location, 1 tamper, 2 no_signal. No object per point."""
    kinds, points, zones = [], [], []
    for code, kind in ((1, 2), (2, 3)):  # tamper, no_signal
        found = np.flatnonzero(event == code)
        kinds.append(np.full(found.size, kind, dtype=np.int8))
        points.append(found)
        zones.append(np.full(found.size, -1, dtype=np.int64))
    located = np.flatnonzero((event == 0) & ~np.isnan(lat))
    if rules.zone_geoms and located.size:
        pt_idx, zone_idx = rules.tree.query(
            shapely.points(lon[located], lat[located]), predicate="intersects"
        )
        own = rules.zone_tags[zone_idx] == tag[located][pt_idx]  # a zone binds only its own order's subject
        kinds.append(np.zeros(int(own.sum()), dtype=np.int8))
        points.append(located[pt_idx[own]])
        zones.append(zone_idx[own].astype(np.int64))
    if rules.curfews and located.size:
        found = _curfew_breaches(rules, tag, epoch_s, lat, lon, located)
        kinds.append(np.ones(found.size, dtype=np.int8))
        points.append(found)
        zones.append(np.full(found.size, -1, dtype=np.int64))
    return np.concatenate(kinds), np.concatenate(points).astype(np.int64), np.concatenate(zones)


def detect(
    rules: Rules, tag: np.ndarray, epoch_s: np.ndarray, lat: np.ndarray, lon: np.ndarray, event: np.ndarray
) -> list[Hit]:
    """Every breach in the batch as `Hit`s (see `detect_arrays`)."""
    kinds, points, zones = detect_arrays(rules, tag, epoch_s, lat, lon, event)
    return [
        Hit(KINDS[k], int(p), None if z < 0 else int(z))
        for k, p, z in zip(kinds.tolist(), points.tolist(), zones.tolist(), strict=True)
    ]


def _curfew_breaches(
    rules: Rules, tag: np.ndarray, epoch_s: np.ndarray, lat: np.ndarray, lon: np.ndarray, located: np.ndarray
) -> np.ndarray:
    """Indexes of located points inside their tag's curfew hours and away from the curfew address."""
    size = int(max(tag.max(initial=0), max(c.tag for c in rules.curfews))) + 1
    which = np.full(size, -1, dtype=np.int64)
    for n, c in enumerate(rules.curfews):
        which[c.tag] = n
    sel: np.ndarray = located[which[tag[located]] >= 0]
    if sel.size == 0:
        return sel
    cf = which[tag[sel]]
    start = np.array([c.start_min for c in rules.curfews])[cf]
    end = np.array([c.end_min for c in rules.curfews])[cf]
    c_lat = np.array([c.lat for c in rules.curfews])[cf]
    c_lon = np.array([c.lon for c in rules.curfews])[cf]
    radius = np.array([c.radius_m for c in rules.curfews])[cf]
    m = _uk_minutes(epoch_s[sel])
    inside = np.where(start < end, (m >= start) & (m < end), (m >= start) | (m < end))
    dy = (lat[sel] - c_lat) * METRES_PER_DEGREE
    dx = (lon[sel] - c_lon) * METRES_PER_DEGREE * np.cos(np.radians(c_lat))
    result: np.ndarray = sel[inside & (np.hypot(dx, dy) > radius)]
    return result
