"""Watchlists and their entries, import versions, alerts for review and confirmed identities.

An entry is a person or an organisation on a named list. Names are kept as written (any script) with
their parts; matching works on a transliterated, normalised form computed at index time. Dates of birth
are partial strings ("1980", "1980-04", "1980-04-12"). `source_ref` identifies the producing record
(an internal domain's record id, or the external list's own entity id) so that updates find the entry."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portcullis.core.db import Base, IdMixin, TimestampMixin

INTERNAL = "internal"
EXTERNAL = "external"


class Watchlist(IdMixin, TimestampMixin, Base):
    __tablename__ = "screening_lists"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=INTERNAL)  # internal | external
    description: Mapped[str] = mapped_column(Text, default="")
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped on every change to the list's entries: in-memory indexes compare it to know they are stale.
    revision: Mapped[int] = mapped_column(Integer, default=0)


class ListVersion(IdMixin, Base):
    """One import (or one batch of internal changes): what was added, changed and removed."""

    __tablename__ = "screening_list_versions"
    __table_args__ = (UniqueConstraint("list_id", "version"),)

    list_id: Mapped[str] = mapped_column(ForeignKey("screening_lists.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(300), default="")  # file name or "internal"
    file_format: Mapped[str | None] = mapped_column(String(30))
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    # source_refs per change kind, and the rejected line numbers with reasons (no personal data).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Entry(IdMixin, TimestampMixin, Base):
    __tablename__ = "screening_entries"
    __table_args__ = (UniqueConstraint("list_id", "source_ref"),)

    list_id: Mapped[str] = mapped_column(ForeignKey("screening_lists.id", ondelete="CASCADE"), index=True)
    source_ref: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # person | organisation
    name: Mapped[str] = mapped_column(String(400))  # primary name as written
    # Name parts of the primary name, when the source gives them: {"given": [...], "family": [...]}.
    name_parts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)  # any script
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    nationalities: Mapped[str] = mapped_column(String(200), default="")  # ISO alpha-3, space separated
    identifiers: Mapped[list[str]] = mapped_column(JSON, default=list)  # normalised document/company numbers
    reason_code: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    party_id: Mapped[str | None] = mapped_column(String(32), index=True)
    # A hash of the matching-relevant content: a dismissed alert stays dismissed until this changes.
    fingerprint: Mapped[str] = mapped_column(String(64))
    version_added: Mapped[int] = mapped_column(Integer, default=1)
    version_changed: Mapped[int] = mapped_column(Integer, default=1)
    removed_in_version: Mapped[int | None] = mapped_column(Integer)

    def is_valid_on(self, on: date) -> bool:
        if self.removed_in_version is not None:
            return False
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_to is None or on <= self.valid_to


OPEN = "open"
CONFIRMED = "confirmed"
DISMISSED = "dismissed"


class Alert(IdMixin, TimestampMixin, Base):
    """A possible match between a screened record and a list entry, waiting for an analyst."""

    __tablename__ = "screening_alerts"

    entry_id: Mapped[str] = mapped_column(ForeignKey("screening_entries.id", ondelete="CASCADE"), index=True)
    record_type: Mapped[str] = mapped_column(String(50))  # "person", "organisation" or a domain record type
    record_id: Mapped[str] = mapped_column(String(100), index=True)
    party_id: Mapped[str | None] = mapped_column(String(32), index=True)
    use: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    record_fingerprint: Mapped[str] = mapped_column(String(64))
    entry_fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default=OPEN, index=True)
    origin: Mapped[str] = mapped_column(String(30), default="online")  # online | rescreen
    run_id: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decision_note: Mapped[str | None] = mapped_column(Text)


class Identity(IdMixin, TimestampMixin, Base):
    """One person (or organisation) as confirmed by analysts: its members are parties and list entries."""

    __tablename__ = "screening_identities"

    label: Mapped[str] = mapped_column(String(400))


class IdentityMember(Base):
    __tablename__ = "screening_identity_members"
    __table_args__ = (UniqueConstraint("member_type", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    identity_id: Mapped[str] = mapped_column(
        ForeignKey("screening_identities.id", ondelete="CASCADE"), index=True
    )
    member_type: Mapped[str] = mapped_column(String(20))  # party | entry | record
    member_id: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime]
    added_by: Mapped[str | None] = mapped_column(String(32))


class RescreenRun(IdMixin, Base):
    """A bulk re-screening run; `progress` lets an interrupted run resume where it stopped."""

    __tablename__ = "screening_rescreen_runs"

    backend: Mapped[str] = mapped_column(String(20))
    scope: Mapped[str] = mapped_column(String(30))  # all | changed
    status: Mapped[str] = mapped_column(String(20), default="running")
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    records: Mapped[int] = mapped_column(Integer, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    chunks_total: Mapped[int] = mapped_column(Integer, default=0)
    chunks_done: Mapped[int] = mapped_column(Integer, default=0)
    alerts_raised: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
