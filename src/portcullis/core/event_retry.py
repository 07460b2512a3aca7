"""Durable retries for domain-event handlers. When a handler fails after commit, `events.dispatch` hands
it here; we store the event (as tagged JSON, not pickle) and the handler's import path as an
"events.retry" job, which the worker runs with the usual backoff. The job only ever calls a function
that is still subscribed to that event type, so a stored path cannot name arbitrary code."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from portcullis.core import events

KIND = "events.retry"


class CodecError(ValueError):
    """The event holds a value that cannot be stored, or stored data names something unexpected."""


def _path(obj: Any) -> str:
    qualname = getattr(obj, "__qualname__", "")
    if not qualname or "<" in qualname:
        raise CodecError(f"{qualname or obj!r} is not importable (defined inside a function or a lambda)")
    return f"{obj.__module__}:{qualname}"


def _resolve(path: str) -> Any:
    module_name, _, qualname = path.partition(":")
    try:
        found: Any = importlib.import_module(module_name)
        for part in qualname.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError) as exc:
        raise CodecError(f"cannot find {path}: {exc}") from None
    return found


def encode(value: Any) -> Any:
    """JSON-safe form of an event's field values, with tags for the types JSON lacks."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"__t": "float", "v": repr(value)}
    if isinstance(value, Enum):
        return {"__t": "enum", "cls": _path(type(value)), "v": encode(value.value)}
    if isinstance(value, datetime):
        return {"__t": "datetime", "v": value.isoformat()}
    if isinstance(value, date):
        return {"__t": "date", "v": value.isoformat()}
    if isinstance(value, time):
        return {"__t": "time", "v": value.isoformat()}
    if isinstance(value, Decimal):
        return {"__t": "decimal", "v": str(value)}
    if isinstance(value, UUID):
        return {"__t": "uuid", "v": str(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {"__t": "dataclass", "cls": _path(type(value)), "v": fields}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, tuple | set | frozenset):
        tag = "tuple" if isinstance(value, tuple) else "frozenset" if isinstance(value, frozenset) else "set"
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return {"__t": tag, "v": [encode(v) for v in items]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise CodecError("dict keys in an event must be strings")
        return {"__t": "dict", "v": {k: encode(v) for k, v in value.items()}}
    raise CodecError(f"cannot store a {type(value).__name__} in an event for retry")


def decode(data: Any) -> Any:
    if data is None or isinstance(data, bool | int | str):
        return data
    if isinstance(data, list):
        return [decode(v) for v in data]
    if not isinstance(data, dict) or "__t" not in data:
        raise CodecError(f"unexpected stored value {data!r}")
    tag, raw = data["__t"], data.get("v")
    if raw is None:
        raise CodecError(f"stored {tag!r} value has no data")
    simple: dict[str, Callable[[Any], Any]] = {
        "float": float,
        "datetime": datetime.fromisoformat,
        "date": date.fromisoformat,
        "time": time.fromisoformat,
        "decimal": Decimal,
        "uuid": UUID,
    }
    if tag in simple:
        return simple[tag](raw)
    if tag in ("tuple", "set", "frozenset"):
        items = [decode(v) for v in raw]
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](items)
    if tag == "dict":
        return {k: decode(v) for k, v in raw.items()}
    if tag == "enum":
        cls = _resolve(data["cls"])
        if not (isinstance(cls, type) and issubclass(cls, Enum)):
            raise CodecError(f"{data['cls']} is not an Enum")
        return cls(decode(raw))
    if tag == "dataclass":
        cls = _resolve(data["cls"])
        if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
            raise CodecError(f"{data['cls']} is not a dataclass")
        return cls(**{k: decode(v) for k, v in raw.items()})
    raise CodecError(f"unknown stored type {tag!r}")


def payload_for(handler: events.Handler, event: Any) -> dict[str, Any]:
    if not isinstance(event, events.DomainEvent):
        raise CodecError(f"{type(event).__name__} is not a DomainEvent")
    return {"handler": _path(handler), "event": encode(event)}


def retry_handler(handler: events.Handler, event: Any) -> None:
    """The hook events.dispatch calls for a failed handler: queue it as a job in its own transaction."""
    from portcullis.core import jobs
    from portcullis.core.db import unit_of_work

    payload = payload_for(handler, event)
    with unit_of_work() as uow:
        jobs.enqueue(
            uow,
            KIND,
            payload,
            title=f"Retry {payload['handler']} for {type(event).__name__}",
            run_at=_first_retry_at(),
        )


def _first_retry_at() -> datetime:
    from portcullis.core import clock, jobs

    return clock.now() + jobs.backoff(1)


def run_retry(payload: dict[str, Any], progress: Any) -> dict[str, Any]:
    from portcullis.core import jobs

    try:
        event = decode(payload["event"])
        handler = _resolve(payload["handler"])
    except (CodecError, KeyError, TypeError) as exc:
        raise jobs.PermanentError(str(exc)) from None
    if handler not in events.handlers_for(event):
        raise jobs.PermanentError(f"{payload['handler']} is no longer subscribed to {type(event).__name__}")
    handler(event)
    progress.update(1, 1, "handler ran")
    return {"handler": payload["handler"], "event": type(event).__name__}


def install() -> None:
    from portcullis.core import jobs

    jobs.handler(KIND)(run_retry)
    events.set_retry_hook(retry_handler)
