"""Downloads: the settlement and measure tables as CSV and as ODS (OpenDocument, the format official
statistics use). Every file that shows ILLUSTRATIVE shares says so in its first row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from portcullis.policing import forces
from portcullis.policing.values import GRANT_LINES, LINE_LABELS, SettlementResult, cash_change, real_change

ILLUSTRATIVE_NOTE = (
    "ILLUSTRATIVE: per-force shares are illustrative, not the official allocations "
    "(the official 2025-26 per-force table was not found). National totals are from the release."
)


def settlement_rows(result: SettlementResult) -> tuple[list[str], list[list[Any]]]:
    header = (
        ["Force"]
        + [LINE_LABELS[k] for k in GRANT_LINES]
        + [
            "Grant",
            "Precept (previous year)",
            "Precept rise",
            "Precept",
            "Total (previous year)",
            "Total",
            "Cash change %",
            "Real change %",
        ]
    )
    rows: list[list[Any]] = []
    for a in result.allocations:
        rows.append(
            [forces.get(a.force).name]
            + [a.lines[k] for k in GRANT_LINES]
            + [
                a.grant,
                a.precept_previous,
                a.precept_rise,
                a.precept,
                a.total_previous,
                a.total,
                round(cash_change(a.total_previous, a.total), 2),
                round(real_change(a.total_previous, a.total, result.deflator), 2),
            ]
        )
    precept = result.precept_previous + result.precept_rise
    rows.append(
        ["England and Wales"]
        + [result.line_totals[k] for k in GRANT_LINES]
        + [
            sum(result.line_totals.values(), Decimal(0)),
            result.precept_previous,
            result.precept_rise,
            precept,
            result.total_previous,
            result.total,
            round(cash_change(result.total_previous, result.total), 2),
            round(real_change(result.total_previous, result.total, result.deflator), 2),
        ]
    )
    return header, rows


def _notes(result: SettlementResult) -> list[str]:
    notes = [
        f"Police funding settlement {result.year}: funding to Police and Crime Commissioners (GBP)",
        f"Source of the per-force table: {result.source}",
    ]
    if result.illustrative:
        notes.insert(0, ILLUSTRATIVE_NOTE)
    return notes


def to_csv(notes: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    for note in notes:
        w.writerow([note])
    w.writerow(header)
    for row in rows:
        w.writerow([f"{v:.2f}" if isinstance(v, Decimal) else v for v in row])
    return out.getvalue()


def to_ods(title: str, notes: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    doc = OpenDocumentSpreadsheet()
    table = Table(name=title[:31])
    for line in [[n] for n in notes] + [list(header)]:
        tr = TableRow()
        for v in line:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    for row in rows:
        tr = TableRow()
        for v in row:
            if isinstance(v, Decimal | int | float) and not isinstance(v, bool):
                cell = TableCell(valuetype="float", value=str(v))
                cell.addElement(P(text=f"{v}"))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text="" if v is None else str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buf = io.BytesIO()
    doc.write(buf)
    return buf.getvalue()


def settlement_csv(result: SettlementResult) -> str:
    header, rows = settlement_rows(result)
    return to_csv(_notes(result), header, rows)


def settlement_ods(result: SettlementResult) -> bytes:
    header, rows = settlement_rows(result)
    return to_ods(f"Settlement {result.year}", _notes(result), header, rows)
