"""Prevent and Channel rules: pure decisions from plain values and a policy snapshot. No clock, no database.

Each function returns what it decided, why, and the dated parameters it used, so a decision can be replayed
as of any date. Where a parameter has no value in force the function refuses to decide (ParameterNotInForce
propagates) rather than guess, except where the absence itself is the rule (the transferred-cases pilot
before it began)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from portcullis.core.policy import ParameterNotInForce, ParameterValue, Snapshot
from portcullis.prevent.values import AGE_BANDS, AGE_UNKNOWN, ConsentGiver, Outcome


@dataclass(frozen=True)
class Decision:
    """A yes/no answer with its reasons and the parameters it rests on."""

    allowed: bool
    reasons: tuple[str, ...] = ()
    used: tuple[ParameterValue, ...] = ()


# --- dates -------------------------------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    """Same day of the month `months` later; the month's last day where that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date, bank_holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in bank_holidays


def add_working_days(start: date, days: int, bank_holidays: frozenset[date]) -> date:
    """The date `days` working days after `start` (the day of receipt itself is not counted)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current, bank_holidays):
            left -= 1
    return current


def working_days_between(start: date, end: date, bank_holidays: frozenset[date]) -> int:
    """Working days after `start` up to and including `end` (0 if end is not after start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, bank_holidays):
            count += 1
    return count


# --- ages --------------------------------------------------------------------------------------------


def age_on(date_of_birth: str | None, on: date) -> int | None:
    """Age in whole years from a partial date of birth (YYYY, YYYY-MM, YYYY-MM-DD). With only a year or a
    month the youngest possible age is taken, so a child is never treated as an adult by rounding."""
    if not date_of_birth:
        return None
    parts = [int(p) for p in date_of_birth.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    age = on.year - year - ((on.month, on.day) < (month, day))
    return max(age, 0)


def age_band(age: int | None) -> str:
    if age is None:
        return AGE_UNKNOWN
    for label, low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return label
    return AGE_UNKNOWN


# --- gateway -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GatewayTiming:
    due_on: date
    overdue: bool
    working_days_taken: int
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...]


def gateway_timing(
    *,
    received_on: date,
    decided_on: date | None,
    today: date,
    snapshot: Snapshot,
    bank_holidays: frozenset[date],
) -> GatewayTiming:
    """The gateway target date and whether the assessment is (or was) late. The target in force on the day
    the referral was received applies."""
    target = snapshot.value("prevent.gateway.target_working_days")
    due_on = add_working_days(received_on, int(target.value), bank_holidays)
    end = decided_on or today
    taken = working_days_between(received_on, end, bank_holidays)
    overdue = end > due_on
    if decided_on is None:
        reason = f"not yet decided; due by {due_on.isoformat()}" + (" - overdue" if overdue else "")
    else:
        reason = f"decided after {taken} working days against a target of {target.value}" + (
            " - late" if overdue else " - on time"
        )
    return GatewayTiming(due_on, overdue, taken, (reason,), (target,))


# --- repeat referrals --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RepeatAssessment:
    is_repeat: bool
    previous_in_window: int
    senior_review_required: bool
    multiple_repeat: bool
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...]


def assess_repeat(
    *, received_on: date, previous_received: Iterable[date], snapshot: Snapshot
) -> RepeatAssessment:
    """Is this a repeat referral (the same person referred within the look-back), and does it need a
    senior review before it can be closed? The senior-review rule applies to referrals received once it is
    in force."""
    lookback = snapshot.value("prevent.referrals.repeat_lookback_months")
    window_start = add_months(received_on, -int(lookback.value))
    earlier = [d for d in previous_received if window_start <= d <= received_on]
    used: list[ParameterValue] = [lookback]
    reasons = [f"{len(earlier)} earlier referral(s) of this person since {window_start.isoformat()}"]
    senior = multiple = False
    senior_from = snapshot.maybe("prevent.referrals.senior_review_from_previous")
    if senior_from is not None and senior_from.value is not None:
        used.append(senior_from)
        senior = len(earlier) >= int(senior_from.value)
        if senior:
            reasons.append("a repeat referral cannot be closed without a senior review")
    else:
        reasons.append("no senior-review rule for repeat referrals was in force when this referral arrived")
    multiple_from = snapshot.maybe("prevent.referrals.multiple_repeat_from_previous")
    if multiple_from is not None and multiple_from.value is not None:
        used.append(multiple_from)
        multiple = len(earlier) >= int(multiple_from.value)
        if multiple:
            reasons.append(f"pattern of multiple repeat referrals ({len(earlier)} earlier)")
    return RepeatAssessment(bool(earlier), len(earlier), senior, multiple, tuple(reasons), tuple(used))


