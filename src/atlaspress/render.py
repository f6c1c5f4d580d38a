"""Stage 4, render: the site graph to a mapping of output paths to bytes.

Templates come from the theme packaged with atlaspress; a site's own ``templates/``
folder overrides any file by name. Every link is relative so the output works from any
folder of any static host. Nothing here touches the output folder: :mod:`atlaspress.write`
does, atomically.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from atlaspress import __version__
from atlaspress.config import SiteConfig
from atlaspress.errors import PostsFailed, post_failure, step
from atlaspress.feeds import atom_feed, json_feed, robots_txt, site_feeds, sitemap
from atlaspress.link import SiteGraph
from atlaspress.maps.charts.html import page_figure, standalone_svg, svg_file
from atlaspress.maps.charts.place import with_charts
from atlaspress.publish import published_bytes
from atlaspress.webmap import WebMap

THEME = resources.files("atlaspress") / "theme"


@dataclass(frozen=True)
class Page:
    """One HTML page to render: where it goes and what its template receives."""

    dest_path: str
    template: str
    context: dict[str, Any]
    in_sitemap: bool = True
    lastmod: str | None = None
    root_links: bool = False  # served at any depth (404): link from the site root instead


def country_label(alpha2: str | None) -> str | None:
    """English short name for an ISO alpha-2 code, or the code itself if unknown."""
    if not alpha2:
        return None
    try:
        from atlaspress.geo.atlas import country_name
    except ImportError:  # pragma: no cover - geo data not installed
        return alpha2
    try:
        return country_name(alpha2)
    except KeyError:  # a well-formed code ISO does not know (e.g. XK); show it as written
        return alpha2


def relative_url(from_dest: str, target: str) -> str:
    """Link from the page at ``from_dest`` to ``target`` (a site path like ``places/x/``).

    >>> relative_url("places/kaesong/index.html", "series/contentious-borders/")
    '../../series/contentious-borders/'
    >>> relative_url("index.html", "")
    './'
    """
    base = posixpath.dirname(from_dest) or "."
    trailing = target.endswith("/") or target == ""
    rel = posixpath.relpath(target or ".", base)
    if rel == ".":
        return "./"
    return rel + ("/" if trailing and not rel.endswith("/") else "")


def fingerprint(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{ext}"


def _theme_static() -> dict[str, bytes]:
    static = THEME / "static"
    return {entry.name: entry.read_bytes() for entry in static.iterdir() if entry.is_file()}


def make_environment(site_dir: Path | None) -> Environment:
    loaders = []
    if site_dir is not None and (site_dir / "templates").is_dir():
        loaders.append(FileSystemLoader(str(site_dir / "templates")))
    loaders.append(FileSystemLoader(str(THEME / "templates")))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["tojson_safe"] = inline_json
    return env


# Characters that could end a <script> (``</script``, ``<!--``), open markup or an entity,
# or end a line for old JavaScript parsers; JSON allows each as a \u escape in strings.
_INLINE_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                        0x2028: "\\u2028", 0x2029: "\\u2029"}


def inline_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script>`` and HTML attributes (the ``tojson_safe`` filter).

    Every JSON the theme inlines (JSON-LD, map configs) goes through here, so no author
    text can close the script element or start a comment that swallows the page.

    >>> print(inline_json({"t": "T <!--<script> & </script>"}))
    {"t": "T \\u003c!--\\u003cscript\\u003e \\u0026 \\u003c/script\\u003e"}
    """
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True).translate(_INLINE_JSON_ESCAPES))


