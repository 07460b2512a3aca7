"""Deny by default: every route of the whole application carries exactly one kind of guard.

The walk covers every route the app serves: API and page routes (their dependencies, however nested,
must include a guard made by `access.require`, `access.signed_in` or `access.public`, recognised by
`access.GUARD_ATTR`), the `/assets` route, and mounts and plain Starlette routes, which cannot carry
dependencies and so must be on the explicit allow-list below with the reason they are open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from portcullis.core import access
from portcullis.web.routes import all_routes

# Routes that cannot carry a FastAPI dependency, each open on purpose.
ALLOWED_UNGUARDED = {
    "/static": "the service's own CSS and JavaScript: public files, no data",
    "/api/openapi.json": "the API's published description, so carriers and suppliers can integrate",
    "/api/docs": "the interactive API documentation page (it holds no data; calls need a token)",
    "/docs/oauth2-redirect": "part of the API documentation page",
}


def guard_problems(app: FastAPI) -> list[str]:
    """One line per route that breaks the rule, naming it."""
    problems = []
    for route in all_routes(app.routes):
        methods = ",".join(sorted(route.methods))
        if route.kind == "api":
            kinds = {kind for kind, _ in route.guards}
            endpoint = getattr(route.original, "endpoint", None)
            where = f"{getattr(endpoint, '__module__', '?')}.{getattr(endpoint, '__name__', '?')}"
            if not kinds:
                problems.append(
                    f"{methods} {route.path} ({where}) has no guard: "
                    "add Depends(access.require(...)), signed_in() or public()"
                )
            elif "public" in kinds and len(kinds) > 1:
                problems.append(f"{methods} {route.path} ({where}) is both public and guarded: choose one")
        elif route.path not in ALLOWED_UNGUARDED:
            problems.append(
                f"{route.path} ({type(route.original).__name__}) cannot carry a guard and is not "
                "on the allow-list in tests/test_route_guards.py"
            )
    return problems


def test_every_route_of_the_app_has_a_guard(app: FastAPI) -> None:
    problems = guard_problems(app)
    assert not problems, "Routes without a guard:\n" + "\n".join(problems)


def test_the_walk_covers_assets_mounts_pages_and_the_api(app: FastAPI) -> None:
    paths = {r.path for r in all_routes(app.routes)}
    assert {"/assets/{path:path}", "/static", "/", "/sign-in", "/audit", "/metrics", "/healthz"} <= paths


def test_the_allow_list_names_only_routes_that_exist(app: FastAPI) -> None:
    paths = {r.path for r in all_routes(app.routes)}
    assert set(ALLOWED_UNGUARDED) <= paths


def test_the_walk_catches_an_unguarded_route_and_a_nested_guard_counts() -> None:
    app = FastAPI()

    def needs_audit(principal: access.Principal = Depends(access.require("audit.read"))) -> str:
        return principal.name

    @app.get("/forgotten")
    def forgotten() -> str:
        return "open to all by mistake"

    @app.get("/nested")
    def nested(name: str = Depends(needs_audit)) -> str:
        return name

    @app.get("/confused", dependencies=[Depends(access.public())])
    def confused(_: access.Principal = Depends(access.require("audit.read"))) -> str:
        return ""

    router = APIRouter(prefix="/api/v1/things", dependencies=[Depends(access.require("audit.read"))])

    @router.get("/{thing_id}")
    def thing(thing_id: str) -> str:
        return thing_id

    app.include_router(router)
    app.mount("/uploads", app=FastAPI())
    problems = "\n".join(guard_problems(app))
    assert "GET /forgotten" in problems and "/nested" not in problems
    assert "/api/v1/things" not in problems  # a guard on the including router counts
    assert any("/confused" in line and "both public and guarded" in line for line in problems.splitlines())
    assert "/uploads (Mount)" in problems


@pytest.fixture()
def guarded_api(app: FastAPI) -> FastAPI:
    router = APIRouter()

    @router.get("/api/v1/test-guarded")
    def guarded(principal: access.Principal = Depends(access.require("audit.read"))) -> dict[str, Any]:
        return {"user": principal.user_id}

    app.include_router(router)
    return app


def test_an_anonymous_visit_to_a_guarded_page_goes_to_sign_in(client: TestClient) -> None:
    response = client.get("/audit?search=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/audit%3Fsearch%3D1"


def test_an_anonymous_call_to_a_guarded_api_answers_401(guarded_api: FastAPI) -> None:
    with TestClient(guarded_api) as client:
        response = client.get("/api/v1/test-guarded")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "Sign in or send an API token"}


def test_a_user_without_the_permission_gets_403_on_pages_and_the_api(
    guarded_api: FastAPI, client: TestClient, sign_in: Callable[..., Any], api_client: Callable[..., Any]
) -> None:
    sign_in(["caseworker"])
    assert client.get("/audit").status_code == 403
    assert client.get("/metrics").status_code == 403
    api = api_client(["caseworker"])
    response = api.get("/api/v1/test-guarded")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to do this"}


def test_a_user_with_the_permission_gets_through(
    guarded_api: FastAPI, api_client: Callable[..., Any]
) -> None:
    assert api_client(["auditor"]).get("/api/v1/test-guarded").status_code == 200


def test_a_revoked_api_token_gets_a_clear_401(guarded_api: FastAPI, make_user: Callable[..., Any]) -> None:
    from portcullis.core.db import unit_of_work

    user = make_user(["auditor"])
    with unit_of_work() as uow:
        secret, record = access.issue_api_token(uow, user=uow.session.merge(user), name="old script")
        access.revoke_api_token(uow, record.id)
    with TestClient(guarded_api, headers={"Authorization": f"Bearer {secret}"}) as client:
        response = client.get("/api/v1/test-guarded")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
