"""Policing domain events, published after the transaction that raised them commits."""

from __future__ import annotations

from dataclasses import dataclass

from portcullis.core.events import DomainEvent


@dataclass(frozen=True)
class ForceFlagged(DomainEvent):
    """An intervention rule flagged a force for a month (published once per new flag)."""

    flag_id: str
    force: str
    rule: str
    month: str


@dataclass(frozen=True)
class HomeSecretaryDecisionRecorded(DomainEvent):
    flag_id: str
    force: str
    decision: str


# Registers the background import job's handler at start-up (events modules are imported then).
from portcullis.policing import uploads  # noqa: E402, F401
