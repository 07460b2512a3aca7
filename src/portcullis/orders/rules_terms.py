"""Rules on an order once made: the maximum penalty for breach, the notification duty, when it binds
and who may seek a variation. Pure functions: values in, values or a Decision out."""

from __future__ import annotations

from datetime import datetime

from portcullis.core.policy import ParameterValue, Snapshot
from portcullis.orders.rule_params import PREFIX, _param
from portcullis.orders.types import Decision, OrderType, Violation

_PENALTY_PARAMS = {
    OrderType.SCPO: ("scpo.breach_max_summary_months", "scpo.breach_max_indictment_years"),
    OrderType.INTERIM_SCPO: (
        "interim_scpo.breach_max_summary_months",
        "interim_scpo.breach_max_indictment_years",
    ),
    OrderType.DAPN: (None, "dapn.breach_max_penalty_years"),
    OrderType.DAPO: ("dapo.breach_max_summary_months", "dapo.breach_max_indictment_years"),
    OrderType.YDO: (None, "ydo.breach_max_penalty_years"),
}


def maximum_penalty(order_type: OrderType, snap: Snapshot) -> dict[str, ParameterValue | str]:
    """{'summary': value-or-reason, 'indictment': value-or-reason}: a reason string where not known."""
    out: dict[str, ParameterValue | str] = {}
    for key, name in zip(("summary", "indictment"), _PENALTY_PARAMS[order_type], strict=True):
        if name is None:
            out[key] = "not set out in the sources"
            continue
        entry = _param(snap, name)
        out[key] = (
            entry
            if entry is not None and entry.value is not None
            else f"cannot decide: {PREFIX}{name} is not known"
        )
    return out


def notification_days(order_type: OrderType, snap: Snapshot) -> ParameterValue | None:
    """The subject's notification duty (DAPO s.41), or None where the order carries none."""
    if order_type is not OrderType.DAPO:
        return None
    entry = _param(snap, "dapo.notification_days")
    return entry if entry is not None and entry.value is not None else None


def binding_from(
    *, served_at: datetime | None, known_at: datetime | None, represented_at_hearing: datetime | None = None
) -> datetime | None:
    """An order binds from the earliest of service, representation at the hearing, or proven knowledge
    (Serious Crime Act 2007 s.10; Domestic Abuse Act 2021 s.39 for orders made without notice)."""
    times = [t for t in (served_at, known_at, represented_at_hearing) if t is not None]
    return min(times) if times else None


VARIATION_PARTIES = ("applicant", "subject", "third-party")


def may_seek_variation(
    party: str, *, change_of_circumstances: bool = False, significantly_affected: bool = False
) -> Decision:
    """Serious Crime Act 2007 ss.17-18: who may apply to vary or discharge."""
    if party == "applicant":
        return Decision()
    if party == "subject":
        if change_of_circumstances:
            return Decision()
        return Decision((Violation("party", "the subject may apply only on a change of circumstances"),))
    if party == "third-party":
        if significantly_affected:
            return Decision()
        return Decision(
            (Violation("party", "a third party may apply only if significantly adversely affected"),)
        )
    return Decision(
        (Violation("party", f"{party!r} may not apply; parties: {', '.join(VARIATION_PARTIES)}"),)
    )
