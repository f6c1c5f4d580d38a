"""KML styles → simplestyle-spec keys; icon hrefs → files atlaspress may use.

``Style``, ``StyleMap`` (normal state) and Google Earth's ``gx:CascadingStyle`` are
resolved through ``styleUrl`` — shared styles in the Document as Google My Maps and Google
Earth write them, and inline styles, which win. A Google Earth web project writes each
style as a ``gx:CascadingStyle`` holding a ``<Style>`` over a remote balloon template
(``https://earth.google.com/balloon_components/…#main``): the template only lays out the
pop-up, so it is passed over without a word. Its point icons are remote and carry their
colour in the URL (``…/icon?color=1976d2&id=2000``): that colour becomes the marker
colour. Colours are KML ``aabbggrr``: they become ``#rrggbb`` plus an opacity.

A ``styleUrl`` into another file of the same KMZ (``styles.kml#red``) is read through
``external``; Google Earth's built-in styles (``root://styleMaps#default+nicon=…``, KML
2.0 and 2.1) cannot be: their placemarks get the map's default colours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from atlaspress.content.layers.common import Context
from atlaspress.content.layers.kmlfiles import Files, drop_icon
from atlaspress.content.layers.xmltree import Node

_HEX = re.compile(r"#?([0-9a-fA-F]{8}|[0-9a-fA-F]{6})")
_STYLES = ("Style", "StyleMap", "CascadingStyle")
_EARTH_ICONS = "earth.google.com"
MAX_STYLE_DEPTH = 8

#: Resolves ``file#id`` in another file of the layer; None when that file is not read.
ExternalStyles = Callable[[str, str, int], "dict[str, Any] | None"]


class StyleResolver:
    """Resolves a Placemark's style: shared ``styleUrl`` first, inline styles over it.

    ``base`` is the folder of the KML inside its KMZ, which icon hrefs are relative to.
    """

    def __init__(
        self,
        ctx: Context,
        root: Node,
        files: Files,
        base: str = "",
        external: ExternalStyles | None = None,
    ) -> None:
        self.ctx = ctx
        self.files = files
        self.base = base
        self.external = external
        self._shared: dict[str, Node] = {}
        self._resolved: dict[str, dict[str, Any]] = {}
        for node in root.iter_any(_STYLES):
            sid = node.attrs.get("id")
            if sid and sid not in self._shared:
                self._shared[sid] = node

    def for_placemark(self, node: Node) -> dict[str, Any]:
        style: dict[str, Any] = {}
        url = node.child_text("styleUrl")
        if url:
            style.update(self.from_url(url, 0))
        for inline in node.children:
            if inline.tag in _STYLES:
                style.update(self.from_node(inline, 0))
        return style

    def from_url(self, url: str, depth: int, *, quiet_remote: bool = False) -> dict[str, Any]:
        """The style ``url`` names; ``quiet_remote`` passes over remote templates silently."""
        url = url.strip()
        if not url.startswith("#"):
            return self._elsewhere(url, depth, quiet_remote)
        sid = url[1:]
        if sid in self._resolved:
            return self._resolved[sid]
        node = self._shared.get(sid)
        if node is None:
            self.ctx.warn(f"style {url[:80]!r} is not defined in the file; ignored")
            return {}
        style = self.from_node(node, depth + 1)
        self._resolved[sid] = style
        return style

    def _elsewhere(self, url: str, depth: int, quiet_remote: bool) -> dict[str, Any]:
        if url.startswith("root://"):
            self.ctx.warn(
                f"style {url[:80]!r} is one of Google Earth's built-in styles, which atlaspress "
                "does not have; its placemarks get the map's default colours"
            )
            return {}
        if "#" not in url:
            self.ctx.warn(f"style reference {url[:80]!r} does not start with '#'; ignored")
            return {}
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|//", url):
            if not quiet_remote:
                self.ctx.warn(f"style {url[:80]!r} is on the web, which atlaspress never reads")
            return {}
        found = self.external(url, self.base, depth + 1) if self.external is not None else None
        if found is None:
            self.ctx.warn(f"style {url[:80]!r} lives in another file, which was not read")
            return {}
        return found

    def from_node(self, node: Node, depth: int) -> dict[str, Any]:
        if depth > MAX_STYLE_DEPTH:
            self.ctx.warn("styles refer to each other in a loop; ignored")
            return {}
        if node.tag == "StyleMap":
            for pair in node.findall("Pair"):
                if (pair.child_text("key") or "normal") != "normal":
                    continue
                return self._layered(pair, depth)
            return {}
        if node.tag == "CascadingStyle":
            return self._layered(node, depth, quiet_remote=True)
        style: dict[str, Any] = {}
        line = node.find("LineStyle")
        if line is not None:
            _colour(line.child_text("color"), "stroke", "stroke-opacity", style, self.ctx)
            width = _number(line.child_text("width"))
            if width is not None and 0 <= width <= 1000:
                style["stroke-width"] = width
        poly = node.find("PolyStyle")
        if poly is not None:
            _colour(poly.child_text("color"), "fill", "fill-opacity", style, self.ctx)
            if _false(poly.child_text("fill")):
                style["fill-opacity"] = 0.0
            if _false(poly.child_text("outline")):
                style["stroke-opacity"] = 0.0
        icon_style = node.find("IconStyle")
        if icon_style is not None:
            _colour(icon_style.child_text("color"), "marker-color", None, style, self.ctx)
            icon = icon_style.find("Icon")
            href = icon.child_text("href") if icon is not None else None
            if href:
                self._icon(href, style)
        return style

    def _layered(self, node: Node, depth: int, *, quiet_remote: bool = False) -> dict[str, Any]:
        """A ``styleUrl`` child with ``Style`` children over it (StyleMap Pair, CascadingStyle)."""
        out: dict[str, Any] = {}
        url = node.child_text("styleUrl")
        if url:
            out.update(self.from_url(url, depth, quiet_remote=quiet_remote))
        for inner in node.children:
            if inner.tag == "Style":
                out.update(self.from_node(inner, depth + 1))
        return out

    def _icon(self, href: str, style: dict[str, Any]) -> None:
        name = self.files.find(href, self.base)
        if name:
            style["icon"] = name
            return
        drop_icon(self.ctx, href, self.files.where)
        if "marker-color" not in style:
            colour = _earth_icon_colour(href)
            if colour:
                style["marker-color"] = colour


def _earth_icon_colour(href: str) -> str | None:
    """The ``color=rrggbb`` of a Google Earth web icon URL, as ``#rrggbb``."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    if parts.hostname != _EARTH_ICONS:
        return None
    value = (parse_qs(parts.query).get("color") or [""])[0]
    return f"#{value.lower()}" if re.fullmatch(r"[0-9a-fA-F]{6}", value) else None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _false(text: str | None) -> bool:
    return text is not None and text.strip().lower() in ("0", "false")


def _colour(
    text: str | None, key: str, opacity_key: str | None, style: dict[str, Any], ctx: Context
) -> None:
    """KML ``aabbggrr`` → ``#rrggbb`` under ``key`` and alpha (0–1) under ``opacity_key``."""
    if not text:
        return
    m = _HEX.fullmatch(text.strip())
    if not m:
        ctx.warn(f"colour {text.strip()[:20]!r} is not KML aabbggrr hex; ignored")
        return
    value = m.group(1).lower()
    if len(value) == 6:
        value = "ff" + value
    alpha, blue, green, red = value[0:2], value[2:4], value[4:6], value[6:8]
    style[key] = f"#{red}{green}{blue}"
    if opacity_key:
        style[opacity_key] = round(int(alpha, 16) / 255, 3)
