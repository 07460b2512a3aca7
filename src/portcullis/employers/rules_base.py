"""What every employers rule returns: a decision with its reasons and the dated parameters it used, and
money rounded to the penny. Pure: standard library and `core.policy` types only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portcullis.core.policy import ParameterValue

PENNY = Decimal("0.01")


@dataclass(frozen=True)
class Decision:
    """What a rule decided, why, and which dated parameters it relied on."""

    allowed: bool
    reasons: tuple[str, ...] = ()
    used: tuple[ParameterValue, ...] = ()

    def references(self) -> list[dict[str, str | None]]:
        return references_of(self.used)


def references_of(used: Iterable[ParameterValue]) -> list[dict[str, str | None]]:
    seen: dict[tuple[str, str | None], dict[str, str | None]] = {}
    for value in used:
        for ref in value.references:
            seen.setdefault((ref.title, ref.href), ref.as_dict())
    return list(seen.values())


def money(amount: Decimal | int | float) -> str:
    return str(Decimal(str(amount)).quantize(PENNY, rounding=ROUND_HALF_UP))
