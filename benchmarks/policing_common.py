"""Shared set-up for the policing benchmarks: a migrated temporary database."""

from __future__ import annotations

import os
import tempfile


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
