"""Stage 2, enrich: add what can be computed from one post alone.

Each post is enriched independently of the others — locator map, thumbnail, social card,
the normalised ``map.geojson`` shared by both maps, and formatted coordinates — so the
result can be cached by the post's content hash and computed on every core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atlaspress.content.coords import Coordinate
from atlaspress.load import ContentSet, Post


@dataclass(frozen=True)
class LocatorFigure:
    """The generated "where in the world" map for a post (inline SVG and its texts)."""

    svg: str
    caption: str
    thumbnail_svg: str
    card_png: bytes | None


@dataclass(frozen=True)
class EnrichedPost:
    post: Post
    coordinates: dict[str, str]  # "decimal", "dms"
    map_geojson: str  # normalised FeatureCollection, deterministic JSON
    locator: LocatorFigure | None = None


def dms(coord: Coordinate) -> str:
    """``37°55′48″ N, 126°36′00″ E`` — the form atlases print."""

    def part(value: float, pos: str, neg: str) -> str:
        total = round(abs(value) * 3600)
        d, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        return f"{d}°{m:02d}′{s:02d}″ {pos if value >= 0 else neg}"

    return f"{part(coord.lat, 'N', 'S')}, {part(coord.lon, 'E', 'W')}"


def _map_geojson(post: Post) -> str:
    """One FeatureCollection with the place point and every layer's features, tagged by layer."""
    place = post.front.place
    features: list[dict[str, Any]] = [{
        "type": "Feature",
        "properties": {"layer": "place", "name": place.name, "role": "place"},
        "geometry": {"type": "Point", "coordinates": [round(place.at.lon, 6), round(place.at.lat, 6)]},
    }]
    for layer in post.layers:
        for feature in layer.features:
            props = {k: v for k, v in (feature.get("properties") or {}).items() if isinstance(v, (str, int, float, bool))}
            props["layer"] = layer.spec.key
            if layer.spec.kind:
                props["kind"] = layer.spec.kind
            features.append({"type": "Feature", "properties": props, "geometry": feature.get("geometry")})
    collection = {
        "type": "FeatureCollection",
        "layers": [{"id": l.spec.key, "title": l.spec.label, "kind": l.spec.kind} for l in post.layers],
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _locator(post: Post, site_title: str, cache_dir: Path | None) -> LocatorFigure | None:
    """Draw the locator with :mod:`atlaspress.geo`; ``None`` when its data is not installed."""
    try:
        from atlaspress.geo.card import render_social_card
        from atlaspress.geo.locator import LocatorLayer, LocatorSpec, render_locator, render_thumbnail
    except ImportError:
        return None
    place = post.front.place
    spec = LocatorSpec(
        title=post.front.title,
        place_name=place.name,
        lon=place.at.lon,
        lat=place.at.lat,
        country=place.country,
        zoom=place.zoom,
        layers=tuple(
            LocatorLayer(id=l.spec.key, title=l.spec.label, kind=l.spec.kind, features=l.features)
            for l in post.layers
        ),
    )
    locator = render_locator(spec, cache_dir=cache_dir)
    card = render_social_card(locator, post.front.title, post.front.subtitle, site_title)
    return LocatorFigure(svg=locator.svg, caption=locator.caption,
                         thumbnail_svg=render_thumbnail(spec), card_png=card)


def enrich_post(post: Post, site_title: str, cache_dir: Path | None = None) -> EnrichedPost:
    at = post.front.place.at
    return EnrichedPost(
        post=post,
        coordinates={"decimal": at.human(4), "dms": dms(at)},
        map_geojson=_map_geojson(post),
        locator=_locator(post, site_title, cache_dir),
    )


def enrich_site(content: ContentSet, cache_dir: Path | None = None) -> list[EnrichedPost]:
    """Enrich every post, in the content set's order."""
    return [enrich_post(p, content.config.title, cache_dir) for p in content.posts]
