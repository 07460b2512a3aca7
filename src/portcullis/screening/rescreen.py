"""Bulk re-screening: every person record against the person entries on the lists, with one Splink
Fellegi-Sunter model run on DuckDB (the default) or on Spark. The model's m and u probabilities are fixed
here rather than trained per run, so the same data gives the same alerts on either backend; surname
term-frequency adjustments are computed from the data (a common surname counts for less).

The records side is cut into chunks scored one by one with `predict_chunk`; each chunk's alerts are
committed with the run's progress, so an interrupted run resumes at the next chunk."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jellyfish
import pandas as pd
from sqlalchemy import select

from portcullis.core import clock, policy
from portcullis.core.db import unit_of_work
from portcullis.core.parties import Person
from portcullis.screening import review
from portcullis.screening.matching import make_profile, normalise_identifier, score
from portcullis.screening.models import Entry, RescreenRun
from portcullis.screening.names import normalise
from portcullis.screening.organisations import rescreen_organisations
from portcullis.screening.service import fingerprint

ProgressFn = Callable[[int, int], None]
BACKENDS = ("duckdb", "spark")
PRIOR = 1e-5  # probability that a random record-entry pair is the same person
READING = "~"  # entry rows are "<entry id>~<reading>": one row per way of splitting a free-text name


def model_settings() -> Any:
    """The one Fellegi-Sunter model (same on every backend)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            {
                "sql_condition": "dob_l IS NULL OR dob_r IS NULL",
                "label_for_charts": "null",
                "is_null_level": True,
            },
            {
                "sql_condition": "dob_l = dob_r",
                "label_for_charts": "exact",
                "m_probability": 0.7,
                "u_probability": 0.0002,
            },
            {
                "sql_condition": "dob_year_l = dob_year_r",
                "label_for_charts": "same year",
                "m_probability": 0.2,
                "u_probability": 0.015,
            },
            {
                "sql_condition": "ELSE",
                "label_for_charts": "different",
                "m_probability": 0.1,
                "u_probability": 0.9848,
            },
        ],
    )
    return SettingsCreator(
        link_type="link_only",
        probability_two_random_records_match=PRIOR,
        comparisons=[
            # Levenshtein, not Jaro-Winkler: DuckDB and Spark's similarity jar compute Jaro-Winkler slightly
            # differently, and the two backends must give the same alerts.
            cl.LevenshteinAtThresholds("first_name", [1, 2]).configure(
                m_probabilities=[0.75, 0.12, 0.05, 0.08], u_probabilities=[0.005, 0.008, 0.02, 0.967]
            ),
            cl.LevenshteinAtThresholds("surname", [1, 2]).configure(
                term_frequency_adjustments=True,
                m_probabilities=[0.8, 0.1, 0.05, 0.05],
                u_probabilities=[0.001, 0.003, 0.01, 0.986],
            ),
            dob,
            cl.ExactMatch("nationality").configure(m_probabilities=[0.9, 0.1], u_probabilities=[0.05, 0.95]),
            cl.ExactMatch("identifier").configure(
                m_probabilities=[0.6, 0.4], u_probabilities=[0.00001, 0.99999]
            ),
        ],
        # Candidate pairs: a pair that matches on none of these could not reach the alert threshold anyway
        # (same names but another year of birth stays well below it), and each rule keeps the pair count
        # near linear in the records: a surname typo is caught by the second, a nickname by the third.
        blocking_rules_to_generate_predictions=[
            block_on("surname_key", "first_key"),
            block_on("first_key", "dob_year", "substr(surname, 1, 1)"),
            block_on("surname_key", "dob_year"),
            block_on("identifier"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def _row(
    unique_id: str,
    given: list[str],
    family: list[str],
    dob: str | None,
    nationalities: list[str],
    identifiers: list[str],
) -> dict[str, Any]:
    first = " ".join(given) or None
    surname = " ".join(family) or None
    return {
        "unique_id": unique_id,
        "first_name": first,
        "surname": surname,
        "first_key": jellyfish.metaphone(given[0]) if given and given[0].isalpha() else None,
        "surname_key": jellyfish.metaphone(family[-1]) if family and family[-1].isalpha() else None,
        "dob": dob,
        "dob_year": dob[:4] if dob else None,
        "nationality": nationalities[0] if nationalities else None,
        "identifier": identifiers[0] if identifiers else None,
    }


def person_frame(people: list[Person]) -> pd.DataFrame:
    rows = []
    for person in people:
        given = list(normalise(person.given_names).parts) if person.given_names.strip() else []
        family = list(normalise(person.family_name).parts)
        documents = [normalise_identifier(d.number) for d in person.documents]
        rows.append(_row(person.id, given, family, person.date_of_birth, person.nationality_list, documents))
    return pd.DataFrame(rows, columns=list(_row("", [], [], None, [], []).keys()))


def entry_frame(entries: list[Entry]) -> pd.DataFrame:
    rows = []
    for entry in entries:
        given = [p for g in entry.name_parts.get("given", []) for p in normalise(g).parts]
        family = [p for f in entry.name_parts.get("family", []) for p in normalise(f).parts]
        orders = [(given, family)]
        if not family:  # free-text name: either end may be the surname, so both readings are compared
            parts = list(normalise(entry.name).parts)
            orders = [(parts[:-1], parts[-1:])]
            if len(parts) > 1:
                orders.append((parts[1:], parts[:1]))
        for reading, (first, last) in enumerate(orders):
            rows.append(
                _row(
                    f"{entry.id}{READING}{reading}",
                    first,
                    last,
                    entry.date_of_birth,
                    entry.nationalities.split(),
                    list(entry.identifiers),
                )
            )
    return pd.DataFrame(rows, columns=list(_row("", [], [], None, [], []).keys()))


def spark_session(master: str = "local[2]", checkpoint_dir: str | None = None) -> Any:
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    spark = (
        SparkSession.builder.master(master)
        .appName("portcullis-rescreen")
        .config("spark.jars", similarity_jar_location())
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    folder = checkpoint_dir or str(Path(tempfile.gettempdir()) / "portcullis-spark-checkpoints")
    spark.sparkContext.setCheckpointDir(folder)
    return spark


def db_api_for(backend: str, *, spark_master: str = "local[2]") -> Any:
    if backend == "duckdb":
        from splink import DuckDBAPI

        return DuckDBAPI()
    if backend == "spark":
        from splink import SparkAPI

        return SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=spark_session(spark_master), break_lineage_method="parquet"
        )
    raise ValueError(f"backend: must be duckdb or spark (got {backend!r})")


def predict_pairs(
    records: pd.DataFrame | str,
    entries: pd.DataFrame | str,
    *,
    backend: str,
    threshold: float,
    chunks: int = 1,
    start_chunk: int = 0,
    spark_master: str = "local[2]",
    on_chunk: Callable[[int, pd.DataFrame], None] | None = None,
    db_api: Any = None,
) -> pd.DataFrame:
    """Scored pairs (record id, entry id, match probability) at or above the threshold, chunk by chunk.
    Records and entries are data frames, or names of tables already in the given `db_api`'s database."""
    from splink import Linker

    db_api = db_api or db_api_for(backend, spark_master=spark_master)
    left = db_api.register(records, dataset_display_name="records")
    right = db_api.register(entries, dataset_display_name="entries")
    linker = Linker([left, right], model_settings(), log_level="WARNING")
    found = []
    for chunk in range(start_chunk, chunks):
        scored = linker.inference.predict_chunk(
            left_chunk=(chunk + 1, chunks),
            right_chunk=(1, 1),
            threshold_match_probability=threshold,
            warning_mode="never",
        )
        frame = scored.as_pandas_dataframe()  # type: ignore[no-untyped-call]
        # Splink names the sides by registration order; keep the record on the left.
        if len(frame):
            flip = frame["source_dataset_l"] == "entries"
            frame.loc[flip, ["unique_id_l", "unique_id_r"]] = frame.loc[
                flip, ["unique_id_r", "unique_id_l"]
            ].values
        pairs = frame[["unique_id_l", "unique_id_r", "match_probability"]].rename(
            columns={"unique_id_l": "record_id", "unique_id_r": "entry_id"}
        )
        pairs["entry_id"] = pairs["entry_id"].str.split(READING).str[0]
        pairs = pairs.groupby(["record_id", "entry_id"], as_index=False)["match_probability"].max()
        if on_chunk is not None:
            on_chunk(chunk, pairs)
        found.append(pairs)
    if not found:
        return pd.DataFrame(columns=["record_id", "entry_id", "match_probability"])
    return pd.concat(found, ignore_index=True).sort_values(["record_id", "entry_id"], ignore_index=True)


@dataclass
class RunSummary:
    run_id: str
    backend: str
    status: str
    records: int
    entries: int
    chunks_done: int
    chunks_total: int
    alerts_raised: int

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _entries_to_screen(session: Any, on: date, since: Any) -> list[Entry]:
    query = select(Entry).where(Entry.kind == "person", Entry.removed_in_version.is_(None))
    if since is not None:
        query = query.where(Entry.updated_at >= since)
    return [e for e in session.scalars(query) if e.is_valid_on(on)]


def rescreen(
    *,
    backend: str = "duckdb",
    scope: str = "all",
    chunks: int = 4,
    resume: bool = True,
    spark_master: str = "local[2]",
    progress: ProgressFn | None = None,
) -> RunSummary:
    """Re-screen every person record against the person entries (scope "all") or against the entries
    changed since the last finished run (scope "changed"), then the organisations (`organisations.py`).
    Resumes the last unfinished run of the same backend and scope unless told not to."""
    if backend not in BACKENDS:
        raise ValueError(f"backend: must be one of {', '.join(BACKENDS)} (got {backend!r})")
    if scope not in ("all", "changed"):
        raise ValueError(f"scope: must be all or changed (got {scope!r})")
    if not 1 <= chunks <= 10_000:
        raise ValueError("chunks: must be between 1 and 10000")
    on = clock.today_in_london()
    threshold = float(policy.at(on).value("screening.rescreen.match_probability").value)
    with unit_of_work() as uow:
        session = uow.session
        run = None
        if resume:
            run = session.scalar(
                select(RescreenRun)
                .where(
                    RescreenRun.status == "running",
                    RescreenRun.backend == backend,
                    RescreenRun.scope == scope,
                )
                .order_by(RescreenRun.started_at.desc())
            )
        since = None
        if scope == "changed":
            since = session.scalar(
                select(RescreenRun.started_at)
                .where(RescreenRun.status == "finished")
                .order_by(RescreenRun.started_at.desc())
            )
        if run is not None and run.progress.get("since"):
            since = pd.Timestamp(run.progress["since"]).to_pydatetime()
        if run is None:
            run = RescreenRun(
                backend=backend,
                scope=scope,
                status="running",
                started_at=clock.now(),
                chunks_total=chunks,
                chunks_done=0,
                records=0,
                entries=0,
                alerts_raised=0,
                progress={"since": since.isoformat() if since else None},
            )
            session.add(run)
        people = list(session.scalars(select(Person)))
        entries = _entries_to_screen(session, on, since)
        run.records, run.entries = len(people), len(entries)
        run_id, start, total = run.id or "", run.chunks_done, run.chunks_total
        session.flush()
        run_id = run.id
    by_person = {p.id: p for p in people}
    by_entry = {e.id: e for e in entries}

    def store(chunk: int, pairs: pd.DataFrame) -> None:
        with unit_of_work() as uow:
            raised = 0
            for record_id, entry_id, probability in pairs.itertuples(index=False):
                person, entry = by_person[record_id], by_entry[entry_id]
                names = [person.full_name, *(a.name for a in person.aliases)]
                documents = [d.number for d in person.documents]
                value, explanation = score(
                    make_profile("person", names, person.date_of_birth, person.nationality_list, documents),
                    make_profile(
                        "person",
                        [entry.name, *entry.aliases],
                        entry.date_of_birth,
                        entry.nationalities.split(),
                        entry.identifiers,
                    ),
                )
                explanation["match_probability"] = round(float(probability), 6)
                print_ = fingerprint(
                    kind="person",
                    names=names,
                    date_of_birth=person.date_of_birth,
                    nationalities=person.nationality_list,
                    identifiers=documents,
                )
                alert = review.raise_alert(
                    uow,
                    entry=entry,
                    record_type="person",
                    record_id=person.id,
                    party_id=person.id,
                    use="general",
                    score=value,
                    explanation=explanation,
                    record_fingerprint=print_,
                    origin="rescreen",
                    run_id=run_id,
                )
                raised += alert is not None
            run_row = uow.session.get(RescreenRun, run_id)
            assert run_row is not None
            run_row.chunks_done = chunk + 1
            run_row.alerts_raised += raised
        if progress:
            progress(chunk + 1, total)

    if entries and people:
        predict_pairs(
            person_frame(people),
            entry_frame(entries),
            backend=backend,
            threshold=threshold,
            chunks=total,
            start_chunk=start,
            spark_master=spark_master,
            on_chunk=store,
        )
    organisation_alerts = rescreen_organisations(on=on, since=since, run_id=run_id)
    with unit_of_work() as uow:
        run_row = uow.session.get(RescreenRun, run_id)
        assert run_row is not None
        run_row.alerts_raised += organisation_alerts
        run_row.status, run_row.finished_at, run_row.chunks_done = "finished", clock.now(), total
        return RunSummary(
            run_id,
            backend,
            "finished",
            run_row.records,
            run_row.entries,
            run_row.chunks_done,
            total,
            run_row.alerts_raised,
        )
