"""GeoJSON (RFC 7946) → checked, 2D features with atlaspress's uniform properties.

Structure is validated (types, nesting, numbers, ranges, closed rings of at least four
positions) and every error names the line of the value at fault. Geometries are kept as
authored: null geometries stay null, antimeridian-crossing shapes are not cut, and ring
orientation is reported in ``warnings`` but not changed.

Longitude: RFC 7946 §3.1.9 asks that shapes crossing the antimeridian be cut at 180°, but
many tools write them continuously (179 → 181) and web maps draw that form correctly. So
longitudes up to ±540 (one extra turn) are accepted with a warning; beyond that, an error.
Latitude must lie in -90…90 (the usual sign of latitude written first).

Properties: ``name`` (or ``title``), ``description`` (sanitized), ``group`` (when the file
declares ``groups``, as atlaspress's own output does), simplestyle-spec keys or a
``style`` object → ``style``; a ``data`` object and every other property → ``data``.
"""

from __future__ import annotations

import json
import math
from typing import Any

from atlaspress.content.layers.common import (
    Context,
    check_position,
    clean_html,
    clean_text,
    feature,
    fmt,
    properties,
    signed_area,
)
from atlaspress.content.layers.jsonpos import locate
from atlaspress.content.layers.kmlfiles import safe_relative
from atlaspress.content.layers.model import STYLE_KEYS, LayerGroup, ParsedLayer

GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)
LON_LIMIT = 540.0
_WRITTEN = "[lon, lat]"
_HINT = "GeoJSON (RFC 7946) writes positions as [longitude, latitude]"
_PropPath = tuple[str | int, ...]


def _float(text: str) -> float | None:
    """JSON numbers; non-finite ones (1e400) become null, so output stays valid JSON."""
    value = float(text)
    return value if value - value == 0.0 else None


def _int(text: str) -> float | int | None:
    return int(text) if len(text) <= 30 else _float(text)


def _fast_position(raw: Any) -> list[float] | None:
    """The common case, checked cheaply; None sends the position to the full check."""
    if type(raw) is list and len(raw) >= 2:
        lon, lat = raw[0], raw[1]
        if (
            (type(lon) is float or type(lon) is int)
            and (type(lat) is float or type(lat) is int)
            and -180.0 <= lon <= 180.0
            and -90.0 <= lat <= 90.0
            and (len(raw) == 2 or all(type(v) is float or type(v) is int for v in raw[2:]))
        ):
            return [float(lon), float(lat)]
    return None


def read_geojson(data: bytes, ctx: Context) -> ParsedLayer:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ctx.error(line, col, "GeoJSON is not UTF-8 text", "save the file as UTF-8") from None
    try:
        doc = json.loads(text, parse_float=_float, parse_int=_int, parse_constant=lambda _: None)
    except json.JSONDecodeError as exc:
        raise ctx.error(
            exc.lineno,
            exc.colno,
            f"invalid JSON: {exc.msg}",
            "check for a missing comma, bracket or quote just before this point",
        ) from None
    except RecursionError:
        raise ctx.error(1, 1, "GeoJSON is nested too deeply to read") from None
    return _Reader(ctx, text).read(doc)


