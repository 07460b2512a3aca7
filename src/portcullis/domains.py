"""The list of domains: each may provide `api.router`, `pages.router`, `cli.app` and `events` (handlers).
Importing a domain registers its models, roles, navigation and event handlers."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

# Core web pages come first; domains follow in dependency order.
DOMAINS = [
    "web",
    "parties",
    "platform",
    "screening",
    "travel",
    "orders",
    "prevent",
    "employers",
    "returns",
    "policing",
]
PARTS = ("models", "events", "api", "pages", "cli")


def _import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name or (exc.name and name.startswith(exc.name + ".")):
            return None  # that domain or part does not exist (yet)
        raise


def load_domains() -> None:
    import portcullis.core.models  # noqa: F401 - registers the core tables

    for domain in DOMAINS:
        for part in ("models", "events"):
            _import(f"portcullis.{domain}.{part}")


def routers() -> list[Any]:
    found = []
    for domain in DOMAINS:
        for part in ("pages", "api"):
            module = _import(f"portcullis.{domain}.{part}")
            if module is not None and hasattr(module, "router"):
                found.append(module.router)
    return found


def direct_endpoints() -> dict[tuple[str, str], Any]:
    """(method, path) -> handler for the API routes a domain also serves before the middleware (`DIRECT`
    in its `api` module; see `web.direct`)."""
    found: dict[tuple[str, str], Any] = {}
    for domain in DOMAINS:
        module = _import(f"portcullis.{domain}.api")
        found.update(getattr(module, "DIRECT", {}))
    return found


def cli_apps() -> list[tuple[str, Any]]:
    found = []
    for domain in DOMAINS:
        module = _import(f"portcullis.{domain}.cli")
        if module is None:
            continue
        if hasattr(module, "apps"):  # a domain may offer several command groups (e.g. `eta` and `mrz`)
            found.extend(module.apps.items())
        elif hasattr(module, "app"):
            found.append((domain, module.app))
    return found
