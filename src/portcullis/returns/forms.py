"""Small helpers the returns pages share: errors for the GOV.UK error summary and form parsing."""

from __future__ import annotations

from datetime import date

from portcullis.returns.service import ReturnsError


def form_errors(exc: ReturnsError, fields: dict[str, tuple[str, str]] | None = None) -> list[dict[str, str]]:
    """Errors for the summary. With `fields` (service field -> (element id, label)), each message names the
    field and links to it; a field the form does not show (such as case_id) points at the form's first one."""
    if fields is None:
        return [
            {"text": f"{v.reason[0].upper()}{v.reason[1:]}", "href": f"#{v.field}"} for v in exc.violations
        ]
    first = next(iter(fields.values()))
    out = []
    for v in exc.violations:
        element, label = fields.get(v.field, first)
        out.append({"text": f"{label}: {v.reason}", "href": f"#{element}", "field": element})
    return out


def by_field(errors: list[dict[str, str]]) -> dict[str, str]:
    """The message for each element id, for the error message beside the field."""
    found: dict[str, str] = {}
    for e in errors:
        found.setdefault(e.get("field") or e["href"][1:], e["text"])
    return found


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


def optional_number(text: str, field: str) -> int | None:
    return whole_number(text, field) if text.strip() else None
