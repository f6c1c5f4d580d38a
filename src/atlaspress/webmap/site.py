"""The site-wide web-map model: files, world map, and the page contexts render.py asks for."""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from typing import Any

from atlaspress.config import SiteConfig
from atlaspress.core.store import Store, cached_bytes, cached_json, canonical, key
from atlaspress.geo.clip import clip_rect
from atlaspress.geo.svg import escape
from atlaspress.link import SiteGraph
from atlaspress.webmap.basemap import _detail_bytes, world_basemap
from atlaspress.webmap.common import (
    COAST,
    LAND,
    SEA,
    SERIES_COLOURS,
    VENDOR,
    Bounds,
    _digest,
    _dumps,
)
from atlaspress.webmap.features import detail_bounds, feature_list, view_bounds
from atlaspress.webmap.style import (
    style_json,
    world_overlays,
)

# --- site-wide model --------------------------------------------------------------------

# A layer round a pole or across an ocean asks for a detail box as wide as the world: at
# that scale the world basemap is all a reader sees, and 10m data for it is ~1 MB a post.
DETAIL_MAX_SPAN = 180.0  # degrees of longitude


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


def detail_key(box: Bounds, view: Bounds) -> str:
    from atlaspress.cache import code_fingerprint

    return key("detail-basemap", code_fingerprint(), canonical([list(box), list(view)]))


def detail_bytes(store: Store | None, box: Bounds, view: Bounds) -> bytes:
    """A post's detail basemap, made once per box and view and code version: a
    content-addressed entry of ``store`` (clipping 10m Natural Earth is the costliest step
    of a post's map data)."""
    return cached_bytes(store, "basemap", detail_key(box, view), lambda: _detail_bytes(box, view))


def _world_check(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection" or not isinstance(
            value.get("features"), list):
        raise TypeError("expected a FeatureCollection")
    return value


def _seams_check(value: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    out = []
    for meridian, land in value:
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (meridian, land)):
            raise TypeError("expected numbers")
        out.append((float(meridian), float(land)))
    return tuple(out)


def world_data(store: Store | None) -> dict[str, Any]:
    """The world basemap (:func:`world_basemap`), made once per code version."""
    from atlaspress.cache import code_fingerprint

    return cached_json(store, "world-basemap", key("world-basemap", code_fingerprint()), world_basemap, _world_check)


def seam_costs(store: Store | None) -> tuple[tuple[float, float], ...]:
    """:func:`_seam_costs`, made once per code version."""
    from atlaspress.cache import code_fingerprint

    return cached_json(store, "world-seams", key("world-seams", code_fingerprint()),
                       lambda: [list(pair) for pair in _seam_costs()], _seams_check)


def prime_detail(map_geojson: str, zoom: str | None, store: Store) -> None:
    """Make a post's detail basemap into ``store`` now (in an enrich worker, so cold builds
    clip Natural Earth on every core), for :class:`WebMap` to find it there."""
    view = view_bounds(json.loads(map_geojson), zoom)
    box = detail_bounds(view)
    if box[2] - box[0] < DETAIL_MAX_SPAN:
        detail_bytes(store, box, view)


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
        world = _dumps(world_data(self.store))
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
                collection = json.loads(enriched.map_geojson)
                view = view_bounds(collection, enriched.post.front.place.zoom)
                entry: dict[str, Any] = {"collection": collection, "bounds": view, "detail": None}
                box = detail_bounds(view)
                if cfg.basemap == "natural-earth" and box[2] - box[0] < DETAIL_MAX_SPAN:
                    detail = f"places/{slug}/basemap.geojson"
                    self.keys[detail] = detail_key(box, view)
                    # Made (or read from the cache) only when the output is written: a
                    # build that keeps the previous file does no geometry for it.
                    self.lazy[detail] = functools.partial(detail_bytes, self.store, box, view)
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
        }

    def world_context(self, *, autoload: bool) -> dict[str, Any]:
        seam = world_seam([f["geometry"]["coordinates"][0] for f in self.places()["features"]], self.seams)
        config = self._base_config("world-style") | {
            "kind": "world",
            "data": "places.geojson",
            "bounds": [seam, -45.0, seam + 360.0, 78.0],  # edges clear of every marker
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
            for p in sorted(posts, key=lambda p: p.post.front.place.name)
        ]
        return {
            "config": config,
            "legend": legend,
            "places": places,
            "attribution": self._attribution(),
            "svg": functools.partial(world_svg, self.places()),
        }  # called with the page's root URL

    def pages(self) -> list[Any]:
        """The embed page of every post and the world map page (made once per build)."""
        from atlaspress.render import Page

        made = getattr(self, "_pages", None)
        if made is not None:
            return list(made)
        pages = [Page("world/index.html", "world.html", {"world_map": self.world_context(autoload=True)})]
        for slug in self.graph.order:
            post = self.graph.posts[slug].post
            context = {"front": post.front, "post_url": post.url, "map": self.post_context(slug, embed=True)}
            pages.append(Page(f"embed/{slug}/index.html", "embed.html", context, in_sitemap=False))
        self._pages = pages
        return list(pages)

    def _attribution(self) -> str:
        if self.config.map.basemap in ("natural-earth", "pmtiles"):
            base = "Natural Earth"
            return base + (f" · {self.config.map.attribution}" if self.config.map.attribution else "")
        return self.config.map.attribution or ""


