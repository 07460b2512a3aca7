"""Pages for platform services: job status (/jobs), the email outbox (/outbox) and the local card-payment
page (/payments/local/{id}). The router also starts and stops the embedded worker with the app."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from portcullis.core import access, audit, jobs, payments
from portcullis.core.access import Principal
from portcullis.core.db import unit_of_work
from portcullis.core.jobs import Job
from portcullis.core.notify import MessageStatus, OutboxMessage
from portcullis.platform import runtime
from portcullis.web.templating import render

router = APIRouter(on_startup=[runtime.on_startup], on_shutdown=[runtime.on_shutdown])

PAGE_SIZE = 50
REFRESH_SECONDS = 3


def may_see_job(principal: Principal, job: Job) -> bool:
    return principal.can("admin.jobs") or (job.owner_id is not None and job.owner_id == principal.user_id)


def _page(page: int) -> int:
    return max(1, page)


@router.get("/jobs")
def job_list(
    request: Request,
    status: str = "",
    page: int = 1,
    principal: Principal = Depends(access.require("admin.jobs")),
) -> Response:
    page = _page(page)
    with unit_of_work() as uow:
        query = select(Job)
        if status in set(jobs.JobStatus):
            query = query.where(Job.status == status)
        total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = list(
            uow.session.scalars(
                query.order_by(Job.created_at.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
            )
        )
        counts = jobs.counts(uow)
    return render(
        request,
        "platform/jobs.html",
        {
            "title": "Jobs",
            "jobs": rows,
            "counts": counts,
            "statuses": list(jobs.JobStatus),
            "status": status,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "total": total,
        },
    )


@router.get("/jobs/{job_id}")
def job_page(
    request: Request, job_id: str, refresh: str = "off", principal: Principal = Depends(access.signed_in())
) -> Response:
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        if job is None or not may_see_job(principal, job):
            raise HTTPException(status_code=404)
    # Refreshing is the user's choice (a link turns it on and off): a page that reloads by itself fails
    # WCAG 2.2.1 (axe's meta-refresh rule) unless the user asked for it.
    auto = not job.finished and refresh == "on"
    headers = {"Cache-Control": "no-store"}
    return render(
        request,
        "platform/job.html",
        {
            "title": job.title or job.kind,
            "job": job,
            "auto_refresh": auto,
            "refresh_seconds": REFRESH_SECONDS,
            "is_admin": principal.can("admin.jobs"),
        },
        headers=headers,
    )


@router.post("/jobs/{job_id}/retry")
def job_retry(
    request: Request, job_id: str, principal: Principal = Depends(access.require("admin.jobs"))
) -> Response:
    with unit_of_work() as uow:
        job = jobs.get(uow, job_id)
        if job is None:
            raise HTTPException(status_code=404)
        try:
            jobs.retry_now(uow, job)
        except jobs.JobError as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from None
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@router.get("/outbox")
def outbox(
    request: Request,
    page: int = 1,
    reference: str = "",
    status: str = "",
    principal: Principal = Depends(access.require("admin.outbox")),
) -> Response:
    page = _page(page)
    reference = reference.strip()[:200]
    query = select(OutboxMessage)
    if reference:
        query = query.where(OutboxMessage.reference == reference)
    if status in set(MessageStatus):
        query = query.where(OutboxMessage.status == status)
    else:
        status = ""
    with unit_of_work() as uow:
        total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = list(
            uow.session.scalars(
                query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id)
                .offset((page - 1) * PAGE_SIZE)
                .limit(PAGE_SIZE)
            )
        )
    filters = urlencode({k: v for k, v in (("reference", reference), ("status", status)) if v})
    return render(
        request,
        "platform/outbox.html",
        {
            "title": "Outbox",
            "messages": rows,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "total": total,
            "reference": reference,
            "status": status,
            "status_items": [{"value": "", "text": "Any status", "selected": not status}]
            + [{"value": s, "text": s.capitalize(), "selected": status == s} for s in MessageStatus],
            "filters": filters,
        },
    )


@router.get("/outbox/{message_id}")
def outbox_message(
    request: Request, message_id: str, principal: Principal = Depends(access.require("admin.outbox"))
) -> Response:
    with unit_of_work() as uow:
        message = uow.session.get(OutboxMessage, message_id)
        if message is None:
            raise HTTPException(status_code=404)
        # An email holds a person's address and details: reading it is a consultation (DPA 2018 s.62).
        audit.record(
            uow,
            actor=principal,
            operation=audit.Operation.CONSULTATION,
            record_type="outbox_message",
            record_id=message.id,
            subject_id=None,
            justification="Administrator read an email in the outbox",
            details={"template": message.template, "status": message.status},
        )
    return render(request, "platform/outbox_message.html", {"title": message.subject, "message": message})


# --- the local card-payment page (payments_backend = "local") -------------------------------------------

CARD_FIELDS = ("card-number", "expiry-month", "expiry-year", "cardholder-name", "security-code")


def _card_page(
    request: Request,
    payment: payments.PaymentView,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    summary = [{"text": text, "href": f"#{field}"} for field, text in errors.items()]
    return render(
        request,
        "platform/card.html",
        {
            "title": "Enter card details",
            "payment": payment,
            "values": values,
            "field_errors": errors,
            "errors": summary,
            "test_cards": list(payments.TEST_CARDS.values()),
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )


def _load_local(payment_id: str) -> payments.PaymentView:
    with unit_of_work() as uow:
        try:
            payment = payments.local_payment(uow, payment_id)
        except payments.PaymentNotFound:
            raise HTTPException(status_code=404) from None
        return payments.PaymentView.of(payment)


@router.get("/payments/local/{payment_id}")
def card_page(request: Request, payment_id: str, principal: Principal = Depends(access.public())) -> Response:
    view = _load_local(payment_id)
    if view.status.finished:
        return render(
            request, "platform/payment_finished.html", {"title": "This payment has finished", "payment": view}
        )
    return _card_page(request, view, {}, {})


@router.post("/payments/local/{payment_id}")
async def card_submit(
    request: Request, payment_id: str, principal: Principal = Depends(access.public())
) -> Response:
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in CARD_FIELDS}
    card = payments.CardForm(
        card_number=values["card-number"],
        expiry_month=values["expiry-month"],
        expiry_year=values["expiry-year"],
        cardholder_name=values["cardholder-name"],
        security_code=values["security-code"],
    )
    _load_local(payment_id)
    with unit_of_work() as uow:
        view, errors = payments.pay_locally(uow, payment_id, card)
    if errors:
        values["security-code"] = ""  # never echo the security code back
        return _card_page(request, view, values, errors, status_code=422)
    return RedirectResponse(view.return_url, status_code=303)


@router.post("/payments/local/{payment_id}/cancel")
def card_cancel(
    request: Request, payment_id: str, principal: Principal = Depends(access.public())
) -> Response:
    _load_local(payment_id)
    with unit_of_work() as uow:
        view = payments.cancel_locally(uow, payment_id)
    return RedirectResponse(view.return_url, status_code=303)