class Renderer:
    """Renders every page of a :class:`SiteGraph` with one Jinja environment."""

    def __init__(self, graph: SiteGraph, config: SiteConfig, site_dir: Path | None) -> None:
        self.graph = graph
        self.config = config
        self.env = make_environment(site_dir)
        self.assets: dict[str, str] = {}
        self.static_files: dict[str, bytes] = {}
        for name, data in sorted(_theme_static().items()):
            dest = f"assets/{fingerprint(name, data)}"
            self.assets[name] = dest
            self.static_files[dest] = data
        self.webmap = WebMap(graph, config)  # interactive maps: computed once per build

    # -- helpers available to templates ------------------------------------------------
    def absolute(self, target: str) -> str:
        return self.config.root_url + target.lstrip("/")

    def post_view(self, slug: str) -> dict[str, Any]:
        enriched = self.graph.posts[slug]
        front = enriched.post.front
        return {
            "slug": slug,
            "url": enriched.post.url,
            "front": front,
            "coordinates": enriched.coordinates,
            "thumbnail": Markup(enriched.locator.thumbnail_svg) if enriched.locator else None,
            "series_title": self.config.series[front.series].title if front.series else None,
        }

    # -- pages ---------------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        graph, config = self.graph, self.config
        newest = graph.order
        latest_date = max(
            (graph.posts[s].post.front.updated or graph.posts[s].post.front.date for s in newest), default=None
        )
        yield Page(
            "index.html",
            "home.html",
            {"posts": [self.post_view(s) for s in newest], "world_map": self.webmap.world_context(autoload=False)},
            lastmod=latest_date.isoformat() if latest_date else None,
        )
        for slug in newest:
            yield self._post_page(slug)
        for name, members in graph.series.items():
            yield Page(
                f"series/{name}/index.html",
                "series.html",
                {
                    "series_slug": name,
                    "series": config.series[name],
                    "posts": [self.post_view(s) for s in members],
                    "map_svg": self._overview(members, f"Map of the places in {config.series[name].title}"),
                },
            )
        yield Page(
            "series/index.html",
            "series_index.html",
            {
                "all_series": [(name, config.series[name], len(members)) for name, members in graph.series.items()],
            },
        )
        for tag, members in graph.tags.items():
            yield Page(
                f"tags/{tag}/index.html", "tag.html", {"tag": tag, "posts": [self.post_view(s) for s in members]}
            )
        yield Page("tags/index.html", "tags.html", {"tags": [(t, len(m)) for t, m in graph.tags.items()]})
        for key, (name, members) in graph.countries.items():
            yield Page(
                f"countries/{key}/index.html",
                "country.html",
                {
                    "country": name,
                    "posts": [self.post_view(s) for s in members],
                    "map_svg": self._overview(members, f"Map of the places in or bordering {name}"),
                },
            )
        yield Page(
            "countries/index.html",
            "countries.html",
            {
                "countries": [(key, name, len(members)) for key, (name, members) in graph.countries.items()],
            },
        )
        yield Page(
            "archive/index.html",
            "archive.html",
            {
                "years": [(year, [self.post_view(s) for s in members]) for year, members in graph.years.items()],
            },
        )
        yield Page(
            "404.html",
            "404.html",
            {"posts": [self.post_view(s) for s in newest[:3]]},
            in_sitemap=False,
            root_links=True,
        )

    def _overview(self, slugs: tuple[str, ...], title: str) -> Markup:
        """A static map numbering ``slugs`` in the order they are listed."""
        from atlaspress.overview import Mark, overview_svg

        marks = [
            Mark(
                lon=self.graph.posts[s].post.front.place.at.lon,
                lat=self.graph.posts[s].post.front.place.at.lat,
                label=self.graph.posts[s].post.front.title,
                number=i,
            )
            for i, s in enumerate(slugs, start=1)
        ]
        return Markup(overview_svg(marks, title))

    def _post_page(self, slug: str) -> Page:
        enriched = self.graph.posts[slug]
        linked = self.graph.linked[slug]
        front = enriched.post.front
        series = None
        if linked.series and front.series:
            cfg = self.config.series[front.series]
            series = {
                "slug": front.series,
                "title": cfg.title,
                "phrase": cfg.phrase,
                "part": linked.series.part,
                "total": linked.series.total,
                "prev": self.post_view(linked.series.prev) if linked.series.prev else None,
                "next": self.post_view(linked.series.next) if linked.series.next else None,
                "see_also": [self.post_view(s) for s in linked.series.see_also],
            }
        comments_state = front.comments or self.config.comments
        return Page(
            f"places/{slug}/index.html",
            "post.html",
            {
                "post": self.post_view(slug),
                "front": front,
                "body_html": Markup(with_charts(linked.body_html, enriched.charts, page_figure)),
                "facts": [(fact, Markup(html)) for fact, html in zip(front.facts, linked.fact_html)],
                "events": [(event, Markup(html)) for event, html in zip(front.events, linked.event_html)],
                "comments": [(c, Markup(html)) for c, html in zip(front.imported_comments, linked.comment_html)],
                "comments_state": comments_state,
                "series": series,
                "related": [self.post_view(s) for s in linked.related],
                "locator": enriched.locator,
                "locator_svg": Markup(enriched.locator.svg) if enriched.locator else None,
                "locator_svg_compact": Markup(enriched.locator.svg_compact)
                if enriched.locator and enriched.locator.svg_compact
                else None,
                "has_card": bool(enriched.locator and enriched.locator.card_png),
                "card_alt": next((c.description for c in enriched.charts if c.card and c.svg), None)
                or (enriched.locator.caption if enriched.locator else None),
                "layers": [layer.spec for layer in enriched.post.layers],
                "jsonld": self._jsonld(slug),
                "glance": enriched.glance,  # computed At a glance facts and claims (glance.py)
                "map": self.webmap.post_context(slug),
                "country_name": country_label(front.place.country),
            },
            lastmod=(front.updated or front.date).isoformat(),
        )

    def _jsonld(self, slug: str) -> dict[str, Any]:
        enriched = self.graph.posts[slug]
        front = enriched.post.front
        place: dict[str, Any] = {
            "@type": "Place",
            "name": front.place.name,
            "geo": {"@type": "GeoCoordinates", "latitude": front.place.at.lat, "longitude": front.place.at.lon},
        }
        if front.place.country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": front.place.country}
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": front.title,
            "datePublished": front.date.isoformat(),
            "dateModified": (front.updated or front.date).isoformat(),
            "url": self.absolute(enriched.post.url),
            "contentLocation": place,
            "inLanguage": self.config.language,
        }
        if front.summary:
            data["description"] = front.summary
        if self.config.author:
            data["author"] = {"@type": "Person", "name": self.config.author}
        if enriched.locator and enriched.locator.card_png:
            data["image"] = self.absolute(f"{enriched.post.url}card.png")
        return data

    def render_page(self, page: Page) -> bytes:
        template = self.env.get_template(page.template)

        def url(target: str) -> str:
            if page.root_links:
                link = urlsplit(self.config.root_url).path + target
            else:
                link = relative_url(page.dest_path, target)
            if not self.config.pretty_urls and (link.endswith("/") or link == ""):
                link += "index.html"  # folders do not open their index.html from file://
            return link

        def asset(name: str) -> str:
            return url(self.assets[name])

        canonical_path = (
            page.dest_path[: -len("index.html")] if page.dest_path.endswith("index.html") else page.dest_path
        )
        html = template.render(
            site=self.config,
            page=page,
            url=url,
            asset=asset,
            canonical=self.absolute(canonical_path),
            absolute=self.absolute,
            generator=f"atlaspress {__version__}",
            **page.context,
        )
        return html.encode("utf-8")


