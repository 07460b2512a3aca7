"""Demonstration data for policing (ILLUSTRATIVE, generated, not real force figures): a Performance Unit
user, twelve months of 999 answering, neighbourhood returns and other measures, emergency attendance
aggregates, and the flags the rules raise on them. The 2025-26 settlement needs nothing loading: it uses
the ILLUSTRATIVE table shipped in data/ until an official one is imported."""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rich.console import Console
from sqlalchemy import select

from portcullis.core import access, clock
from portcullis.core.access_models import User
from portcullis.core.db import UnitOfWork
from portcullis.policing import forces, imports, interventions, rules

DEMO_EMAIL = "performance.unit@example.gov.uk"
DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - the shared local-only demo password (README)
STRUGGLING = {
    "cleveland": Decimal("0.78"),
    "greater-manchester": Decimal("0.86"),
    "lincolnshire": Decimal("0.84"),
}
SLOW_ATTENDANCE = {"cumbria", "dyfed-powys"}


def demo_months(count: int = 12) -> list[str]:
    today = clock.today_in_london()
    last = f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"
    return rules.previous_months(last, count)


def rows_999(months: list[str]) -> list[dict[str, Any]]:
    rng = random.Random(999)
    out = []
    for f in forces.territorial():
        base = STRUGGLING.get(f.code, Decimal("0.93"))
        for i, month in enumerate(months):
            calls = int(f.weight * 9000 * (1 + rng.uniform(-0.08, 0.08))) + 300
            dip = Decimal("0.04") if (f.code in STRUGGLING and i >= len(months) - 4) else Decimal(0)
            share = min(Decimal("0.99"), base - dip + Decimal(str(round(rng.uniform(-0.015, 0.015), 4))))
            within = int(calls * share)
            mid = int((calls - within) * 0.8)
            mean = Decimal(str(round(4 + float(1 - share) * 60 + rng.uniform(-0.5, 0.5), 1)))
            out.append(
                {
                    "force": f.code,
                    "month": month,
                    "calls_answered": calls,
                    "within_10s": within,
                    "between_10_60s": mid,
                    "over_60s": calls - within - mid,
                    "mean_answer_seconds": mean,
                }
            )
    return out


def rows_neighbourhood(months: list[str]) -> list[dict[str, Any]]:
    rng = random.Random(13000)
    out = []
    for f in forces.territorial():
        officers, pcsos, specials = int(f.weight * 320), int(f.weight * 110), int(f.weight * 60)
        hoods = max(3, int(f.weight * 40))
        for month in months:
            officers += rng.randint(0, max(2, int(f.weight * 7)))
            pcsos += rng.randint(0, max(1, int(f.weight * 2)))
            queries = int(f.weight * 900) + 20
            out.append(
                {
                    "force": f.code,
                    "month": month,
                    "officers": officers,
                    "pcsos": pcsos,
                    "specials": specials,
                    "neighbourhoods": hoods,
                    "named_officer_neighbourhoods": hoods - rng.randint(0, max(1, hoods // 10)),
                    "queries": queries,
                    "queries_answered_72h": int(queries * rng.uniform(0.8, 0.98)),
                }
            )
    return out


def rows_measures(months: list[str]) -> list[dict[str, Any]]:
    rng = random.Random(17)
    specs: dict[str, tuple[Callable[[float], float], Callable[[float], float]]] = {  # numerator, denominator
        "frontline_time": (lambda w: w * 70000 * rng.uniform(0.55, 0.72), lambda w: w * 70000),
        "vawg_charge_rate": (lambda w: w * 900 * rng.uniform(0.05, 0.12), lambda w: w * 900),
        "knife_crime_rate": (lambda w: w * 40 * rng.uniform(0.6, 1.4), lambda w: w * 1_000_000),
        "misconduct_rate": (lambda w: w * 12 * rng.uniform(0.5, 1.5), lambda w: w * 2000),
    }
    out = []
    for f in forces.territorial():
        for month in months:
            for code, (num, den) in specs.items():
                out.append(
                    {
                        "force": f.code,
                        "month": month,
                        "measure": code,
                        "numerator": Decimal(str(round(num(f.weight), 0))),
                        "denominator": Decimal(str(round(den(f.weight), 0))),
                    }
                )
    return out


def rows_attendance(months: list[str]) -> list[dict[str, Any]]:
    rng = random.Random(15)
    out = []
    for f in forces.territorial():
        for month in months:
            standards = imports.standards_for_month(month)
            for area in ("urban", "rural"):
                n = int(f.weight * (600 if area == "urban" else 200)) + 5
                rate = 0.8 if f.code in SLOW_ATTENDANCE else rng.uniform(0.9, 0.97)
                out.append(
                    {
                        "force": f.code,
                        "month": month,
                        "grade": "emergency",
                        "area": area,
                        "incidents": n,
                        "attended": n,
                        "within_standard": int(n * rate) if standards[area] else None,
                        "standard_minutes": standards[area],
                        "total_minutes": Decimal(n * (11 if area == "urban" else 16)),
                        "median_minutes": Decimal(10 if area == "urban" else 15),
                        "p90_minutes": Decimal(16 if area == "urban" else 22),
                    }
                )
    return out


def load(uow: UnitOfWork, console: Console) -> None:
    from portcullis.policing.models import AttendanceMonth

    if uow.session.scalar(select(User.id).where(User.email == DEMO_EMAIL)) is None:
        access.create_user(
            uow,
            email=DEMO_EMAIL,
            name="Perry Performance",
            password=DEMO_PASSWORD,
            role_names=["performance_unit"],
        )
    months = demo_months()
    for kind, rows in (
        ("999", rows_999(months)),
        ("neighbourhood", rows_neighbourhood(months)),
        ("measures", rows_measures(months)),
    ):
        imports.save_rows(uow, kind=kind, rows=rows, filename=f"demo-{kind}.csv", actor=access.SYSTEM)
    run = imports.record_import(uow, "incidents", "demo-attendance (aggregates)", 0, access.SYSTEM)
    uow.session.add_all(AttendanceMonth(import_id=run.id, **r) for r in rows_attendance(months))
    uow.flush()
    flagged = [
        r for r in interventions.flags_in(uow, month=months[-1], actor=access.SYSTEM) if r.get("flagged")
    ]
    console.print(
        f"Policing: {len(months)} months of ILLUSTRATIVE performance data for 43 forces, "
        f"{len(flagged)} flag(s) for {months[-1]}; user {DEMO_EMAIL}."
    )
