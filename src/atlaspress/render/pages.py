"""Stage 4, render: the site graph to a mapping of output paths to bytes.

Templates come from the theme packaged with atlaspress; a site's own ``templates/``
folder overrides any file by name. Every link is relative so the output works from any
folder of any static host. Nothing here touches the output folder: :mod:`atlaspress.output.write`
does, atomically.
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from atlaspress import __version__
from atlaspress.content.localname import local_name_parts
from atlaspress.content.publish import published_bytes
from atlaspress.core.config import SiteConfig
from atlaspress.core.digest import Digester, Lazy
from atlaspress.core.errors import Diagnostic, PostsFailed, post_failure, step
from atlaspress.core.spool import Spool
from atlaspress.core.store import Store, key, short_key
from atlaspress.core.text import join_phrases
from atlaspress.maps.charts.html import page_figure, standalone_svg, svg_file
from atlaspress.maps.charts.place import with_charts
from atlaspress.render import redirects
from atlaspress.render.feeds import atom_feed, json_feed, robots_txt, site_feeds, sitemap
from atlaspress.render.page import Page
from atlaspress.render.webmap import WebMap
from atlaspress.site.entry import LocatorFigure
from atlaspress.site.link import SiteGraph

THEME = resources.files("atlaspress") / "theme"


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


def _joined(*groups: tuple[str, ...]) -> list[str]:
    """Each tuple of strings as one JSON array: key parts whose items cannot run into each other."""
    return [json.dumps(list(group), ensure_ascii=False) for group in groups]


def relative_url(from_dest: str, target: str) -> str:
    """Link from the page at ``from_dest`` to ``target`` (a site path like ``places/x/``).

    >>> relative_url("places/kaesong/index.html", "series/contentious-borders/")
    '../../series/contentious-borders/'
    >>> relative_url("index.html", "")
    './'
    """
    # Both are site paths (no "..", no leading "/"), so this is string work: posixpath.relpath
    # asks the OS for the working directory on every call, 50,000 times a 1,000-post build.
    base = [p for p in posixpath.dirname(from_dest).split("/") if p and p != "."]
    trailing = target.endswith("/") or target == ""
    parts = [p for p in target.split("/") if p and p != "."]
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + parts[common:])
    if not rel:
        return "./"
    return rel + ("/" if trailing and not rel.endswith("/") else "")


def fingerprint(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{ext}"


@functools.lru_cache(maxsize=1)
def _theme_assets() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, bytes], ...]]:
    """The theme's static files by fingerprinted name (name -> destination, and destination ->
    bytes, fonts included): package data, so made once per process (the dev server's)."""
    assets: dict[str, str] = {}
    static_files: dict[str, bytes] = {}
    for name, data in sorted(_theme_static().items()):
        if name == "style.css":
            data, fonts = self_hosted_fonts(data)
            static_files.update(fonts)
        dest = f"assets/{fingerprint(name, data)}"
        assets[name] = dest
        static_files[dest] = data
    return tuple(assets.items()), tuple(static_files.items())


def _theme_static() -> dict[str, bytes]:
    static = THEME / "static"
    return {entry.name: entry.read_bytes() for entry in static.iterdir() if entry.is_file()}


FONTS = Path(__file__).resolve().parents[1] / "_vendor" / "fonts"  # scripts/subset_fonts.py writes them
_FONT_FACE = re.compile(rb"@font-face\s*\{[^}]*?url\(\"fonts/([a-z0-9.-]+\.woff2)\"\)[^}]*\}\s*")


def self_hosted_fonts(css: bytes) -> tuple[bytes, dict[str, bytes]]:
    """Point each ``@font-face`` of the theme's CSS at its fingerprinted font file; a rule whose
    file was not vendored is dropped, so the text falls back to the next font in the stack."""
    fonts: dict[str, bytes] = {}

    def one(m: re.Match[bytes]) -> bytes:
        name = m.group(1).decode()
        path = FONTS / name
        if not path.is_file():
            return b""
        data = path.read_bytes()
        dest = f"fonts/{fingerprint(name, data)}"
        fonts[f"assets/{dest}"] = data
        return m.group(0).replace(f'url("fonts/{name}")'.encode(), f'url("{dest}")'.encode())

    return _FONT_FACE.sub(one, css), fonts


@functools.lru_cache(maxsize=4)
def _environment(site_dir: str | None, templates: str) -> Environment:
    """One Jinja environment per site and set of templates (``templates`` is their digest):
    the dev server compiles each template once, not on every rebuild."""
    return make_environment(Path(site_dir) if site_dir is not None else None)


def _bytecode_cache() -> Any:
    """Compiled templates kept between runs in the user's cache folder (never the site's):
    compiling the theme's templates took ~0.4 s of every build that renders a page.

    Jinja checks each entry against the template's source and its own and Python's versions;
    the folder is the user's own, like ``__pycache__`` (a site folder, which may come from
    anyone, holds only data: see docs/decisions.md). ``None`` when it cannot be made."""
    import os

    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "atlaspress" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_uid != os.getuid():  # someone else's folder: compile in memory
            return None
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


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
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["tojson_safe"] = inline_json
    env.filters["and_list"] = join_phrases  # author phrases joined, never re-cased
    env.globals["local_name"] = local_name_html
    env.filters["h2s"] = body_headings
    env.filters["svg_id"] = svg_id
    env.filters["svg_viewbox"] = svg_viewbox
    return env


# Characters that could end a <script> (``</script``, ``<!--``), open markup or an entity,
# or end a line for old JavaScript parsers; JSON allows each as a \u escape in strings.
_INLINE_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                        0x2028: "\\u2028", 0x2029: "\\u2029"}


