"""At a glance: the facts about a post's place that geometry can compute.

Every number on the "At a glance" list comes from here, never from the author: the
country by point-in-polygon on OpenStreetMap's borders (enclaves and microstates included;
Antarctic claims from a sourced table in :mod:`atlaspress.geo.borders`), coordinates, geodesic areas and
lengths of the post's layers (pyproj.Geod on WGS84), the distance to the nearest
international land border and to a layer the post names, the nearest city of 100,000 or
more people (GeoNames) and the local time zone (timezonefinder, IANA) with its UTC offset
on the post's own date, so that two builds of the same input are byte-identical.

The place facts themselves (country, disputes, coast, border, city, zone) are computed once
in :mod:`atlaspress.facts`; this module adds the measurements of the post's own layers.

>>> km_text(15.77)
'16 km (9.8 mi)'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from atlaspress.errors import Diagnostic, Severity
from atlaspress.facts import City, PlaceFacts, TimeZone, place_facts
from atlaspress.facts.numbers import area_text, distance_text
from atlaspress.facts.place import DE_FACTO, GEOD, covers
from atlaspress.facts.sentences import Row, place_rows

if TYPE_CHECKING:
    from atlaspress.claims import Verdict
    from atlaspress.geo.borders import Where
    from atlaspress.load import LoadedLayer, Post

__all__ = ["GEOD", "City", "Glance", "Reach", "Row", "TimeZone", "compute_glance", "country_findings",
           "facts_of"]


# --- numbers for prose: one formatter for every sentence (atlaspress.facts.numbers) ----------


def km_text(km: float) -> str:
    """A distance measured on the author's own layers: ``'9.8 km (6.1 mi)'``, ``'33 m (110 ft)'``."""
    return distance_text(km, 0.0, miles=True)


def km2_text(km2: float) -> str:
    """``'3.3 km² (1.3 mi²)'``."""
    return area_text(km2)


def trim(value: float, places: int = 6) -> str:
    """A coordinate as authors write it: ``126.6``, not ``126.600000``."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# --- geometry -------------------------------------------------------------------------------


def _unwrap(ring: Any, ref: float | None = None) -> np.ndarray:
    """A ring as a planar lon/lat ring with the same inside (near ``ref`` if given): across
    ±180 in any written form, and closed along the pole when it goes round one."""
    from atlaspress.geo.sphere import planar_ring

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


@functools.lru_cache(maxsize=64)
def _aeqd(lon: float, lat: float) -> Transformer:
    return Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lon_0={lon} +lat_0={lat} +datum=WGS84 +units=m", always_xy=True
    )


@dataclass(frozen=True)
class Reach:
    """A geodesic distance and the nearest point it reaches."""

    km: float
    lon: float
    lat: float


def distance_to(lon: float, lat: float, geoms: Iterable[BaseGeometry]) -> Reach | None:
    """Geodesic distance from a point to the nearest point of ``geoms`` (0 inside a polygon).

    The geometry is projected on an azimuthal equidistant plane centred on the point,
    where distances from the centre are true; the nearest point found there is measured
    again with ``Geod.inv``.
    """
    parts = [g for g in geoms if not g.is_empty]
    if not parts:
        return None
    tr = _aeqd(round(lon, 7), round(lat, 7))

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


def layer_shapes(layer: LoadedLayer) -> list[BaseGeometry]:
    return feature_shapes(layer.features)


# --- places ---------------------------------------------------------------------------------


def find_city(name: str) -> tuple[str, float, float] | None:
    """The most populous GeoNames place called ``name``: (name, lon, lat)."""
    from atlaspress.geo.cities import load_cities

    table = load_cities()
    key = name.strip().casefold()
    for i, candidate in enumerate(table.names):  # most populous first
        if candidate.casefold() == key:
            return candidate, float(table.lon[i]), float(table.lat[i])
    return None


# --- the computed list ----------------------------------------------------------------------


@dataclass(frozen=True)
class Glance:
    """What the geometry says about a post's place."""

    country: str | None  # ISO alpha-2 of the OpenStreetMap territory (None at sea, unclaimed, double claim)
    country_name: str | None  # its name for prose
    at_sea: bool
    border: Reach | None
    border_with: str | None
    distance_to: Reach | None
    city: City | None
    timezone: TimeZone | None
    rows: tuple[Row, ...]
    claims: tuple[Verdict, ...] = ()
    disputed: tuple[str, ...] = ()  # keys of the disputes the place is in (atlaspress.geo.disputes)


