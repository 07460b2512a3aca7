"""Imports: row-numbered reasons for bad files, nothing half-imported, DuckDB for incidents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.policing import imports, service
from portcullis.policing.models import AttendanceMonth, CallMonth, MeasureValue, NeighbourhoodReturn

HEADER_999 = (
    "force,month,calls_answered,answered_within_10s,answered_10_to_60s,answered_over_60s,"
    "mean_answer_seconds\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(kind: str, path: Path) -> None:
    with unit_of_work() as uow:
        imports.import_file(uow, kind=kind, path=path, actor=access.SYSTEM)


def count(model: type) -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_valid_999_file_is_imported_in_the_police_uk_format(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "999.csv",
        HEADER_999 + "Kent Police,2025-04,1000,920,60,20,6.5\ncleveland,2025-04,500,400,80,20,12.1\n",
    )
    run("999", path)
    assert count(CallMonth) == 2


def test_a_999_file_missing_a_column_is_rejected_naming_the_column(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "999.csv", "force,month,calls_answered\nkent,2025-04,10\n")
    with pytest.raises(imports.ImportRejected) as exc:
        run("999", path)
    assert {e.field for e in exc.value.errors} >= {"answered_within_10s", "mean_answer_seconds"}
    assert exc.value.errors[0].row == 1


def test_negative_counts_future_months_and_unknown_forces_are_reported_by_row_and_nothing_is_saved(
    database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "999.csv",
        HEADER_999
        + "kent,2025-04,1000,920,60,20,6.5\n"  # row 2: fine
        + "kent,2025-05,-5,0,0,0,1\n"  # row 3: negative
        + "essex,2025-07,10,10,0,0,1\n"  # row 4: future (clock is 2 June 2025)
        + "Gotham,2025-04,10,10,0,0,1\n"  # row 5: unknown force
        + "essex,2025-04,10,5,0,0,1\n",
    )  # row 6: bands do not add up
    with pytest.raises(imports.ImportRejected) as exc:
        run("999", path)
    found = {(e.row, e.field) for e in exc.value.errors}
    assert (3, "calls_answered") in found
    assert (4, "month") in found
    assert (5, "force") in found
    assert (6, "calls_answered") in found
    assert "future" in next(e.reason for e in exc.value.errors if e.row == 4)
    assert count(CallMonth) == 0


def test_a_corrected_month_replaces_the_old_figures(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run("999", write(tmp_path, "a.csv", HEADER_999 + "kent,2025-04,1000,920,60,20,6.5\n"))
    run("999", write(tmp_path, "b.csv", HEADER_999 + "kent,2025-04,1000,800,180,20,8.5\n"))
    with unit_of_work() as uow:
        rows = uow.session.scalars(select(CallMonth)).all()
        assert [(r.within_10s, r.mean_answer_seconds) for r in rows] == [(800, Decimal("8.50"))]


def test_generic_measures_and_neighbourhood_returns_are_validated_and_imported(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run(
        "measures",
        write(
            tmp_path,
            "m.csv",
            "force,month,measure,numerator,denominator\nkent,2025-04,frontline_time,6500,10000\n",
        ),
    )
    run(
        "neighbourhood",
        write(
            tmp_path,
            "n.csv",
            "force,month,officers,pcsos,specials,neighbourhoods,"
            "named_officer_neighbourhoods,queries,queries_answered_72h\nkent,2025-04,500,150,80,60,58,900,850\n",
        ),
    )
    assert count(MeasureValue) == 1 and count(NeighbourhoodReturn) == 1
    with pytest.raises(imports.ImportRejected) as exc:
        run(
            "measures",
            write(
                tmp_path, "bad.csv", "force,month,measure,numerator,denominator\nkent,2025-04,happiness,1,2\n"
            ),
        )
    assert exc.value.errors[0].field == "measure"


INC_HEADER = "force,incident_id,grade,area,reported_at,arrived_at\n"


def test_incidents_are_aggregated_through_duckdb_with_the_attendance_standard_for_each_area(
    database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "inc.csv",
        INC_HEADER
        + "kent,1,emergency,urban,2025-04-01 10:00:00,2025-04-01 10:14:00\n"  # within 15
        + "kent,2,emergency,urban,2025-04-01 11:00:00,2025-04-01 11:16:00\n"  # outside 15
        + "kent,3,emergency,rural,2025-04-02 11:00:00,2025-04-02 11:19:00\n"  # within 20
        + "kent,4,emergency,rural,2025-04-02 12:00:00,\n"  # not attended
        + "kent,5,priority,urban,2025-04-03 12:00:00,2025-04-03 13:00:00\n",
    )
    run("incidents", path)
    with unit_of_work() as uow:
        rows = {(r.grade, r.area): r for r in uow.session.scalars(select(AttendanceMonth))}
        assert rows[("emergency", "urban")].within_standard == 1
        assert rows[("emergency", "urban")].standard_minutes == 15
        assert rows[("emergency", "rural")].within_standard == 1
        assert rows[("emergency", "rural")].attended == 1
        assert rows[("priority", "urban")].within_standard is None
        pairs = service.measure_pairs(uow.session, "emergency_attendance_within_standard")
    assert pairs[("kent", "2025-04")] == (Decimal(2), Decimal(4))


def test_incidents_before_the_attendance_standards_existed_have_no_within_standard_count(
    database, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    run(
        "incidents",
        write(
            tmp_path,
            "old.csv",
            INC_HEADER
            + "kent,1,emergency,urban,2024-10-01 10:00:00,2024-10-01 10:05:00\n"
            + "kent,2,emergency,urban,2024-12-01 10:00:00,2024-12-01 10:05:00\n",
        ),
    )
    with unit_of_work() as uow:
        rows = {r.month: r for r in uow.session.scalars(select(AttendanceMonth))}
    assert rows["2024-10"].within_standard is None  # the standards take effect on 17 Nov 2024
    assert rows["2024-12"].within_standard == 1


def test_bad_incident_rows_are_reported_by_row_number_and_nothing_is_saved(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "bad.csv",
        INC_HEADER
        + "kent,1,emergency,urban,2025-04-01 10:00:00,2025-04-01 10:14:00\n"
        + "Gotham,2,emergency,urban,2025-04-01 10:00:00,\n"
        + "kent,3,urgent,urban,2025-04-01 10:00:00,\n"
        + "kent,4,emergency,urban,2025-04-01 10:00:00,2025-04-01 09:00:00\n"
        + "kent,5,emergency,urban,2026-04-01 10:00:00,\n"
        + "kent,6,emergency,suburban,not-a-time,\n",
    )
    with pytest.raises(imports.ImportRejected) as exc:
        run("incidents", path)
    found = {(e.row, e.field) for e in exc.value.errors}
    assert {
        (3, "force"),
        (4, "grade"),
        (5, "arrived_at"),
        (6, "reported_at"),
        (7, "area"),
        (7, "reported_at"),
    } <= found
    assert count(AttendanceMonth) == 0


def test_an_incident_file_missing_a_column_is_rejected(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(imports.ImportRejected) as exc:
        run("incidents", write(tmp_path, "x.csv", "force,grade\nkent,emergency\n"))
    assert exc.value.errors[0].field == "incident_id"


def test_an_official_settlement_table_replaces_the_illustrative_one(database) -> None:  # type: ignore[no-untyped-def]
    from portcullis.policing import tables

    text = tables.illustrative_path("2025-26").read_text().replace(",ILLUSTRATIVE", ",official")
    with unit_of_work() as uow:
        imports.import_settlement_table(
            uow, year="2025-26", text=text, filename="official.csv", actor=access.SYSTEM
        )
    result = service.settlement(year="2025-26")
    assert not result.illustrative
    assert "official.csv" in result.source
    assert all(c.ok for c in result.checks)


def test_an_official_table_missing_a_force_is_rejected(database) -> None:  # type: ignore[no-untyped-def]
    from portcullis.policing import tables

    lines = tables.illustrative_path("2025-26").read_text().splitlines()
    text = "\n".join(line for line in lines if not line.startswith("kent,")) + "\n"
    with unit_of_work() as uow, pytest.raises(imports.ImportRejected) as exc:
        imports.import_settlement_table(uow, year="2025-26", text=text, filename="x.csv", actor=access.SYSTEM)
    assert "kent" in exc.value.errors[0].reason
    assert service.settlement(year="2025-26").illustrative
