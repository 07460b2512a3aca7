"""The platform's pages in headless Chromium, checked with axe-core: the card page (empty, with errors and
without JavaScript), a job's page, the job list, the outbox and an email in it."""

from __future__ import annotations

from typing import Any

import pytest

from portcullis.core import jobs, notify, payments
from portcullis.core.db import unit_of_work
from portcullis.platform import jobs as platform_jobs

pytestmark = pytest.mark.browser


def _payment() -> payments.PaymentView:
    with unit_of_work() as uow:
        return payments.create_payment(
            uow, amount_pence=1600, reference="ETA-1", description="ETA fee", return_url="/"
        )


def test_the_card_page_is_accessible_empty_and_with_errors(
    page: Any, live_server: str, assert_accessible: Any
) -> None:
    view = _payment()
    page.goto(live_server + str(view.next_url))
    assert_accessible(page, "card page")
    page.fill("#card-number", "4444 3333 2222 1112")
    page.click("button:has-text('Continue')")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page, "card page with errors")


def test_paying_with_a_test_card_works_without_javascript(no_js_page: Any, live_server: str) -> None:
    view = _payment()
    no_js_page.goto(live_server + str(view.next_url))
    no_js_page.fill("#card-number", "4444333322221111")
    no_js_page.fill("#expiry-month", "10")
    no_js_page.fill("#expiry-year", "29")
    no_js_page.fill("#cardholder-name", "A Tester")
    no_js_page.fill("#security-code", "123")
    no_js_page.click("button:has-text('Continue')")
    no_js_page.wait_for_url(live_server + "/")
    with unit_of_work() as uow:
        assert payments.get_payment(uow, view.id).status is payments.PaymentStatus.SUCCESS


def test_a_finished_payment_page_is_accessible(page: Any, live_server: str, assert_accessible: Any) -> None:
    view = _payment()
    with unit_of_work() as uow:
        payments.cancel_locally(uow, view.id)
    page.goto(live_server + str(view.next_url))
    assert_accessible(page, "finished payment")


def test_the_job_and_outbox_pages_are_accessible(
    page: Any, live_server: str, sign_in_as: Any, assert_accessible: Any
) -> None:
    admin = sign_in_as(page, ["admin"])
    with unit_of_work() as uow:
        job = jobs.enqueue(
            uow, platform_jobs.PURGE_KIND, {"days": 30}, owner_id=admin.user_id, title="Housekeeping"
        )
        message = notify.send_email(
            uow, to="ann@example.com", template="platform.test-email", personalisation={"name": "Ann"}
        )
    jobs.run_pending()
    with unit_of_work() as uow:  # a running job: its page does not reload itself unless asked
        running = jobs.enqueue(uow, "tests.never-run", {}, owner_id=admin.user_id, title="Still running")
        running.status = "running"
        running.progress_done, running.progress_total = 3, 10
    for path in (f"/jobs/{running.id}", f"/jobs/{job.id}", "/jobs", "/outbox", f"/outbox/{message.id}"):
        page.goto(live_server + path)
        assert_accessible(page, path)
