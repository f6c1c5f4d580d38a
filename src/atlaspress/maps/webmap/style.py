"""MapLibre style JSON for each basemap mode; never a glyph server, only configured hosts."""

from __future__ import annotations

from typing import Any

from atlaspress.core.config import MapConfig
from atlaspress.maps.webmap.common import (
    ACCENT,
    BORDER,
    COAST,
    EMPTY,
    FONT,
    FONT_BOLD,
    INK,
    LAND,
    LINE_KINDS,
    MUTED,
    NATURAL_EARTH,
    POINT,
    SEA,
    SERIES_COLOURS,
)

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
