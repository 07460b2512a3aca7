"""Inline SVG bar charts with a title and description; the page puts the same figures in a table beneath."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 40, 40, 16


def bar_chart(chart_id: str, title: str, description: str, labels: list[str], values: list[int]) -> Markup:
    top = max(values, default=0) or 1
    inner_w, inner_h = WIDTH - LEFT - 10, HEIGHT - BOTTOM - TOP
    step = inner_w / max(len(values), 1)
    bar = step * 0.7
    parts = [
        f'<svg class="employers-chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - 10}" y2="{TOP + inner_h}" stroke="#0b0c0c"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">{top}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + inner_h}" text-anchor="end" font-size="12" fill="#0b0c0c">0</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = inner_h * value / top
        x = LEFT + i * step + (step - bar) / 2
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + inner_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
            f'fill="#1d70b8"><title>{escape(label)}: {value}</title></rect>'
        )
        if len(labels) <= 12:
            short = label if len(label) <= 10 else label[:9] + "…"
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                f'font-size="11" fill="#0b0c0c">{escape(short)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every dynamic part is escaped above
