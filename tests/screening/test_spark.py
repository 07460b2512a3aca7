"""The Spark backend gives the same alerts as DuckDB (slow: a local Spark session takes ~20 s to start)."""

from __future__ import annotations

import pandas as pd
import pytest

from portcullis.screening import rescreen, variations

pytestmark = pytest.mark.spark


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    listed, queries = variations.generate(120, 60, seed=7)
    records = []
    for query in queries:
        parts = query.record.names[0].split()
        records.append(
            rescreen._row(
                query.ref,
                [p.lower() for p in parts[:-1]],
                [parts[-1].lower()],
                query.record.date_of_birth or None,
                list(query.record.nationalities),
                [],
            )
        )
    entries = []
    for record in listed:
        parts = record.names[0].lower().split()
        entries.append(
            rescreen._row(
                f"{record.ref}~0",
                parts[:-1],
                parts[-1:],
                record.date_of_birth,
                list(record.nationalities),
                [],
            )
        )
    return pd.DataFrame(records), pd.DataFrame(entries)


def test_spark_and_duckdb_give_the_same_alerts() -> None:
    records, entries = _frames()
    duck = rescreen.predict_pairs(records, entries, backend="duckdb", threshold=0.9, chunks=2)
    spark = rescreen.predict_pairs(records, entries, backend="spark", threshold=0.9, chunks=2)
    assert len(duck) > 20
    assert set(zip(duck.record_id, duck.entry_id, strict=True)) == set(
        zip(spark.record_id, spark.entry_id, strict=True)
    )
    merged = duck.merge(spark, on=["record_id", "entry_id"], suffixes=("_duck", "_spark"))
    assert (merged.match_probability_duck - merged.match_probability_spark).abs().max() < 1e-6
