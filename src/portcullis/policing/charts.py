"""Inline SVG charts (no JavaScript), each with a <title> and <desc>; the page puts the table beneath."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

COLOURS = ("#1d70b8", "#f47738", "#00703c", "#4c2c92")


def bar_chart(
    title: str,
    desc: str,
    labels: Sequence[str],
    values: Sequence[Decimal | float],
    *,
    width: int = 640,
    bar: int = 14,
    unit: str = "",
) -> str:
    """Horizontal bars, one per label."""
    top = max((float(v) for v in values), default=0.0) or 1.0
    left, gap = 170, 4
    height = len(labels) * (bar + gap) + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="t-{id(labels)} d-{id(labels)}" class="policing-chart">',
        f'<title id="t-{id(labels)}">{escape(title)}</title><desc id="d-{id(labels)}">{escape(desc)}</desc>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = i * (bar + gap) + 10
        w = max(0.0, float(value)) / top * (width - left - 90)
        parts.append(
            f'<text x="{left - 6}" y="{y + bar - 3}" text-anchor="end" font-size="11">{escape(label)}</text>'
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{COLOURS[0]}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + bar - 3}" font-size="11">'
            f"{escape(_fmt(value))}{unit}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    *,
    width: int = 640,
    height: int = 260,
    target: float | None = None,
) -> str:
    """Lines over months; gaps where a value is missing; an optional dashed target line."""
    values = [float(v) for _, vs in series for v in vs if v is not None] + (
        [target] if target is not None else []
    )
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
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'class="policing-chart"><title>{escape(title)}</title><desc>{escape(desc)}</desc>',
        f'<text x="4" y="{y(hi) + 4:.1f}" font-size="10">{_fmt(hi)}</text>'
        f'<text x="4" y="{y(lo) + 4:.1f}" font-size="10">{_fmt(lo)}</text>',
    ]
    for i, label in enumerate(x_labels):
        if len(x_labels) <= 12 or i % max(1, len(x_labels) // 6) == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 8}" font-size="10" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    if target is not None:
        parts.append(
            f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            f'stroke="#d4351c" stroke-dasharray="4 3"/><text x="{width - pad_r + 4}" '
            f'y="{y(target) + 4:.1f}" font-size="10">target {_fmt(target)}</text>'
        )
    for k, (name, vs) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(vs) if v is not None)
        if points:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(
            f'<text x="{width - pad_r + 4}" y="{pad_t + 14 * (k + 1)}" font-size="11" '
            f'fill="{colour}">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(v: Decimal | float) -> str:
    f = float(v)
    if abs(f) >= 1_000_000:
        return f"{f / 1_000_000:,.1f}m"
    return f"{f:,.1f}"
