"""Roles and the permissions they carry. Permissions are plain strings `domain.action`; a domain adds
its own with `grant()` at import time. Deny by default: a permission no role holds is held by no one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Role:
    name: str
    label: str
    permissions: set[str] = field(default_factory=set)
    scoped: bool = False  # sees only records of its own organisation (force or agency)


ROLES: dict[str, Role] = {}


def define(name: str, label: str, permissions: set[str] | None = None, *, scoped: bool = False) -> Role:
    role = ROLES.setdefault(name, Role(name=name, label=label, scoped=scoped))
    role.permissions |= permissions or set()
    return role


def grant(role: str, *permissions: str) -> None:
    if role not in ROLES:
        raise KeyError(f"unknown role {role!r}")
    ROLES[role].permissions.update(permissions)


def permissions_of(role_names: Iterable[str]) -> frozenset[str]:
    perms: set[str] = set()
    for name in role_names:
        role = ROLES.get(name)
        if role is not None:
            perms |= role.permissions
    return frozenset(perms)


define(
    "admin",
    "Service administrator",
    {
        "admin.users",
        "admin.outbox",
        "admin.jobs",
        "metrics.read",
        "parties.read",
        "parties.write",
        "audit.read",
    },
)
define("auditor", "Auditor", {"audit.read"})
define("caseworker", "Travel caseworker", {"parties.read", "travel.case.read", "travel.case.decide"})
define("carrier", "Carrier (airline, ferry or rail operator)", {"travel.carrier.check"})
define("police_officer", "Police officer", {"parties.read", "orders.read", "orders.write"}, scoped=True)
define(
    "nca_officer",
    "National Crime Agency officer",
    {"parties.read", "orders.read", "orders.write", "returns.oic.read", "returns.oic.write"},
    scoped=True,
)
define("court_staff", "Court staff", {"orders.court"}, scoped=True)
define("monitoring_supplier", "Electronic monitoring supplier", {"orders.monitoring.ingest"})
define(
    "compliance_officer", "Sponsor compliance officer", {"parties.read", "employers.read", "employers.write"}
)
define(
    "enforcement_officer",
    "Immigration enforcement officer",
    {"parties.read", "employers.read", "employers.enforce"},
)
define("employer", "Employer (right-to-work checks)", {"employers.rtw.check"})
define("prevent_practitioner", "Prevent practitioner", {"prevent.read", "prevent.write"})
define(
    "prevent_police", "Prevent police gateway officer", {"prevent.read", "prevent.write", "prevent.gateway"}
)
define("prevent_referrer", "Prevent referrer", {"prevent.refer"})
define("prevent_commissioner", "Independent Prevent Commissioner", {"prevent.oversight"})
define("returns_officer", "Returns officer", {"parties.read", "returns.read", "returns.write"})
define(
    "investigator",
    "Organised immigration crime investigator",
    {"parties.read", "returns.oic.read", "returns.oic.write"},
)
define(
    "analyst", "National analyst", {"screening.review", "policing.read.all", "policing.read", "travel.stats"}
)
define("force_analyst", "Force analyst", {"policing.read"}, scoped=True)
define(
    "screening_analyst",
    "Screening analyst",
    {"parties.read", "screening.review", "screening.match", "screening.manage"},
)
