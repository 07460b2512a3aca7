"""Requests a minute per key: counted in the process, or shared by processes through Redis in blocks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from portcullis.core.clock import FrozenClock
from portcullis.core.rate_limits import MinuteLimiter

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


def granted(limiter: MinuteLimiter, key: str, attempts: int, limit: int) -> int:
    return sum(limiter.allow(key, limit)[0] for _ in range(attempts))


def test_a_process_alone_allows_the_limit_then_says_when_the_next_minute_starts(
    frozen_clock: FrozenClock,
) -> None:
    frozen_clock.set(datetime(2026, 3, 2, 9, 0, 45, tzinfo=UTC))
    limiter = MinuteLimiter()
    assert granted(limiter, "token", 5, limit=3) == 3
    assert limiter.allow("token", 3) == (False, 15)
    frozen_clock.set(datetime(2026, 3, 2, 9, 1, 0, tzinfo=UTC))
    assert limiter.allow("token", 3) == (True, 0)


def test_each_key_has_its_own_count(frozen_clock: FrozenClock) -> None:
    limiter = MinuteLimiter()
    assert (granted(limiter, "a", 4, limit=2), granted(limiter, "b", 4, limit=2)) == (2, 2)


@needs_redis
def test_two_processes_sharing_redis_never_grant_more_than_the_limit_together(
    frozen_clock: FrozenClock,
) -> None:
    prefix = f"test:{uuid.uuid4().hex}"
    first, second = MinuteLimiter(REDIS_URL, prefix), MinuteLimiter(REDIS_URL, prefix)
    together = sum(
        granted(limiter, "token", 1, limit=1000) for _ in range(1500) for limiter in (first, second)
    )
    # Blocks of 10: at most one block short per process, never over.
    assert 1000 - 2 * 10 <= together <= 1000


@needs_redis
def test_with_a_small_limit_the_shared_count_is_exact(frozen_clock: FrozenClock) -> None:
    prefix = f"test:{uuid.uuid4().hex}"
    first, second = MinuteLimiter(REDIS_URL, prefix), MinuteLimiter(REDIS_URL, prefix)
    assert granted(first, "token", 3, limit=5) + granted(second, "token", 5, limit=5) == 5
    assert first.allow("token", 5)[0] is False


@needs_redis
def test_a_new_minute_opens_a_new_shared_window(frozen_clock: FrozenClock) -> None:
    limiter = MinuteLimiter(REDIS_URL, f"test:{uuid.uuid4().hex}")
    frozen_clock.set(datetime(2026, 3, 2, 9, 0, 59, tzinfo=UTC))
    assert granted(limiter, "token", 3, limit=2) == 2
    frozen_clock.set(datetime(2026, 3, 2, 9, 1, 0, tzinfo=UTC))
    assert granted(limiter, "token", 3, limit=2) == 2


def test_without_redis_reachable_the_process_counts_alone(frozen_clock: FrozenClock) -> None:
    limiter = MinuteLimiter("redis://127.0.0.1:1/0")  # nothing listens on port 1
    assert limiter.shared
    assert granted(limiter, "token", 5, limit=3) == 3
