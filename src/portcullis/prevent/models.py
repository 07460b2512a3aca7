"""Prevent tables. Names and free text about a person live here and in core `people`; nothing here is
readable except through `service`, which checks the permission and writes the audit entry."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portcullis.core.db import Base, IdMixin, TimestampMixin


class Referral(IdMixin, TimestampMixin, Base):
    __tablename__ = "prevent_referrals"

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    received_on: Mapped[date] = mapped_column(index=True)  # the London date of receipt
    # Who referred: the signed-in referrer (their acknowledgements only) and what they told us.
    referrer_user_id: Mapped[str | None] = mapped_column(String(32), index=True)
    referrer_name: Mapped[str] = mapped_column(String(200))
    referrer_role: Mapped[str] = mapped_column(String(200), default="")
    referrer_organisation: Mapped[str] = mapped_column(String(300), default="")
    referrer_contact: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str] = mapped_column(String(30), index=True)
    concern_type: Mapped[str] = mapped_column(String(40), index=True)
    concern_other: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text)
    gender: Mapped[str] = mapped_column(String(10))
    region: Mapped[str] = mapped_column(String(30), index=True)
    local_authority: Mapped[str] = mapped_column(String(200), default="")
    age_at_referral: Mapped[int | None] = mapped_column(Integer)
    # Repeat referrals: what was found at intake (earlier referral ids, screening hits) and the rule's answer.
    previous_referral_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    possible_match_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    screening_hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    senior_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    repeat_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    # received -> decided / awaiting_senior_review / transferred_monitoring / channel / pcm -> closed
    status: Mapped[str] = mapped_column(String(30), default="received", index=True)
    gateway_due_on: Mapped[date] = mapped_column(index=True)
    closed_on: Mapped[date | None]

    gateway: Mapped[GatewayAssessment | None] = relationship(
        back_populates="referral", lazy="selectin", uselist=False
    )
    follow_ups: Mapped[list[TransferFollowUp]] = relationship(
        order_by="TransferFollowUp.sequence", lazy="selectin"
    )
    senior_reviews: Mapped[list[SeniorReview]] = relationship(
        order_by="SeniorReview.reviewed_at", lazy="selectin"
    )


class GatewayAssessment(IdMixin, TimestampMixin, Base):
    __tablename__ = "prevent_gateway_assessments"

    referral_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_referrals.id", ondelete="CASCADE"), unique=True
    )
    deconfliction: Mapped[str | None] = mapped_column(String(30))
    deconfliction_reference: Mapped[str] = mapped_column(String(100), default="")
    deconflicted_at: Mapped[datetime | None]
    deconflicted_by: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    threshold_met: Mapped[bool | None] = mapped_column(Boolean)
    # Structured rationale: ideology, vulnerability, risk, why this outcome (free text kept to its fields).
    rationale: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    receiving_service: Mapped[str | None] = mapped_column(String(40))
    decided_on: Mapped[date | None]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(32))
    overdue_at_decision: Mapped[bool | None] = mapped_column(Boolean)
    parameters_used: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    referral: Mapped[Referral] = relationship(back_populates="gateway")


class SeniorReview(IdMixin, Base):
    __tablename__ = "prevent_senior_reviews"

    referral_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_referrals.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[str | None] = mapped_column(String(32))
    reviewed_at: Mapped[datetime]
    agreed: Mapped[bool] = mapped_column(Boolean)
    notes: Mapped[str] = mapped_column(Text)


class TransferFollowUp(IdMixin, Base):
    __tablename__ = "prevent_transfer_follow_ups"
    __table_args__ = (UniqueConstraint("referral_id", "sequence"),)

    referral_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_referrals.id", ondelete="CASCADE"), index=True
    )
    sequence: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(index=True)
    checked_on: Mapped[date | None]
    checked_by: Mapped[str | None] = mapped_column(String(32))
    confirmed: Mapped[bool | None] = mapped_column(Boolean)  # the receiving service confirmed what it did
    notes: Mapped[str] = mapped_column(Text, default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)  # not needed once confirmed


class RecordOpening(IdMixin, Base):
    """A user's stated reason for opening a referral in the browser; valid for a short time in one session.
    Every display of the record is still audited, citing this reason."""

    __tablename__ = "prevent_record_openings"

    referral_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_referrals.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    session_id: Mapped[str] = mapped_column(String(32))
    justification: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class ChannelCase(IdMixin, TimestampMixin, Base):
    __tablename__ = "prevent_channel_cases"

    referral_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_referrals.id", ondelete="CASCADE"), unique=True
    )
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    local_authority: Mapped[str] = mapped_column(String(200), default="")
    # awaiting_consent -> consented -> adopted -> exited (or consent_refused / not_adopted)
    status: Mapped[str] = mapped_column(String(30), default="awaiting_consent", index=True)
    consent_given_by: Mapped[str | None] = mapped_column(String(20))
    consent_name: Mapped[str] = mapped_column(String(200), default="")
    consent_on: Mapped[date | None]
    consent_given: Mapped[bool | None] = mapped_column(Boolean)
    discussed_on: Mapped[date | None]
    adopted_on: Mapped[date | None]
    exited_on: Mapped[date | None]
    exit_reason: Mapped[str] = mapped_column(Text, default="")

    interventions: Mapped[list[Intervention]] = relationship(
        order_by="Intervention.started_on", lazy="selectin"
    )
    reviews: Mapped[list[ChannelReview]] = relationship(
        order_by="ChannelReview.due_on", lazy="selectin", cascade="all, delete-orphan"
    )
    assessments: Mapped[list[VafAssessment]] = relationship(
        order_by="VafAssessment.assessed_on", lazy="selectin"
    )
    escalations: Mapped[list[Escalation]] = relationship(lazy="selectin")


class PanelMeeting(IdMixin, TimestampMixin, Base):
    __tablename__ = "prevent_panel_meetings"

    local_authority: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(index=True)
    members: Mapped[list[PanelMember]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class PanelMember(IdMixin, Base):
    __tablename__ = "prevent_panel_members"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_panel_meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    agency: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(200), default="")
    attended: Mapped[bool] = mapped_column(Boolean)


class PanelCaseDecision(IdMixin, Base):
    __tablename__ = "prevent_panel_decisions"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_panel_meetings.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_channel_cases.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text)
    quorum: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decided_by: Mapped[str | None] = mapped_column(String(32))


class VafAssessment(IdMixin, Base):
    __tablename__ = "prevent_vaf_assessments"

    case_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_channel_cases.id", ondelete="CASCADE"), index=True
    )
    assessed_on: Mapped[date]
    assessed_by: Mapped[str | None] = mapped_column(String(32))
    factors: Mapped[dict[str, Any]] = mapped_column(JSON)  # code -> {"score": 0..2, "note": "..."}
    summary: Mapped[str] = mapped_column(Text, default="")


class Intervention(IdMixin, Base):
    __tablename__ = "prevent_interventions"

    case_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_channel_cases.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(200))
    started_on: Mapped[date]
    ended_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")


class ChannelReview(IdMixin, Base):
    __tablename__ = "prevent_channel_reviews"
    __table_args__ = (UniqueConstraint("case_id", "kind", "sequence"),)

    case_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_channel_cases.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))  # "support" (while in Channel) or "post_exit"
    sequence: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(index=True)
    held_on: Mapped[date | None]
    outcome: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str | None] = mapped_column(String(32))


class Escalation(IdMixin, Base):
    """An escalation beyond Prevent: a Youth Diversion Order application requested by the police."""

    __tablename__ = "prevent_escalations"

    case_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_channel_cases.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    requested_on: Mapped[date]
    requested_by: Mapped[str | None] = mapped_column(String(32))
    applicant_agency: Mapped[str] = mapped_column(String(200))
    reasons: Mapped[str] = mapped_column(Text)
    order_application_id: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(30))


class OversightSample(IdMixin, Base):
    __tablename__ = "prevent_oversight_samples"

    drawn_at: Mapped[datetime]
    drawn_by: Mapped[str | None] = mapped_column(String(32))
    period_start: Mapped[date]
    period_end: Mapped[date]
    referral_ids: Mapped[list[str]] = mapped_column(JSON)  # item n is referral_ids[n - 1]


class IdentityAccess(IdMixin, Base):
    """The Commissioner's request to see who is behind a sampled decision, and its grant by a senior
    reviewer."""

    __tablename__ = "prevent_identity_access"

    sample_id: Mapped[str] = mapped_column(
        ForeignKey("prevent_oversight_samples.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[int] = mapped_column(Integer)
    requested_by: Mapped[str] = mapped_column(String(32), index=True)
    requested_at: Mapped[datetime]
    justification: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str | None] = mapped_column(String(32))
    granted_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    refused: Mapped[bool] = mapped_column(Boolean, default=False)
