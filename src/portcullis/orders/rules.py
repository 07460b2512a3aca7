"""The law of preventive orders as pure functions: values in, a Decision (violations and the dated
parameters used) out. No clock, no I/O; the caller passes `on` and `policy.at(on)`.

Where a parameter is null (the law is not known) the rule returns an `undecided` violation naming the
parameter: it refuses to decide rather than guess."""

from __future__ import annotations

from datetime import date, timedelta

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.orders.rule_params import (
    LONDON,
    POLICE_KINDS,
    UNLIMITED,
    _cannot,
    _commenced,
    _param,
)
from portcullis.orders.rules_deadlines import (
    hearing_deadline,
    is_disregarded,
    no_signal_gap,
    notice_service_by,
    silent_too_long,
)
from portcullis.orders.rules_terms import (
    VARIATION_PARTIES,
    binding_from,
    maximum_penalty,
    may_seek_variation,
    notification_days,
)
from portcullis.orders.types import RANKS, ConditionFacts, Decision, OrderType, Proposal, Violation

# What callers use from the rules: the proposal checks below, and re-exported terms and deadlines.
__all__ = [
    "LONDON",
    "POLICE_KINDS",
    "UNLIMITED",
    "VARIATION_PARTIES",
    "act_2025_in_force",
    "add_months",
    "age_range",
    "binding_from",
    "check_ages",
    "check_applicant",
    "check_conditions",
    "check_court",
    "check_dapn_issuer",
    "check_duration",
    "check_pilot_area",
    "check_proposal",
    "hearing_deadline",
    "is_disregarded",
    "maximum_penalty",
    "may_seek_variation",
    "no_signal_gap",
    "notice_service_by",
    "notification_days",
    "order_exists",
    "silent_too_long",
]


def act_2025_in_force(on: date, snap: Snapshot) -> tuple[bool | None, ParameterValue | None]:
    """Whether the 2025 Act's SCPO changes apply: False before Royal Assent, None if not known."""
    entry = _param(snap, "scpo.act_2025_commencement")
    if entry is None:
        return False, None
    if entry.value is None:
        return None, entry
    return on >= date.fromisoformat(str(entry.value)), entry


def order_exists(order_type: OrderType, on: date, snap: Snapshot) -> Decision:
    """Whether this kind of order could be made at all on that date."""
    if order_type is OrderType.INTERIM_SCPO:
        return _commenced(snap, "interim_scpo.commencement", on, "order_type", "interim SCPOs") or Decision()
    if order_type is OrderType.YDO:
        return _commenced(snap, "ydo.commencement", on, "order_type", "Youth Diversion Orders") or Decision()
    if order_type in (OrderType.DAPN, OrderType.DAPO) and _param(snap, "dapo.applicants") is None:
        return Decision((Violation("order_type", f"{order_type.value.upper()}s did not exist on {on}"),))
    if order_type is OrderType.SCPO and _param(snap, "scpo.applicants") is None:
        return Decision((Violation("order_type", f"SCPOs did not exist on {on}"),))
    return Decision()


# --- who may apply or issue -------------------------------------------------------------------------


def _scpo_applicant_kind(kind: str, terrorism_related: bool) -> str:
    if kind in POLICE_KINDS and terrorism_related:
        return "chief-officer-of-police-terrorism"
    return kind


