"""The Commissioner's oversight (samples without identities, access granted and logged) and statistics in
the official shape with small-number suppression, exported as CSV and ODS."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from odf.opendocument import load
from odf.table import Table

from portcullis.core import audit
from portcullis.core.db import unit_of_work
from portcullis.prevent import gateway, oversight, statistics
from portcullis.prevent.errors import Forbidden, PreventError

RATIONALE = {
    "ideology": "absent",
    "vulnerability": "present",
    "risk": "none",
    "explanation": "Jordan Example needs mental-health support, not Prevent.",
}


def _decided(principal, referral, n: int = 3) -> None:
    officer = principal("prevent_police")
    for i in range(n):
        rid = referral(family_name=f"Person{i}")
        with unit_of_work() as uow:
            gateway.record_deconfliction(uow, actor=officer, referral_id=rid, result="no_ct_interest")
            gateway.decide_gateway(
                uow, actor=officer, referral_id=rid, outcome="nfa", threshold_met=False, rationale=RATIONALE
            )


def test_a_sample_shows_decisions_without_names_or_free_text(principal, referral) -> None:
    _decided(principal, referral)
    commissioner = principal("prevent_commissioner")
    with unit_of_work() as uow:
        sample = oversight.draw_sample(uow, actor=commissioner, start=date(2025, 6, 1), end=date(2025, 6, 30))
        items = oversight.sample_items(uow, actor=commissioner, sample_id=sample.id)
    assert len(items) == 3
    shown = repr(items)
    assert "Person0" not in shown and "Jordan" not in shown and "mental-health support" not in shown
    assert items[0].rationale == {"ideology": "absent", "vulnerability": "present", "risk": "none"}
    assert items[0].access == "none" and items[0].on_time is True


def test_the_commissioner_sees_an_identity_only_after_a_senior_reviewer_grants_it_and_each_look_is_logged(
    principal, referral, frozen_clock
) -> None:
    _decided(principal, referral, 1)
    commissioner, senior = principal("prevent_commissioner"), principal("prevent_supervisor")
    with unit_of_work() as uow:
        sample = oversight.draw_sample(uow, actor=commissioner, start=date(2025, 6, 1), end=date(2025, 6, 30))
    with pytest.raises(Forbidden), unit_of_work() as uow:
        oversight.view_identity(uow, actor=commissioner, sample_id=sample.id, item=1)
    with pytest.raises(PreventError), unit_of_work() as uow:
        oversight.request_identity(uow, actor=commissioner, sample_id=sample.id, item=1, justification="why")
    with unit_of_work() as uow:
        access = oversight.request_identity(
            uow,
            actor=commissioner,
            sample_id=sample.id,
            item=1,
            justification="Decision looks inconsistent with the history",
        )
    with pytest.raises(Forbidden), unit_of_work() as uow:
        oversight.decide_request(uow, actor=commissioner, access_id=access.id, grant=True)
    with unit_of_work() as uow:
        oversight.decide_request(uow, actor=senior, access_id=access.id, grant=True)
    with unit_of_work() as uow:
        seen = oversight.view_identity(uow, actor=commissioner, sample_id=sample.id, item=1)
        assert seen["name"] == "Jordan Person0"
    with unit_of_work() as uow:
        disclosure = audit.search(uow.session, operation="disclosure")[0]
        assert (
            disclosure.recipient == "Independent Prevent Commissioner"
            and disclosure.actor_id == senior.user_id
        )
        look = audit.search(uow.session, operation="consultation", actor_id=commissioner.user_id)[0]
        assert look.justification == "Decision looks inconsistent with the history"
    frozen_clock.advance(timedelta(hours=25))
    with pytest.raises(Forbidden), unit_of_work() as uow:
        oversight.view_identity(uow, actor=commissioner, sample_id=sample.id, item=1)


def test_statistics_follow_referrals_to_panel_and_adoption_with_small_numbers_suppressed(
    principal, referral, frozen_clock
) -> None:
    for i in range(7):
        referral(family_name=f"Edu{i}", sector="education")
    for i in range(6):
        referral(family_name=f"Hea{i}", sector="health")
    for i in range(2):
        referral(family_name=f"Pol{i}", sector="police", concern_type="islamist", gender="female")
    analyst = principal("prevent_practitioner")
    with unit_of_work() as uow:
        stats = statistics.journey(uow.session, actor=analyst, year="2025-26")
    assert stats.totals == (15, 0, 0)
    sector = {row.category: row.values[0] for row in stats.tables["sector"]}
    assert sector["Education (schools, colleges, universities)"] == 7
    assert sector["Police"] == "[c]" and sector["Health"] == "[c]"  # 6 hidden too, or 15 - 7 - 6 would show 2
    gender = {row.category: row.values[0] for row in stats.tables["gender"]}
    assert gender == {"Male": "[c]", "Female": "[c]", "Not known or not stated": 0}
    text = statistics.to_csv(stats)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "financial_year",
        "breakdown",
        "category",
        "referrals",
        "discussed_at_panel",
        "adopted",
    ]
    assert ["2025-26", "Total", "All referrals", "15", "0", "0"] in rows
    doc = load(io.BytesIO(statistics.to_ods(stats)))
    names = [t.getAttribute("name") for t in doc.spreadsheet.getElementsByType(Table)]
    assert names == [
        "Notes",
        "Totals",
        "Age at referral",
        "Gender",
        "Type of concern",
        "Referral sector",
        "Region",
    ]


def test_a_malformed_financial_year_is_refused(principal) -> None:
    with pytest.raises(PreventError) as raised, unit_of_work() as uow:
        statistics.journey(uow.session, actor=principal("prevent_commissioner"), year="2025")
    assert raised.value.errors[0][0] == "year"


def test_statistics_are_not_for_referrers(principal) -> None:
    with pytest.raises(Forbidden), unit_of_work() as uow:
        statistics.journey(uow.session, actor=principal("prevent_referrer"), year="2025-26")
