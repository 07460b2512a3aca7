"""Applications in progress on the public pages: a random token in a cookie, the answers in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from portcullis.core import clock
from portcullis.core.db import UnitOfWork
from portcullis.travel.models import EtaDraft

LIFETIME = timedelta(days=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load(uow: UnitOfWork, token: str | None) -> EtaDraft | None:
    if not token:
        return None
    draft = uow.session.scalar(select(EtaDraft).where(EtaDraft.token_hash == _hash(token)))
    if draft is None or draft.expires_at <= clock.now():
        return None
    return draft


def start(uow: UnitOfWork, data: dict[str, Any]) -> str:
    """A new draft; returns its token (for the cookie). Expired drafts are cleared on the way."""
    uow.session.execute(delete(EtaDraft).where(EtaDraft.expires_at <= clock.now()))
    token = secrets.token_urlsafe(32)
    now = clock.now()
    uow.session.add(EtaDraft(token_hash=_hash(token), data=data, created_at=now, expires_at=now + LIFETIME))
    return token


def save(draft: EtaDraft, data: dict[str, Any]) -> None:
    draft.data = dict(data)  # a new dict, so SQLAlchemy sees the JSON change


def finish(uow: UnitOfWork, draft: EtaDraft) -> None:
    uow.session.delete(draft)
