"""Compact, deterministic SVG path data and text from pixel-space geometry.

Coordinates are rounded to 0.1 px and written as one absolute move followed
by relative line-tos computed from the rounded integers, so there is no drift
and the same geometry always gives the same bytes.

>>> import shapely
>>> path_data(shapely.LineString([(0, 0), (10.04, 5.0), (10.04, 5.0), (12.5, -3)]))
'M0 0l10 5 2.5-8'
"""

from __future__ import annotations

import functools

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from atlaspress.core.text import xml_escape as escape  # noqa: F401 - re-exported: every SVG writer's escape


@functools.lru_cache(maxsize=8192)
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


_SPAN = 20_000  # ±2,000 px in tenths: a lookup table covers every delta in a panel
_TEXT = [""] * (2 * _SPAN + 1)


_SPACED = [""] * (2 * _SPAN + 1)  # the same with a leading space where no minus sign separates


def _table() -> list[str]:
    if not _TEXT[0]:
        for i in range(-_SPAN, _SPAN + 1):
            _TEXT[i + _SPAN] = t = _num(i)
            _SPACED[i + _SPAN] = t if i < 0 else " " + t
    return _TEXT


def _pairs(rows: list[list[int]], first_lead: bool) -> str:
    """``dx dy dx dy …`` (offset by _SPAN) with separators only where no minus sign separates."""
    t = _TEXT
    out = []
    lead = first_lead
    for a, b in rows:
        sa, sb = t[a], t[b]
        out.append((" " + sa) if lead and a >= _SPAN else sa)
        out.append(sb if b < _SPAN else " " + sb)
        lead = True
    return "".join(out)


def _pair(dx: int, dy: int, first: bool) -> str:
    a, b = _num(dx), _num(dy)
    sep = "" if b.startswith("-") else " "
    lead = "" if first or a.startswith("-") else " "
    return f"{lead}{a}{sep}{b}"


def _ring_data(coords: np.ndarray, closed: bool, min_points: int) -> str:
    """Slow path for coordinates far outside the panel (never in a normal locator)."""
    q = np.rint(np.asarray(coords)[:, :2] * 10).astype(np.int64)
    if len(q) > 1:
        keep = np.ones(len(q), dtype=bool)
        keep[1:] = np.any(q[1:] != q[:-1], axis=1)
        q = q[keep]
    if closed and len(q) > 1 and (q[0] == q[-1]).all():
        q = q[:-1]
    if len(q) < min_points:
        return ""
    d = np.diff(q, axis=0)
    body = "".join(_pair(int(a), int(b), i == 0) for i, (a, b) in enumerate(d))
    return "M" + _pair(int(q[0, 0]), int(q[0, 1]), True) + "l" + body + ("z" if closed else "")


def _flatten(geoms: np.ndarray) -> np.ndarray:
    """Every simple part of an array of geometries (nested collections too)."""
    parts = shapely.get_parts(geoms)
    while len(parts) and (shapely.get_type_id(parts) >= 4).any():
        parts = shapely.get_parts(parts)
    return parts


Affine = tuple[float, float, float]  # (scale, x offset, y offset): x' = x·s + ox


def path_data(
    geom: BaseGeometry | np.ndarray | list | None,
    min_area: float = 0.0,
    affine: Affine | None = None,
) -> str:
    """SVG path ``d`` for (multi)polygons and (multi)linestrings in pixel space.

    ``geom`` may be one geometry or an array of them; ``affine`` maps its
    pixels to the output's (applied before rounding). Polygons (and holes)
    smaller than ``min_area`` output px² are dropped.
    """
    if geom is None:
        return ""
    arr = np.asarray([geom] if isinstance(geom, BaseGeometry) else list(geom), dtype=object)
    if not len(arr):
        return ""
    parts = _flatten(arr)
    parts = parts[~shapely.is_empty(parts)]
    tid = shapely.get_type_id(parts)
    polys = parts[tid == 3]
    lines = parts[tid == 1]
    scale = affine[0] if affine else 1.0
    rings: list[BaseGeometry] = []
    closed: list[bool] = []
    if len(polys):
        rr, owner = shapely.get_rings(polys, return_index=True)
        if min_area:
            areas = shapely.area(shapely.polygons(rr)) * (scale * scale)
            first = np.ones(len(rr), dtype=bool)
            first[1:] = owner[1:] != owner[:-1]
            ext_ok = np.zeros(len(polys), dtype=bool)
            ext_ok[owner[first]] = areas[first] >= min_area
            rr = rr[ext_ok[owner] & (areas >= min_area)]
        rings.extend(rr)
        closed.extend([True] * len(rr))
    rings.extend(lines)
    closed.extend([False] * len(lines))
    if not rings:
        return ""
    coords, idx = shapely.get_coordinates(np.asarray(rings, dtype=object), return_index=True)
    if affine:
        coords = coords * affine[0] + (affine[1], affine[2])
    q = np.rint(coords * 10).astype(np.int64)
    keep = np.ones(len(q), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1) | (idx[1:] != idx[:-1])
    q, idx = q[keep], idx[keep]
    if len(q) and np.abs(q).max() > _SPAN // 2:
        starts = np.concatenate([[0], np.flatnonzero(np.diff(idx)) + 1, [len(q)]])
        return "".join(
            _ring_data(q[a:b] / 10, closed[int(idx[a])], 3 if closed[int(idx[a])] else 2)
            for a, b in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True)
        )
    _table()
    starts = np.concatenate([[0], np.flatnonzero(np.diff(idx)) + 1, [len(q)]])
    qa = (q + _SPAN).tolist()
    flat = (np.diff(q, axis=0, prepend=q[:1]) + _SPAN).ravel().tolist()  # dx, dy, dx, dy, …
    t, sp = _TEXT, _SPACED
    get = sp.__getitem__
    out = []
    for s, e in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        c = closed[int(idx[s])]
        if c and e - s > 1 and qa[s] == qa[e - 1]:
            e -= 1
        if e - s < (3 if c else 2):
            continue
        x, y = qa[s]
        body = "".join(map(get, flat[2 * s + 2 : 2 * e]))
        out.append(f"M{t[x]}{sp[y]}l{body[1:] if body[0] == ' ' else body}{'z' if c else ''}")
    return "".join(out)


def fmt(v: float) -> str:
    """A coordinate or length rounded to 0.1, shortest form."""
    return _num(int(round(v * 10)))


def text_el(
    x: float,
    y: float,
    lines: tuple[str, ...],
    cls: str,
    anchor: str,
    size: float,
    line_gap: float = 1.15,
) -> str:
    """A (multi-line) ``<text>`` whose block is vertically centred on ``y``."""
    n = len(lines)
    first = y - (n - 1) * size * line_gap / 2 + size * 0.35  # baseline of line 1
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    if n == 1:
        return f'<text class="{cls}" x="{fmt(x)}" y="{fmt(first)}"{a}>{escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{fmt(x)}" y="{fmt(first + i * size * line_gap)}">{escape(s)}</tspan>'
        for i, s in enumerate(lines)
    )
    return f'<text class="{cls}"{a}>{spans}</text>'
