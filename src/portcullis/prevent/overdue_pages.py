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


@router.get(DASHBOARD, response_class=HTMLResponse)
def dashboard(request: Request, p: Principal = Depends(require("prevent.senior_review"))) -> HTMLResponse:
    with unit_of_work() as uow:
        board = overdue.dashboard(uow.session, actor=p, today=clock.today_in_london())
    counts = board.counts()
    return render(
        request,
        "prevent/overdue.html",
        {
            "title": "Overdue Prevent work",
            "board": board,
            "counts": counts,
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
