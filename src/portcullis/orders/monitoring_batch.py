"""A supplier batch held as columns (lists and numpy arrays) rather than one object per point, so that the
checks, the detector and the database write work on whole columns. Validation is the same as
`monitoring.parse_points`: a fast column check for the usual batch, and the per-row check, with its
specific messages, whenever anything in the batch is unusual."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from operator import attrgetter, itemgetter
from typing import Any, Protocol

import numpy as np

EVENT_CODES = {"location": 0, "tamper": 1, "no_signal": 2}


class PointLike(Protocol):
    @property
    def tag_id(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def latitude(self) -> float | None: ...
    @property
    def longitude(self) -> float | None: ...
    @property
    def event(self) -> str: ...


@dataclass(frozen=True)
class Columns:
    tag_id: list[str]
    at: list[datetime]
    epoch_s: np.ndarray  # float seconds since 1970 UTC
    latitude: np.ndarray  # NaN where the supplier sent none
    longitude: np.ndarray
    event: list[str]

    def __len__(self) -> int:
        return len(self.tag_id)

    def event_codes(self) -> np.ndarray:
        events = np.asarray(self.event)
        codes: np.ndarray = ((events == "tamper") * 1 + (events == "no_signal") * 2).astype(np.int8)
        return codes

    @classmethod
    def from_points(cls, points: Sequence[PointLike]) -> Columns:
        return cls(
            tag_id=[p.tag_id for p in points],
            at=[p.at for p in points],
            epoch_s=np.array([p.at.timestamp() for p in points], dtype=float),
            latitude=np.array([np.nan if p.latitude is None else p.latitude for p in points], dtype=float),
            longitude=np.array([np.nan if p.longitude is None else p.longitude for p in points], dtype=float),
            event=[p.event for p in points],
        )


def fast_columns(rows: list[Any], earliest: datetime, latest: datetime) -> Columns | None:
    """The batch as columns when every row is plainly valid (tag, ISO time with offset in range, known
    event, numeric coordinates in range); None otherwise, so the caller runs the per-row check."""
    if rows and set(map(type, rows)) != {dict}:
        return None
    # map/itemgetter keep the per-row loops in C; anything odd raises and goes to the per-row check.
    try:
        tag_ids = list(map(str.strip, map(itemgetter("tag_id"), rows)))
        at = list(map(datetime.fromisoformat, map(itemgetter("at"), rows)))
        lat = np.array(list(map(itemgetter("latitude"), rows)), dtype=float)
        lon = np.array(list(map(itemgetter("longitude"), rows)), dtype=float)
        events = list(map(dict.get, rows, repeat("event"), repeat("location")))  # null: per-row check
        if not all(tag_ids) or not set(events) <= EVENT_CODES.keys():
            return None
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    if None in map(attrgetter("tzinfo"), at):
        return None
    epoch = np.fromiter(map(datetime.timestamp, at), dtype=float, count=len(at))
    ok = (
        (epoch >= earliest.timestamp())
        & (epoch <= latest.timestamp())
        & (np.abs(lat) <= 90)  # NaN and infinity fail these comparisons too
        & (np.abs(lon) <= 180)
    )
    if not bool(ok.all()):
        return None
    return Columns(tag_ids, at, epoch, lat, lon, events)
