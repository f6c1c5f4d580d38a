"""MapLibre style JSON for each basemap mode; never a glyph server, only configured hosts."""

from __future__ import annotations

from typing import Any

from atlaspress.core.config import MapConfig
from atlaspress.core.lines import LINE_KINDS
from atlaspress.maps.webmap.common import (
    ACCENT,
    BORDER,
    COAST,
    DISPUTED_BORDER,
    EMPTY,
    FONT,
    FONT_BOLD,
    INK,
    LAND,
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
        _point_label(f"{source}-label", source, ["all", point, ["!=", ["get", "role"], "place"]]),
        obstacle_layer(source),
        # The post's own place is labelled first and avoids only the edge and the controls:
        # its name is always on the map when it fits in the canvas at all.
        _point_label(f"{source}-place-label", source, ["all", point, ["==", ["get", "role"], "place"]]),
    ]


def _point_label(layer_id: str, source: str, where: list[Any]) -> dict[str, Any]:
    return {
        "id": layer_id,
        "type": "symbol",
        "source": source,
        "filter": where,
        "layout": {
            "text-field": ["coalesce", ["get", "name"], ""],
            "text-font": FONT,
            "text-size": 12.5,
            # Eight places round the marker, tried in turn: a label that would cross one of
            # the post's lines (post-obstacle), another label, a control or the edge of the
            # canvas (frame-obstacle) moves to the next, or is left out.
            "text-variable-anchor": LABEL_ANCHORS,
            "text-radial-offset": 0.8,
            "text-justify": "auto",
            "text-padding": 2,
            "text-allow-overlap": False,
            "text-optional": True,
            "text-max-width": 9,
        },
        "paint": {"text-color": INK, "text-halo-color": "#ffffff", "text-halo-width": 1.6},
    }


# Anchors a point label may take, in order of preference (the label's side of the marker).
LABEL_ANCHORS = ["left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"]
BLANK = "atlaspress-blank"  # a transparent image map-app.js registers: obstacles' collision boxes
FRAME = "frame"  # the source map-app.js fills with points round the canvas edge and the controls


def obstacle_layer(source: str = "post") -> dict[str, Any]:
    """Invisible icons every few pixels along the post's lines: MapLibre does not let labels
    avoid lines, but it does let them avoid other symbols, so placed above the labels (and
    so placed first) these make every line an obstacle no label is drawn across."""
    return {
        "id": f"{source}-obstacle",
        "type": "symbol",
        "source": source,
        "filter": ["==", ["geometry-type"], "LineString"],
        "layout": {
            "symbol-placement": "line",
            "symbol-spacing": 8,
            "icon-image": BLANK,
            "icon-size": 0.3,
            "icon-allow-overlap": True,
            "icon-ignore-placement": False,
            "icon-padding": 0,
        },
        "paint": {"icon-opacity": 0},
    }


def frame_layer() -> dict[str, Any]:
    """The canvas edge and the map's controls as obstacles: map-app.js puts points along
    them (source ``frame``) after every move, and a label that would be cut by the edge or
    drawn under a button is dropped or moved. The topmost layer, so placed first."""
    return {
        "id": "frame-obstacle",
        "type": "symbol",
        "source": FRAME,
        "layout": {
            "icon-image": BLANK,
            "icon-size": 1,
            "icon-allow-overlap": True,
            "icon-ignore-placement": False,
            "icon-padding": 0,
        },
        "paint": {"icon-opacity": 0},
    }


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
            # A land polygon draws its outline as the coast unless the coast is given on its
            # own ("c": 0; the detail basemap leaves out the stretches the author drew).
            "filter": [
                "any",
                ["==", ["get", "k"], "coast"],
                ["all", ["==", ["get", "k"], "land"], ["!", ["has", "c"]]],
            ],
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
        {
            # Lines of control, ceasefire lines, the berm (atlaspress.geo.disputes): dashed,
            # darker, and named in the legend, as on the locator; never drawn as a border.
            "id": f"{prefix}-disputed",
            "type": "line",
            "source": source,
            "filter": ["==", ["get", "k"], "dline"],
            "layout": {"line-join": "round"},
            "paint": {"line-color": DISPUTED_BORDER, "line-width": 1.4, "line-dasharray": [3, 2]},
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
                    "filter": ["all", ["==", ["get", "k"], "label"], ["!", ["has", "v"]], size_filter],
                    "layout": {
                        "text-field": ["upcase", ["get", "name"]],
                        "text-font": FONT,
                        "text-size": 10.5,
                        "text-letter-spacing": 0.08,
                        "text-max-width": 8,
                        "text-padding": 3,
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
    if detail:  # last, so placed before the cities and the other names
        # Countries in the post's opening view, labelled inside it at every zoom: a reader
        # sees at once which side is which (map-app.js hides the world file's copy).
        layers.append(
            {
                "id": f"{detail}-country-label-view",
                "type": "symbol",
                "source": detail,
                "filter": ["all", ["==", ["get", "k"], "label"], ["has", "v"]],
                "layout": {
                    "text-field": ["upcase", ["get", "name"]],
                    "text-font": FONT,
                    "text-size": 12,
                    "text-letter-spacing": 0.1,
                    "text-max-width": 8,
                    "text-padding": 4,
                    # On the point if it is free, else beside it (a post's label may be there).
                    "text-variable-anchor": ["center", "top", "bottom", "left", "right"],
                    "text-radial-offset": 1.5,
                    "symbol-sort-key": ["get", "rank"],
                },
                "paint": {"text-color": MUTED, "text-halo-color": LAND, "text-halo-width": 1.5},
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
    sources[FRAME] = {"type": "geojson", "data": EMPTY}
    layers += overlays
    layers.append(frame_layer())
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
                "text-variable-anchor": LABEL_ANCHORS,
                "text-radial-offset": 0.9,
                "text-justify": "auto",
                "text-padding": 3,
                "text-max-width": 10,
                "text-optional": True,
            },
            "paint": {"text-color": INK, "text-halo-color": "#ffffff", "text-halo-width": 1.6},
        },
    ]
