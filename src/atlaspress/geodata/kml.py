"""KML (Google My Maps, Google Earth) → GeoJSON features, groups and styles.

Folders become :class:`LayerGroup` values (nested names joined with `` / ``); Placemarks
become features with their name, sanitized description, ExtendedData and resolved style.
NetworkLinks are never fetched and overlays are not drawn: both are reported in
``skipped``. Altitudes are read, checked and dropped: features are 2D.
"""

from __future__ import annotations

import math
import re
from typing import Any

from atlaspress.geodata.common import (
    Context,
    check_position,
    clean_html,
    clean_text,
    feature,
    properties,
    slug,
)
from atlaspress.geodata.kmlstyle import IconResolver, StyleResolver, remote_only
from atlaspress.geodata.model import LayerGroup, ParsedLayer
from atlaspress.geodata.xmltree import Node, parse_root

_GEOMETRIES = (
    "Point",
    "LineString",
    "LinearRing",
    "Polygon",
    "MultiGeometry",
    "Track",
    "MultiTrack",
    "Model",
)
_OVERLAYS = {
    "GroundOverlay": "image overlays",
    "ScreenOverlay": "screen overlays",
    "PhotoOverlay": "photo overlays",
}
_CONTAINERS = ("Document", "Folder")
_WRITTEN = "lon,lat[,alt]"
_TOKEN = re.compile(r"[^\s,]+|,")
_COMMA_SPACE = re.compile(r"\s*,\s*")


def read_kml(
    data: bytes,
    ctx: Context,
    icons: IconResolver | None = None,
    assets: dict[str, bytes] | None = None,
) -> ParsedLayer:
    """Read KML bytes; ``icons`` maps style icon hrefs to file names (KMZ or bundle)."""
    root = parse_root(
        data, ctx, "kml", "KML", 'a KML file starts with <kml xmlns="http://www.opengis.net/kml/2.2">'
    )
    reader = _KmlReader(ctx, root, icons or remote_only(ctx))
    title = reader.run()
    skipped, warnings = ctx.notes()
    return ParsedLayer(
        features=tuple(reader.features),
        groups=tuple(reader.groups),
        title=title,
        skipped=skipped,
        assets=dict(assets or {}),
        warnings=warnings,
    )


