"""Read a WordPress eXtended RSS (WXR) export as a stream, in bounded memory.

WXR is RSS 2.0 with WordPress's namespaces: ``http://wordpress.org/export/1.0/`` (1.1, 1.2)
for ``wp:``, ``…/1.x/excerpt/`` for the excerpt, ``content:encoded`` for the body and
``dc:creator`` for the author's login. Self-hosted and WordPress.com exports write the same
elements; WordPress.com adds a few namespaces (``georss:``, ``media:``) and hosts uploads on
``files.wordpress.com``. Elements are matched by their local name and the kind of namespace,
so a 1.0 export (no ``wp:author`` list, ``category domain="tag"``) reads like a 1.2 one.

The file is parsed with defusedxml's ``iterparse`` (no DTDs' entities, no external
references), and every ``<item>`` is turned into an :class:`Item` and cleared as soon as it
ends, so memory does not grow with the export. :func:`scan` is a first pass that checks
the file is well-formed and collects what later items refer to (the site's categories, the
authors' names, attachment URLs, each post's slug) before anything is written.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from atlaspress.core.errors import ContentError, display_path
from atlaspress.core.text import xml_safe

WP_PREFIX = "http://wordpress.org/export/"
_SPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://www.georss.org/georss": "georss",
}
CODE = "wordpress.xml"


def _key(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``; no namespace → ``link``."""
    if not tag.startswith("{"):
        return tag
    space, _, local = tag[1:].partition("}")
    if space.startswith(WP_PREFIX):
        return f"excerpt:{local}" if "excerpt" in space else f"wp:{local}"
    prefix = _SPACES.get(space)
    if prefix is None and space.startswith("http://www.georss.org/georss"):
        prefix = "georss"
    return f"{prefix}:{local}" if prefix else f"{{{space}}}{local}"


def _text(element: Element | None) -> str:
    return xml_safe((element.text or "").strip()) if element is not None else ""


def _raw(element: Element | None) -> str:
    """Body text keeps its inner whitespace (paragraphs are blank lines in classic posts)."""
    return xml_safe(element.text or "") if element is not None else ""


@dataclass(frozen=True)
class Term:
    """A category or tag: ``domain`` is ``category`` or ``post_tag``."""

    domain: str
    slug: str  # WordPress's nicename (percent-encoded as exported)
    name: str
    parent: str = ""  # the parent category's nicename


@dataclass(frozen=True)
class WPComment:
    id: int
    parent: int
    author: str
    url: str
    date: str
    content: str
    approved: str
    type: str


@dataclass
class Item:
    """One ``<item>``: a post, page, attachment, menu item …"""

    id: int
    type: str
    status: str
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    date: str  # wp:post_date, "YYYY-MM-DD HH:MM:SS" (or 0000-00-00 … for some drafts)
    date_gmt: str
    pub_date: str
    modified: str
    name: str  # post_name: the slug, percent-encoded
    parent: int
    menu_order: int
    comment_status: str
    sticky: bool
    attachment_url: str
    protected: bool = False  # a post password was set: readers had to know it
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WPComment] = field(default_factory=list)
    georss: str = ""


@dataclass
class Channel:
    """What the first pass learns about the whole export (small: no post bodies)."""

    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    generator: str = ""
    categories: dict[str, Term] = field(default_factory=dict)  # nicename → term
    tags: dict[str, Term] = field(default_factory=dict)
    authors: dict[str, str] = field(default_factory=dict)  # login → display name
    attachments: dict[int, str] = field(default_factory=dict)  # post id → file URL
    attachment_titles: dict[int, str] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)  # post id → its attachments
    items: int = 0
    types: dict[str, int] = field(default_factory=dict)
    slugs: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)  # id → (type, status, name, title)
    links: dict[int, str] = field(default_factory=dict)  # id → permalink
    placed: set[int] = field(default_factory=set)  # posts the export itself locates
    protected: set[int] = field(default_factory=set)  # posts with a password
    is_wxr: bool = False


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        return 0


def _term(element: Element, domain: str | None = None) -> Term | None:
    """A channel-level ``wp:category``/``wp:tag`` or an item's ``<category>``."""
    parts = {_key(child.tag): _text(child) for child in element}
    if domain is None:  # an item's <category domain="…" nicename="…">label</category>
        kind = element.get("domain") or "category"
        kind = "post_tag" if kind in ("tag", "post_tag") else kind
        name = html.unescape(_text(element))
        if not name and not element.get("nicename"):
            return None
        return Term(kind, element.get("nicename") or "", name)
    if domain == "category":
        return Term("category", parts.get("wp:category_nicename", ""), html.unescape(parts.get("wp:cat_name", "")),
                    parts.get("wp:category_parent", ""))
    return Term("post_tag", parts.get("wp:tag_slug", ""), html.unescape(parts.get("wp:tag_name", "")))


