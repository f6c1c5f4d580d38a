"""What a build returns, and the names every caller of a build shares.

Apart from :mod:`atlaspress.app.build` (which imports every stage) so that the command line
can answer an up-to-date build (:mod:`atlaspress.app.uptodate`) without loading the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from atlaspress.core.errors import Diagnostic, Report

if TYPE_CHECKING:
    from atlaspress.site.link import SiteGraph

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
    # The files rendered by this build: all of them, or with ``previous`` keys only those
    # whose key changed (the others are kept from the previous output). A cold build of a big
    # site keeps most of their bytes on disk until they are written (:class:`Spool`).
    output: MutableMapping[str, bytes] = field(default_factory=dict, repr=False)
    keys: dict[str, str] = field(default_factory=dict, repr=False)  # every output -> its key
    inputs: dict[str, list[str]] = field(default_factory=dict, repr=False)  # -> what it shows
    recipes: dict[str, str] = field(default_factory=dict, repr=False)  # post pages: their recipes
    written_files: set[str] = field(default_factory=set, repr=False)  # rewritten on disk
    # The search index and related lists were left for the next build (``defer_search``).
    search_stale: bool = False
    # Nothing an output is made from changed since the last clean build (:mod:`.uptodate`):
    # nothing was read, computed or written.
    up_to_date: bool = False

    @property
    def unchanged(self) -> set[str]:
        """Outputs kept from the previous build (no bytes in :attr:`output`)."""
        return set(self.keys) - set(self.output)

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
        if self.up_to_date:
            return "up to date (nothing changed since the last build): " + ", ".join(parts)
        return ("built " if self.written else "checked ") + ", ".join(parts)