def check_applicant(proposal: Proposal, on: date, snap: Snapshot) -> Decision:
    t, a = proposal.order_type, proposal.applicant
    if t is OrderType.SCPO:
        base = _param(snap, "scpo.applicants")
        if base is None or base.value is None:
            return Decision((_cannot("applicant", "scpo.applicants"),))
        kind = _scpo_applicant_kind(a.kind, a.terrorism_related)
        if kind in base.value:
            return Decision(used=(base,), notes=("applicant under the Serious Crime Act 2007 s.8",))
        in_force, _commencement = act_2025_in_force(on, snap)
        if in_force is False:
            listed = ", ".join(base.value)
            reason = f"{a.agency} ({a.kind}) may not apply for an SCPO on {on}; applicants are {listed}"
            return Decision((Violation("applicant", reason),), (base,))
        if in_force is None:
            return Decision((_cannot("applicant", "scpo.act_2025_commencement"),), (base,))
        extended = _param(snap, "scpo.applicants_2025_act")
        if extended is None or extended.value is None:
            return Decision((_cannot("applicant", "scpo.applicants_2025_act"),), (base,))
        if kind in extended.value:
            return Decision(used=(base, extended))
        return Decision(
            (Violation("applicant", f"{a.agency} ({a.kind}) may not apply for an SCPO"),), (extended,)
        )
    if t is OrderType.INTERIM_SCPO:
        entry = _param(snap, "interim_scpo.applicants")
        if entry is None or entry.value is None:
            return Decision((_cannot("applicant", "interim_scpo.applicants"),))
        if a.kind in entry.value:
            return Decision(used=(entry,))
        return Decision(
            (Violation("applicant", f"{a.agency} ({a.kind}) may not apply for an interim SCPO"),), (entry,)
        )
    if t is OrderType.DAPN:
        return check_dapn_issuer(proposal, on, snap)
    if t is OrderType.DAPO:
        entry = _param(snap, "dapo.applicants")
        if entry is None or entry.value is None:
            return Decision((_cannot("applicant", "dapo.applicants"),))
        kind = "chief-officer-of-police" if a.kind in POLICE_KINDS else a.kind
        if kind not in entry.value:
            reason = (
                f"{a.agency} ({a.kind}) may not apply for a DAPO; applicants are {', '.join(entry.value)}"
            )
            return Decision((Violation("applicant", reason),), (entry,))
        decision = Decision(used=(entry,))
        if kind == "chief-officer-of-police":
            decision = decision + check_pilot_area(a.areas, proposal.area, on, snap)
        return decision
    entry = _param(snap, "ydo.applicants")
    if entry is None or entry.value is None:
        return Decision((_cannot("applicant", "ydo.applicants"),))
    kind = "police" if a.kind in POLICE_KINDS else a.kind
    if kind not in entry.value:
        return Decision(
            (Violation("applicant", f"{a.agency} ({a.kind}) may not apply for a Youth Diversion Order"),),
            (entry,),
        )
    return Decision(used=(entry,))


def check_pilot_area(force_areas: tuple[str, ...], area: str | None, on: date, snap: Snapshot) -> Decision:
    """During the DAPN/DAPO pilot only forces in pilot areas on that date may give notices or apply."""
    entry = _param(snap, "dapo.pilot_areas")
    if entry is None:
        return Decision((Violation("area", f"the DAPN/DAPO pilot had not started on {on}"),))
    if entry.value is None:
        return Decision((_cannot("area", "dapo.pilot_areas"),), (entry,))
    if area is None:
        return Decision(
            (Violation("area", "give the area where the notice or application is made"),), (entry,)
        )
    if area not in force_areas:
        return Decision((Violation("area", f"{area} is not policed by the applying force"),), (entry,))
    if area not in entry.value:
        return Decision((Violation("area", f"{area} is not a pilot area on {on}"),), (entry,))
    return Decision(used=(entry,))