class _KmlReader:
    def __init__(self, ctx: Context, root: Node, icons: IconResolver) -> None:
        self.ctx = ctx
        self.root = root
        self.features: list[dict[str, Any]] = []
        self.groups: list[LayerGroup] = []
        self._group_ids: dict[tuple[str, ...], str] = {}
        self.styles = StyleResolver(ctx, root, icons)

    # -- containers -----------------------------------------------------------------
    def run(self) -> str | None:
        tops = [c for c in self.root.children if c.tag in _CONTAINERS]
        title = None
        if len(tops) == 1:
            title = clean_text(tops[0].child_text("name"))
            self._walk(tops[0], ())
            rest = [c for c in self.root.children if c is not tops[0]]
        else:
            rest = self.root.children
        self._walk_children(rest, ())
        return title

    def _walk(self, container: Node, path: tuple[str, ...]) -> None:
        self._walk_children(container.children, path)

    def _walk_children(self, children: list[Node], path: tuple[str, ...]) -> None:
        for child in children:
            tag = child.tag
            if tag in _CONTAINERS:
                name = clean_text(child.child_text("name")) or "Untitled folder"
                self._walk(child, (*path, name))
            elif tag == "Placemark":
                self._placemark(child, path)
            elif tag == "NetworkLink":
                link_name = clean_text(child.child_text("name"))
                href = None
                for link_tag in ("Link", "Url"):
                    link = child.find(link_tag)
                    if link is not None:
                        href = clean_text(link.child_text("href"))
                label = (
                    repr(link_name)
                    if link_name
                    else (repr(href[:80]) if href else "without a name")
                )
                self.ctx.skip(
                    f"NetworkLink {label} was not fetched: atlaspress never downloads linked data"
                )
            elif tag in _OVERLAYS:
                overlay = clean_text(child.child_text("name"))
                label = f" {overlay!r}" if overlay else ""
                self.ctx.skip(f"{tag}{label} was skipped: {_OVERLAYS[tag]} are not drawn")
            elif tag == "Tour":
                self.ctx.skip("a Google Earth tour was skipped")

    def _group(self, path: tuple[str, ...]) -> str | None:
        if not path:
            return None
        if path not in self._group_ids:
            title = " / ".join(path)
            base = slug(title)
            gid, n = base, 2
            taken = set(self._group_ids.values())
            while gid in taken:
                gid, n = f"{base}-{n}", n + 1
            self._group_ids[path] = gid
            self.groups.append(LayerGroup(id=gid, title=title))
        return self._group_ids[path]

    # -- placemarks -----------------------------------------------------------------
    def _placemark(self, node: Node, path: tuple[str, ...]) -> None:
        name = clean_text(node.child_text("name"))
        geometry_node = next((c for c in node.children if c.tag in _GEOMETRIES), None)
        geometry = self._geometry(geometry_node, name) if geometry_node is not None else None
        style = self.styles.for_placemark(node)
        props = properties(
            name=name,
            description=clean_html(node.child_text("description")),
            group=self._group(path),
            style=style,
            data=_extended_data(node),
        )
        fid = clean_text(node.attrs.get("id"))
        self.features.append(feature(geometry, props, fid))

    # -- geometry -------------------------------------------------------------------
    def _geometry(self, node: Node, name: str | None) -> dict[str, Any] | None:
        tag = node.tag
        if tag == "Point":
            positions = self._coordinates(node)
            if not positions:
                raise self.ctx.error(
                    node.line,
                    node.col,
                    "a Point has no coordinates",
                    "write <coordinates>lon,lat</coordinates>",
                )
            return {"type": "Point", "coordinates": positions[0]}
        if tag in ("LineString", "LinearRing"):
            positions = self._coordinates(node)
            if len(positions) < 2:
                raise self.ctx.error(
                    node.line,
                    node.col,
                    f"a {tag} needs at least 2 positions, found {len(positions)}",
                )
            return {"type": "LineString", "coordinates": positions}
        if tag == "Polygon":
            return self._polygon(node)
        if tag == "MultiGeometry":
            return _combine(self._parts(node, 0))
        if tag == "Track":
            return _track_geometry(self._track(node))
        if tag == "MultiTrack":
            lines = [t for t in (self._track(c) for c in node.findall("Track")) if len(t) >= 2]
            if not lines:
                return None
            return {"type": "MultiLineString", "coordinates": lines}
        label = f"Placemark {name!r}" if name else "a Placemark"
        self.ctx.skip(f"{label} holds a 3D Model, which was skipped")
        return None

    def _parts(self, node: Node, depth: int) -> list[dict[str, Any]]:
        parts: list[dict[str, Any]] = []
        for child in node.children:
            if child.tag == "MultiGeometry":
                parts.extend(self._parts(child, depth + 1))
            elif child.tag in _GEOMETRIES:
                geometry = self._geometry(child, None)
                if geometry is not None:
                    parts.extend(_singles(geometry))
        return parts

    def _polygon(self, node: Node) -> dict[str, Any]:
        outer = node.find("outerBoundaryIs")
        ring = outer.find("LinearRing") if outer is not None else None
        if ring is None:
            raise self.ctx.error(
                node.line,
                node.col,
                "a Polygon has no outerBoundaryIs/LinearRing",
                "write <outerBoundaryIs><LinearRing><coordinates>…",
            )
        rings = [self._ring(ring)]
        for inner in node.findall("innerBoundaryIs"):
            rings.extend(self._ring(r) for r in inner.findall("LinearRing"))
        return {"type": "Polygon", "coordinates": rings}

    def _ring(self, node: Node) -> list[list[float]]:
        positions = self._coordinates(node)
        where = node.find("coordinates") or node
        if positions and positions[0] != positions[-1]:
            positions.append(list(positions[0]))
            self.ctx.warn(f"line {where.line}: a polygon ring was not closed; atlaspress closed it")
        if len(positions) < 4:
            raise self.ctx.error(
                where.line,
                where.col,
                f"a polygon ring needs at least 4 positions (3 corners and the first "
                f"repeated), found {len(positions)}",
            )
        return positions

    def _coordinates(self, node: Node) -> list[list[float]]:
        coords = node.find("coordinates")
        if coords is None:
            return []
        text = coords.text
        fast = _fast_coordinates(text)
        if fast is not None:
            return fast
        base_line = coords.text_line or coords.line
        base_col = coords.text_col or coords.col
        out: list[list[float]] = []
        current: list[str] = []
        start = 0
        after_comma = False

        def where(offset: int) -> tuple[int, int]:
            before = text[:offset]
            newlines = before.count("\n")
            if not newlines:
                return base_line, base_col + offset
            return base_line + newlines, offset - before.rfind("\n")

        def finish() -> None:
            if current:
                out.append(self._position(current, *where(start)))

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
                finish()
                current = []
            if not current:
                start = match.start()
            current.append(token)
            after_comma = False
        finish()
        return out

    def _position(self, parts: list[str], line: int, col: int) -> list[float]:
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

    def _track(self, node: Node) -> list[list[float]]:
        out = []
        for coord in node.findall("coord"):
            parts = coord.text.split()
            out.append(
                self._position(parts, coord.text_line or coord.line, coord.text_col or coord.col)
            )
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


def _singles(geometry: dict[str, Any]) -> list[dict[str, Any]]:
    kind = geometry["type"]
    if kind.startswith("Multi"):
        single = kind[len("Multi") :]
        return [{"type": single, "coordinates": c} for c in geometry["coordinates"]]
    if kind == "GeometryCollection":
        return list(geometry["geometries"])
    return [geometry]


def _combine(parts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """MultiGeometry children → Multi* when all of one kind, else a GeometryCollection."""
    if not parts:
        return None
    kinds = {p["type"] for p in parts}
    if len(kinds) == 1:
        (kind,) = kinds
        return {"type": "Multi" + kind, "coordinates": [p["coordinates"] for p in parts]}
    return {"type": "GeometryCollection", "geometries": parts}


def _extended_data(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for ext in node.findall("ExtendedData"):
        for item in ext.findall("Data"):
            key = clean_text(item.attrs.get("name")) or clean_text(item.child_text("displayName"))
            if key:
                data[key] = item.child_text("value") or ""
        for schema in ext.findall("SchemaData"):
            for simple in schema.findall("SimpleData"):
                key = clean_text(simple.attrs.get("name"))
                if key:
                    data[key] = simple.all_text().strip()
    return data
