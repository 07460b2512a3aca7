"""A flat view of every route the app serves, with included routers' prefixes and dependencies applied.

FastAPI keeps included routers as nested branches in `app.routes`; `iter_route_contexts` flattens them
into the routes that actually answer. The route-guard test, the browser crawler and the request logs
(which name a request by its route template) all use this one view."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from portcullis.core import access


@dataclass(frozen=True)
class RouteInfo:
    path: str
    methods: frozenset[str]
    kind: str  # "api" (a FastAPI route), "mount" or "starlette" (a plain route without dependencies)
    original: BaseRoute
    dependant: Dependant | None
    matcher: Any  # has .matches(scope), as the router uses it

    @property
    def guards(self) -> list[tuple[str, tuple[str, ...]]]:
        """The access guards among the route's dependencies, however deeply nested."""
        return list(_guards(self.dependant)) if self.dependant is not None else []

    @property
    def has_path_parameters(self) -> bool:
        return "{" in self.path


def _guards(dependant: Dependant) -> Iterator[tuple[str, tuple[str, ...]]]:
    for dependency in dependant.dependencies:
        marker = getattr(dependency.call, access.GUARD_ATTR, None)
        if marker is not None:
            yield marker
        yield from _guards(dependency)


def all_routes(routes: Sequence[BaseRoute]) -> list[RouteInfo]:
    found = []
    for context in iter_route_contexts(routes):
        original = context.original_route
        path = str(context.path or getattr(original, "path", ""))
        methods = frozenset(context.methods or ())
        if isinstance(original, APIRoute):
            found.append(RouteInfo(path, methods, "api", original, context.dependant, context))
        else:
            kind = "mount" if not methods else "starlette"
            found.append(RouteInfo(path, methods, kind, original, None, context))
    return found


def template_for(routes: Sequence[RouteInfo], scope: Scope) -> str | None:
    """The template of the route that answers (or would answer) this request, or None."""
    partial = None
    for route in routes:
        match, _ = route.matcher.matches(scope)
        if match == Match.FULL:
            return route.path
        if match == Match.PARTIAL and partial is None:
            partial = route.path
    return partial
