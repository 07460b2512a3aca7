"""The crawler: for every role (and for someone not signed in), visit every HTML page of the whole app that
the role may open and that needs no path parameter, and run axe-core on each. Pages added by any domain
are covered automatically. All failures are reported together, each naming the role and the page."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI

from portcullis.core import roles
from portcullis.web.routes import RouteInfo, all_routes

pytestmark = pytest.mark.browser

ANONYMOUS = "(not signed in)"


def page_routes(app: FastAPI) -> list[RouteInfo]:
    """GET routes of the app with no path parameters, excluding the JSON API."""
    return [
        r
        for r in all_routes(app.routes)
        if r.kind == "api"
        and "GET" in r.methods
        and not r.has_path_parameters
        and not r.path.startswith("/api/")
    ]


def may_open(route: RouteInfo, role: roles.Role | None) -> bool:
    """Would this guard let the role in? (Pages it may not open answer 403, checked once elsewhere.)"""
    guards = route.guards
    if not guards:
        return False  # unguarded routes fail tests/test_route_guards.py
    permissions = role.permissions if role is not None else set()
    for kind, needed in guards:
        if kind == "public":
            continue
        if role is None or (kind == "require" and not set(needed) <= permissions):
            return False
    return True


def distinct_roles() -> list[roles.Role]:
    """One role for each distinct set of permissions (and scoping): others would see the same pages."""
    seen: dict[tuple[frozenset[str], bool], roles.Role] = {}
    for name in sorted(roles.ROLES):
        role = roles.ROLES[name]
        seen.setdefault((frozenset(role.permissions), role.scoped), role)
    return list(seen.values())


def _crawl(
    browser: Any,
    live_server: str,
    sign_in_as: Any,
    axe: Any,
    role: roles.Role | None,
    routes: list[RouteInfo],
    visited: list[str],
    not_html: set[str],
) -> list[str]:
    failures = []
    checked: set[str] = set()  # final URLs already checked for this role (e.g. after a redirect home)
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(20_000)
    page = context.new_page()
    label = role.name if role is not None else ANONYMOUS
    try:
        if role is not None:
            sign_in_as(
                page,
                [role.name],
                organisation="test-organisation" if role.scoped else None,
                name=f"Crawler {role.label}",
            )
        for route in routes:
            if not may_open(route, role) or route.path in not_html:
                continue
            probe = page.request.get(route.path)  # same cookies; tells pages from data and downloads
            if probe.status >= 500:
                failures.append(f"{label} GET {route.path}: answered {probe.status}")
                continue
            if "text/html" not in probe.headers.get("content-type", ""):
                not_html.add(route.path)
                continue
            response = page.goto(route.path)
            visited.append(f"{label} {route.path}")
            if response is not None and response.status >= 500:
                failures.append(f"{label} GET {route.path}: answered {response.status}")
                continue
            if page.url in checked:
                continue
            checked.add(page.url)
            violations = axe.violations(page)
            if violations:
                failures.append(axe.describe(f"{label} GET {route.path} (at {page.url})", violations))
    finally:
        context.close()
    return failures


def test_every_page_passes_axe_for_every_role(browser, live_server, sign_in_as, axe) -> None:
    from portcullis.app import create_app

    routes = page_routes(create_app())
    visited: list[str] = []
    not_html: set[str] = set()
    failures = _crawl(browser, live_server, sign_in_as, axe, None, routes, visited, not_html)
    for role in distinct_roles():
        failures += _crawl(browser, live_server, sign_in_as, axe, role, routes, visited, not_html)
    assert f"{ANONYMOUS} /sign-in" in visited and "auditor /audit" in visited and "admin /" in visited
    assert not failures, f"{len(failures)} page(s) failed (of {len(visited)} visited):\n\n" + "\n\n".join(
        failures
    )
