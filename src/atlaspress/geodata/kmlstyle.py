"""KML styles → simplestyle-spec keys; icon hrefs → files atlaspress may use.

``Style`` and ``StyleMap`` (normal state) are resolved through ``styleUrl`` — shared styles
in the Document as Google My Maps and Google Earth write them, and inline styles, which
win. Colours are KML ``aabbggrr``: they become ``#rrggbb`` plus an opacity.
"""

from __future__ import annotations

import math
import posixpath
import re
from collections.abc import Callable
from typing import Any

from atlaspress.geodata.common import Context
from atlaspress.geodata.xmltree import Node

#: Turns an icon href into a bundle-relative file name, or None when it cannot be used.
IconResolver = Callable[[str, Node], "str | None"]

_HEX = re.compile(r"#?([0-9a-fA-F]{8}|[0-9a-fA-F]{6})")


class StyleResolver:
    """Resolves a Placemark's style: shared ``styleUrl`` first, inline styles over it."""

    def __init__(self, ctx: Context, root: Node, icons: IconResolver) -> None:
        self.ctx = ctx
        self.icons = icons
        self._shared: dict[str, Node] = {}
        self._resolved: dict[str, dict[str, Any]] = {}
        for tag in ("Style", "StyleMap"):
            for node in root.iter(tag):
                sid = node.attrs.get("id")
                if sid and sid not in self._shared:
                    self._shared[sid] = node

    def for_placemark(self, node: Node) -> dict[str, Any]:
        style: dict[str, Any] = {}
        url = node.child_text("styleUrl")
        if url:
            style.update(self.from_url(url, 0))
        for inline in node.children:
            if inline.tag in ("Style", "StyleMap"):
                style.update(self.from_node(inline, 0))
        return style

    def from_url(self, url: str, depth: int) -> dict[str, Any]:
        url = url.strip()
        if not url.startswith("#"):
            if "#" in url:
                self.ctx.warn(f"style {url[:80]!r} lives in another file, which was not read")
            else:
                self.ctx.warn(f"style reference {url[:80]!r} does not start with '#'; ignored")
            return {}
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

    def from_node(self, node: Node, depth: int) -> dict[str, Any]:
        if depth > 8:
            self.ctx.warn("styles refer to each other in a loop; ignored")
            return {}
        if node.tag == "StyleMap":
            for pair in node.findall("Pair"):
                if (pair.child_text("key") or "normal") != "normal":
                    continue
                out: dict[str, Any] = {}
                url = pair.child_text("styleUrl")
                if url:
                    out.update(self.from_url(url, depth))
                inner = pair.find("Style")
                if inner is not None:
                    out.update(self.from_node(inner, depth + 1))
                return out
            return {}
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
                name = self.icons(href, icon)  # type: ignore[arg-type]
                if name:
                    style["icon"] = name
        return style


def remote_only(ctx: Context) -> IconResolver:
    """An icon resolver for KML with nothing beside it: every icon is dropped."""

    def resolve(href: str, node: Node) -> str | None:
        drop_icon(ctx, href)
        return None

    return resolve


def is_remote(href: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href)) or href.startswith("//")


def safe_relative(href: str, base: str = "") -> str | None:
    """``base``-relative href as a normalized relative path, or None if it leaves ``base``."""
    href = href.strip().replace("\\", "/").split("#", 1)[0].split("?", 1)[0]
    if not href or href.startswith("/") or is_remote(href):
        return None
    joined = posixpath.normpath(posixpath.join(base, href))
    if joined.startswith("../") or joined == ".." or joined.startswith("/") or joined == ".":
        return None
    return joined


def drop_icon(ctx: Context, href: str, where: str = "next to the layer") -> None:
    """Note an icon that will not be used: remote (never fetched) or missing."""
    if is_remote(href):
        ctx.warn(
            "remote icons (such as "
            + href[:80]
            + ") were not fetched; markers use their colour instead"
        )
    else:
        ctx.warn(f"icon {href[:80]!r} was not found {where}; markers use their colour instead")


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
