"""Stage 6, index: the search index, built from the rendered pages in memory.

Pagefind (PyPI ``pagefind[bin]``) indexes the HTML we just rendered and hands back its
chunked index, which joins the output before the atomic swap. Only post and site pages
carry ``data-pagefind-body``, so search results are places (and About …), not listings.

The index is sharded (:mod:`atlaspress.output.shards`): each bucket of pages is its own
Pagefind index, keyed by its own pages, so an edit re-indexes one bucket of 100–200 pages
rather than the site. The first bucket lives in ``pagefind/`` beside Pagefind's script and
WebAssembly (what ``pagefind/pagefind.js`` loads as its primary index); every other one in
``pagefind/shard-<n>/``, listed in ``pagefind/shards.json``, which the search overlay merges
into the first (Pagefind's ``mergeIndex``). A site of fewer than 200 pages has one bucket:
the layout of a plain Pagefind index, and ``shards.json`` lists nothing.

A small gazetteer (``search/places.json``: the posts' positions plus countries and large
cities) lets the search overlay answer "Seoul" with the places near Seoul, nearest first.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atlaspress.core.config import SiteConfig
from atlaspress.core.store import Store, cached_json, key
from atlaspress.output.shards import STRIP_VERSION, shard_bits, shard_of, strip
from atlaspress.site.link import SiteGraph

GAZETTEER_MIN_POPULATION = 500_000
INDEX_DIR = "pagefind/"
MANIFEST = INDEX_DIR + "shards.json"
SHARD_DIR = "shard-"
# Pagefind's ready-made UIs: we ship our own overlay, so these would be dead weight.
_UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (binary missing or failing)."""


def _runtime(name: str) -> bool:
    """Pagefind's script, worker and WebAssembly (one copy, in ``pagefind/``), not index data."""
    return "/" not in name and (name in ("pagefind.js", "pagefind-worker.js")
                                or (name.startswith("wasm.") and name.endswith(".pagefind")))


def _index(shards: Mapping[str, Mapping[str, bytes]], language: str, lighter: bool) -> dict[str, dict[str, bytes]]:
    from atlaspress.output.pagefind import PagefindService

    # Pagefind's in-memory add_html_file costs ~0.1 s a page through its pipe, and
    # get_files() can deadlock on big sites (its docs warn), while indexing a folder takes
    # milliseconds a page: so each bucket's pages go to a private temporary folder, its
    # index comes back from another, and nothing is written near the site. One Pagefind
    # process serves every bucket.
    config = {"force_language": language.split("-")[0]}
    out: dict[str, dict[str, bytes]] = {}
    with tempfile.TemporaryDirectory(prefix="atlaspress-pagefind-") as tmp, PagefindService() as service:
        for number, (name, pages) in enumerate(shards.items()):
            source, output = Path(tmp) / f"pages-{number}", Path(tmp) / f"index-{number}"
            for dest_path, data in pages.items():
                target = source / dest_path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(strip(data) if lighter else data)
            service.index_folder(source, output, config)
            out[name] = {
                path.relative_to(output).as_posix(): path.read_bytes()
                for path in sorted(output.rglob("*"))
                if path.is_file() and not path.name.startswith(_UNUSED)
            }
            shutil.rmtree(source)
            shutil.rmtree(output)
    return out


def search_shards(shards: Mapping[str, Mapping[str, bytes]], config: SiteConfig,
                  lighter: bool = True) -> dict[str, dict[str, bytes]]:
    """A Pagefind index of each group of pages (``name -> output path -> HTML``), by name;
    its files by path inside the index folder. With ``lighter`` (the default) Pagefind reads
    :func:`atlaspress.output.shards.strip`'s copy of each page: the same index, sooner."""
    from atlaspress.output.pagefind import PagefindError

    if not shards:
        return {}
    try:
        return _index(shards, config.language, lighter)
    except (OSError, ImportError, PagefindError) as exc:  # pragma: no cover - depends on the installed binary
        raise SearchIndexError(f"Pagefind could not index the site: {exc}") from exc


def _searchable(name: str, pages: set[str] | None) -> bool:
    """A post page, or one of ``pages`` (the site pages, :attr:`RenderedSite.searchable`)."""
    return (name.startswith("places/") and name.endswith("/index.html")) or (pages is not None and name in pages)


def search_files(files: Mapping[str, bytes], config: SiteConfig,
                 searchable: list[str] | None = None, lighter: bool = True) -> dict[str, bytes]:
    """One Pagefind index (no shards) of every post page (and each of ``searchable``) in
    ``files``, keyed by output path."""
    wanted = set(searchable) if searchable is not None else None
    pages = {name: data for name, data in files.items() if _searchable(name, wanted)}
    if not pages:
        return {}
    index = search_shards({"": pages}, config, lighter)[""]
    return {INDEX_DIR + name: data for name, data in index.items()}