def _post_pages(renderer: Renderer) -> dict[str, bytes]:
    """Each post's own pages (its page and its map's embed page), one post at a time.

    Raises :class:`PostsFailed` naming every post whose pages (or web-map data) raised,
    before any site-wide page is made from them.
    """
    graph = renderer.graph
    failed = {
        slug: post_failure(graph.posts[slug].post.src_path, exc, "preparing the post's web map")
        for slug, exc in renderer.webmap.failures.items()
    }
    pages: dict[str, bytes] = {}
    embeds = {page.dest_path: page for page in renderer.webmap.pages() if page.dest_path.startswith("embed/")}
    for slug in graph.order:
        if slug in failed:
            continue
        try:
            with step("rendering the post page"):
                page = renderer._post_page(slug)
                pages[page.dest_path] = renderer.render_page(page)
            with step("rendering the post's map embed page"):
                embed = embeds[f"embed/{slug}/index.html"]
                pages[embed.dest_path] = renderer.render_page(embed)
        except Exception as exc:
            failed[slug] = post_failure(graph.posts[slug].post.src_path, exc, "rendering the post page")
    if failed:
        raise PostsFailed(failed)
    return pages


def render_site(graph: SiteGraph, config: SiteConfig, site_dir: Path | None) -> dict[str, bytes]:
    """Render every output file; keys are POSIX paths relative to the output root.

    Post pages come first: if any raises, :class:`~atlaspress.errors.PostsFailed` names
    them (with their ``error[internal]`` diagnostics) and nothing else is rendered, so the
    caller can leave those posts out of the graph and render again (see
    :func:`atlaspress.build.compile_site`).
    """
    renderer = Renderer(graph, config, site_dir)
    done = _post_pages(renderer)
    files: dict[str, bytes] = dict(renderer.static_files)
    entries: list[tuple[str, str | None]] = []
    files.update(renderer.webmap.files)  # basemaps, styles, MapLibre, places.geojson
    for page in [*renderer.pages(), *renderer.webmap.pages()]:  # + embeds and the world map
        rendered = done.get(page.dest_path)
        files[page.dest_path] = rendered if rendered is not None else renderer.render_page(page)
        if page.in_sitemap:
            loc = page.dest_path[: -len("index.html")] if page.dest_path.endswith("index.html") else page.dest_path
            entries.append((renderer.absolute(loc), page.lastmod))
    for slug, enriched in graph.posts.items():
        base = f"places/{slug}/"
        files[base + "map.geojson"] = enriched.map_geojson.encode("utf-8")
        if enriched.locator and enriched.locator.card_png:
            files[base + "card.png"] = enriched.locator.card_png
        if enriched.locator and enriched.locator.thumbnail_svg:
            files[base + "thumb.svg"] = enriched.locator.thumbnail_svg.encode("utf-8")
        for chart in enriched.charts:  # the standalone drawing, for feeds and downloads
            if chart.svg is not None:
                files[base + svg_file(chart)] = standalone_svg(chart)
        for layer in enriched.post.layers:  # icons and images unpacked from a KMZ
            for name, data in layer.assets.items():
                files[base + name] = data
        for asset in enriched.post.assets:
            if asset.lower().endswith((".md",)):
                continue
            files[base + asset] = published_bytes(enriched.post.bundle_dir / asset)  # SVG cleaned
    for feed in site_feeds(graph, config):
        files[feed.base + "feed.xml"] = atom_feed(graph, config, feed)
        files[feed.base + "feed.json"] = json_feed(graph, config, feed)
    files["sitemap.xml"] = sitemap(entries)
    files["robots.txt"] = robots_txt(config)
    return dict(sorted(files.items()))
