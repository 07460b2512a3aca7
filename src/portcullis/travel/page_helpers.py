"""Small helpers shared by the travel pages: reading GOV.UK date inputs and building radio items."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from portcullis.travel import codes


def read_date(form: Mapping[str, Any], name: str, label: str) -> tuple[date | None, str | None]:
    """A GOV.UK date input (name-day, name-month, name-year) -> (date, None) or (None, error message)."""
    parts = [str(form.get(f"{name}-{p}", "")).strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None, f"Enter {label}"
    if not all(p.isdigit() for p in parts):
        return None, f"{label.capitalize()} must be a real date, with a day, month and year in numbers"
    day, month, year = (int(p) for p in parts)
    if year < 1000:
        return None, "Year must include 4 numbers"
    try:
        return date(year, month, day), None
    except ValueError:
        return None, f"{label.capitalize()} must be a real date"


def radio_items(options: list[tuple[str, str]], selected: str | None) -> list[dict[str, Any]]:
    return [{"value": v, "text": t, "checked": v == selected} for v, t in options]


def nationality_items(selected: str | None, *, blank: str) -> list[dict[str, Any]]:
    items = [{"value": "", "text": blank, "selected": not selected}]
    items += [{"value": code, "text": name, "selected": code == selected} for code, name in codes.choices()]
    return items


YES_NO = [("yes", "Yes"), ("no", "No")]