DEFAULT_SEAM = -168.0  # the world map's left edge: the Bering Strait, through no land to speak of
SEAM_CLEAR = 8.0  # degrees (~15 px on a 670 px world): no marker this close to an edge, cut in two


def _land_crossing(land: Any, lon: float) -> float:
    """How many degrees of latitude of land the meridian ``lon`` crosses (60 S to 80 N)."""
    import shapely

    return float(shapely.intersection(shapely.LineString([(lon, -60.0), (lon, 80.0)]), land).length)


@functools.lru_cache(maxsize=1)
def _seam_costs() -> tuple[tuple[float, float], ...]:
    """(meridian, land it crosses) for every whole degree, the default edge first."""
    import shapely

    world = world_basemap()
    land = shapely.geometry.shape(next(f["geometry"] for f in world["features"] if f["properties"]["k"] == "land"))
    shapely.prepare(land)
    candidates = sorted(range(-180, 180), key=lambda m: (abs(_turn(m - DEFAULT_SEAM)), m))
    # The world file's land runs a little past 180 (joined across it): look one turn east too.
    return tuple((float(m), _land_crossing(land, float(m)) + _land_crossing(land, m + 360.0)) for m in candidates)


def _turn(d: float) -> float:
    return d - 360.0 * round(d / 360.0)


def world_seam(lons: list[float], costs: tuple[tuple[float, float], ...] | None = None) -> float:
    """The meridian the world map is cut at (its left and right edge): the one nearest the
    Bering Strait that crosses little land and passes no marker closer than ``SEAM_CLEAR``,
    so a place on the antimeridian (Diomede, Fiji) is drawn whole, not as two halves."""
    costs = costs if costs is not None else _seam_costs()
    clear = [(m, land) for m, land in costs if all(abs(_turn(m - lon)) >= SEAM_CLEAR for lon in lons)]
    if not clear:  # markers every few degrees round the world: any edge cuts one
        return DEFAULT_SEAM
    least = min(land for _, land in clear)
    return next(m for m, land in clear if land <= least + 2.0)  # nearest the default, about as wet


def world_svg(places: dict[str, Any], root: str = "", width: int = 720) -> str:
    """A light static world map (equirectangular) with a linked dot per place: the no-JS view.

    The map runs from :func:`world_seam` eastwards round the world, so no dot sits on its edge."""
    import shapely

    world = world_basemap()
    height = width // 2
    top, bottom = 84.0, -58.0
    sx = width / 360.0
    sy = height / (top - bottom)
    seam = world_seam([f["geometry"]["coordinates"][0] for f in places["features"]])

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - seam) % 360.0) * sx, (top - lat) * sy

    land = shapely.geometry.shape(next(f["geometry"] for f in world["features"] if f["properties"]["k"] == "land"))
    # Cut at the seam; the part west of it is drawn at the right-hand end (one turn east).
    east = clip_rect(land, seam, bottom, 180, top)
    west = shapely.transform(clip_rect(land, -180, bottom, seam, top), lambda c: c + [360.0, 0.0])
    land = shapely.simplify(shapely.union_all([east, west]), 0.6, preserve_topology=True)

    def xy_land(lon: float, lat: float) -> tuple[float, float]:
        return (lon - seam) * sx, (top - lat) * sy
    paths = []
    for poly in shapely.get_parts(land):
        if poly.area < 1.5:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            coords = [xy_land(x, y) for x, y in ring.coords]
            paths.append("M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in coords) + "Z")
    view_h = round((top - bottom) * sy)
    out = [
        f'<svg class="world-svg" viewBox="0 0 {width} {view_h}" role="img" '
        f'aria-labelledby="world-svg-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="world-svg-title">World map of every place covered</title>',
        f'<rect width="{width}" height="{view_h}" fill="{SEA}"/>',
        f'<path d="{"".join(paths)}" fill="{LAND}" stroke="{COAST}" stroke-width=".5"/>',
    ]
    for feature in places["features"]:
        props = feature["properties"]
        x, y = xy(*feature["geometry"]["coordinates"])
        out.append(
            f'<a href="{escape(root + props["url"])}" data-slug="{escape(props["slug"])}">'
            f"<title>{escape(props['title'])}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{props["colour"]}" '
            'stroke="#fff" stroke-width="2"/></a>'
        )
    out.append("</svg>")
    return "".join(out)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 9))
