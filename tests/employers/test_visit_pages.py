"""Enforcement officers plan a visit, record its outcome and attach evidence on the web pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from portcullis.core.db import unit_of_work
from portcullis.employers.models import EnforcementVisit, EvidenceFile

pytestmark = pytest.mark.usefixtures("database")
FORM = {
    "premises": "1 Market Hill, Chatteris",
    "region": "East of England",
    "sector": "hospitality",
    "planned_on-day": "20",
    "planned_on-month": "6",
    "planned_on-year": "2025",
    "officers": "CIO Jones\nIO Smith",
}


def test_an_enforcement_officer_plans_a_visit_and_records_it(
    client,
    sign_in,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from portcullis.core.settings import get_settings

    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    sign_in(["enforcement_officer"])
    assert client.get("/employers/visits/new").status_code == 200
    made = client.post("/employers/visits/new", data=FORM, follow_redirects=False)
    assert made.status_code == 303
    url = made.headers["location"]
    assert "1 Market Hill" in client.get(url).text
    assert (
        client.post(
            url + "/outcome",
            data={
                "outcome": "no-breach",
                "visited_on-day": "20",
                "visited_on-month": "6",
                "visited_on-year": "2025",
            },
            follow_redirects=False,
        ).status_code
        == 303
    )
    uploaded = client.post(
        url + "/evidence",
        data={"kind": "photo"},
        files={"file": ("door.jpg", b"photo-bytes", "image/jpeg")},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    page = client.get(url).text
    assert "door.jpg" in page and "captured by" in page
    with unit_of_work() as uow:
        assert uow.session.scalar(select(EnforcementVisit.outcome)) == "no-breach"
        assert uow.session.scalar(select(func.count()).select_from(EvidenceFile)) == 1


def test_a_visit_without_officers_is_refused_with_the_field_named(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["enforcement_officer"])
    page = client.post("/employers/visits/new", data={**FORM, "officers": ""})
    assert page.status_code == 422 and 'href="#officers"' in page.text
    bad_date = client.post("/employers/visits/new", data={**FORM, "planned_on-month": "13"})
    assert bad_date.status_code == 422 and 'href="#planned_on-day"' in bad_date.text
    with unit_of_work() as uow:
        assert uow.session.scalar(select(func.count()).select_from(EnforcementVisit)) == 0


def test_an_empty_upload_is_refused(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["enforcement_officer"])
    url = client.post("/employers/visits/new", data=FORM, follow_redirects=False).headers["location"]
    page = client.post(
        url + "/evidence", data={"kind": "photo"}, files={"file": ("x.jpg", b"", "image/jpeg")}
    )
    assert page.status_code == 422 and "There is a problem" in page.text


def test_a_compliance_officer_cannot_plan_a_visit(client, sign_in) -> None:  # type: ignore[no-untyped-def]
    sign_in(["compliance_officer"])
    assert client.get("/employers/visits/new").status_code == 403
