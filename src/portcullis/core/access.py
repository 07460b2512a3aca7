"""Who is asking and what they may do: passwords (argon2), browser sessions, API tokens, and the FastAPI
guards `require(permission)` and `public()`. Deny by default: every route must carry one of the two."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from portcullis.core import clock, roles
from portcullis.core.access_models import ApiToken, User, UserRole, WebSession
from portcullis.core.db import UnitOfWork, unit_of_work
from portcullis.core.settings import get_settings

SESSION_COOKIE = "portcullis_session"
GUARD_ATTR = "__portcullis_guard__"
TOKEN_PREFIX = "pcs_"  # noqa: S105 - a visible prefix, not a secret
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)

_hasher = PasswordHasher()


class AccessError(Exception):
    """A credential problem with a message that is safe to show."""


class AccountLocked(AccessError):
    """Too many wrong passwords: the account is locked for a while."""


@dataclass(frozen=True)
class Principal:
    """The person or machine behind a request."""

    kind: str  # "user", "api" or "anonymous"
    user_id: str | None = None
    name: str = "anonymous"
    email: str | None = None
    roles: frozenset[str] = field(default_factory=frozenset)
    permissions: frozenset[str] = field(default_factory=frozenset)
    organisation: str | None = None
    session_id: str | None = None
    csrf_token: str | None = None
    token_id: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.kind != "anonymous"

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def is_scoped_for(self, permission: str) -> bool:
        """True if every role granting this permission is limited to its own organisation."""
        granting = [
            roles.ROLES[r]
            for r in self.roles
            if r in roles.ROLES and permission in roles.ROLES[r].permissions
        ]
        return bool(granting) and all(r.scoped for r in granting)

    def sees_organisation(self, permission: str, organisation: str | None) -> bool:
        """The scoping hook: may this principal see a record belonging to that force or agency?"""
        if not self.can(permission):
            return False
        return not self.is_scoped_for(permission) or organisation == self.organisation


ANONYMOUS = Principal(kind="anonymous")
SYSTEM = Principal(kind="system", name="Portcullis (automatic)")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < 12:
        raise AccessError("Password must be at least 12 characters long")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def principal_for_user(user: User, **extra: Any) -> Principal:
    names = frozenset(user.role_names)
    return Principal(
        kind="user",
        user_id=user.id,
        name=user.name,
        email=user.email,
        roles=names,
        permissions=roles.permissions_of(names),
        organisation=user.organisation,
        **extra,
    )


def create_user(
    uow: UnitOfWork,
    *,
    email: str,
    name: str,
    password: str | None,
    role_names: list[str],
    organisation: str | None = None,
) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise AccessError("email: enter an email address like name@example.gov.uk")
    unknown = [r for r in role_names if r not in roles.ROLES]
    if unknown:
        raise AccessError(
            f"roles: unknown role {unknown[0]!r}; known roles: {', '.join(sorted(roles.ROLES))}"
        )
    if uow.session.scalar(select(User).where(User.email == email)) is not None:
        raise AccessError(f"email: a user with the email {email} already exists")
    if password is not None:
        check_password_strength(password)
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(password) if password else None,
        organisation=organisation,
        roles=[UserRole(role=r) for r in role_names],
    )
    uow.session.add(user)
    uow.flush()
    return user


def authenticate(*, email: str, password: str) -> User:
    """Check a password in its own unit of work, so a failed attempt is counted even though it raises.
    The same message for an unknown email and a wrong password."""
    failure: AccessError | None = None
    with unit_of_work() as uow:
        user = uow.session.scalar(select(User).where(User.email == email.strip().lower()))
        failure = _check_password(user, password)
    if failure is not None:
        raise failure
    assert user is not None
    return user


def _check_password(user: User | None, password: str) -> AccessError | None:
    wrong = AccessError("Enter a correct email address and password")
    if user is None or not user.active or not user.password_hash:
        _hasher.hash("timing-equaliser")  # keeps unknown emails as slow as known ones
        return wrong
    now = clock.now()
    if user.locked_until is not None and user.locked_until > now:
        return AccountLocked("Too many failed attempts: this account is locked for 15 minutes")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.locked_until = now + LOCKOUT
            user.failed_sign_ins = 0
        return wrong
    user.failed_sign_ins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return None


def start_session(uow: UnitOfWork, user: User) -> tuple[str, WebSession]:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    web_session = WebSession(
        token_hash=_sha256(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + timedelta(seconds=get_settings().session_max_age_seconds),
    )
    uow.session.add(web_session)
    return token, web_session


def end_session(uow: UnitOfWork, session_id: str) -> None:
    web_session = uow.session.get(WebSession, session_id)
    if web_session is not None and web_session.revoked_at is None:
        web_session.revoked_at = clock.now()


def issue_api_token(
    uow: UnitOfWork, *, user: User, name: str, rate_limit_per_minute: int = 6000
) -> tuple[str, ApiToken]:
    """Returns the token (shown once) and its record."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(
        name=name,
        prefix=secret[:12],
        token_hash=_sha256(secret),
        user_id=user.id,
        rate_limit_per_minute=rate_limit_per_minute,
    )
    uow.session.add(record)
    uow.flush()
    return secret, record


