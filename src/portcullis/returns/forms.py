"""Small helpers the returns pages share: errors for the GOV.UK error summary and form parsing."""

from __future__ import annotations

from datetime import date

from portcullis.returns.service import ReturnsError


def form_errors(exc: ReturnsError) -> list[dict[str, str]]:
    return [{"text": f"{v.reason[0].upper()}{v.reason[1:]}", "href": f"#{v.field}"} for v in exc.violations]


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ReturnsError.one(field, "enter a real date in the form YYYY-MM-DD") from None


def whole_number(text: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ReturnsError.one(field, "enter a whole number") from None
