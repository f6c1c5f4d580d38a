"""Layers published for MapLibre, unwrapped around the place's longitude.

Authors write a shape across the 180th meridian as a jump (179 → -179), unwrapped east
(170..190), unwrapped west (-190..-170), already cut at ±180 (RFC 7946 §3.1.9) or, round
a pole, as a ring that ends a whole turn from where it started. MapLibre reads every
edge as a straight line in longitude, so the jump form is drawn the long way round the
world. Here every geometry is made continuous (each step the short way round) and moved
by whole turns so its middle lies within 180° of the place; parts an author cut at ±180
are joined again, and a ring round a pole is closed along the pole. MapLibre draws
longitudes beyond ±180 continuously across the seam, so the map draws each shape where
it is, with no seam in its outline (see ``docs/decisions.md``).
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np

from atlaspress.core.sphere import planar_ring, unwrap

DIGITS = 7  # what the loader keeps; drops the float noise of adding 360


def near(lon: float, ref: float) -> float:
    """``lon`` moved by whole turns to within 180° of ``ref``.

    >>> near(-179.0, 170.0), near(190.0, -169.0), near(12.5, 0.0)
    (181.0, -170.0, 12.5)
    """
    return round(lon - 360.0 * round((lon - ref) / 360.0), DIGITS)


def _valid(position: Any) -> bool:
    return (
        isinstance(position, (list, tuple))
        and len(position) >= 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in position[:2])
    )


def _line(coords: Any, ref: float) -> list[Any]:
    """A line made continuous and moved near ``ref``; extra values (elevation) kept."""
    if not isinstance(coords, list) or not coords or not all(_valid(p) for p in coords):
        return coords
    xy = unwrap(np.array([p[:2] for p in coords], dtype=float), ref)
    return [[round(float(x), DIGITS), p[1], *p[2:]] for x, p in zip(xy[:, 0], coords, strict=True)]


def _ring(ring: Any, ref: float) -> list[list[float]]:
    xy = planar_ring(np.array([p[:2] for p in ring], dtype=float), ref)
    return [[round(float(x), DIGITS), round(float(y), DIGITS)] for x, y in xy]


def _polygon(rings: Any, ref: float) -> Any:
    if not isinstance(rings, list) or not rings:
        return rings
    if not all(isinstance(r, list) and len(r) >= 3 and all(_valid(p) for p in r) for r in rings):
        return rings
    outer = _ring(rings[0], ref)
    xs = [p[0] for p in outer]
    middle = (min(xs) + max(xs)) / 2  # holes go with their polygon, not each on its own
    return [outer, *(_ring(r, middle) for r in rings[1:])]


def _on_seam(parts: Any) -> bool:
    """Whether an author cut these parts at ±180 (some position on the meridian)."""

    def walk(node: Any) -> bool:
        if _valid(node):
            return abs(abs(float(node[0])) - 180.0) < 1e-9
        return isinstance(node, list) and any(walk(child) for child in node)

    return walk(parts)


def _join_polygons(parts: list[Any]) -> dict[str, Any]:
    """Parts cut at ±180 and now side by side, dissolved into one outline where they touch."""
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    multi = {"type": "MultiPolygon", "coordinates": parts}
    try:
        polygons = [shape({"type": "Polygon", "coordinates": p}) for p in parts]
        if not all(p.is_valid for p in polygons):
            return multi
        joined = [orient(p, 1.0) for p in shapely.get_parts(shapely.union_all(polygons))]
    except Exception:  # noqa: BLE001 - odd input stays as written
        return multi
    if not joined or any(p.geom_type != "Polygon" for p in joined) or len(joined) >= len(parts):
        return multi
    out = [_rounded(mapping(p)["coordinates"]) for p in joined]
    return {"type": "Polygon", "coordinates": out[0]} if len(out) == 1 else {"type": "MultiPolygon", "coordinates": out}


def _join_lines(parts: list[Any]) -> dict[str, Any]:
    import shapely
    from shapely.geometry import mapping

    multi = {"type": "MultiLineString", "coordinates": parts}
    if any(len(p) < 2 or any(len(q) != 2 for q in p) for p in parts):
        return multi  # elevations: leave the parts as they are rather than lose them
    merged = shapely.line_merge(shapely.MultiLineString(parts), directed=True)
    found = list(shapely.get_parts(merged))
    if len(found) >= len(parts):
        return multi
    out = [_rounded(mapping(g)["coordinates"]) for g in found]
    return (
        {"type": "LineString", "coordinates": out[0]}
        if len(out) == 1
        else {"type": "MultiLineString", "coordinates": out}
    )


def _rounded(node: Any) -> Any:
    if isinstance(node, (list, tuple)) and node and isinstance(node[0], (int, float)):
        return [round(float(v), DIGITS) for v in node]
    return [_rounded(child) for child in node]


def unwrap_geometry(geometry: dict[str, Any] | None, ref: float) -> dict[str, Any] | None:
    """A GeoJSON geometry drawn where it is for a map centred near longitude ``ref``."""
    if not isinstance(geometry, dict):
        return geometry
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    out = dict(geometry)
    if kind == "GeometryCollection":
        out["geometries"] = [unwrap_geometry(g, ref) for g in geometry.get("geometries") or []]
        return out
    if kind == "Point" and coords is not None and _valid(coords):
        out["coordinates"] = [near(float(coords[0]), ref), *coords[1:]]
    elif kind == "MultiPoint" and isinstance(coords, list):
        out["coordinates"] = [[near(float(p[0]), ref), *p[1:]] if _valid(p) else p for p in coords]
    elif kind == "LineString":
        out["coordinates"] = _line(coords, ref)
    elif kind == "MultiLineString" and isinstance(coords, list):
        parts = [_line(p, ref) for p in coords]
        out = _join_lines(parts) if _on_seam(coords) and len(parts) > 1 else {**out, "coordinates": parts}
    elif kind == "Polygon":
        out["coordinates"] = _polygon(coords, ref)
    elif kind == "MultiPolygon" and isinstance(coords, list):
        parts = [_polygon(p, ref) for p in coords]
        out = _join_polygons(parts) if _on_seam(coords) and len(parts) > 1 else {**out, "coordinates": parts}
    return out


def unwrap_collection(collection: dict[str, Any], ref: float) -> dict[str, Any]:
    """Every feature of a FeatureCollection through :func:`unwrap_geometry`."""
    features = []
    for feature in collection.get("features") or []:
        if isinstance(feature, dict) and isinstance(feature.get("geometry"), dict):
            # Unreadable positions are published as written (the loader reported them).
            with contextlib.suppress(ValueError, TypeError, IndexError):
                feature = {**feature, "geometry": unwrap_geometry(feature["geometry"], ref)}
        features.append(feature)
    return {**collection, "features": features}
