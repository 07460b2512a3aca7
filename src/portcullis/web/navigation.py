"""Service navigation by role: each entry is shown only to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    permission: str | None  # None: any signed-in user
    description: str = ""


NAV: list[NavItem] = []
PUBLIC: list[NavItem] = []  # services anyone may use without signing in (listed on the start page)


def add(text: str, href: str, permission: str | None, description: str = "") -> None:
    if all(item.href != href for item in NAV):
        NAV.append(NavItem(text, href, permission, description))


def add_public(text: str, href: str, description: str = "") -> None:
    """A public service (e.g. applying for an ETA): listed on the start page for everyone."""
    if all(item.href != href for item in PUBLIC):
        PUBLIC.append(NavItem(text, href, None, description))


def public_services() -> list[NavItem]:
    return list(PUBLIC)


def services_for(principal: Any) -> list[NavItem]:
    if principal is None or not getattr(principal, "authenticated", False):
        return []
    return [i for i in NAV if i.permission is None or principal.can(i.permission)]


def navigation_for(principal: Any, path: str) -> list[dict[str, Any]]:
    items = []
    for item in services_for(principal):
        active = path == item.href or (item.href != "/" and path.startswith(item.href))
        items.append({"text": item.text, "href": item.href, "active": active})
    return items
