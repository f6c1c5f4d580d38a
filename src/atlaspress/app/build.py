"""The whole pipeline in one place: load → enrich → link → render → write.

This module, the CLI and the dev server are the only ones that import every stage.
Everything is read and computed before anything is written.

Builds are incremental. Every per-post product is a content-addressed cache entry
(:mod:`atlaspress.core.store`, :mod:`atlaspress.core.cache`), and every output file has a key of
what it is made from (:func:`atlaspress.render.render_outputs`). :func:`build_site` keeps the
record of the last build of the output folder (:mod:`atlaspress.output.manifest`), renders
only the outputs whose key changed (post and embed pages by a recipe, without making them:
:func:`atlaspress.render.pages._post_pages`) and writes them into the output in place, each
staged first and renamed in; a change of most files hard-links the rest into a new folder
that is swapped in atomically (:func:`atlaspress.output.write.write_site`). A
:class:`BuildSession` (the dev server's) also keeps the loaded posts, their enrich results and
the cache in memory between builds.
Cold or warm, the output is the same bytes.
"""

from __future__ import annotations

import hashlib
import time
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from atlaspress.app import uptodate
from atlaspress.app.result import CACHE_DIR, BuildResult, Progress
from atlaspress.content import markdown
from atlaspress.content.load import LoadMemo, find_posts, load_site
from atlaspress.content.pages import SitePage, load_pages
from atlaspress.core.config import SiteConfig, load_config
from atlaspress.core.errors import ConfigError, PostsFailed, Report
from atlaspress.core.store import Store
from atlaspress.output.manifest import Record, load_record, save_record, still_there
from atlaspress.output.precompress import add_precompressed, brotli_missing
from atlaspress.output.search import gazetteer, search_outputs
from atlaspress.output.write import MARKER_BYTES, MARKER_NAME, StaleOutput, check_output_folder, is_marked, write_site
from atlaspress.render.pages import Recipe, RenderedSite, country_label, render_outputs
from atlaspress.site.enrich import enrich_site
from atlaspress.site.entry import EnrichedPost
from atlaspress.site.link import SiteGraph, link_site

COMMAND_MEMORY_BYTES = 32 * 2**20  # cache entries a one-off build keeps in memory (:class:`Store`)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def compile_site(site_dir: Path, *, progress: Progress = _noop, config: SiteConfig | None = None,
                 previous: Mapping[str, str] | None = None, store: Store | None = None,
                 read_previous: Callable[[str], bytes] | None = None,
                 session: BuildSession | None = None, defer_search: bool = False,
                 recipes: Mapping[str, Recipe] | None = None) -> BuildResult:
    """Run every stage up to render; return the files without writing them.

    Without ``previous`` every output is rendered. With it (``path -> key`` of the outputs
    still on disk from the last build) only those whose key changed are, and
    ``read_previous(path)`` reads a kept one back when the search index needs it.
    ``store`` holds the cache entries (default: the site's ``.atlaspress-cache``);
    ``recipes`` are the recorded recipes of the post pages still on disk
    (:meth:`atlaspress.render.pages.Renderer.post_recipe`).
    """
    started = time.perf_counter()
    report = Report()
    result = BuildResult(report=report)
    try:
        config = config or load_config(site_dir)
    except ConfigError as exc:
        report.add(exc.diagnostic)
        return result
    if store is None:
        store = Store(site_dir / CACHE_DIR)
    markdown.use_store(store)
    indexes = find_posts(site_dir)
    progress("load", 0, len(indexes))
    remember = session is not None and session.keep_in_memory
    content = load_site(site_dir, config, report, indexes, memo=session.loaded if remember and session else None)
    pages = load_pages(site_dir, config, report)
    progress("load", len(indexes), len(indexes))
    enriched = enrich_site(
        content, site_dir / CACHE_DIR, progress=lambda done, total: progress("enrich", done, total), report=report,
        memo=session.enriched if remember and session else None,
    )
    for post in enriched:
        report.extend(post.diagnostics)
    progress("render", 0, 1)
    defer_related = session.related if (defer_search and remember and session) else None
    enriched, graph, rendered = _link_and_render(enriched, config, site_dir, report, previous, store, defer_related,
                                                 pages, recipes)
    report.extend(rendered.diagnostics)
    if remember and session is not None:
        session.related = {slug: linked.related for slug, linked in graph.linked.items()}
    progress("render", 1, 1)
    progress("index", 0, 1)
    files = rendered.files
    search = search_outputs(rendered, config, previous, store, read_previous, defer=defer_search)
    result.search_stale = search.stale or graph.related_stale
    files.update(search.files)
    rendered.keys.update(search.keys)
    for path in search.keys:
        rendered.inputs[path] = ["search"]
    codes = sorted({p.post.front.place.country for p in enriched if p.post.front.place.country})
    names = {code: country_label(code) or code for code in codes}
    places = gazetteer(graph, config, names, store)
    places_key = "sha256:" + hashlib.sha256(places).hexdigest()
    rendered.keys["search/places.json"] = places_key
    rendered.inputs["search/places.json"] = ["search", "list:places"]
    if previous is None or previous.get("search/places.json") != places_key:
        files["search/places.json"] = places
    progress("index", 1, 1)
    if config.precompress:
        if brotli_missing(config.precompress):
            report.error("atlaspress.toml", 1, 1, "config.precompress", '"br" needs the brotli package',
                         "pip install brotli, or precompress with gzip only")
        else:
            add_precompressed(files, rendered.keys, rendered.inputs, config.precompress, previous, read_previous)
    result.graph = graph
    files.sort()
    result.output = files
    result.keys = dict(sorted(rendered.keys.items()))
    result.inputs = rendered.inputs
    result.recipes = rendered.recipes
    result.files = len(result.keys)
    result.pages = sum(1 for name in result.keys if name.endswith(".html"))
    result.seconds = time.perf_counter() - started
    return result


