"""The site-wide web-map model: files, world map, and the page contexts the renderer asks for.

It reads the site graph and makes pages, so it is part of render; the map data it
publishes is made (and cached) in :mod:`atlaspress.maps.webmap`."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from atlaspress.core import palette
from atlaspress.core.config import SiteConfig
from atlaspress.core.store import Store
from atlaspress.core.text import collation_key
from atlaspress.core.text import xml_escape as escape
from atlaspress.maps.webmap.common import (
    SERIES_COLOURS,
    VENDOR,
    Bounds,
    _digest,
    _dumps,
    author_lines,
)
from atlaspress.maps.webmap.data import DETAIL_MAX_SPAN, detail_bytes, detail_key, world_data
from atlaspress.maps.webmap.features import detail_bounds, feature_list, view_bounds
from atlaspress.maps.webmap.style import (
    style_json,
    world_overlays,
)
from atlaspress.maps.webmap.world import seam_costs, world_frame, world_svg
from atlaspress.render.page import Page
from atlaspress.site.link import SiteGraph

# --- site-wide model --------------------------------------------------------------------



_WORLD: dict[tuple[str, str], bytes] = {}


def _world_bytes(store: Store | None) -> bytes:
    """The world basemap as JSON bytes, dumped once per process and cache folder (the dev
    server builds often; another site's build still writes the entry into its own cache)."""
    from atlaspress.core.cache import code_fingerprint

    memo = (code_fingerprint(), str(store.root) if store is not None else "")
    made = _WORLD.get(memo)
    if made is None:
        made = _WORLD[memo] = _dumps(world_data(store))
    return made


@functools.lru_cache(maxsize=8)
def _vendor(name: str) -> bytes:
    path = VENDOR / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileNotFoundError(
            f"{path} is missing: run `make install` (scripts/vendor.sh copies it from npm)"
        ) from exc


def _published(post: Any) -> set[str]:
    """The files published beside a post's page: its own, and those unpacked from a KMZ."""
    return {*post.assets, *(name for layer in post.layers for name in layer.assets)}


def series_colours(graph: SiteGraph) -> dict[str, str]:
    return {name: SERIES_COLOURS[i % (len(SERIES_COLOURS) - 1)] for i, name in enumerate(sorted(graph.series))}


@functools.lru_cache(maxsize=20_000)
def _post_map(map_geojson: str, zoom: str | None) -> tuple[dict[str, Any], Bounds, Bounds, str, str]:
    """A post's map data parsed, its view, its detail box, the lines the basemap avoids and
    the detail basemap's key: kept per process by the post's ``map.geojson`` (the dev server
    rebuilds every post's map context on each save; read only, never changed)."""
    collection = json.loads(map_geojson)
    view = view_bounds(collection, zoom)
    box = detail_bounds(view)
    avoid = author_lines(collection)
    return collection, view, box, avoid, detail_key(box, view, avoid)


@dataclass
class WebMap:
    """Everything the interactive maps of one site need, computed once per build."""

    graph: SiteGraph
    config: SiteConfig
    store: Store | None = None

    def __post_init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.keys: dict[str, str] = {}  # files known by the key of what they are made from
        self.lazy: dict[str, Any] = {}  # … and made when asked for: path -> () -> bytes
        self.urls: dict[str, str] = {}
        cfg = self.config.map
        self.colours = series_colours(self.graph)
        world = _world_bytes(self.store)
        self.seams = seam_costs(self.store)
        self.urls["world"] = self._add("assets/basemap/world-110m", ".json", world)
        self.urls["maplibre.js"] = self._add("assets/vendor/maplibre-gl", ".js", _vendor("maplibre-gl/maplibre-gl.js"))
        self.urls["maplibre.css"] = self._add(
            "assets/vendor/maplibre-gl", ".css", _vendor("maplibre-gl/maplibre-gl.css")
        )
        if cfg.basemap == "pmtiles":
            self.urls["pmtiles.js"] = self._add("assets/vendor/pmtiles", ".js", _vendor("pmtiles/pmtiles.js"))
        self.urls["style"] = self._add("assets/map/post-style", ".json", _dumps(style_json(cfg, self.urls["world"])))
        self.urls["world-style"] = self._add(
            "assets/map/world-style",
            ".json",
            _dumps(style_json(cfg, self.urls["world"], detail=False, overlays=world_overlays(self.colours))),
        )
        self._places = self._make_places()
        self.files["places.geojson"] = _dumps(self._places)
        self.posts: dict[str, dict[str, Any]] = {}
        self.failures: dict[str, Exception] = {}  # posts whose map data raised (render drops them)
        for slug, enriched in self.graph.posts.items():
            try:
                collection, view, box, avoid, known = _post_map(enriched.map_geojson, enriched.post.front.place.zoom)
                entry: dict[str, Any] = {"collection": collection, "bounds": view, "detail": None}
                if cfg.basemap == "natural-earth" and box[2] - box[0] < DETAIL_MAX_SPAN:
                    detail = f"places/{slug}/basemap.geojson"
                    self.keys[detail] = known
                    # Made (or read from the cache) only when the output is written: a
                    # build that keeps the previous file does no geometry for it.
                    self.lazy[detail] = functools.partial(detail_bytes, self.store, box, view, avoid)
                    entry["detail"] = detail
            except Exception as exc:  # one post's map never stops the others'
                self.failures[slug] = exc
                continue
            self.posts[slug] = entry

    def _add(self, stem: str, suffix: str, data: bytes) -> str:
        path = f"{stem}.{_digest(data)}{suffix}"
        self.files[path] = data
        return path

    # -- site-wide data -----------------------------------------------------------------
    def places(self) -> dict[str, Any]:
        """Every post as a point (made once per build)."""
        return self._places

    def _make_places(self) -> dict[str, Any]:
        features: list[dict[str, Any]] = []
        for slug in sorted(self.graph.posts):
            front = self.graph.posts[slug].post.front
            series = front.series or ""
            features.append(
                {
                    "type": "Feature",
                    "id": len(features),
                    "properties": {
                        "slug": slug,
                        "title": front.title,
                        "name": front.place.name,
                        "url": self.graph.posts[slug].post.url,
                        "series": series,
                        "series_title": self.config.series[series].title if series in self.config.series else "",
                        "summary": front.summary or front.subtitle or "",
                        "colour": self.colours.get(series, SERIES_COLOURS[-1]),
                    },
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(front.place.at.lon, 5), round(front.place.at.lat, 5)],
                    },
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def _base_config(self, style: str) -> dict[str, Any]:
        return {
            "lib": self.urls["maplibre.js"],
            "css": self.urls["maplibre.css"],
            "pmtiles": self.urls.get("pmtiles.js"),
            "style": self.urls[style],
            "load": self.config.map.load,
        }

    # -- contexts ----------------------------------------------------------------------
    def post_context(self, slug: str, *, embed: bool = False) -> dict[str, Any]:
        enriched = self.graph.posts[slug]
        entry = self.posts[slug]
        front = enriched.post.front
        config = self._base_config("style") | {
            "kind": "post",
            "data": f"places/{slug}/map.geojson",
            "detail": entry["detail"],
            "bounds": [round(v, 5) for v in entry["bounds"]],
            "title": front.place.name,
            "summary": front.summary or front.subtitle or "",
        }
        if embed:
            config["load"] = "now"
        embed_url = self.config.root_url + f"embed/{slug}/"
        snippet = (
            f'<iframe src="{escape(embed_url)}" title="{escape("Map: " + front.title)}" '
            'width="100%" height="480" style="border:0" loading="lazy" allowfullscreen></iframe>'
        )
        return {
            "config": config,
            "features": feature_list(entry["collection"], _published(enriched.post), "../../" + enriched.post.url),
            "embed_url": embed_url,
            "embed_code": snippet,
            "attribution": self._attribution(),
            "palette": palette.WEB,  # the legend's swatches of the basemap's lines
        }

    def world_context(self, *, autoload: bool) -> dict[str, Any]:
        """The world map's context (the home page's and the world page's), made once per build."""
        made: dict[bool, dict[str, Any]] = self.__dict__.setdefault("_world", {})
        if autoload not in made:
            made[autoload] = self._world_context(autoload)
        return made[autoload]

    def _world_context(self, autoload: bool) -> dict[str, Any]:
        if "_frame" not in self.__dict__:
            self._frame = world_frame(self.places(), self.seams)
        frame = self._frame
        config = self._base_config("world-style") | {
            "kind": "world",
            "data": "places.geojson",
            "bounds": list(frame),  # every place, edges clear of every marker; as the static map
        }
        if autoload:
            config["load"] = "now"
        posts = [self.graph.posts[s] for s in self.graph.order]
        legend = [
            {
                "slug": name,
                "title": self.config.series[name].title,
                "colour": colour,
                "count": len(self.graph.series[name]),
            }
            for name, colour in self.colours.items()
            if name in self.config.series
        ]
        if any(not p.post.front.series for p in posts):
            legend.append(
                {
                    "slug": "",
                    "title": "Other places",
                    "colour": SERIES_COLOURS[-1],
                    "count": sum(1 for p in posts if not p.post.front.series),
                }
            )
        places = [
            {
                "title": p.post.front.title,
                "name": p.post.front.place.name,
                "url": p.post.url,
                "series": p.post.front.series or "",
                "colour": self.colours.get(p.post.front.series or "", SERIES_COLOURS[-1]),
                "coords": p.coordinates["decimal"],
            }
            for p in sorted(posts, key=lambda p: (collation_key(p.post.front.title, self.config.language), p.post.slug))
        ]
        return {
            "config": config,
            "legend": legend,
            "places": places,
            "attribution": self._attribution(),
            "svg": functools.partial(world_svg, self.places(), frame=frame),
        }  # called with the page's root URL

    def pages(self) -> list[Any]:
        """The world map page and the embed page of every post."""
        return [self.world_page(), *(self.embed_page(slug) for slug in self.graph.order)]

    def world_page(self) -> Any:
        return Page("world/index.html", "world.html", {"world_map": self.world_context(autoload=True)})

    def embed_page(self, slug: str) -> Any:
        """The page ``embed/<slug>/`` that shows the post's map alone (for an ``<iframe>``)."""
        post = self.graph.posts[slug].post
        context = {"front": post.front, "post_url": post.url, "map": self.post_context(slug, embed=True)}
        return Page(f"embed/{slug}/index.html", "embed.html", context, in_sitemap=False)

    def _attribution(self) -> str:
        if self.config.map.basemap in ("natural-earth", "pmtiles"):
            base = "Natural Earth"
            return base + (f" · {self.config.map.attribution}" if self.config.map.attribution else "")
        return self.config.map.attribution or ""
