"""Per-post map data: the feature list readers see, and the view each map opens on."""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from typing import Any
from urllib.parse import quote, unquote

from atlaspress.content.coords import Coordinate, dms
from atlaspress.core.lines import KIND_TEXT, LINE_KINDS
from atlaspress.maps.webmap.common import (
    ACCENT,
    POINT,
    ZOOM_PAD,
    Bounds,
    bounds_of,
    pad,
)

# --- per-post data ---------------------------------------------------------------------


POPUP_TAGS = {
    "a", "b", "strong", "i", "em", "u", "s", "small", "sub", "sup", "code", "p", "br", "hr", "div",
    "span", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5",
    "h6", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "img",
}  # fmt: skip
_BARE_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _sanitize(html: str, files: Collection[str] = (), base: str = "") -> str:
    """Pop-up and list HTML: markup kept (headings, lists, tables, links), sanitized by nh3.

    Relative links and images are kept only when they name one of ``files``, the files the
    post publishes (a KMZ's photos, a bundle's images): their address becomes ``base`` +
    name, which works from the post page and its embed page alike. Other images are
    dropped, since they would load from other sites; other relative links lose their
    address.
    """
    import nh3

    def local(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) not in (("img", "src"), ("a", "href")):
            return value
        target = value.strip()
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|//", target):  # a URL: links keep it, images not
            return value if tag == "a" else None
        if target.startswith("#"):
            return value if tag == "a" else None
        name = target.split("#", 1)[0].split("?", 1)[0]
        for candidate in (name, unquote(name)):
            if candidate in files:
                return base + quote(candidate)
        return None

    cleaned = nh3.clean(
        html,
        tags=POPUP_TAGS,
        clean_content_tags={"script", "style", "title", "template", "noscript"},
        attributes={
            "a": {"href", "title"},
            "img": {"src", "alt", "title", "width", "height"},
            "td": {"colspan", "rowspan"},
            "th": {"colspan", "rowspan", "scope"},
            "ol": {"start"},
        },
        attribute_filter=local,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return _BARE_IMG.sub("", cleaned)


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


def feature_list(
    collection: dict[str, Any], files: Collection[str] = (), base: str = ""
) -> list[dict[str, Any]]:
    """The text version of the map: layers (and KML folder groups) with their features.

    ``index`` is the feature's position in ``map.geojson``; the map's pop-ups show the
    same sanitized text by looking the item up by that index. Descriptions may show the
    images among ``files`` (the post's published files), addressed as ``base`` + name.
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
        section["colour"] = section["colour"] or style.get("stroke") or style.get("fill") or style.get("marker-color")
        description = props.get("description")
        item: dict[str, Any] = {
            "index": index,
            "name": str(props.get("name") or f"Unnamed {word}"),
            "word": word,
            "description": _sanitize(str(description), files, base) if description else "",
            "coords": "",
        }
        if geometry.get("type") == "Point":
            lon, lat = geometry["coordinates"][:2]
            lon = ((lon + 180.0) % 360.0) - 180.0 if not -180.0 <= lon <= 180.0 else lon  # published unwrapped
            item["coords"] = dms(Coordinate(lon=float(lon), lat=float(lat)))  # as the locator caption and At a glance
        section["items"].append(item)
    result = []
    for section in sections.values():
        geometry = section.pop("geometry")
        section["swatch"] = "area" if "area" in geometry else "line" if "line" in geometry else "point"
        section["dashed"] = section["kind"] in LINE_KINDS
        section["colour"] = section["colour"] or (POINT if section["swatch"] == "point" else ACCENT)
        result.append(section)
    return result


def _around_place(bounds: Bounds, collection: dict[str, Any]) -> Bounds:
    """``bounds`` moved by whole turns into the frame the layers were unwrapped in
    (:mod:`atlaspress.maps.webmap.antimeridian`): the one holding the place's longitude."""
    place = next(
        (f["geometry"]["coordinates"] for f in collection.get("features") or []
         if (f.get("properties") or {}).get("role") == "place" and (f.get("geometry") or {}).get("type") == "Point"),
        None,
    )
    if place is None:
        return bounds
    west, south, east, north = bounds
    lon = float(place[0])
    turns = math.ceil((west - lon) / 360.0 - 1e-9)
    if west - 360.0 * turns > lon + 1e-9 or east - 360.0 * turns < lon - 1e-9:
        turns = round(((west + east) / 2 - lon) / 360.0)
    return west - 360.0 * turns, south, east - 360.0 * turns, north


def view_bounds(collection: dict[str, Any], zoom: str | None = None) -> Bounds:
    """What the map first shows: every layer, or the place and its surroundings."""
    found = bounds_of(collection)
    assert found is not None, "map.geojson always has the place point"
    found = _around_place(found, collection)
    west, south, east, north = found
    if east - west < 1e-6 and north - south < 1e-6:  # only the place: show its surroundings
        return pad(found, 0.0, ZOOM_PAD.get(zoom or "", ZOOM_PAD["region"]))
    return pad(found, 0.06, 0.003)


def detail_bounds(view: Bounds) -> Bounds:
    """The box the detailed basemap covers: the view and a generous margin."""
    west, south, east, north = view
    span = max(east - west, north - south)
    return pad(view, 0.0, max(3.0, span * 1.5))
