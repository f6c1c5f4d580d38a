"""Stage 6, index: the search index, built from the rendered pages in memory.

Pagefind (PyPI ``pagefind[bin]``) indexes the HTML we just rendered without touching disk
and hands back its chunked index, which joins the output before the atomic swap. Only
post pages carry ``data-pagefind-body``, so search results are places, not listings.

A small gazetteer (``search/places.json``: the posts' positions plus countries and large
cities) lets the search overlay answer "Seoul" with the places near Seoul, nearest first.
"""

from __future__ import annotations

import base64
import json
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlaspress.core.config import SiteConfig
from atlaspress.core.store import Store, cached_json, key
from atlaspress.site.link import SiteGraph

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


def _searchable(name: str, pages: set[str] | None) -> bool:
    """A post page, or one of ``pages`` (the site pages, :attr:`RenderedSite.searchable`)."""
    return (name.startswith("places/") and name.endswith("/index.html")) or (pages is not None and name in pages)


def search_files(files: Mapping[str, bytes], config: SiteConfig,
                 searchable: list[str] | None = None) -> dict[str, bytes]:
    """Pagefind's index for every post page (and each of ``searchable``) in ``files``, keyed by output path."""
    wanted = set(searchable) if searchable is not None else None
    pages = {name: data for name, data in files.items() if _searchable(name, wanted)}
    if not pages:
        return {}
    import asyncio  # here, not at the top: a build whose index is unchanged never starts a loop
    from concurrent.futures import ThreadPoolExecutor

    try:
        # Pagefind's API is async; run it on its own thread and loop so callers that
        # already run an event loop (an editor plugin, Playwright in tests) are unaffected.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _index(pages, config.language)).result()
    except (OSError, ImportError) as exc:  # pragma: no cover - depends on the installed binary
        raise SearchIndexError(f"Pagefind could not index the site: {exc}") from exc


@dataclass
class SearchOutputs:
    files: dict[str, bytes] = field(default_factory=dict)  # written this build
    keys: dict[str, str] = field(default_factory=dict)  # every index file -> the index's key
    stale: bool = False  # the previous index was kept although a post page changed (``defer``)


def _index_check(value: Any) -> dict[str, bytes]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return {_path(k): base64.b64decode(v, validate=True) for k, v in value.items()}


def _path(name: Any) -> str:
    if not isinstance(name, str) or not name.startswith(INDEX_DIR) or ".." in name.split("/"):
        raise ValueError("not a search index file")
    return name


def pagefind_version() -> str:
    from importlib import metadata

    for name in ("pagefind-bin", "pagefind"):
        try:
            return f"{name} {metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return "-"


def search_outputs(rendered: Any, config: SiteConfig, previous: Mapping[str, str] | None,
                   store: Store | None, read_previous: Callable[[str], bytes] | None,
                   defer: bool = False) -> SearchOutputs:
    """The Pagefind index, made again only when a post page changed.

    Its key is that of every post page (their keys, :class:`atlaspress.render.RenderedSite`)
    with the language and Pagefind's version. Unchanged, the previous index files are kept
    (``previous``) or read from the cache; changed, Pagefind indexes every post page again —
    pages kept from the previous output are read back with ``read_previous``. The cost of
    that full index is measured in ``benchmarks/search.py``. With ``defer`` (the dev server)
    a changed site keeps the previous index for now (``stale``) and the caller indexes again
    after the pages are swapped in.
    """
    wanted = set(getattr(rendered, "searchable", None) or ()) or None
    pages = sorted(name for name in rendered.keys if _searchable(name, wanted))
    out = SearchOutputs()
    if not pages:
        return out
    index_key = key("pagefind", pagefind_version(), config.language,
                    *(f"{name}={rendered.keys[name]}" for name in pages))
    if previous is not None:
        kept = [name for name, k in previous.items() if name.startswith(INDEX_DIR) and k == index_key]
        if kept:
            out.keys = dict.fromkeys(kept, index_key)
            return out
        older = {name: k for name, k in previous.items() if name.startswith(INDEX_DIR)}
        if defer and older and (store is None or store.get_json("pagefind", index_key, _index_check) is None):
            out.keys, out.stale = older, True
            return out
    index: dict[str, bytes] | None = store.get_json("pagefind", index_key, _index_check) if store else None
    if index is None:
        def page(name: str) -> bytes:
            data = rendered.files.get(name)
            if data is None:
                if read_previous is None:
                    raise SearchIndexError(f"{name} was not rendered and cannot be read back")
                data = read_previous(name)
            return data

        index = search_files({name: page(name) for name in pages}, config, pages)
        if store is not None:
            data = {name: base64.b64encode(blob).decode("ascii") for name, blob in index.items()}
            store.put_json("pagefind", index_key, data, index)
    out.files = dict(index)
    out.keys = dict.fromkeys(index, index_key)
    return out


def _gazetteer_check(value: Any) -> list[dict[str, object]]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    for entry in value:
        if not isinstance(entry, dict) or set(entry) != {"name", "kind", "code", "lon", "lat"}:
            raise TypeError("expected a gazetteer entry")
        if not all(isinstance(entry[k], str) for k in ("name", "kind", "code")):
            raise TypeError("expected names")
        if not all(isinstance(entry[k], (int, float)) and not isinstance(entry[k], bool) for k in ("lon", "lat")):
            raise TypeError("expected a position")
    return value


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


def gazetteer(graph: SiteGraph, config: SiteConfig, country_names: Mapping[str, str],
              store: Store | None = None) -> bytes:
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
    from atlaspress.core.cache import code_fingerprint

    places = cached_json(store, "gazetteer", key("gazetteer", code_fingerprint(), str(GAZETTEER_MIN_POPULATION)),
                         _gazetteer_entries, _gazetteer_check)
    data = {"posts": posts, "places": places}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
