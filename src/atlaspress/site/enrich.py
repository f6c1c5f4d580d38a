"""Stage 2, enrich: add what can be computed from one post alone.

Each post is enriched independently of the others — locator map, thumbnail, social card,
the normalised ``map.geojson`` shared by both maps, and formatted coordinates — so the
result can be cached by the post's content hash and computed on every core.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from atlaspress.content.coords import dms
from atlaspress.content.load import ContentSet, Post
from atlaspress.core.errors import Diagnostic, Report, post_failure, step
from atlaspress.facts.model import Glance
from atlaspress.site.entry import EnrichedPost, LocatorFigure, load_enriched, store_enriched

if TYPE_CHECKING:
    from atlaspress.maps.charts import ChartFigure

PARALLEL_THRESHOLD = 16  # below this, starting worker processes costs more than it saves


def _map_geojson(post: Post) -> str:
    """One FeatureCollection with the place point and every layer's features, tagged by layer."""
    place = post.front.place
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "properties": {"layer": "place", "name": place.name, "role": "place"},
            "geometry": {"type": "Point", "coordinates": [round(place.at.lon, 6), round(place.at.lat, 6)]},
        }
    ]
    for layer in post.layers:
        for feature in layer.features:
            source = feature.get("properties") or {}
            props = {k: v for k, v in source.items() if isinstance(v, (str, int, float, bool))}
            # simplestyle keys flat, as MapLibre expressions can read them; KML ExtendedData
            # stays an object for pop-ups (the map reads map.geojson itself).
            props.update(
                {k: v for k, v in (source.get("style") or {}).items() if isinstance(v, (str, int, float, bool))}
            )
            if source.get("data"):
                props["data"] = source["data"]
            props["layer"] = layer.spec.key
            if layer.spec.kind:
                props["kind"] = layer.spec.kind
            features.append({"type": "Feature", "properties": props, "geometry": feature.get("geometry")})
    collection = {
        "type": "FeatureCollection",
        "layers": [
            {
                "id": layer.spec.key,
                "title": layer.spec.label,
                "kind": layer.spec.kind,
                "groups": [{"id": g.id, "title": g.title} for g in layer.groups],
            }
            for layer in post.layers
        ],
        "features": features,
    }
    from atlaspress.maps.webmap.antimeridian import unwrap_collection

    # Across ±180 and round a pole, drawn where it is: unwrapped around the place.
    collection = unwrap_collection(collection, place.at.lon)
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _locator(post: Post, site_title: str, cache_dir: Path | None,
             point_of_view: str = "de-facto") -> LocatorFigure | None:
    """Draw the locator with :mod:`atlaspress.geo`; ``None`` when its data is not installed."""
    try:
        from atlaspress.maps.card import render_social_card
        from atlaspress.maps.locator import LocatorLayer, LocatorSpec, render_locator, render_thumbnail
    except ImportError:
        return None
    from atlaspress.facts.story import story_text

    place = post.front.place
    spec = LocatorSpec(
        title=post.front.title,
        place_name=place.name,
        lon=place.at.lon,
        lat=place.at.lat,
        country=place.country,
        zoom=place.zoom,
        point_of_view=point_of_view,
        story=story_text(post),
        layers=tuple(
            LocatorLayer(id=layer.spec.key, title=layer.spec.label, kind=layer.spec.kind, features=layer.features)
            for layer in post.layers
        ),
    )
    with step("drawing the locator map"):
        locator = render_locator(spec, cache_dir=cache_dir)
    with step("rendering the social card"):
        card = render_social_card(locator, post.front.title, post.front.subtitle, site_title)
    with step("drawing the thumbnail map"):
        thumbnail = render_thumbnail(spec)
    return LocatorFigure(
        svg=locator.svg,
        svg_compact=getattr(locator, "svg_compact", None),
        caption=locator.caption,
        thumbnail_svg=thumbnail,
        card_png=card,
    )


def _glance(post: Post, point_of_view: str = "de-facto") -> tuple[Glance | None, tuple[Diagnostic, ...]]:
    """At a glance facts, the declared country checked, and every claim measured."""
    from atlaspress.facts.claims import evaluate_claims
    from atlaspress.facts.glance import compute_glance, country_findings, facts_of
    from atlaspress.geo.atlas import GeoDataError

    try:
        glance = compute_glance(post, facts_of(post, point_of_view))
    except GeoDataError:
        return None, ()
    verdicts, findings = evaluate_claims(post, glance)
    return replace(glance, claims=verdicts), (*country_findings(post, glance), *findings)


