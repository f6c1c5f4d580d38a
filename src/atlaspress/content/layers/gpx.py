"""GPX 1.0 and 1.1 (GPS units, Strava, OsmAnd…) → GeoJSON features.

Tracks become LineStrings (MultiLineStrings when they have several segments), routes
LineStrings and waypoints Points. Elevation and time of waypoints go to ``data``;
geometry is 2D.
"""

from __future__ import annotations

import math
from typing import Any

from atlaspress.content.layers.common import (
    Context,
    check_position,
    clean_html,
    clean_text,
    feature,
    properties,
)
from atlaspress.content.layers.model import ParsedLayer
from atlaspress.content.layers.xmltree import Node, parse_root

_TEXT_FIELDS = ("cmt", "src", "type", "sym", "time", "number")


def read_gpx(data: bytes, ctx: Context) -> ParsedLayer:
    root = parse_root(data, ctx, "gpx", "GPX", 'a GPX file starts with <gpx version="1.1" …>')
    metadata = root.find("metadata")
    title = clean_text(
        (metadata.child_text("name") if metadata is not None else None) or root.child_text("name")
    )
    features: list[dict[str, Any]] = []
    for child in root.children:
        if child.tag == "wpt":
            features.append(
                feature({"type": "Point", "coordinates": _point(ctx, child)}, _props(child))
            )
        elif child.tag == "rte":
            positions = [_point(ctx, p) for p in child.findall("rtept")]
            features.append(feature(_line(ctx, child, [positions], "route"), _props(child)))
        elif child.tag == "trk":
            segments = [
                [_point(ctx, p) for p in seg.findall("trkpt")] for seg in child.findall("trkseg")
            ]
            features.append(feature(_line(ctx, child, segments, "track"), _props(child)))
    skipped, warnings = ctx.notes()
    return ParsedLayer(features=tuple(features), title=title, skipped=skipped, warnings=warnings)


def _point(ctx: Context, node: Node) -> list[float]:
    values = []
    for key in ("lon", "lat"):
        raw = node.attrs.get(key)
        if raw is None:
            raise ctx.error(
                node.line,
                node.col,
                f"<{node.tag}> has no {key} attribute",
                f'write <{node.tag} lat="37.93" lon="126.60">',
            )
        try:
            values.append(float(raw))
        except ValueError:
            raise ctx.error(
                node.line, node.col, f"<{node.tag}> {key}={raw[:40]!r} is not a number"
            ) from None
    lon, lat = values
    check_position(ctx, lon, lat, node.line, node.col, written=None)
    return [lon, lat]


def _line(
    ctx: Context, node: Node, segments: list[list[list[float]]], kind: str
) -> dict[str, Any] | None:
    name = clean_text(node.child_text("name"))
    label = f"{kind} {name!r}" if name else f"a {kind}"
    kept = [s for s in segments if len(s) >= 2]
    if len(kept) < len([s for s in segments if s]):
        ctx.warn(f"line {node.line}: {label} has a segment with a single point, which was left out")
    if not kept:
        if any(segments):
            return {"type": "Point", "coordinates": next(s for s in segments if s)[0]}
        ctx.warn(f"line {node.line}: {label} has no points")
        return None
    if len(kept) == 1:
        return {"type": "LineString", "coordinates": kept[0]}
    return {"type": "MultiLineString", "coordinates": kept}


def _props(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {}
    ele = node.child_text("ele")
    if ele is not None:
        try:
            value = float(ele)
            if math.isfinite(value):
                data["ele"] = value
        except ValueError:
            pass
    for key in _TEXT_FIELDS:
        text = clean_text(node.child_text(key))
        if text:
            data[key] = text
    link = node.find("link")
    href = link.attrs.get("href") if link is not None else node.child_text("url")
    if href and href.strip().lower().startswith(("http://", "https://")):
        data["link"] = href.strip()
    desc = node.child_text("desc")
    return properties(
        name=clean_text(node.child_text("name")), description=clean_html(desc), data=data
    )
