"""Inline SVG charts shared by every domain: no JavaScript, a <title> that names the chart and a <desc> that
describes it. Pages put the same figures in a table beneath each chart, so the chart is never the only way
to read them. Also available in templates as `bar_chart`, `column_chart` and `line_chart`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

BLUE, ORANGE, GREEN, PURPLE, RED = "#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c"  # GOV.UK colours
SERIES_COLOURS = (BLUE, ORANGE, GREEN, PURPLE)
TEXT = "#0b0c0c"
Number = Decimal | float | int

_serial = itertools.count(1)


def _ids(title: str, chart_id: str | None) -> tuple[str, str]:
    # Ids must be unique on the page; a slug of the title plus a counter is, and stays readable.
    base = chart_id or f"chart-{re.sub(r'[^a-z0-9]+', '-', title.lower()).strip('-')[:40]}-{next(_serial)}"
    return f"{base}-title", f"{base}-desc"


def _open(width: float, height: float, title: str, desc: str, chart_id: str | None) -> str:
    title_id, desc_id = _ids(title, chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" focusable="false" '
        f'viewBox="0 0 {width:g} {height:g}" width="100%" '
        f'aria-labelledby="{title_id}" aria-describedby="{desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(desc)}</desc>'
    )


def format_value(value: Number) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    f = float(value)
    if abs(f) >= 1_000_000:
        return f"{f / 1_000_000:,.1f}m"
    return f"{f:,.1f}"


def bar_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    unit: str = "",
    colour: str = BLUE,
    chart_id: str | None = None,
    width: int = 640,
    bar: int = 16,
    label_width: int = 190,
) -> Markup:
    """Horizontal bars, one per label, each with its value at the end."""
    top = max((float(v) for v in values), default=0.0) or 1.0
    gap = 6
    height = len(labels) * (bar + gap) + gap
    parts = [_open(width, height, title, desc, chart_id)]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = gap + i * (bar + gap)
        w = max(0.0, float(value)) / top * (width - label_width - 90)
        baseline = y + bar - 4
        parts.append(
            f'<text x="{label_width - 8}" y="{baseline}" text-anchor="end" font-size="13" fill="{TEXT}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar}" fill="{escape(colour)}"/>'
            f'<text x="{label_width + w + 6:.1f}" y="{baseline}" font-size="13" fill="{TEXT}">'
            f"{escape(format_value(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped above


def column_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    colour: str = BLUE,
    chart_id: str | None = None,
    width: int = 640,
    height: int = 240,
) -> Markup:
    """Vertical bars over a baseline (months, regions); labels are shortened when there are few of them."""
    left, bottom, top_pad = 48, 40, 16
    top = max((float(v) for v in values), default=0.0) or 1.0
    inner_w, inner_h = width - left - 10, height - bottom - top_pad
    base = top_pad + inner_h
    step = inner_w / max(len(values), 1)
    bar = step * 0.7
    parts = [
        _open(width, height, title, desc, chart_id),
        f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{TEXT}"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" font-size="12" fill="{TEXT}">'
        f"{escape(format_value(max(values, default=0)))}</text>",
        f'<text x="{left - 6}" y="{base}" text-anchor="end" font-size="12" fill="{TEXT}">0</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = inner_h * max(0.0, float(value)) / top
        x = left + i * step + (step - bar) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{top_pad + inner_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="{escape(colour)}"><title>{escape(label)}: {escape(format_value(value))}</title></rect>'
        )
        if len(labels) <= 12:
            short = label if len(label) <= 10 else label[:9] + "…"
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11" fill="{TEXT}">{escape(short)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped above


def line_chart(
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    target: float | None = None,
    chart_id: str | None = None,
    width: int = 640,
    height: int = 260,
) -> Markup:
    """Lines over time, a gap where a value is missing, and an optional dashed target line."""
    values = [float(v) for _, vs in series for v in vs if v is not None]
    values += [target] if target is not None else []
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if hi == lo:
        hi = lo + 1
    pad_l, pad_r, pad_t, pad_b = 50, 150, 15, 30
    n = max(len(x_labels), 2)

    def x(i: int) -> float:
        return pad_l + i * (width - pad_l - pad_r) / (n - 1)

    def y(v: float) -> float:
        return pad_t + (hi - v) / (hi - lo) * (height - pad_t - pad_b)

    parts = [
        _open(width, height, title, desc, chart_id),
        f'<text x="4" y="{y(hi) + 4:.1f}" font-size="10" fill="{TEXT}">{format_value(hi)}</text>'
        f'<text x="4" y="{y(lo) + 4:.1f}" font-size="10" fill="{TEXT}">{format_value(lo)}</text>',
    ]
    for i, label in enumerate(x_labels):
        if len(x_labels) <= 12 or i % max(1, len(x_labels) // 6) == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" font-size="10" text-anchor="middle" fill="{TEXT}">'
                f"{escape(label)}</text>"
            )
    if target is not None:
        parts.append(
            f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="{RED}" stroke-dasharray="4 3"/><text x="{width - pad_r + 4}" '
            f'y="{y(target) + 4:.1f}" font-size="10" fill="{TEXT}">target {format_value(target)}</text>'
        )
    for k, (name, vs) in enumerate(series):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(vs) if v is not None)
        if points:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(
            f'<text x="{width - pad_r + 4}" y="{pad_t + 14 * (k + 1)}" font-size="11" '
            f'fill="{colour}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped above
