"""Installs the parts every page shares: GOV.UK Frontend assets, middleware (request ids and logs, security
headers, CSRF), error pages, sign-in redirects, `/healthz` and `/metrics`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from portcullis.core import access
from portcullis.core.access import SESSION_COOKIE, NotSignedIn
from portcullis.core.settings import ConfigurationError, Settings, get_settings
from portcullis.web import observability, security
from portcullis.web.csrf import CSRFMiddleware
from portcullis.web.templating import render

STATIC_DIR = Path(__file__).resolve().parent / "static"

TITLES = {
    401: "You need to sign in",
    403: "You do not have permission to view this page",
    404: "Page not found",
    405: "This page cannot be used that way",
}
GENERIC_DETAILS = {"Not Found", "Method Not Allowed", "Forbidden", "Internal Server Error"}


def check_assets() -> None:
    css = get_settings().assets_dir / "govuk-frontend.min.css"
    if not css.exists():
        raise ConfigurationError(
            f"GOV.UK Frontend assets are missing ({css} not found): run `make assets` (npm ci) first."
        )


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return (
        request.url.path.startswith("/api/")
        or ("application/json" in accept and "text/html" not in accept)
        or request.headers.get("content-type", "").startswith("application/json")
    )


def json_not_signed_in() -> JSONResponse:
    return JSONResponse(
        {"detail": "Sign in or send an API token"}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
    )


def json_http_error(exc: StarletteHTTPException) -> JSONResponse:
    return JSONResponse(
        {"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


def json_invalid(errors: Sequence[Mapping[str, Any]], empty_field: str = "") -> JSONResponse:
    """422 naming each field by its path (without the leading `body`) with Pydantic's reason."""
    items = [
        {"field": ".".join(str(p) for p in e["loc"] if p != "body") or empty_field, "reason": e["msg"]}
        for e in errors
    ]
    return JSONResponse({"detail": "The request is not valid", "errors": items}, status_code=422)


def json_server_error() -> JSONResponse:
    return JSONResponse({"detail": "Sorry, there is a problem with the service"}, status_code=500)


def install(app: FastAPI, settings: Settings) -> None:
    observability.configure_logging(settings.log_level)
    # Added innermost first: each add wraps the ones before it.
    app.add_middleware(CSRFMiddleware)
    app.add_middleware(security.SecurityHeadersMiddleware)
    app.add_middleware(observability.ObservabilityMiddleware)

    assets = settings.assets_dir
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/assets/{path:path}", include_in_schema=False)
    def asset(path: str, _: access.Principal = Depends(access.public())) -> Response:
        """GOV.UK Frontend's CSS and JS sit in dist/govuk, its fonts and images in dist/govuk/assets."""
        for base in (assets / "assets", assets):
            candidate = (base / path).resolve()
            if candidate.is_file() and candidate.is_relative_to(assets.resolve()):
                return FileResponse(candidate, headers={"Cache-Control": "public, max-age=86400"})
        raise HTTPException(status_code=404)

    app.include_router(observability.router)

    @app.exception_handler(NotSignedIn)
    def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if wants_json(request):
            return json_not_signed_in()
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        location = f"/sign-in?next={quote(target, safe='/')}"
        expired = request.cookies.get(SESSION_COOKIE) is not None
        response = RedirectResponse(location + ("&expired=1" if expired else ""), status_code=303)
        if expired:  # the cookie names a session that has ended: drop it
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return json_http_error(exc)
        headers = getattr(exc, "headers", None)
        template = {403: "errors/403.html", 404: "errors/404.html"}.get(
            exc.status_code, "errors/generic.html"
        )
        detail = None if exc.detail in GENERIC_DETAILS else exc.detail
        title = TITLES.get(exc.status_code, "Sorry, there is a problem with the service")
        return render(
            request,
            template,
            {"title": title, "detail": detail},
            status_code=exc.status_code,
            headers=headers,
        )

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        return json_invalid(exc.errors())

    @app.exception_handler(Exception)
    def server_error(request: Request, exc: Exception) -> Response:
        # This runs outside the middleware (Starlette's outermost layer), so it adds the headers itself.
        response: Response
        if wants_json(request):
            response = json_server_error()
        else:
            try:
                response = render(
                    request,
                    "errors/500.html",
                    {"title": "Sorry, there is a problem with the service"},
                    status_code=500,
                )
            except Exception:  # the page itself failed (e.g. the database is down): plain text will do
                response = Response(
                    "Sorry, there is a problem with the service. Try again later.",
                    status_code=500,
                    media_type="text/plain",
                )
        request_id = getattr(request.state, "request_id", None)
        if request_id:
            response.headers[observability.REQUEST_ID_HEADER] = request_id
        return security.apply_to_response(request, response)
