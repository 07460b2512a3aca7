"""Builds the FastAPI application from the domains' routers."""

from __future__ import annotations

import gc
import logging

from fastapi import FastAPI

from portcullis import __version__
from portcullis.core import policy
from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.domains import direct_endpoints, load_domains, routers

log = logging.getLogger(__name__)


def warm_up() -> None:
    """Build now what the first requests would otherwise build: the parameters and the screening index."""
    policy.all_parameters()
    try:
        from portcullis.screening import index

        with unit_of_work() as uow:
            index.current(uow.session)
    except Exception as exc:  # a database not migrated yet: the first screening request builds the index
        log.warning("warm_up.screening_index_skipped: %s", type(exc).__name__)


def create_app(direct: bool = True) -> FastAPI:
    """`direct=False` leaves out `web.direct`: every request then goes through the full stack (tests compare
    the two)."""
    settings = get_settings()
    load_domains()
    app = FastAPI(
        title="Portcullis",
        version=__version__,
        description="Home Office operational platform. Every route needs a permission; see /docs.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    from portcullis.web import shell  # the shell installs middleware, error pages and assets

    shell.install(app, settings)
    for router in routers():
        app.include_router(router)
    if direct:
        from portcullis.web.direct import DirectEndpoints

        app.add_middleware(DirectEndpoints, endpoints=direct_endpoints())  # outermost: added last
    if settings.environment != "test":
        warm_up()
        # What start-up built (routes, templates, parameters) lives as long as the process: frozen, the
        # cyclic collector stops walking it, which took ~50 ms from every other 1,000-passenger manifest.
        gc.freeze()
    return app
