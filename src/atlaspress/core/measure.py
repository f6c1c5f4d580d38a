"""Measures on the WGS84 ellipsoid: geodesic areas, lengths and distances of shapes.

One ``Geod`` for every stage (places, glance rows, claims, lints), so that a distance the
page prints and the one a claim is checked against can never differ by the method. Rings
are read as the sphere means them (:mod:`atlaspress.core.sphere`) before anything is measured.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from atlaspress.core.reach import Reach  # noqa: F401 - re-exported: the result type
from atlaspress.core.sphere import planar_ring

GEOD = Geod(ellps="WGS84")


# --- geometry -------------------------------------------------------------------------------


def _unwrap(ring: Any, ref: float | None = None) -> np.ndarray:
    """A ring as a planar lon/lat ring with the same inside (near ``ref`` if given): across
    ±180 in any written form, and closed along the pole when it goes round one."""
    return planar_ring(np.asarray(ring, dtype=float), ref)


def _polygon(rings: Any) -> shapely.Polygon | None:
    if not rings or len(rings[0]) < 3:
        return None
    outer = _unwrap(rings[0])
    ref = float(outer[:, 0].mean())
    holes = [_unwrap(r, ref) for r in rings[1:] if len(r) >= 3]
    return shapely.Polygon(outer, holes)


def feature_shapes(features: Iterable[dict[str, Any]]) -> list[BaseGeometry]:
    """Shapely geometries of GeoJSON features; polygon rings unwrapped across ±180.

    Features that cannot be read are skipped (the loader and ``check`` report them).
    """
    out: list[BaseGeometry] = []
    for feature in features:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        out.extend(_shapes(geometry))
    return out


def _shapes(geometry: Any) -> list[BaseGeometry]:
    if not isinstance(geometry, dict):
        return []
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "Polygon":
            poly = _polygon(coords)
            return [poly] if poly is not None else []
        if kind == "MultiPolygon":
            return [p for rings in coords or [] for p in [_polygon(rings)] if p is not None]
        if kind == "GeometryCollection":
            return [s for g in geometry.get("geometries") or [] for s in _shapes(g)]
        geom = shape(geometry)
        return [] if geom.is_empty else [shapely.force_2d(geom)]
    except (ValueError, TypeError, IndexError, AttributeError, shapely.errors.GEOSException):
        return []


def polygons(geoms: Iterable[BaseGeometry]) -> list[shapely.Polygon]:
    """The polygons among ``geoms``, repaired with make_valid when invalid."""
    out: list[shapely.Polygon] = []

    def flat(g: BaseGeometry) -> None:
        for part in shapely.get_parts(g):
            if part.geom_type == "Polygon" and not part.is_empty:
                out.append(part)
            elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
                flat(part)

    for g in geoms:
        if g.geom_type in ("Polygon", "MultiPolygon"):
            flat(g if g.is_valid else shapely.make_valid(g))
    return out


def lines(geoms: Iterable[BaseGeometry]) -> list[shapely.LineString]:
    return [p for g in geoms if g.geom_type in ("LineString", "MultiLineString")
            for p in shapely.get_parts(g) if not p.is_empty]


def area_km2(polys: Iterable[shapely.Polygon]) -> float:
    """Geodesic area on WGS84, counter-clockwise exteriors (RFC 7946) enforced first."""
    return sum(abs(GEOD.geometry_area_perimeter(orient(p, 1.0))[0]) for p in polys) / 1e6


def length_km(parts: Iterable[shapely.LineString]) -> float:
    """Geodesic length on WGS84 (each segment the shorter way, so ±180 is fine)."""
    return sum(GEOD.geometry_length(line) for line in parts) / 1000


@functools.lru_cache(maxsize=256)
def plane(projection: str, lon_0: str, lat_0: str) -> Transformer:
    """WGS84 lon/lat (degrees) → an azimuthal plane (``aeqd`` or ``laea``, metres) centred at
    ``lon_0``, ``lat_0`` (as PROJ reads those strings).

    Built from its PROJ pipeline: the operation ``Transformer.from_crs("EPSG:4326",
    "+proj=<projection> +lon_0=… +lat_0=… +datum=WGS84 +units=m", always_xy=True)`` finds
    (one conversion on one ellipsoid, no datum shift), without its search of the PROJ
    database (9 ms a centre, 0.1 ms so); tests/unit/geo/test_transformers.py checks the two
    give the same definition and the same coordinates, both ways.
    """
    if projection not in ("aeqd", "laea"):
        raise ValueError(f"not an azimuthal projection: {projection!r}")
    return Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj={projection} +lat_0={lat_0} +lon_0={lon_0} +x_0=0 +y_0=0 +ellps=WGS84"
    )


def local_aeqd(lon: float, lat: float) -> Transformer:
    """The azimuthal equidistant plane centred on a point (rounded to 1 cm), where distances
    from the centre are true: one transformer per place, shared by every stage that measures."""
    return plane("aeqd", f"{round(lon, 7)}", f"{round(lat, 7)}")


def distance_to(lon: float, lat: float, geoms: Iterable[BaseGeometry]) -> Reach | None:
    """Geodesic distance from a point to the nearest point of ``geoms`` (0 inside a polygon).

    The geometry is projected on an azimuthal equidistant plane centred on the point,
    where distances from the centre are true; the nearest point found there is measured
    again with ``Geod.inv``.
    """
    parts = [g for g in geoms if not g.is_empty]
    if not parts:
        return None
    tr = local_aeqd(lon, lat)

    def project(xy: np.ndarray) -> np.ndarray:
        x = ((xy[:, 0] - lon + 180) % 360) - 180 + lon
        return np.column_stack(tr.transform(x, xy[:, 1]))

    planar = shapely.transform(shapely.GeometryCollection(parts), project)
    origin = shapely.Point(0, 0)
    near = shapely.shortest_line(origin, planar).coords[1]
    qlon, qlat = tr.transform(near[0], near[1], direction="INVERSE")
    qlon = ((qlon + 180) % 360) - 180
    metres = 0.0 if planar.intersects(origin) else GEOD.inv(lon, lat, qlon, qlat)[2]
    return Reach(metres / 1000, qlon, qlat)
