"""Interactive maps: the files and page contexts MapLibre GL JS needs.

Everything here is computed at build time so the browser only draws:

* the **basemap**, drawn from Natural Earth shipped with atlaspress: one small world file
  (110m land, borders, label points) shared by every map of the site, plus per post a
  detailed 10m clip around the post's layers (``places/<slug>/basemap.geojson``);
* the **MapLibre style** for the configured basemap mode. It never has a ``glyphs`` key:
  labels are drawn from the reader's local fonts (MapLibre ≥ 5.11), so the only hosts a
  map contacts are the site itself and the one an author configures;
* ``places.geojson``, every post as a point, for the world map;
* the page contexts of the post map section, the embed pages and the world map page.

Nothing from MapLibre is loaded before the reader asks for a map: pages carry a small
loader (``map.js``) and a JSON config; see ``docs/decisions-webmap.md``.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from atlaspress.config import MapConfig, SiteConfig
from atlaspress.geo.clip import clip_rect
from atlaspress.link import SiteGraph

VENDOR = Path(__file__).resolve().parent / "_vendor"
LINE_KINDS = ("disputed", "line-of-control", "de-facto", "ceasefire")
KIND_TEXT = {
    "disputed": "disputed boundary",
    "line-of-control": "line of control",
    "de-facto": "de facto boundary",
    "ceasefire": "ceasefire line",
}
# The locator's palette (atlaspress.geo.compose), so both maps read as one design.
SEA, LAND, BORDER, COAST = "#d3e5ef", "#f5f0e6", "#a39888", "#7fa6bf"
ACCENT, POINT, INK, MUTED = "#c4242b", "#7d1418", "#1d1d1d", "#6f6556"
SERIES_COLOURS = (
    "#c4242b",
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
            if len(node) >= 2 and all(
                isinstance(v, (int, float)) and math.isfinite(v) for v in node[:2]
            ):
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
    values = sorted(
        {lon if -180.0 <= lon < 180.0 else ((lon + 180.0) % 360.0) - 180.0 for lon in lons}
    )
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
    import shapely

    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _linear(geometry: Any) -> Any:
    import shapely

    parts = [
        p for p in shapely.get_parts(geometry) if p.geom_type in ("LineString", "MultiLineString")
    ]
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


# --- basemaps ------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def world_basemap(
    resolution: str = "110m", tolerance: float = 0.05, digits: int = 2
) -> dict[str, Any]:
    """Natural Earth land (one polygon layer), land borders and country label points."""
    import shapely

    from atlaspress.geo.atlas import display_name, load_atlas

    atlas = load_atlas(resolution)
    land = shapely.union_all(
        [shapely.make_valid(shapely.set_precision(c.geometry, 1e-6)) for c in atlas.countries]
    )
    features = [
        _feature(
            shapely.simplify(_areal(land), tolerance, preserve_topology=True), {"k": "land"}, digits
        )
    ]
    for border in atlas.borders:
        features.append(_feature(shapely.simplify(border, tolerance), {"k": "border"}, digits))
    for country in atlas.countries:
        area = country.geometry.area
        if area < 4 or not country.is_state:
            continue
        lon, lat = _label_point(country.geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "k": "label",
                    "name": display_name(country.name),
                    "rank": -round(area),
                },
                "geometry": {"type": "Point", "coordinates": [round(lon, 2), round(lat, 2)]},
            }
        )
    return {"type": "FeatureCollection", "features": [f for f in features if f]}


@functools.lru_cache(maxsize=4096)
def _detail_bytes(bounds: Bounds, view: Bounds) -> bytes:
    """Serialized detail basemap, kept in memory: the dev server rebuilds in one process,
    and an unchanged post has the same bounds, so live reload skips the clipping."""
    return _dumps(detail_basemap(bounds, view=view))


def detail_basemap(
    bounds: Bounds, *, cities: int = 10, view: Bounds | None = None
) -> dict[str, Any]:
    """Natural Earth 10m clipped to ``bounds``: the box as sea, land, borders, labels.

    The sea box covers the coarse world basemap beneath it, so the two never show
    different coastlines at once.
    """
    import shapely

    from atlaspress.geo.atlas import display_name, load_atlas

    atlas = load_atlas("10m")
    parts = boxes(bounds)
    width = sum(b[2] - b[0] for b in parts)
    tolerance = max(width / 4000.0, 0.0005)
    digits = 4 if width < 20 else 3
    features: list[dict[str, Any] | None] = []
    for box in parts:
        rect = shapely.box(*box)
        features.append(_feature(rect, {"k": "sea"}, 5))
        hits = atlas.country_tree.query(rect, predicate="intersects")
        land = [clip_rect(atlas.countries[int(i)].geometry, *box) for i in hits]
        if land:
            union = shapely.union_all([shapely.make_valid(g) for g in land])
            features.append(
                _feature(
                    shapely.simplify(_areal(union), tolerance, preserve_topology=True),
                    {"k": "land"},
                    digits,
                )
            )
        for i in atlas.border_tree.query(rect, predicate="intersects"):
            clipped = _linear(clip_rect(atlas.borders[int(i)], *box))
            features.append(_feature(shapely.simplify(clipped, tolerance), {"k": "border"}, digits))
        for i in sorted(int(i) for i in hits):
            country = atlas.countries[i]
            if not country.is_state:
                continue
            piece = _areal(clip_rect(country.geometry, *box))
            if piece.is_empty or piece.area < (box[2] - box[0]) * (box[3] - box[1]) * 0.02:
                continue
            lon, lat = _label_point(piece)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "k": "label",
                        "name": display_name(country.name),
                        "rank": -round(piece.area, 3),
                    },
                    "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
                }
            )
    if cities:
        try:
            from atlaspress.geo.cities import cities_in

            # The biggest towns in view first (they orient a reader), then the region's.
            found = cities_in(boxes(view), limit=cities // 2) if view else []
            found += [c for c in cities_in(parts, limit=cities) if c not in found][
                : cities - len(found)
            ]
        except Exception:  # noqa: BLE001 - city data is optional decoration
            found = []
        for city in found:
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "k": "city",
                        "name": city.name,
                        "rank": -city.population,
                        "capital": city.capital,
                    },
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(city.lon, 4), round(city.lat, 4)],
                    },
                }
            )
    return {"type": "FeatureCollection", "features": [f for f in features if f]}


# --- styles --------------------------------------------------------------------------


def _dashed(dashed: bool) -> list[Any]:
    kinds = ["in", ["coalesce", ["get", "kind"], ""], ["literal", list(LINE_KINDS)]]
    return kinds if dashed else ["!", kinds]


def overlay_layers(source: str = "post") -> list[dict[str, Any]]:
    """The post's own layers, styled like the locator; colours from simplestyle properties."""
    polygon = ["==", ["geometry-type"], "Polygon"]
    line = ["==", ["geometry-type"], "LineString"]
    point = ["==", ["geometry-type"], "Point"]
    stroke = ["coalesce", ["get", "stroke"], ACCENT]
    return [
        {
            "id": f"{source}-fill",
            "type": "fill",
            "source": source,
            "filter": polygon,
            "paint": {
                "fill-color": ["coalesce", ["get", "fill"], ["get", "stroke"], ACCENT],
                "fill-opacity": ["coalesce", ["get", "fill-opacity"], 0.16],
            },
        },
        {
            "id": f"{source}-outline",
            "type": "line",
            "source": source,
            "filter": polygon,
            "paint": {"line-color": stroke, "line-width": 1.8},
        },
        {
            "id": f"{source}-casing",
            "type": "line",
            "source": source,
            "filter": line,
            "layout": {"line-cap": "round", "line-join": "round"},
            "paint": {"line-color": "#ffffff", "line-opacity": 0.85, "line-width": 5},
        },
        {
            "id": f"{source}-line",
            "type": "line",
            "source": source,
            "filter": ["all", line, _dashed(False)],
            "layout": {"line-cap": "round", "line-join": "round"},
            "paint": {
                "line-color": stroke,
                "line-width": ["coalesce", ["get", "stroke-width"], 2.5],
            },
        },
        {
            "id": f"{source}-line-dashed",
            "type": "line",
            "source": source,
            "filter": ["all", line, _dashed(True)],
            "layout": {"line-join": "round"},
            "paint": {
                "line-color": stroke,
                "line-width": ["coalesce", ["get", "stroke-width"], 2.5],
                "line-dasharray": [3, 2],
            },
        },
        {
            "id": f"{source}-point",
            "type": "circle",
            "source": source,
            "filter": ["all", point, ["!=", ["get", "role"], "place"]],
            "paint": {
                "circle-radius": 6,
                "circle-color": ["coalesce", ["get", "marker-color"], POINT],
                "circle-stroke-color": "#ffffff",
                "circle-stroke-width": 2,
            },
        },
        {
            "id": f"{source}-place",
            "type": "circle",
            "source": source,
            "filter": ["all", point, ["==", ["get", "role"], "place"]],
            "paint": {
                "circle-radius": 8,
                "circle-color": "rgba(0,0,0,0)",
                "circle-stroke-color": ACCENT,
                "circle-stroke-width": 3,
            },
        },
        {
            "id": f"{source}-label",
            "type": "symbol",
            "source": source,
            "filter": point,
            "layout": {
                "text-field": ["coalesce", ["get", "name"], ""],
                "text-font": FONT,
                "text-size": 12.5,
                "text-variable-anchor": ["left", "right", "top", "bottom"],
                "text-radial-offset": 0.9,
                "text-optional": True,
                "text-max-width": 12,
            },
            "paint": {"text-color": INK, "text-halo-color": "#ffffff", "text-halo-width": 1.6},
        },
    ]