NEIGHBOUR_KM = 40.0  # a state this close (over land or water) is part of the place's story


def _countries(post: Post, glance: Glance | None = None) -> tuple[str, ...]:
    """The declared (else computed) country, then every state within reach, nearest first,
    by display name."""
    from atlaspress.facts.place import NEAREST_N
    from atlaspress.geo.atlas import country_name, nearest_countries

    names: list[str] = []
    place = post.front.place
    if place.country:
        try:
            names.append(country_name(place.country))
        except KeyError:
            names.append(place.country)
    elif glance is not None and glance.country_name:
        names.append(glance.country_name)
    near = nearest_countries(place.at.lon, place.at.lat, n=NEAREST_N)
    names += [n.name for n in near if n.name and n.km <= NEIGHBOUR_KM]
    return tuple(dict.fromkeys(names))


def _charts(post: Post) -> tuple[ChartFigure, ...]:
    """The post's charts and data maps; a CSV problem raises its located ContentError,
    which skips the post like any other error in it."""
    if not post.front.charts:
        return ()
    from atlaspress.core.errors import display_path
    from atlaspress.maps.charts import post_charts

    layers = {layer.spec.key: layer.features for layer in post.layers}
    at = post.front.place.at
    return post_charts(post.front.charts, post.bundle_dir, display_path(post.bundle_dir), events=post.front.events,
                       layers=layers, place=(at.lon, at.lat))


def _chart_card(locator: LocatorFigure | None, charts: tuple[ChartFigure, ...], post: Post,
                site_title: str) -> LocatorFigure | None:
    """When a chart asks to be the social card, the card is drawn from it."""
    chosen = next((c for c in charts if c.card and c.svg), None)
    if chosen is None:
        return locator
    from atlaspress.maps.charts.card import render_chart_card

    png = render_chart_card(chosen, site_title)
    if locator is None:
        return LocatorFigure(svg="", svg_compact=None, caption=chosen.title, thumbnail_svg="", card_png=png)
    return locator.with_card(png)


def enrich_post(post: Post, site_title: str, cache_dir: Path | None = None,
                point_of_view: str = "de-facto") -> EnrichedPost:
    """Everything computed from one post; an unexpected exception names its step (StepFailed).

    The place's facts are computed once (:mod:`atlaspress.facts`, cached per process); the
    At a glance list and the locator's caption both read them."""
    at = post.front.place.at
    with step("computing the At a glance facts"):
        glance, findings = _glance(post, point_of_view)
    with step("writing the post's map data"):
        map_geojson = _map_geojson(post)
    locator = _locator(post, site_title, cache_dir, point_of_view)  # names its own steps
    with step("drawing the post's charts"):
        charts = _charts(post)
    with step("rendering the chart card"):
        locator = _chart_card(locator, charts, post, site_title)
    with step("finding the post's countries"):
        countries = _countries(post, glance)
    return EnrichedPost(
        post=post,
        coordinates={"decimal": at.human(4), "dms": dms(at)},
        map_geojson=map_geojson,
        locator=locator,
        glance=glance,
        countries=countries,
        diagnostics=findings,
        charts=charts,
    )


def _cached(post: Post, site_title: str, cache_dir: Path | None, point_of_view: str) -> EnrichedPost | None:
    # JSON, checked field by field; the post itself is fresh from load (see atlaspress.core.cache).
    def remake() -> EnrichedPost:  # a figure beside the entry was damaged or planted
        fresh = enrich_post(post, site_title, cache_dir, point_of_view)
        _store(fresh, site_title, cache_dir, point_of_view)
        return fresh

    return load_enriched(cache_dir, post, site_title, point_of_view, remake)


def _store(enriched: EnrichedPost, site_title: str, cache_dir: Path | None, point_of_view: str) -> bool:
    return store_enriched(cache_dir, enriched, site_title, point_of_view)


STORED = "stored"
"""What a worker returns for a post whose result it wrote to the cache itself: the parent reads
the entry back (its figures stay on disk until a page uses them) instead of receiving ~100 kB
of maps and card per post through the pool's pipe and holding them all until the last post."""


