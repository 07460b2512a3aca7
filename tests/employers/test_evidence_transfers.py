"""Evidence transfers: the chain of custody on the evidence page (from the holder, to whom, when, why),
with the stored file re-checked against its SHA-256; bad input names the field and saves nothing. The
clock is frozen at 2 June 2025 09:30 UTC (10:30 in London)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.employers import enforcement
from portcullis.employers.models import EvidenceFile

from .form_helpers import audited, date_fields, visited_employer
from .helpers import OFFICER

pytestmark = pytest.mark.usefixtures("database")


@pytest.fixture()
def evidence_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(get_settings(), "var_dir", tmp_path)
    _, visit_id = visited_employer()
    with unit_of_work() as uow:
        return enforcement.add_evidence(
            uow, visit_id=visit_id, kind="photo", filename="kitchen.jpg", content=b"jpeg", actor=OFFICER
        ).id


def _links(evidence_id: str) -> list[dict[str, Any]]:
    with unit_of_work() as uow:
        item = uow.session.get(EvidenceFile, evidence_id)
        assert item is not None
        return list(item.custody)


def _transfer(**changes: str) -> dict[str, str]:
    data = {
        "from_holder": OFFICER.name,
        "to": "Exhibits officer",
        "transferred_time": "10:30",
        "purpose": "Storage",
    }
    return {**data, **date_fields("transferred_on", date(2025, 6, 2)), **changes}


def test_an_officer_records_a_transfer_and_the_chain_shows_from_to_when_and_why(
    client: Any, sign_in: Any, evidence_id: str
) -> None:
    sign_in(["enforcement_officer"], organisation=None)
    page = client.get(f"/employers/evidence/{evidence_id}")
    assert page.status_code == 200 and "Stored file matches the hash" in page.text
    assert f'value="{OFFICER.name}"' in page.text  # the form starts from the current holder
    made = client.post(
        f"/employers/evidence/{evidence_id}/transfers", data=_transfer(), follow_redirects=False
    )
    assert made.status_code == 303
    links = _links(evidence_id)
    assert links[-1]["from"] == OFFICER.name and links[-1]["to"] == "Exhibits officer"
    assert links[-1]["at"] == "2025-06-02T09:30:00+00:00" and links[-1]["purpose"] == "Storage"
    shown = client.get(f"/employers/evidence/{evidence_id}").text
    assert "2025-06-02 09:30" in shown and "Exhibits officer" in shown
    assert audited("employer_evidence", "Evidence transferred (chain of custody)") == 1


@pytest.mark.parametrize(
    ("changes", "anchor"),
    [
        ({"from_holder": "Someone else"}, "#from_holder"),
        ({"to": ""}, "#to"),
        ({"purpose": " "}, "#purpose"),
        ({"transferred_time": "25:00"}, "#transferred_time"),
        ({"transferred_time": "10:29"}, "#transferred_on-day"),  # before it was captured
        ({"transferred_time": "10:31"}, "#transferred_on-day"),  # in the future
        ({"transferred_on-day": ""}, "#transferred_on-day"),
    ],
    ids=[
        "not from the holder",
        "no recipient",
        "no reason",
        "no such time",
        "before capture",
        "future",
        "no date",
    ],
)
def test_a_bad_transfer_names_the_field_and_leaves_the_chain_as_it_was(
    client: Any, sign_in: Any, evidence_id: str, changes: dict[str, str], anchor: str
) -> None:
    sign_in(["enforcement_officer"])
    page = client.post(f"/employers/evidence/{evidence_id}/transfers", data=_transfer(**changes))
    assert page.status_code == 422 and f'href="{anchor}"' in page.text
    assert len(_links(evidence_id)) == 1


def test_a_compliance_officer_sees_the_chain_but_cannot_record_a_transfer(
    client: Any, sign_in: Any, evidence_id: str
) -> None:
    sign_in(["compliance_officer"])
    assert "Record a transfer" not in client.get(f"/employers/evidence/{evidence_id}").text
    assert client.post(f"/employers/evidence/{evidence_id}/transfers", data=_transfer()).status_code == 403


def test_the_api_records_a_transfer_from_the_holder_only(api_client: Any, evidence_id: str) -> None:
    api = api_client(["enforcement_officer"])
    url = f"/api/v1/employers/evidence/{evidence_id}/transfers"
    body = {"from_holder": "CPS", "to": "Court", "at": "2025-06-02T09:30:00+00:00", "purpose": "Trial"}
    wrong = api.post(url, json=body)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "from_holder"
    made = api.post(url, json={**body, "from_holder": OFFICER.name})
    assert made.status_code == 201 and made.json()["holder"] == "Court"
    assert datetime.fromisoformat(made.json()["custody"][-1]["at"]) == datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
