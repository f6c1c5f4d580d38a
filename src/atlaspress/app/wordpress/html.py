"""A WordPress post's HTML as clean Markdown (markdownify on BeautifulSoup's ``html.parser``).

The order matters: Gutenberg block comments and shortcodes are resolved on the text first
(:mod:`.shortcodes`), classic posts get their paragraphs (``autop``), and the result is
parsed once. In the tree, iframes become tokens for the Markdown of :mod:`.embeds`, image
sources and links to uploads go through :mod:`.media`, links to other imported posts become
their slugs, and script, style and form elements are dropped. markdownify then writes ATX
headings, ``-`` lists, pipe tables, links and images with their alt text; a figure's caption
becomes an italic line under its image. Tokens are replaced last, so notes written as
Markdown are never escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from atlaspress.app.wordpress import shortcodes
from atlaspress.app.wordpress.embeds import MyMap, embed_markdown, safe_url
from atlaspress.app.wordpress.media import Media

SUMMARY_LENGTH = 300
_TOKEN = "WPIMPORTTOKEN{}X"
_TOKEN_RE = re.compile(r"WPIMPORTTOKEN(\d+)X")
_DROP = ("script", "style", "noscript", "form", "input", "button", "select", "textarea", "object", "embed",
         "applet", "link", "meta", "base", "svg", "math", "template")


class _Converter(MarkdownConverter):
    def convert_figcaption(self, el: Any, text: str, parent_tags: set[str]) -> str:
        text = " ".join(text.split())
        return f"\n\n_{text}_\n\n" if text else ""  # `_`: the caption's own emphasis is `*`

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        alt = " ".join((el.attrs.get("alt") or "").split()).replace("[", "\\[").replace("]", "\\]")
        src = (el.attrs.get("src") or "").replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        title = el.attrs.get("title") or ""
        title_part = ' "{}"'.format(title.replace('"', r"\"")) if title else ""
        return f"![{alt}]({src}{title_part})" if src else alt


_OPTIONS: dict[str, Any] = {
    "heading_style": "ATX",
    "bullets": "-",
    "newline_style": "backslash",
    "table_infer_header": True,
    "escape_misc": False,
    "autolinks": True,
}


@dataclass
class Converted:
    markdown: str
    summary: str
    my_maps: list[MyMap] = field(default_factory=list)
    embeds: int = 0
    found: shortcodes.Found = field(default_factory=shortcodes.Found)


@dataclass
class Context:
    """What converting one post needs from the import."""

    slug: str
    media: Media
    gallery: Callable[[dict[str, str]], list[tuple[str, str]]] = lambda attrs: []
    internal: Callable[[str], str | None] = lambda href: None  # old permalink → a post's slug


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment, whitespace collapsed (for summaries)."""
    soup = BeautifulSoup(fragment, "html.parser")
    for element in soup.find_all(_DROP):
        element.decompose()
    return " ".join(soup.get_text(" ").split())


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def convert(content: str, ctx: Context) -> Converted:
    """Markdown of a post body, its first paragraph as plain text, and what the report needs."""
    result = Converted("", "")
    notes: list[str] = []

    def token(markdown: str) -> str:
        notes.append(markdown)
        return _TOKEN.format(len(notes) - 1)

    def embed(url: str) -> str:
        markdown, mine = embed_markdown(url, ctx.slug)
        result.embeds += 1
        if mine is not None:
            result.my_maps.append(mine)
        return token(markdown) if markdown else ""

    def media_note(kind: str, attrs: dict[str, str]) -> str:
        keys = ("src", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "flv", "0")
        src = next((attrs[k] for k in keys if attrs.get(k)), "")
        url = ctx.media.absolute(src) if src else None
        label = {"audio": "Audio", "video": "Video", "playlist": "Playlist"}[kind]
        if url is None:
            return token(f"> **{label}:** (the file was not in the export)")
        name = url.rstrip("/").rsplit("/", 1)[-1] or url
        return token(f"> **{label}:** [{_escape(name)}]({_md_url(url)})")

    text = shortcodes.blocks(content, embed, result.found)
    text = shortcodes.autop(text)
    text = shortcodes.shortcodes(text, embed=embed, media_note=media_note, gallery=ctx.gallery, found=result.found)
    soup = BeautifulSoup(text, "html.parser")
    _clean(soup, ctx, embed)
    first = next(
        (t for p in soup.find_all("p") if (t := " ".join(_TOKEN_RE.sub("", p.get_text(" ")).split()))), ""
    )
    result.summary = shorten(first)
    markdown = _Converter(**_OPTIONS).convert_soup(soup)
    markdown = _TOKEN_RE.sub(lambda m: "\n\n" + notes[int(m[1])] + "\n\n", markdown)
    result.markdown = tidy(markdown)
    return result


def comment_markdown(content: str, media: Media) -> str:
    """A comment's HTML (or plain text with line breaks) as Markdown; links absolute, no images."""
    soup = BeautifulSoup(shortcodes.autop(content), "html.parser")
    for element in soup.find_all([*_DROP, "iframe", "img"]):
        element.decompose()
    for anchor in soup.find_all("a"):
        href = safe_url(str(anchor.get("href") or ""))
        if href is None:
            anchor.unwrap()
        else:
            anchor.attrs = {"href": href}
    return tidy(_Converter(**_OPTIONS).convert_soup(soup))


def tidy(markdown: str) -> str:
    lines = [line.rstrip() for line in markdown.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n" if text else ""


def _escape(text: str) -> str:
    return re.sub(r"([\[\]*_`\\])", r"\\\1", text)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _clean(soup: BeautifulSoup, ctx: Context, embed: Callable[[str], str]) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for element in soup.find_all(_DROP):
        element.decompose()
    for frame in soup.find_all("iframe"):
        src = str(frame.get("src") or frame.get("data-src") or "")
        frame.replace_with(NavigableString(embed(src) if src else ""))
    for image in soup.find_all("img"):
        src = str(image.get("src") or image.get("data-src") or "")
        new = ctx.media.image(src) if src else None
        if new is None:
            image.decompose()
            continue
        alt, title = image.get("alt"), image.get("title")
        image.attrs = {"src": new, "alt": str(alt or "")}
        if title:
            image.attrs["title"] = str(title)
    for anchor in soup.find_all("a"):
        href = str(anchor.get("href") or "").strip()
        children = [c for c in anchor.contents if not (isinstance(c, NavigableString) and not c.strip())]
        only_image = len(children) == 1 and isinstance(children[0], Tag) and children[0].name == "img"
        if only_image and ctx.media.upload_path(href) is not None:
            anchor.unwrap()  # the full-size copy of the image it shows: the image is enough
            continue
        if not href:
            anchor.unwrap()
            continue
        slug = ctx.internal(href)
        target = slug if slug is not None else ctx.media.link(href)
        if not (target.startswith(("http://", "https://", "mailto:", "#")) or slug is not None
                or target in ctx.media.plan):
            anchor.unwrap()  # javascript:, data: and other links that lead nowhere safe
            continue
        anchor.attrs = {"href": target}
