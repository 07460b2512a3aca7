"""Domain events: plain frozen dataclasses published through the unit of work and dispatched to the
handlers of their type only after the transaction that raised them has committed."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None]

_handlers: dict[type, list[Handler]] = defaultdict(list)


@dataclass(frozen=True)
class DomainEvent:
    """Base class for events; subclasses add the facts that happened."""


def subscribe(event_type: type[E]) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Decorator: run this handler after commit for every event of this type (or a subclass)."""

    def register(fn: Callable[[E], None]) -> Callable[[E], None]:
        if fn not in _handlers[event_type]:
            _handlers[event_type].append(fn)
        return fn

    return register


def handlers_for(event: Any) -> list[Handler]:
    found: list[Handler] = []
    for klass in type(event).__mro__:
        found.extend(_handlers.get(klass, []))
    return found


def dispatch(events: Iterable[Any]) -> None:
    """Run each event's handlers. A failing handler is logged and handed to the job queue for retry, so
    one broken subscriber neither undoes the committed change nor stops the others."""
    for event in events:
        for handler in handlers_for(event):
            try:
                handler(event)
            except Exception:
                log.exception(
                    "event handler failed", extra={"handler": _name(handler), "event": _name(event)}
                )
                _retry_later(handler, event)


def _name(obj: Any) -> str:
    klass = obj if isinstance(obj, type) or (callable(obj) and hasattr(obj, "__qualname__")) else type(obj)
    return f"{getattr(klass, '__module__', '?')}.{getattr(klass, '__qualname__', '?')}"


_retry_hook: Callable[[Handler, Any], None] | None = None


def set_retry_hook(hook: Callable[[Handler, Any], None] | None) -> None:
    """The job queue installs itself here so failed handlers are retried durably."""
    global _retry_hook
    _retry_hook = hook


def _retry_later(handler: Handler, event: Any) -> None:
    if _retry_hook is not None:
        try:
            _retry_hook(handler, event)
        except Exception:
            log.exception("could not queue the failed event handler for retry")
