"""Shared by the web-map modules: palette, bounds arithmetic, GeoJSON helpers."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# The maps' one palette, so the locator and this map read as one design (the web-map modules
# import it from here).
from atlaspress.core.palette import (  # noqa: F401
    ACCENT,
    BORDER,
    COAST,
    DISPUTED_BORDER,
    INK,
    LAND,
    MUTED,
    POINT,
    SEA,
)

VENDOR = Path(__file__).resolve().parents[2] / "_vendor"  # maps/webmap/ → the package
SERIES_COLOURS = (
    ACCENT,
    "#1f6fb2",
    "#2a8a4a",
    "#b86e00",
    "#7b3fa0",
    "#0f8a8a",
    "#a3366f",
    "#5b6468",
)
NATURAL_EARTH = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>'
EMPTY = {"type": "FeatureCollection", "features": []}
ZOOM_PAD = {"city": 0.05, "region": 0.3, "country": 3.0, "continent": 15.0}
# Fonts are CSS families drawn locally (there is no glyph server). MapLibre takes the weight
# from a word in the first name and leaves names with spaces unquoted, so no spaces here.
FONT = ["sans-serif"]
FONT_BOLD = ["sans-serif-bold"]

Bounds = tuple[float, float, float, float]  # west, south, east, north; east may exceed 180


# --- geometry helpers ----------------------------------------------------------------


def _positions(geometry: dict[str, Any] | None) -> Iterator[tuple[float, float]]:
    if not geometry:
        return
    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries") or []:
            yield from _positions(part)
        return

    def walk(node: Any) -> Iterator[tuple[float, float]]:
        if isinstance(node, (list, tuple)) and node and isinstance(node[0], (int, float)):
            if len(node) >= 2 and all(isinstance(v, (int, float)) and math.isfinite(v) for v in node[:2]):
                yield float(node[0]), float(node[1])
        elif isinstance(node, (list, tuple)):
            for child in node:
                yield from walk(child)

    yield from walk(geometry.get("coordinates"))


def lon_extent(lons: Iterable[float]) -> tuple[float, float]:
    """The shortest longitude interval holding every value, as ``(west, east)``.

    Across the antimeridian ``east`` is given past 180 so the interval stays short:

    >>> lon_extent([169.0, -169.0])
    (169.0, 191.0)
    >>> lon_extent([126.5, 126.9])
    (126.5, 126.9)
    """
    values = sorted({lon if -180.0 <= lon < 180.0 else ((lon + 180.0) % 360.0) - 180.0 for lon in lons})
    if not values:
        raise ValueError("no longitudes")
    if len(values) == 1:
        return values[0], values[0]
    # The widest empty arc between neighbours (the wrap-around arc included) is left out.
    gaps = [(values[i + 1] - values[i], i) for i in range(len(values) - 1)]
    wrap_gap = values[0] + 360.0 - values[-1]
    widest, at = max(gaps)
    if wrap_gap >= widest:
        return values[0], values[-1]
    return values[at + 1], values[at] + 360.0


def bounds_of(collection: dict[str, Any]) -> Bounds | None:
    """Bounds of every position in a FeatureCollection, short way round the antimeridian."""
    points = [p for f in collection.get("features") or [] for p in _positions(f.get("geometry"))]
    if not points:
        return None
    west, east = lon_extent(p[0] for p in points)
    lats = [p[1] for p in points]
    return west, min(lats), east, max(lats)


def pad(bounds: Bounds, fraction: float, minimum: float) -> Bounds:
    """Grow ``bounds`` by ``fraction`` of its size on each side, at least ``minimum`` degrees."""
    west, south, east, north = bounds
    dx = max((east - west) * fraction, minimum)
    dy = max((north - south) * fraction, minimum)
    return west - dx, max(south - dy, -85.0), east + dx, min(north + dy, 85.0)


def boxes(bounds: Bounds) -> list[Bounds]:
    """``bounds`` as one or two boxes inside -180..180 (split at the antimeridian)."""
    west, south, east, north = bounds
    if east - west >= 360:
        return [(-180.0, south, 180.0, north)]
    shift = 360.0 * math.floor((west + 180.0) / 360.0)
    west, east = west - shift, east - shift
    if east <= 180.0:
        return [(west, south, east, north)]
    return [(west, south, 180.0, north), (-180.0, south, east - 360.0, north)]


def _round(node: Any, digits: int) -> Any:
    if isinstance(node, (list, tuple)):
        if node and isinstance(node[0], (int, float)):
            return [round(float(v), digits) for v in node[:2]]
        return [_round(child, digits) for child in node]
    return node


def _feature(geometry: Any, properties: dict[str, Any], digits: int) -> dict[str, Any] | None:
    from shapely.geometry import mapping

    if geometry is None or geometry.is_empty:
        return None
    data = mapping(geometry)
    if data["type"] == "GeometryCollection":
        return None
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": data["type"], "coordinates": _round(data["coordinates"], digits)},
    }


def _areal(geometry: Any) -> Any:
    """The polygons of ``geometry``, as one valid polygonal geometry. A valid (Multi)Polygon
    is that already (the result of a union or intersection): it is returned as it is, since
    dissolving it again costs as much as the union that made it (a third of a detail basemap)."""
    import shapely

    if geometry.geom_type in ("Polygon", "MultiPolygon") and geometry.is_valid:
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _linear(geometry: Any) -> Any:
    import shapely

    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("LineString", "MultiLineString")]
    return shapely.union_all(parts) if parts else shapely.LineString()


def _label_point(geometry: Any) -> tuple[float, float]:
    import shapely
    from shapely.ops import polylabel

    largest = max(shapely.get_parts(geometry), key=lambda p: p.area)
    try:
        point = polylabel(largest, tolerance=max(largest.area**0.5 / 50, 1e-4))
    except Exception:  # noqa: BLE001 - degenerate rings: any inside point will do
        point = largest.representative_point()
    return point.x, point.y


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def author_lines(collection: dict[str, Any]) -> str:
    """The post's own geometry, as canonical JSON (a key for the detail basemap's cache):
    where the author drew a border or a coast, the basemap's is hidden
    (:func:`detail_basemap`), so a reader sees one line, the author's, not two side by side;
    country names are placed away from all of it."""
    out = []
    for feature in collection.get("features") or []:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"):
            out.append({"type": geometry["type"], "coordinates": geometry.get("coordinates")})
    return _dumps(out).decode("utf-8") if out else ""
