"""Employer compliance rules: pure decisions with the reasons and the dated parameters they used.

Every function takes plain values and a `policy.Snapshot` (the parameters as they stood on the decision
date); no clock, no database. Bank holidays come in as a set of dates so the rules stay pure."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.employers.rules_base import PENNY, Decision, money, references_of
from portcullis.employers.rules_excuse import follow_up_date, statutory_excuse, validate_check
from portcullis.employers.values import RANK_LABELS, RANKS, Breach, EmployersError

__all__ = [  # decisions shared with the other rule modules, re-exported so callers use `rules.` only
    "PENNY",
    "Decision",
    "follow_up_date",
    "money",
    "references_of",
    "statutory_excuse",
    "validate_check",
]


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_years(start: date, years: int) -> date:
    return add_months(start, 12 * years)


def add_working_days(start: date, days: int, bank_holidays: Iterable[date]) -> date:
    """The date `days` working days after `start` (Monday to Friday, bank holidays excluded)."""
    holidays = set(bank_holidays)
    current, counted = start, 0
    while counted < days:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            counted += 1
    return current


# --- civil penalties (Immigration, Asylum and Nationality Act 2006 ss.15-17 and the code of practice)


@dataclass(frozen=True)
class PenaltyDecision:
    breach: Breach
    workers: int
    per_worker: Decimal
    total: Decimal
    maximum_per_worker: Decimal
    reasons: tuple[str, ...]
    used: tuple[ParameterValue, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "per_worker": money(self.per_worker),
            "total": money(self.total),
            "maximum_per_worker": money(self.maximum_per_worker),
            "reasons": list(self.reasons),
            "references": references_of(self.used),
        }


def breach_kind(*, on: date, policy: Snapshot, previous_penalties: Iterable[date]) -> tuple[Breach, Decision]:
    """A breach is a repeat breach if a civil penalty was issued within the window before `on`."""
    window = policy.value("employers.penalty.repeat_window_years")
    since = add_years(on, -int(window.value))
    recent = sorted(d for d in previous_penalties if since <= d <= on)
    if recent:
        last = recent[-1].isoformat()
        reason = f"repeat breach: a civil penalty was issued on {last}, within {window.value} years"
        return "repeat", Decision(True, (reason,), (window,))
    return "first", Decision(
        True, (f"first breach: no civil penalty in the {window.value} years before",), (window,)
    )


def _by_breach(value: ParameterValue, breach: Breach) -> Decimal:
    amount = value.value[breach]
    return Decimal(str(amount)) if amount is not None else Decimal(0)


def civil_penalty(
    *,
    on: date,
    policy: Snapshot,
    breach: Breach,
    workers: int,
    reported: bool,
    cooperated: bool,
    effective_checks: bool,
) -> PenaltyDecision:
    """The code of practice: liability per worker, starting point, reductions, capped at the maximum."""
    if breach not in ("first", "repeat"):
        raise EmployersError("breach", "must be 'first' or 'repeat'")
    if workers < 1:
        raise EmployersError("workers", "must be at least 1 illegal worker without a statutory excuse")
    maximum = policy.value("employers.penalty.maximum_per_worker")
    start = policy.value("employers.penalty.starting_point")
    used = [maximum, start]
    cap = _by_breach(maximum, breach)
    amount = min(_by_breach(start, breach), cap)
    reasons = [
        f"{breach} breach on {on.isoformat()}: maximum {money(cap)} GBP per worker",
        f"starting point {money(amount)} GBP per worker (code of practice)",
    ]
    for flag, name, label in (
        (reported, "employers.penalty.reduction_reporting", "reported the suspected illegal worker"),
        (cooperated, "employers.penalty.reduction_cooperation", "actively co-operated"),
    ):
        if flag:
            value = policy.value(name)
            used.append(value)
            cut = _by_breach(value, breach)
            amount -= cut
            reasons.append(f"reduced by {money(cut)} GBP: the employer {label}")
    if effective_checks:
        if breach == "first":
            value = policy.value("employers.penalty.reduction_effective_checks")
            used.append(value)
            cut = _by_breach(value, breach)
            amount -= cut
            reasons.append(f"reduced by {money(cut)} GBP: effective right-to-work checking practices")
        else:
            reasons.append("no reduction for effective checking practices: available on a first breach only")
    amount = max(amount, Decimal(0))
    if amount == 0:
        reasons.append(
            "every reduction applies: no penalty per worker (a warning notice may be given instead)"
        )
    return PenaltyDecision(
        breach=breach,
        workers=workers,
        per_worker=amount,
        total=amount * workers,
        maximum_per_worker=cap,
        reasons=tuple(reasons),
        used=tuple(used),
    )


def early_payment(
    *, policy: Snapshot, breach: Breach, total: Decimal, issued_on: date, paid_on: date
) -> tuple[Decimal, Decision]:
    """What settles the penalty if paid in full on `paid_on` (30% off a first penalty paid early)."""
    days = policy.value("employers.penalty.early_payment_days")
    rate = policy.value("employers.penalty.early_payment_reduction")
    used = (days, rate)
    if breach != "first":
        return total, Decision(False, ("no early payment reduction: only for a first penalty",), used)
    last_day = issued_on + timedelta(days=int(days.value))
    if paid_on > last_day:
        return total, Decision(
            False, (f"no early payment reduction: paid after {last_day.isoformat()}",), used
        )
    due = (total * (Decimal(1) - Decimal(str(rate.value)))).quantize(PENNY, rounding=ROUND_HALF_UP)
    return due, Decision(
        True, (f"{int(Decimal(str(rate.value)) * 100)}% off: paid in full by {last_day.isoformat()}",), used
    )


def objection_deadline(*, policy: Snapshot, issued_on: date) -> tuple[date, ParameterValue]:
    days = policy.value("employers.penalty.objection_days")
    return issued_on + timedelta(days=int(days.value)), days


def objection_in_time(*, policy: Snapshot, issued_on: date, objected_on: date) -> Decision:
    deadline, used = objection_deadline(policy=policy, issued_on=issued_on)
    if objected_on > deadline:
        return Decision(
            False,
            (
                f"objection received {objected_on.isoformat()}, after the {used.value}-day "
                f"deadline of {deadline.isoformat()}",
            ),
            (used,),
        )
    return Decision(True, (f"objection within {used.value} days (by {deadline.isoformat()})",), (used,))


# --- sponsor licences


def action_plan_maximum(*, on: date, policy: Snapshot) -> tuple[int, ParameterValue]:
    value = policy.value("employers.licence.action_plan_maximum_months")
    return int(value.value), value


def check_action_plan(*, starts_on: date, months: int, policy: Snapshot) -> Decision:
    maximum, used = action_plan_maximum(on=starts_on, policy=policy)
    if months < 1:
        raise EmployersError("months", "an action plan runs for at least 1 month")
    if months > maximum:
        raise EmployersError(
            "months",
            f"an action plan starting on {starts_on.isoformat()} may run for at most {maximum} months",
        )
    return Decision(
        True, (f"action plan of {months} months (maximum {maximum} on {starts_on.isoformat()})",), (used,)
    )


def representations_due(
    *, notified_on: date, policy: Snapshot, bank_holidays: Iterable[date]
) -> tuple[date, ParameterValue]:
    days = policy.value("employers.licence.representations_working_days")
    return add_working_days(notified_on, int(days.value), bank_holidays), days


def reporting_due(
    *, kind: str, occurred_on: date, policy: Snapshot, bank_holidays: Iterable[date]
) -> tuple[date, ParameterValue]:
    """Worker changes are reported within 10 working days, organisation changes within 20."""
    if kind not in ("worker", "organisation"):
        raise EmployersError("kind", "must be 'worker' or 'organisation'")
    days = policy.value(f"employers.reporting.{kind}_change_working_days")
    return add_working_days(occurred_on, int(days.value), bank_holidays), days


def can_assign_cos(*, rating: str, status: str, new_worker: bool) -> Decision:
    if status != "active":
        return Decision(False, (f"the licence is {status}: no CoS may be assigned",))
    if rating == "B" and new_worker:
        return Decision(
            False,
            (
                "a B-rated sponsor may not assign a CoS to a new worker (extensions for existing "
                "workers only)",
            ),
        )
    return Decision(True, (f"{rating}-rated active licence may assign this CoS",))


def salary_check(*, on: date, policy: Snapshot, salary: Decimal, category: str) -> Decision:
    value = policy.value("employers.cos.salary_threshold")
    if category not in value.value:
        raise EmployersError("salary_category", f"unknown category {category!r}")
    threshold = value.value[category]
    if threshold is None:
        raise EmployersError(
            "salary_category",
            f"no {category.replace('_', ' ')} threshold is known on "
            f"{on.isoformat()}: the decision cannot be made",
        )
    if salary < Decimal(str(threshold)):
        return Decision(
            False,
            (
                f"salary {money(salary)} GBP is below the {category.replace('_', ' ')} threshold "
                f"of {money(threshold)} GBP on {on.isoformat()}",
            ),
            (value,),
        )
    return Decision(
        True,
        (
            f"salary {money(salary)} GBP meets the {category.replace('_', ' ')} threshold of "
            f"{money(threshold)} GBP on {on.isoformat()}",
        ),
        (value,),
    )


def cos_expiry(*, assigned_on: date, policy: Snapshot) -> tuple[date, ParameterValue]:
    months = policy.value("employers.cos.validity_months")
    return add_months(assigned_on, int(months.value)), months


def allocation_period_end(*, on: date, policy: Snapshot) -> tuple[date, ParameterValue]:
    """An undefined CoS allocation ends on the next 5 April (inclusive of that day)."""
    value = policy.value("employers.cos.allocation_year_end")
    month, day = (int(p) for p in str(value.value).split("-"))
    end = date(on.year, month, day)
    return (end if on <= end else date(on.year + 1, month, day)), value


def revocation(*, ground_kind: str) -> Decision:
    if ground_kind == "mandatory":
        return Decision(True, ("a mandatory ground: the licence must be revoked",))
    if ground_kind == "discretionary":
        return Decision(True, ("a discretionary ground: revocation chosen over a downgrade",))
    raise EmployersError("ground", "must be a mandatory (C1) or discretionary (C2/C3) ground")


def sanction_months(*, on: date, policy: Snapshot, repeat: bool) -> tuple[int, Decision]:
    """The sanction period: up to 12 months; at least 2 years for a repeat offender once that applies."""
    first = policy.value("employers.licence.sanction_maximum_months")
    if not repeat:
        return int(first.value), Decision(
            True, (f"sanction of {first.value} months (the maximum for a first flagrant breach)",), (first,)
        )
    repeat_value = policy.maybe("employers.licence.repeat_sanction_minimum_months")
    if repeat_value is None or repeat_value.value is None:
        return int(first.value), Decision(
            True, (f"repeat offence before the longer period applied: {first.value} months",), (first,)
        )
    return int(repeat_value.value), Decision(
        True, (f"repeat offence: at least {repeat_value.value} months",), (first, repeat_value)
    )


def cooling_off_end(*, reason: str, decided_on: date, policy: Snapshot) -> tuple[date, Decision]:
    value = policy.value("employers.licence.cooling_off_months")
    if reason not in value.value:
        raise EmployersError("reason", f"must be one of {', '.join(sorted(value.value))}")
    months = int(value.value[reason])
    end = add_months(decided_on, months)
    return end, Decision(
        True,
        (
            f"cooling-off of {months} months after {reason.replace('_', ' ')}: no new "
            f"application before {end.isoformat()}",
        ),
        (value,),
    )


def application_blocked(*, on: date, blocks: Iterable[tuple[str, date, date]]) -> Decision:
    """blocks: (label, starts_on, ends_on). An application on `on` is refused while any block runs."""
    running = [(label, end) for label, start, end in blocks if start <= on < end]
    if running:
        return Decision(False, tuple(f"{label} runs until {end.isoformat()}" for label, end in running))
    return Decision(True, ("no sanction or cooling-off period runs",))


# --- closure notices and compliance orders (Immigration Act 2016, Schedule 6)


def closure_notice(
    *,
    on: date,
    policy: Snapshot,
    officer_rank: str,
    illegal_working_found: bool,
    conviction: bool,
    penalty_dates: Iterable[date],
    unpaid_penalty: bool,
) -> Decision:
    rank = policy.value("employers.closure.minimum_rank")
    years = policy.value("employers.closure.previous_penalty_years")
    used = (rank, years)
    if officer_rank not in RANKS:
        raise EmployersError("officer_rank", f"unknown rank {officer_rank!r}")
    if RANKS.index(officer_rank) < RANKS.index(str(rank.value)):
        raise EmployersError(
            "officer_rank",
            f"a closure notice must be issued by a {RANK_LABELS[str(rank.value)].lower()} or above",
        )
    if not illegal_working_found:
        raise EmployersError(
            "illegal_working_found", "a closure notice needs illegal working found on the premises"
        )
    since = add_years(on, -int(years.value))
    recent = [d for d in penalty_dates if since <= d <= on]
    conditions = []
    if conviction:
        conditions.append("the employer has a conviction under s.21 of the 2006 Act")
    if recent:
        conditions.append(f"a civil penalty within {years.value} years ({max(recent).isoformat()})")
    if unpaid_penalty:
        conditions.append("a civil penalty remains unpaid")
    if not conditions:
        raise EmployersError(
            "conditions",
            "a closure notice needs a conviction, a penalty in the last "
            f"{years.value} years or an unpaid penalty",
        )
    return Decision(True, tuple(conditions), used)


def hearing_deadline(*, issued_at: datetime, policy: Snapshot) -> tuple[datetime, ParameterValue]:
    hours = policy.value("employers.closure.hearing_hours")
    return issued_at + timedelta(hours=int(hours.value)), hours


def compliance_order(*, made_on: date, months: int, already_months: int, policy: Snapshot) -> Decision:
    """An order (or an extension) of `months`; `already_months` is the length so far (0 for a new order)."""
    single = policy.value("employers.closure.order_maximum_months")
    total = policy.value("employers.closure.order_total_maximum_months")
    if months < 1:
        raise EmployersError("months", "must be at least 1 month")
    if already_months == 0 and months > int(single.value):
        raise EmployersError("months", f"a compliance order may last at most {single.value} months")
    if already_months + months > int(total.value):
        raise EmployersError(
            "months",
            f"a compliance order may last at most {total.value} months in total ({already_months} already)",
        )
    return Decision(True, (f"order to {add_months(made_on, months).isoformat()}",), (single, total))


def disqualification(*, years: int, policy: Snapshot) -> Decision:
    value = policy.value("employers.disqualification.years_range")
    low, high = int(value.value["minimum"]), int(value.value["maximum"])
    if not low <= years <= high:
        raise EmployersError("years", f"a disqualification under s.6 lasts {low} to {high} years")
    return Decision(True, (f"disqualified for {years} years",), (value,))
