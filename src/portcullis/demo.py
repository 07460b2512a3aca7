"""Demonstration data: users for every role (local-only passwords, listed in the README) and each domain's
own demo records (a domain provides `demo.load(uow, console)`). Loaded once; a marker row says so."""

from __future__ import annotations

import importlib
from typing import Any

from rich.console import Console
from sqlalchemy import select

from portcullis.core import access
from portcullis.core.access_models import User
from portcullis.core.db import unit_of_work
from portcullis.domains import DOMAINS, load_domains

DEMO_PASSWORD = "demo-password-123"  # noqa: S105 - local demonstration accounts only, documented in README

DEMO_USERS: list[tuple[str, str, list[str], str | None]] = [
    ("admin@example.gov.uk", "Ada Admin", ["admin"], None),
    ("auditor@example.gov.uk", "Aud Itor", ["auditor"], None),
    ("caseworker@example.gov.uk", "Casey Worker", ["caseworker"], None),
    ("carrier@example.com", "Demo Airways", ["carrier"], None),
    ("officer@gmp.example.police.uk", "Pat Constable", ["police_officer"], "greater-manchester"),
    ("officer@nca.example.gov.uk", "Nia Agent", ["nca_officer"], "nca"),
    ("court@example.justice.gov.uk", "Cora Clerk", ["court_staff"], "high-court"),
    ("supplier@example.com", "Tagline Monitoring", ["monitoring_supplier"], None),
    ("compliance@example.gov.uk", "Colin Compliance", ["compliance_officer"], None),
    ("enforcement@example.gov.uk", "Enid Enforcement", ["enforcement_officer"], None),
    ("employer@example.com", "Emma Employer", ["employer"], None),
    # the authorising officer of the demo sponsor Brightwater Care Homes (licences are matched by this email)
    ("authorising.officer@10000001.example.com", "Bea Brightwater", ["sponsor"], None),
    ("prevent@example.gov.uk", "Priya Practitioner", ["prevent_practitioner"], None),
    ("gateway@example.police.uk", "Gary Gateway", ["prevent_police"], None),
    ("referrer@example.sch.uk", "Rita Referrer", ["prevent_referrer"], None),
    ("commissioner@example.gov.uk", "Cam Commissioner", ["prevent_commissioner"], None),
    ("returns@example.gov.uk", "Ray Returns", ["returns_officer"], None),
    ("investigator@example.gov.uk", "Ivy Investigator", ["investigator"], None),
    ("analyst@example.gov.uk", "Ana Analyst", ["analyst"], None),
    ("force.analyst@gmp.example.police.uk", "Fred Force", ["force_analyst"], "greater-manchester"),
    ("screening@example.gov.uk", "Sam Screening", ["screening_analyst"], None),
]


def demo_present() -> bool:
    with unit_of_work() as uow:
        return uow.session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])) is not None


def load_demo(*, force: bool = False, console: Console | None = None) -> bool:
    console = console or Console()
    if demo_present() and not force:
        return False
    load_domains()
    with unit_of_work() as uow:
        if not demo_present():
            for email, name, role_names, organisation in DEMO_USERS:
                access.create_user(
                    uow,
                    email=email,
                    name=name,
                    password=DEMO_PASSWORD,
                    role_names=role_names,
                    organisation=organisation,
                )
            console.print(f"Created {len(DEMO_USERS)} demo users (password: {DEMO_PASSWORD}).")
    for domain in DOMAINS:
        module = _demo_module(domain)
        if module is not None:
            with unit_of_work() as uow:
                module.load(uow, console)
    return True


def _demo_module(domain: str) -> Any:
    try:
        return importlib.import_module(f"portcullis.{domain}.demo")
    except ModuleNotFoundError as exc:
        if exc.name and f"portcullis.{domain}.demo".startswith(exc.name):
            return None
        raise
