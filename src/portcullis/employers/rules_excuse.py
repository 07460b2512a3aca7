"""The statutory excuse (Immigration, Asylum and Nationality Act 2006 s.15(3)): a correct right-to-work check
made before employment began removes the employer's liability for that worker. Manual List A checks excuse
for the whole employment; List B documents and time-limited permissions (online or IDVT) only until the
permission ends, then only if a follow-up check was made before it ended. Pure: no I/O, no clock."""

from __future__ import annotations

from datetime import date

from portcullis.employers.rules_base import Decision
from portcullis.employers.values import EmployersError, RightToWorkCheck

LABELS = {
    "list_a": "manual check of a List A document",
    "list_b": "manual check of a List B document",
    "share_code": "Home Office online check with a share code",
    "idvt": "IDVT check",
}


def validate_check(check: RightToWorkCheck, *, on: date, prefix: str = "") -> None:
    """Bad or incomplete answers about a claimed check, for a worker found on `on`: raise naming the field
    (with `prefix`, so a form or an API can say which worker). A check that is complete but does not give
    an excuse (made too late, permission ended) is not an error: `statutory_excuse` says why."""
    if check.method is None:
        return
    if check.method not in LABELS:
        raise EmployersError(f"{prefix}method", f"must be one of {', '.join(LABELS)}, or no check")
    if check.checked_on is None:
        raise EmployersError(f"{prefix}checked_on", "enter the date of the right-to-work check")
    if check.employment_started_on is None:
        raise EmployersError(f"{prefix}employment_started_on", "enter the date the employment began")
    if check.checked_on > on:
        raise EmployersError(
            f"{prefix}checked_on",
            f"the check must be on or before the visit on {on.isoformat()}: a later one excuses nothing",
        )
    if check.employment_started_on > on:
        raise EmployersError(
            f"{prefix}employment_started_on",
            f"the worker was found working on {on.isoformat()}: employment began on or before that date",
        )
    if check.method == "list_b" and check.permission_ends_on is None:
        raise EmployersError(
            f"{prefix}permission_ends_on",
            "a List B document gives a time-limited excuse: enter the date the permission ends",
        )
    follow_up = check.follow_up_done_on
    if follow_up is not None:
        if check.permission_ends_on is None:
            raise EmployersError(
                f"{prefix}follow_up_done_on",
                "a follow-up check is for a time-limited permission: enter the date the permission ends",
            )
        if follow_up < check.checked_on or follow_up > on:
            raise EmployersError(
                f"{prefix}follow_up_done_on",
                f"the follow-up check must be between the first check ({check.checked_on.isoformat()}) "
                f"and the visit ({on.isoformat()})",
            )


def statutory_excuse(*, check: RightToWorkCheck, on: date) -> Decision:
    """Whether a right-to-work check gives the employer a statutory excuse for a worker found on `on`.
    A check dated the day employment began counts (it is made before work starts that day)."""
    if check.method is None or check.checked_on is None:
        return Decision(False, ("no right-to-work check was done",))
    label = LABELS.get(check.method, check.method)
    if not check.showed_right_to_work:
        return Decision(False, (f"the {label} on {check.checked_on.isoformat()} showed no right to work",))
    if check.employment_started_on is not None and check.checked_on > check.employment_started_on:
        return Decision(
            False,
            (
                f"the check on {check.checked_on.isoformat()} came after employment began on "
                f"{check.employment_started_on.isoformat()}",
            ),
        )
    if check.method == "idvt" and not check.idvt_certified_provider:
        return Decision(
            False, ("an IDVT check counts only if done by a certified identity service provider",)
        )
    ends = check.permission_ends_on
    if check.method == "list_a" or ends is None:
        return Decision(True, (f"statutory excuse: {label} before employment",))
    if check.checked_on > ends:
        return Decision(
            False,
            (
                f"the {label} on {check.checked_on.isoformat()} was made after the permission ended on "
                f"{ends.isoformat()}",
            ),
        )
    if on <= ends:
        return Decision(True, (f"statutory excuse: {label}; time-limited until {ends.isoformat()}",))
    if check.follow_up_done_on is not None and check.follow_up_done_on <= ends:
        return Decision(
            True,
            (
                f"statutory excuse: follow-up check on {check.follow_up_done_on.isoformat()} "
                f"before permission ended on {ends.isoformat()}",
            ),
        )
    return Decision(
        False, (f"time-limited permission ended on {ends.isoformat()} without a follow-up check",)
    )


def follow_up_date(permission_ends_on: date | None) -> date | None:
    """A time-limited permission must be checked again before it ends: the follow-up is due on that date."""
    return permission_ends_on
