"""The policing upload pages in headless Chromium: accessible (axe, WCAG 2.2 AA) blank, with errors, after
an import and while a background import runs; and a file uploaded without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from portcullis.core import jobs
from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.policing import tables, uploads
from portcullis.policing.models import CallMonth

pytestmark = pytest.mark.browser

HEADER_999 = (
    "force,month,calls_answered,answered_within_10s,answered_10_to_60s,answered_over_60s,"
    "mean_answer_seconds\n"
)
GOOD = HEADER_999 + "kent,2025-04,1000,920,60,20,6.5\ncleveland,2025-04,500,400,80,20,12.1\n"
BAD = HEADER_999 + "kent,2025-05,-5,0,0,0,1\nGotham,2025-04,10,10,0,0,1\n"


@pytest.fixture()
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    return tmp_path


def _csv(name: str, text: str) -> dict[str, Any]:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def _upload(page: Any, kind_label: str, name: str, text: str) -> None:
    page.goto("/policing/upload")
    page.get_by_label(kind_label).check()
    page.get_by_label("CSV file").set_input_files(_csv(name, text))
    page.get_by_role("button", name="Check and import").click()


def _calls() -> int:
    with unit_of_work() as uow:
        return uow.session.scalar(select(func.count()).select_from(CallMonth)) or 0


def test_the_upload_pages_are_accessible_blank_with_errors_and_after_an_import(
    page, live_server, sign_in_as, assert_accessible, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(page, ["performance_unit"])
    page.goto("/policing/upload")
    assert_accessible(page, "upload form")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the kind of data in the file", use_inner_text=True
    )
    assert_accessible(page, "upload form, nothing chosen")

    _upload(page, "999 call answering (monthly, per force)", "bad.csv", BAD)
    expect(page.locator("#problems caption")).to_contain_text("Problems in the file")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Row 2, calls_answered: must not be negative" in summary
    assert "Row 3, force: no police force called 'Gotham'" in summary
    assert _calls() == 0
    assert_accessible(page, "upload with bad rows")

    _upload(page, "999 call answering (monthly, per force)", "good.csv", GOOD)
    expect(page.locator("h1")).to_have_text("File imported")
    assert _calls() == 2
    assert_accessible(page, "import done")

    page.goto("/policing/settlement-table")
    assert_accessible(page, "settlement table form")
    page.get_by_label("Official per-force table (CSV)").set_input_files(
        _csv("official.csv", "force,tax_base\nkent,1\n")
    )
    page.get_by_role("button", name="Check and load the table").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("column is missing", use_inner_text=True)
    assert_accessible(page, "settlement table with errors")
    text = tables.illustrative_path("2025-26").read_text().replace(",ILLUSTRATIVE", ",official")
    page.get_by_label("Official per-force table (CSV)").set_input_files(_csv("official.csv", text))
    page.get_by_role("button", name="Check and load the table").click()
    expect(page.locator("h1")).to_have_text("File imported")


def test_a_background_import_page_is_accessible_while_queued_and_when_rejected(
    page, live_server, sign_in_as, assert_accessible, var_dir, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(uploads, "BACKGROUND_BYTES", 10)
    sign_in_as(page, ["performance_unit"])
    _upload(page, "999 call answering (monthly, per force)", "big.csv", BAD)
    expect(page.locator("main")).to_contain_text("in the background", use_inner_text=True)
    assert_accessible(page, "background import queued")
    jobs.run_pending()
    page.reload()
    expect(page.locator("h1")).to_contain_text("Nothing was imported from big.csv", use_inner_text=True)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 2, calls_answered: must not be negative", use_inner_text=True
    )
    assert_accessible(page, "background import rejected")
    assert _calls() == 0


def test_a_file_is_uploaded_and_imported_without_javascript(
    no_js_page, live_server, sign_in_as, var_dir
) -> None:  # type: ignore[no-untyped-def]
    sign_in_as(no_js_page, ["analyst"])
    _upload(no_js_page, "999 call answering (monthly, per force)", "nojs.csv", GOOD)
    expect(no_js_page.locator("h1")).to_have_text("File imported")
    expect(no_js_page.locator("main")).to_contain_text("nojs.csv", use_inner_text=True)
    assert _calls() == 2
