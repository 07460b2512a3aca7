"""Errors Prevent use cases raise: each names the field and the reason, and nothing is saved."""

from __future__ import annotations


class PreventError(ValueError):
    """Bad input: one or more (field, reason) pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{f}: {r}" for f, r in errors))

    @classmethod
    def one(cls, field: str, reason: str) -> PreventError:
        return cls([(field, reason)])

    def as_api(self) -> dict[str, object]:
        return {
            "detail": "The request is not valid",
            "errors": [{"field": f, "reason": r} for f, r in self.errors],
        }

    def as_page(self) -> list[dict[str, str]]:
        return [
            {"text": r[0].upper() + r[1:], "href": f"#{f.replace('.', '-').replace('_', '-')}"}
            for f, r in self.errors
        ]


class NotFound(LookupError):
    """No such record, or none this user may see (the two are not told apart)."""


class Forbidden(PermissionError):
    """The user lacks the permission this use case needs."""
