"""Starting and stopping job processing with the app: loads every domain's job handlers and runs the
embedded worker thread when `settings.embedded_worker` is true (the default in development only)."""

from __future__ import annotations

import importlib

from portcullis.core import jobs, worker
from portcullis.core.settings import get_settings

HANDLER_MODULES = ("jobs", "service", "events")  # where a domain may define its job handlers


def load_handlers() -> list[str]:
    """Import every domain's job handlers (`<domain>/jobs.py`, `service.py` or `events.py`)."""
    from portcullis.domains import DOMAINS, _import, load_domains

    load_domains()
    importlib.import_module("portcullis.core.notify")  # the email delivery job
    for domain in DOMAINS:
        for part in HANDLER_MODULES:
            _import(f"portcullis.{domain}.{part}")
    return jobs.registered_kinds()


def on_startup() -> None:
    if get_settings().embedded_worker:
        load_handlers()
        worker.start_embedded()


def on_shutdown() -> None:
    worker.stop_embedded()
