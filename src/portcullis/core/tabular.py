"""Tables out as CSV and as OpenDocument spreadsheets (ODS, the format of official statistics)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

Cell = str | int | float | Decimal | None


@dataclass(frozen=True)
class Sheet:
    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    notes: Sequence[str] = ()  # lines shown above the table (source, caveats, suppression rule)


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def _cell(value: Cell) -> TableCell:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        text = "" if value is None else str(value)
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=text))
        return cell
    cell = TableCell(valuetype="float", value=str(value))
    cell.addElement(P(text=str(value)))
    return cell


def to_ods(sheets: Sequence[Sheet]) -> bytes:
    """One spreadsheet with a sheet per table; notes sit above the header row, as published tables do."""
    doc = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.name[:31])
        for note in sheet.notes:
            row = TableRow()
            row.addElement(_cell(note))
            table.addElement(row)
        header = TableRow()
        for name in sheet.headers:
            header.addElement(_cell(name))
        table.addElement(header)
        for values in sheet.rows:
            row = TableRow()
            for value in values:
                row.addElement(_cell(value))
            table.addElement(row)
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


ODS_MEDIA_TYPE = "application/vnd.oasis.opendocument.spreadsheet"