def may_close(*, senior_review_required: bool, senior_review_agreed: bool | None) -> Decision:
    """A referral that needs a senior review may be closed only once a senior reviewer has agreed."""
    if not senior_review_required:
        return Decision(True, ("no senior review needed",))
    if senior_review_agreed is None:
        return Decision(False, ("a repeat referral cannot be closed without a senior review",))
    if not senior_review_agreed:
        return Decision(False, ("the senior reviewer did not agree to close it: reassess the referral",))
    return Decision(True, ("the senior reviewer agreed to close it",))


# --- transferred cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpSchedule:
    due_dates: tuple[date, ...]
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...] = field(default=())


def follow_up_schedule(*, transferred_on: date, snapshot: Snapshot) -> FollowUpSchedule:
    """Follow-up checks for a case transferred to another service, under the pilot in force on that date.
    Before the pilot there are no checks (that is the rule, not a refusal)."""
    try:
        intervals = snapshot.value("prevent.transfers.follow_up_intervals_days")
    except ParameterNotInForce:
        return FollowUpSchedule(
            (), ("transferred before the transferred-cases pilot began: no follow-up checks",)
        )
    dates = tuple(transferred_on + timedelta(days=int(d)) for d in intervals.value)
    return FollowUpSchedule(
        dates, (f"follow-up checks at {', '.join(str(d) for d in intervals.value)} days",), (intervals,)
    )


def is_overdue(*, due_on: date, done: bool, today: date) -> bool:
    return not done and today > due_on


# --- Channel -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRule:
    giver: ConsentGiver | None
    age: int | None
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...]


def who_consents(*, date_of_birth: str | None, on: date, snapshot: Snapshot) -> ConsentRule:
    """Channel is voluntary: the person consents, or a parent or guardian for a child."""
    limit = snapshot.value("prevent.channel.parental_consent_under_age")
    age = age_on(date_of_birth, on)
    if age is None:
        return ConsentRule(
            None,
            None,
            (
                "the person's date of birth is not known, so it is not known who must "
                "consent: record it first",
            ),
            (limit,),
        )
    if age < int(limit.value):
        return ConsentRule(
            ConsentGiver.PARENT_GUARDIAN,
            age,
            (f"aged {age}, under {limit.value}: a parent or guardian consents",),
            (limit,),
        )
    return ConsentRule(ConsentGiver.PERSON, age, (f"aged {age}: the person consents",), (limit,))


def check_consent(*, required: ConsentRule, given_by: ConsentGiver | None, given: bool | None) -> Decision:
    if required.giver is None:
        return Decision(False, required.reasons, required.used)
    if given_by is None or given is None:
        return Decision(False, ("consent: Channel support cannot proceed without consent",), required.used)
    if given_by != required.giver:
        who = "a parent or guardian" if required.giver == ConsentGiver.PARENT_GUARDIAN else "the person"
        return Decision(False, (f"consent: must be given by {who} ({required.reasons[0]})",), required.used)
    if not given:
        return Decision(
            False, ("consent: consent was refused, so Channel support cannot proceed",), required.used
        )
    return Decision(True, required.reasons, required.used)


@dataclass(frozen=True)
class Attendee:
    agency: str
    attended: bool