def revoke_api_token(uow: UnitOfWork, token_id: str) -> None:
    record = uow.session.get(ApiToken, token_id)
    if record is None:
        raise AccessError(f"no API token with id {token_id}")
    record.revoked_at = clock.now()


def principal_from_token(session: Session, secret: str) -> Principal:
    record = session.scalar(select(ApiToken).where(ApiToken.token_hash == _sha256(secret)))
    if record is None:
        raise AccessError("The API token is not recognised: check it was copied whole")
    if record.revoked_at is not None:
        raise AccessError("The API token has been revoked: ask the service desk for a new one")
    user = session.get(User, record.user_id)
    if user is None or not user.active:
        raise AccessError("The API token's account is disabled")
    return principal_for_user(user, token_id=record.id)


def principal_from_cookie(session: Session, token: str) -> Principal | None:
    web_session = session.scalar(select(WebSession).where(WebSession.token_hash == _sha256(token)))
    if web_session is None or web_session.revoked_at is not None or web_session.expires_at <= clock.now():
        return None
    user = session.get(User, web_session.user_id)
    if user is None or not user.active:
        return None
    return principal_for_user(user, session_id=web_session.id, csrf_token=web_session.csrf_token)


def resolve_principal(request: Request) -> Principal:
    """Work out who is asking, once per request; cached on request.state."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    principal = ANONYMOUS
    auth = request.headers.get("authorization", "")
    with unit_of_work() as uow:
        if auth.lower().startswith("bearer "):
            try:
                principal = principal_from_token(uow.session, auth[7:].strip())
            except AccessError as exc:
                raise HTTPException(
                    status_code=401, detail=str(exc), headers={"WWW-Authenticate": "Bearer"}
                ) from None
        elif (cookie := request.cookies.get(SESSION_COOKIE)) is not None:
            principal = principal_from_cookie(uow.session, cookie) or ANONYMOUS
    request.state.principal = principal
    return principal


class NotSignedIn(Exception):
    """Raised by a guard when nobody is signed in; pages redirect to sign-in, the API answers 401."""


def require(*permissions: str) -> Callable[[Request], Principal]:
    """A FastAPI dependency that lets the request through only if the principal holds every permission."""

    def guard(request: Request) -> Principal:
        principal = resolve_principal(request)
        if not principal.authenticated:
            raise NotSignedIn()
        missing = [p for p in permissions if not principal.can(p)]
        if missing:
            raise HTTPException(status_code=403, detail="You do not have permission to do this")
        return principal

    setattr(guard, GUARD_ATTR, ("require", permissions))
    return guard


def signed_in() -> Callable[[Request], Principal]:
    """Any signed-in user (e.g. the home page, sign-out)."""

    def guard(request: Request) -> Principal:
        principal = resolve_principal(request)
        if not principal.authenticated:
            raise NotSignedIn()
        return principal

    setattr(guard, GUARD_ATTR, ("signed_in", ()))
    return guard


def public() -> Callable[[Request], Principal]:
    """Marks a route as deliberately open to everyone; it still learns who is asking."""

    def guard(request: Request) -> Principal:
        return resolve_principal(request)

    setattr(guard, GUARD_ATTR, ("public", ()))
    return guard
