"""The shell's own pages: the home (start) page, sign-in and sign-out, cookies and the accessibility
statement. The auditor's page lives in `audit_pages.py` and is included here."""

from __future__ import annotations

from urllib.parse import urlsplit

import structlog
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from portcullis.core import access
from portcullis.core.access import SESSION_COOKIE, Principal
from portcullis.core.db import unit_of_work
from portcullis.core.roles import ROLES
from portcullis.core.settings import get_settings
from portcullis.web import audit_pages, navigation
from portcullis.web.templating import render

router = APIRouter()
router.include_router(audit_pages.router)

log = structlog.get_logger("portcullis.web.sign_in")

WRONG_CREDENTIALS = "Enter a correct email address and password"
LOCKED = (
    "There have been too many failed attempts to sign in to this account, so it is locked for 15 minutes. "
    "Wait 15 minutes, then try again."
)
EXPIRED = "Your session has ended, so you have been signed out. Sign in again to continue."


def safe_next(target: str | None) -> str:
    """Only a path on this service: never another site (`//evil`, `https://evil`, `/\\evil`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    if parts.path in ("/sign-in", "/sign-out", "/signed-out"):
        return "/"
    return target


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_max_age_seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


@router.get("/")
def home(request: Request, principal: Principal = Depends(access.public())) -> Response:
    if not principal.authenticated:
        return render(
            request,
            "start.html",
            {
                "title": "Home Office services",
                "services": navigation.public_services(),
            },
        )
    role_labels = [ROLES[r].label for r in sorted(principal.roles) if r in ROLES]
    return render(
        request,
        "home.html",
        {
            "title": "Your services",
            "services": navigation.services_for(principal),
            "role_labels": role_labels,
        },
    )


@router.get("/sign-in")
def sign_in_page(
    request: Request, next: str = "/", expired: str = "", principal: Principal = Depends(access.public())
) -> Response:
    if principal.authenticated:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(
        request,
        "sign_in.html",
        {
            "title": "Sign in",
            "next": safe_next(next),
            "email": "",
            "notice": EXPIRED if expired else None,
        },
    )


@router.post("/sign-in")
def sign_in_submit(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    principal: Principal = Depends(access.public()),
) -> Response:
    target = safe_next(next)
    errors = []
    if not email.strip():
        errors.append({"text": "Enter your email address", "href": "#email"})
    if not password:
        errors.append({"text": "Enter your password", "href": "#password"})
    if errors:
        return _sign_in_again(request, errors, email, target, status_code=400)

    problem: str | None = None
    try:
        user = access.authenticate(email=email, password=password)
    except access.AccountLocked:
        problem = LOCKED
    except access.AccessError:
        problem = WRONG_CREDENTIALS
    else:
        with unit_of_work() as uow:
            if principal.session_id:  # signing in again as someone else ends the old session
                access.end_session(uow, principal.session_id)
            token, _ = access.start_session(uow, user)
    if problem is not None:
        log.warning("sign_in.refused", reason="locked" if problem == LOCKED else "wrong_credentials")
        return _sign_in_again(request, [{"text": problem, "href": "#email"}], email, target, status_code=401)

    log.info("sign_in.succeeded", user_id=user.id)
    response = RedirectResponse(target, status_code=303)
    _set_session_cookie(response, token)
    return response


def _sign_in_again(
    request: Request, errors: list[dict[str, str]], email: str, target: str, status_code: int
) -> Response:
    field_errors = {e["href"].lstrip("#"): e["text"] for e in errors}
    return render(
        request,
        "sign_in.html",
        {
            "title": "Sign in",
            "errors": errors,
            "field_errors": field_errors,
            "email": email.strip(),
            "next": target,
        },
        status_code=status_code,
    )


@router.get("/sign-out")
def sign_out_page(request: Request, principal: Principal = Depends(access.public())) -> Response:
    """A link cannot sign you out (that would let other sites do it): this page asks, and a button posts."""
    if not principal.authenticated:
        return render(request, "signed_out.html", {"title": "You are not signed in", "was_signed_in": False})
    return render(request, "sign_out.html", {"title": "Sign out"})


@router.post("/sign-out")
def sign_out(request: Request, principal: Principal = Depends(access.public())) -> Response:
    if principal.session_id:
        with unit_of_work() as uow:
            access.end_session(uow, principal.session_id)
        log.info("sign_out", user_id=principal.user_id)
    response = RedirectResponse("/signed-out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/signed-out")
def signed_out(request: Request, principal: Principal = Depends(access.public())) -> Response:
    if principal.authenticated:
        return RedirectResponse("/", status_code=303)
    return render(request, "signed_out.html", {"title": "You have signed out", "was_signed_in": True})


@router.get("/cookies")
def cookies(request: Request, _: Principal = Depends(access.public())) -> Response:
    hours = get_settings().session_max_age_seconds // 3600
    return render(request, "cookies.html", {"title": "Cookies", "session_hours": hours})


@router.get("/accessibility")
def accessibility(request: Request, _: Principal = Depends(access.public())) -> Response:
    return render(request, "accessibility.html", {"title": "Accessibility statement"})