_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SVG_ID = re.compile(r'<svg\b[^>]*?\bid="([^"]+)"')


def body_headings(html: str) -> list[tuple[str, Markup]]:
    """``(id, text)`` of each ``<h2 id>`` of a rendered body, for the contents list."""
    return [(anchor, Markup(_TAG.sub("", text)).strip()) for anchor, text in _H2.findall(str(html))]


def svg_id(svg: Any) -> str:
    """The id of the first ``<svg>`` in ``svg`` (a locator), for a ``<use>`` that shows it again."""
    m = _SVG_ID.search(str(svg or ""))
    return m.group(1) if m else ""


def svg_viewbox(svg: Any) -> str:
    m = re.search(r'<svg\b[^>]*?\bviewBox="([^"]+)"', str(svg or ""))
    return m.group(1) if m else "0 0 640 400"


def local_name_html(place: Any) -> Markup:
    """The place's local name, each language part in a ``<span lang>`` (see content.localname)."""
    parts = []
    for text, lang in local_name_parts(place):
        attr = f' lang="{escape(lang)}"' if lang else ""
        parts.append(f"<span{attr}>{escape(text)}</span>")
    return Markup(" / ".join(parts))


def inline_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script>`` and HTML attributes (the ``tojson_safe`` filter).

    Every JSON the theme inlines (JSON-LD, map configs) goes through here, so no author
    text can close the script element or start a comment that swallows the page.

    >>> print(inline_json({"t": "T <!--<script> & </script>"}))
    {"t": "T \\u003c!--\\u003cscript\\u003e \\u0026 \\u003c/script\\u003e"}
    """
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True).translate(_INLINE_JSON_ESCAPES))


# Each post's last recipe, with what it was made from (:meth:`Renderer.post_recipe`): the dev
# server's next build compares those parts, mostly the very same strings, instead of hashing
# every post's page again. One entry per post slug this process has rendered.
_RECIPES: dict[str, tuple[tuple[Any, ...], str]] = {}


class Renderer:
    """Renders every page of a :class:`SiteGraph` with one Jinja environment."""

    def __init__(self, graph: SiteGraph, config: SiteConfig, site_dir: Path | None,
                 store: Store | None = None) -> None:
        self.graph = graph
        self.config = config
        templates = templates_digest(site_dir)
        self.env = _environment(str(site_dir) if site_dir is not None else None, templates)
        assets, static_files = _theme_assets()
        self.assets: dict[str, str] = dict(assets)
        self.static_files: dict[str, bytes] = dict(static_files)
        self.webmap = WebMap(graph, config, store)  # interactive maps: computed once per build
        self.redirects = redirects.collect(graph, config, site_dir)
        # Query aliases (/?p=123) have no file to collide with: the home page's script knows
        # them before anything is rendered.
        queries, _ = redirects.check([r for r in self.redirects if r.alias.query], set())
        self.query_redirects = redirects.query_map(queries, config)
        # The site pages the navigation links to: every page shows them, so they are part
        # of every page's key (a page added to the menu renders every page again).
        self.nav = [{"title": graph.pages[s].page.front.title, "target": graph.pages[s].page.url}
                    for s in graph.nav]
        self.digester = Digester()
        self._nav_json: str | None = None
        self._views: dict[str, dict[str, Any]] = {}
        # What every output depends on besides its own inputs: the code (and the data it
        # reads), the templates, the configuration and the fingerprinted assets.
        from atlaspress.core.cache import code_fingerprint

        self.global_key = key("render", code_fingerprint(), templates,
                              config.model_dump_json(), json.dumps(self.assets, sort_keys=True))
        # The world map (home and world pages) shows every post's front matter, in order, with
        # the settings: known by those, it is not hashed feature by feature.
        world = key("world", self.global_key, json.dumps([[s, self.basis(s)] for s in graph.order]))
        for autoload in (False, True):
            self.digester.register(self.webmap.world_context(autoload=autoload), key(world, str(autoload)),
                                   "list:world-map")
        for slug, enriched in graph.posts.items():
            basis = self.basis(slug)
            self.digester.register(enriched.post.front, short_key("front", basis), f"post:{slug}")
            self.digester.register(enriched.coordinates, short_key("coordinates", basis))
            if enriched.locator is not None:
                self.digester.register(enriched.locator, short_key("locator", basis))
            if enriched.glance is not None:
                self.digester.register(enriched.glance, short_key("glance", basis))

    def basis(self, slug: str) -> str:
        """What a post's front matter and enrich products are made of (its front-matter hash)."""
        post = self.graph.posts[slug].post
        return post.front_hash or post.content_hash

    def page_key(self, page: Page) -> tuple[str, set[str]]:
        """The digest of everything ``page`` is rendered from, and the posts it shows."""
        nav = self.nav if page.template != "redirect.html" else []  # a redirect page shows no navigation
        digest, labels = self.digester.digest(
            [page.dest_path, page.template, page.root_links, page.in_sitemap, page.lastmod, page.context, nav])
        if nav:
            labels.add("list:nav")
        return key(self.global_key, digest), labels

    def nav_json(self) -> str:
        """The navigation every page but a redirect shows, as a part of a recipe."""
        if self._nav_json is None:
            self._nav_json = json.dumps(self.nav, sort_keys=True)
        return self._nav_json

    def post_recipe(self, slug: str) -> str:
        """A short key of everything a post's page is made from, without making its context.

        The page shows its own post (its files: ``content_hash``; its enrich products, made
        from them and the settings in :attr:`global_key`), its linked prose and neighbours
        (:class:`~atlaspress.site.link.LinkedPost`), the cards of the posts it links to (each
        made from that post's front-matter hash) and the navigation. When the recipe is the one
        recorded for the file on disk, the page's key is too, and the page is neither made nor
        hashed (:meth:`_Collector.kept`): an edit of one post costs its own page, not a digest
        of every page. ``tests/unit/test_recipes.py`` checks that a recipe changes whenever the
        full digest does.
        """
        enriched = self.graph.posts[slug]
        linked = self.graph.linked[slug]
        shown = [*linked.related]
        if linked.series is not None:
            shown += [s for s in (linked.series.prev, linked.series.next) if s] + list(linked.series.see_also)
        series = linked.series
        parts = (self.global_key, self.nav_json(), enriched.post.content_hash, enriched.post.src_path,
                 tuple(enriched.post.assets), linked.body_html, linked.fact_html, linked.event_html,
                 linked.comment_html, linked.related,
                 None if series is None else (series.slug, series.part, series.total, series.prev, series.next,
                                               series.see_also),
                 tuple((s, self.basis(s)) for s in shown))
        last = _RECIPES.get(slug)
        if last is not None and last[0] == parts:  # the same strings as the last build's, mostly the same objects
            return last[1]
        recipe = key(
            "post-recipe", parts[0], parts[1], parts[2], parts[3],
            json.dumps(enriched.post.assets),  # the map's features link the files the post publishes
            linked.body_html, *_joined(linked.fact_html, linked.event_html, linked.comment_html, linked.related),
            "" if series is None else json.dumps([series.slug, series.part, series.total, series.prev, series.next,
                                                  list(series.see_also)]),
            json.dumps([list(pair) for pair in parts[11]]),
        )
        _RECIPES[slug] = (parts, recipe)
        return recipe

    # -- helpers available to templates ------------------------------------------------
    def absolute(self, target: str) -> str:
        return self.config.root_url + target.lstrip("/")

    def post_view(self, slug: str) -> dict[str, Any]:
        """What a card or a link shows of a post: made once per build, hashed by the post's
        front-matter hash (the thumbnail and coordinates are made from it)."""
        view = self._views.get(slug)
        if view is not None:
            return view
        enriched = self.graph.posts[slug]
        front = enriched.post.front
        view = {
            "slug": slug,
            "url": enriched.post.url,
            "front": front,
            "coordinates": enriched.coordinates,
            "thumbnail": Markup(enriched.locator.thumbnail_svg) if enriched.locator else None,
            "series_title": self.config.series[front.series].title if front.series else None,
        }
        self._views[slug] = self.digester.register(view, short_key("view", self.basis(slug), slug), f"post:{slug}")
        return view

    def _pages_of(self, slugs: tuple[str, ...], first: str) -> Iterator[tuple[str, tuple[str, ...], dict[str, Any]]]:
        """A listing cut into pages of ``posts_per_page``: (destination, slugs, pager) for each;
        page 1 is ``first`` (``""`` or ``tags/x/``), page k is ``first + "page/k/"``."""
        size = self.config.posts_per_page
        total = max(1, -(-len(slugs) // size))

        def target(number: int) -> str:
            return first if number == 1 else f"{first}page/{number}/"

        for number in range(1, total + 1):
            pager = {
                "number": number,
                "total": total,
                "newer": target(number - 1) if number > 1 else None,
                "older": target(number + 1) if number < total else None,
                "first": first,
            }
            yield target(number) + "index.html", slugs[(number - 1) * size: number * size], pager

    # -- pages ---------------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        graph, config = self.graph, self.config
        newest = graph.order
        latest_date = max(
            (graph.posts[s].post.front.updated or graph.posts[s].post.front.date for s in newest), default=None
        )
        # Sticky posts first (newest first among them), then the rest, newest first.
        home = tuple(sorted(newest, key=lambda s: not graph.posts[s].post.front.sticky))
        for dest, members, pager in self._pages_of(home, ""):
            first = pager["number"] == 1
            yield Page(
                dest,
                "home.html",
                {
                    "posts": [self.post_view(s) for s in members],
                    "pager": pager,
                    "world_map": self.webmap.world_context(autoload=False) if first else None,
                    "query_redirects": self.query_redirects if first else {},
                },
                lastmod=latest_date.isoformat() if latest_date and first else None,
            )
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
        for tag, tagged in graph.tags.items():
            for dest, members, pager in self._pages_of(tagged, f"tags/{tag}/"):
                context = {"tag": tag, "pager": pager, "posts": [self.post_view(s) for s in members]}
                yield Page(dest, "tag.html", context)
        yield Page("tags/index.html", "tags.html", {"tags": [(t, len(m)) for t, m in graph.tags.items()]})
        for country, (name, members) in graph.countries.items():
            yield Page(
                f"countries/{country}/index.html",
                "country.html",
                {
                    "country": name,
                    "posts": [self.post_view(s) for s in members],
                    "map_svg": self._overview(members, f"Map of the places in or bordering {name}", highlight=name),
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
        for slug, linked_page in self.graph.pages.items():
            yield self._site_page(slug, linked_page)
        yield Page(
            "404.html",
            "404.html",
            {"posts": [self.post_view(s) for s in newest[:3]]},
            in_sitemap=False,
            root_links=True,
        )

    def _site_page(self, slug: str, linked: Any) -> Page:
        """A site page (``content/pages/<slug>.md``) at ``<slug>/``."""
        front = linked.page.front
        when = front.updated or front.date
        # Known by the page file's hash; the label records which page an output shows.
        self.digester.register(front, key("page", linked.page.content_hash), f"page:{slug}")
        return Page(
            f"{slug}/index.html",
            "page.html",
            {"page_slug": slug, "front": front, "body_html": Markup(linked.body_html)},
            lastmod=when.isoformat() if when else None,
        )

    def _comments(self, front: Any, html: tuple[str, ...]) -> tuple[list[dict[str, Any]], int]:
        """The post's comments as a tree for the template (each with its rendered text and an
        id, ``comment-N`` in reading order) and how many there are, replies included."""
        texts = iter(html)
        count = 0

        def tree(comments: list[Any]) -> list[dict[str, Any]]:
            nonlocal count
            items = []
            for comment in comments:
                count += 1
                item: dict[str, Any] = {"comment": comment, "html": Markup(next(texts, "")), "id": f"comment-{count}"}
                item["replies"] = tree(comment.replies)
                items.append(item)
            return items

        return tree(front.imported_comments), count

    def _overview(self, slugs: tuple[str, ...], title: str, highlight: str | None = None) -> Lazy:
        """A static map numbering ``slugs`` in the order they are listed, drawn (and its marks
        gathered) only when the page is rendered, not when its key says it is unchanged."""
        lazy = Lazy(_overview_markup, self.graph, slugs, title, highlight)
        # Drawn from those posts' places and titles (their front matter): known by their hashes.
        recipe = key("overview", title, highlight or "", json.dumps([[s, self.basis(s)] for s in slugs]))
        return self.digester.register(lazy, key(self.global_key, recipe))

    def _post_page(self, slug: str) -> Page:
        enriched = self.graph.posts[slug]
        basis = self.basis(slug)
        locator_svg = compact_svg = None
        if enriched.locator:
            locator_svg = self.digester.register(Markup(enriched.locator.svg), short_key("locator-svg", basis))
            compact = enriched.locator.svg_compact  # read from the cache on each use: once
            if compact:
                compact_svg = self.digester.register(Markup(compact), short_key("compact-svg", basis))
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
        comments, comment_count = self._comments(front, linked.comment_html)
        return Page(
            f"places/{slug}/index.html",
            "post.html",
            {
                "post": self.post_view(slug),
                "front": front,
                "body_html": Markup(with_charts(linked.body_html, enriched.charts, page_figure)),
                "facts": [(fact, Markup(html)) for fact, html in zip(front.facts, linked.fact_html)],
                "events": [(event, Markup(html)) for event, html in zip(front.events, linked.event_html)],
                "comments": comments,
                "comment_count": comment_count,
                "comments_state": comments_state,
                "series": series,
                "related": [self.post_view(s) for s in linked.related],
                "locator": enriched.locator,
                "locator_svg": locator_svg,
                "locator_svg_compact": compact_svg,
                "has_card": bool(enriched.locator and enriched.locator.has_card),
                "card_alt": next((c.description for c in enriched.charts if c.card and c.svg), None)
                or (enriched.locator.caption if enriched.locator else None),
                "layers": [layer.spec for layer in enriched.post.layers],
                "jsonld": self._jsonld(slug),
                "glance": enriched.glance,  # computed At a glance facts and claims (glance.py)
                # Made from the post's map data (its front-matter hash), the files it publishes
                # (features link them) and site-wide settings.
                "map": self.digester.register(self.webmap.post_context(slug),
                                              key("map", basis, "post", json.dumps(enriched.post.assets))),
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
        if enriched.locator and enriched.locator.has_card:
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
            nav=self.nav,
            generator=f"atlaspress {__version__}",
            **page.context,
        )
        return html.encode("utf-8")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _overview_markup(graph: SiteGraph, slugs: tuple[str, ...], title: str, highlight: str | None = None) -> str:
    from atlaspress.maps.model import Mark
    from atlaspress.maps.overview import overview_svg

    fronts = [graph.posts[s].post.front for s in slugs]
    marks = [Mark(lon=f.place.at.lon, lat=f.place.at.lat, label=f.title, number=i)
             for i, f in enumerate(fronts, start=1)]
    return overview_svg(marks, title, highlight)


def templates_digest(site_dir: Path | None) -> str:
    """Hash of every template a page may include: the theme's and the site's own."""
    folders = [Path(str(THEME / "templates"))]
    if site_dir is not None and (site_dir / "templates").is_dir():
        folders.append(site_dir / "templates")
    parts: list[str | bytes] = []
    for i, folder in enumerate(folders):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            parts += [f"{i}:{path.relative_to(folder).as_posix()}", path.read_bytes()]
    return key("templates", *parts)


@dataclass
class RenderedSite:
    """Every output of a build by its key; the bytes of those rendered this time.

    ``keys`` maps each output path to the digest of what it is made from, ``inputs`` to the
    posts and site-wide lists it shows (the dependency record kept beside the output, see
    :mod:`atlaspress.output.manifest`). With ``previous`` keys given, an output whose key is
    unchanged is not rendered and has no bytes here: the previous file is kept.
    """

    files: Spool = field(default_factory=Spool)  # in memory up to a budget, then on disk
    keys: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, list[str]] = field(default_factory=dict)
    recipes: dict[str, str] = field(default_factory=dict)  # post and embed pages: what they are made of
    searchable: list[str] = field(default_factory=list)  # the pages search indexes: posts and site pages
    diagnostics: list[Diagnostic] = field(default_factory=list)  # found while rendering (redirects)

    @property
    def unchanged(self) -> set[str]:
        return set(self.keys) - set(self.files)


Recipe = tuple[str, str, tuple[str, ...]]  # (recipe, key, inputs) of a file as last written


class _Collector:
    def __init__(self, renderer: Renderer, previous: dict[str, str] | None,
                 recipes: Mapping[str, Recipe] | None = None) -> None:
        self.renderer = renderer
        self.previous = previous
        self.recipes = recipes or {}
        self.out = RenderedSite()

    def kept(self, path: str, recipe: str) -> bool:
        """Whether ``path`` on disk was made from ``recipe``: then its key and inputs are the
        recorded ones and it is kept without being made or hashed again."""
        last = self.recipes.get(path)
        if last is None or last[0] != recipe or self.previous is None or self.previous.get(path) != last[1]:
            return False
        self.out.keys[path] = last[1]
        self.out.inputs[path] = list(last[2])
        self.out.recipes[path] = recipe
        return True

    def _fresh(self, path: str, output_key: str, labels: set[str] | list[str]) -> bool:
        self.out.keys[path] = output_key
        self.out.inputs[path] = sorted(labels)
        return self.previous is None or self.previous.get(path) != output_key

    def page(self, page: Page, kind: str) -> None:
        output_key, labels = self.renderer.page_key(page)
        if self._fresh(page.dest_path, output_key, {kind, *labels}):
            self.out.files[page.dest_path] = self.renderer.render_page(page)

    def data(self, path: str, data: bytes, kind: str, labels: list[str] | None = None) -> None:
        """A file whose bytes are at hand: keyed by its content."""
        if self._fresh(path, "sha256:" + hashlib.sha256(data).hexdigest(), [kind, *(labels or [])]):
            self.out.files[path] = data

    def made(self, path: str, output_key: str, make: Callable[[], bytes], labels: list[str]) -> None:
        """A file made only when its key (of what it is made from) changed."""
        if self._fresh(path, short_key(self.renderer.global_key, output_key), labels):
            self.out.files[path] = make()


def _post_pages(renderer: Renderer, collector: _Collector) -> None:
    """Each post's own pages (its page and its map's embed page), one post at a time.

    Raises :class:`PostsFailed` naming every post whose pages (or web-map data) raised,
    before any site-wide page is made from them.
    """
    graph = renderer.graph
    failed = {
        slug: post_failure(graph.posts[slug].post.src_path, exc, "preparing the post's web map")
        for slug, exc in renderer.webmap.failures.items()
    }
    for slug in graph.order:
        if slug in failed:
            continue
        try:
            with step("rendering the post page"):
                dest = f"places/{slug}/index.html"
                recipe = renderer.post_recipe(slug)
                if not collector.kept(dest, recipe):
                    page = renderer._post_page(slug)
                    collector.page(page, "page:post")
                    collector.out.recipes[dest] = recipe
                    # Its maps are this page's alone: not held to the end of the build.
                    renderer.digester.release(*(page.context[k] for k in ("locator_svg", "locator_svg_compact", "map")))
            with step("rendering the post's map embed page"):
                # The embed page shows the post's front matter, map data and published files
                # with the settings (and is keyed with the navigation, like every page): its recipe.
                dest = f"embed/{slug}/index.html"
                post = graph.posts[slug].post
                recipe = key("embed-recipe", renderer.global_key, renderer.nav_json(), renderer.basis(slug), slug,
                             json.dumps(post.assets))
                if not collector.kept(dest, recipe):
                    embed = renderer.webmap.embed_page(slug)
                    renderer.digester.register(embed.context["map"],
                                               key("map", renderer.basis(slug), "embed", json.dumps(post.assets)))
                    collector.page(embed, "page:embed")
                    collector.out.recipes[dest] = recipe
                    renderer.digester.release(embed.context["map"])
        except Exception as exc:
            failed[slug] = post_failure(graph.posts[slug].post.src_path, exc, "rendering the post page")
    if failed:
        raise PostsFailed(failed)


def _kind(dest: str) -> str:
    """The list a site-wide page shows: ``list:home``, ``list:tag``, ``list:series`` …"""
    head = dest.split("/", 1)[0]
    return {"index.html": "list:home", "page": "list:home", "tags": "list:tag", "series": "list:series",
            "countries": "list:country", "archive": "list:archive", "world": "list:world-map",
            "404.html": "list:404"}.get(head, "list:" + head)


def _redirects(renderer: Renderer, collector: _Collector) -> None:
    """A redirect page per path alias and ``_redirects``, once every other output is known,
    so an alias that would replace one is an error instead (:mod:`atlaspress.render.redirects`)."""
    outputs = set(collector.out.keys) | {"search/places.json", redirects.REDIRECTS_FILE}
    kept, diags = redirects.check(renderer.redirects, outputs)
    collector.out.diagnostics.extend(diags)
    for redirect in kept:
        if redirect.alias.file is None:
            continue
        page = Page(redirect.alias.file, "redirect.html", {"target": redirect.target, "title": redirect.title},
                    in_sitemap=False)
        collector.page(page, "redirect")
    if kept:
        collector.data(redirects.REDIRECTS_FILE, redirects.redirects_file(kept, renderer.config), "redirect")


def _card(locator: LocatorFigure) -> bytes:
    return bytes(locator.card_png or b"")


def render_outputs(graph: SiteGraph, config: SiteConfig, site_dir: Path | None, *,
                   previous: dict[str, str] | None = None, store: Store | None = None,
                   recipes: Mapping[str, Recipe] | None = None) -> RenderedSite:
    """Every output file's key, and the bytes of those whose key is not in ``previous``.

    Post pages come first: if any raises, :class:`~atlaspress.core.errors.PostsFailed` names
    them (with their ``error[internal]`` diagnostics) and nothing else is rendered, so the
    caller can leave those posts out of the graph and render again (see
    :func:`atlaspress.app.build.compile_site`).
    """
    renderer = Renderer(graph, config, site_dir, store)
    collector = _Collector(renderer, previous, recipes)
    _post_pages(renderer, collector)
    for name, data in renderer.static_files.items():
        collector.data(name, data, "asset")
    for name, data in renderer.webmap.files.items():  # basemaps, styles, MapLibre, places.geojson
        labels = ["map", "list:world-map"]
        collector.data(name, data, "map", labels[1:])
    for name, make in renderer.webmap.lazy.items():  # detail basemaps: keyed by their cache entry
        slug = name.split("/")[1]
        try:
            collector.made(name, renderer.webmap.keys[name], make, ["map", f"post:{slug}"])
        except Exception as exc:  # one post's map never stops the others'
            raise PostsFailed({slug: post_failure(graph.posts[slug].post.src_path, exc,
                                                  "preparing the post's web map")}) from exc
    entries: list[tuple[str, str | None]] = []
    for slug in graph.order:  # the post pages (made by _post_pages)
        front = graph.posts[slug].post.front
        entries.append((renderer.absolute(f"places/{slug}/"), (front.updated or front.date).isoformat()))
    for page in [*renderer.pages(), renderer.webmap.world_page()]:  # + the world map (embeds: _post_pages)
        if page.dest_path not in collector.out.keys:
            collector.page(page, "page:site" if page.template == "page.html" else _kind(page.dest_path))
        if page.in_sitemap:
            loc = page.dest_path[: -len("index.html")] if page.dest_path.endswith("index.html") else page.dest_path
            entries.append((renderer.absolute(loc), page.lastmod))
    for slug, enriched in graph.posts.items():
        base = f"places/{slug}/"
        basis = renderer.basis(slug)
        label = [f"post:{slug}"]
        collector.made(base + "map.geojson", short_key("map.geojson", basis), partial(_utf8, enriched.map_geojson),
                       label)
        if enriched.locator and enriched.locator.has_card:
            # The card is read (from the cache) only when the file is made.
            collector.made(base + "card.png", short_key("card", basis), partial(_card, enriched.locator), label)
        if enriched.locator:
            collector.made(base + "thumb.svg", short_key("thumb", basis),
                           partial(_utf8, enriched.locator.thumbnail_svg), label)
        for chart in enriched.charts:  # the standalone drawing, for feeds and downloads
            if chart.svg is not None:
                collector.data(base + svg_file(chart), standalone_svg(chart), "chart", label)
        for layer in enriched.post.layers:  # icons and images unpacked from a KMZ
            for name, data in layer.assets.items():
                collector.data(base + name, data, "post-asset", label)
        for asset in enriched.post.assets:
            if asset.lower().endswith((".md",)):
                continue
            source = enriched.post.bundle_dir / asset
            try:
                stat = source.stat()
                stamp = f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}"
            except OSError:
                stamp = "missing"
            collector.made(base + asset, key("asset", str(source), stamp),
                           partial(published_bytes, source), label)  # SVG cleaned
    for feed in site_feeds(graph, config):
        slugs = feed.slugs[: config.posts_per_feed]
        shown, _ = renderer.digester.digest(
            [feed.base, feed.title, [renderer.post_view(s) for s in slugs],
             [graph.linked[s].body_html for s in slugs], [graph.posts[s].locator for s in slugs]])
        labels = ["feed", *(f"post:{s}" for s in slugs)]
        collector.made(feed.base + "feed.xml", key("atom", shown), partial(atom_feed, graph, config, feed), labels)
        collector.made(feed.base + "feed.json", key("json", shown), partial(json_feed, graph, config, feed), labels)
    collector.made("sitemap.xml", key("sitemap", json.dumps(sorted(entries, key=repr))),
                   partial(sitemap, entries), ["list:sitemap"])
    collector.data("robots.txt", robots_txt(config), "config")
    _redirects(renderer, collector)
    out = collector.out
    out.searchable = sorted([f"places/{slug}/index.html" for slug in graph.order]
                            + [f"{slug}/index.html" for slug in graph.pages])
    out.keys = dict(sorted(out.keys.items()))
    return out


def render_site(graph: SiteGraph, config: SiteConfig, site_dir: Path | None) -> dict[str, bytes]:
    """Render every output file; keys are POSIX paths relative to the output root."""
    return dict(sorted(render_outputs(graph, config, site_dir).files.items()))