def _name(alpha2: str) -> str:
    from atlaspress.geo.borders import territory_name

    return territory_name(alpha2)


def layer_by_id(post: Post, key: str) -> LoadedLayer | None:
    return next((layer for layer in post.layers if layer.spec.key == key), None)


def _where(lon: float, lat: float) -> Where:
    from atlaspress.geo.borders import locate

    return locate(lon, lat)


def facts_of(post: Post, point_of_view: str = DE_FACTO) -> PlaceFacts:
    """The post's place facts: the one computation every sentence about the place reads."""
    place = post.front.place
    own = covers((f for layer in post.layers for f in layer.features), place.at.lon, place.at.lat)
    return place_facts(place.at.lon, place.at.lat, country=place.country, point_of_view=point_of_view,
                       on=post.front.updated or post.front.date, exclude_cities=(place.name,), own_land=own)


def compute_glance(post: Post, facts: PlaceFacts | None = None) -> Glance:
    """Measure everything At a glance shows for one post, from its place facts."""
    f = facts or facts_of(post)
    place = post.front.place
    lon, lat = place.at.lon, place.at.lat
    before, after = place_rows(f)
    rows: list[Row] = list(before)

    from atlaspress.enrich import dms

    rows.append(Row("coordinates", "Coordinates", place.at.human(4), dms(place.at)))

    for layer in post.layers:
        shapes = layer_shapes(layer)
        polys, parts = polygons(shapes), lines(shapes)
        if polys:
            rows.append(Row(f"area-{layer.spec.key}", f"Area: {layer.spec.label}", km2_text(area_km2(polys))))
        if parts:
            rows.append(Row(f"length-{layer.spec.key}", f"Length: {layer.spec.label}", km_text(length_km(parts))))
    rows += after

    reach = None
    if place.distance_to:
        target = layer_by_id(post, place.distance_to)
        reach = distance_to(lon, lat, layer_shapes(target)) if target else None
        if reach is not None and target is not None:
            at = next((i for i, r in enumerate(rows) if r.key == "city"), len(rows))
            rows.insert(at, Row("distance-to", f"Distance to {target.spec.label}", km_text(reach.km)))

    b = f.border
    border = Reach(b.km, b.lon, b.lat) if b is not None else None
    return Glance(f.country, f.country_name, f.at_sea, border, b.with_name if b else None, reach, f.city,
                  f.timezone, tuple(rows), disputed=tuple(d.key for d in f.active_disputes))


def country_findings(post: Post, glance: Glance) -> list[Diagnostic]:
    """warning[place.country] when the point lies in another state's (or territory's) borders
    than the declared country; its sovereign (GB for Pitcairn) or an Antarctic claimant is right."""
    declared = post.front.place.country
    if not declared:
        return []
    from atlaspress.lint import swapped_place  # lint imports this module; same words as `check`

    swapped = swapped_place(post)
    if swapped:
        return swapped  # latitude and longitude swapped: that explains the mismatch
    lon, lat = post.front.place.at.lon, post.front.place.at.lat
    where = _where(lon, lat)
    if where.accepts(declared) or not where.territories:
        return []  # at sea or on unclaimed land: `check` says so (warning[place.at])
    from atlaspress.geo.disputes import disputes_at

    if any(declared.upper() == d.administered_by or declared.upper() in d.claimed_by for d in disputes_at(lon, lat)):
        return []  # a party to the dispute: the page says who holds and who claims it
    line, col = post.positions.locate(("place", "country")) if post.positions else (1, 1)
    found = " or ".join(f"{t.name} ({t.alpha2})" for t in where.territories)
    codes = [c for t in where.territories for c in t.codes()]
    fix = " or ".join(f'"country: {c}"' for c in codes)
    return [Diagnostic(post.src_path, line, col, Severity.WARNING, "place.country",
                       f"the point is in {found} on OpenStreetMap's borders, not in {declared}",
                       f"check place.at (latitude first), or write {fix}")]
