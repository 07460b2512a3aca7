"""No-signal from gaps (a tag that stops reporting), and the zone index kept between batches."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from portcullis.core import clock, jobs, policy
from portcullis.core.audit import AuditEntry
from portcullis.core.db import unit_of_work
from portcullis.orders import monitoring, monitoring_gaps, rules
from portcullis.orders.models import MonitoringAlert, MonitoringTag, Order, OrderEvent
from portcullis.orders.service import OrdersError

from .test_monitoring import OFFICER, point, tagged_order

FROZEN = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)


def gap_alerts() -> list[MonitoringAlert]:
    with unit_of_work() as uow:
        return list(
            uow.session.scalars(
                select(MonitoringAlert)
                .where(MonitoringAlert.kind == "no_signal")
                .order_by(MonitoringAlert.at)
            )
        )


def check(now: datetime) -> list[dict[str, Any]]:
    with unit_of_work() as uow:
        return monitoring_gaps.raise_gap_alerts(uow, now=now)


def ingest(*rows: dict[str, Any]) -> dict[str, Any]:
    with unit_of_work() as uow:
        return monitoring.ingest(uow, rows=list(rows), actor=OFFICER, source="test")


def test_the_gap_is_a_supplier_contract_figure_in_force_from_the_dapo_pilot_and_not_before() -> None:
    gap, decision = rules.no_signal_gap(policy.at(date(2024, 11, 27)))
    assert gap == timedelta(minutes=60)
    assert decision.used[0].verified is False
    before, refused = rules.no_signal_gap(policy.at(date(2024, 11, 26)))
    assert before is None
    assert (
        refused.violations[0].reason == "cannot decide: orders.monitoring.no_signal_gap_minutes is not known"
    )


def test_exactly_the_gap_is_not_yet_a_gap_and_one_second_more_is() -> None:
    heard = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
    assert not rules.silent_too_long(heard, heard + timedelta(minutes=60), timedelta(minutes=60))
    assert rules.silent_too_long(heard, heard + timedelta(minutes=60, seconds=1), timedelta(minutes=60))


def test_a_tag_silent_for_just_under_the_gap_raises_nothing(database: Any) -> None:
    tagged_order()
    ingest(point("2025-06-02T09:00:00+01:00"))  # 08:00 UTC
    assert check(datetime(2025, 6, 2, 9, 0, tzinfo=UTC)) == []
    assert gap_alerts() == []


def test_a_tag_silent_for_longer_than_the_gap_raises_one_no_signal_alert_once(database: Any) -> None:
    order_id = tagged_order()
    ingest(point("2025-06-02T09:00:00+01:00"))
    raised = check(datetime(2025, 6, 2, 9, 1, tzinfo=UTC))
    assert [r["tag_id"] for r in raised] == ["TAG-1"]
    (alert,) = gap_alerts()
    assert alert.order_id == order_id
    assert alert.at == datetime(2025, 6, 2, 8, 0, tzinfo=UTC)  # the silence began with the last point
    assert alert.responsible_officer == "PC Dee"
    assert alert.evidence["silent_minutes"] == 61
    assert alert.evidence["gap_minutes"] == 60
    assert check(datetime(2025, 6, 2, 11, 0, tzinfo=UTC)) == []  # the same gap: no second alert
    with unit_of_work() as uow:
        summaries = list(
            uow.session.scalars(select(OrderEvent.summary).where(OrderEvent.order_id == order_id))
        )
        audit_types = list(uow.session.scalars(select(AuditEntry.record_type)))
    assert "Monitoring alert: no signal (nothing received for 61 minutes)" in summaries
    assert "monitoring_gap_check" in audit_types


def test_a_tag_that_reports_again_and_falls_silent_again_raises_a_second_alert(database: Any) -> None:
    tagged_order()
    ingest(point("2025-06-02T09:00:00+01:00"))
    check(datetime(2025, 6, 2, 9, 1, tzinfo=UTC))
    ingest(point("2025-06-02T10:15:00+01:00"))  # 09:15 UTC: reporting again
    assert check(datetime(2025, 6, 2, 10, 15, tzinfo=UTC)) == []
    assert len(check(datetime(2025, 6, 2, 10, 16, tzinfo=UTC))) == 1
    assert [a.at for a in gap_alerts()] == [
        datetime(2025, 6, 2, 8, 0, tzinfo=UTC),
        datetime(2025, 6, 2, 9, 15, tzinfo=UTC),
    ]


def test_a_tag_that_never_reported_is_silent_from_its_fitting(database: Any) -> None:
    tagged_order()  # fitted at the frozen 09:30 UTC
    assert check(FROZEN + timedelta(minutes=60)) == []
    assert len(check(FROZEN + timedelta(minutes=61))) == 1
    assert gap_alerts()[0].evidence["last_point_at"] is None


def test_a_removed_tag_or_an_order_no_longer_in_force_raises_nothing(database: Any) -> None:
    order_id = tagged_order("TAG-1")
    tagged_order("TAG-2")
    with unit_of_work() as uow:
        uow.session.get_one(Order, order_id).status = "discharged"
        tag = uow.session.scalar(select(MonitoringTag).where(MonitoringTag.tag_id == "TAG-2"))
        assert tag is not None
        tag.removed_at = FROZEN
    assert check(FROZEN + timedelta(hours=5)) == []


def test_the_job_queues_its_next_run_first_and_never_doubles_the_chain(database: Any) -> None:
    tagged_order()
    with unit_of_work() as uow:
        assert monitoring_gaps.schedule(uow) is not None
        assert monitoring_gaps.schedule(uow) is None  # one run waiting already
    clock.get_clock().advance(timedelta(minutes=61))  # type: ignore[attr-defined]
    assert jobs.run_pending(limit=1) == 1
    assert len(gap_alerts()) == 1
    with unit_of_work() as uow:
        queued = list(
            uow.session.scalars(
                select(jobs.Job.run_at).where(
                    jobs.Job.kind == monitoring_gaps.NO_SIGNAL_GAPS, jobs.Job.status == jobs.JobStatus.QUEUED
                )
            )
        )
    assert queued == [FROZEN + timedelta(minutes=66)]


# The zone index is kept between batches: it must follow every change to zones and tags.


def test_a_zone_removed_from_the_order_stops_alerting_in_the_next_batch(database: Any) -> None:
    order_id = tagged_order()
    inside = point("2025-06-02T09:05:00+01:00", 53.4810, -2.2430)
    assert {a["kind"] for a in ingest(inside)["alerts"]} == {"zone_entry"}
    with unit_of_work() as uow:
        order = uow.session.get_one(Order, order_id)
        order.conditions = [c for c in order.conditions if c["kind"] != "exclusion_zone"]
    assert ingest(inside)["alerts"] == []


def test_a_tag_fitted_after_a_batch_is_known_to_the_next(database: Any) -> None:
    tagged_order("TAG-1")
    ingest(point("2025-06-02T09:00:00+01:00"))
    tagged_order("TAG-2")
    assert ingest(point("2025-06-02T09:00:00+01:00", tag="TAG-2"))["accepted"] == 1


def test_a_discharged_order_s_tag_is_refused_in_the_next_batch_and_nothing_is_saved(database: Any) -> None:
    order_id = tagged_order()
    ingest(point("2025-06-02T09:00:00+01:00"))
    with unit_of_work() as uow:
        uow.session.get_one(Order, order_id).status = "discharged"
    with pytest.raises(OrdersError) as caught:
        ingest(point("2025-06-02T09:10:00+01:00"))
    assert caught.value.errors == [
        {"field": "tag_id", "reason": "tag TAG-1 is not fitted to an order in force"}
    ]


def test_the_command_checks_now_or_starts_the_chain_once(database: Any) -> None:
    from typer.testing import CliRunner

    from portcullis.cli import app

    tagged_order()
    clock.get_clock().advance(timedelta(minutes=61))  # type: ignore[attr-defined]
    runner = CliRunner()
    checked = runner.invoke(app, ["orders", "no-signal-gaps", "--json"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.strip() == '{"alerts": 1}'
    first = runner.invoke(app, ["orders", "no-signal-gaps", "--schedule", "--json"])
    again = runner.invoke(app, ["orders", "no-signal-gaps", "--schedule", "--json"])
    assert '"scheduled": true' in first.output
    assert '"scheduled": false' in again.output
