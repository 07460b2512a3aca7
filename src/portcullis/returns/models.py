"""Tables for removal casework, flights, return statistics, organised immigration crime and partnerships."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portcullis.core.db import Base, IdMixin, TimestampMixin


class RemovalCase(IdMixin, TimestampMixin, Base):
    """A person liable to removal, from liability decision to outcome."""

    __tablename__ = "removal_cases"

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str] = mapped_column(String(30))  # see rules.CATEGORIES
    team: Mapped[str] = mapped_column(String(100), default="national-returns-command")
    stage: Mapped[str] = mapped_column(String(30), index=True)  # see rules.STAGES
    liability_decided_on: Mapped[date | None]
    liability_basis: Mapped[str | None] = mapped_column(Text)
    travel_document: Mapped[str] = mapped_column(
        String(20), default="none"
    )  # none/requested/obtained/refused
    travel_document_on: Mapped[date | None]
    detained_from: Mapped[date | None]
    detained_until: Mapped[date | None]
    removal_directions_on: Mapped[date | None]
    return_type: Mapped[str | None] = mapped_column(String(60))
    destination: Mapped[str | None] = mapped_column(String(3))
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_on: Mapped[date | None]
    barriers: Mapped[list[CaseBarrier]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseBarrier.raised_on"
    )


class CaseBarrier(Base):
    __tablename__ = "removal_case_barriers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("removal_cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    raised_on: Mapped[date]
    resolved_on: Mapped[date | None]
    resolution: Mapped[str | None] = mapped_column(Text)


class RemovalOrder(IdMixin, TimestampMixin, Base):
    """A deportation or exclusion order: feeds the screening list so an ETA is refused and carriers say no."""

    __tablename__ = "removal_orders"

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # deportation / exclusion
    made_on: Mapped[date]
    revoked_on: Mapped[date | None]
    case_id: Mapped[str | None] = mapped_column(ForeignKey("removal_cases.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)


class Flight(IdMixin, TimestampMixin, Base):
    __tablename__ = "removal_flights"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    kind: Mapped[str] = mapped_column(String(20))  # charter / scheduled
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    destinations: Mapped[str] = mapped_column(String(100))  # ISO3 codes, space separated
    departs_on: Mapped[date] = mapped_column(index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    escorts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="planned")  # planned / departed / cancelled
    outcome_note: Mapped[str | None] = mapped_column(Text)
    manifest: Mapped[list[ManifestEntry]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class ManifestEntry(Base):
    __tablename__ = "removal_flight_manifest"
    __table_args__ = (UniqueConstraint("flight_id", "case_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    flight_id: Mapped[str] = mapped_column(ForeignKey("removal_flights.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("removal_cases.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(
        String(20), default="booked"
    )  # booked / removed / returned / disrupted
    reason: Mapped[str | None] = mapped_column(Text)  # why taken off the manifest or disrupted


class ReturnRecord(Base):
    """One return, in the shape of the published tables (Ret_D01-D04). Written when a case ends in a
    return, or imported from historic data. No names: statistics only."""

    __tablename__ = "return_records"
    __table_args__ = (
        Index("ix_return_records_period", "year", "quarter"),
        # Covers the "since a date" counts, so they read the index alone.
        Index(
            "ix_return_records_returned_on", "returned_on", "return_type_group", "foreign_national_offender"
        ),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    case_id: Mapped[str | None] = mapped_column(String(32))
    returned_on: Mapped[date]
    year: Mapped[int] = mapped_column(Integer)  # of returned_on; kept so tables group without date maths
    quarter: Mapped[int] = mapped_column(Integer)
    nationality: Mapped[str] = mapped_column(String(3))
    region: Mapped[str] = mapped_column(String(60))
    return_type_group: Mapped[str] = mapped_column(String(60))
    return_type: Mapped[str] = mapped_column(String(60))
    age_band: Mapped[str] = mapped_column(String(20))
    sex: Mapped[str] = mapped_column(String(10))
    destination: Mapped[str] = mapped_column(String(3))
    destination_group: Mapped[str] = mapped_column(String(40))
    foreign_national_offender: Mapped[bool] = mapped_column(default=False)


class Network(IdMixin, TimestampMixin, Base):
    __tablename__ = "oic_networks"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    countries: Mapped[str] = mapped_column(String(300), default="")  # ISO3, space separated
    activities: Mapped[str] = mapped_column(Text, default="")  # comma separated plain words
    lead_agency: Mapped[str] = mapped_column(String(60), default="nca")
    members: Mapped[list[NetworkMember]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class NetworkMember(Base):
    __tablename__ = "oic_network_members"
    __table_args__ = (UniqueConstraint("network_id", "person_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    network_id: Mapped[str] = mapped_column(ForeignKey("oic_networks.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    since: Mapped[date | None]


class Association(Base):
    """A link between two people (stored once, lower id first)."""

    __tablename__ = "oic_associations"
    __table_args__ = (
        UniqueConstraint("person_a", "person_b", "kind"),
        CheckConstraint("person_a < person_b", name="ordered_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_a: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    person_b: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(200), default="")


class Disruption(IdMixin, TimestampMixin, Base):
    __tablename__ = "oic_disruptions"

    network_id: Mapped[str] = mapped_column(ForeignKey("oic_networks.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # see rules.DISRUPTION_KINDS
    on: Mapped[date]
    country: Mapped[str] = mapped_column(String(3), default="GBR")
    partner: Mapped[str | None] = mapped_column(String(200))
    operation_id: Mapped[str | None] = mapped_column(ForeignKey("oic_operations.id", ondelete="SET NULL"))
    sentence_months: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="")


class Operation(IdMixin, TimestampMixin, Base):
    __tablename__ = "oic_operations"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    network_id: Mapped[str | None] = mapped_column(ForeignKey("oic_networks.id", ondelete="SET NULL"))
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")


class Partnership(IdMixin, TimestampMixin, Base):
    """An agreement or funded project with another country."""

    __tablename__ = "returns_partnerships"

    country: Mapped[str] = mapped_column(String(3), index=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30))  # agreement / funded-project / declaration
    signed_on: Mapped[date]
    amount_pence: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    purpose: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="agreed")
    source: Mapped[str] = mapped_column(String(300))
