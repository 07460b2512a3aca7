"""Shared set-up for the policing benchmarks: the machine's description and a migrated temporary database."""

from __future__ import annotations

import os
import platform
import tempfile


def machine() -> str:
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except OSError:
        memory = "unknown"
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {memory} RAM, "
        f"Python {platform.python_version()}"
    )


def database() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    os.environ["PORTCULLIS_DATABASE_URL"] = url
    os.environ.setdefault("PORTCULLIS_ENVIRONMENT", "test")
    from portcullis.core import db
    from portcullis.core.migrate import upgrade
    from portcullis.core.settings import get_settings

    get_settings.cache_clear()
    engine = db.make_engine(url)
    db.set_engine(engine)
    upgrade("heads", url)
    return url
