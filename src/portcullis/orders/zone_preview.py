"""A small inline SVG of an exclusion zone (its boundary or its circle), for the officer to check what they
typed. Drawn in local metres (longitude scaled by the cosine of the latitude), north up, with no map."""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup

SIZE = 200
MARGIN = 10
METRES_PER_DEGREE = 111_320.0


def zone_svg(condition: dict[str, Any], ident: str) -> Markup | None:
    """The SVG for a zone condition (None for any other kind); `ident` makes its title id unique."""
    if condition.get("kind") != "exclusion_zone":
        return None
    name = str(condition.get("name", "zone"))
    if condition.get("polygon"):
        ring = condition["polygon"]["coordinates"][0]
        lat0 = sum(p[1] for p in ring) / len(ring)
        xy = [
            (p[0] * math.cos(math.radians(lat0)) * METRES_PER_DEGREE, p[1] * METRES_PER_DEGREE) for p in ring
        ]
        xs, ys = [x for x, _ in xy], [y for _, y in xy]
        span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
        scale = (SIZE - 2 * MARGIN) / span
        points = " ".join(
            f"{MARGIN + (x - min(xs)) * scale:.1f},{SIZE - MARGIN - (y - min(ys)) * scale:.1f}" for x, y in xy
        )
        shape = f'<polygon points="{points}" fill="#f3f2f1" stroke="#1d70b8" stroke-width="2"/>'
        what = f"{len(ring) - 1} corners, about {span:,.0f} m across"
    elif condition.get("centre") and condition.get("radius_m"):
        r = SIZE / 2 - MARGIN
        c = SIZE / 2
        shape = (
            f'<circle cx="{c}" cy="{c}" r="{r}" fill="#f3f2f1" stroke="#1d70b8" stroke-width="2"/>'
            f'<circle cx="{c}" cy="{c}" r="3" fill="#0b0c0c"/>'
        )
        what = f"a circle of {int(condition['radius_m']):,} m around a point"
    else:
        return None
    # Markup.format escapes every argument; the shape is built above from numbers only.
    return Markup(
        '<svg class="orders-zone-preview" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
        'role="img" aria-labelledby="{ident}"><title id="{ident}">Outline of the exclusion zone {name}: '
        "{what}, north at the top</title>{shape}</svg>"
    ).format(size=SIZE, ident=ident, name=name, what=what, shape=Markup(shape))  # noqa: S704