def check_dapn_issuer(proposal: Proposal, on: date, snap: Snapshot) -> Decision:
    a = proposal.applicant
    rank_entry, forces = _param(snap, "dapn.minimum_issuing_rank"), _param(snap, "dapn.issuing_force_kinds")
    if rank_entry is None or rank_entry.value is None or forces is None or forces.value is None:
        return Decision((_cannot("applicant.rank", "dapn.minimum_issuing_rank"),))
    used = (rank_entry, forces)
    violations = []
    if a.kind not in forces.value:
        violations.append(
            Violation("applicant", f"{a.agency} ({a.kind}) is not a police force that may give a DAPN")
        )
    if a.rank is None:
        violations.append(Violation("applicant.rank", "give the issuing officer's rank"))
    elif a.rank not in RANKS:
        violations.append(Violation("applicant.rank", f"{a.rank!r} is not a police rank"))
    elif RANKS[a.rank] < RANKS[rank_entry.value]:
        violations.append(
            Violation(
                "applicant.rank",
                f"a {a.rank} may not give a DAPN: the officer must be of at "
                f"least the rank of {rank_entry.value}",
            )
        )
    return Decision(tuple(violations), used) + check_pilot_area(a.areas, proposal.area, on, snap)


# --- courts -------------------------------------------------------------------------------------------


def check_court(proposal: Proposal, on: date, snap: Snapshot) -> Decision:
    t, court = proposal.order_type, proposal.court
    if t is OrderType.DAPN:
        return (
            Decision()
            if court is None
            else Decision((Violation("court", "a DAPN is given by the police, not a court"),))
        )
    if court is None:
        return Decision((Violation("court", "give the court"),))
    if t is OrderType.INTERIM_SCPO:
        ok = court == "high-court"
        return (
            Decision() if ok else Decision((Violation("court", "interim SCPOs are made by the High Court"),))
        )
    if t is OrderType.YDO:
        return Decision()  # the sources say only "the courts"
    name = "scpo.courts" if t is OrderType.SCPO else "dapo.courts"
    entry = _param(snap, name)
    if entry is None or entry.value is None:
        return Decision((_cannot("court", name),))
    if court in entry.value:
        return Decision(used=(entry,))
    if t is OrderType.SCPO:
        added = _param(snap, "scpo.courts_2025_act")
        if added is not None and added.value and court in added.value:
            in_force, _commencement = act_2025_in_force(on, snap)
            if in_force is None:
                return Decision((_cannot("court", "scpo.act_2025_commencement"),), (added,))
            if in_force:
                return Decision(used=(entry, added))
    return Decision(
        (Violation("court", f"{court} may not make this order on {on}; courts: {', '.join(entry.value)}"),),
        (entry,),
    )


# --- ages ---------------------------------------------------------------------------------------------


def age_range(dob: str, on: date) -> tuple[int, int]:
    """Youngest and oldest possible age on `on` for a full or partial date of birth."""
    parts = [int(p) for p in dob.split("-")]
    year = parts[0]
    if len(parts) == 3:
        earliest = latest = date(year, parts[1], parts[2])
    elif len(parts) == 2:
        earliest = date(year, parts[1], 1)
        nxt = date(year + (parts[1] == 12), parts[1] % 12 + 1, 1)
        latest = nxt - timedelta(days=1)
    else:
        earliest, latest = date(year, 1, 1), date(year, 12, 31)

    def age(born: date) -> int:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    return age(latest), age(earliest)


def _min_age(field: str, dob: str | None, name: str, on: date, snap: Snapshot, who: str) -> Decision:
    entry = _param(snap, name)
    if entry is None or entry.value is None:
        return Decision((_cannot(field, name),), (entry,) if entry else ())
    if dob is None:
        return Decision(
            (Violation(field, f"give the {who}'s date of birth: the {who} must be {entry.value} or over"),),
            (entry,),
        )
    youngest, oldest = age_range(dob, on)
    if oldest < entry.value:
        return Decision(
            (Violation(field, f"the {who} is {oldest}; must be {entry.value} or over"),), (entry,)
        )
    if youngest < entry.value:
        return Decision(
            (
                Violation(
                    field, f"the partial date of birth {dob} does not show the {who} is {entry.value} or over"
                ),
            ),
            (entry,),
        )
    return Decision(used=(entry,))


