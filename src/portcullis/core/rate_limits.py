"""Requests a minute per key (a carrier's API token), shared by every worker process through Redis when
`PORTCULLIS_REDIS_URL` is set, else counted in this process.

Windows are fixed minutes (by the injected clock); `Retry-After` says when the next one starts. A shared count
costs a Redis round trip, and a carrier check must cost well under a millisecond, so a process reserves
permits in blocks: one INCRBY of the key's counter for this minute by `block` (a hundredth of the limit, at
least 1), and the reply says how many of those still fall within the limit; the process grants them until
they run out. So the processes together never grant more than the limit in a minute (every permit is
reserved in Redis first), and a process can be left holding fewer than `block` unused permits when a minute
ends: near its limit, a carrier may be refused up to (processes x block) requests early.

If Redis cannot be reached the process counts on its own, as without Redis, and logs that at most once a
minute: the limit protects the service's capacity, and refusing every carrier would be worse."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import structlog

from portcullis.core import clock

log = structlog.get_logger("portcullis.rate_limits")
BLOCK_SHARE = 100  # a block is limit // BLOCK_SHARE permits


@dataclass
class _Slot:
    window: int
    used: int = 0  # counted alone (no Redis, or Redis unreachable)
    permits: int = 0  # reserved in Redis and not yet granted
    exhausted: bool = False  # Redis said the minute's limit is reached


class MinuteLimiter:
    def __init__(self, redis_url: str | None = None, prefix: str = "portcullis:rate") -> None:
        self.prefix = prefix
        self._redis: Any = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._slots: dict[str, _Slot] = {}
        self._lock = threading.Lock()
        self._warned = 0.0

    @property
    def shared(self) -> bool:
        return self._redis is not None

    def allow(self, key: str, limit: int) -> tuple[bool, int]:
        """(allowed, seconds until the next minute) for one more request from `key`."""
        now = clock.now().timestamp()
        window, wait = int(now // 60), max(1, 60 - int(now % 60))
        with self._lock:
            slot = self._slots.get(key)
            if slot is None or slot.window != window:
                slot = self._slots[key] = _Slot(window)
            if self._redis is not None and slot.used == 0:
                if slot.permits == 0 and not slot.exhausted:
                    try:
                        slot.permits = self._reserve(key, window, limit)
                    except Exception as exc:  # redis.RedisError, OSError: count alone (see the module)
                        self._warn(exc)
                        return self._count(slot, limit, wait)
                    slot.exhausted = slot.permits == 0
                if slot.permits > 0:
                    slot.permits -= 1
                    return True, 0
                return False, wait
            return self._count(slot, limit, wait)

    @staticmethod
    def _count(slot: _Slot, limit: int, wait: int) -> tuple[bool, int]:
        if slot.used >= limit:
            return False, wait
        slot.used += 1
        return True, 0

    def _reserve(self, key: str, window: int, limit: int) -> int:
        """Reserve up to one block of this minute's permits; how many fell within the limit."""
        block = max(1, limit // BLOCK_SHARE)
        name = f"{self.prefix}:{key}:{window}"
        pipe = self._redis.pipeline(transaction=False)
        pipe.incrby(name, block)
        pipe.expire(name, 120)
        total = int(pipe.execute()[0])
        return max(0, min(block, limit - (total - block)))

    def _warn(self, exc: Exception) -> None:
        if time.monotonic() - self._warned > 60:
            self._warned = time.monotonic()
            log.warning("rate_limits.redis_unreachable", error=type(exc).__name__)

    def reset(self) -> None:
        with self._lock:
            self._slots.clear()


_limiters: dict[str | None, MinuteLimiter] = {}


def limiter() -> MinuteLimiter:
    """This process's limiter for the configured Redis (or none)."""
    from portcullis.core.settings import get_settings

    url = get_settings().redis_url
    found = _limiters.get(url)
    if found is None:
        found = _limiters[url] = MinuteLimiter(url)
    return found
