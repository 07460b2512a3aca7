"""How the ILLUSTRATIVE per-force settlement table was made (the official 2025-26 table was not found).

Each force's relative size (`weight` in data/forces.yaml, itself illustrative) and a need factor split
national control totals that are also illustrative, chosen so that last year's total to PCCs is the
settlement's 17.4bn minus its 986.9m rise, and so that a 14 GBP Band D rise raises the release's 329.8m.
`build_table()` regenerates data/settlement_2025-26_ILLUSTRATIVE.csv exactly; a test checks they agree.
Replace it with the official table via `portcullis policing settlement-import` (see docs/policing.md).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from portcullis.policing import forces
from portcullis.policing.rules import allocate

STATUS = "ILLUSTRATIVE"
COLUMNS = (
    "force",
    "core_grant_previous",
    "formula_share",
    "legacy_council_tax_grants",
    "nicc_grant_previous",
    "other_grants_previous",
    "precept_previous",
    "tax_base",
    "status",
)
# 2024-25 national totals (ILLUSTRATIVE): they add up to 16,413,100,000.00 = 17.4bn - 986.9m.
CORE = Decimal("8000000000.00")
LEGACY = Decimal("500000000.00")
NICC = Decimal("185000000.00")
OTHER = Decimal("2128100000.00")
PRECEPT = Decimal("5600000000.00")
TAX_BASE = Decimal("23557142.857")  # x 14 GBP = 329,799,999.998 -> 329,800,000.00 to the penny
METRO = {
    "greater-manchester",
    "west-midlands",
    "west-yorkshire",
    "merseyside",
    "northumbria",
    "cleveland",
    "south-yorkshire",
}


def _need(code: str) -> Decimal:
    if code == "metropolitan":
        return Decimal("1.35")
    if code == "city-of-london":
        return Decimal("1.5")
    return Decimal("1.2") if code in METRO else Decimal("1.0")


def _jitter(code: str, spread: int) -> Decimal:
    # Deterministic, small, force-specific variation (no randomness: the table must be reproducible).
    n = sum(ord(c) * (i + 1) for i, c in enumerate(code)) % (2 * spread + 1) - spread
    return Decimal(1) + Decimal(n) / 100


def build_table() -> str:
    fs = forces.territorial()
    weight = {f.code: Decimal(str(f.weight)) for f in fs}
    core = allocate(CORE, {k: w * _need(k) for k, w in weight.items()})
    english = {k: w for k, w in weight.items() if forces.get(k).country == "England"}
    legacy = allocate(LEGACY, {k: english.get(k, Decimal(0)) for k in weight})
    nicc = allocate(
        NICC,
        {k: {"metropolitan": Decimal(96), "city-of-london": Decimal(4)}.get(k, Decimal(0)) for k in weight},
    )
    other = allocate(OTHER, {k: w * _need(k) * _jitter(k, 3) for k, w in weight.items()})
    tax_units = allocate(TAX_BASE * 10, {k: w * _jitter(k[::-1], 8) for k, w in weight.items()})
    tax = {k: v / 10 for k, v in tax_units.items()}
    precept = allocate(PRECEPT, {k: tax[k] * _jitter(k + "p", 10) for k in weight})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in fs:
        k = f.code
        share = (weight[k] * _need(k) * _jitter(k, 4)).quantize(Decimal("0.0001"))
        writer.writerow(
            [k, core[k], share, legacy[k], nicc[k], other[k], precept[k], f"{tax[k]:.3f}", STATUS]
        )
    return out.getvalue()
