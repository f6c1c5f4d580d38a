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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nh3

from atlaspress.core.store import Store, canonical, key
from atlaspress.core.text import xml_safe

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

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
    # (href, 0-based line in the text, 1-based column of the href)
    unresolved: list[tuple[str, int, int]] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)  # every bare-slug link, resolved or not


CHART_MARKER = re.compile(r"^\{\{<\s*chart\s+([a-z0-9]+(?:-[a-z0-9]+)*)\s*>\}\}\s*$")
_ANY_MARKER = re.compile(r"^\{\{<\s*chart\b.*>\}\}\s*$")
CHART_SLOT = re.compile(r'<div class="chart-slot" id="chart-slot-([a-z0-9-]+)"></div>\n?')


def _chart_marker(state, start_line: int, end_line: int, silent: bool) -> bool:  # type: ignore[no-untyped-def]
    """A line ``{{< chart ID >}}`` on its own: where the chart ``ID`` goes in the story.

    It becomes an empty ``<div class="chart-slot" id="chart-slot-ID">`` that the link stage
    fills with the drawn chart (:mod:`atlaspress.maps.charts.place`); inside a code block it
    is just text, as Markdown would have it.
    """
    pos = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[pos:state.eMarks[start_line]]
    if state.sCount[start_line] - state.blkIndent >= 4 or not line.startswith("{{<"):
        return False
    m = CHART_MARKER.match(line)
    if not m:
        return False
    if silent:
        return True
    token = state.push("chart_marker", "div", 0)
    token.meta = {"id": m[1]}
    token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def chart_markers(text: str) -> list[tuple[str, int, int]]:
    """Every ``{{< chart … >}}`` line outside code: ``(id or the bad text, 0-based line, column)``;
    a marker whose id is not written as one comes back whole, for the caller to report.

    Every build checks every post's markers, so the answer is kept like rendered Markdown
    (a text without ``{{`` has none and is not parsed at all)."""
    if "{{" not in text:
        return []
    return memo("markers", key("markers", code_version(), text), lambda: _chart_markers(text), _markers_check)


def _markers_check(value: Any) -> list[tuple[str, int, int]]:
    if not isinstance(value, list):
        raise TypeError("expected a list of markers")
    out = []
    for item in value:
        found, line, column = item
        if not isinstance(found, str) or not all(type(v) is int for v in (line, column)):
            raise TypeError("expected [text, line, column]")
        out.append((found, line, column))
    return out


def _chart_markers(text: str) -> list[list[Any]]:
    out: list[tuple[str, int, int]] = []
    tokens = _parser().parse(text, {})
    code_lines: set[int] = set()
    for t in tokens:
        if t.type in ("fence", "code_block", "html_block") and t.map:
            code_lines.update(range(t.map[0], t.map[1]))
        if t.type == "chart_marker" and t.map:
            out.append((t.meta["id"], t.map[0], 1))
    found = {line for _, line, _ in out}
    for number, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if number not in found and number not in code_lines and _ANY_MARKER.match(stripped):
            out.append((stripped, number, line.index("{{") + 1))
    return [list(item) for item in sorted(out, key=lambda item: item[1])]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported here: a build whose Markdown is all in the cache never loads the parser.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": True, "linkify": False})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, permalink=False)
    md.use(attrs_plugin)
    md.use(attrs_block_plugin)
    md.block.ruler.before("paragraph", "chart_marker", _chart_marker, {"alt": ["paragraph"]})
    md.add_render_rule("chart_marker", lambda self, tokens, idx, options, env: (
        f'<div class="chart-slot" id="chart-slot-{tokens[idx].meta["id"]}"></div>\n'))
    return md


def _href_at(lines: list[str], span: tuple[int, int], href: str, nth: int) -> tuple[int, int]:
    """0-based line and 1-based column of the ``nth`` ``](href`` in a block's source lines;
    the block's first line when it is not written there (a reference link, a line break)."""
    pattern = re.compile(r"\]\(\s*<?(" + re.escape(href) + r")(?=[\s)>])")
    found = 0
    for number in range(span[0], min(span[1], len(lines))):
        for m in pattern.finditer(lines[number]):
            if found == nth:
                return number, m.start(1) + 1
            found += 1
    return span[0], 1


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


def _render(text: str, resolve: Callable[[str], str | None] | None, block: bool) -> tuple[Rendered, list[str]]:
    """Parse and render; also return the slugs of every bare-slug link, in order."""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env) if block else md.parseInline(text, env)
    unresolved: list[tuple[str, int, int]] = []
    slugs: list[str] = []
    lines = text.splitlines()
    for container in tokens:
        span = (container.map[0], container.map[1]) if container.map else (0, len(lines))
        seen: dict[str, int] = {}  # the same href twice in a block: the first, then the second
        for token in container.children or ():
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            m = _SLUG_LINK.match(href)
            if not m:
                continue
            slugs.append(m["slug"])
            if resolve is None:
                continue
            url = resolve(m["slug"])
            if url is None:
                unresolved.append((href, *_href_at(lines, span, href, seen.get(href, 0))))
                seen[href] = seen.get(href, 0) + 1
            else:
                token.attrSet("href", url + (m["frag"] or ""))
    for i, token in enumerate(tokens[:-2]):
        # An empty header cell (a table's top-left corner) is a data cell: a header with no
        # text labels nothing, and screen readers announce it as blank.
        if token.type == "th_open" and tokens[i + 1].type == "inline" and not tokens[i + 1].content.strip():
            token.tag = tokens[i + 2].tag = "td"
    html = md.renderer.render(tokens, md.options, env)
    # Entities such as &#12; decode to characters XML cannot carry; the load stage removed
    # any written as such, so these can only come from entities and go without a word.
    return Rendered(html=xml_safe(sanitize(html)), unresolved=unresolved), list(dict.fromkeys(slugs))


