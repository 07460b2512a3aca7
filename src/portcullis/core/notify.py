"""Email through an outbox: `send_email(uow, to=..., template=..., personalisation={...})` writes the message
in the caller's transaction, so an email exists only if the change it reports commits. Delivery depends on
`settings.notify_backend`:

- "outbox" (development, test): the message stays in the outbox table, readable by admins at /outbox;
- "govuk-notify": a "notify.send" job posts it to GOV.UK Notify with `NotificationsAPIClient` after commit
  and records Notify's notification id; rate limits and server errors are retried with backoff, rejected
  requests (400, 403) are not.

Templates live in YAML: every `src/portcullis/<domain>/notify.yaml` maps a template name to its subject and
body (GOV.UK Notify's `((placeholder))` syntax) and, optionally, its Notify template id. Ids differ per
Notify account, so `PORTCULLIS_NOTIFY_TEMPLATE_IDS` (JSON: {"name": "uuid"}) overrides them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portcullis.core import clock, jobs
from portcullis.core.db import Base, IdMixin, UnitOfWork, unit_of_work
from portcullis.core.settings import ConfigurationError, get_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\(\(\s*([A-Za-z0-9_ .-]+?)\s*\)\)")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SEND_KIND = "notify.send"
SEND_ATTEMPTS = 5


class MessageStatus(StrEnum):
    HELD = "held"  # outbox backend: kept here, not sent anywhere
    PENDING = "pending"  # waiting for the delivery job
    SENT = "sent"  # accepted by GOV.UK Notify
    FAILED = "failed"  # rejected by GOV.UK Notify, or out of retries


class NotifyError(ValueError):
    """Bad input to send_email(); the message names the field and the reason."""


class OutboxMessage(IdMixin, Base):
    __tablename__ = "outbox"

    to: Mapped[str] = mapped_column("to_address", String(320))
    template: Mapped[str] = mapped_column(String(100), index=True)
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    personalisation: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    reference: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=lambda: clock.now(), index=True)
    sent_at: Mapped[datetime | None]


@dataclass(frozen=True)
class EmailTemplate:
    name: str
    subject: str
    body: str
    notify_template_id: str | None = None
    source: str = ""

    def placeholders(self) -> list[str]:
        found = PLACEHOLDER.findall(self.subject) + PLACEHOLDER.findall(self.body)
        return list(dict.fromkeys(found))

    def render(self, personalisation: dict[str, str]) -> tuple[str, str]:
        def fill(match: re.Match[str]) -> str:
            return personalisation[match.group(1)]

        return PLACEHOLDER.sub(fill, self.subject), PLACEHOLDER.sub(fill, self.body)


_templates: dict[str, EmailTemplate] = {}
_loaded = False


def register_template(
    name: str, *, subject: str, body: str, notify_template_id: str | None = None, source: str = "code"
) -> EmailTemplate:
    existing = _templates.get(name)
    template = EmailTemplate(name, subject, body, notify_template_id, source)
    if existing is not None and existing != template:
        raise NotifyError(f"template: {name!r} is defined twice ({existing.source} and {source})")
    _templates[name] = template
    return template


def load_templates(folder: Path = PACKAGE_DIR) -> None:
    """Read every `<domain>/notify.yaml`. A malformed file gets one line naming the file and the key."""
    for path in sorted(folder.glob("*/notify.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigurationError(f"{path}: not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigurationError(f"{path}: expected a mapping of template names")
        for name, spec in data.items():
            if (
                not isinstance(spec, dict)
                or not isinstance(spec.get("subject"), str)
                or not isinstance(spec.get("body"), str)
            ):
                raise ConfigurationError(f"{path}: template {name!r} needs a 'subject' and a 'body' (text)")
            register_template(
                str(name),
                subject=spec["subject"],
                body=spec["body"],
                notify_template_id=spec.get("govuk_notify_template_id"),
                source=str(path),
            )


def templates() -> dict[str, EmailTemplate]:
    global _loaded
    if not _loaded:
        load_templates()
        _loaded = True
    return dict(_templates)


def get_template(name: str) -> EmailTemplate:
    found = templates().get(name)
    if found is None:
        raise NotifyError(
            f"template: no email template named {name!r}; add it to a notify.yaml "
            f"(known: {', '.join(sorted(_templates)) or 'none'})"
        )
    return found


def notify_template_id(template: EmailTemplate) -> str:
    configured = get_settings().notify_template_ids.get(template.name) or template.notify_template_id
    if not configured:
        raise ConfigurationError(
            f"GOV.UK Notify has no template id for {template.name!r}: set "
            f"govuk_notify_template_id in {template.source} or PORTCULLIS_NOTIFY_TEMPLATE_IDS"
        )
    return configured


def _clean_personalisation(template: EmailTemplate, personalisation: dict[str, Any]) -> dict[str, str]:
    if not isinstance(personalisation, dict):
        raise NotifyError("personalisation: must be a dict of text values")
    clean: dict[str, str] = {}
    for key, value in personalisation.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise NotifyError(f"personalisation.{key}: must be text or a number, not {type(value).__name__}")
        clean[str(key)] = str(value)
    missing = [p for p in template.placeholders() if p not in clean]
    if missing:
        raise NotifyError(f"personalisation.{missing[0]}: template {template.name!r} needs a value for it")
    return clean


def send_email(
    uow: UnitOfWork, *, to: str, template: str, personalisation: dict[str, str], reference: str | None = None
) -> OutboxMessage:
    """Write an email to the outbox in the caller's transaction; it is delivered after commit."""
    to = (to or "").strip()
    if len(to) > 320 or not EMAIL.match(to):
        raise NotifyError("to: enter an email address like name@example.com")
    if reference is not None and len(reference) > 200:
        raise NotifyError("reference: must be at most 200 characters")
    found = get_template(template)
    values = _clean_personalisation(found, personalisation)
    subject, body = found.render(values)
    backend = get_settings().notify_backend
    message = OutboxMessage(
        to=to,
        template=found.name,
        subject=subject,
        body=body,
        personalisation=values,
        reference=reference,
        provider=backend,
        attempts=0,
        status=MessageStatus.HELD if backend == "outbox" else MessageStatus.PENDING,
    )
    uow.session.add(message)
    uow.flush()
    if backend == "govuk-notify":
        notify_template_id(found)  # refuse now, inside the transaction, rather than fail in the job
        jobs.enqueue(
            uow,
            SEND_KIND,
            {"message_id": message.id},
            title=f"Send email {found.name}",
            max_attempts=SEND_ATTEMPTS,
        )
    return message


