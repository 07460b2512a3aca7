"""The shared inline SVG charts: proportional, named for screen readers, escaped, and usable in templates."""

from __future__ import annotations

import re
from decimal import Decimal

from portcullis.web import charts
from portcullis.web.templating import env


def _widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]


def test_bars_are_proportional_to_their_values_and_a_zero_has_no_length() -> None:
    svg = charts.bar_chart("Overdue", "Three kinds", ["a", "b", "c"], [4, 2, 0])
    wide, half, none = _widths(svg)
    assert half == wide / 2 and none == 0


def test_an_all_zero_chart_draws_empty_bars_instead_of_dividing_by_zero() -> None:
    assert _widths(charts.bar_chart("Nothing", "", ["a", "b"], [0, 0])) == [0, 0]


def test_a_chart_is_named_by_its_title_and_described_by_its_description() -> None:
    svg = charts.bar_chart("Cases by stage", "Removal cases", ["x"], [1], chart_id="stages")
    assert 'role="img"' in svg
    assert 'aria-labelledby="stages-title"' in svg and 'aria-describedby="stages-desc"' in svg
    assert '<title id="stages-title">Cases by stage</title>' in svg


def test_two_charts_with_the_same_title_get_different_ids() -> None:
    first = re.search(r'aria-labelledby="([^"]+)"', charts.bar_chart("Same", "", ["x"], [1]))
    second = re.search(r'aria-labelledby="([^"]+)"', charts.bar_chart("Same", "", ["x"], [1]))
    assert first and second and first.group(1) != second.group(1)


def test_labels_and_titles_are_escaped() -> None:
    svg = charts.column_chart("<script>", "", ["<b>bold</b>"], [3])
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg


def test_values_are_written_with_thousands_separators_and_millions_shortened() -> None:
    svg = charts.bar_chart("Money", "", ["big", "small"], [Decimal("19500000000"), 12345], unit="")
    assert "19,500.0m" in svg and "12,345" in svg


def test_a_line_chart_leaves_a_gap_for_a_missing_month_and_draws_the_target() -> None:
    svg = charts.line_chart("Calls", "", ["Jan", "Feb", "Mar"], [("Force", [90, None, 95])], target=90.0)
    points = re.search(r'points="([^"]+)"', svg)
    assert points and len(points.group(1).split()) == 2
    assert "target 90.0" in svg


def test_templates_can_draw_a_chart() -> None:
    html = env.from_string('{{ bar_chart("T", "D", ["a"], [2]) }}').render()
    assert html.startswith("<svg") and "<title" in html
