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

from typing import TYPE_CHECKING

import numpy as np
from shapely.geometry.base import BaseGeometry

from atlaspress.content.coords import dms
from atlaspress.core.errors import Diagnostic, Severity
from atlaspress.core.measure import (
    GEOD,
    Reach,
    area_km2,
    distance_to,
    feature_shapes,
    length_km,
    lines,
    polygons,
)
from atlaspress.facts import City, PlaceFacts, TimeZone, place_facts
from atlaspress.facts.model import Glance, Verdict  # noqa: F401 - re-exported
from atlaspress.facts.numbers import area_text, distance_text
from atlaspress.facts.place import DE_FACTO, covers
from atlaspress.facts.sentences import Row, place_rows
from atlaspress.geo.clip import clip_rect

if TYPE_CHECKING:
    from atlaspress.content.load import LoadedLayer, Post
    from atlaspress.geo.borders import Where

NEAR_KM = 2.0  # "in the country" allows this much slack (buffer zones, generalised borders)

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
    from .story import story_text

    place = post.front.place
    own = covers((f for layer in post.layers for f in layer.features), place.at.lon, place.at.lat)
    return place_facts(place.at.lon, place.at.lat, country=place.country, point_of_view=point_of_view,
                       on=post.front.updated or post.front.date, exclude_cities=(place.name,), own_land=own,
                       story=story_text(post))


def compute_glance(post: Post, facts: PlaceFacts | None = None) -> Glance:
    """Measure everything At a glance shows for one post, from its place facts."""
    f = facts or facts_of(post)
    place = post.front.place
    lon, lat = place.at.lon, place.at.lat
    before, after = place_rows(f)
    rows: list[Row] = list(before)

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
            same = _same_line_row(rows, target.spec.label)
            if same is not None:
                # The author drew the very line the border row names (Kaesong's Military
                # Demarcation Line): one row, with the author's finer measurement, not two
                # rows giving one distance at two precisions.
                row = rows[same]
                rows[same] = Row(row.key, row.label, km_text(reach.km),
                                 f"measured to the post's own line; {row.note}" if row.note else
                                 "measured to the post's own line", row.href)
            else:
                at = next((i for i, r in enumerate(rows) if r.key == "city"), len(rows))
                rows.insert(at, Row("distance-to", f"Distance to {target.spec.label}", km_text(reach.km)))

    b = f.border
    border = Reach(b.km, b.lon, b.lat) if b is not None else None
    return Glance(f.country, f.country_name, f.at_sea, border, b.with_name if b else None, reach, f.city,
                  f.timezone, tuple(rows), disputed=tuple(d.key for d in f.active_disputes))


def _same_line_row(rows: list[Row], label: str) -> int | None:
    """The index of the "Nearest <line>" border row naming the line ``label`` names, if any."""
    wanted = " ".join(label.casefold().split())
    for i, row in enumerate(rows):
        if row.key == "border" and " ".join(row.label.casefold().split()) == f"nearest {wanted}":
            return i
    return None


def _in_or_near(lon: float, lat: float, alpha2: str, km: float = NEAR_KM) -> bool:
    from atlaspress.geo.atlas import feature_at, find_country
    from atlaspress.geo.borders import locate

    if -90 <= lat <= 90 and locate(lon, lat).accepts(alpha2):
        return True  # in its OpenStreetMap borders, as itself or its sovereign (GB for Tristan da Cunha)
    hit = feature_at(lon, lat)
    if hit is not None and hit.alpha2 == alpha2:
        return True
    dx = min(180.0, 0.5 / max(0.05, np.cos(np.radians(lat))))
    near = [clip_rect(c.geometry, lon - dx, lat - 0.5, lon + dx, lat + 0.5)
            for c in find_country(alpha2)]
    reach = distance_to(lon, lat, [g for g in near if not g.is_empty])
    return reach is not None and reach.km <= km


def swapped_place(post: Post) -> list[Diagnostic]:
    """warning[place.at] with the fixed line when the point misses its country but would lie
    in it with latitude and longitude swapped. Every build reports it (through
    :func:`country_findings`), ``check`` too, in the same words."""
    from atlaspress.geo.atlas import country_name, display_name, feature_at

    place = post.front.place
    lon, lat, country = place.at.lon, place.at.lat, place.country
    if not country or _in_or_near(lon, lat, country) or not (-90 <= lon <= 90 and _in_or_near(lat, lon, country)):
        return []
    line, col = post.positions.locate(("place", "at")) if post.positions else (1, 1)
    here = feature_at(lon, lat)
    where = f"in {display_name(here.name)}" if here is not None else "in the sea"
    return [Diagnostic(post.src_path, line, col, Severity.WARNING, "place.at",
                       f"the point {trim(lat)}, {trim(lon)} lies {where}, not in {country_name(country)} "
                       f"({country}); latitude and longitude look swapped",
                       f'write "at: {trim(lon)}, {trim(lat)}"')]


def country_findings(post: Post, glance: Glance) -> list[Diagnostic]:
    """warning[place.country] when the point lies in another state's (or territory's) borders
    than the declared country; its sovereign (GB for Pitcairn) or an Antarctic claimant is right."""
    declared = post.front.place.country
    if not declared:
        return []
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