def _preload() -> None:
    """Decode the geodata once, in this process, before the workers fork: they share its
    pages (copy-on-write) instead of each decoding its own copy, and render needs the atlas
    and the cities afterwards anyway."""
    try:
        from atlaspress.geo.atlas import load_atlas
        from atlaspress.geo.borders import load_borders
        from atlaspress.geo.cities import load_cities
        from atlaspress.geo.land import load_land

        for resolution in ("10m", "50m", "110m"):
            load_atlas(resolution)
        load_borders()
        load_land()
        load_cities()
    except Exception:  # noqa: BLE001 - missing data: each worker reports it for its posts
        pass


def _enrich_uncached(args: tuple[Post, str, Path | None, str, bool]) -> EnrichedPost | Diagnostic | str:
    """Enrich one post and store it in the cache (:data:`STORED`; the result itself when the cache
    cannot be written), or say why it could not be: the post's ``error[internal]`` diagnostic.

    This runs in worker processes, so a failure comes back as a value; an exception would
    stop ``pool.map`` and with it every other post. With ``basemap`` (the site draws Natural
    Earth) the post's detail basemap is made into the cache too, so that geometry runs on
    every core as well (:func:`atlaspress.maps.webmap.data.prime_detail`).
    """
    post, site_title, cache_dir, point_of_view, basemap = args
    try:
        enriched = enrich_post(post, site_title, cache_dir, point_of_view)
    except Exception as exc:
        return post_failure(post.src_path, exc, "enriching the post")
    if basemap and cache_dir is not None:
        try:
            from atlaspress.core.store import Store
            from atlaspress.maps.webmap.data import prime_detail

            prime_detail(enriched.map_geojson, post.front.place.zoom, Store(cache_dir))
        except Exception:  # noqa: BLE001 - made (and reported) again when the page is rendered
            pass
    return STORED if _store(enriched, site_title, cache_dir, point_of_view) else enriched


def enrich_site(
    content: ContentSet,
    cache_dir: Path | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    report: Report | None = None,
    memo: dict[int, tuple[object, EnrichedPost]] | None = None,
) -> list[EnrichedPost]:
    """Enrich every post, in the content set's order.

    Unchanged posts (same content hash) come from ``cache_dir``; the rest are computed,
    on every core when there are enough of them to pay for the worker start-up.

    A post whose enrichment raises is left out and its ``error[internal]`` diagnostic goes
    to ``report`` (without one, it is raised as :class:`RuntimeError`); nothing is cached
    for it, so the next build tries again.
    """
    title, view = content.config.title, content.config.point_of_view

    def remembered(post: Post) -> EnrichedPost | None:
        # The dev server's memo: the same Post object (unchanged folder) and settings.
        if memo is None:
            return None
        hit = memo.get(id(post))
        # (A changed configuration loads every post again, so the objects differ.)
        return hit[1] if hit is not None and hit[0] is post and hit[1].post is post else None

    results: list[EnrichedPost | Diagnostic | str | None] = [
        remembered(p) or _cached(p, title, cache_dir, view) for p in content.posts]
    todo = [i for i, r in enumerate(results) if r is None]
    total = len(results)
    done = total - len(todo)
    if progress:
        progress(done, total)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    basemap = content.config.map.basemap == "natural-earth"
    jobs = [(content.posts[i], title, cache_dir, view, basemap) for i in todo]

    def collect(i: int, result: EnrichedPost | Diagnostic | str) -> EnrichedPost | Diagnostic:
        post = content.posts[i]
        if isinstance(result, str):  # STORED: read back now, so nothing a post drew piles up in this process
            # (An entry gone since the worker wrote it: the post is enriched again, here.)
            result = _cached(post, title, cache_dir, view) or _enrich_uncached((post, title, None, view, False))
        if isinstance(result, EnrichedPost) and result.post is not post:  # a worker's copy
            result = replace(result, post=post)
        assert not isinstance(result, str)
        return result

    if workers > 1 and len(todo) >= PARALLEL_THRESHOLD:
        _preload()
        with ProcessPoolExecutor(max_workers=workers) as pool:
            computed = pool.map(_enrich_uncached, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
            for i, enriched in zip(todo, computed):
                results[i] = collect(i, enriched)
                done += 1
                if progress:
                    progress(done, total)
    else:
        for i, job in zip(todo, jobs):
            results[i] = collect(i, _enrich_uncached(job))
            done += 1
            if progress:
                progress(done, total)
    for i in todo:
        result = results[i]
        if isinstance(result, Diagnostic):
            if report is None:
                raise RuntimeError(result.format())
            report.add(result)
    out = [r for r in results if isinstance(r, EnrichedPost)]
    if memo is not None:
        memo.clear()
        memo.update({id(e.post): (e.post, e) for e in out})
    return out
