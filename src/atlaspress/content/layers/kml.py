"""KML (Google My Maps, Google Earth, Location History) → GeoJSON features, groups and styles.

Folders become :class:`LayerGroup` values (nested names joined with `` / ``); Placemarks
become features with their name, sanitized description (:mod:`.kmlhtml`), ExtendedData
and resolved style (:mod:`.kmlstyle`); geometry is read by :mod:`.kmlgeom`. Overlays are
not drawn and tours not played: both are reported in ``skipped``. Altitudes are read,
checked and dropped: features are 2D.

NetworkLinks are never fetched from the network. One whose href names another KML of
the same KMZ is followed (:class:`~atlaspress.content.layers.kmlfiles.Files`): its features
come in under a folder named after the link, at most :data:`MAX_LINK_DEPTH` links deep,
each file once, never back into a file being read (a loop), never out of the archive.

A Placemark with no position (Google Location History's empty ``<coordinates/>``, a
track of empty ``<gx:coord/>``, a Model without ``<Location>``) is left out, and one
located note lists them; the rest of the file is read.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from atlaspress.content.layers.common import Context, clean_text, feature, properties, slug
from atlaspress.content.layers.kmlfiles import Files, NoFiles, is_remote
from atlaspress.content.layers.kmlgeom import GEOMETRIES, GeometryReader, combine, singles
from atlaspress.content.layers.kmlhtml import Descriptions
from atlaspress.content.layers.kmlstyle import StyleResolver
from atlaspress.content.layers.model import LayerGroup, ParsedLayer
from atlaspress.content.layers.xmltree import Node, parse_root

_OVERLAYS = {
    "GroundOverlay": "image overlays",
    "ScreenOverlay": "screen overlays",
    "PhotoOverlay": "photo overlays",
}
_CONTAINERS = ("Document", "Folder")
# Elements never read, left out while parsing: a Location History track has one <when>
# per position, and SimpleArrayData one <gx:value> per position.
_UNREAD = frozenset({("Track", "when"), ("Track", "angles"), ("SimpleArrayData", "value")})
_ROOT_HINT = 'a KML file starts with <kml xmlns="http://www.opengis.net/kml/2.2">'
MAX_LINK_DEPTH = 4  # NetworkLinks followed inside one another
MAX_LINKED_FILES = 100  # KML files read through NetworkLinks, in all
_LISTED = 8  # skipped placemarks named in the note
_EMPTY_COORDINATES = "empty <coordinates/>, so no position"
_LOCATION_HISTORY = " (Google Location History writes them for moves it has no path for)"


def read_kml(
    data: bytes,
    ctx: Context,
    files: Files | None = None,
    *,
    name: str = "",
    archive: str | None = None,
) -> ParsedLayer:
    """Read KML bytes; ``files`` answers for icons, description images and linked KML.

    ``name`` is the file's path inside its KMZ (``archive`` is how the KMZ is shown in
    messages): its folder is where relative hrefs start.
    """
    reader = _KmlReader(ctx, files or NoFiles(), archive)
    root = reader.parse(data, ctx)
    title = reader.run(_Document(ctx, root, name, reader))
    reader.finish()
    skipped, warnings = ctx.notes()
    return ParsedLayer(
        features=tuple(reader.features),
        groups=tuple(reader.groups),
        title=title,
        skipped=skipped,
        warnings=warnings,
    )


@dataclass
class _Document:
    """One KML file of the layer: the main one, or one a NetworkLink pointed to."""

    ctx: Context
    root: Node
    name: str  # path inside the KMZ ("" for a plain KML)
    reader: _KmlReader

    def __post_init__(self) -> None:
        self.base = posixpath.dirname(self.name)
        self.geometry = GeometryReader(self.ctx)
        self.styles = StyleResolver(self.ctx, self.root, self.reader.files, self.base, self.reader.external_style)


class _KmlReader:
    def __init__(self, ctx: Context, files: Files, archive: str | None) -> None:
        self.ctx = ctx
        self.files = files
        self.archive = archive
        self.features: list[dict[str, Any]] = []
        self.groups: list[LayerGroup] = []
        self._group_ids: dict[tuple[str, ...], str] = {}
        self.descriptions = Descriptions(files)
        self.open: list[str] = []  # files being read, outermost first
        self.read_files: set[str] = set()
        self.linked: dict[str, _Document] = {}  # parsed linked files, for their styles too
        self.empty: dict[str, list[tuple[str | None, str]]] = {}  # reason → (name, where)

    @staticmethod
    def parse(data: bytes, ctx: Context) -> Node:
        return parse_root(data, ctx, "kml", "KML", _ROOT_HINT, _UNREAD)

    # -- containers -----------------------------------------------------------------
    def run(self, doc: _Document, path: tuple[str, ...] = ()) -> str | None:
        """Read ``doc``; its single top Document or Folder titles the layer (the main file)
        or melts into the link's folder (a linked file)."""
        self.open.append(doc.name)
        self.read_files.add(doc.name)
        tops = [c for c in doc.root.children if c.tag in _CONTAINERS]
        title = None
        rest = doc.root.children
        if len(tops) == 1:
            title = clean_text(tops[0].child_text("name"))
            self._walk(doc, tops[0].children, path)
            rest = [c for c in doc.root.children if c is not tops[0]]
        self._walk(doc, rest, path)
        self.open.pop()
        return title

    def _walk(self, doc: _Document, children: list[Node], path: tuple[str, ...]) -> None:
        for child in children:
            tag = child.tag
            if tag in _CONTAINERS:
                name = clean_text(child.child_text("name")) or "Untitled folder"
                self._walk(doc, child.children, (*path, name))
            elif tag == "Placemark":
                self._placemark(doc, child, path)
            elif tag == "NetworkLink":
                self._network_link(doc, child, path)
            elif tag in _OVERLAYS:
                overlay = clean_text(child.child_text("name"))
                label = f" {overlay!r}" if overlay else ""
                doc.ctx.skip(f"{tag}{label} was skipped: {_OVERLAYS[tag]} are not drawn")
            elif tag == "Tour":
                doc.ctx.skip("a Google Earth tour was skipped")

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

    # -- network links ----------------------------------------------------------------
    def _network_link(self, doc: _Document, node: Node, path: tuple[str, ...]) -> None:
        link_name = clean_text(node.child_text("name"))
        href = None
        for link_tag in ("Link", "Url"):
            link = node.find(link_tag)
            if link is not None:
                href = clean_text(link.child_text("href"))
        label = repr(link_name) if link_name else (repr(href[:80]) if href else "without a name")
        where = doc.ctx.line(node.line)
        if not href:
            doc.ctx.skip(f"{where}: NetworkLink {label} has no <href>, so there is nothing to read")
            return
        if is_remote(href):
            doc.ctx.skip(f"NetworkLink {label} was not fetched: atlaspress never downloads linked data")
            return
        found = self.files.document(href, doc.base)
        if isinstance(found, str):
            doc.ctx.skip(f"{where}: NetworkLink {label} ({href[:80]!r}) was not read: {found}")
            return
        name, data = found
        why = None
        if name in self.open:
            why = f"it points back to {name!r}, which links to it (a loop)"
        elif name in self.read_files:
            why = f"{name!r} was read already, through another link"
        elif len(self.open) > MAX_LINK_DEPTH:
            why = f"it is more than {MAX_LINK_DEPTH} NetworkLinks deep"
        elif len(self.read_files) > MAX_LINKED_FILES:
            why = f"the layer already reads {MAX_LINKED_FILES} linked files"
        if why:
            doc.ctx.skip(f"{where}: NetworkLink {label} was not followed: {why}")
            return
        linked = self._linked(name, data)
        folder = link_name or clean_text(_top_name(linked.root)) or posixpath.basename(name)
        self.run(linked, (*path, folder))

    def _linked(self, name: str, data: bytes) -> _Document:
        if name not in self.linked:
            shown = f"{self.archive}!{name}" if self.archive else name
            ctx = self.ctx.nested(shown, f"{name} ")
            self.linked[name] = _Document(ctx, self.parse(data, ctx), name, self)
        return self.linked[name]

    def external_style(self, url: str, base: str, depth: int) -> dict[str, Any] | None:
        """``file#id`` in another KML of the same KMZ (read, not walked, if not linked)."""
        target, _, sid = url.partition("#")
        found = self.files.document(target, base)
        if isinstance(found, str) or not sid:
            return None
        name, data = found
        try:
            other = self._linked(name, data)
        except Exception:  # noqa: BLE001 - a broken style file only loses its colours
            return None
        return other.styles.from_url("#" + sid, depth)

    # -- placemarks -----------------------------------------------------------------
    def _placemark(self, doc: _Document, node: Node, path: tuple[str, ...]) -> None:
        name = clean_text(node.child_text("name"))
        shapes = [c for c in node.children if c.tag in GEOMETRIES]
        geometry = None
        if shapes:
            parts = [g for g in (doc.geometry.read(s) for s in shapes) if g is not None]
            if not parts:
                self._note_empty(doc, node, shapes, name)
                return
            # One geometry, as KML has it; several (Google Timeline writes a Point beside
            # an empty LineString) are combined.
            geometry = parts[0] if len(parts) == 1 else combine([p for g in parts for p in singles(g)])
        if geometry is not None and geometry["type"] == "Point" and geometry["coordinates"] == [0.0, 0.0]:
            doc.ctx.warn(
                f"{doc.ctx.line(node.line)}: {_label(name)} is at 0, 0 (in the Gulf of Guinea), "
                "which some tools write for a missing position; kept as written"
            )
        props = properties(
            name=name,
            description=self.descriptions.read(node, doc.ctx, doc.base, lambda: _label(name)),
            group=self._group(path),
            style=doc.styles.for_placemark(node),
            data=_extended_data(node),
        )
        fid = clean_text(node.attrs.get("id"))
        self.features.append(feature(geometry, props, fid))

    def _note_empty(self, doc: _Document, node: Node, shapes: list[Node], name: str | None) -> None:
        kinds = {s.tag for s in shapes}
        if kinds <= {"Model"}:
            reason = "a Model with no <Location>"
        elif kinds <= {"Track", "MultiTrack"}:
            reason = "a track with no positions"
        else:
            reason = _EMPTY_COORDINATES
        self.empty.setdefault(reason, []).append((name, doc.ctx.line(node.line)))

    def finish(self) -> None:
        """One located note per reason for the placemarks left out for having no position."""
        for reason, items in self.empty.items():
            name, where = items[0]
            why = reason + (_LOCATION_HISTORY if reason == _EMPTY_COORDINATES else "")
            if len(items) == 1:
                self.ctx.skip(f"{where}: {_label(name)} was skipped: it has {why}")
                continue
            listed = ", ".join(f"{n!r} ({at})" if n else f"one without a name ({at})" for n, at in items[:_LISTED])
            more = f" and {len(items) - _LISTED} more" if len(items) > _LISTED else ""
            self.ctx.skip(f"{where}: {len(items)} placemarks were skipped: they have {why}: {listed}{more}")


def _label(name: str | None) -> str:
    return f"Placemark {name!r}" if name else "a Placemark without a name"


def _top_name(root: Node) -> str | None:
    tops = [c for c in root.children if c.tag in _CONTAINERS]
    return tops[0].child_text("name") if len(tops) == 1 else None


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