def check_quorum(*, members: Sequence[Attendee], snapshot: Snapshot) -> Decision:
    """A panel may decide only with enough members present, including each required agency."""
    quorum = snapshot.value("prevent.channel.panel_quorum")
    present = [m for m in members if m.attended]
    reasons = []
    minimum = int(quorum.value["minimum_attending"])
    if len(present) < minimum:
        reasons.append(f"quorum: {len(present)} member(s) attended; at least {minimum} must")
    agencies = {m.agency for m in present}
    for agency in quorum.value.get("required_agencies", []):
        if agency not in agencies:
            reasons.append(f"quorum: no member from {agency.replace('_', ' ')} attended")
    if reasons:
        return Decision(False, tuple(reasons), (quorum,))
    return Decision(True, (f"quorate: {len(present)} attended",), (quorum,))


def next_review_due(*, from_date: date, snapshot: Snapshot) -> tuple[date, ParameterValue]:
    interval = snapshot.value("prevent.channel.review_interval_months")
    return add_months(from_date, int(interval.value)), interval


def post_exit_review_dates(*, exited_on: date, snapshot: Snapshot) -> tuple[tuple[date, ...], ParameterValue]:
    months = snapshot.value("prevent.channel.post_exit_review_months")
    return tuple(add_months(exited_on, int(m)) for m in months.value), months


def check_review_order(
    *,
    sequence: int,
    expected_sequence: int | None,
    held_on: date,
    previous_held_on: date | None,
    opened_on: date,
) -> Decision:
    """Reviews are recorded in order: the next one due, never dated before the one it follows."""
    if expected_sequence is None:
        return Decision(False, ("sequence: no review of this kind is due for this case",))
    if sequence != expected_sequence:
        return Decision(
            False, (f"sequence: review {sequence} is out of order; review {expected_sequence} is next",)
        )
    floor = previous_held_on or opened_on
    if held_on < floor:
        return Decision(False, (f"held_on: a review cannot be dated before {floor.isoformat()}",))
    return Decision(True, (f"review {sequence} recorded in order",))


# --- statistics --------------------------------------------------------------------------------------

SUPPRESSED = "[c]"


def suppress(counts: Sequence[int], *, snapshot: Snapshot) -> tuple[list[int | str], ParameterValue]:
    """Primary suppression of small non-zero counts, then secondary suppression of the next smallest
    non-zero count if only one cell of the breakdown was hidden (so it cannot be found from the total)."""
    threshold = snapshot.value("prevent.statistics.suppression_threshold")
    limit = int(threshold.value)
    shown: list[int | str] = list(counts)
    hidden = [i for i, c in enumerate(counts) if 0 < c < limit]
    if len(hidden) == 1:
        others = sorted((c, i) for i, c in enumerate(counts) if c >= limit)
        if others:
            hidden.append(others[0][1])
    for i in hidden:
        shown[i] = SUPPRESSED
    return shown, threshold


# --- gateway outcome ---------------------------------------------------------------------------------


def check_outcome(
    *, outcome: str, threshold_met: bool, receiving_service: str | None, deconflicted: bool
) -> Decision:
    """The threshold decision and the outcome must agree: Channel and Prevent Case Management only above the
    threshold; no further action and transfer only below it; a transfer names the receiving service. The
    assessment cannot be decided before deconfliction with counter-terrorism casework."""
    reasons = []
    if not deconflicted:
        reasons.append("deconfliction: record the deconfliction with counter-terrorism casework first")
    above = outcome in (Outcome.CHANNEL, Outcome.PREVENT_CASE_MANAGEMENT)
    if above and not threshold_met:
        reasons.append("outcome: Channel or Prevent Case Management needs the threshold to be met")
    if not above and threshold_met:
        reasons.append("outcome: a referral that meets the threshold cannot end with no action or a transfer")
    if outcome == Outcome.TRANSFERRED and not receiving_service:
        reasons.append("receiving_service: say which service the case is transferred to")
    if outcome != Outcome.TRANSFERRED and receiving_service:
        reasons.append("receiving_service: only a transferred case has a receiving service")
    return Decision(not reasons, tuple(reasons) or ("outcome consistent with the threshold decision",))
