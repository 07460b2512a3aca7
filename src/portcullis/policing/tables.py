"""Reading a per-force settlement table (the ILLUSTRATIVE one shipped here, or an official one a user
imports) into ForceInputs, with row-numbered errors. The CSV format is documented in docs/policing.md."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from portcullis.policing import forces
from portcullis.policing.values import ForceInput

DATA = Path(__file__).resolve().parent / "data"
REQUIRED = (
    "force",
    "core_grant_previous",
    "formula_share",
    "legacy_council_tax_grants",
    "nicc_grant_previous",
    "other_grants_previous",
    "precept_previous",
    "tax_base",
)
MONEY = (
    "core_grant_previous",
    "legacy_council_tax_grants",
    "nicc_grant_previous",
    "other_grants_previous",
    "precept_previous",
)


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = the header; data rows start at 2, as a spreadsheet numbers them
    field: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.reason}"


class TableError(ValueError):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def illustrative_path(year: str) -> Path:
    return DATA / f"settlement_{year}_ILLUSTRATIVE.csv"


def parse_table(text: str) -> tuple[ForceInput, ...]:
    """Parse and validate the whole table; raises TableError listing every bad row (nothing is kept)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TableError([RowError(1, c, "column is missing") for c in missing])
    errors: list[RowError] = []
    rows: list[ForceInput] = []
    seen: set[str] = set()
    for n, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        try:
            code = forces.resolve(row["force"]).code
        except forces.UnknownForce:
            errors.append(RowError(n, "force", f"no police force called {row['force']!r}"))
            continue
        if code in seen:
            errors.append(RowError(n, "force", f"{code} appears more than once"))
            continue
        seen.add(code)
        values: dict[str, Decimal] = {}
        for col in REQUIRED[1:]:
            try:
                value = Decimal(row[col].replace(",", ""))
            except InvalidOperation:
                errors.append(RowError(n, col, f"{row[col]!r} is not a number"))
                continue
            if not value.is_finite() or value < 0:
                errors.append(RowError(n, col, "must not be negative"))
                continue
            if col in MONEY and value != value.quantize(Decimal("0.01")):
                errors.append(RowError(n, col, "must be in pounds and whole pence"))
                continue
            values[col] = value
        if len(values) == len(REQUIRED) - 1:
            rows.append(ForceInput(force=code, **values))
    if not rows and not errors:
        errors.append(RowError(2, "force", "the table has no rows"))
    if errors:
        raise TableError(errors)
    return tuple(rows)
