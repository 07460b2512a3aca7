"""Bulk writes of a monitoring batch below the ORM: alerts and their timeline entries (the points are
packed by `monitoring_store`). SQLite gets one driver `executemany` of plain tuples; PostgreSQL one `COPY`
fed from a text buffer built by whole columns. All on the session's connection, so in the batch's
transaction."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection

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
    return stamps_us(np.round(epoch_s * 1e6).astype(np.int64), postgres)


def stamps_us(micros: np.ndarray, postgres: bool) -> list[str]:
    """As `stamps`, from int64 microseconds since 1970 UTC."""
    text = np.datetime_as_string(micros.astype("datetime64[us]"), unit="us")
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


def executemany(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]) -> None:
    """One driver `executemany` on the session's connection (times as text from `stamp`/`stamps`)."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"  # noqa: S608
    conn.exec_driver_sql(sql, rows)


def insert_rows(conn: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows already as text (times from `stamp`, JSON dumped): COPY on PostgreSQL, executemany otherwise."""
    if not rows:
        return
    if is_postgres(conn):
        _copy(conn, table, columns, _copy_text(rows))
    else:
        executemany(conn, table, columns, rows)