def check_ages(proposal: Proposal, on: date, snap: Snapshot) -> Decision:
    t, dob = proposal.order_type, proposal.subject_date_of_birth
    if t is OrderType.SCPO or t is OrderType.INTERIM_SCPO:
        return _min_age("subject.date_of_birth", dob, "scpo.minimum_age_years", on, snap, "subject")
    if t is OrderType.DAPN:
        return _min_age(
            "subject.date_of_birth", dob, "dapn.minimum_subject_age_years", on, snap, "subject"
        ) + _min_age(
            "protected_person.date_of_birth",
            proposal.protected_person_date_of_birth,
            "dapn.minimum_protected_age_years",
            on,
            snap,
            "protected person",
        )
    if t is OrderType.DAPO:
        return _min_age("subject.date_of_birth", dob, "dapo.minimum_subject_age_years", on, snap, "subject")
    decision = _min_age("subject.date_of_birth", dob, "ydo.minimum_age_years", on, snap, "subject")
    top = _param(snap, "ydo.maximum_age_years")
    if top is None or top.value is None:
        return decision + Decision((_cannot("subject.date_of_birth", "ydo.maximum_age_years"),))
    if dob is not None and age_range(dob, on)[0] > top.value:
        return decision + Decision(
            (Violation("subject.date_of_birth", f"the subject is over {top.value}"),), (top,)
        )
    return decision + Decision(used=(top,))


# --- duration -----------------------------------------------------------------------------------------