def _link_and_render(
    enriched: list[EnrichedPost], config: SiteConfig, site_dir: Path, report: Report,
    previous: Mapping[str, str] | None = None, store: Store | None = None,
    defer_related: dict[str, tuple[str, ...]] | None = None, pages: tuple[SitePage, ...] = (),
    recipes: Mapping[str, Recipe] | None = None,
) -> tuple[list[EnrichedPost], SiteGraph, RenderedSite]:
    """Link and render, leaving out every post whose own Markdown or pages raise.

    Link and render see the whole site, so a post that fails there cannot just be skipped:
    other pages already point at it. Both stages try every post's own part first and
    raise :class:`PostsFailed` naming the ones that failed, before anything site-wide is
    made; those posts are reported and the site is linked and rendered again without them,
    so no list, series neighbour, related post, feed, search index or sitemap links to a
    post that is not published. Each round removes at least one post, so this ends; a
    clean build links and renders once.
    """
    while True:
        try:
            graph = link_site(enriched, report, defer_related, pages)
            return enriched, graph, render_outputs(graph, config, site_dir,
                                                   previous=dict(previous) if previous is not None else None,
                                                   store=store, recipes=recipes)
        except PostsFailed as exc:
            report.extend(exc.diagnostics.values())
            enriched = [e for e in enriched if e.post.slug not in exc.diagnostics]


