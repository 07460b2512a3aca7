"""Statistics in the shape of the published series "Individuals referred to and supported through the Prevent
programme": referrals, discussed at a Channel panel, adopted as Channel cases; broken down by age, gender,
type of concern, referral sector and region, for a financial year (April to March). Small numbers are
suppressed by the documented rule in `rules.suppress` (parameter prevent.statistics.suppression_threshold).
Exports: CSV and ODS (OpenDocument spreadsheet, as the Home Office publishes)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import policy
from portcullis.core.access import Principal
from portcullis.core.policy import ParameterValue
from portcullis.prevent import rules
from portcullis.prevent.errors import Forbidden, PreventError
from portcullis.prevent.models import ChannelCase, Referral
from portcullis.prevent.values import (
    AGE_BANDS,
    AGE_UNKNOWN,
    CONCERN_LABELS,
    GENDER_LABELS,
    REGION_LABELS,
    SECTOR_LABELS,
    Gender,
)

MEASURES = ("referrals", "discussed_at_panel", "adopted")
MEASURE_LABELS = {
    "referrals": "Referrals",
    "discussed_at_panel": "Discussed at a Channel panel",
    "adopted": "Adopted as a Channel case",
}
BREAKDOWNS = {
    "age": ("Age at referral", [b[0] for b in AGE_BANDS] + [AGE_UNKNOWN]),
    "gender": ("Gender", list(GENDER_LABELS.values())),
    "concern": ("Type of concern", list(CONCERN_LABELS.values())),
    "sector": ("Referral sector", list(SECTOR_LABELS.values())),
    "region": ("Region", list(REGION_LABELS.values())),
}


@dataclass(frozen=True)
class Row:
    category: str
    values: tuple[int | str, ...]  # referrals, discussed, adopted; "[c]" where suppressed


@dataclass(frozen=True)
class JourneyStatistics:
    year_label: str
    start: date
    end: date
    totals: tuple[int, int, int]
    tables: dict[str, list[Row]]
    suppression: ParameterValue

    def percentages(self) -> tuple[str, str]:
        referrals, discussed, adopted = self.totals
        if not referrals:
            return ("0%", "0%")
        return (f"{round(100 * discussed / referrals)}%", f"{round(100 * adopted / referrals)}%")


def financial_year(label: str) -> tuple[date, date]:
    """ "2023-24" -> 1 April 2023 to 31 March 2024."""
    try:
        first = int(label.split("-")[0])
        if len(label) != 7 or int(label[5:]) != (first + 1) % 100:
            raise ValueError(label)
    except ValueError:
        raise PreventError.one("year", "give a financial year like 2023-24") from None
    return date(first, 4, 1), date(first + 1, 3, 31)


def _categories(age: int | None, gender: str, concern: str, sector: str, region: str) -> dict[str, str]:
    return {
        "age": rules.age_band(age),
        "gender": GENDER_LABELS.get(gender, GENDER_LABELS[Gender.UNKNOWN]),
        "concern": CONCERN_LABELS[concern],
        "sector": SECTOR_LABELS[sector],
        "region": REGION_LABELS[region],
    }


def journey(session: Session, *, actor: Principal, year: str) -> JourneyStatistics:
    """Counts for referrals received in the financial year, following each through to panel and adoption."""
    if not actor.can("prevent.statistics"):
        raise Forbidden("prevent.statistics")
    start, end = financial_year(year)
    # Only the columns the tables need: no ORM objects, so a year of referrals is one light query.
    rows = session.execute(
        select(
            Referral.age_at_referral,
            Referral.gender,
            Referral.concern_type,
            Referral.sector,
            Referral.region,
            ChannelCase.discussed_on,
            ChannelCase.adopted_on,
        )
        .outerjoin(ChannelCase, ChannelCase.referral_id == Referral.id)
        .where(Referral.received_on >= start, Referral.received_on <= end)
    ).all()
    counts: dict[str, dict[str, Counter[str]]] = {b: {m: Counter() for m in MEASURES} for b in BREAKDOWNS}
    totals = [0, 0, 0]
    for age, gender, concern, sector, region, discussed_on, adopted_on in rows:
        flags = (True, discussed_on is not None, adopted_on is not None)
        for i, flag in enumerate(flags):
            totals[i] += flag
        for breakdown, cat in _categories(age, gender, concern, sector, region).items():
            for measure, flag in zip(MEASURES, flags, strict=True):
                counts[breakdown][measure][cat] += flag
    snapshot = policy.at(end)
    suppression = snapshot.value("prevent.statistics.suppression_threshold")
    tables: dict[str, list[Row]] = {}
    for breakdown, (_, categories) in BREAKDOWNS.items():
        columns = []
        for measure in MEASURES:
            shown, suppression = rules.suppress(
                [counts[breakdown][measure][c] for c in categories], snapshot=snapshot
            )
            columns.append(shown)
        tables[breakdown] = [Row(c, tuple(col[i] for col in columns)) for i, c in enumerate(categories)]
    return JourneyStatistics(year, start, end, (totals[0], totals[1], totals[2]), tables, suppression)


def suppression_note(stats: JourneyStatistics) -> str:
    limit = stats.suppression.value
    return (
        f"Counts from 1 to {limit - 1} are shown as [c] (confidential). Where only one cell of a breakdown "
        f"would be hidden, the next smallest count is hidden too, so it cannot be worked out from the total. "
        f"Totals are shown unsuppressed. Rule: {stats.suppression.cite()}."
    )


def to_csv(stats: JourneyStatistics) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["financial_year", "breakdown", "category", *MEASURES])
    writer.writerow([stats.year_label, "Total", "All referrals", *stats.totals])
    for breakdown, rows in stats.tables.items():
        for row in rows:
            writer.writerow([stats.year_label, BREAKDOWNS[breakdown][0], row.category, *row.values])
    return out.getvalue()


def _row(table: Table, cells: list[object]) -> None:
    tr = TableRow()
    for value in cells:
        if isinstance(value, int):
            cell = TableCell(valuetype="float", value=value)
        else:
            cell = TableCell(valuetype="string")
        cell.addElement(P(text=str(value)))
        tr.addElement(cell)
    table.addElement(tr)


def to_ods(stats: JourneyStatistics) -> bytes:
    doc = OpenDocumentSpreadsheet()
    notes = Table(name="Notes")
    for line in (
        f"Individuals referred to and supported through the Prevent programme, {stats.year_label}",
        f"Referrals received from {stats.start.isoformat()} to {stats.end.isoformat()}, followed to Channel "
        "panel discussion and adoption.",
        suppression_note(stats),
        "Source: Portcullis Prevent case records. Demonstration data unless stated otherwise.",
    ):
        _row(notes, [line])
    doc.spreadsheet.addElement(notes)
    totals = Table(name="Totals")
    _row(totals, ["Measure", "Number"])
    for measure, value in zip(MEASURES, stats.totals, strict=True):
        _row(totals, [MEASURE_LABELS[measure], value])
    doc.spreadsheet.addElement(totals)
    for breakdown, rows in stats.tables.items():
        sheet = Table(name=BREAKDOWNS[breakdown][0])
        _row(sheet, [BREAKDOWNS[breakdown][0], *(MEASURE_LABELS[m] for m in MEASURES)])
        for row in rows:
            _row(sheet, [row.category, *row.values])
        doc.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