def _comment(element: Element) -> WPComment:
    parts: dict[str, Element] = {_key(child.tag): child for child in element}
    return WPComment(
        id=_int(_text(parts.get("wp:comment_id"))),
        parent=_int(_text(parts.get("wp:comment_parent"))),
        author=html.unescape(_text(parts.get("wp:comment_author"))),
        url=_text(parts.get("wp:comment_author_url")),
        date=_text(parts.get("wp:comment_date")),
        content=_raw(parts.get("wp:comment_content")),
        approved=_text(parts.get("wp:comment_approved")),
        type=_text(parts.get("wp:comment_type")),
    )  # author e-mail and IP are never read


def _item(element: Element) -> Item:
    parts: dict[str, Element] = {}
    terms: list[Term] = []
    meta: dict[str, str] = {}
    comments: list[WPComment] = []
    for child in element:
        key = _key(child.tag)
        if key == "category":
            term = _term(child)
            if term is not None:
                terms.append(term)
        elif key == "wp:postmeta":
            sub = {_key(c.tag): c for c in child}
            meta_key = _text(sub.get("wp:meta_key"))
            if meta_key:
                meta[meta_key] = _raw(sub.get("wp:meta_value"))
        elif key == "wp:comment":
            comments.append(_comment(child))
        elif key not in parts:
            parts[key] = child

    def text(name: str) -> str:
        return _text(parts.get(name))

    return Item(
        id=_int(text("wp:post_id")),
        type=text("wp:post_type") or "post",
        status=text("wp:status") or "publish",
        title=html.unescape(text("title")),
        link=text("link"),
        guid=text("guid"),
        creator=text("dc:creator"),
        content=_raw(parts.get("content:encoded")),
        excerpt=_raw(parts.get("excerpt:encoded")),
        date=text("wp:post_date"),
        date_gmt=text("wp:post_date_gmt"),
        pub_date=text("pubDate"),
        modified=text("wp:post_modified"),
        name=text("wp:post_name"),
        parent=_int(text("wp:post_parent")),
        menu_order=_int(text("wp:menu_order")),
        comment_status=text("wp:comment_status"),
        sticky=text("wp:is_sticky") == "1",
        attachment_url=text("wp:attachment_url"),
        protected=bool(text("wp:post_password")),
        terms=terms,
        meta=meta,
        comments=comments,
        georss=text("georss:point"),
    )


def _refuse(path: Path, line: int, column: int, message: str, hint: str) -> ContentError:
    return ContentError.at(display_path(path), line, column, CODE, message, hint)


_HINTS = {
    "mismatched tag": "a tag closes one that is not open there: a plugin or an edit by hand broke the export; "
    "export again (Tools → Export), or fix the tag at that line",
    "not well-formed": "a character XML cannot hold, or `]]>` inside a CDATA section (CDATA cannot nest: "
    "split it as `]]]]><![CDATA[>`); export again or fix that line",
    "unclosed token": "the file ends inside an element: the export was cut short; download it again",
    "no element found": "the file is empty or was cut short; download the export again",
    "junk after document element": "something follows the closing </rss>: two exports pasted together? "
    "import them one at a time",
}


def _line(path: Path, number: int) -> str:
    """Line ``number`` of the file (for a hint), read without holding the file in memory."""
    import itertools

    try:
        with path.open("rb") as handle:
            raw = next(itertools.islice(handle, number - 1, None), b"")
    except OSError:  # pragma: no cover
        return ""
    return raw[:100_000].decode("utf-8", "replace")


def _elements(path: Path) -> Iterator[tuple[str, Element]]:
    """iterparse with WordPress's errors turned into located diagnostics."""
    try:
        yield from iterparse(str(path), events=("start", "end"))
    except ParseError as exc:
        line, column = getattr(exc, "position", (1, 0))
        message = str(exc).split(": line ")[0]
        hint = next((h for k, h in _HINTS.items() if message.startswith(k)),
                    "the export is not well-formed XML; export it again from Tools → Export")
        text = _line(path, line)
        if text.count("<![CDATA[") >= 2 or text.count("]]>") >= 2:
            message += " (a CDATA section inside another)"
            hint = _HINTS["not well-formed"]
        raise _refuse(path, line, column + 1, f"not well-formed XML: {message}; nothing was imported", hint) from None
    except DefusedXmlException as exc:
        raise _refuse(path, 1, 1, f"the export declares XML entities ({type(exc).__name__}); refused",
                      "WordPress never writes entity declarations: export again from Tools → Export") from None


