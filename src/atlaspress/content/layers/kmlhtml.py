"""KML ``<description>`` → sanitized HTML, markup kept, images resolved to the layer's files.

Descriptions arrive three ways: as CDATA (Google My Maps, Google Earth), as escaped HTML
(``&lt;b&gt;``), and from a few tools as XHTML written straight into the KML
(``<description><div xmlns="http://www.w3.org/1999/xhtml"><p>…``), which an XML parser
reads as elements. The first two are HTML text already; the third is written back out
as HTML in document order. All go through nh3 (:func:`clean_html`): scripts, handlers,
frames and styles never survive.

Images: ``<img src>`` relative to the KML is looked up among the layer's files (the
KMZ's entries, or files beside a plain KML); when found, its ``src`` becomes the file's
name inside the post, and the file is published. Remote images stay in the text but are
never shown on the site's maps (nothing is loaded from other sites); one note says so.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from atlaspress.content.layers.common import Context, clean_html
from atlaspress.content.layers.kmlfiles import Files, is_remote
from atlaspress.content.layers.xmltree import Node

_VOID = {"br", "img", "hr", "col", "wbr", "area", "source"}
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def markup(node: Node) -> str:
    """The HTML of an element's content: elements and text in document order."""
    out: list[str] = []
    _write(node, out)
    return "".join(out)


def _write(node: Node, out: list[str]) -> None:
    for item in node.content():
        if isinstance(item, str):
            out.append(html.escape(item, quote=False))
            continue
        attrs = "".join(
            f' {name}="{html.escape(value, quote=True)}"'
            for name, value in item.attrs.items()
            if name != "xmlns" and re.fullmatch(r"[A-Za-z][\w-]*", name)
        )
        out.append(f"<{item.tag}{attrs}>")
        if item.tag.lower() not in _VOID:
            _write(item, out)
            out.append(f"</{item.tag}>")


class Descriptions:
    """Reads descriptions of one layer, resolving images through ``files``."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self._remote_noted = False

    def read(self, node: Node, ctx: Context, base: str, label: Callable[[], str]) -> str | None:
        """The sanitized description of Placemark ``node`` (in a KML whose folder is ``base``)."""
        desc = node.find("description")
        if desc is None:
            return None
        text = markup(desc) if desc.children else desc.text
        cleaned = clean_html(text)
        if cleaned is None or "<img" not in cleaned:
            return cleaned
        return _IMG.sub(lambda m: self._image(m.group(), ctx, base, label), cleaned)

    def _image(self, tag: str, ctx: Context, base: str, label: Callable[[], str]) -> str:
        found = _SRC.search(tag)
        if found is None:
            return tag
        src = html.unescape(found.group(1)).strip()
        if is_remote(src):
            if not self._remote_noted:
                self._remote_noted = True
                ctx.warn(
                    f"remote images in descriptions (such as {src[:80]}) are not shown on the "
                    "map: atlaspress loads nothing from other sites"
                )
            return tag
        name = self.files.find(src, base)
        if name is None:
            ctx.warn(
                f"image {src[:80]!r} in the description of {label()} was not found {self.files.where}; it is not shown"
            )
            return tag
        return tag[: found.start(1)] + html.escape(name, quote=True) + tag[found.end(1) :]
