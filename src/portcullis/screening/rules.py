"""Which matches count as hits for a use: pure functions over scores and the dated threshold parameters."""

from __future__ import annotations

from datetime import date
from typing import Literal

from portcullis.core.policy import ParameterValue, Snapshot

Use = Literal["eta", "carrier", "employer", "prevent", "general"]
USES: tuple[str, ...] = ("eta", "carrier", "employer", "prevent", "general")


def threshold(use: str, *, on: date, snapshot: Snapshot) -> ParameterValue:
    """The operating threshold for a use on a date; raises ParameterNotInForce when there is none."""
    if use not in USES:
        raise ValueError(f"use: must be one of {', '.join(USES)} (got {use!r})")
    if snapshot.on != on:
        raise ValueError(f"snapshot: taken on {snapshot.on.isoformat()}, not on {on.isoformat()}")
    return snapshot.value(f"screening.thresholds.{use}")


def is_hit(score: float, limit: ParameterValue) -> bool:
    return score >= float(limit.value)
