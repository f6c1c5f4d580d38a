"""At a glance: the facts about a post's place that geometry can compute.

Every number on the "At a glance" list comes from here, never from the author: the
country by point-in-polygon on OpenStreetMap's borders (enclaves and microstates included;
Antarctic claims from a sourced table in :mod:`atlaspress.geo.borders`), coordinates, geodesic areas and
lengths of the post's layers (pyproj.Geod on WGS84), the distance to the nearest
international land border and to a layer the post names, the nearest city of 100,000 or
more people (GeoNames) and the local time zone (timezonefinder, IANA) with its UTC offset
on the post's own date, so that two builds of the same input are byte-identical.

>>> prose_number(9.84), prose_number(42.4), prose_number(1237.4)
('9.8', '42', '1,240')
>>> km_text(15.77)
'16 km (9.8 mi)'
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from atlaspress.content.model import human_date
from atlaspress.errors import Diagnostic, Severity

if TYPE_CHECKING:
    from atlaspress.claims import Verdict
    from atlaspress.geo.atlas import Country
    from atlaspress.geo.borders import Where
    from atlaspress.load import LoadedLayer, Post

GEOD = Geod(ellps="WGS84")
CITY_POPULATION = 100_000
KM_PER_MI = 1.609344
_POINTS16 = ("north", "north-north-east", "north-east", "east-north-east", "east", "east-south-east",
             "south-east", "south-south-east", "south", "south-south-west", "south-west",
             "west-south-west", "west", "west-north-west", "north-west", "north-north-west")


# --- numbers for prose ----------------------------------------------------------------------


def prose_number(x: float) -> str:
    """Round for reading: 2 significant figures below 1, 1 decimal below 10, whole below 100, else 3 s.f."""
    x = abs(x)
    if x == 0:
        return "0"
    if x < 1:
        return f"{x:.2g}"
    if x < 10:
        return f"{x:.1f}"
    if x < 100:
        return f"{round(x)}"
    digits = int(math.floor(math.log10(x))) - 2
    return f"{int(round(x, -digits)):,}"


def km_text(km: float) -> str:
    """``'9.8 km (6.1 mi)'``; under a kilometre in metres and feet: ``'33 m (110 ft)'``."""
    if km < 1:
        return f"{prose_number(km * 1000)} m ({prose_number(km * 3280.84)} ft)"
    return f"{prose_number(km)} km ({prose_number(km / KM_PER_MI)} mi)"


def km2_text(km2: float) -> str:
    """``'3.3 km² (1.3 mi²)'``."""
    return f"{prose_number(km2)} km² ({prose_number(km2 / KM_PER_MI**2)} mi²)"


def compass16(azimuth: float) -> str:
    """Sixteen-point compass name of a forward azimuth: ``compass16(330) == 'north-north-west'``."""
    return _POINTS16[int(((azimuth % 360) + 11.25) // 22.5) % 16]


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


@dataclass(frozen=True)
class City:
    name: str
    country: str
    population: int
    km: float
    direction: str  # from the place to the city, 16-point


def nearest_city(lon: float, lat: float, *, min_population: int = CITY_POPULATION,
                 exclude: Iterable[str] = ()) -> City | None:
    """The nearest GeoNames city of at least ``min_population``, other than ``exclude`` names."""
    from atlaspress.geo.cities import load_cities

    table = load_cities()
    skip = {n.casefold() for n in exclude if n}
    idx = np.flatnonzero(table.population >= min_population)
    idx = np.array([i for i in idx if table.names[i].casefold() not in skip], dtype=int)
    if not len(idx):
        return None
    n = len(idx)
    az, _, metres = GEOD.inv(np.full(n, lon), np.full(n, lat), table.lon[idx], table.lat[idx])
    best = int(np.lexsort((idx, np.round(metres, 3)))[0])
    i = int(idx[best])
    return City(table.names[i], table.country[i], int(table.population[i]), float(metres[best]) / 1000,
                compass16(float(az[best])))


def find_city(name: str) -> tuple[str, float, float] | None:
    """The most populous GeoNames place called ``name``: (name, lon, lat)."""
    from atlaspress.geo.cities import load_cities

    table = load_cities()
    key = name.strip().casefold()
    for i, candidate in enumerate(table.names):  # most populous first
        if candidate.casefold() == key:
            return candidate, float(table.lon[i]), float(table.lat[i])
    return None


@functools.lru_cache(maxsize=1)
def _timezones() -> Any:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


@dataclass(frozen=True)
class TimeZone:
    name: str  # IANA, e.g. Asia/Pyongyang; Etc/GMT-9 at sea
    offset: str  # "UTC+9", "UTC+5:30", "UTC−3"
    on: dt.date


def time_zone(lon: float, lat: float, on: dt.date) -> TimeZone | None:
    """IANA zone at the point and its UTC offset at noon local time on ``on`` (not today)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    finder = _timezones()
    name = finder.timezone_at(lng=lon, lat=lat) or finder.timezone_at_land(lng=lon, lat=lat)
    if not name:
        return None
    try:
        offset = dt.datetime(on.year, on.month, on.day, 12, tzinfo=ZoneInfo(name)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return None
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    h, m = divmod(abs(minutes), 60)
    return TimeZone(name, f"UTC{sign}{h}" + (f":{m:02d}" if m else ""), on)


# --- the computed list ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One ``<dt>``/``<dd>`` pair of the At a glance list; text only, escaped by the template."""

    key: str
    label: str
    value: str
    note: str | None = None


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


def _feature(lon: float, lat: float) -> Country | None:
    from atlaspress.geo.atlas import feature_at

    return feature_at(lon, lat)


def _name(alpha2: str) -> str:
    from atlaspress.geo.atlas import country_name

    try:
        return country_name(alpha2)
    except KeyError:
        return alpha2


def layer_by_id(post: Post, key: str) -> LoadedLayer | None:
    return next((layer for layer in post.layers if layer.spec.key == key), None)


def _where(lon: float, lat: float) -> Where:
    from atlaspress.geo.borders import locate

    return locate(lon, lat)


def _both(names: list[str]) -> str:
    return " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]


def _computed_country(where: Where, feature: Country | None) -> Row:
    """The Country row of a post that names none: what the borders say, never "None" for a state."""
    from atlaspress.geo.atlas import display_name

    if where.unclaimed:
        note: str | None
        if where.antarctic:
            note = "in Antarctica between 90° W and 150° W, the one sector no state claims"
        else:
            note = (f"Natural Earth draws the point inside {display_name(feature.name)}"
                    if feature is not None and feature.is_state else None)
        return Row("country", "Country", "None: claimed by no state", note)
    if where.at_sea:
        return Row("country", "Country", "None: at sea", "in no state's waters on OpenStreetMap's borders")
    if where.disputed:
        names = [f"{t.name} ({t.alpha2})" for t in where.territories]
        who = "both" if len(names) == 2 else "each"
        return Row("country", "Country", " or ".join(names),
                   f"claimed by {who}: OpenStreetMap's borders of {_both([t.name for t in where.territories])} "
                   "overlap here")
    t = where.territory
    assert t is not None
    if where.antarctic:
        return Row("country", "Country", f"{t.name} ({t.alpha2})", where.claim_text())
    return Row("country", "Country", f"{t.name} ({t.alpha2})" + (f", {t.status}" if t.status else ""))


def compute_glance(post: Post) -> Glance:
    """Measure everything At a glance shows for one post."""
    from atlaspress.geo.atlas import display_name, find_country, nearest_border, nearest_countries
    from atlaspress.geo.borders import land_border, ne_code

    front, place = post.front, post.front.place
    lon, lat = place.at.lon, place.at.lat
    rows: list[Row] = []
    feature = _feature(lon, lat)  # Natural Earth 1:10m: land or sea, and the borders it draws
    where = _where(lon, lat)  # OpenStreetMap: which state or territory, enclaves and microstates too
    declared = place.country
    # The territory the list speaks of: the one the post names (itself, or as its sovereign:
    # GB for Pitcairn), else the one the borders find; None at sea, on unclaimed land, or in a
    # double claim the post does not settle.
    territory = (where.match(declared) if declared else None) or where.territory
    computed = territory.alpha2 if territory is not None else None
    here = territory.name if territory is not None else None
    own_polygon = any(p.covers(shapely.Point(lon, lat)) or p.covers(shapely.Point(lon + 360, lat))
                      or p.covers(shapely.Point(lon - 360, lat))
                      for layer in post.layers for p in polygons(layer_shapes(layer)))
    offshore = ("on an island too small for Natural Earth's 1:10m map" if own_polygon
                else "offshore on Natural Earth's 1:10m map")

    # Country
    if declared is None:
        rows.append(_computed_country(where, feature))
    elif where.accepts(declared):
        notes = []
        if territory is not None and territory.alpha2 != declared:
            notes.append(f"in {territory.described()}")  # GB for Pitcairn: the territory named too
        elif territory is not None and territory.status:
            notes.append(territory.status)
        if where.antarctic:
            notes.append(where.claim_text() or "")
        if feature is None:
            notes.append(offshore)
        elif not feature.is_state:
            notes.append(f"in the {display_name(feature.name)} on Natural Earth")
        rows.append(Row("country", "Country", f"{_name(declared)} ({declared})", "; ".join(notes) or None))
    elif not where.territories:
        note = offshore if feature is None else "inside no state's border on OpenStreetMap"
        rows.append(Row("country", "Country", f"{_name(declared)} ({declared})", note))
    else:
        value = " or ".join(f"{t.name} ({t.alpha2})" for t in where.territories)
        rows.append(Row("country", "Country", value, f"by point-in-polygon; the post says {declared}"))

    from atlaspress.enrich import dms

    rows.append(Row("coordinates", "Coordinates", place.at.human(4), dms(place.at)))

    for layer in post.layers:
        shapes = layer_shapes(layer)
        polys, parts = polygons(shapes), lines(shapes)
        if polys:
            rows.append(Row(f"area-{layer.spec.key}", f"Area: {layer.spec.label}", km2_text(area_km2(polys))))
        if parts:
            rows.append(Row(f"length-{layer.spec.key}", f"Length: {layer.spec.label}", km_text(length_km(parts))))

    # Borders and neighbours
    border = border_with = None
    own = (ne_code(territory) if territory is not None else None) or (declared if territory is None else None)
    if feature is None and (declared is not None or territory is not None or where.at_sea):
        near = nearest_countries(lon, lat, 2)
        if near:
            text = "; ".join(f"{n.name}, {km_text(n.km)}" for n in near)
            rows.append(Row("nearest-land", "Nearest land", text, "by Natural Earth coastlines"))
    else:
        if territory is not None:
            hit = land_border(lon, lat, territory)
        else:
            hit = nearest_border(lon, lat, own) if own else nearest_border(lon, lat)
        if hit is not None:
            border, border_with = Reach(hit.km, hit.lon, hit.lat), hit.name
            rows.append(Row("border", "Nearest land border", km_text(hit.km), f"with {hit.name}"))
        else:
            who = here or (_name(own) if own else "The place")
            rows.append(Row("border", "Nearest land border", f"{who} has no land border"))
        if own or territory is not None:
            mine = {here, display_name(feature.name) if feature is not None else None}
            mine |= {display_name(c.name) for c in find_country(own)} if own else set()
            foreign = [n for n in nearest_countries(lon, lat, 3) if n.name not in mine]
            if foreign and (hit is None or foreign[0].km < hit.km - 0.5):
                rows.append(Row("foreign-land", "Nearest foreign land", km_text(foreign[0].km),
                                f"{foreign[0].name}"))

    reach = None
    if place.distance_to:
        target = layer_by_id(post, place.distance_to)
        reach = distance_to(lon, lat, layer_shapes(target)) if target else None
        if reach is not None and target is not None:
            rows.append(Row("distance-to", f"Distance to {target.spec.label}", km_text(reach.km)))

    city = nearest_city(lon, lat, exclude=(place.name, place.local_name or ""))
    if city is not None:
        rows.append(Row("city", f"Nearest city over {CITY_POPULATION:,} people",
                        f"{city.name}, {km_text(city.km)} to the {city.direction}",
                        f"population {city.population:,}"))

    zone = time_zone(lon, lat, front.updated or front.date)
    if zone is not None:
        rows.append(Row("timezone", "Time zone", f"{zone.name}, {zone.offset}",
                        f"on {human_date(zone.on.isoformat())}"))

    return Glance(computed, here, feature is None, border, border_with, reach, city, zone, tuple(rows))


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
    where = _where(post.front.place.at.lon, post.front.place.at.lat)
    if where.accepts(declared) or not where.territories:
        return []  # at sea or on unclaimed land: `check` says so (warning[place.at])
    line, col = post.positions.locate(("place", "country")) if post.positions else (1, 1)
    found = " or ".join(f"{t.name} ({t.alpha2})" for t in where.territories)
    codes = [c for t in where.territories for c in t.codes()]
    fix = " or ".join(f'"country: {c}"' for c in codes)
    return [Diagnostic(post.src_path, line, col, Severity.WARNING, "place.country",
                       f"the point is in {found} on OpenStreetMap's borders, not in {declared}",
                       f"check place.at (latitude first), or write {fix}")]