def _natural_earth_layers(source: str, prefix: str, *, sea: bool = False) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = []
    if sea:
        layers.append(
            {
                "id": f"{prefix}-sea",
                "type": "fill",
                "source": source,
                "filter": ["==", ["get", "k"], "sea"],
                "paint": {"fill-color": SEA},
            }
        )
    layers += [
        {
            "id": f"{prefix}-land",
            "type": "fill",
            "source": source,
            "filter": ["==", ["get", "k"], "land"],
            "paint": {"fill-color": LAND, "fill-outline-color": COAST},
        },
        {
            "id": f"{prefix}-coast",
            "type": "line",
            "source": source,
            "filter": ["==", ["get", "k"], "land"],
            "paint": {"line-color": COAST, "line-width": 0.6},
        },
        {
            "id": f"{prefix}-border",
            "type": "line",
            "source": source,
            "filter": ["==", ["get", "k"], "border"],
            "layout": {"line-join": "round"},
            "paint": {"line-color": BORDER, "line-width": 1.1},
        },
    ]
    return layers


def _label_layers(world: str, detail: str | None) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = []
    sources: list[tuple[str, dict[str, float]]] = [(world, {"maxzoom": 5.5} if detail else {})]
    if detail:
        sources.append((detail, {"minzoom": 5.5}))
    for source, zooms in sources:
        for suffix, size_filter, extra in (
            ("", [">=", ["-", 0, ["get", "rank"]], 150], {}),
            (
                "-small",
                ["<", ["-", 0, ["get", "rank"]], 150],
                {"minzoom": max(2.5, zooms.get("minzoom", 0))},
            ),
        ):
            layers.append(
                {
                    "id": f"{source}-country-label{suffix}",
                    "type": "symbol",
                    "source": source,
                    **zooms,
                    **extra,
                    "filter": ["all", ["==", ["get", "k"], "label"], size_filter],
                    "layout": {
                        "text-field": ["upcase", ["get", "name"]],
                        "text-font": FONT,
                        "text-size": 10.5,
                        "text-letter-spacing": 0.08,
                        "text-max-width": 8,
                        "symbol-sort-key": ["get", "rank"],
                    },
                    "paint": {"text-color": MUTED, "text-halo-color": LAND, "text-halo-width": 1.2},
                }
            )
    if detail:
        layers.append(
            {
                "id": f"{detail}-city",
                "type": "circle",
                "source": detail,
                "minzoom": 6,
                "filter": ["==", ["get", "k"], "city"],
                "paint": {"circle-radius": 2.5, "circle-color": "#555555"},
            }
        )
        layers.append(
            {
                "id": f"{detail}-city-label",
                "type": "symbol",
                "source": detail,
                "minzoom": 6,
                "filter": ["==", ["get", "k"], "city"],
                "layout": {
                    "text-field": ["get", "name"],
                    "text-font": FONT,
                    "text-size": 11.5,
                    "text-variable-anchor": ["top", "bottom", "left", "right"],
                    "text-radial-offset": 0.5,
                    "text-optional": True,
                    "symbol-sort-key": ["get", "rank"],
                },
                "paint": {
                    "text-color": "#444444",
                    "text-halo-color": "#ffffff",
                    "text-halo-width": 1.2,
                },
            }
        )
    return layers


