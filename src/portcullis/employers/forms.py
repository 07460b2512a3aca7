"""Reading officers' HTML forms: dates in three boxes, times, whole numbers, yes/no answers, and turning an
`EmployersError` into the GOV.UK error summary (link to the field) and the message beside the field."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from fastapi import Request

from portcullis.core.clock import LONDON
from portcullis.employers.values import EmployersError


async def form_data(request: Request) -> dict[str, str]:
    """The submitted text fields (never the CSRF token), so a refused form can be shown again as typed."""
    return {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token" and isinstance(v, str)}


def parse_date(form: dict[str, str], field: str) -> date:
    """A GOV.UK date input: `<field>-day`, `<field>-month`, `<field>-year`."""
    parts = [form.get(f"{field}-{p}", "").strip() for p in ("day", "month", "year")]
    if not all(parts):
        raise EmployersError(field, "enter the date, including a day, month and year")
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        raise EmployersError(field, "enter a real date, including a day, month and year") from None


def parse_london_time(form: dict[str, str], date_field: str, time_field: str) -> datetime:
    """A date input and a 24-hour time (like 14:30) read as London time, returned time-zone aware."""
    day = parse_date(form, date_field)
    found = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", form.get(time_field, ""))
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise EmployersError(time_field, "enter the time on the 24-hour clock, like 14:30")
    return datetime(day.year, day.month, day.day, int(found[1]), int(found[2]), tzinfo=LONDON)


def whole_number(form: dict[str, str], field: str, what: str) -> int:
    value = form.get(field, "").strip()
    if not value.isdigit():
        raise EmployersError(field, f"enter the {what} as a whole number")
    return int(value)


def yes_no(form: dict[str, str], field: str, question: str) -> bool:
    value = form.get(field, "")
    if value not in ("yes", "no"):
        raise EmployersError(field, f"select yes if {question}")
    return value == "yes"


def no_errors() -> dict[str, Any]:
    return {"errors": [], "error_field": None, "error_text": None, "form": {}, "err": lambda field: None}


def error_context(
    exc: EmployersError, form: dict[str, str], anchors: dict[str, str] | None = None
) -> dict[str, Any]:
    """Context for a page shown again after bad input: the summary links to the field (a date input's
    first box), the same text shows by the field (`err("field")` gives a macro's `errorMessage`), and
    what was typed is kept."""
    text = exc.reason[0].upper() + exc.reason[1:]
    anchor = (anchors or {}).get(exc.field, exc.field)
    return {
        "errors": [{"text": text, "href": f"#{anchor}"}],
        "error_field": exc.field,
        "error_text": text,
        "form": form,
        "err": lambda field: {"text": text} if field == exc.field else None,
    }
