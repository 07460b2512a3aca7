"""A supplier batch held as columns (lists and numpy arrays) rather than one object per point, so that the
checks, the detector and the database write work on whole columns. Validation is the same as
`monitoring.parse_points`: a fast column check for the usual batch, and the per-row check, with its
specific messages, whenever anything in the batch is unusual."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import repeat
from typing import Any, Protocol

import numpy as np
from sqlalchemy import Connection

EVENT_CODES = {"location": 0, "tamper": 1, "no_signal": 2}
COLUMNS = ("tag_id", "at", "latitude", "longitude", "event", "received_at", "batch_id")


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

    def coordinate(self, i: int) -> tuple[float | None, float | None]:
        lat, lon = float(self.latitude[i]), float(self.longitude[i])
        return (None if np.isnan(lat) else lat), (None if np.isnan(lon) else lon)

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
    if not all(type(r) is dict for r in rows):
        return None
    try:
        tag_ids = [r["tag_id"].strip() for r in rows]
        at = [datetime.fromisoformat(r["at"]) for r in rows]
        lat = np.array([r["latitude"] for r in rows], dtype=float)
        lon = np.array([r["longitude"] for r in rows], dtype=float)
        events = [r.get("event") or "location" for r in rows]
        if not all(tag_ids) or not set(events) <= EVENT_CODES.keys():
            return None
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    if any(a.tzinfo is None for a in at):
        return None
    epoch = np.array([a.timestamp() for a in at], dtype=float)
    ok = (
        (epoch >= earliest.timestamp())
        & (epoch <= latest.timestamp())
        & (np.abs(lat) <= 90)  # NaN and infinity fail these comparisons too
        & (np.abs(lon) <= 180)
    )
    if not bool(ok.all()):
        return None
    return Columns(tag_ids, at, epoch, lat, lon, events)


def _stamps(epoch_s: np.ndarray, sqlite: bool) -> list[str]:
    """UTC times as text the column type reads back: SQLite's naive storage format, or ISO 8601 with an
    offset for PostgreSQL's timestamptz. Rounded to the microsecond (a float second at today's epoch
    carries it exactly to 0.25 us)."""
    micros = np.round(epoch_s * 1e6).astype(np.int64).astype("datetime64[us]")
    text = np.datetime_as_string(micros, unit="us")
    text = np.char.replace(text, "T", " ") if sqlite else np.char.add(text, "+00:00")
    return text.tolist()  # type: ignore[no-any-return]


def _none_if_nan(values: np.ndarray) -> list[float | None]:
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()  # type: ignore[no-any-return]


def insert_points(conn: Connection, table_name: str, cols: Columns, received: datetime, batch: str) -> None:
    """One executemany of plain tuples on the driver (COPY on PostgreSQL): no per-row SQLAlchemy
    parameter processing. Same connection, so the same transaction as the rest of the batch."""
    sqlite = conn.dialect.name == "sqlite"
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    # Identifiers are this module's constants, never input; values go as parameters.
    sql = f"INSERT INTO {table_name} ({', '.join(COLUMNS)}) VALUES ({', '.join([marker] * len(COLUMNS))})"  # noqa: S608
    received_utc = received.astimezone(UTC)
    received_value: object = received_utc.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else received_utc
    rows = list(
        zip(
            cols.tag_id,
            _stamps(cols.epoch_s, sqlite),
            _none_if_nan(cols.latitude),
            _none_if_nan(cols.longitude),
            cols.event,
            repeat(received_value),
            repeat(batch),
            strict=False,
        )
    )
    if conn.dialect.driver == "psycopg":
        # COPY streams the rows in one command; executemany would send one statement per row.
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection always has its driver connection
        with (
            raw.cursor() as cursor,
            cursor.copy(f"COPY {table_name} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    conn.exec_driver_sql(sql, rows)


def latest_per_tag(codes: np.ndarray, epoch_s: np.ndarray) -> dict[int, int]:
    """For each tag code, the index of its latest point."""
    order = np.lexsort((epoch_s, codes))
    last = np.flatnonzero(np.r_[codes[order][1:] != codes[order][:-1], True])
    return {int(codes[order[i]]): int(order[i]) for i in last}
