"""Breaches: recording, evidence with SHA-256 and chain of custody, charging and outcome, maximum penalty."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from portcullis.core import access
from portcullis.core.db import unit_of_work
from portcullis.core.settings import get_settings
from portcullis.orders import breaches, lifecycle, service

from .helpers import make_person

OFFICER = access.Principal(kind="user", user_id="u1", name="Bo Officer", organisation="cps")


@pytest.fixture()
def evidence_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PORTCULLIS_VAR_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def made_order(with_notice: bool = True) -> str:
    with unit_of_work() as uow:
        app = service.create_application(
            uow,
            order_type="scpo",
            applicant_agency="cps",
            subject_person_id=make_person(),
            actor=OFFICER,
            with_notice=with_notice,
            court="high-court",
        )
        order = service.record_outcome(
            uow,
            application_id=app.id,
            outcome="granted",
            actor=OFFICER,
            starts_on=date(2025, 6, 1),
            ends_on=date(2027, 5, 31),
        )
        assert order is not None
        return order.id


def test_a_reported_breach_with_body_worn_video_keeps_its_hash_and_custody(
    database: Any, evidence_dir: Path
) -> None:
    order_id = made_order()
    video = b"\x00\x01fake body-worn video"
    with unit_of_work() as uow:
        breach = breaches.record_breach(
            uow,
            order_id=order_id,
            alleged_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
            source="report",
            description="Seen using a second phone",
            actor=OFFICER,
        )
        item = breaches.add_evidence(
            uow,
            breach_id=breach.id,
            filename="bwv-0001.mp4",
            content=video,
            description="Body-worn video",
            actor=OFFICER,
            holder="GMP property store",
        )
        assert item.sha256 == hashlib.sha256(video).hexdigest()
        step = breaches.custody_step(
            uow, evidence_id=item.id, action="transferred", holder="CPS", actor=OFFICER
        )
        assert step.hash_matches
    Path(item.stored_path).write_bytes(b"tampered")
    with unit_of_work() as uow:
        check = breaches.custody_step(
            uow, evidence_id=item.id, action="verified", holder="CPS", actor=OFFICER
        )
        assert not check.hash_matches
        assert [e.action for e in breaches.chain_of_custody(uow, evidence_id=item.id)] == [
            "received",
            "transferred",
            "verified",
        ]


def test_charging_then_outcome_is_recorded_in_order(database: Any) -> None:
    order_id = made_order()
    with unit_of_work() as uow:
        breach = breaches.record_breach(
            uow,
            order_id=order_id,
            alleged_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
            source="report",
            description="Travelled to France",
            actor=OFFICER,
        )
        with pytest.raises(service.OrdersError):
            breaches.record_breach_outcome(uow, breach_id=breach.id, outcome="convicted", actor=OFFICER)
        breaches.record_charging_decision(uow, breach_id=breach.id, decision="charge", actor=OFFICER)
        done = breaches.record_breach_outcome(uow, breach_id=breach.id, outcome="convicted", actor=OFFICER)
        assert (done.charging_decision, done.outcome) == ("charge", "convicted")


def test_no_breach_of_an_order_made_without_notice_before_the_subject_knew_of_it(database: Any) -> None:
    order_id = made_order(with_notice=False)
    with unit_of_work() as uow, pytest.raises(service.OrdersError) as caught:
        breaches.record_breach(
            uow,
            order_id=order_id,
            alleged_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
            source="report",
            description="Contact",
            actor=OFFICER,
        )
    assert caught.value.errors[0]["field"] == "alleged_at"
    with unit_of_work() as uow:
        lifecycle.record_service(
            uow, order_id=order_id, actor=OFFICER, served_at=datetime(2025, 6, 2, 7, tzinfo=UTC)
        )
        breaches.record_breach(
            uow,
            order_id=order_id,
            alleged_at=datetime(2025, 6, 2, 8, tzinfo=UTC),
            source="report",
            description="Contact",
            actor=OFFICER,
        )


def test_the_maximum_penalty_is_shown_from_the_parameters() -> None:
    scpo = breaches.maximum_penalty("scpo", date(2025, 6, 2))
    assert scpo["summary"]["text"] == "12 months" and scpo["indictment"]["text"] == "5 years"
    assert "Serious Crime Act 2007, section 25" in scpo["indictment"]["cite"]
    ydo = breaches.maximum_penalty("ydo", date(2026, 11, 26))
    assert ydo["indictment"] == {
        "text": "cannot decide: orders.ydo.breach_max_penalty_years is not known",
        "known": False,
    }
