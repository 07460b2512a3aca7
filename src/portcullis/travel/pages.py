"""The travel domain's pages: the public ETA journey (start, "Do I need an ETA?", apply, status, withdraw)
and the caseworkers' pages. Each part lives in its own module; this router gathers them."""

from __future__ import annotations

from fastapi import APIRouter

from portcullis.travel import pages_apply, pages_cases, pages_need, pages_status
from portcullis.web import navigation

router = APIRouter()
for part in (pages_need, pages_apply, pages_status, pages_cases):
    router.include_router(part.router)

navigation.add_public(
    "Apply for an electronic travel authorisation (ETA)",
    "/eta",
    "Check if you need an ETA, apply for yourself, someone else or a group, check a status.",
)
navigation.add(
    "ETA casework",
    "/eta/cases",
    "travel.case.read",
    "Referred ETA applications, decisions and cancellations.",
)