def _walk(path: Path) -> Iterator[tuple[str, Element]]:
    """Every channel-level element and item as it ends, cleared and dropped afterwards."""
    stack: list[Element] = []
    for event, element in _elements(path):
        if event == "start":
            if not stack and _key(element.tag) != "rss":
                raise _refuse(path, 1, 1, f"<{_key(element.tag)}> is not a WordPress export (no <rss>)",
                              "in WordPress, Tools → Export → All content writes the file to import")
            stack.append(element)
            continue
        stack.pop()
        depth = len(stack)
        if depth == 0:
            continue  # the end of <rss>: parsing goes on, so junk after it is still refused
        if depth == 2 and _key(stack[0].tag) == "rss" and _key(stack[1].tag) == "channel":
            yield _key(element.tag), element
            element.clear()
            stack[1].remove(element)


def scan(path: Path, progress: Callable[[int], None] | None = None) -> Channel:
    """First pass: check the file is well-formed and learn what the items refer to."""
    channel = Channel()
    for key, element in _walk(path):
        if key.startswith("wp:"):
            channel.is_wxr = True
        if key == "title":
            channel.title = html.unescape(_text(element))
        elif key == "link":
            channel.link = _text(element)
        elif key == "generator":
            channel.generator = _text(element)
        elif key == "wp:wxr_version":
            channel.wxr_version = _text(element)
        elif key == "wp:base_site_url":
            channel.base_site_url = _text(element)
        elif key == "wp:base_blog_url":
            channel.base_blog_url = _text(element)
        elif key == "wp:category":
            term = _term(element, "category")
            if term and term.slug:
                channel.categories[term.slug] = term
        elif key == "wp:tag":
            term = _term(element, "post_tag")
            if term and term.slug:
                channel.tags[term.slug] = term
        elif key == "wp:author":
            parts = {_key(c.tag): _text(c) for c in element}
            login = parts.get("wp:author_login", "")
            if login:
                channel.authors[login] = html.unescape(parts.get("wp:author_display_name", "")) or login
        elif key == "item":
            item = _item(element)
            channel.items += 1
            channel.types[item.type] = channel.types.get(item.type, 0) + 1
            channel.slugs.setdefault(item.id, (item.type, item.status, item.name, item.title))  # the first wins
            if item.link:
                channel.links.setdefault(item.id, item.link)
            if item.type == "post" and located(item):
                channel.placed.add(item.id)
            if item.protected:
                channel.protected.add(item.id)
            if item.type == "attachment" and item.attachment_url:
                channel.attachments[item.id] = item.attachment_url
                channel.attachment_titles[item.id] = item.title
                channel.children.setdefault(item.parent, []).append(item.id)
            for term in item.terms:  # WXR 1.0 has no channel-level list: learn terms from items
                slug = term.slug or term.name
                if term.domain == "category" and slug and slug not in channel.categories:
                    channel.categories[slug] = Term("category", slug, term.name)
                elif term.domain == "post_tag" and slug and slug not in channel.tags:
                    channel.tags[slug] = Term("post_tag", slug, term.name)
            if progress is not None:
                progress(channel.items)
    if not channel.is_wxr:
        raise _refuse(path, 1, 1, "this RSS file is not a WordPress export (no wp: elements)",
                      "in WordPress, Tools → Export → All content writes the file to import")
    return channel


def located(item: Item) -> bool:
    """Whether the export gives the post a place (what :mod:`.places` would find)."""
    from atlaspress.app.wordpress import places, shortcodes

    if places.from_meta(item.meta, item.georss) or places.from_body(item.content):
        return True
    if "wp:jetpack/map" in item.content:
        found = shortcodes.Found()
        shortcodes.blocks(item.content, lambda url: "", found)
        return any(-90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0) for lat, lon, _ in found.points)
    return False


def items(path: Path) -> Iterator[Item]:
    """Second pass: every item, one at a time."""
    for key, element in _walk(path):
        if key == "item":
            yield _item(element)
