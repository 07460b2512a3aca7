"""Tables of the orders domain: applications, hearings, orders and notices, variations, appeals, the
timeline, electronic monitoring (tags, points, alerts) and breaches with evidence and chain of custody."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portcullis.core import clock, roles
from portcullis.core.db import Base, IdMixin, TimestampMixin

roles.grant("police_officer", "orders.breach")
roles.grant("nca_officer", "orders.breach")
roles.grant("court_staff", "orders.court.decide")


class OrderApplication(IdMixin, TimestampMixin, Base):
    __tablename__ = "order_applications"

    reference: Mapped[str] = mapped_column(String(30), unique=True)
    order_type: Mapped[str] = mapped_column(String(20), index=True)
    applicant_agency: Mapped[str] = mapped_column(String(100), index=True)
    applicant_kind: Mapped[str] = mapped_column(String(50))
    subject_person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    protected_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    court: Mapped[str | None] = mapped_column(String(50), index=True)
    area: Mapped[str | None] = mapped_column(String(50))
    with_notice: Mapped[bool] = mapped_column(Boolean)
    terrorism_related: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    # "eligible", or "undetermined" where a rule could not decide because the law is not known.
    eligibility: Mapped[str] = mapped_column(String(20), default="eligible")
    eligibility_notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    proposed_conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    proposed_starts_on: Mapped[date | None]
    proposed_ends_on: Mapped[date | None]
    main_application_id: Mapped[str | None] = mapped_column(ForeignKey("order_applications.id"), index=True)
    dapn_order_id: Mapped[str | None] = mapped_column(String(32))  # the DAPN it follows (no FK: a cycle)
    filed_at: Mapped[datetime] = mapped_column(default=lambda: clock.now())
    determined_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(String(200))


class Hearing(IdMixin, Base):
    __tablename__ = "order_hearings"

    application_id: Mapped[str] = mapped_column(
        ForeignKey("order_applications.id", ondelete="CASCADE"), index=True
    )
    scheduled_at: Mapped[datetime]
    court: Mapped[str] = mapped_column(String(50))
    subject_represented: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(20))  # granted, refused, adjourned, withdrawn
    outcome_recorded_at: Mapped[datetime | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class Order(IdMixin, TimestampMixin, Base):
    """A made order, or a DAPN given by the police."""

    __tablename__ = "orders"

    reference: Mapped[str] = mapped_column(String(30), unique=True)
    order_type: Mapped[str] = mapped_column(String(20), index=True)
    application_id: Mapped[str | None] = mapped_column(ForeignKey("order_applications.id"), index=True)
    agency: Mapped[str] = mapped_column(String(100), index=True)  # owning force or agency (scoping)
    court: Mapped[str | None] = mapped_column(String(50))
    subject_person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    protected_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(20), default="in_force", index=True)
    made_at: Mapped[datetime]
    starts_on: Mapped[date]
    ends_on: Mapped[date | None] = mapped_column(index=True)  # last day in force; None: until further order
    made_without_notice: Mapped[bool] = mapped_column(Boolean, default=False)
    served_at: Mapped[datetime | None]
    known_at: Mapped[datetime | None]
    represented_at_hearing: Mapped[datetime | None]
    conditions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    issuing_officer: Mapped[str | None] = mapped_column(String(200))
    issuing_rank: Mapped[str | None] = mapped_column(String(50))
    area: Mapped[str | None] = mapped_column(String(50))
    hearing_by: Mapped[datetime | None]  # DAPN: the DAPO hearing must begin by then
    ended_on: Mapped[date | None]
    ended_reason: Mapped[str | None] = mapped_column(String(200))


class OrderEvent(IdMixin, Base):
    """The timeline of an application or order."""

    __tablename__ = "order_events"

    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("order_applications.id", ondelete="CASCADE"), index=True
    )
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=lambda: clock.now())
    kind: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(String(500))
    actor_label: Mapped[str] = mapped_column(String(200))


class Variation(IdMixin, Base):
    """An application to vary or discharge an order (SCA 2007 ss.17-18; DA Act 2021 s.44)."""

    __tablename__ = "order_variations"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # vary, discharge
    party: Mapped[str] = mapped_column(String(20))  # applicant, subject, third-party
    grounds: Mapped[str] = mapped_column(Text)
    proposed_conditions: Mapped[list[Any] | None] = mapped_column(JSON)
    proposed_ends_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, granted, refused
    lodged_at: Mapped[datetime] = mapped_column(default=lambda: clock.now())
    decided_at: Mapped[datetime | None]


class Appeal(IdMixin, Base):
    __tablename__ = "order_appeals"

    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[str | None] = mapped_column(
        ForeignKey("order_applications.id", ondelete="CASCADE")
    )
    appellant: Mapped[str] = mapped_column(String(20))  # subject, applicant
    grounds: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="lodged")  # lodged, allowed, dismissed
    lodged_at: Mapped[datetime] = mapped_column(default=lambda: clock.now())
    decided_at: Mapped[datetime | None]


class MonitoringTag(IdMixin, Base):
    """A tag fitted to an order's subject; the supplier's points name the tag."""

    __tablename__ = "monitoring_tags"

    tag_id: Mapped[str] = mapped_column(String(64), unique=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    responsible_officer: Mapped[str] = mapped_column(String(200))
    fitted_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
    # The last point is read from the packed points (monitoring_store.last_points) when needed: keeping a
    # copy here cost an update of every reporting tag in every batch.


class MonitoringRulesVersion(Base):
    """One row whose token changes with every change to a tag or to an order's status or conditions, so that
    each process can keep its zone index between batches and rebuild it only when the token moves."""

    __tablename__ = "monitoring_rules_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    token: Mapped[str] = mapped_column(String(32))


class MonitoringPointBlock(Base):
    """A batch's points for the tags of one bucket, packed (see `monitoring_store`): one row per bucket and
    batch instead of one per point."""

    __tablename__ = "monitoring_point_blocks"
    __table_args__ = (Index("ix_monitoring_point_blocks_bucket_last_at", "bucket", "last_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bucket: Mapped[int] = mapped_column(Integer)  # crc32(tag_id) % monitoring_store.BUCKETS
    first_at: Mapped[datetime]  # the earliest and latest point time in the row
    last_at: Mapped[datetime]
    received_at: Mapped[datetime]
    batch_id: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer)
    tags: Mapped[str] = mapped_column(Text)  # JSON list of tag ids, in the order of their points
    tag_counts: Mapped[bytes] = mapped_column(LargeBinary)  # int32 points per tag
    at_us: Mapped[bytes] = mapped_column(LargeBinary)  # int64 microseconds since 1970 UTC
    latitude: Mapped[bytes] = mapped_column(LargeBinary)  # float64, NaN for none
    longitude: Mapped[bytes] = mapped_column(LargeBinary)
    events: Mapped[bytes] = mapped_column(LargeBinary)  # int8: 0 location, 1 tamper, 2 no_signal


class MonitoringAlert(IdMixin, Base):
    __tablename__ = "monitoring_alerts"
    __table_args__ = (Index("ix_monitoring_alerts_tag_kind_at", "tag_id", "kind", "at"),)  # gap check

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))  # zone_entry, curfew, tamper, no_signal
    at: Mapped[datetime]  # when the event happened (the point's time)
    raised_at: Mapped[datetime]  # when the system raised it
    responsible_officer: Mapped[str] = mapped_column(String(200))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, acknowledged, breach-recorded


class Breach(IdMixin, TimestampMixin, Base):
    __tablename__ = "order_breaches"

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    alleged_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(20))  # monitoring, report
    alert_id: Mapped[str | None] = mapped_column(ForeignKey("monitoring_alerts.id"))
    description: Mapped[str] = mapped_column(Text)
    reported_by: Mapped[str] = mapped_column(String(200))
    charging_decision: Mapped[str | None] = mapped_column(String(30))  # charge, no-further-action, caution
    charging_decided_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(40))  # convicted, acquitted, discontinued
    outcome_detail: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]


class EvidenceItem(IdMixin, Base):
    __tablename__ = "breach_evidence"

    breach_id: Mapped[str] = mapped_column(ForeignKey("order_breaches.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    stored_path: Mapped[str] = mapped_column(String(500))
    received_at: Mapped[datetime]


class CustodyEntry(IdMixin, Base):
    """Chain of custody: every hand-over or check of an evidence item, with the hash seen at the time."""

    __tablename__ = "evidence_custody"

    evidence_id: Mapped[str] = mapped_column(ForeignKey("breach_evidence.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(30))  # received, transferred, verified, produced-in-court
    actor_label: Mapped[str] = mapped_column(String(200))
    holder: Mapped[str] = mapped_column(String(200))
    sha256_seen: Mapped[str] = mapped_column(String(64))
    hash_matches: Mapped[bool] = mapped_column(Boolean, default=True)
