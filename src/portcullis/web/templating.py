"""Jinja2 with GOV.UK Frontend Jinja macros. Each domain's `templates/` folder is found by prefix:
`render(request, "travel/start.html", ...)` loads `portcullis/travel/templates/start.html`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape

from portcullis.core.access import resolve_principal
from portcullis.web import charts

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DOMAINS = (
    "parties",
    "platform",
    "screening",
    "travel",
    "orders",
    "prevent",
    "employers",
    "returns",
    "policing",
    "core",
)
SERVICE_NAME = "Portcullis"


def _domain_loaders() -> dict[str, FileSystemLoader]:
    loaders = {}
    for domain in DOMAINS:
        folder = PACKAGE_DIR / domain / "templates"
        loaders[domain] = FileSystemLoader(str(folder))
    return loaders


env = Environment(
    loader=ChoiceLoader(
        [
            FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            PrefixLoader(_domain_loaders()),
        ]
    ),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
env.globals.update(bar_chart=charts.bar_chart, column_chart=charts.column_chart, line_chart=charts.line_chart)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page with what every page needs: who is signed in, the CSRF token and the navigation."""
    from portcullis.web.navigation import navigation_for  # late: navigation lists routes of every domain

    principal = getattr(request.state, "principal", None)
    if principal is None:
        try:
            principal = resolve_principal(request)
        except Exception:
            principal = None
    ctx: dict[str, Any] = {
        "request": request,
        "principal": principal,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "cspNonce": getattr(request.state, "csp_nonce", None),
        "request_id": getattr(request.state, "request_id", None),
        "service_name": SERVICE_NAME,
        "navigation": navigation_for(principal, request.url.path),
    }
    ctx.update(context or {})
    html = env.get_template(template).render(ctx)
    return HTMLResponse(html, status_code=status_code, headers=headers)