# --- the cache: Markdown is rendered once per text and link resolution ----------------------

_STORE: Store | None = None


def use_store(store: Store | None) -> None:
    """Keep rendered Markdown in ``store`` (a build's cache); ``None``: in this process only."""
    global _STORE
    _STORE = store


@lru_cache(maxsize=1)
def code_version() -> str:
    """What the HTML of a text depends on besides the text: this module, the text helpers,
    and the versions of markdown-it-py, its plugins and nh3."""
    from importlib import metadata

    from atlaspress.core import text as text_module

    parts = [Path(__file__).read_bytes(), Path(text_module.__file__ or "").read_bytes()]
    for name in ("markdown-it-py", "mdit-py-plugins", "nh3"):
        try:
            parts.append(f"{name} {metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(name.encode())
    return key(*parts)


_MEMORY: dict[str, Any] = {}  # entry -> checked value, for stores-less use (tests, check)


def _slugs_check(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("expected a list of slugs")
    return value


def _rendered_check(value: Any) -> Rendered:
    if not isinstance(value, dict) or set(value) != {"html", "unresolved"} or not isinstance(value["html"], str):
        raise TypeError("expected a rendered entry")
    unresolved = []
    for item in value["unresolved"]:
        href, line, column = item
        if not isinstance(href, str) or not all(isinstance(v, int) and not isinstance(v, bool) for v in (line, column)):
            raise TypeError("expected [href, line, column]")
        unresolved.append((href, line, column))
    return Rendered(html=value["html"], unresolved=unresolved)


def _get(kind: str, entry: str, check: Callable[[Any], Any]) -> Any:
    if _STORE is not None:
        return _STORE.get_json(kind, entry, check)
    return _MEMORY.get(f"{kind}/{entry}")


def _put(kind: str, entry: str, data: Any, value: Any) -> None:
    if _STORE is not None:
        _STORE.put_json(kind, entry, data, value)
    else:
        if len(_MEMORY) > 20_000:
            _MEMORY.clear()
        _MEMORY[f"{kind}/{entry}"] = value


def lookup(kind: str, entry: str, check: Callable[[Any], Any]) -> Any:
    """An entry kept with the build's rendered Markdown, or ``None``."""
    return _get(kind, entry, check)


def keep(kind: str, entry: str, data: Any, value: Any) -> None:
    _put(kind, entry, data, value)


def memo(kind: str, entry: str, make: Callable[[], Any], check: Callable[[Any], Any]) -> Any:
    """``check(make())``, kept like rendered Markdown (in the build's store, else in memory)."""
    hit = _get(kind, entry, check)
    if hit is None:
        data = make()
        hit = check(data)
        _put(kind, entry, data, hit)
    return hit


def render_markdown(text: str, resolve: Callable[[str], str | None] | None = None, *, block: bool = True) -> Rendered:
    """Render Markdown; ``resolve(slug)`` maps a post slug to its URL, or ``None`` if unknown.

    Each text is parsed once: its HTML is kept under a key made of the text, this code's
    version and — for the links written as bare slugs — what ``resolve`` answers for each
    of them, so a post is rendered again only when its text changes or a post it links to
    appears or goes. The caller gets a fresh :class:`Rendered` it may change.
    """
    base = key("markdown", str(block), code_version(), text)
    slugs = _get("md-links", base, _slugs_check)
    rendered = None
    if slugs is not None:
        # A text without bare-slug links renders the same with or without ``resolve``.
        answers = None if resolve is None and slugs else [[s, resolve(s) if resolve else None] for s in slugs]
        entry = key(base, canonical(answers))
        rendered = _get("md-html", entry, _rendered_check)
    if rendered is None:
        rendered, slugs = _render(text, resolve, block)
        answers = None if resolve is None and slugs else [[s, resolve(s) if resolve else None] for s in slugs]
        entry = key(base, canonical(answers))
        _put("md-links", base, slugs, slugs)
        data = {"html": rendered.html, "unresolved": [list(u) for u in rendered.unresolved]}
        _put("md-html", entry, data, _rendered_check(data))
    return Rendered(html=rendered.html, unresolved=list(rendered.unresolved), slugs=list(slugs))


def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, links) for one-line fields such as timeline entries."""
    return render_markdown(text, block=False).html


# What a reader's comment keeps: inline emphasis, code and links, never an image (a remote
# one would be a request to someone else on every visit), a heading or a table.
_COMMENT_TAGS = {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "kbd", "q", "s", "small", "strong",
                 "sub", "sup", "u"}


def render_comment(text: str) -> str:
    """A reader comment: inline Markdown, sanitized to :data:`_COMMENT_TAGS`; links are
    ``rel="nofollow ugc noopener"`` (readers' links, not the author's)."""
    return nh3.clean(
        render_inline(text),
        tags=_COMMENT_TAGS,
        attributes={"a": {"href"}, "abbr": {"title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )
