"""KML geometry elements → GeoJSON geometries, 2D, longitude first.

Standard KML 2.2 (``Point``, ``LineString``, ``LinearRing``, ``Polygon``,
``MultiGeometry``, ``Model``) and Google's ``gx:Track`` / ``gx:MultiTrack`` (KML 2.3's
``Track`` / ``MultiTrack``), plus what some tools write instead of ``MultiGeometry``:
``MultiPolygon``, ``MultiLineString`` and ``MultiPoint`` holding their single shapes
(directly or in GML-style ``polygonMember`` wrappers). They read as the standard shapes.

A geometry with no position at all reads as None rather than failing: Google Location
History writes ``<LineString><coordinates/></LineString>`` for a move it has no path for,
and tracks may hold empty ``<gx:coord/>``. The reader decides what to say about it.
A ``Model`` (a 3D object) is drawn as the point of its ``<Location>``.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Any

from atlaspress.content.layers.common import Context, check_position
from atlaspress.content.layers.xmltree import Node

SINGLE = ("Point", "LineString", "LinearRing", "Polygon", "Track", "Model")
MULTI = ("MultiGeometry", "MultiTrack", "MultiPolygon", "MultiLineString", "MultiPoint")
GEOMETRIES = SINGLE + MULTI
MAX_NESTING = 16  # MultiGeometry inside MultiGeometry

_WRITTEN = "lon,lat[,alt]"
_TOKEN = re.compile(r"[^\s,]+|,")
_COMMA_SPACE = re.compile(r"\s*,\s*")


class GeometryReader:
    """Reads one KML's geometry elements; errors are located in that file (``ctx``)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def read(self, node: Node, depth: int = 0) -> dict[str, Any] | None:
        """The geometry of ``node``, or None when it holds no position."""
        tag = node.tag
        if tag == "Point":
            if node.find("coordinates") is None:
                raise self.ctx.error(
                    node.line,
                    node.col,
                    "a Point has no coordinates",
                    "write <coordinates>lon,lat</coordinates>",
                )
            positions = self.coordinates(node)
            return {"type": "Point", "coordinates": positions[0]} if positions else None
        if tag in ("LineString", "LinearRing"):
            positions = self.coordinates(node)
            if not positions:
                return None
            if len(positions) < 2:
                raise self.ctx.error(
                    node.line,
                    node.col,
                    f"a {tag} needs at least 2 positions, found {len(positions)}",
                )
            return {"type": "LineString", "coordinates": positions}
        if tag == "Polygon":
            return self._polygon(node)
        if tag == "Track":
            return _track_geometry(self._track(node))
        if tag == "Model":
            return self._model(node)
        if depth >= MAX_NESTING:
            raise self.ctx.error(node.line, node.col, f"{tag} is nested too deeply")
        return combine(self.parts(node, depth))

    def parts(self, node: Node, depth: int) -> list[dict[str, Any]]:
        """The single shapes inside a multi-geometry, empty ones left out."""
        parts: list[dict[str, Any]] = []
        for child in _members(node):
            geometry = self.read(child, depth + 1)
            if geometry is not None:
                parts.extend(singles(geometry))
        return parts

    # -- shapes -------------------------------------------------------------------
    def _polygon(self, node: Node) -> dict[str, Any] | None:
        outer = node.find("outerBoundaryIs")
        ring = outer.find("LinearRing") if outer is not None else None
        if ring is None:
            raise self.ctx.error(
                node.line,
                node.col,
                "a Polygon has no outerBoundaryIs/LinearRing",
                "write <outerBoundaryIs><LinearRing><coordinates>…",
            )
        exterior = self._ring(ring)
        if exterior is None:
            return None
        rings = [exterior]
        for inner in node.findall("innerBoundaryIs"):
            for hole in inner.findall("LinearRing"):
                positions = self._ring(hole)
                if positions is not None:
                    rings.append(positions)
        return {"type": "Polygon", "coordinates": rings}

    def _ring(self, node: Node) -> list[list[float]] | None:
        positions = self.coordinates(node)
        if not positions:
            return None
        where = node.find("coordinates") or node
        if positions[0] != positions[-1]:
            positions.append(list(positions[0]))
            self.ctx.warn(f"{self.ctx.line(where.line)}: a polygon ring was not closed; atlaspress closed it")
        if len(positions) < 4:
            raise self.ctx.error(
                where.line,
                where.col,
                f"a polygon ring needs at least 4 positions (3 corners and the first repeated), found {len(positions)}",
            )
        return positions

    def _track(self, node: Node) -> list[list[float]]:
        out = []
        for coord in node.findall("coord"):
            parts = coord.text.split()
            if parts:  # an empty <gx:coord/>: a time with no position
                out.append(self.position(parts, coord.text_line or coord.line, coord.text_col or coord.col))
        return out

    def _model(self, node: Node) -> dict[str, Any] | None:
        location = node.find("Location")
        if location is None:
            return None
        values = []
        for name in ("longitude", "latitude"):
            item = location.find(name)
            text = item.all_text().strip() if item is not None else ""
            if not text:
                return None
            try:
                values.append(float(text))
            except ValueError:
                raise self.ctx.error(
                    item.text_line or item.line,  # type: ignore[union-attr]
                    item.text_col or item.col,  # type: ignore[union-attr]
                    f"cannot read {text[:40]!r} as the {name} of a Model's <Location>",
                    "write decimal degrees, e.g. <longitude>126.6</longitude>",
                ) from None
        lon, lat = values
        check_position(self.ctx, lon, lat, location.line, location.col, written=None)
        return {"type": "Point", "coordinates": [lon, lat]}

    # -- coordinates --------------------------------------------------------------
    def coordinates(self, node: Node) -> list[list[float]]:
        """The positions of ``node``'s ``<coordinates>`` child; [] when absent or empty."""
        coords = node.find("coordinates")
        if coords is None:
            return []
        text = coords.all_text() if coords.children else coords.text
        fast = _fast_coordinates(text)
        if fast is not None:
            return fast
        return self._careful(text, coords.text_line or coords.line, coords.text_col or coords.col)

    def _careful(self, text: str, base_line: int, base_col: int) -> list[list[float]]:
        """Token by token, so a problem is located; linear in the text's length."""
        newlines = [m.start() for m in re.finditer("\n", text)]

        def where(offset: int) -> tuple[int, int]:
            before = bisect.bisect_left(newlines, offset)
            if not before:
                return base_line, base_col + offset
            return base_line + before, offset - newlines[before - 1]

        out: list[list[float]] = []
        current: list[str] = []
        start = 0
        after_comma = False
        for match in _TOKEN.finditer(text):
            token = match.group()
            if token == ",":
                if not current or after_comma:
                    raise self.ctx.error(
                        *where(match.start()),
                        "cannot read coordinates: stray comma",
                        f"write positions as {_WRITTEN} separated by spaces",
                    )
                after_comma = True
                continue
            if current and not after_comma:
                out.append(self.position(current, *where(start)))
                current = []
            if not current:
                start = match.start()
            current.append(token)
            after_comma = False
        if current:
            out.append(self.position(current, *where(start)))
        return out

    def position(self, parts: list[str], line: int, col: int) -> list[float]:
        if len(parts) not in (2, 3):
            raise self.ctx.error(
                line,
                col,
                f"cannot read {','.join(parts)[:60]!r} as a position",
                f"KML writes each position as {_WRITTEN}, separated by spaces",
            )
        try:
            values = [float(p) for p in parts]
        except ValueError:
            raise self.ctx.error(
                line,
                col,
                f"cannot read {','.join(parts)[:60]!r} as a position",
                f"KML writes each position as {_WRITTEN}, separated by spaces",
            ) from None
        lon, lat = values[0], values[1]
        check_position(self.ctx, lon, lat, line, col, written=_WRITTEN)
        if len(values) == 3 and not math.isfinite(values[2]):
            raise self.ctx.error(line, col, f"altitude {values[2]} is not a finite number")
        return [lon, lat]


