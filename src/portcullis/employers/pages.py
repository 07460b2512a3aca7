"""Employer pages. This module: the right-to-work check for employers (a public start page, then one
question per page for signed-in employer accounts). Officer and manager pages are in `officer_pages.py`."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from portcullis.core import clock
from portcullis.core.access import Principal, public, require
from portcullis.core.db import unit_of_work
from portcullis.employers import right_to_work
from portcullis.employers.allocation_pages import router as allocation_router
from portcullis.employers.closure_pages import router as closure_router
from portcullis.employers.evidence_pages import router as evidence_router
from portcullis.employers.licence_action_pages import router as licence_action_router
from portcullis.employers.officer_pages import router as officer_router
from portcullis.employers.penalty_pages import router as penalty_router
from portcullis.employers.plan_pages import router as plan_router
from portcullis.employers.referral_pages import router as referral_router
from portcullis.employers.sponsor_pages import router as sponsor_router
from portcullis.employers.values import EmployersError
from portcullis.employers.visit_pages import router as visit_router
from portcullis.web import navigation
from portcullis.web.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(sponsor_router)  # before officer_router: /sponsors/new is not a sponsor id
router.include_router(officer_router)
router.include_router(visit_router)
router.include_router(referral_router)
router.include_router(penalty_router)
router.include_router(closure_router)
router.include_router(plan_router)
router.include_router(licence_action_router)
router.include_router(allocation_router)
router.include_router(evidence_router)
CHECK = "employers.rtw.check"
SHARE_CODE = re.compile(r"^[A-Z0-9]{9}$")
navigation.add(
    "Right to work checks",
    "/employers/right-to-work/checks",
    CHECK,
    "Check a job applicant's right to work with their share code and keep the record.",
)


def _clean_code(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "").upper()


@router.get("/employers/right-to-work", response_class=HTMLResponse)
def start(request: Request, _: Principal = Depends(public())) -> HTMLResponse:
    return render(request, "employers/rtw_start.html", {"title": "Check a job applicant's right to work"})


@router.get("/employers/right-to-work/share-code", response_class=HTMLResponse)
def share_code_form(request: Request, _: Principal = Depends(require(CHECK))) -> HTMLResponse:
    return render(
        request,
        "employers/rtw_share_code.html",
        {"title": "What is their share code?", "share_code": "", "error": None},
    )


@router.post("/employers/right-to-work/share-code", response_class=HTMLResponse)
def share_code_submit(
    request: Request, share_code: Annotated[str, Form()] = "", _: Principal = Depends(require(CHECK))
) -> HTMLResponse:
    code = _clean_code(share_code)
    error = None
    if not code:
        error = "Enter their share code"
    elif not SHARE_CODE.match(code):
        error = "Enter the share code in the correct format: 9 letters and numbers, like W7X 4YQ Z9K"
    if error:
        return render(
            request,
            "employers/rtw_share_code.html",
            {
                "title": "What is their share code?",
                "share_code": share_code,
                "error": error,
                "errors": [{"text": error, "href": "#share_code"}],
            },
            status_code=422,
        )
    return _dob_page(request, code)


def _dob_page(
    request: Request, code: str, error: str | None = None, day: str = "", month: str = "", year: str = ""
) -> HTMLResponse:
    context: dict[str, Any] = {
        "title": "What is their date of birth?",
        "share_code": code,
        "error": error,
        "day": day,
        "month": month,
        "year": year,
    }
    if error:
        context["errors"] = [{"text": error, "href": "#dob-day"}]
    return render(request, "employers/rtw_date_of_birth.html", context, status_code=422 if error else 200)


def _parse_dob(day: str, month: str, year: str) -> date:
    if not (day.strip() and month.strip() and year.strip()):
        raise EmployersError("date_of_birth", "Enter their date of birth, including a day, month and year")
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        raise EmployersError("date_of_birth", "Date of birth must be a real date") from None
    if value > clock.today_in_london():
        raise EmployersError("date_of_birth", "Date of birth must be in the past")
    return value


@router.post("/employers/right-to-work/date-of-birth", response_class=HTMLResponse)
def check_submit(
    request: Request,
    share_code: Annotated[str, Form()] = "",
    dob_day: Annotated[str, Form(alias="dob-day")] = "",
    dob_month: Annotated[str, Form(alias="dob-month")] = "",
    dob_year: Annotated[str, Form(alias="dob-year")] = "",
    principal: Principal = Depends(require(CHECK)),
) -> Response:
    code = _clean_code(share_code)
    if not SHARE_CODE.match(code):
        return RedirectResponse("/employers/right-to-work/share-code", status_code=303)
    try:
        dob = _parse_dob(dob_day, dob_month, dob_year)
        with unit_of_work() as uow:
            record = right_to_work.check(uow, code=code, date_of_birth=dob, checker=principal)
    except EmployersError as exc:
        if exc.field == "share_code":
            message = exc.reason[0].upper() + exc.reason[1:]
            return render(
                request,
                "employers/rtw_share_code.html",
                {
                    "title": "What is their share code?",
                    "share_code": code,
                    "error": message,
                    "errors": [{"text": message, "href": "#share_code"}],
                },
                status_code=422,
            )
        message = exc.reason[0].upper() + exc.reason[1:]
        return _dob_page(request, code, message, dob_day, dob_month, dob_year)
    return RedirectResponse(f"/employers/right-to-work/checks/{record.id}", status_code=303)


def _photo(path: str | None) -> str | None:
    """Inline the eVisa photo so the printed or downloaded record carries it."""
    if not path:
        return None
    file = Path(path)
    if not file.is_file():
        return None
    kind = "png" if file.suffix.lower() == ".png" else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(file.read_bytes()).decode()


def _load(record_id: str, principal: Principal, purpose: str):  # type: ignore[no-untyped-def]
    try:
        with unit_of_work() as uow:
            return right_to_work.get(uow, record_id=record_id, principal=principal, purpose=purpose)
    except EmployersError:
        raise HTTPException(status_code=404) from None


def _when(record) -> str:  # type: ignore[no-untyped-def]
    return clock.to_london(record.checked_at).strftime("%-d %B %Y at %H:%M")


@router.get("/employers/right-to-work/checks", response_class=HTMLResponse)
def checks(request: Request, principal: Principal = Depends(require(CHECK))) -> HTMLResponse:
    today = clock.today_in_london()
    with unit_of_work() as uow:
        records = right_to_work.list_for(uow.session, principal=principal)
        due = right_to_work.follow_ups_due(uow.session, principal=principal, on=today)
        right_to_work.audit_listing(
            uow,
            records=records,
            principal=principal,
            purpose="Employer viewed their list of right to work checks",
        )
    return render(
        request,
        "employers/rtw_checks.html",
        {"title": "Your right to work checks", "records": records, "due": due, "today": today},
    )


@router.get("/employers/right-to-work/checks/{record_id}", response_class=HTMLResponse)
def result(request: Request, record_id: str, principal: Principal = Depends(require(CHECK))) -> HTMLResponse:
    record = _load(record_id, principal, "Employer viewed the result of their right to work check")
    title = f"{record.full_name} {'has' if record.valid else 'does not have'} the right to work"
    return render(
        request,
        "employers/rtw_result.html",
        {"title": title, "record": record, "photo": _photo(record.photo_path), "checked_at": _when(record)},
    )


@router.get("/employers/right-to-work/checks/{record_id}/record", response_class=HTMLResponse)
def record_download(
    request: Request, record_id: str, download: int = 0, principal: Principal = Depends(require(CHECK))
) -> HTMLResponse:
    record = _load(record_id, principal, "Employer downloaded the record of their right to work check")
    headers = {}
    if download:
        headers["Content-Disposition"] = (
            f'attachment; filename="right-to-work-check-{record.share_reference}.html"'
        )
    return render(
        request,
        "employers/rtw_record.html",
        {
            "record": record,
            "photo": _photo(record.photo_path),
            "checked_at": _when(record),
            "printed_at": clock.to_london(clock.now()).strftime("%-d %B %Y at %H:%M"),
        },
        headers=headers,
    )
