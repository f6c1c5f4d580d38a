"""Stage 6, index: the search index, built from the rendered pages in memory.

Pagefind (PyPI ``pagefind[bin]``) indexes the HTML we just rendered without touching disk
and hands back its chunked index, which joins the output before the atomic swap. Only
post pages carry ``data-pagefind-body``, so search results are places, not listings.

A small gazetteer (``search/places.json``: the posts' positions plus countries and large
cities) lets the search overlay answer "Seoul" with the places near Seoul, nearest first.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from atlaspress.config import SiteConfig
from atlaspress.link import SiteGraph

GAZETTEER_MIN_POPULATION = 500_000
INDEX_DIR = "pagefind/"
# Pagefind's ready-made UIs: we ship our own overlay, so these would be dead weight.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (binary missing or failing)."""


async def _index(pages: Mapping[str, bytes], language: str) -> dict[str, bytes]:
    from pagefind.index import IndexConfig, PagefindIndex

    # Pagefind's in-memory add_html_file costs ~0.1 s a page through its pipe, and
    # get_files() can deadlock on big sites (its docs warn), while indexing a folder takes
    # milliseconds: so the pages go to a private temporary folder, the index comes back
    # from another, and nothing is written near the site.
    with tempfile.TemporaryDirectory(prefix="atlaspress-pagefind-") as tmp:
        source, output = Path(tmp) / "pages", Path(tmp) / "index"
        for dest_path, data in pages.items():
            target = source / dest_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        config = IndexConfig(force_language=language.split("-")[0], output_path=str(output))
        async with PagefindIndex(config=config) as index:
            await index.add_directory(str(source))
        return {
            INDEX_DIR + path.relative_to(output).as_posix(): path.read_bytes()
            for path in sorted(output.rglob("*"))
            if path.is_file() and not path.name.startswith(_UNUSED)
        }


def search_files(files: Mapping[str, bytes], config: SiteConfig) -> dict[str, bytes]:
    """Pagefind's index for every post page in ``files``, keyed by output path."""
    pages = {name: data for name, data in files.items() if name.startswith("places/") and name.endswith("/index.html")}
    if not pages:
        return {}
    try:
        # Pagefind's API is async; run it on its own thread and loop so callers that
        # already run an event loop (an editor plugin, Playwright in tests) are unaffected.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _index(pages, config.language)).result()
    except (OSError, ImportError) as exc:  # pragma: no cover - depends on the installed binary
        raise SearchIndexError(f"Pagefind could not index the site: {exc}") from exc


def _gazetteer_entries() -> list[dict[str, object]]:
    """Countries (label points) and large cities, for place-aware search."""
    entries: list[dict[str, object]] = []
    try:
        from atlaspress.geo.atlas import display_name, load_atlas
        from atlaspress.geo.cities import load_cities
    except ImportError:  # pragma: no cover - geo data not installed
        return entries
    atlas = load_atlas("50m")
    for country in atlas.countries:
        if not country.alpha2:
            continue
        point = country.geometry.representative_point()
        entries.append(
            {
                "name": display_name(country.name),
                "kind": "country",
                "code": country.alpha2,
                "lon": round(point.x, 3),
                "lat": round(point.y, 3),
            }
        )
    cities = load_cities()
    for i in sorted(range(len(cities.names)), key=lambda i: (-int(cities.population[i]), cities.names[i])):
        if int(cities.population[i]) < GAZETTEER_MIN_POPULATION:
            break
        entries.append(
            {
                "name": cities.names[i],
                "kind": "city",
                "code": cities.country[i],
                "lon": round(float(cities.lon[i]), 3),
                "lat": round(float(cities.lat[i]), 3),
            }
        )
    return entries


def gazetteer(graph: SiteGraph, config: SiteConfig, country_names: Mapping[str, str]) -> bytes:
    """``search/places.json``: posts with positions and facets, and names a reader may type.

    Facets (series, tags, country) live here rather than in Pagefind's filters because
    Pagefind writes its filter chunks in hash-map order, which would make builds differ.
    """
    posts = []
    for slug in graph.order:
        front = graph.posts[slug].post.front
        code = front.place.country or ""
        posts.append(
            {
                "slug": slug,
                "url": f"places/{slug}/",
                "title": front.title,
                "subtitle": front.subtitle or "",
                "country": code,
                "country_name": country_names.get(code, code),
                "series": config.series[front.series].title if front.series else "",
                "tags": list(front.tags),
                "lon": round(front.place.at.lon, 5),
                "lat": round(front.place.at.lat, 5),
            }
        )
    data = {"posts": posts, "places": _gazetteer_entries()}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