class _Pages(Mapping[str, bytes]):
    """A shard's pages, each read only when asked for: the pages of a whole site, held at
    once, are hundreds of megabytes at 10,000 posts."""

    def __init__(self, names: Sequence[str], read: Callable[[str], bytes]) -> None:
        self._names, self._read = dict.fromkeys(names), read

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        return self._read(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


@dataclass
class SearchOutputs:
    files: dict[str, bytes] = field(default_factory=dict)  # written this build
    keys: dict[str, str] = field(default_factory=dict)  # every index file -> its key
    stale: bool = False  # the previous index was kept although a post page changed (``defer``)
    indexed: list[str] = field(default_factory=list)  # the shards Pagefind indexed this build


@dataclass
class Shard:
    """One bucket of searchable pages: its own Pagefind index, at ``folder``."""

    number: int
    pages: list[str]
    key: str  # what its index is made from (its pages' keys, the language, Pagefind's version)
    folder: str = INDEX_DIR  # ``pagefind/`` for the first, ``pagefind/shard-<n>/`` for the others

    @property
    def file_key(self) -> str:
        """The key of each of its files: its index, at its place."""
        return key(self.key, self.folder)


def plan_shards(pages: list[str], keys: Mapping[str, str], language: str, version: str) -> list[Shard]:
    """The non-empty buckets of ``pages`` (sorted output paths), first one in ``pagefind/``."""
    bits = shard_bits(len(pages))
    buckets: dict[int, list[str]] = {}
    for name in pages:
        buckets.setdefault(shard_of(name, bits), []).append(name)
    width = len(str(2 ** bits - 1))
    shards: list[Shard] = []
    for number in sorted(buckets):
        members = buckets[number]
        shard_key = key("pagefind", version, language, STRIP_VERSION, *(f"{name}={keys[name]}" for name in members))
        folder = INDEX_DIR if not shards else f"{INDEX_DIR}{SHARD_DIR}{number:0{width}d}/"
        shards.append(Shard(number, members, shard_key, folder))
    return shards


def manifest(shards: list[Shard]) -> bytes:
    """``pagefind/shards.json``: the folders (relative to ``pagefind/``) merged into the first index."""
    merge = [shard.folder[len(INDEX_DIR):] for shard in shards[1:]]
    return json.dumps({"merge": merge}, separators=(",", ":")).encode("utf-8")


def _files_check(value: Any) -> dict[str, bytes]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return {_path(k): base64.b64decode(v, validate=True) for k, v in value.items()}


def _path(name: Any) -> str:
    if (not isinstance(name, str) or not name or name.startswith("/") or "\\" in name
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise ValueError("not a search index file")
    return name


def _encoded(files: Mapping[str, bytes]) -> dict[str, str]:
    return {name: base64.b64encode(blob).decode("ascii") for name, blob in files.items()}


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
    """The sharded Pagefind index; a shard is indexed again only when one of its pages changed.

    A shard's key is that of its pages (their keys, :class:`atlaspress.render.RenderedSite`)
    with the language and Pagefind's version. Unchanged, its files are kept (``previous``)
    or read from the cache; changed, Pagefind indexes that shard's pages again — pages kept
    from the previous output are read back with ``read_previous``. What a full index and a
    one-page re-index cost is measured in ``benchmarks/search.py``. With ``defer`` (the dev
    server) a changed site keeps the previous index for now (``stale``) and the caller
    indexes again after the pages are swapped in.
    """
    wanted = set(getattr(rendered, "searchable", None) or ()) or None
    pages = sorted(name for name in rendered.keys if _searchable(name, wanted))
    out = SearchOutputs()
    if not pages:
        return out
    version = pagefind_version()
    shards = plan_shards(pages, rendered.keys, config.language, version)
    runtime_key = key("pagefind-runtime", version, config.language)
    older = {name: k for name, k in (previous or {}).items() if name.startswith(INDEX_DIR)}
    kept: dict[str, list[str]] = {}
    for name, k in older.items():
        kept.setdefault(k, []).append(name)

    def place(shard: Shard, files: Mapping[str, bytes]) -> None:
        for name, data in files.items():
            if not _runtime(name):
                out.files[shard.folder + name] = data
                out.keys[shard.folder + name] = shard.file_key

    todo: list[Shard] = []
    for shard in shards:
        if shard.file_key in kept:
            out.keys.update(dict.fromkeys(kept[shard.file_key], shard.file_key))
            continue
        cached = store.get_json("pagefind-shard", shard.key, _files_check) if store else None
        if cached is None:
            todo.append(shard)
        else:
            place(shard, cached)
    runtime: dict[str, bytes] | None = None
    if runtime_key in kept:
        out.keys.update(dict.fromkeys(kept[runtime_key], runtime_key))
    else:
        runtime = store.get_json("pagefind-shard", runtime_key, _files_check) if store else None
        if runtime is None and not todo:
            todo.append(shards[0])  # Pagefind writes its script beside every index it makes
    if todo and defer and older:
        return SearchOutputs(keys=older, stale=True)
    if todo:
        def page(name: str) -> bytes:
            data = rendered.files.get(name)
            if data is None:
                if read_previous is None:
                    raise SearchIndexError(f"{name} was not rendered and cannot be read back")
                data = read_previous(name)
            return data

        # Each page is read (from the render's spool, or the output) as Pagefind's folder is filled.
        made = search_shards({shard.folder: _Pages(shard.pages, page) for shard in todo}, config)
        for shard in todo:
            files = made[shard.folder]
            data = {name: blob for name, blob in files.items() if not _runtime(name)}
            if store is not None:
                store.put_json("pagefind-shard", shard.key, _encoded(data), data)
            place(shard, data)
            out.indexed.append(shard.folder)
            if runtime is None and runtime_key not in kept:
                runtime = {name: blob for name, blob in files.items() if _runtime(name)}
                if store is not None:
                    store.put_json("pagefind-shard", runtime_key, _encoded(runtime), runtime)
    if runtime is not None:
        for name, blob in runtime.items():
            out.files[INDEX_DIR + name] = blob
            out.keys[INDEX_DIR + name] = runtime_key
    listing = manifest(shards)
    listing_key = "sha256:" + hashlib.sha256(listing).hexdigest()
    out.keys[MANIFEST] = listing_key
    if older.get(MANIFEST) != listing_key:
        out.files[MANIFEST] = listing
    out.files = dict(sorted(out.files.items()))
    out.keys = dict(sorted(out.keys.items()))
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
