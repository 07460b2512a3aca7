"""Returns statistics in the published shape (Ret_D01-D04), counts since a date, and their exports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from portcullis.core.tabular import Sheet
from portcullis.returns import rules
from portcullis.returns.models import ReturnRecord
from portcullis.returns.service import ReturnsError

HEADERS = {
    "nationality": "Nationality",
    "region": "Region",
    "return_type_group": "Return type group",
    "return_type": "Return type",
    "age_band": "Age",
    "sex": "Sex",
    "destination_group": "Return destination group",
}
SOURCE_NOTE = (
    "Source: Portcullis removal casework. Shape of the Home Office immigration system statistics "
    "returns tables; figures are this service's own records."
)


@dataclass(frozen=True)
class StatTable:
    code: str
    title: str
    headers: list[str]
    rows: list[list[str | int]]

    def sheet(self) -> Sheet:
        return Sheet(self.code, self.headers, self.rows, notes=[f"{self.code}: {self.title}", SOURCE_NOTE])


def quarterly_table(session: Session, *, code: str, year: int, quarter: int | None, today: date) -> StatTable:
    """One table for a quarter (or the whole year): Year, Quarter, the table's dimensions, Number."""
    if code not in rules.STAT_TABLES:
        raise ReturnsError.one("table", f"choose one of: {', '.join(rules.STAT_TABLES)}")
    problems = rules.statistics_request_violations(year=year, quarter=quarter, today=today)
    if problems:
        raise ReturnsError(problems)
    title, dims = rules.STAT_TABLES[code]
    columns = [getattr(ReturnRecord, d) for d in dims]
    query = select(ReturnRecord.quarter, *columns, func.count()).where(ReturnRecord.year == year)
    if quarter:
        query = query.where(ReturnRecord.quarter == quarter)
    if code == "Ret_D04":
        query = query.where(ReturnRecord.foreign_national_offender.is_(True))
    query = query.group_by(ReturnRecord.quarter, *columns).order_by(ReturnRecord.quarter, *columns)
    rows = [
        [year, rules.quarter_label(year, int(r[0])), *r[1:-1], int(r[-1])] for r in session.execute(query)
    ]
    return StatTable(code, title, ["Year", "Quarter", *[HEADERS[d] for d in dims], "Number of returns"], rows)


@dataclass(frozen=True)
class SinceCounts:
    since: date
    until: date
    total: int
    by_group: dict[str, int]
    foreign_national_offenders: int


def counts_since(session: Session, *, since: date, today: date) -> SinceCounts:
    """Returns since a date (such as 5 July 2024) up to today, by group and foreign national offenders."""
    if since > today:
        raise ReturnsError.one("since", "the date is in the future")
    rows = session.execute(
        select(
            ReturnRecord.return_type_group,
            func.count(),
            func.sum(case((ReturnRecord.foreign_national_offender.is_(True), 1), else_=0)),
        )
        .where(ReturnRecord.returned_on >= since, ReturnRecord.returned_on <= today)
        .group_by(ReturnRecord.return_type_group)
        .order_by(ReturnRecord.return_type_group)
    ).all()
    by_group = {group: int(n) for group, n, _ in rows}
    fno = sum(int(f or 0) for _, _, f in rows)
    return SinceCounts(since, today, sum(by_group.values()), by_group, int(fno))