class _Reader:
    def __init__(self, ctx: Context, text: str) -> None:
        self.ctx = ctx
        self.text = text
        self.group_ids: set[str] = set()
        self._far_lon_warned = False

    def fail(self, path: _PropPath, message: str, hint: str | None = None) -> Exception:
        return self.ctx.error(*locate(self.text, path), message, hint)

    def read(self, doc: Any) -> ParsedLayer:
        kind = doc.get("type") if isinstance(doc, dict) else None
        items: list[tuple[_PropPath, _PropPath, Any]]
        if kind == "FeatureCollection":
            raw = doc.get("features")
            if not isinstance(raw, list):
                raise self.fail(
                    ("features",) if "features" in doc else (),
                    'a FeatureCollection needs a "features" list',
                )
            items = [(("features", i), ("features", i, "geometry"), f) for i, f in enumerate(raw)]
        elif kind == "Feature":
            items = [((), ("geometry",), doc)]
        elif kind in GEOMETRY_TYPES:
            items = [((), (), {"type": "Feature", "properties": None, "geometry": doc})]
        else:
            where = ("type",) if isinstance(doc, dict) and "type" in doc else ()
            raise self.fail(
                where,
                "this is not GeoJSON: expected a FeatureCollection, a Feature or a geometry",
                "export the layer as GeoJSON (RFC 7946), longitude first",
            )
        groups = self._groups(doc) if kind == "FeatureCollection" else ()
        title = clean_text(doc.get("title") or doc.get("name")) if isinstance(doc, dict) else None
        # Numbered from 1 in messages, as `atlaspress check` numbers them.
        features = [
            self._feature(path, gpath, f, i) for i, (path, gpath, f) in enumerate(items, start=1)
        ]
        skipped, warnings = self.ctx.notes()
        return ParsedLayer(
            features=tuple(features), groups=groups, title=title, skipped=skipped, warnings=warnings
        )

    def _groups(self, doc: dict[str, Any]) -> tuple[LayerGroup, ...]:
        out = []
        raw = doc.get("groups")
        for item in raw if isinstance(raw, list) else []:
            if (
                isinstance(item, dict)
                and isinstance(item.get("id"), str)
                and item["id"] not in self.group_ids
            ):
                title = clean_text(item.get("title")) or item["id"]
                self.group_ids.add(item["id"])
                out.append(LayerGroup(id=item["id"], title=title))
        return tuple(out)

    # -- features -------------------------------------------------------------------
    def _feature(self, path: _PropPath, gpath: _PropPath, raw: Any, index: int) -> dict[str, Any]:
        if not isinstance(raw, dict) or raw.get("type") != "Feature":
            raise self.fail(
                path,
                f"feature {index} is not a GeoJSON Feature",
                'each item of "features" is {"type": "Feature", "geometry": …, "properties": …}',
            )
        props = raw.get("properties")
        if props is not None and not isinstance(props, dict):
            raise self.fail(
                (*path, "properties"), f'feature {index}: "properties" must be an object or null'
            )
        normal = self._properties(props or {})
        label = f"feature {index}" + (f" ({normal['name']!r})" if normal["name"] else "")
        geometry = raw.get("geometry")
        geometry = None if geometry is None else self._geometry(gpath, geometry, label, 0)
        fid = raw.get("id")
        return feature(
            geometry,
            normal,
            fid if isinstance(fid, (str, int, float)) and not isinstance(fid, bool) else None,
        )

    def _properties(self, props: dict[str, Any]) -> dict[str, Any]:
        used = {"description", "group", "style", "data", *STYLE_KEYS}
        name = props.get("name")
        if name in (None, "") and props.get("title") not in (None, ""):
            name = props.get("title")
            used.add("title")
        else:
            used.add("name")
        description = props.get("description")
        group = props.get("group")
        style: dict[str, Any] = {}
        nested = props.get("style")
        sources: list[dict[str, Any]] = [props, nested if isinstance(nested, dict) else {}]
        for source in sources:
            for key in STYLE_KEYS:
                if key in source:
                    value = _style_value(key, source[key])
                    if value is None:
                        self.ctx.warn(
                            f"style {key}={str(source[key])[:40]!r} is not usable; ignored"
                        )
                    else:
                        style[key] = value
        data = dict(props["data"]) if isinstance(props.get("data"), dict) else {}
        data.update({k: v for k, v in props.items() if k not in used})
        if "data" in props and not isinstance(props["data"], dict):
            data["data"] = props["data"]
        return properties(
            name=clean_text(name)
            if isinstance(name, (str, int, float)) and not isinstance(name, bool)
            else None,
            description=clean_html(description) if isinstance(description, str) else None,
            group=group if isinstance(group, str) and group in self.group_ids else None,
            style=style,
            data=data,
        )

    # -- geometry -------------------------------------------------------------------
    def _geometry(self, path: _PropPath, raw: Any, label: str, depth: int) -> dict[str, Any]:
        if not isinstance(raw, dict) or raw.get("type") not in GEOMETRY_TYPES:
            kind = raw.get("type") if isinstance(raw, dict) else None
            what = (
                f"unknown geometry type {kind!r}"
                if isinstance(kind, str)
                else "geometry is not a GeoJSON geometry"
            )
            raise self.fail(
                path,
                f"{label}: {what}",
                "use Point, LineString, Polygon, their Multi* forms or GeometryCollection",
            )
        kind = raw["type"]
        if kind == "GeometryCollection":
            parts = raw.get("geometries")
            if not isinstance(parts, list):
                raise self.fail(path, f'{label}: a GeometryCollection needs a "geometries" list')
            if depth > 8:
                raise self.fail(path, f"{label}: GeometryCollections are nested too deeply")
            return {
                "type": kind,
                "geometries": [
                    self._geometry((*path, "geometries", i), g, label, depth + 1)
                    for i, g in enumerate(parts)
                ],
            }
        if "coordinates" not in raw:
            raise self.fail(path, f'{label}: a {kind} needs "coordinates"')
        cpath = (*path, "coordinates")
        coords = raw["coordinates"]
        if kind == "Point":
            return {"type": kind, "coordinates": self._position(cpath, coords, label)}
        if kind in ("MultiPoint", "LineString"):
            line = self._positions(cpath, coords, label)
            if kind == "LineString" and len(line) < 2:
                raise self.fail(
                    cpath, f"{label}: a LineString needs at least 2 positions, found {len(line)}"
                )
            return {"type": kind, "coordinates": line}
        if kind == "MultiLineString":
            lines = [
                self._positions((*cpath, i), c, label)
                for i, c in enumerate(self._list(cpath, coords, label))
            ]
            for i, line in enumerate(lines):
                if len(line) < 2:
                    raise self.fail(
                        (*cpath, i),
                        f"{label}: each line needs at least 2 positions, found {len(line)}",
                    )
            return {"type": kind, "coordinates": lines}
        if kind == "Polygon":
            return {"type": kind, "coordinates": self._polygon(cpath, coords, label)}
        polygons = [
            self._polygon((*cpath, i), c, label)
            for i, c in enumerate(self._list(cpath, coords, label))
        ]
        return {"type": kind, "coordinates": polygons}

    def _list(self, path: _PropPath, raw: Any, label: str) -> list[Any]:
        if not isinstance(raw, list):
            raise self.fail(path, f"{label}: expected a list of coordinates here", _HINT)
        return raw

    def _polygon(self, path: _PropPath, raw: Any, label: str) -> list[list[list[float]]]:
        from atlaspress.core.sphere import same_position  # here: a site without polygons loads no numpy

        rings = []
        for i, ring_raw in enumerate(self._list(path, raw, label)):
            ring = self._positions((*path, i), ring_raw, label)
            if len(ring) < 4:
                raise self.fail(
                    (*path, i),
                    f"{label}: a polygon ring needs at least 4 positions "
                    f"(3 corners and the first repeated), found {len(ring)}",
                )
            if ring[0] != ring[-1] and not same_position(ring[0], ring[-1]):  # -180 ≡ 180
                raise self.fail(
                    (*path, i),
                    f"{label}: polygon ring is not closed (its first and last positions differ)",
                    "repeat the first position at the end of the ring",
                )
            rings.append(ring)
        self._orientation(path, rings, label)
        return rings

    def _orientation(self, path: _PropPath, rings: list[list[list[float]]], label: str) -> None:
        import numpy as np

        from atlaspress.core.sphere import planar_ring

        for i, ring in enumerate(rings):
            area = signed_area(planar_ring(np.asarray(ring, dtype=float)).tolist())  # across ±180, round a pole
            wrong = area < 0 if i == 0 else area > 0
            if wrong and self.ctx.room_for_warnings():
                line, _ = locate(self.text, (*path, i))
                which = (
                    "exterior ring runs clockwise" if i == 0 else f"hole {i} runs counterclockwise"
                )
                self.ctx.warn(
                    f"line {line}: {label}: {which}; RFC 7946 §3.1.6 asks for counterclockwise "
                    "exteriors and clockwise holes (kept as authored)"
                )

    def _positions(self, path: _PropPath, raw: Any, label: str) -> list[list[float]]:
        out = []
        for i, item in enumerate(self._list(path, raw, label)):
            fast = _fast_position(item)
            out.append(fast if fast is not None else self._position((*path, i), item, label))
        return out

    def _position(self, path: _PropPath, raw: Any, label: str) -> list[float]:
        fast = _fast_position(raw)
        if fast is not None:
            return fast
        if (
            not isinstance(raw, list)
            or len(raw) < 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)
        ):
            raise self.fail(path, f"{label}: a position must be a list of 2 or 3 numbers", _HINT)
        lon, lat = float(raw[0]), float(raw[1])
        line, col = locate(self.text, path) if not -90 <= lat <= 90 or abs(lon) > 180 else (0, 0)
        check_position(
            self.ctx, lon, lat, line, col, written=_WRITTEN, lon_limit=LON_LIMIT, label=f"{label}: "
        )
        if abs(lon) > 180 and not self._far_lon_warned:
            self._far_lon_warned = True
            self.ctx.warn(
                f"line {line}: {label}: longitude {fmt(lon)} is beyond ±180, kept as authored to "
                "cross the antimeridian (RFC 7946 §3.1.9 prefers cutting shapes at 180°)"
            )
        return [lon, lat]


def _style_value(key: str, value: Any) -> Any:
    if key in ("stroke", "fill", "marker-color"):
        if (
            isinstance(value, str)
            and len(value) in (4, 7)
            and value.startswith("#")
            and all(c in "0123456789abcdefABCDEF" for c in value[1:])
        ):
            return value.lower()
        return None
    if key == "icon":
        return safe_relative(value) if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    limit = 1.0 if key.endswith("opacity") else 1000.0
    return float(value) if 0 <= value <= limit else None