def make_client() -> NotificationsAPIClient:
    key = get_settings().notify_api_key
    if not key:
        raise ConfigurationError("PORTCULLIS_NOTIFY_API_KEY is not set but notify_backend is govuk-notify")
    return NotificationsAPIClient(key)  # type: ignore[no-untyped-call]


PERMANENT = {400, 403}  # Notify: bad request / auth error - the same request will fail again


@jobs.handler(SEND_KIND)
def deliver(payload: dict[str, Any], progress: jobs.Progress) -> dict[str, Any] | None:
    """Post one outbox message to GOV.UK Notify (the delivery job). Idempotent: a sent message is skipped."""
    message_id = payload.get("message_id")
    with unit_of_work() as uow:
        message = uow.session.get(OutboxMessage, message_id)
        if message is None:
            raise jobs.PermanentError(f"no outbox message {message_id}")
        if message.status == MessageStatus.SENT:
            return {"notification_id": message.provider_id, "skipped": True}
        template = get_template(message.template)
        request = {
            "email_address": message.to,
            "template_id": notify_template_id(template),
            "personalisation": dict(message.personalisation),
            "reference": message.reference,
        }
    error: str | None = None
    permanent = False
    response: dict[str, Any] = {}
    try:
        response = make_client().send_email_notification(**request)  # type: ignore[no-untyped-call]
    except APIError as exc:
        error = f"GOV.UK Notify answered {exc.status_code}: {exc.message}"
        permanent = exc.status_code in PERMANENT
    except ConfigurationError as exc:
        error, permanent = str(exc), True
    with unit_of_work() as uow:
        message = uow.session.get(OutboxMessage, message_id)
        assert message is not None
        message.attempts += 1
        if error is None:
            message.status = MessageStatus.SENT
            message.provider_id = str(response.get("id", ""))
            message.sent_at = clock.now()
            message.error = None
        else:
            message.error = error
            if permanent or message.attempts >= SEND_ATTEMPTS:
                message.status = MessageStatus.FAILED
    progress.update(1, 1, "sent" if error is None else "failed")
    if error is not None:
        if permanent:
            raise jobs.PermanentError(error)
        raise RuntimeError(error)
    return {"notification_id": message.provider_id}
