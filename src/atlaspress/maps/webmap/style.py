"""MapLibre style JSON for each basemap mode; never a glyph server, only configured hosts."""

from __future__ import annotations

from typing import Any

from atlaspress.core import palette
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
        leader_layer(),
        _point_label(f"{source}-label", source, ["all", point, ["!=", ["get", "role"], "place"]]),
        # The post's own place is labelled before its other points: its name wins a spot, in a
        # narrower block (three short lines fit beside a marker near the edge of a phone's map).
        _point_label(f"{source}-place-label", source, ["all", point, ["==", ["get", "role"], "place"]], 5),
        # Placed before every label (MapLibre places from the top layer down): the post's
        # lines and its markers, which no label is drawn across.
        obstacle_layer(source),
        marker_obstacle_layer(source),
    ]


def _point_label(layer_id: str, source: str, where: list[Any], max_width: float = 9) -> dict[str, Any]:
    return {
        "id": layer_id,
        "type": "symbol",
        "source": source,
        "filter": where,
        "layout": {
            "text-field": ["coalesce", ["get", "name"], ""],
            "text-font": FONT,
            "text-size": LABEL_SIZE,
            # Eight places beside the marker, then the same eight a step further out, tried in
            # turn: a label that would cross one of the post's lines or markers
            # (post-obstacle, post-marker-obstacle), another label, a control or the edge of
            # the canvas (frame-obstacle) moves to the next, or is left out. The outer ring
            # labels a point inside a narrow band of lines (Panmunjom between the edges of the
            # DMZ) from just outside it rather than not at all.
            "text-variable-anchor-offset": anchor_offsets(NEAR, FAR),
            # Closest to a line first (map-app.js sets _room): the points with least room pick first.
            "symbol-sort-key": ["coalesce", ["get", "_room"], 0],
            "text-justify": "auto",
            "text-padding": 1,
            "text-allow-overlap": False,
            "text-optional": True,
            "text-max-width": max_width,
        },
        "paint": {"text-color": INK, "text-halo-color": "#ffffff", "text-halo-width": 1.6},
    }


# Anchors a point label may take, in order of preference (the label's side of the marker).
LABEL_ANCHORS = ["left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"]
LABEL_SIZE = 12.5  # px
# Offsets of a post's point labels, in ems of LABEL_SIZE: beside the marker (clear of its own
# obstacle, MARKER_BOX), then a ring further out.
NEAR, FAR = 0.95, 2.8
# The collision box of a marker, px: the post-point circle (radius 6, stroke 2) and the
# post-place ring (radius 8, stroke 3).
MARKER_BOX = {"point": 16, "place": 19}
_DIRECTIONS = {"left": (1, 0), "right": (-1, 0), "top": (0, 1), "bottom": (0, -1), "top-left": (1, 1),
               "top-right": (-1, 1), "bottom-left": (1, -1), "bottom-right": (-1, -1)}


def anchor_offsets(*rings: float) -> list[Any]:
    """``text-variable-anchor-offset`` for :data:`LABEL_ANCHORS` at each ring in turn: each
    anchor's ``[x, y]`` offset (ems, y down) puts the label on its side of the point, a corner
    label ``ring`` away on both axes.

    >>> anchor_offsets(1)[:4]
    ['left', [1, 0], 'right', [-1, 0]]
    """
    out: list[Any] = []
    for ring in rings:
        for anchor in LABEL_ANCHORS:
            dx, dy = _DIRECTIONS[anchor]
            out += [anchor, [dx * ring, dy * ring]]
    return out
BLANK = "atlaspress-blank"  # a transparent image map-app.js registers: obstacles' collision boxes
FRAME = "frame"  # the source map-app.js fills with points round the canvas edge and the controls
LEADERS = "leaders"  # the source map-app.js fills with leader lines (leader_layer)
# A label further than this (px) from its point is on the outer ring and gets a leader.
LEADER_GAP = round((NEAR + FAR) / 2 * LABEL_SIZE, 1)


def obstacle_layer(source: str = "post") -> dict[str, Any]:
    """Invisible icons every few pixels along the post's lines: MapLibre does not let labels
    avoid lines, but it does let them avoid other symbols, so placed above the labels (and
    so placed first) these make every line an obstacle no label is drawn across. map-app.js
    puts the points (source ``frame``, ``k: line``) every 5 px along the lines on screen after
    every move: MapLibre's own line placement spaces icons 30 px apart at some zooms, gaps a
    label slips through."""
    return {
        "id": f"{source}-obstacle",
        "type": "symbol",
        "source": FRAME,
        "filter": ["==", ["get", "k"], "line"],
        "layout": {
            "icon-image": BLANK,
            "icon-size": 0.35,  # 8.4 px: the line and a hair either side
            "icon-allow-overlap": True,
            "icon-ignore-placement": False,
            "icon-padding": 0,
        },
        "paint": {"icon-opacity": 0},
    }


def marker_obstacle_layer(source: str = "post") -> dict[str, Any]:
    """An invisible icon the size of each of the post's markers, placed before the labels:
    no label covers another feature's marker (a point's own label sits beside it)."""
    blank = 2 * 12  # px: map-app.js's blank image
    return {
        "id": f"{source}-marker-obstacle",
        "type": "symbol",
        "source": source,
        "filter": ["==", ["geometry-type"], "Point"],
        "layout": {
            "icon-image": BLANK,
            "icon-size": ["match", ["get", "role"], "place", MARKER_BOX["place"] / blank, MARKER_BOX["point"] / blank],
            "icon-allow-overlap": True,
            "icon-ignore-placement": False,
            "icon-padding": 0,
        },
        "paint": {"icon-opacity": 0},
    }


def leader_layer() -> dict[str, Any]:
    """Thin lines from a marker to its label when the label sits on the outer ring (FAR):
    map-app.js fills source ``leaders`` after each move from where MapLibre put the labels."""
    return {
        "id": "post-leader",
        "type": "line",
        "source": LEADERS,
        "paint": {"line-color": INK, "line-width": 0.9, "line-opacity": 0.75},
    }


def frame_layer() -> dict[str, Any]:
    """The canvas edge and the map's controls as obstacles: map-app.js puts points along
    them (source ``frame``) after every move, and a label that would be cut by the edge or
    drawn under a button is dropped or moved. The topmost layer, so placed first."""
    return {
        "id": "frame-obstacle",
        "type": "symbol",
        "source": FRAME,
        "filter": ["!=", ["get", "k"], "line"],
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
        # sees at once which side is which (map-app.js hides the world file's copy). On a
        # post's map style_json moves it among the post's labels, after the subject's name.
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
        # map-app.js draws what it adds (an archive's boundaries, the legend's swatches) in it.
        "metadata": {"atlaspress:palette": palette.WEB},
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
    ids = [layer["id"] for layer in overlays]
    if "post-label" in ids and "post-place-label" in ids:
        # The names of the countries in the opening view are placed after the subject's name
        # and before the post's other labels: which side is which matters more than a crossing.
        view = [layer for layer in layers if layer["id"] == "detail-country-label-view"]
        layers[:] = [layer for layer in layers if layer not in view]
        at = ids.index("post-label") + 1
        overlays = [*overlays[:at], *view, *overlays[at:]]
    if any(layer.get("source") == LEADERS for layer in overlays):
        sources[LEADERS] = {"type": "geojson", "data": EMPTY}
        style["metadata"]["atlaspress:leader-gap"] = LEADER_GAP
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
