"""Installs the parts every page shares: GOV.UK Frontend assets, error pages and sign-in redirects."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from portcullis.core.access import NotSignedIn
from portcullis.core.settings import ConfigurationError, Settings, get_settings
from portcullis.web.templating import render

STATIC_DIR = Path(__file__).resolve().parent / "static"


def check_assets() -> None:
    css = get_settings().assets_dir / "govuk-frontend.min.css"
    if not css.exists():
        raise ConfigurationError(
            f"GOV.UK Frontend assets are missing ({css} not found): run `make assets` (npm ci) first."
        )


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def install(app: FastAPI, settings: Settings) -> None:
    assets = settings.assets_dir
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/assets/{path:path}", include_in_schema=False)
    def asset(path: str) -> Response:
        """GOV.UK Frontend's CSS and JS sit in dist/govuk, its fonts and images in dist/govuk/assets."""
        for base in (assets / "assets", assets):
            candidate = (base / path).resolve()
            if candidate.is_file() and candidate.is_relative_to(assets.resolve()):
                return FileResponse(candidate, headers={"Cache-Control": "public, max-age=86400"})
        raise HTTPException(status_code=404)

    asset.__portcullis_public_route__ = True  # type: ignore[attr-defined]

    @app.exception_handler(NotSignedIn)
    def not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "Sign in or send an API token"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/sign-in?next={quote(target)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        template = {403: "errors/403.html", 404: "errors/404.html"}.get(exc.status_code, "errors/generic.html")
        return render(request, template, {"title": _title(exc.status_code), "detail": exc.detail},
                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"field": ".".join(str(p) for p in e["loc"] if p != "body"), "reason": e["msg"]}
                  for e in exc.errors()]
        return JSONResponse({"detail": "The request is not valid", "errors": errors}, status_code=422)

    @app.exception_handler(Exception)
    def server_error(request: Request, exc: Exception) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "Sorry, there is a problem with the service"}, status_code=500)
        return render(request, "errors/500.html", {"title": "Sorry, there is a problem with the service"},
                      status_code=500)


def _title(status: int) -> str:
    return {403: "You do not have permission to view this page", 404: "Page not found"}.get(
        status, "Sorry, there is a problem with the service")
