"""Machine-readable outputs: Atom feeds (with GeoRSS points), sitemap.xml and robots.txt.

Built with ElementTree rather than templates so escaping is always right; dates come from
the posts, never from the clock, so two builds produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from atlaspress.core.config import SiteConfig
from atlaspress.maps.charts.html import feed_figure
from atlaspress.maps.charts.place import with_charts
from atlaspress.site.link import SiteGraph

ATOM = "http://www.w3.org/2005/Atom"
GEORSS = "http://www.georss.org/georss"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
ET.register_namespace("", ATOM)
ET.register_namespace("georss", GEORSS)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


@dataclass(frozen=True)
class Feed:
    """One feed's scope: the site, a series or a tag (``page`` is its HTML page, ``base`` its folder)."""

    base: str  # "" or "series/<slug>/" or "tags/<tag>/"; the feeds are base + feed.xml / feed.json
    title: str
    slugs: tuple[str, ...]  # newest first


def site_feeds(graph: SiteGraph, config: SiteConfig) -> list[Feed]:
    """The site feed, one per series and one per tag."""
    feeds = [Feed("", config.title, graph.order)]
    for name, members in graph.series.items():
        feeds.append(Feed(f"series/{name}/", f"{config.series[name].title} — {config.title}", tuple(reversed(members))))
    for tag, members in graph.tags.items():
        feeds.append(Feed(f"tags/{tag}/", f"#{tag} — {config.title}", members))
    return feeds


def _updated(graph: SiteGraph, slugs: tuple[str, ...]) -> dt.date | None:
    dates = [graph.posts[s].post.front.updated or graph.posts[s].post.front.date for s in slugs]
    return max(dates) if dates else None


def entry_html(graph: SiteGraph, config: SiteConfig, slug: str) -> str:
    """The post's body for a feed entry, its charts as images with absolute links."""
    post = graph.posts[slug]
    base = config.root_url + post.post.url
    return with_charts(graph.linked[slug].body_html, post.charts, lambda fig: feed_figure(fig, base))


def atom_feed(graph: SiteGraph, config: SiteConfig, feed: Feed) -> bytes:
    """Atom 1.0 with full content and a GeoRSS point per entry; newest first."""
    slugs = feed.slugs[: config.posts_per_feed]
    root_url = config.root_url
    element = ET.Element(f"{{{ATOM}}}feed")
    _sub(element, f"{{{ATOM}}}id", root_url + feed.base)
    _sub(element, f"{{{ATOM}}}title", feed.title)
    if config.description:
        _sub(element, f"{{{ATOM}}}subtitle", config.description)
    updated = _updated(graph, slugs)
    _sub(element, f"{{{ATOM}}}updated", _stamp(updated) if updated else "1970-01-01T00:00:00Z")
    _sub(element, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=root_url + feed.base + "feed.xml")
    _sub(element, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=root_url + feed.base)
    author = _sub(element, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", config.author or config.title)
    _sub(element, f"{{{ATOM}}}generator", "atlaspress")
    for slug in slugs:
        post = graph.posts[slug].post
        front = post.front
        entry = _sub(element, f"{{{ATOM}}}entry")
        url = root_url + post.url
        _sub(entry, f"{{{ATOM}}}id", url)
        _sub(entry, f"{{{ATOM}}}title", front.title)
        _sub(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        _sub(entry, f"{{{ATOM}}}published", _stamp(front.date))
        _sub(entry, f"{{{ATOM}}}updated", _stamp(front.updated or front.date))
        if front.summary or front.subtitle:
            _sub(entry, f"{{{ATOM}}}summary", front.summary or front.subtitle or "")
        for tag in front.tags:
            _sub(entry, f"{{{ATOM}}}category", term=tag)
        _sub(entry, f"{{{ATOM}}}content", entry_html(graph, config, slug), type="html")
        at = front.place.at
        _sub(entry, f"{{{GEORSS}}}point", f"{at.lat:.6f} {at.lon:.6f}")
    ET.indent(element)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8") + b"\n"


def json_feed(graph: SiteGraph, config: SiteConfig, feed: Feed) -> bytes:
    """JSON Feed 1.1; each item carries its place under the ``_geo`` extension (GeoJSON point)."""
    root_url = config.root_url
    items = []
    for slug in feed.slugs[: config.posts_per_feed]:
        post = graph.posts[slug].post
        front = post.front
        item: dict[str, object] = {
            "id": root_url + post.url,
            "url": root_url + post.url,
            "title": front.title,
            "content_html": entry_html(graph, config, slug),
            "date_published": _stamp(front.date),
            "date_modified": _stamp(front.updated or front.date),
            "_geo": {
                "about": "https://geojson.org",
                "type": "Point",
                "coordinates": [front.place.at.lon, front.place.at.lat],
                "name": front.place.name,
            },
        }
        if front.summary:
            item["summary"] = front.summary
        if front.tags:
            item["tags"] = list(front.tags)
        locator = graph.posts[slug].locator
        if locator is not None and locator.has_card:
            item["image"] = root_url + post.url + "card.png"
        items.append(item)
    data: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": root_url + feed.base,
        "feed_url": root_url + feed.base + "feed.json",
        "language": config.language,
        "items": items,
    }
    if config.description:
        data["description"] = config.description
    if config.author:
        data["authors"] = [{"name": config.author}]
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def sitemap(entries: list[tuple[str, str | None]]) -> bytes:
    """``sitemap.xml`` listing every public page with its last modification date."""
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for loc, lastmod in sorted(entries):
        url = _sub(urlset, "url")
        _sub(url, "loc", loc)
        if lastmod:
            _sub(url, "lastmod", lastmod)
    ET.indent(urlset)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, encoding="utf-8") + b"\n"


def robots_txt(config: SiteConfig) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.root_url}sitemap.xml\n".encode()
