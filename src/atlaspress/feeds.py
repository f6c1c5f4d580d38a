"""Machine-readable outputs: Atom feeds (with GeoRSS points), sitemap.xml and robots.txt.

Built with ElementTree rather than templates so escaping is always right; dates come from
the posts, never from the clock, so two builds produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from atlaspress.config import SiteConfig
from atlaspress.link import SiteGraph

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


def atom_feed(graph: SiteGraph, config: SiteConfig, series: str | None) -> bytes:
    """The site feed, or one series' feed: newest posts first, full content included."""
    slugs = list(graph.order) if series is None else list(reversed(graph.series[series]))
    slugs = slugs[: config.posts_per_feed]
    root_url = config.root_url
    path = "feed.xml" if series is None else f"series/{series}/feed.xml"
    page = "" if series is None else f"series/{series}/"
    title = config.title if series is None else f"{config.series[series].title} — {config.title}"
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, f"{{{ATOM}}}id", root_url + page)
    _sub(feed, f"{{{ATOM}}}title", title)
    if config.description:
        _sub(feed, f"{{{ATOM}}}subtitle", config.description)
    dates = [graph.posts[s].post.front.updated or graph.posts[s].post.front.date for s in slugs]
    _sub(feed, f"{{{ATOM}}}updated", _stamp(max(dates)) if dates else "1970-01-01T00:00:00Z")
    _sub(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=root_url + path)
    _sub(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=root_url + page)
    author = _sub(feed, f"{{{ATOM}}}author")
    _sub(author, f"{{{ATOM}}}name", config.author or config.title)
    _sub(feed, f"{{{ATOM}}}generator", "atlaspress")
    for slug in slugs:
        post = graph.posts[slug].post
        front = post.front
        entry = _sub(feed, f"{{{ATOM}}}entry")
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
        _sub(entry, f"{{{ATOM}}}content", graph.linked[slug].body_html, type="html")
        at = front.place.at
        _sub(entry, f"{{{GEORSS}}}point", f"{at.lat:.6f} {at.lon:.6f}")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


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
