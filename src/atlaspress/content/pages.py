"""Site pages: ``content/pages/<slug>.md`` (About, Contact …), published at ``<slug>/``.

A page is a Markdown file with YAML front matter (:class:`PageFrontMatter`), rendered with
the theme like a post's body but without a place, maps or comments, and never in the feeds
or post listings. Its slug is its file name; a slug the build writes itself (``places``,
``tags``, ``feed.xml`` … :data:`atlaspress.core.sitepaths.RESERVED_TOP_LEVEL`) is an error,
and a page with an error is reported and left out, like a post.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from atlaspress.content.frontmatter import Positions, parse_document
from atlaspress.content.load import validate_model
from atlaspress.content.model import PageFrontMatter
from atlaspress.core.config import SLUG_PATTERN, SiteConfig
from atlaspress.core.errors import ContentError, Diagnostic, Report, Severity, display_path, post_failure
from atlaspress.core.sitepaths import RESERVED_TOP_LEVEL
from atlaspress.core.text import slugify

PAGES_DIR = Path("content") / "pages"
PAGE_SUFFIX = ".md"


@dataclass(frozen=True)
class SitePage:
    """One validated site page."""

    slug: str
    src_path: str  # as shown in diagnostics
    front: PageFrontMatter
    body: str
    body_line: int
    content_hash: str
    positions: Positions | None = field(default=None, compare=False, repr=False)

    @property
    def url(self) -> str:
        return f"{self.slug}/"


def find_pages(site_dir: Path) -> list[Path]:
    """Every ``content/pages/*.md``, sorted (hidden files and folders are not pages)."""
    root = site_dir / PAGES_DIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.suffix == PAGE_SUFFIX and not p.name.startswith(".")
                  and p.is_file())


def load_page(path: Path, site_dir: Path, config: SiteConfig) -> tuple[SitePage | None, list[Diagnostic]]:
    """Load and validate one page; the page is ``None`` when it has errors."""
    src_path = display_path(path)
    slug = path.name[: -len(PAGE_SUFFIX)]

    def error(code: str, message: str, hint: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(src_path, 1, 1, Severity.ERROR, code, message, hint)]

    if path.is_symlink():
        try:
            path.resolve().relative_to(site_dir.resolve())
        except ValueError:
            return error("page.path", "the page is a link to a file outside the site folder",
                         "copy the page into content/pages/ instead of linking it")
    if not re.match(SLUG_PATTERN, slug):
        better = slugify(slug)
        return error("page.slug", f"file name {path.name!r} is not a valid page slug",
                     f"rename it to {better}{PAGE_SUFFIX}: lower-case words joined by hyphens" if better
                     else "name it with lower-case words joined by hyphens, e.g. about.md")
    if slug in RESERVED_TOP_LEVEL:
        return error("page.slug", f"the page would be published at {slug}/, which the site already uses",
                     f"rename the file, e.g. to {slug}-page{PAGE_SUFFIX}; the site's own names are "
                     + ", ".join(sorted(n for n in RESERVED_TOP_LEVEL if re.match(SLUG_PATTERN, n))))
    raw = path.read_bytes()
    limit = int(config.max_file_size_mb * 1024 * 1024)
    if len(raw) > limit:
        return error("size", f"file is larger than {config.max_file_size_mb:g} MB",
                     "raise `max_file_size_mb` in atlaspress.toml if this is intended")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return error("encoding", "file is not UTF-8 text", "save the file as UTF-8")
    try:
        doc = parse_document(text, src_path)
    except ContentError as exc:
        return None, [exc.diagnostic]
    front, diags = validate_model(doc, src_path, PageFrontMatter)
    diags = [*doc.warnings, *diags]
    if front is None:
        return None, diags
    page = SitePage(slug=slug, src_path=src_path, front=front, body=doc.body, body_line=doc.body_line,
                    content_hash=hashlib.sha256(raw).hexdigest(), positions=doc.positions)
    return page, diags


def load_pages(site_dir: Path, config: SiteConfig, report: Report) -> tuple[SitePage, ...]:
    """Every good page, by slug; problems go to ``report`` and bad pages are skipped."""
    pages = []
    for path in find_pages(site_dir):
        try:
            page, diags = load_page(path, site_dir, config)
        except Exception as exc:  # a bug, not the author's mistake: skip this page, load the rest
            page, diags = None, [post_failure(display_path(path), exc, "loading the page")]
        report.extend(diags)
        if page is not None:
            pages.append(page)
    return tuple(pages)


def nav_pages(pages: tuple[SitePage, ...]) -> list[SitePage]:
    """The published pages the navigation links to: those with a ``menu_order``, lowest first,
    ties by title (then slug, so the order never depends on the file system)."""
    shown = [p for p in pages if p.front.menu_order is not None and not p.front.draft]
    return sorted(shown, key=lambda p: (p.front.menu_order, p.front.title.casefold(), p.slug))
