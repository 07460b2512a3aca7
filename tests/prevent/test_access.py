"""Need to know: only Prevent roles reach Prevent routes, each only where its permission allows; every other
role in the catalogue is refused on every Prevent route, page and API alike."""

from __future__ import annotations

import re
from typing import Any

import pytest

from portcullis.core import roles
from portcullis.prevent import PREVENT_ROLES
from portcullis.web.routes import all_routes

# Deliberately public: the page telling people who are not signed in how to make a referral. It reads and
# collects nothing (GET only, no form), so it is the one Prevent route without a Prevent permission.
PUBLIC_PATHS = {"/prevent/worried-about-someone"}
# Routes added for overdue work: each must be among those every other role is refused.
OVERDUE_ROUTES = {("GET", "/prevent/overdue", ("prevent.senior_review",))}


def _prevent_routes(app: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for route in all_routes(app.routes):
        if not route.path.startswith(("/prevent", "/api/v1/prevent")):
            continue
        if route.path in PUBLIC_PATHS:
            assert [g[0] for g in route.guards] == ["public"] and set(route.methods) == {"GET"}, route.path
            continue
        guards = route.guards
        assert len(guards) == 1 and guards[0][0] == "require", (
            f"{route.path} must require a Prevent permission"
        )
        path = re.sub(r"\{item\}", "1", re.sub(r"\{(?!item)[^}]+\}", "x", route.path))
        for method in route.methods:
            found.append((method, path, guards[0][1]))
    return found


def _call(client: Any, method: str, path: str) -> int:
    if method == "GET":
        return int(client.get(path, follow_redirects=False).status_code)
    return int(client.request(method, path, json={}, follow_redirects=False).status_code)


def test_there_are_prevent_routes_and_each_requires_a_prevent_permission(app) -> None:
    routes = _prevent_routes(app)
    assert len(routes) >= 40
    assert all(all(p.startswith("prevent.") for p in perms) for _, _, perms in routes)


def test_no_role_outside_prevent_holds_any_prevent_permission(app) -> None:
    for name, role in roles.ROLES.items():
        if name not in PREVENT_ROLES:
            assert not [p for p in role.permissions if p.startswith("prevent.")], name


def test_every_other_role_is_refused_on_every_prevent_route(app, client, sign_in) -> None:
    routes = _prevent_routes(app)
    others = sorted(set(roles.ROLES) - PREVENT_ROLES)
    assert len(others) >= 10
    refused: dict[str, int] = {}
    for role in others:
        sign_in([role])
        for method, path, _ in routes:
            status = _call(client, method, path)
            assert status == 403, f"{role} got {status} on {method} {path}"
            refused[role] = refused.get(role, 0) + 1
    assert set(refused) == set(others)


@pytest.mark.parametrize("role", sorted(PREVENT_ROLES))
def test_each_prevent_role_is_refused_wherever_it_lacks_the_permission(app, client, sign_in, role) -> None:
    routes = _prevent_routes(app)
    principal = sign_in([role])
    denied = [(m, p) for m, p, perms in routes if not all(principal.can(x) for x in perms)]
    assert denied  # no Prevent role holds every permission
    for method, path in denied:
        assert _call(client, method, path) == 403, f"{role} reached {method} {path}"


def test_anyone_not_signed_in_is_sent_to_sign_in_or_refused(app, client) -> None:
    for method, path, _ in _prevent_routes(app):
        assert _call(client, method, path) in (303, 401, 403), f"{method} {path}"


def test_the_new_overdue_dashboard_is_guarded_and_only_a_senior_reviewer_reaches_it(
    app, client, sign_in
) -> None:
    assert OVERDUE_ROUTES.issubset(_prevent_routes(app))
    for role in sorted(set(roles.ROLES) - {"prevent_supervisor"}):
        sign_in([role])
        assert client.get("/prevent/overdue").status_code == 403, role
    sign_in(["prevent_supervisor"])
    assert client.get("/prevent/overdue").status_code == 200


def test_the_only_public_prevent_page_collects_nothing_and_is_open_to_everyone(app, client, sign_in) -> None:
    public = [
        (sorted(r.methods), r.path)
        for r in all_routes(app.routes)
        if r.path.startswith(("/prevent", "/api/v1/prevent")) and r.guards and r.guards[0][0] == "public"
    ]
    assert public == [(["GET"], "/prevent/worried-about-someone")]
    assert client.get("/prevent/worried-about-someone").status_code == 200
    for role in sorted(roles.ROLES):
        sign_in([role])
        assert client.get("/prevent/worried-about-someone").status_code == 200, role