def style_json(
    config: MapConfig,
    world_url: str,
    *,
    detail: bool = True,
    overlays: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The MapLibre style for one basemap mode.

    Source URLs are relative to the site root; ``map.js`` resolves them. There is never a
    ``glyphs`` key (labels use local fonts) and the only absolute URLs are the ones the
    author configured.
    """
    overlays = overlay_layers() if overlays is None else overlays
    world_source = {"type": "geojson", "data": world_url, "attribution": NATURAL_EARTH}
    style: dict[str, Any] = {
        "version": 8,
        "name": f"atlaspress {config.basemap}",
        "metadata": {},
        "sources": {},
        "layers": [],
    }
    sources, layers = style["sources"], style["layers"]
    layers.append({"id": "background", "type": "background", "paint": {"background-color": SEA}})
    post_source = {"type": "geojson", "data": EMPTY}
    if config.basemap == "natural-earth":
        sources["world"] = world_source
        layers += _natural_earth_layers("world", "world")
        if detail:
            sources["detail"] = {"type": "geojson", "data": EMPTY}
            layers += _natural_earth_layers("detail", "detail", sea=True)
        layers += _label_layers("world", "detail" if detail else None)
    elif config.basemap == "raster":
        sources["raster"] = {
            "type": "raster",
            "tiles": [config.raster_tiles],
            "tileSize": 256,
            "maxzoom": 19,
            "attribution": config.attribution or "",
        }
        layers.append({"id": "raster", "type": "raster", "source": "raster"})
    elif config.basemap == "pmtiles":
        # map.js reads the archive's header (vector or raster) and adds the basemap layers
        # above the Natural Earth underlay, which fills the world outside a regional archive.
        sources["world"] = world_source
        layers += _natural_earth_layers("world", "world")
        style["metadata"]["atlaspress:pmtiles"] = {
            "url": config.pmtiles,
            "attribution": config.attribution or "",
        }
    elif config.basemap == "style":
        # The author's style is loaded as is; map.js adds the post's source and layers on top.
        style["metadata"]["atlaspress:base-style"] = config.style_url
    sources["post"] = post_source
    layers += overlays
    return style


def world_overlays(series_colours: dict[str, str]) -> list[dict[str, Any]]:
    """Clustered place markers coloured by series."""
    colour: list[Any] = ["match", ["coalesce", ["get", "series"], ""]]
    for slug, value in series_colours.items():
        colour += [slug, value]
    colour.append(SERIES_COLOURS[-1])
    if len(colour) == 3:  # no series at all: a match needs one label/value pair
        colour = ["literal", SERIES_COLOURS[-1]]
    clustered = ["has", "point_count"]
    return [
        {
            "id": "places-cluster",
            "type": "circle",
            "source": "post",
            "filter": clustered,
            "paint": {
                "circle-color": INK,
                "circle-opacity": 0.82,
                "circle-stroke-color": "#ffffff",
                "circle-stroke-width": 2,
                "circle-radius": ["step", ["get", "point_count"], 13, 5, 16, 20, 20],
            },
        },
        {
            "id": "places-cluster-count",
            "type": "symbol",
            "source": "post",
            "filter": clustered,
            "layout": {
                "text-field": ["to-string", ["get", "point_count"]],
                "text-font": FONT_BOLD,
                "text-size": 12,
                "text-allow-overlap": True,
            },
            "paint": {"text-color": "#ffffff"},
        },
        {
            "id": "places-point",
            "type": "circle",
            "source": "post",
            "filter": ["!", clustered],
            "paint": {
                "circle-color": colour,
                "circle-radius": 7,
                "circle-stroke-color": "#ffffff",
                "circle-stroke-width": 2,
            },
        },
        {
            "id": "places-label",
            "type": "symbol",
            "source": "post",
            "filter": ["!", clustered],
            "minzoom": 2,
            "layout": {
                "text-field": ["get", "name"],
                "text-font": FONT,
                "text-size": 12,
                "text-anchor": "left",
                "text-offset": [0.9, 0],
                "text-optional": True,
            },
            "paint": {"text-color": INK, "text-halo-color": "#ffffff", "text-halo-width": 1.6},
        },
    ]


# --- per-post data ---------------------------------------------------------------------


def _sanitize(html: str) -> str:
    """Pop-up and list HTML: a few inline tags, no images (they would leave the site)."""
    import nh3

    return nh3.clean(
        html,
        tags={"a", "b", "strong", "i", "em", "p", "br", "ul", "ol", "li", "span"},
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def _geometry_word(geometry: dict[str, Any] | None) -> str:
    kind = (geometry or {}).get("type", "")
    return {
        "Point": "point",
        "MultiPoint": "points",
        "LineString": "line",
        "MultiLineString": "line",
        "Polygon": "area",
        "MultiPolygon": "area",
    }.get(kind, "feature")


def _style_of(props: dict[str, Any]) -> dict[str, Any]:
    style = props.get("style")
    nested: dict[str, Any] = style if isinstance(style, dict) else {}
    return {**nested, **{k: v for k, v in props.items() if k in ("stroke", "fill", "marker-color")}}


def feature_list(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """The text version of the map: layers (and KML folder groups) with their features.

    ``index`` is the feature's position in ``map.geojson``; the map's pop-ups show the
    same sanitized text by looking the item up by that index.
    """
    declared = {layer["id"]: layer for layer in collection.get("layers") or []}
    group_titles = {
        g["id"]: g.get("title") or g["id"]
        for layer in declared.values()
        for g in layer.get("groups") or []
        if isinstance(g, dict)
    }
    sections: dict[tuple[str, str], dict[str, Any]] = {}
    for index, feature in enumerate(collection.get("features") or []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if props.get("role") == "place" or geometry is None:
            continue
        layer_id = str(props.get("layer") or "layer")
        group = props.get("group")
        key = (layer_id, str(group) if group else "")
        if key not in sections:
            layer = declared.get(layer_id, {"id": layer_id, "title": layer_id, "kind": None})
            title = layer.get("title") or layer_id
            if group:
                title = f"{title}: {group_titles.get(group, group)}"
            sections[key] = {
                "key": "/".join(key),
                "layer": layer_id,
                "title": title,
                "kind": layer.get("kind"),
                "kind_text": KIND_TEXT.get(layer.get("kind") or ""),
                "geometry": set(),
                "colour": None,
                "items": [],
            }
        section = sections[key]
        word = _geometry_word(geometry)
        section["geometry"].add(word.rstrip("s"))
        style = _style_of(props)
        section["colour"] = (
            section["colour"]
            or style.get("stroke")
            or style.get("fill")
            or style.get("marker-color")
        )
        description = props.get("description")
        item: dict[str, Any] = {
            "index": index,
            "name": str(props.get("name") or f"Unnamed {word}"),
            "word": word,
            "description": _sanitize(str(description)) if description else "",
            "coords": "",
        }
        if geometry.get("type") == "Point":
            lon, lat = geometry["coordinates"][:2]
            ns, ew = "N" if lat >= 0 else "S", "E" if lon >= 0 else "W"
            item["coords"] = f"{abs(lat):.4f}° {ns}, {abs(lon):.4f}° {ew}"
        section["items"].append(item)
    result = []
    for section in sections.values():
        geometry = section.pop("geometry")
        section["swatch"] = (
            "area" if "area" in geometry else "line" if "line" in geometry else "point"
        )
        section["dashed"] = section["kind"] in LINE_KINDS
        section["colour"] = section["colour"] or (POINT if section["swatch"] == "point" else ACCENT)
        result.append(section)
    return result


def view_bounds(collection: dict[str, Any], zoom: str | None = None) -> Bounds:
    """What the map first shows: every layer, or the place and its surroundings."""
    found = bounds_of(collection)
    assert found is not None, "map.geojson always has the place point"
    west, south, east, north = found
    if east - west < 1e-6 and north - south < 1e-6:  # only the place: show its surroundings
        return pad(found, 0.0, ZOOM_PAD.get(zoom or "", ZOOM_PAD["region"]))
    return pad(found, 0.06, 0.003)


def detail_bounds(view: Bounds) -> Bounds:
    """The box the detailed basemap covers: the view and a generous margin."""
    west, south, east, north = view
    span = max(east - west, north - south)
    return pad(view, 0.0, max(3.0, span * 1.5))


# --- site-wide model --------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def _vendor(name: str) -> bytes:
    path = VENDOR / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileNotFoundError(
            f"{path} is missing: run `make install` (scripts/vendor.sh copies it from npm)"
        ) from exc


def series_colours(graph: SiteGraph) -> dict[str, str]:
    return {
        name: SERIES_COLOURS[i % (len(SERIES_COLOURS) - 1)]
        for i, name in enumerate(sorted(graph.series))
    }


@dataclass
class WebMap:
    """Everything the interactive maps of one site need, computed once per build."""

    graph: SiteGraph
    config: SiteConfig

    def __post_init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.urls: dict[str, str] = {}
        cfg = self.config.map
        self.colours = series_colours(self.graph)
        world = _dumps(world_basemap())
        self.urls["world"] = self._add("assets/basemap/world-110m", ".json", world)
        self.urls["maplibre.js"] = self._add(
            "assets/vendor/maplibre-gl", ".js", _vendor("maplibre-gl/maplibre-gl.js")
        )
        self.urls["maplibre.css"] = self._add(
            "assets/vendor/maplibre-gl", ".css", _vendor("maplibre-gl/maplibre-gl.css")
        )
        if cfg.basemap == "pmtiles":
            self.urls["pmtiles.js"] = self._add(
                "assets/vendor/pmtiles", ".js", _vendor("pmtiles/pmtiles.js")
            )
        self.urls["style"] = self._add(
            "assets/map/post-style", ".json", _dumps(style_json(cfg, self.urls["world"]))
        )
        self.urls["world-style"] = self._add(
            "assets/map/world-style",
            ".json",
            _dumps(
                style_json(
                    cfg, self.urls["world"], detail=False, overlays=world_overlays(self.colours)
                )
            ),
        )
        self.files["places.geojson"] = _dumps(self.places())
        self.posts: dict[str, dict[str, Any]] = {}
        for slug, enriched in self.graph.posts.items():
            collection = json.loads(enriched.map_geojson)
            view = view_bounds(collection, enriched.post.front.place.zoom)
            entry: dict[str, Any] = {"collection": collection, "bounds": view, "detail": None}
            if cfg.basemap == "natural-earth":
                detail = f"places/{slug}/basemap.geojson"
                self.files[detail] = _detail_bytes(detail_bounds(view), view)
                entry["detail"] = detail
            self.posts[slug] = entry

    def _add(self, stem: str, suffix: str, data: bytes) -> str:
        path = f"{stem}.{_digest(data)}{suffix}"
        self.files[path] = data
        return path

    # -- site-wide data -----------------------------------------------------------------
    def places(self) -> dict[str, Any]:
        features: list[dict[str, Any]] = []
        for slug in sorted(self.graph.posts):
            front = self.graph.posts[slug].post.front
            series = front.series or ""
            features.append(
                {
                    "type": "Feature",
                    "id": len(features),
                    "properties": {
                        "slug": slug,
                        "title": front.title,
                        "name": front.place.name,
                        "url": self.graph.posts[slug].post.url,
                        "series": series,
                        "series_title": self.config.series[series].title
                        if series in self.config.series
                        else "",
                        "summary": front.summary or front.subtitle or "",
                        "colour": self.colours.get(series, SERIES_COLOURS[-1]),
                    },
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(front.place.at.lon, 5), round(front.place.at.lat, 5)],
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def _base_config(self, style: str) -> dict[str, Any]:
        return {
            "lib": self.urls["maplibre.js"],
            "css": self.urls["maplibre.css"],
            "pmtiles": self.urls.get("pmtiles.js"),
            "style": self.urls[style],
            "load": self.config.map.load,
        }

    # -- contexts ----------------------------------------------------------------------
    def post_context(self, slug: str, *, embed: bool = False) -> dict[str, Any]:
        enriched = self.graph.posts[slug]
        entry = self.posts[slug]
        front = enriched.post.front
        config = self._base_config("style") | {
            "kind": "post",
            "data": f"places/{slug}/map.geojson",
            "detail": entry["detail"],
            "bounds": [round(v, 5) for v in entry["bounds"]],
            "title": front.place.name,
        }
        if embed:
            config["load"] = "now"
        embed_url = self.config.root_url + f"embed/{slug}/"
        snippet = (
            f'<iframe src="{escape(embed_url)}" title="{escape("Map: " + front.title)}" '
            'width="100%" height="480" style="border:0" loading="lazy" allowfullscreen></iframe>'
        )
        return {
            "config": config,
            "features": feature_list(entry["collection"]),
            "embed_url": embed_url,
            "embed_code": snippet,
            "attribution": self._attribution(),
        }

    def world_context(self, *, autoload: bool) -> dict[str, Any]:
        config = self._base_config("world-style") | {"kind": "world", "data": "places.geojson"}
        if autoload:
            config["load"] = "now"
        posts = [self.graph.posts[s] for s in self.graph.order]
        legend = [
            {
                "slug": name,
                "title": self.config.series[name].title,
                "colour": colour,
                "count": len(self.graph.series[name]),
            }
            for name, colour in self.colours.items()
            if name in self.config.series
        ]
        if any(not p.post.front.series for p in posts):
            legend.append(
                {
                    "slug": "",
                    "title": "Other places",
                    "colour": SERIES_COLOURS[-1],
                    "count": sum(1 for p in posts if not p.post.front.series),
                }
            )
        places = [
            {
                "title": p.post.front.title,
                "name": p.post.front.place.name,
                "url": p.post.url,
                "series": p.post.front.series or "",
                "colour": self.colours.get(p.post.front.series or "", SERIES_COLOURS[-1]),
                "coords": p.coordinates["decimal"],
            }
            for p in sorted(posts, key=lambda p: p.post.front.place.name)
        ]
        return {
            "config": config,
            "legend": legend,
            "places": places,
            "attribution": self._attribution(),
            "svg": functools.partial(world_svg, self.places()),
        }  # called with the page's root URL

    def _attribution(self) -> str:
        if self.config.map.basemap in ("natural-earth", "pmtiles"):
            base = "Natural Earth"
            return base + (
                f" · {self.config.map.attribution}" if self.config.map.attribution else ""
            )
        return self.config.map.attribution or ""


def world_svg(places: dict[str, Any], root: str = "", width: int = 720) -> str:
    """A light static world map (equirectangular) with a linked dot per place: the no-JS view."""
    import shapely

    world = world_basemap()
    height = width // 2
    top, bottom = 84.0, -58.0
    sx = width / 360.0
    sy = height / (top - bottom)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon + 180.0) * sx, (top - lat) * sy

    land = shapely.geometry.shape(
        next(f["geometry"] for f in world["features"] if f["properties"]["k"] == "land")
    )
    land = shapely.simplify(
        clip_rect(land, -180, bottom, 180, top), 0.6, preserve_topology=True
    )
    paths = []
    for poly in shapely.get_parts(land):
        if poly.area < 1.5:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            coords = [xy(x, y) for x, y in ring.coords]
            paths.append("M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in coords) + "Z")
    view_h = round((top - bottom) * sy)
    out = [
        f'<svg class="world-svg" viewBox="0 0 {width} {view_h}" role="img" '
        f'aria-labelledby="world-svg-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="world-svg-title">World map of every place covered</title>',
        f'<rect width="{width}" height="{view_h}" fill="{SEA}"/>',
        f'<path d="{"".join(paths)}" fill="{LAND}" stroke="{COAST}" stroke-width=".5"/>',
    ]
    for feature in places["features"]:
        props = feature["properties"]
        x, y = xy(*feature["geometry"]["coordinates"])
        out.append(
            f'<a href="{escape(root + props["url"])}" data-slug="{escape(props["slug"])}">'
            f"<title>{escape(props['title'])}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{props["colour"]}" '
            'stroke="#fff" stroke-width="2"/></a>'
        )
    out.append("</svg>")
    return "".join(out)


# --- the two entry points render.py calls -------------------------------------------------

_MODEL: list[WebMap] = []


def webmap_model(graph: SiteGraph, config: SiteConfig) -> WebMap:
    """The per-build model, shared by the calls below (one build at a time per process)."""
    if _MODEL and _MODEL[0].graph is graph and _MODEL[0].config is config:
        return _MODEL[0]
    model = WebMap(graph, config)
    _MODEL[:] = [model]
    return model


def webmap_files(graph: SiteGraph, config: SiteConfig) -> dict[str, bytes]:
    """Basemaps, styles, vendored MapLibre, ``places.geojson``: path → bytes."""
    return dict(webmap_model(graph, config).files)


def webmap_pages(graph: SiteGraph, config: SiteConfig) -> list[Any]:
    """The embed page of every post and the world map page."""
    from atlaspress.render import Page

    model = webmap_model(graph, config)
    pages = [
        Page("world/index.html", "world.html", {"world_map": model.world_context(autoload=True)})
    ]
    for slug in graph.order:
        front = graph.posts[slug].post.front
        pages.append(
            Page(
                f"embed/{slug}/index.html",
                "embed.html",
                {
                    "front": front,
                    "post_url": graph.posts[slug].post.url,
                    "map": model.post_context(slug, embed=True),
                },
                in_sitemap=False,
            )
        )
    return pages


def post_map_context(graph: SiteGraph, config: SiteConfig, slug: str) -> dict[str, Any]:
    """What ``post/map.html`` needs, under the ``map`` key of the post page."""
    return webmap_model(graph, config).post_context(slug)


def home_map_context(graph: SiteGraph, config: SiteConfig) -> dict[str, Any]:
    """What ``partials/world_map.html`` needs on the home page, under ``world_map``."""
    return webmap_model(graph, config).world_context(autoload=False)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 9))
