"""Geometries written the way RFC 7946 asks, for the GeoJSON files atlaspress writes itself.

``atlaspress import kml`` turns an export into a layer file that other tools will read
too (QGIS, geojson.io, GitHub's viewer). KML writes a shape across the 180th meridian
as a jump (179.9 → -179.9), which those tools draw the long way round the world, and
KML rings wind either way. RFC 7946 §3.1.9 asks for shapes cut at 180° into parts
within ±180, and §3.1.6 for counterclockwise exteriors and clockwise holes; this module
writes both. Reading is on the sphere (:mod:`atlaspress.core.sphere`): each step of a
ring or line the short way round, a ring round a pole closed along it.

The site's own web map still draws each shape whole: ``map.geojson`` is unwrapped
around the place and the cut parts are joined again (:mod:`atlaspress.maps.webmap.antimeridian`,
``docs/decisions.md``).

>>> cut, notes = rfc7946({"type": "LineString", "coordinates": [[179.5, 0.0], [-179.5, 1.0]]})
>>> cut["type"], cut["coordinates"], notes
('MultiLineString', [[[179.5, 0.0], [180.0, 0.5]], [[-180.0, 0.5], [-179.5, 1.0]]], ['cut at 180°'])
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry.polygon import orient

from atlaspress.core.sphere import planar_ring, unwrap

DIGITS = 7  # the float noise of adding 360 goes; 1 cm stays
CUT = "cut at 180°"
TURNED = "ring turned to RFC 7946 winding"


def rfc7946(geometry: dict[str, Any] | None) -> tuple[dict[str, Any] | None, list[str]]:
    """``geometry`` cut at ±180 and wound as RFC 7946 asks, and what changed (``CUT``,
    ``TURNED``). Geometries that are not valid polygons keep their rings as read."""
    if not isinstance(geometry, dict):
        return geometry, []
    notes: list[str] = []
    kind = geometry.get("type")
    coords: Any = geometry.get("coordinates")
    if kind == "GeometryCollection":
        members = []
        for member in geometry.get("geometries") or []:
            fixed, more = rfc7946(member)
            members.append(fixed)
            notes += more
        return {"type": kind, "geometries": members}, _unique(notes)
    if kind == "Point":
        return {"type": kind, "coordinates": _wrapped(coords)}, []
    if kind == "MultiPoint":
        return {"type": kind, "coordinates": [_wrapped(p) for p in coords]}, []
    if kind in ("LineString", "MultiLineString"):
        lines = [coords] if kind == "LineString" else coords
        parts = [part for line in lines for part in _cut_line(line)]
        if len(parts) > len(lines):
            notes.append(CUT)
        return _multi("LineString", parts), notes
    if kind in ("Polygon", "MultiPolygon"):
        polygons = [coords] if kind == "Polygon" else coords
        out: list[Any] = []
        for rings in polygons:
            parts, more = _cut_polygon(rings)
            out += parts
            notes += more
        return _multi("Polygon", out), _unique(notes)
    return geometry, []


def _multi(single: str, parts: list[Any]) -> dict[str, Any]:
    if len(parts) == 1:
        return {"type": single, "coordinates": parts[0]}
    return {"type": "Multi" + single, "coordinates": parts}


def _unique(notes: list[str]) -> list[str]:
    return list(dict.fromkeys(notes))


def _wrapped(position: list[float]) -> list[float]:
    lon = float(position[0])
    if -180.0 <= lon <= 180.0:
        return list(position)
    return [round(((lon + 180.0) % 360.0) - 180.0, DIGITS), *position[1:]]


def _round(xy: np.ndarray) -> list[list[float]]:
    return [[round(float(x), DIGITS) + 0.0, round(float(y), DIGITS) + 0.0] for x, y in xy]


# --- lines ------------------------------------------------------------------------------


def _cut_line(line: list[list[float]]) -> list[list[list[float]]]:
    """A line made continuous, then cut where it crosses a 180° meridian."""
    xy = unwrap(np.asarray(line, dtype=float))
    turn = math.floor((xy[0, 0] + 180.0) / 360.0)
    xy = xy - [360.0 * turn, 0.0]  # the first position within ±180
    parts: list[np.ndarray] = []
    current = [xy[0]]
    for i in range(1, len(xy)):
        (x0, y0), (x1, y1) = xy[i - 1], xy[i]
        for seam in _seams(x0, x1):
            t = (seam - x0) / (x1 - x0)
            at = [seam, y0 + t * (y1 - y0)]
            current.append(np.array(at))
            parts.append(np.array(current))
            current = [np.array(at)]
        current.append(xy[i])
    parts.append(np.array(current))
    out = []
    for part in parts:
        if len(part) < 2 or np.allclose(part[0], part[-1]) and len(part) == 2:
            continue
        middle = (part[:, 0].min() + part[:, 0].max()) / 2
        shift = 360.0 * math.floor((middle + 180.0) / 360.0)
        out.append(_round(part - [shift, 0.0]))
    return out or [_round(xy)]


def _seams(x0: float, x1: float) -> list[float]:
    """The meridians 180 + 360k strictly between x0 and x1, in the order a walk meets them."""
    lo, hi = sorted((x0, x1))
    k0 = math.floor((lo - 180.0) / 360.0) + 1
    seams = []
    k = k0
    while 180.0 + 360.0 * k < hi:
        seam = 180.0 + 360.0 * k
        if seam > lo:
            seams.append(seam)
        k += 1
    return seams if x1 >= x0 else seams[::-1]


# --- polygons ---------------------------------------------------------------------------


def _cut_polygon(rings: list[list[list[float]]]) -> tuple[list[Any], list[str]]:
    outer = planar_ring(np.asarray(rings[0], dtype=float))
    middle = (outer[:, 0].min() + outer[:, 0].max()) / 2
    holes = [planar_ring(np.asarray(r, dtype=float), middle) for r in rings[1:]]
    polygon = shapely.Polygon(outer, holes)
    if not polygon.is_valid:
        return [rings], []  # the loader and `check --fix` report and repair it
    notes: list[str] = []
    turned = orient(polygon, 1.0)
    if not shapely.equals_exact(turned, polygon):
        notes.append(TURNED)
    west, _, east, _ = turned.bounds
    if west >= -180.0 and east <= 180.0:
        return [_rings(turned)], notes
    parts = []
    for k in range(math.floor((west + 180.0) / 360.0), math.floor((east + 180.0) / 360.0) + 1):
        box = shapely.box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        piece = shapely.intersection(turned, box)
        for part in shapely.get_parts(piece):
            if part.geom_type != "Polygon" or part.is_empty or part.area == 0:
                continue
            moved = orient(shapely.transform(part, lambda xy, k=k: xy - [360.0 * k, 0.0]), 1.0)
            parts.append(_rings(moved))
    if len(parts) > 1:
        notes.append(CUT)
    return parts or [rings], notes


def _rings(polygon: shapely.Polygon) -> list[list[list[float]]]:
    return [_round(np.asarray(polygon.exterior.coords)), *(_round(np.asarray(h.coords)) for h in polygon.interiors)]
