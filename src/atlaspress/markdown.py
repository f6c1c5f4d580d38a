"""Markdown to safe HTML: markdown-it-py, its plugins, and nh3 for raw HTML.

Authors may paste HTML into posts (an embed, a `<details>`); it is kept only as far as
nh3's allow-list permits, so scripts, iframes, ``on*`` handlers and ``javascript:`` URLs
never reach readers. Links written as a bare post slug (``[Hans Island](hans-island)``)
resolve to that post; a slug that matches no post is reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

_SLUG_LINK = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/?(?P<frag>#[\w-]*)?$")

_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
}
_ATTRS = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}

# Table cells may carry a little presentation (Markdown tables align with ``text-align``);
# nothing that moves a box out of the post (``position``, ``margin``, ``z-index``) or
# loads anything (``url()``, ``image-set()``, ``@import``).
_STYLE_PROPERTIES = {
    "background-color",
    "color",
    "font-style",
    "font-weight",
    "text-align",
    "vertical-align",
    "white-space",
    "width",
}
_STYLE_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "calc"}
_STYLE_FUNCTION = re.compile(r"([a-z-]*)\s*\(")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Drop a ``style`` that could fetch or hide anything; nh3 then keeps the allowed properties.

    nh3 sees the value with entities decoded but CSS escapes still raw, and it would turn
    ``\\75rl(`` into ``url(`` inside an allowed property, so anything but a colour or
    ``calc()`` function, any backslash, ``@`` or comment drops the whole attribute.
    """
    if attr != "style":
        return value
    lowered = value.lower()
    if any(mark in lowered for mark in ("\\", "@", "/*", "url", "expression")):
        return None
    if any(name not in _STYLE_FUNCTIONS for name in _STYLE_FUNCTION.findall(lowered)):
        return None
    return value


@dataclass
class Rendered:
    html: str
    unresolved: list[tuple[str, int]] = field(default_factory=list)  # (href, 0-based body line)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": True, "linkify": False})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, permalink=False)
    md.use(attrs_plugin)
    md.use(attrs_block_plugin)
    return md


def _walk(tokens: list[Token]) -> list[tuple[Token, int]]:
    """Every inline child token with the source line of its block."""
    found: list[tuple[Token, int]] = []
    for token in tokens:
        line = token.map[0] if token.map else 0
        for child in token.children or ():
            found.append((child, line))
    return found


def sanitize(html: str) -> str:
    """Keep only safe tags and attributes; external links get ``rel=noopener``."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        filter_style_properties=_STYLE_PROPERTIES,
        attribute_filter=_attribute_filter,
    )


def render_markdown(text: str, resolve: Callable[[str], str | None] | None = None, *, block: bool = True) -> Rendered:
    """Render Markdown; ``resolve(slug)`` maps a post slug to its URL, or ``None`` if unknown."""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env) if block else md.parseInline(text, env)
    unresolved: list[tuple[str, int]] = []
    if resolve is not None:
        for token, line in _walk(tokens):
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            m = _SLUG_LINK.match(href)
            if not m:
                continue
            url = resolve(m["slug"])
            if url is None:
                unresolved.append((href, line))
            else:
                token.attrSet("href", url + (m["frag"] or ""))
    html = md.renderer.render(tokens, md.options, env)
    return Rendered(html=sanitize(html), unresolved=unresolved)


def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, links) for one-line fields such as timeline entries."""
    return render_markdown(text, block=False).html
