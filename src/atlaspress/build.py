"""The whole pipeline in one place: load → enrich → link → render → write.

This module, the CLI and the dev server are the only ones that import every stage.
Everything is read and computed before anything is written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from atlaspress.config import SiteConfig, load_config
from atlaspress.enrich import EnrichedPost, enrich_site
from atlaspress.errors import ConfigError, Diagnostic, PostsFailed, Report
from atlaspress.link import SiteGraph, link_site
from atlaspress.load import find_posts, load_site
from atlaspress.render import country_label, render_site
from atlaspress.search import gazetteer, search_files
from atlaspress.write import MARKER_BYTES, MARKER_NAME, check_output_folder, write_site

CACHE_DIR = ".atlaspress-cache"

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class BuildResult:
    report: Report
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    written: bool = False
    graph: SiteGraph | None = None
    output: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.report.sorted()

    def failed(self, strict: bool) -> bool:
        return bool(self.report.errors) or (strict and bool(self.report.warnings))

    def summary(self) -> str:
        errors, warnings = len(self.report.errors), len(self.report.warnings)
        parts = [
            f"{self.pages} pages",
            f"{self.files} files",
            f"{errors} error{'s' * (errors != 1)}",
            f"{warnings} warning{'s' * (warnings != 1)}",
            f"{self.seconds:.2f} s",
        ]
        return ("built " if self.written else "checked ") + ", ".join(parts)


def _noop(stage: str, done: int, total: int) -> None:
    return None


def compile_site(site_dir: Path, *, progress: Progress = _noop, config: SiteConfig | None = None) -> BuildResult:
    """Run every stage up to render; return the files without writing them."""
    started = time.perf_counter()
    report = Report()
    result = BuildResult(report=report)
    try:
        config = config or load_config(site_dir)
    except ConfigError as exc:
        report.add(exc.diagnostic)
        return result
    indexes = find_posts(site_dir)
    progress("load", 0, len(indexes))
    content = load_site(site_dir, config, report, indexes)
    progress("load", len(indexes), len(indexes))
    enriched = enrich_site(
        content, site_dir / CACHE_DIR, progress=lambda done, total: progress("enrich", done, total), report=report
    )
    for post in enriched:
        report.extend(post.diagnostics)
    progress("render", 0, 1)
    enriched, graph, files = _link_and_render(enriched, config, site_dir, report)
    progress("render", 1, 1)
    progress("index", 0, 1)
    files.update(search_files(files, config))
    codes = sorted({p.post.front.place.country for p in enriched if p.post.front.place.country})
    names = {code: country_label(code) or code for code in codes}
    files["search/places.json"] = gazetteer(graph, config, names)
    files = dict(sorted(files.items()))
    progress("index", 1, 1)
    result.graph = graph
    result.output = files
    result.files = len(files)
    result.pages = sum(1 for name in files if name.endswith(".html"))
    result.seconds = time.perf_counter() - started
    return result


def _link_and_render(
    enriched: list[EnrichedPost], config: SiteConfig, site_dir: Path, report: Report
) -> tuple[list[EnrichedPost], SiteGraph, dict[str, bytes]]:
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
            graph = link_site(enriched, report)
            return enriched, graph, render_site(graph, config, site_dir)
        except PostsFailed as exc:
            report.extend(exc.diagnostics.values())
            enriched = [e for e in enriched if e.post.slug not in exc.diagnostics]


def build_site(
    site_dir: Path, out_dir: Path | None = None, *, strict: bool = False, progress: Progress = _noop
) -> BuildResult:
    """Build and, unless there are errors (or warnings under ``strict``), write atomically.

    A post with errors is skipped and the rest is written; only a configuration error,
    or ``strict`` with any diagnostic, keeps the previous output untouched.

    Raises :class:`~atlaspress.write.OutputFolderError`, before anything is computed or
    written, when the output folder is not one atlaspress may replace.
    """
    started = time.perf_counter()
    out_dir = out_dir or site_dir / "public"
    check_output_folder(site_dir, out_dir)
    result = compile_site(site_dir, progress=progress)
    if result.graph is None or (strict and result.failed(strict)):
        result.seconds = time.perf_counter() - started
        return result
    write_site({**result.output, MARKER_NAME: MARKER_BYTES}, out_dir,
               guard=lambda _: check_output_folder(site_dir, out_dir))
    result.written = True
    result.seconds = time.perf_counter() - started
    return result
