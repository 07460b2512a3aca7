"""Policing tables: imported settlement tables, performance data (999 calls, attendance aggregates, other
measures, neighbourhood returns), imports, and the intervention workflow."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portcullis.core import roles
from portcullis.core.db import Base, IdMixin, TimestampMixin

roles.define(
    "performance_unit",
    "Police Performance Unit officer",
    {"policing.read", "policing.read.all", "policing.import", "policing.intervene", "policing.decide"},
)
roles.grant("analyst", "policing.import")

MONEY = Numeric(16, 2)


class PolicingImport(IdMixin, Base):
    __tablename__ = "policing_imports"
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime]
    imported_by: Mapped[str | None] = mapped_column(String(200))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SettlementInputRow(IdMixin, Base):
    """A row of an official per-force settlement table imported by a user (replaces the illustrative one)."""

    __tablename__ = "policing_settlement_inputs"
    __table_args__ = (UniqueConstraint("year", "force", name="uq_policing_settlement_inputs_year_force"),)
    year: Mapped[str] = mapped_column(String(7), index=True)
    force: Mapped[str] = mapped_column(String(40))
    core_grant_previous: Mapped[Any] = mapped_column(MONEY)
    formula_share: Mapped[Any] = mapped_column(Numeric(20, 10))
    legacy_council_tax_grants: Mapped[Any] = mapped_column(MONEY)
    nicc_grant_previous: Mapped[Any] = mapped_column(MONEY)
    other_grants_previous: Mapped[Any] = mapped_column(MONEY)
    precept_previous: Mapped[Any] = mapped_column(MONEY)
    tax_base: Mapped[Any] = mapped_column(Numeric(16, 3))
    source: Mapped[str] = mapped_column(String(300))
    import_id: Mapped[str] = mapped_column(ForeignKey("policing_imports.id"))


class CallMonth(IdMixin, Base):
    """999 call answering for a force and month, in the police.uk format."""

    __tablename__ = "policing_calls_999"
    __table_args__ = (UniqueConstraint("force", "month", name="uq_policing_calls_999_force_month"),)
    force: Mapped[str] = mapped_column(String(40))
    month: Mapped[str] = mapped_column(String(7), index=True)
    calls_answered: Mapped[int] = mapped_column(Integer)
    within_10s: Mapped[int] = mapped_column(Integer)
    between_10_60s: Mapped[int] = mapped_column(Integer)
    over_60s: Mapped[int] = mapped_column(Integer)
    mean_answer_seconds: Mapped[Any] = mapped_column(Numeric(10, 2))
    import_id: Mapped[str] = mapped_column(ForeignKey("policing_imports.id"))


class AttendanceMonth(IdMixin, Base):
    """Incident attendance aggregated per force, month, grade and area (the raw incidents stay in DuckDB)."""

    __tablename__ = "policing_attendance"
    __table_args__ = (UniqueConstraint("force", "month", "grade", "area", name="uq_policing_attendance_key"),)
    force: Mapped[str] = mapped_column(String(40))
    month: Mapped[str] = mapped_column(String(7), index=True)
    grade: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(String(10))
    incidents: Mapped[int] = mapped_column(Integer)
    attended: Mapped[int] = mapped_column(Integer)
    within_standard: Mapped[int | None] = mapped_column(Integer)
    standard_minutes: Mapped[int | None] = mapped_column(Integer)
    total_minutes: Mapped[Any] = mapped_column(Numeric(16, 2))
    median_minutes: Mapped[Any | None] = mapped_column(Numeric(10, 2))
    p90_minutes: Mapped[Any | None] = mapped_column(Numeric(10, 2))
    import_id: Mapped[str] = mapped_column(ForeignKey("policing_imports.id"))


class MeasureValue(IdMixin, Base):
    """A numerator and denominator for one of the generic measures (see measures.py)."""

    __tablename__ = "policing_measure_values"
    __table_args__ = (UniqueConstraint("force", "month", "measure", name="uq_policing_measure_values_key"),)
    force: Mapped[str] = mapped_column(String(40))
    month: Mapped[str] = mapped_column(String(7), index=True)
    measure: Mapped[str] = mapped_column(String(60))
    numerator: Mapped[Any] = mapped_column(Numeric(18, 2))
    denominator: Mapped[Any] = mapped_column(Numeric(18, 2))
    import_id: Mapped[str] = mapped_column(ForeignKey("policing_imports.id"))


class NeighbourhoodReturn(IdMixin, Base):
    """A force's monthly Neighbourhood Policing Guarantee return."""

    __tablename__ = "policing_neighbourhood_returns"
    __table_args__ = (
        UniqueConstraint("force", "month", name="uq_policing_neighbourhood_returns_force_month"),
    )
    force: Mapped[str] = mapped_column(String(40))
    month: Mapped[str] = mapped_column(String(7), index=True)
    officers: Mapped[int] = mapped_column(Integer)
    pcsos: Mapped[int] = mapped_column(Integer)
    specials: Mapped[int] = mapped_column(Integer)
    neighbourhoods: Mapped[int] = mapped_column(Integer)
    named_officer_neighbourhoods: Mapped[int] = mapped_column(Integer)
    queries: Mapped[int] = mapped_column(Integer)
    queries_answered_72h: Mapped[int] = mapped_column(Integer)
    import_id: Mapped[str] = mapped_column(ForeignKey("policing_imports.id"))


class Flag(IdMixin, TimestampMixin, Base):
    """A force flagged by an intervention rule, and where its workflow stands."""

    __tablename__ = "policing_flags"
    __table_args__ = (UniqueConstraint("force", "rule", "month", name="uq_policing_flags_key"),)
    force: Mapped[str] = mapped_column(String(40), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    month: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(20), default="flagged")
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    parameters: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    events: Mapped[list[FlagEvent]] = relationship(order_by="FlagEvent.at", cascade="all, delete-orphan")
    actions: Mapped[list[PlanAction]] = relationship(
        order_by="PlanAction.created_at", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[Decision]] = relationship(
        order_by="Decision.created_at", cascade="all, delete-orphan"
    )


class FlagEvent(IdMixin, Base):
    __tablename__ = "policing_flag_events"
    flag_id: Mapped[str] = mapped_column(ForeignKey("policing_flags.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class PlanAction(IdMixin, TimestampMixin, Base):
    """An action in a force's improvement plan, with its owner."""

    __tablename__ = "policing_plan_actions"
    flag_id: Mapped[str] = mapped_column(ForeignKey("policing_flags.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class Decision(IdMixin, TimestampMixin, Base):
    """The Home Secretary's decision on a flagged force, as recorded by the unit."""

    __tablename__ = "policing_decisions"
    flag_id: Mapped[str] = mapped_column(ForeignKey("policing_flags.id"), index=True)
    decision: Mapped[str] = mapped_column(String(40))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200))
    recorded_by: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
