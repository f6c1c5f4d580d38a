"""The images (and other uploads) a post uses: copied into its bundle, or left remote and listed.

WordPress links uploads as ``https://blog.example/wp-content/uploads/2016/02/photo-300x200.jpg``
(WordPress.com: ``https://blog.files.wordpress.com/2016/02/photo.jpg``). With ``--uploads DIR``
(a copy of ``wp-content/uploads``) the file named by the path after ``uploads/`` is looked
up there — the resized copy, else the original without its ``-300x200`` suffix — and copied
next to the post; the link then names the copy. Without it, or when the file is not there,
the link is made absolute (a relative ``/wp-content/…`` would point nowhere on the new site)
and listed in the report. A post never refers to a local file that was not copied.

Paths are checked: nothing outside ``DIR`` is read (``..``, links leading out), and copies
are named with :func:`~atlaspress.app.wordpress.slugs.fold` so they stay inside the bundle.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from atlaspress.app.wordpress.slugs import fold

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"}
FILE_SUFFIXES = IMAGE_SUFFIXES | {".pdf", ".gpx", ".kml", ".kmz", ".geojson", ".csv"}
_SIZED = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]+$)")
_WPCOM = re.compile(r"^[a-z0-9-]+\.files\.wordpress\.com$")


@dataclass
class Media:
    """Upload handling for one import; ``plan`` collects one post's copies at a time."""

    base_url: str
    uploads: Path | None
    max_bytes: int = 20 * 1024 * 1024
    plan: dict[str, Path] = field(default_factory=dict)  # bundle file name → source file
    remote: list[str] = field(default_factory=list)  # images left remote, for this post
    missing: list[str] = field(default_factory=list)  # uploads not found in --uploads
    dropped: list[str] = field(default_factory=list)  # data: and other unusable sources
    _by_source: dict[Path, str] = field(default_factory=dict)

    def start_post(self) -> None:
        self.plan, self.remote, self.missing, self.dropped, self._by_source = {}, [], [], [], {}

    def upload_path(self, url: str) -> str | None:
        """``2016/02/photo.jpg`` for an upload URL of this site (or of WordPress.com), else None."""
        absolute = urljoin(self.base_url or "https://localhost/", url.strip())
        parts = urlsplit(absolute)
        path = unquote(parts.path)
        host = (parts.hostname or "").lower()
        base_host = (urlsplit(self.base_url).hostname or "").lower()
        if "/wp-content/uploads/" in path and (host == base_host or not base_host or host.endswith(base_host)):
            return path.split("/wp-content/uploads/", 1)[1]
        if _WPCOM.match(host):
            return path.lstrip("/")
        return None

    def absolute(self, url: str) -> str | None:
        """``url`` as an absolute http(s) URL, or None (``data:``, ``javascript:``, no host)."""
        url = url.strip()
        if url.startswith("//"):
            url = "https:" + url
        absolute = urljoin(self.base_url, url) if self.base_url else url
        parts = urlsplit(absolute)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        return absolute

    def _source(self, rel: str) -> Path | None:
        if self.uploads is None:
            return None
        parts = [p for p in posixpath.normpath("/" + rel).split("/") if p]
        if not parts or any(p in ("..", ".") for p in parts):
            return None
        root = self.uploads.resolve()
        for name in dict.fromkeys((parts[-1], _SIZED.sub("", parts[-1]))):
            candidate = self.uploads.joinpath(*parts[:-1], name)
            try:
                resolved = candidate.resolve()
                resolved.relative_to(root)
            except (OSError, ValueError):
                continue
            if resolved.is_file() and resolved.stat().st_size <= self.max_bytes:
                return resolved
        return None

    def _name(self, source: Path, rel: str) -> str:
        if source in self._by_source:
            return self._by_source[source]
        stem, suffix = posixpath.splitext(source.name)
        suffix = suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix.lower()) else ""
        base = fold(stem) or "file"
        name, n = f"{base}{suffix}", 2
        while name in self.plan or name == "index.md":
            name, n = f"{base}-{n}{suffix}", n + 1
        self.plan[name] = source
        self._by_source[source] = name
        return name

    def image(self, src: str) -> str | None:
        """The link an image of the post becomes; None when it cannot be shown (it is dropped)."""
        rel = self.upload_path(src)
        if rel is not None:
            source = self._source(rel)
            if source is not None and source.suffix.lower() in IMAGE_SUFFIXES:
                return self._name(source, rel)
        absolute = self.absolute(src)
        if absolute is None:
            self.dropped.append(src[:60] + ("…" if len(src) > 60 else ""))
            return None
        if rel is not None and self.uploads is not None:
            self.missing.append(absolute)
        self.remote.append(absolute)
        return absolute

    def link(self, href: str) -> str:
        """A link to an upload (a PDF, the full-size image) copied when the file is there; any
        other link made absolute when it was relative to the old site."""
        rel = self.upload_path(href)
        if rel is not None:
            source = self._source(rel)
            if source is not None and source.suffix.lower() in FILE_SUFFIXES:
                return self._name(source, rel)
        if href.startswith(("#", "mailto:")):
            return href
        return self.absolute(href) or href
