"""Compact, deterministic SVG path data and text from pixel-space geometry.

Coordinates are rounded to 0.1 px and written as one absolute move followed
by relative line-tos computed from the rounded integers, so there is no drift
and the same geometry always gives the same bytes.

>>> import shapely
>>> path_data(shapely.LineString([(0, 0), (10.04, 5.0), (10.04, 5.0), (12.5, -3)]))
'M0 0l10 5 2.5-8'
"""

from __future__ import annotations

from html import escape

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


def _num(n: int) -> str:
    """Tenths integer → shortest decimal text."""
    neg = n < 0
    n = abs(n)
    whole, tenth = divmod(n, 10)
    if tenth == 0:
        s = str(whole)
    elif whole == 0:
        s = f".{tenth}"
    else:
        s = f"{whole}.{tenth}"
    return "-" + s if neg else s


def _pair(dx: int, dy: int, first: bool) -> str:
    a, b = _num(dx), _num(dy)
    sep = "" if b.startswith("-") else " "
    lead = "" if first or a.startswith("-") else " "
    return f"{lead}{a}{sep}{b}"


def _ring_data(coords: np.ndarray, closed: bool, min_points: int) -> str:
    q = np.rint(np.asarray(coords)[:, :2] * 10).astype(np.int64)
    if len(q) > 1:
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = np.any(q[1:] != q[:-1], axis=1)
        q = q[keep]
    if closed and len(q) > 1 and (q[0] == q[-1]).all():
        q = q[:-1]
    if len(q) < min_points:
        return ""
    out = ["M" + _pair(int(q[0, 0]), int(q[0, 1]), True)]
    d = np.diff(q, axis=0)
    if len(d):
        out.append("l" + "".join(_pair(int(a), int(b), i == 0) for i, (a, b) in enumerate(d)))
    if closed:
        out.append("z")
    return "".join(out)


def path_data(geom: BaseGeometry | None, min_area: float = 0.0) -> str:
    """SVG path ``d`` for (multi)polygons and (multi)linestrings in pixel space."""
    if geom is None or geom.is_empty:
        return ""
    parts: list[str] = []
    for g in shapely.get_parts(geom):
        t = g.geom_type
        if t == "Polygon":
            if min_area and g.area < min_area:
                continue
            ext = _ring_data(np.asarray(g.exterior.coords), True, 3)
            if not ext:
                continue
            parts.append(ext)
            for r in g.interiors:
                if min_area and shapely.Polygon(r).area < min_area:
                    continue
                parts.append(_ring_data(np.asarray(r.coords), True, 3))
        elif t == "LineString":
            parts.append(_ring_data(np.asarray(g.coords), False, 2))
        elif t in ("MultiPolygon", "MultiLineString", "GeometryCollection"):
            parts.append(path_data(g, min_area))
    return "".join(parts)


def fmt(v: float) -> str:
    """A coordinate or length rounded to 0.1, shortest form."""
    return _num(int(round(v * 10)))


def text_el(
    x: float, y: float, lines: tuple[str, ...], cls: str, anchor: str, size: float, line_gap: float = 1.15
) -> str:
    """A (multi-line) ``<text>`` whose block is vertically centred on ``y``."""
    n = len(lines)
    first = y - (n - 1) * size * line_gap / 2 + size * 0.35  # baseline of line 1
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    if n == 1:
        return f'<text class="{cls}" x="{fmt(x)}" y="{fmt(first)}"{a}>{escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{fmt(x)}" y="{fmt(first + i * size * line_gap)}">{escape(s)}</tspan>' for i, s in enumerate(lines)
    )
    return f'<text class="{cls}"{a}>{spans}</text>'