@dataclass
class BuildSession:
    """What one writer of an output folder keeps between builds: the cache (with what it has
    read, in memory), the record of the output folder, the loaded posts by file stamps and
    their enrich results. The dev server keeps one for its lifetime; ``build`` makes one per
    run and reads the record and the cache from disk."""

    site_dir: Path
    out_dir: Path
    keep_in_memory: bool = False  # the dev server: loaded posts and enrich results stay between builds
    store: Store = field(init=False)
    records: dict[str, Record] | None = None  # None: not read yet
    loaded: LoadMemo = field(default_factory=dict)
    enriched: dict[int, tuple[object, EnrichedPost]] = field(default_factory=dict)
    related: dict[str, tuple[str, ...]] | None = None  # the last build's related lists
    digest: str | None = None  # the inputs' stamps, taken by the command line's quick check
    unsaved: bool = False  # the record in memory is newer than the one on disk (:meth:`save`)

    def __post_init__(self) -> None:
        # A command-line build reads each entry about once: a small memory is enough, and the
        # dev server's larger one keeps every unchanged post's entries between saves.
        self.store = Store(self.site_dir / CACHE_DIR, None if self.keep_in_memory else COMMAND_MEMORY_BYTES)

    def build(self, *, strict: bool = False, progress: Progress = _noop, defer_search: bool = False) -> BuildResult:
        """Build incrementally; with ``defer_search`` a changed site keeps its previous search
        index and, in a session kept in memory, its related-post lists
        (``result.search_stale``), and the next build makes the new ones."""
        started = time.perf_counter()
        check_output_folder(self.site_dir, self.out_dir)
        if self.records is None:
            self.records = load_record(self.store, self.out_dir)
        digest = None
        if not self.keep_in_memory:  # the dev server rebuilds on a change it was told of
            # Taken before anything is read: a file saved during this build changes the next one's.
            digest = self.digest or uptodate.inputs_digest(self.site_dir, self.out_dir, self.site_dir / CACHE_DIR)
            self.digest = None  # one build's: the next one takes its own
            done = uptodate.up_to_date(self.store, self.out_dir, digest, self.records, started)
            if done is not None:
                return done
        previous = None
        if self.records and is_marked(self.out_dir):
            previous = still_there(self.records, self.out_dir)

        def read_previous(path: str) -> bytes:
            return self.out_dir.joinpath(*path.split("/")).read_bytes()

        recipes = None
        if previous is not None and self.records:
            recipes = {path: (self.records[path].recipe, self.records[path].key, self.records[path].inputs)
                       for path in previous if self.records[path].recipe}
        result = compile_site(self.site_dir, progress=progress, previous=previous, store=self.store,
                              read_previous=read_previous, session=self, defer_search=defer_search,
                              recipes=recipes)
        if result.graph is None or (strict and result.failed(strict)):
            result.seconds = time.perf_counter() - started
            return result
        keep = {path: self.records[path].stamp for path in result.unchanged} if self.records else {}
        guard = lambda _: check_output_folder(self.site_dir, self.out_dir)  # noqa: E731
        marked = lambda output: ChainMap({MARKER_NAME: MARKER_BYTES}, output)  # noqa: E731 - not copied
        try:
            stamps = write_site(marked(result.output), self.out_dir, guard=guard, keep=keep)
        except StaleOutput:  # the folder changed under this build: build it whole
            result = compile_site(self.site_dir, progress=progress, store=self.store, session=self)
            stamps = write_site(marked(result.output), self.out_dir, guard=guard)
        self.records = {path: Record(result.keys[path], stamps[path], tuple(result.inputs.get(path, ())),
                                     result.recipes.get(path, ""))
                        for path in result.keys if path in stamps}
        # A dev-server build that left the search index for the next one leaves the record to
        # it too: the browser reloads sooner. Should that build never come, the record on disk
        # is the one before, and the next build finds the changed files and writes them again.
        self.unsaved = True
        if not (self.keep_in_memory and result.search_stale):
            self.save()
        clean = not result.report.sorted() and not result.search_stale
        if digest is not None:
            uptodate.remember(self.store, self.out_dir, digest if clean else None, result.pages, result.files)
        result.written = True
        result.written_files = set(result.output)
        result.seconds = time.perf_counter() - started
        return result

    def save(self) -> None:
        """Write the record of the output folder, if the last build left it unsaved."""
        if self.unsaved and self.records is not None:
            save_record(self.store, self.out_dir, self.records)
            self.unsaved = False


def build_site(
    site_dir: Path, out_dir: Path | None = None, *, strict: bool = False, progress: Progress = _noop,
    session: BuildSession | None = None, defer_search: bool = False,
) -> BuildResult:
    """Build and, unless there are errors (or warnings under ``strict``), write atomically.

    A post with errors is skipped and the rest is written; only a configuration error,
    or ``strict`` with any diagnostic, keeps the previous output untouched. Only the
    outputs whose inputs changed since the last build of ``out_dir`` are rendered and
    written (:class:`BuildSession`).

    Raises :class:`~atlaspress.output.write.OutputFolderError`, before anything is computed or
    written, when the output folder is not one atlaspress may replace.
    """
    out_dir = out_dir or site_dir / "public"
    session = session or BuildSession(site_dir, out_dir)
    return session.build(strict=strict, progress=progress, defer_search=defer_search)