def _members(node: Node) -> list[Node]:
    """Geometry children of a multi-geometry, looking one level into member wrappers."""
    out = []
    for child in node.children:
        if child.tag in GEOMETRIES:
            out.append(child)
        elif child.tag.endswith(("Member", "Members")):  # GML-style polygonMember
            out.extend(c for c in child.children if c.tag in GEOMETRIES)
    return out


def _fast_coordinates(text: str) -> list[list[float]] | None:
    """Well-formed, in-range coordinates read cheaply; None sends the text to the careful
    reader, which finds and locates the problem."""
    out = []
    try:
        items = text.split()
        if any(item[0] == "," or item[-1] == "," for item in items):
            items = _COMMA_SPACE.sub(",", text).split()  # "lon, lat, alt" with spaces
        for item in items:
            parts = item.split(",")
            if parts[-1] == "":
                parts.pop()
            if len(parts) == 3:
                if not math.isfinite(float(parts[2])):
                    return None
            elif len(parts) != 2:
                return None
            lon, lat = float(parts[0]), float(parts[1])
            if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
                return None
            out.append([lon, lat])
    except ValueError:
        return None
    return out


def _track_geometry(positions: list[list[float]]) -> dict[str, Any] | None:
    if len(positions) >= 2:
        return {"type": "LineString", "coordinates": positions}
    if positions:
        return {"type": "Point", "coordinates": positions[0]}
    return None


def singles(geometry: dict[str, Any]) -> list[dict[str, Any]]:
    kind = geometry["type"]
    if kind.startswith("Multi"):
        single = kind[len("Multi") :]
        return [{"type": single, "coordinates": c} for c in geometry["coordinates"]]
    if kind == "GeometryCollection":
        return list(geometry["geometries"])
    return [geometry]


def combine(parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Single shapes → Multi* when all of one kind, else a GeometryCollection."""
    if not parts:
        return None
    kinds = {p["type"] for p in parts}
    if len(kinds) == 1:
        (kind,) = kinds
        return {"type": "Multi" + kind, "coordinates": [p["coordinates"] for p in parts]}
    return {"type": "GeometryCollection", "geometries": parts}
