"""The supervisor's overdue dashboard, and the public page that tells people who are not signed in how to make
a Prevent referral. The public page collects nothing: see docs/prevent.md for why."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from portcullis.core import clock
from portcullis.core.access import Principal, public, require
from portcullis.core.db import unit_of_work
from portcullis.prevent import overdue
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
PUBLIC_START = "/prevent/worried-about-someone"
DASHBOARD = "/prevent/overdue"

navigation.add_public(
    "Worried someone is being radicalised",
    PUBLIC_START,
    "How to get help for a family member, friend or someone you know through Prevent.",
)
navigation.add(
    "Overdue Prevent work",
    DASHBOARD,
    "prevent.senior_review",
    "Gateway assessments, transferred-case follow-ups and Channel reviews past their due date.",
)

# Chart geometry: one horizontal bar per kind of overdue item.
CHART_WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 600, 220, 28, 14


def chart_bars(counts: list[tuple[str, int]]) -> list[dict[str, object]]:
    """Bar positions for the inline SVG: lengths proportional to the largest count."""
    largest = max((n for _, n in counts), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
    return [
        {
            "label": label,
            "count": n,
            "y": GAP + i * (BAR_HEIGHT + GAP),
            "width": round(room * n / largest),
        }
        for i, (label, n) in enumerate(counts)
    ]


@router.get(DASHBOARD, response_class=HTMLResponse)
def dashboard(request: Request, p: Principal = Depends(require("prevent.senior_review"))) -> HTMLResponse:
    with unit_of_work() as uow:
        board = overdue.dashboard(uow.session, actor=p, today=clock.today_in_london())
    counts = board.counts()
    bars = chart_bars(counts)
    return render(
        request,
        "prevent/overdue.html",
        {
            "title": "Overdue Prevent work",
            "board": board,
            "counts": counts,
            "bars": bars,
            "chart": {
                "width": CHART_WIDTH,
                "height": GAP + len(bars) * (BAR_HEIGHT + GAP),
                "label_width": LABEL_WIDTH,
                "bar_height": BAR_HEIGHT,
            },
            "sections": [
                ("gateway", "Gateway assessments past their target", board.gateway),
                ("follow-ups", "Transferred-case follow-up checks overdue", board.follow_ups),
                ("reviews", "Channel reviews overdue", board.reviews),
            ],
        },
    )


@router.get(PUBLIC_START, response_class=HTMLResponse)
def worried(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    return render(request, "prevent/worried.html", {"title": "Worried someone is being radicalised"})
