"""Monitoring points stored packed: one row per (bucket, batch) instead of one row per point.

A tag's bucket is a fixed hash of its id (`BUCKETS` of them). Each row holds the batch's points of the tags
in that bucket as packed arrays (times as int64 microseconds since 1970 UTC, latitude and longitude as float64
with NaN for none, events as int8 codes), sorted by tag then time, with the tags as a JSON list and how many
points each has. The row carries its first and last point time, indexed with the bucket, so "a tag's points
between two times" and "a tag's last point" read only the rows of one bucket that can hold them, and unpack
only those. A batch of 10,000 points is at most `BUCKETS` rows, whatever the number of tags."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import Connection, select

from portcullis.orders import monitoring_write as write
from portcullis.orders.models import MonitoringPointBlock
from portcullis.orders.monitoring_batch import EVENT_CODES, Columns

BUCKETS = 256
BLOCK_COLUMNS = (
    "bucket",
    "first_at",
    "last_at",
    "received_at",
    "batch_id",
    "count",
    "tags",
    "tag_counts",
    "at_us",
    "latitude",
    "longitude",
    "events",
)
EVENT_NAMES = {code: name for name, code in EVENT_CODES.items()}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def bucket_of(tag_id: str) -> int:
    return zlib.crc32(tag_id.encode()) % BUCKETS


def micros(epoch_s: np.ndarray) -> np.ndarray:
    """Float seconds to int64 microseconds (exact at today's epoch; the same rounding as the stored text)."""
    out: np.ndarray = np.round(epoch_s * 1e6).astype(np.int64)
    return out


def to_datetime(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


@dataclass(frozen=True)
class StoredPoint:
    tag_id: str
    at: datetime
    latitude: float | None
    longitude: float | None
    event: str
    received_at: datetime
    batch_id: str


_known: list[tuple[dict[str, int], list[str], np.ndarray]] = []  # one entry: codes, names and buckets


def _by_code(known: dict[str, int]) -> tuple[list[str], np.ndarray]:
    """Tag names and buckets indexed by tag code, kept while the active tags (`known`) are the same object."""
    kept = _known[0] if _known else None
    if kept is None or kept[0] is not known:
        size = max(known.values(), default=-1) + 1
        names = [""] * size
        for tag_id, code in known.items():
            names[code] = tag_id
        kept = (known, names, np.fromiter(map(bucket_of, names), dtype=np.int64, count=size))
        _known[:] = [kept]  # one assignment: a concurrent batch sees the old entry or the new one
    return kept[1], kept[2]


def write_blocks(
    conn: Connection, cols: Columns, codes: np.ndarray, known: dict[str, int], received: datetime, batch: str
) -> None:
    """Store the batch: one row per bucket present, points sorted by tag then time. `codes` are the points'
    tag codes in `known` (tag id to code)."""
    if len(cols) == 0:
        return
    names, bucket_by_code = _by_code(known)
    buckets = bucket_by_code[codes]
    order = np.lexsort((cols.epoch_s, codes, buckets))
    s_codes, s_buckets = codes[order], buckets[order]
    at_us, events = micros(cols.epoch_s[order]), cols.event_codes()[order]
    lat, lon = cols.latitude[order], cols.longitude[order]
    tag_starts = np.flatnonzero(np.r_[True, s_codes[1:] != s_codes[:-1]])
    tag_counts = np.diff(np.r_[tag_starts, len(order)]).astype(np.int32)
    tag_buckets = s_buckets[tag_starts]
    tag_names = [names[c] for c in s_codes[tag_starts].tolist()]
    cuts = np.flatnonzero(np.r_[True, tag_buckets[1:] != tag_buckets[:-1], True])  # by tag
    bounds = np.r_[tag_starts, len(order)][cuts]  # by point: row k holds points bounds[k]:bounds[k + 1]
    lows, highs = bounds[:-1], bounds[1:]
    postgres = write.is_postgres(conn)
    firsts = write.stamps_us(np.minimum.reduceat(at_us, lows), postgres)
    lasts = write.stamps_us(np.maximum.reduceat(at_us, lows), postgres)
    received_text = write.stamp(received, postgres)
    rows: list[tuple[object, ...]] = [
        (
            bucket,
            first,
            last,
            received_text,
            batch,
            hi - lo,
            json.dumps(tag_names[lo_tag:hi_tag]),
            tag_counts[lo_tag:hi_tag].tobytes(),
            at_us[lo:hi].tobytes(),
            lat[lo:hi].tobytes(),
            lon[lo:hi].tobytes(),
            events[lo:hi].tobytes(),
        )
        for bucket, first, last, lo, hi, lo_tag, hi_tag in zip(
            tag_buckets[cuts[:-1]].tolist(),
            firsts,
            lasts,
            lows.tolist(),
            highs.tolist(),
            cuts[:-1].tolist(),
            cuts[1:].tolist(),
            strict=True,
        )
    ]
    write.executemany(conn, "monitoring_point_blocks", BLOCK_COLUMNS, rows)


def _tag_slice(tags_json: str, counts: bytes, tag_id: str) -> tuple[int, int] | None:
    tags = json.loads(tags_json)
    if tag_id not in tags:
        return None
    n = tags.index(tag_id)
    offsets = np.r_[0, np.cumsum(np.frombuffer(counts, dtype=np.int32))]
    return int(offsets[n]), int(offsets[n + 1])


def points_of(
    conn: Connection, tag_id: str, start: datetime | None = None, end: datetime | None = None
) -> list[StoredPoint]:
    """A tag's points with start <= at <= end (either open), by time: reads only its bucket's rows that
    overlap the window."""
    t = MonitoringPointBlock.__table__
    query = select(t).where(t.c.bucket == bucket_of(tag_id))
    if start is not None:
        query = query.where(t.c.last_at >= start)
    if end is not None:
        query = query.where(t.c.first_at <= end)
    low = -(2**63) if start is None else micros(np.array([start.timestamp()]))[0]
    high = 2**63 - 1 if end is None else micros(np.array([end.timestamp()]))[0]
    out: list[StoredPoint] = []
    for row in conn.execute(query.order_by(t.c.last_at, t.c.id)):
        span = _tag_slice(row.tags, row.tag_counts, tag_id)
        if span is None:
            continue
        lo, hi = span
        at = np.frombuffer(row.at_us, dtype=np.int64)[lo:hi]
        keep = np.flatnonzero((at >= low) & (at <= high))
        lat = np.frombuffer(row.latitude, dtype=np.float64)[lo:hi]
        lon = np.frombuffer(row.longitude, dtype=np.float64)[lo:hi]
        ev = np.frombuffer(row.events, dtype=np.int8)[lo:hi]
        for i in keep.tolist():
            out.append(
                StoredPoint(
                    tag_id,
                    to_datetime(int(at[i])),
                    None if np.isnan(lat[i]) else float(lat[i]),
                    None if np.isnan(lon[i]) else float(lon[i]),
                    EVENT_NAMES[int(ev[i])],
                    row.received_at,
                    row.batch_id,
                )
            )
    out.sort(key=lambda p: p.at)
    return out


def last_points(conn: Connection, tags: Iterable[tuple[str, datetime]]) -> dict[str, datetime | None]:
    """Each tag's latest point time (None if it never sent one), for (tag id, fitted at) pairs.

    Per bucket, rows are read newest `last_at` first and stop as soon as every wanted tag is found and no
    older row can hold a later point. Points of a tag are only received after it is fitted, so rows received
    before the earliest fitting of the tags still wanted are never read."""
    by_bucket: dict[int, dict[str, datetime]] = {}
    for tag_id, fitted_at in tags:
        by_bucket.setdefault(bucket_of(tag_id), {})[tag_id] = fitted_at
    t = MonitoringPointBlock.__table__
    found: dict[str, int | None] = {}
    for bucket, wanted in by_bucket.items():
        best: dict[str, int] = {}
        query = (
            select(t.c.last_at, t.c.tags, t.c.tag_counts, t.c.at_us)
            .where(t.c.bucket == bucket, t.c.received_at >= min(wanted.values()))
            .order_by(t.c.last_at.desc())
        )
        for row in conn.execute(query):
            if len(best) == len(wanted):
                last_us = micros(np.array([row.last_at.timestamp()]))[0]
                if last_us <= min(best.values()):
                    break
            names = json.loads(row.tags)
            if wanted.keys().isdisjoint(names):
                continue
            starts = np.r_[0, np.cumsum(np.frombuffer(row.tag_counts, dtype=np.int32))[:-1]]
            latest = np.maximum.reduceat(np.frombuffer(row.at_us, dtype=np.int64), starts).tolist()
            for name, us in zip(names, latest, strict=True):
                if name in wanted and us > best.get(name, -(2**63)):
                    best[name] = us
        for tag_id in wanted:
            found[tag_id] = best.get(tag_id)
    return {tag: None if us is None else to_datetime(us) for tag, us in found.items()}
