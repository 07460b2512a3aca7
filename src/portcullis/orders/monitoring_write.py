"""Bulk writes of a monitoring batch below the ORM: points, alerts and their timeline entries. SQLite gets
one driver `executemany` of plain tuples; PostgreSQL one `COPY` fed from a text buffer built by whole
columns. All on the session's connection, so in the batch's transaction."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np
from sqlalchemy import Connection

from portcullis.orders.monitoring_batch import Columns

POINT_COLUMNS = ("tag_id", "at", "latitude", "longitude", "event", "received_at", "batch_id")
ALERT_COLUMNS = (
    "id",
    "order_id",
    "tag_id",
    "kind",
    "at",
    "raised_at",
    "responsible_officer",
    "evidence",
    "status",
)
EVENT_COLUMNS = ("id", "order_id", "kind", "summary", "actor_label", "at")
_COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def new_ids(count: int) -> list[str]:
    """`count` random 32-hex-digit ids (the shape of `core.db.new_id`) from one call to the OS."""
    text = os.urandom(16 * count).hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.driver == "psycopg"


def stamps(epoch_s: np.ndarray, postgres: bool) -> list[str]:
    """UTC times as text the column type reads back: SQLite's naive storage format, or ISO 8601 with an
    offset for PostgreSQL's timestamptz. Rounded to the microsecond (a float second at today's epoch
    carries it exactly to 0.25 us)."""
    micros = np.round(epoch_s * 1e6).astype(np.int64).astype("datetime64[us]")
    text = np.datetime_as_string(micros, unit="us")
    text = np.char.add(text, "+00:00") if postgres else np.char.replace(text, "T", " ")
    return text.tolist()  # type: ignore[no-any-return]


def stamp(at: datetime, postgres: bool) -> str:
    utc = at.astimezone(UTC)
    return utc.isoformat() if postgres else utc.strftime("%Y-%m-%d %H:%M:%S.%f")


def _none_if_nan(values: np.ndarray) -> list[float | None]:
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out.tolist()  # type: ignore[no-any-return]


def _copy(conn: Connection, table: str, columns: Sequence[str], text: str) -> None:
    raw = conn.connection.driver_connection
    assert raw is not None  # an open connection always has its driver connection
    # Identifiers are this module's constants, never input; the values travel as COPY data.
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(text)


def _copy_text(rows: Iterable[Sequence[str | None]]) -> str:
    """COPY text format: tab-separated, \\N for null, backslash escapes."""
    return "".join(
        "\t".join("\\N" if v is None else v.translate(_COPY_SPECIAL) for v in row) + "\n" for row in rows
    )


def _executemany(
    conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]
) -> None:
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"  # noqa: S608
    conn.exec_driver_sql(sql, rows)


def insert_points(conn: Connection, cols: Columns, received: datetime, batch: str, order: np.ndarray) -> None:
    """The points in `order` (by tag, then time: the (tag_id, at) index then grows page by page rather than
    at random, a third less work for SQLite)."""
    postgres = is_postgres(conn)
    at = stamps(cols.epoch_s[order], postgres)
    pick = itemgetter(*order.tolist()) if len(order) > 1 else (lambda seq: tuple(seq[i] for i in order))
    tags, events = pick(cols.tag_id), pick(cols.event)
    lat, lon = cols.latitude[order], cols.longitude[order]
    tail = f"\t{stamp(received, postgres)}\t{batch}"
    if postgres:
        distinct = "".join(set(tags))
        if any(ch in distinct for ch in "\\\t\n\r"):
            tags = tuple(t.translate(_COPY_SPECIAL) for t in tags)
        lat_text, lon_text = (np.where(np.isnan(v), "\\N", v.astype(str)).tolist() for v in (lat, lon))
        lines = map("\t".join, zip(tags, at, lat_text, lon_text, events, strict=True))
        _copy(conn, "monitoring_points", POINT_COLUMNS, (tail + "\n").join(lines) + tail + "\n")
        return
    received_text = stamp(received, postgres)
    rows = list(
        zip(
            tags,
            at,
            _none_if_nan(lat),
            _none_if_nan(lon),
            events,
            repeat(received_text),
            repeat(batch),
            strict=False,
        )
    )
    _executemany(conn, "monitoring_points", POINT_COLUMNS, rows)


def insert_rows(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows already as text (times from `stamp`, JSON dumped): COPY on PostgreSQL, executemany otherwise."""
    if not rows:
        return
    if is_postgres(conn):
        _copy(conn, table, columns, _copy_text(rows))
    else:
        _executemany(conn, table, columns, rows)
