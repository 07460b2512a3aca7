"""What the Prevent API takes in. Fields are loose on purpose (strings, optional): the use cases validate them
in one place so the page and the API give the same specific errors."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from portcullis.prevent.service import ReferralView


class ReferralIn(BaseModel):
    given_names: str = ""
    family_name: str = ""
    date_of_birth: str = ""
    gender: str = ""
    region: str = ""
    local_authority: str = ""
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_organisation: str = ""
    referrer_contact: str = ""
    sector: str = ""
    concern_type: str = ""
    concern_other: str = ""
    reasons: str = ""


class DeconflictionIn(BaseModel):
    result: str = ""
    reference: str = ""


class DecisionIn(BaseModel):
    outcome: str = ""
    threshold_met: bool | None = None
    rationale: dict[str, str] = Field(default_factory=dict)
    receiving_service: str | None = None


class SamePersonIn(BaseModel):
    other_referral_id: str = ""


class SeniorReviewIn(BaseModel):
    agreed: bool | None = None
    notes: str = ""


class FollowUpIn(BaseModel):
    sequence: int = 0
    confirmed: bool | None = None
    notes: str = ""


class ReasonIn(BaseModel):
    reason: str = ""


class ConsentIn(BaseModel):
    given_by: str = ""
    giver_name: str = ""
    given: bool | None = None
    on: date | None = None


class MeetingIn(BaseModel):
    local_authority: str = ""
    held_on: date | None = None
    members: list[dict[str, Any]] = Field(default_factory=list)


class PanelDecisionIn(BaseModel):
    case_id: str = ""
    decision: str = ""
    rationale: str = ""


class VafIn(BaseModel):
    assessed_on: date | None = None
    factors: dict[str, dict[str, Any]] = Field(default_factory=dict)
    summary: str = ""


class InterventionIn(BaseModel):
    kind: str = ""
    provider: str = ""
    started_on: date | None = None
    notes: str = ""


class ReviewIn(BaseModel):
    kind: str = ""
    sequence: int = 0
    held_on: date | None = None
    outcome: str = ""


class ExitIn(BaseModel):
    exited_on: date | None = None
    reason: str = ""


class EscalationIn(BaseModel):
    applicant_agency: str = ""
    court: str = ""
    reasons: str = ""


class SampleIn(BaseModel):
    start: date | None = None
    end: date | None = None


class AccessRequestIn(BaseModel):
    justification: str = ""


class GrantIn(BaseModel):
    grant: bool | None = None


# --- what goes out ---------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def view_json(view: ReferralView) -> Any:
    r, person, case = view.referral, view.person, view.channel_case
    g = r.gateway
    return plain(
        {
            "id": r.id,
            "reference": r.reference,
            "received_at": r.received_at,
            "status": r.status,
            "person": {
                "id": person.id,
                "given_names": person.given_names,
                "family_name": person.family_name,
                "date_of_birth": person.date_of_birth,
                "age_at_referral": r.age_at_referral,
                "gender": r.gender,
                "region": r.region,
                "local_authority": r.local_authority,
            },
            "referrer": {
                "name": r.referrer_name,
                "role": r.referrer_role,
                "organisation": r.referrer_organisation,
                "contact": r.referrer_contact,
                "sector": r.sector,
            },
            "concern_type": r.concern_type,
            "concern_other": r.concern_other,
            "reasons": r.reasons,
            "repeat": {
                "previous": view.history,
                "possible_matches": view.possible_matches,
                "senior_review_required": r.senior_review_required,
                "reasons": r.repeat_reasons,
                "screening_hits": r.screening_hits,
            },
            "gateway": None
            if g is None
            else {
                "deconfliction": g.deconfliction,
                "deconfliction_reference": g.deconfliction_reference,
                "outcome": g.outcome,
                "threshold_met": g.threshold_met,
                "rationale": g.rationale,
                "receiving_service": g.receiving_service,
                "decided_on": g.decided_on,
                "overdue_at_decision": g.overdue_at_decision,
                "parameters_used": g.parameters_used,
            },
            "gateway_timing": {
                "due_on": view.timing.due_on,
                "overdue": view.timing.overdue,
                "reasons": view.timing.reasons,
            },
            "follow_ups": view.follow_ups,
            "senior_reviews": [
                {"agreed": sr.agreed, "notes": sr.notes, "reviewed_at": sr.reviewed_at}
                for sr in r.senior_reviews
            ],
            "channel_case": None
            if case is None
            else {
                "id": case.id,
                "status": case.status,
                "consent_given_by": case.consent_given_by,
                "consent_given": case.consent_given,
                "consent_on": case.consent_on,
                "discussed_on": case.discussed_on,
                "adopted_on": case.adopted_on,
                "exited_on": case.exited_on,
                "interventions": [
                    {"kind": i.kind, "provider": i.provider, "started_on": i.started_on}
                    for i in case.interventions
                ],
                "reviews": [
                    {
                        "kind": rv.kind,
                        "sequence": rv.sequence,
                        "due_on": rv.due_on,
                        "held_on": rv.held_on,
                        "outcome": rv.outcome,
                    }
                    for rv in case.reviews
                ],
                "vaf": [
                    {"assessed_on": a.assessed_on, "factors": a.factors, "summary": a.summary}
                    for a in case.assessments
                ],
                "escalations": [
                    {"kind": e.kind, "status": e.status, "requested_on": e.requested_on}
                    for e in case.escalations
                ],
            },
        }
    )
