"""`portcullis orders check FILE.json --json`: a proposed order or notice, validated without saving."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from portcullis.cli import app

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "orders-example.json"


def run(tmp_path: Path, doc: Any) -> dict[str, Any]:
    path = tmp_path / "order.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    result = CliRunner().invoke(app, ["orders", "check", str(path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def dapn(**kw: Any) -> dict[str, Any]:
    doc = {
        "order_type": "dapn",
        "applicant": {"agency": "greater-manchester", "rank": "inspector"},
        "area": "greater-manchester",
        "subject": {"date_of_birth": "1990-01-01"},
        "protected_person": {"date_of_birth": "1995-05-05"},
        "issued_at": "2025-06-02T14:00:00+01:00",
        "conditions": [{"kind": "no_contact", "person_description": "the protected person"}],
    }
    doc.update(kw)
    return doc


def test_the_documented_example_file_passes_every_rule_except_the_dapo_age_rule_which_is_not_known(
    tmp_path: Path,
) -> None:
    assert run(tmp_path, EXAMPLE.read_text()) == {
        "valid": False,
        "violations": [
            {
                "field": "subject.date_of_birth",
                "reason": "cannot decide: orders.dapo.minimum_subject_age_years is not known",
            }
        ],
    }


def test_a_valid_dapn_passes(tmp_path: Path) -> None:
    assert run(tmp_path, dapn()) == {"valid": True, "violations": []}


def test_a_dapn_from_a_sergeant_is_invalid_and_the_command_still_exits_0(tmp_path: Path) -> None:
    out = run(tmp_path, dapn(applicant={"agency": "greater-manchester", "rank": "sergeant"}))
    assert out["valid"] is False
    assert out["violations"][0]["field"] == "applicant.rank"


def test_tagging_beyond_12_months_in_a_dapo_is_invalid(tmp_path: Path) -> None:
    doc = {
        "order_type": "dapo",
        "applicant": {"agency": "victim-1", "kind": "victim"},
        "court": "family-court",
        "starts_on": "2025-06-02",
        "conditions": [
            {
                "kind": "electronic_monitoring",
                "mode": "location",
                "months": 13,
                "responsible_person": "Tag Co",
                "available_in_area": True,
            }
        ],
    }
    out = run(tmp_path, doc)
    assert {
        "field": "conditions[0].months",
        "reason": "electronic monitoring may be imposed for at most 12 months at a time",
    } in out["violations"]


def test_an_exclusion_zone_needs_a_polygon_or_a_radius_around_a_point(tmp_path: Path) -> None:
    out = run(tmp_path, dapn(conditions=[{"kind": "exclusion_zone", "name": "Home", "address": "1 High St"}]))
    assert out == {
        "valid": False,
        "violations": [
            {"field": "conditions[0]", "reason": "give a polygon, or a radius_m around a centre point"}
        ],
    }


def test_a_self_intersecting_polygon_is_refused(tmp_path: Path) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    out = run(tmp_path, dapn(conditions=[{"kind": "exclusion_zone", "name": "Z", "polygon": bowtie}]))
    assert out["violations"] == [
        {"field": "conditions[0]", "reason": "polygon is not a valid, non-self-intersecting ring"}
    ]


def test_an_unknown_agency_is_named(tmp_path: Path) -> None:
    out = run(tmp_path, dapn(applicant={"agency": "acme-security"}))
    assert out["violations"][0]["field"] == "applicant.agency"


def test_malformed_json_is_reported_as_a_violation(tmp_path: Path) -> None:
    out = run(tmp_path, "{not json")
    assert out["valid"] is False and out["violations"][0]["field"] == "file"


def test_an_unknown_condition_kind_is_named(tmp_path: Path) -> None:
    out = run(tmp_path, dapn(conditions=[{"kind": "curfew_by_magic"}]))
    assert out["violations"][0]["field"] == "conditions[0]"


def test_a_date_of_birth_that_is_not_a_real_date_is_named(tmp_path: Path) -> None:
    out = run(tmp_path, dapn(subject={"date_of_birth": "1990-02-30"}))
    assert out["violations"] == [
        {"field": "subject.date_of_birth", "reason": "1990-02-30 is not a real date"}
    ]
