"""Which files of a post folder are published next to its page, and in what form.

A post folder is the author's workspace: it may hold a ``.git`` folder, editor backups,
drafts and files made by other tools. Only what the post uses goes out:

* the files it references: its layers (and the icons their styles name), fact images, and
  every relative ``href``/``src`` in its Markdown (body, fact details, timeline) and in its
  layers' feature descriptions. A KMZ layer is the exception: the archive may hold files
  no feature uses, so it is not published itself; the icons and images its features use
  are unpacked beside the page instead (``publish = ["*.kmz"]`` still publishes it);
* files matching the site's ``publish`` patterns in ``atlaspress.toml`` (``["*.pdf"]``).

Never published, referenced or not: hidden paths (any part starting with ``.``), editor
and backup files (``*~``, ``*.bak``, ``*.swp``, ``#x#``, ``.DS_Store`` …) and documents a
browser runs as pages on the site's origin (HTML, XSLT, compressed SVG), which get a
located warning. SVG is parsed with defusedxml and rebuilt from an allow-list, so scripts,
event handlers, ``<foreignObject>`` and external references never reach readers; other XML
(KML, GPX) is published only when it holds no live XHTML, SVG or MathML and no style sheet.
A reference to a file that does not exist is left to the checks that report it today.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from atlaspress.core.errors import Diagnostic, Severity, display_path

CODE = "publish"

_BACKUP_SUFFIXES = (
    "~", ".bak", ".backup", ".old", ".orig", ".rej", ".swp", ".swo", ".swn", ".swx", ".tmp", ".temp",
    ".part", ".crdownload", ".kate-swp",
)
_SYSTEM_NAMES = {"thumbs.db", "desktop.ini", "__macosx", "icon\r"}

# Opened on the site, these run script with the site's cookies and storage.
_PAGE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xsl", ".xslt", ".svgz"}
# XML that a browser renders as a document: live if it carries XHTML, SVG or a style sheet.
_XML_SUFFIXES = {".xml", ".kml", ".gpx", ".rss", ".atom", ".rdf"}


def never_published(rel: str) -> bool:
    """Hidden paths and editor, backup and system files: skipped without a word.

    >>> [never_published(p) for p in (".git/config", "a/.env", "index.md.bak", "#x.md#", "x.geojson")]
    [True, True, True, True, False]
    """
    parts = rel.split("/")
    if any(part.startswith(".") or part.lower() in _SYSTEM_NAMES for part in parts):
        return True
    name = parts[-1].lower()
    return (name.startswith("#") and name.endswith("#")) or name.endswith(_BACKUP_SUFFIXES)


def local_target(href: str, base: str = "") -> str | None:
    """The bundle-relative file a relative link points at, or ``None`` for URLs and anchors.

    >>> [local_target(h) for h in ("pic.jpg", "./a/b%20c.pdf#p=2", "../x/y.png", "https://e.x/a", "#top", "/a")]
    ['pic.jpg', 'a/b c.pdf', None, None, None, None]
    """
    href = href.strip()
    if not href or href.startswith(("#", "/", "\\", "?")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path or "\\" in path or "\0" in path:
        return None
    joined = posixpath.normpath(posixpath.join(base, path))
    if joined in (".", "..") or joined.startswith("../"):
        return None
    return joined


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (tag, name) in (("a", "href"), ("img", "src")):
                self.found.append(value)


def _parse_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.found


def _links_check(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of links")
    return value


def html_links(html: str) -> list[str]:
    """Every ``<a href>`` and ``<img src>`` in an HTML fragment, in order (parsed once per
    fragment: kept with the build's rendered Markdown)."""
    from atlaspress.content.markdown import memo
    from atlaspress.core.store import key

    return list(memo("html-links", key("html-links", html), lambda: _parse_links(html), _links_check))


def referenced_files(front: Any, body: str, layers: Iterable[Any] = ()) -> set[str]:
    """Bundle-relative paths the post refers to (whether or not they exist)."""
    from atlaspress.content.markdown import code_version, memo, render_inline, render_markdown
    from atlaspress.core.store import canonical, key

    found: set[str] = set()

    def add(href: str | None, base: str = "") -> None:
        target = local_target(href, base) if href else None
        if target is not None:
            found.add(target)

    def prose_links() -> list[str]:
        html = [render_markdown(body).html]
        html += [render_markdown(fact.detail).html for fact in front.facts if fact.detail]
        html += [render_inline(event.what) for event in front.events]
        return [href for fragment in html for href in _parse_links(fragment)]

    # One cache entry per post's prose (see atlaspress.content.markdown): a warm build parses nothing.
    texts = [body, [fact.detail for fact in front.facts if fact.detail], [event.what for event in front.events]]
    entry = key("prose-links", code_version(), canonical(texts))
    for href in memo("prose-links", entry, prose_links, _links_check):
        add(href)
    for fact in front.facts:
        add(fact.image)
    for spec in front.layers:
        if not spec.file.lower().endswith(".kmz"):  # its used files are unpacked instead
            add(spec.file)
    for chart in getattr(front, "charts", ()):  # its CSV is offered for download
        add(chart.file)
    for layer in layers:
        base = posixpath.dirname(layer.spec.file)
        for feature in layer.features:
            props = feature.get("properties") or {}
            style = props.get("style") or {}
            if isinstance(style, dict) and isinstance(style.get("icon"), str):
                add(style["icon"], base)
            if isinstance(props.get("description"), str):
                for href in html_links(props["description"]):
                    add(href)
    return found


def published_files(
    bundle: Path,
    candidates: Iterable[str],
    referenced: set[str],
    patterns: Sequence[str] = (),
) -> tuple[tuple[str, ...], list[Diagnostic]]:
    """Choose from ``candidates`` (bundle-relative files) what is published.

    Returns the sorted names and a warning for each file refused for what it is (HTML,
    an SVG or XML that cannot be made safe); what merely goes unused is skipped quietly.
    """
    chosen: list[str] = []
    diags: list[Diagnostic] = []
    for rel in sorted(set(candidates)):
        if never_published(rel) or rel == "index.md" or rel.endswith(".md"):
            continue
        wanted = rel in referenced or any(fnmatch.fnmatchcase(rel, pattern) for pattern in patterns)
        suffix = posixpath.splitext(rel)[1].lower()
        path = bundle / rel
        shown = display_path(path)
        if suffix in _PAGE_SUFFIXES:
            why = "the post links to it, but" if rel in referenced else "the post does not link to it, and"
            diags.append(
                Diagnostic(shown, 1, 1, Severity.WARNING, CODE,
                           f"{posixpath.basename(rel)} is not published: {why} a browser would run it as a page "
                           "of the site",
                           "put the content in the post's Markdown, link to where the page is hosted, or "
                           "publish a PDF instead")
            )
            continue
        if not wanted or not _inside(bundle, path):
            continue
        if suffix == ".svg" or suffix in _XML_SUFFIXES:
            try:
                data = path.read_bytes()
                problem = _svg_problem(data) if suffix == ".svg" else _xml_problem(data)
            except OSError as exc:
                problem = f"cannot be read ({exc.strerror or exc})"
            if problem is not None:
                diags.append(
                    Diagnostic(shown, 1, 1, Severity.WARNING, CODE,
                               f"{posixpath.basename(rel)} is not published: {problem}",
                               "save it again from the drawing program as plain SVG, or export a PNG"
                               if suffix == ".svg" else "remove the XHTML, SVG or style sheet from the file")
                )
                continue
            if suffix == ".svg":
                removed = sanitize_svg(data)[1]
                if removed:
                    diags.append(
                        Diagnostic(shown, 1, 1, Severity.WARNING, CODE,
                                   f"{posixpath.basename(rel)} is published without "
                                   + ", ".join(sorted(removed)),
                                   "scripts, event handlers, embedded HTML and external references never "
                                   "reach readers; draw without them to silence this")
                    )
        chosen.append(rel)
    return tuple(chosen), diags


def published_bytes(path: Path) -> bytes:
    """A published file's bytes as written to the output (SVG rebuilt from the allow-list)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        clean = sanitize_svg(data)[0]
        if clean is None:  # pragma: no cover - published_files refused it already
            raise ValueError(f"{path.name} is not a safe SVG")
        return clean
    return data


def _inside(bundle: Path, path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    try:
        return path.resolve().is_relative_to(bundle.resolve())
    except (OSError, ValueError):
        return False


# --- SVG -----------------------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_LIVE_NAMESPACES = (SVG, "http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML")

_SVG_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "marker", "image", "style", "switch",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feFlood",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "feFuncR", "feFuncG",
    "feFuncB", "feFuncA", "feDropShadow",
}
_QUIET_ELEMENTS = {"metadata"}  # editor data: dropped without a word
_SVG_ATTRIBUTES = {
    "id", "class", "style", "lang", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "d", "points", "width", "height", "viewBox", "preserveAspectRatio", "transform", "version", "href",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "opacity", "color",
    "display", "visibility", "overflow", "clip-path", "clip-rule", "mask", "filter", "paint-order",
    "vector-effect", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation-filters",
    "font-family", "font-size", "font-weight", "font-style", "font-variant", "text-anchor",
    "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing",
    "text-decoration", "writing-mode", "dx", "dy", "rotate", "textLength", "lengthAdjust", "startOffset",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "maskContentUnits", "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight",
    "markerUnits", "refX", "refY", "orient", "flood-color", "flood-opacity", "in", "in2", "result",
    "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "values", "type", "tableValues", "slope",
    "intercept", "amplitude", "exponent", "radius", "filterUnits", "primitiveUnits",
    "requiredFeatures", "systemLanguage", "media",
}
_RASTER_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$", re.I)
_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)


def _css_is_local(text: str) -> bool:
    """CSS that loads nothing: no ``@import``, escapes, ``image-set`` or ``url()`` but ``url(#id)``."""
    lowered = text.lower()
    if any(mark in lowered for mark in ("@import", "\\", "expression", "image-set", "<", "javascript:")):
        return False
    return all(target.startswith("#") for _, target in _URL.findall(text)) and lowered.count("url") == len(
        _URL.findall(text)
    )


class _Builder(ET.TreeBuilder):
    """A tree builder that also remembers processing instructions outside the root."""

    def __init__(self) -> None:
        super().__init__()
        self.pis: list[str] = []

    def pi(self, target: str, text: str | None = None) -> ET.Element:
        self.pis.append(target)
        return super().pi(target, text)


def _parse(data: bytes) -> tuple[ET.Element, list[str]]:
    """defusedxml: no entities, no external references; a DOCTYPE alone is fine."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder)
    parser.feed(data)
    return parser.close(), builder.pis


def _parse_or_problem(data: bytes) -> tuple[ET.Element, list[str]] | str:
    """The parsed root and processing instructions, or why the file cannot be parsed safely."""
    try:
        root, pis = _parse(data)
    except DefusedXmlException:
        return "it declares XML entities or external references"
    except ET.ParseError as exc:
        return f"it is not well-formed XML ({exc})"
    return root, pis


def _svg_problem(data: bytes) -> str | None:
    parsed = _parse_or_problem(data)
    if isinstance(parsed, str):
        return parsed
    root, _ = parsed
    if root.tag != f"{{{SVG}}}svg":
        return 'its root is not an <svg xmlns="http://www.w3.org/2000/svg"> element'
    return None


def sanitize_svg(data: bytes) -> tuple[bytes | None, set[str]]:
    """Rebuild an SVG from the allow-list: ``(clean bytes, what was removed)``.

    ``None`` when it cannot be parsed safely. Removed: elements outside the list (with
    their content) such as ``<script>``, ``<foreignObject>``, ``<a>`` and animations;
    ``on*`` and unknown attributes; links other than ``#fragment`` (and embedded PNG,
    JPEG, GIF or WebP on ``<image>``); CSS that loads anything. Editor data (Inkscape's
    namespaces, ``<metadata>``) goes without being reported.
    """
    if _svg_problem(data) is not None:
        return None, set()
    root, _ = _parse(data)
    removed: set[str] = set()
    _clean(root, removed)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, out, top=True)
    out.append("\n")
    return "".join(out).encode("utf-8"), removed


def _write(element: ET.Element, out: list[str], top: bool = False) -> None:
    """Serialize a cleaned tree: SVG elements, plain and ``xml:`` attributes only."""
    name = element.tag.rpartition("}")[2]
    attrs = [f' xmlns="{SVG}"'] if top else []
    for key, value in element.attrib.items():
        shown = "xml:" + key.rpartition("}")[2] if key.startswith(f"{{{XML_NS}}}") else key
        attrs.append(f" {shown}={quoteattr(value)}")
    out.append(f"<{name}{''.join(attrs)}")
    if element.text is None and not len(element):
        out.append("/>")
    else:
        out.append(">" + escape(element.text or ""))
        for child in element:
            _write(child, out)
        out.append(f"</{name}>")
    if not top and element.tail:
        out.append(escape(element.tail))


def _clean(element: ET.Element, removed: set[str]) -> None:
    for child in list(element):
        tag = child.tag if isinstance(child.tag, str) else ""
        namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        keep = namespace == SVG and name in _SVG_ELEMENTS
        if keep and name == "style" and not _css_is_local(child.text or ""):
            keep = False
        if keep and name == "image" and not _RASTER_DATA.match(_href(child) or ""):
            keep = False
        if not keep:
            if namespace in _LIVE_NAMESPACES and name not in _QUIET_ELEMENTS:  # editor data goes quietly
                removed.add(f"<{name}>")
            _drop(element, child)
            continue
        _clean(child, removed)
    _clean_attributes(element, removed)


def _drop(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child`` and its content, keeping the text that follows it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            before = parent[index - 1]
            before.tail = (before.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _href(element: ET.Element) -> str | None:
    return element.get("href", element.get(f"{{{XLINK}}}href"))


def _clean_attributes(element: ET.Element, removed: set[str]) -> None:
    href = _href(element)
    for key in list(element.attrib):
        value = element.attrib.pop(key)
        namespace, _, name = key[1:].partition("}") if key.startswith("{") else ("", "", key)
        if namespace == XLINK and name == "href":
            namespace, key = "", "href"
        if namespace == XML_NS and name in ("space", "lang"):
            element.set(key, value)
            continue
        if namespace:
            continue  # editor data (inkscape:, sodipodi:, …)
        if name.lower().startswith("on"):
            removed.add(f"{name} handlers")
            continue
        if name not in _SVG_ATTRIBUTES:
            continue
        if name == "href":
            value = href or ""
            local = value.startswith("#") or (element.tag == f"{{{SVG}}}image" and _RASTER_DATA.match(value))
            if not local:
                removed.add("external references")
                continue
        elif ("url" in value.lower() or name == "style") and not _css_is_local(value):
            removed.add("external references" if "url" in value.lower() else "unsafe CSS")
            continue
        element.set(name, value)


def _xml_problem(data: bytes) -> str | None:
    """Why an XML download would be live in a browser, or ``None``."""
    parsed = _parse_or_problem(data)
    if isinstance(parsed, str):
        return parsed
    root, pis = parsed
    if "xml-stylesheet" in pis:
        return "it names a style sheet (<?xml-stylesheet?>), which a browser would apply"
    for node in root.iter():
        names = [node.tag] if isinstance(node.tag, str) else []
        names += list(node.attrib)
        if any(name.startswith(f"{{{ns}}}") for name in names for ns in _LIVE_NAMESPACES):
            return "it holds XHTML, SVG or MathML elements, which a browser would run"
    return None