def add_months(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(start)


def check_duration(proposal: Proposal, snap: Snapshot) -> Decision:
    t, start, end = proposal.order_type, proposal.starts_on, proposal.ends_on
    if t is OrderType.DAPN:
        return (
            Decision()
            if end is None
            else Decision((Violation("ends_on", "a DAPN lasts until the DAPO application is decided"),))
        )
    if t is not OrderType.INTERIM_SCPO and start is None:
        return Decision((Violation("starts_on", "give the date the order comes into force"),))
    if start is not None and end is not None and end < start:
        return Decision((Violation("ends_on", "the end date is before the start date"),))
    if t is OrderType.SCPO:
        entry = _param(snap, "scpo.maximum_duration_years")
        if entry is None or entry.value is None:
            return Decision((_cannot("ends_on", "scpo.maximum_duration_years"),))
        if end is None:
            return Decision((Violation("ends_on", "an SCPO must state when it ends"),), (entry,))
        assert start is not None
        limit = add_months(start, 12 * int(entry.value))
        if end > limit:
            return Decision(
                (
                    Violation(
                        "ends_on",
                        f"an SCPO may last at most {entry.value} years: it must end by {limit.isoformat()}",
                    ),
                ),
                (entry,),
            )
        return Decision(used=(entry,))
    if t is OrderType.INTERIM_SCPO:
        if end is None:
            return Decision(
                notes=("lasts until the main application is determined, withdrawn or discharged",)
            )
        entry = _param(snap, "interim_scpo.maximum_duration_days")
        if entry is None or entry.value is None:
            return Decision((_cannot("ends_on", "interim_scpo.maximum_duration_days"),))
        if start is not None and (end - start).days > int(entry.value):
            return Decision((Violation("ends_on", f"at most {entry.value} days"),), (entry,))
        return Decision(used=(entry,))
    name = "dapo.maximum_duration_months" if t is OrderType.DAPO else "ydo.maximum_duration_months"
    entry = _param(snap, name)
    if entry is None or entry.value is None:
        return Decision((_cannot("ends_on", name),))
    if entry.value == UNLIMITED or end is None:
        if end is None and entry.value != UNLIMITED:
            return Decision(
                (Violation("ends_on", f"this order must end within {entry.value} months"),), (entry,)
            )
        return Decision(used=(entry,))
    assert start is not None
    limit = add_months(start, int(entry.value))
    if end > limit:
        return Decision(
            (Violation("ends_on", f"at most {entry.value} months: must end by {limit}"),), (entry,)
        )
    return Decision(used=(entry,))


# --- conditions ---------------------------------------------------------------------------------------

_CONDITION_PARAMS = {
    OrderType.SCPO: "scpo.condition_types",
    OrderType.INTERIM_SCPO: "interim_scpo.condition_types",
    OrderType.DAPN: "dapn.condition_types",
    OrderType.DAPO: "dapo.condition_types",
    OrderType.YDO: "ydo.condition_types",
}
_MONITORING_PARAMS = {
    OrderType.SCPO: "scpo.electronic_monitoring_max_months",
    OrderType.INTERIM_SCPO: "scpo.electronic_monitoring_max_months",
    OrderType.DAPO: "dapo.electronic_monitoring_max_months",
    OrderType.YDO: "ydo.electronic_monitoring_max_months",
}


def check_conditions(
    order_type: OrderType, conditions: tuple[ConditionFacts, ...], on: date, snap: Snapshot
) -> Decision:
    name = _CONDITION_PARAMS[order_type]
    entry = _param(snap, name)
    if entry is None or entry.value is None:
        return Decision((_cannot("conditions", name),)) if conditions else Decision()
    allowed = set(entry.value)
    decision = Decision(used=(entry,))
    for c in conditions:
        field = f"conditions[{c.index}]"
        if c.kind not in allowed:
            if order_type in (OrderType.SCPO, OrderType.INTERIM_SCPO):
                decision = decision + _scpo_2025_condition(c, field, on, snap)
            else:
                decision = decision + Decision(
                    (
                        Violation(
                            f"{field}.kind",
                            f"a {order_type.value.upper()} may not contain {c.kind} conditions",
                        ),
                    )
                )
                continue
        if c.kind == "electronic_monitoring":
            decision = decision + _check_monitoring(order_type, c, field, snap)
    return decision


def _scpo_2025_condition(c: ConditionFacts, field: str, on: date, snap: Snapshot) -> Decision:
    added = _param(snap, "scpo.condition_types_2025_act")
    if added is None or not added.value or c.kind not in added.value:
        return Decision((Violation(f"{field}.kind", f"an SCPO may not contain {c.kind} conditions on {on}"),))
    in_force, _commencement = act_2025_in_force(on, snap)
    if in_force is None:
        return Decision((_cannot(f"{field}.kind", "scpo.act_2025_commencement"),))
    if not in_force:
        return Decision((Violation(f"{field}.kind", f"{c.kind} in an SCPO is not in force on {on}"),))
    return Decision(used=(added,))


def _check_monitoring(order_type: OrderType, c: ConditionFacts, field: str, snap: Snapshot) -> Decision:
    name = _MONITORING_PARAMS.get(order_type)
    if name is None:
        return Decision()
    entry = _param(snap, name)
    if entry is None or entry.value is None:
        return Decision((_cannot(f"{field}.months", name),))
    violations = []
    if c.monitoring_months is not None and c.monitoring_months > int(entry.value):
        violations.append(
            Violation(
                f"{field}.months",
                f"electronic monitoring may be imposed for at most {entry.value} months at a time",
            )
        )
    if c.subject_present is False:
        violations.append(
            Violation(
                f"{field}.subject_present",
                "electronic monitoring may not be imposed in the subject's absence",
            )
        )
    return Decision(tuple(violations), (entry,))


# --- the whole proposal -------------------------------------------------------------------------------


def check_proposal(proposal: Proposal, on: date, snap: Snapshot) -> Decision:
    """Every rule for a proposed order or notice; an empty violation list means it may be made."""
    exists = order_exists(proposal.order_type, on, snap)
    if exists.violations:
        return exists
    return (
        check_applicant(proposal, on, snap)
        + check_court(proposal, on, snap)
        + check_ages(proposal, on, snap)
        + check_duration(proposal, snap)
        + check_conditions(proposal.order_type, proposal.conditions, on, snap)
    )
