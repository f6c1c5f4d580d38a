"""WordPress shortcodes and Gutenberg block comments, turned into HTML the converter understands.

Classic posts carry ``[caption]``, ``[gallery]``, ``[embed]``, ``[audio]`` and ``[video]``;
block-editor posts wrap their HTML in ``<!-- wp:name {json} -->`` … ``<!-- /wp:name -->``
comments. Both are resolved on the HTML text before it is parsed:

* ``[caption]…[/caption]`` → ``<figure>`` with the image and a ``<figcaption>``;
* ``[gallery ids="…"]`` (or no ids: the post's attached images) → the images, one per line;
* ``[embed]URL[/embed]`` and ``wp:embed`` blocks → a token the embed rules replace;
* ``[audio]`` / ``[video]`` → a token for a marked note linking the file;
* other block comments are removed and their HTML kept; a self-closing block has no HTML
  (it was drawn by a plugin on the old site) and is reported; ``jetpack/map`` blocks give
  their points to the place finder.

Unknown shortcodes stay in the text as written and are listed in the report.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

KNOWN = ("caption", "wp_caption", "gallery", "embed", "audio", "video", "playlist")

# [name attrs]…[/name], [name attrs /] or [name attrs]; [[name]] is WordPress's escape.
_OPEN = re.compile(r"\[(\[?)([A-Za-z][\w-]*)((?:\s[^\]]*?)?)(/?)\](\]?)")
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)""")
_BLOCK = re.compile(r"<!--\s*(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(\s+\{.*?\})?\s*(/?)-->", re.S)
_EDITORIAL = {"sic", "citation", "edit", "edited", "update", "updated", "note", "ed", "emphasis", "laughs", "sic!"}
_MORE = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b[^>]*-->", re.I)


@dataclass
class Found:
    """What the shortcodes and blocks of one post held that the report or places need."""

    unknown: list[str] = field(default_factory=list)  # shortcode names kept as text
    dropped_blocks: list[str] = field(default_factory=list)  # self-closing blocks without HTML
    points: list[tuple[float, float, str | None]] = field(default_factory=list)  # (lat, lon, name), map blocks


def attributes(text: str) -> dict[str, str]:
    """``id="a" width=300 "x"`` → ``{"id": "a", "width": "300", "0": "x"}``."""
    out: dict[str, str] = {}
    position = 0
    straight = text.replace("\u201d", '"').replace("\u201c", '"').replace("\u2033", '"')  # the editor's curly quotes
    for match in _ATTR.finditer(html.unescape(straight)):
        if match[1]:
            out[match[1].lower()] = next(g for g in (match[2], match[3], match[4]) if g is not None)
        else:
            out[str(position)] = match[5] if match[5] is not None else match[6]
            position += 1
    return out


def blocks(text: str, embed: Callable[[str], str], found: Found) -> str:
    """Resolve Gutenberg block comments; ``embed(url)`` returns a token for an embed block."""
    if "<!--" not in text:
        return text
    text = _MORE.sub("", text)
    out: list[str] = []
    position = 0
    skip_until: str | None = None
    for match in _BLOCK.finditer(text):
        closing, name, raw, self_closing = match[1], match[2], match[3], match[4]
        if skip_until is None:
            out.append(text[position:match.start()])
        position = match.end()
        if skip_until is not None:
            if closing and name == skip_until:
                skip_until = None
            continue
        attrs: dict[str, Any] = {}
        if raw:
            try:
                parsed = json.loads(raw)
                attrs = parsed if isinstance(parsed, dict) else {}
            except ValueError:
                attrs = {}
        if closing:
            continue
        _map_points(name, attrs, found)
        is_embed = name == "embed" or name.startswith("core-embed/")
        if is_embed and isinstance(attrs.get("url"), str):
            out.append(f"<p>{embed(attrs['url'])}</p>")
            if not self_closing:
                skip_until = name  # the block's HTML only repeats the URL
            continue
        if self_closing and name not in ("more", "nextpage", "separator", "spacer"):
            found.dropped_blocks.append(name)
    if skip_until is None:
        out.append(text[position:])
    return "".join(out)


def _map_points(name: str, attrs: dict[str, Any], found: Found) -> None:
    """Jetpack's map block keeps its markers in the block's attributes."""
    if "map" not in name:
        return
    for point in attrs.get("points") or []:
        coordinates = point.get("coordinates") if isinstance(point, dict) else None
        if isinstance(coordinates, dict):
            title = point.get("title") if isinstance(point.get("title"), str) else None
            try:
                found.points.append((float(coordinates["latitude"]), float(coordinates["longitude"]),
                                     " ".join(title.split()) or None if title else None))
            except (KeyError, TypeError, ValueError):
                continue
    center = attrs.get("mapCenter")
    if isinstance(center, dict) and not attrs.get("points"):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            found.points.append((float(center["lat"]), float(center["lng"]), None))


def _looks_like_shortcode(name: str, attrs: str, closed: bool) -> bool:
    """``[toc]``, ``[contact-form id=3]`` or ``[x]…[/x]`` — not ``[citation needed]`` or ``[sic]``."""
    if closed or "=" in attrs:
        return True
    return not attrs.strip() and name.isascii() and name.islower() and name not in _EDITORIAL


def shortcodes(
    text: str,
    *,
    embed: Callable[[str], str],
    media_note: Callable[[str, dict[str, str]], str],
    gallery: Callable[[dict[str, str]], list[tuple[str, str]]],
    found: Found,
) -> str:
    """Replace the known shortcodes; keep unknown ones as text and list them in ``found``."""
    out: list[str] = []
    position = 0
    while True:
        match = _OPEN.search(text, position)
        if match is None:
            out.append(text[position:])
            break
        escaped = bool(match[1]) and bool(match[5])
        name, raw_attrs, self_closing = match[2], match[3], bool(match[4])
        lower = name.lower()
        closing = re.compile(r"\[/" + re.escape(name) + r"\]", re.I)
        end = None if self_closing else closing.search(text, match.end())
        inner = text[match.end():end.start()] if end else ""
        stop = end.end() if end else match.end()
        out.append(text[position:match.start()])
        if escaped:  # [[gallery]] shows the shortcode itself
            out.append(text[match.start() + 1:stop - 1] if stop > match.start() + 1 else match[0])
            position = stop
            continue
        attrs = attributes(raw_attrs)
        if lower in ("caption", "wp_caption"):
            out.append(_caption(inner, attrs))
        elif lower == "gallery":
            images = gallery(attrs)
            out.append("".join(f'<p><img src="{html.escape(src)}" alt="{html.escape(alt)}"></p>'
                               for src, alt in images))
        elif lower == "embed":
            url = html.unescape(inner.strip()) or attrs.get("src", "") or attrs.get("0", "")
            out.append(f"<p>{embed(url)}</p>" if url else "")
        elif lower in ("audio", "video", "playlist"):
            out.append(f"<p>{media_note(lower, attrs)}</p>")
        else:
            if _looks_like_shortcode(name, raw_attrs, end is not None):
                found.unknown.append(lower)
            out.append(match[0])  # kept as text; its content is processed like the rest
            position = match.end()
            continue
        position = stop
    return "".join(out)


def _caption(inner: str, attrs: dict[str, str]) -> str:
    """``[caption]<a><img></a> Text[/caption]`` → ``<figure><img …><figcaption>Text</figcaption></figure>``."""
    match = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S | re.I)
    if match is None:
        return inner
    image, caption = match[1], (match[2].strip() or attrs.get("caption", ""))
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>" if caption else f"<p>{image}</p>"


_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot",
               "tr", "td", "th", "blockquote", "pre", "figure", "figcaption", "hr", "iframe", "dl", "dt", "dd",
               "section", "article", "aside", "header", "footer", "address", "form", "select", "style", "script",
               "details", "summary", "caption", "colgroup", "col")
_BLOCK_START = re.compile(r"^\s*(?:</?(?:" + "|".join(_BLOCK_TAGS) + r")\b"
                          r"|\[/?(?:caption|wp_caption|gallery|embed|audio|video|playlist)\b)", re.I)
_TAG = re.compile(r"<(/?)(" + "|".join(t for t in _BLOCK_TAGS if t not in ("hr", "col")) + r")\b[^>]*?(/?)>", re.I)
_OPTIONAL_END = {"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption"}


def autop(text: str) -> str:
    """The classic editor's paragraphs: blank lines separate them, single line breaks are ``<br>``
    (a small version of WordPress's ``wpautop``). Lines that start a block element, and every
    line inside one, are left as they are; block-editor content already has its paragraphs."""
    if "<!-- wp:" in text:
        return text
    out: list[str] = []
    paragraph: list[str] = []
    stack: list[str] = []  # block elements open at the end of the line

    def flush() -> None:
        if paragraph:
            out.append("<p>" + "<br>\n".join(line.strip() for line in paragraph) + "</p>")
            paragraph.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip() and all(tag in _OPTIONAL_END for tag in stack):
            stack.clear()  # a blank line ends a <p> or <li> left open, as browsers do
        if not stack and not _BLOCK_START.match(line):
            if line.strip():
                paragraph.append(line)
            else:
                flush()
            continue
        flush()
        out.append(line)
        for match in _TAG.finditer(line):
            name = match[2].lower()
            if match[1]:
                if name in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(name):]
            elif not match[3]:
                stack.append(name)
    flush()
    return "\n".join(out)
