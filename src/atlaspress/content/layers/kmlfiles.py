"""The files a KML may use: icons, images in descriptions, and the KML its NetworkLinks name.

A KML refers to other files by relative href, resolved from the folder of the KML that
names them (the KMZ rules: "all relative paths begin inside the base folder"). Three
sources answer:

- :class:`NoFiles`: a KML read from bytes alone; nothing can be used;
- :class:`BesideFiles`: a plain KML in a post folder; files beside it that exist, never
  through a link or out of the folder. Linked KML is not followed: only a KMZ's is;
- ``ArchiveFiles`` (:mod:`atlaspress.content.layers.kmz`): the entries of the same KMZ, read on
  demand, so only files a feature uses are unpacked and published.

``find`` is asked only when a feature's style or description uses a file, so ``used``
ends as the set of files the layer needs.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Protocol

from atlaspress.content.layers.common import Context

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class Files(Protocol):
    """What a KML reader asks of the files around it."""

    where: str  # "next to the layer", "in the KMZ": for messages
    used: set[str]

    def find(self, href: str, base: str = "") -> str | None: ...

    def document(self, href: str, base: str = "") -> tuple[str, bytes] | str: ...


def is_remote(href: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href)) or href.startswith("//")


def safe_relative(href: str, base: str = "") -> str | None:
    """``base``-relative href as a normalized relative path, or None if it leaves ``base``."""
    href = href.strip().replace("\\", "/").split("#", 1)[0].split("?", 1)[0]
    if not href or href.startswith("/") or is_remote(href):
        return None
    joined = posixpath.normpath(posixpath.join(base, href))
    if joined.startswith("../") or joined == ".." or joined.startswith("/") or joined == ".":
        return None
    return joined


def drop_icon(ctx: Context, href: str, where: str = "next to the layer") -> None:
    """Note an icon that will not be used: remote (never fetched) or missing."""
    if href.startswith("root://"):
        ctx.warn(
            f"icon {href[:80]!r} is one of Google Earth's built-in icons, which atlaspress "
            "does not have; markers use their colour instead"
        )
    elif is_remote(href):
        ctx.warn("remote icons (such as " + href[:80] + ") were not fetched; markers use their colour instead")
    else:
        ctx.warn(f"icon {href[:80]!r} was not found {where}; markers use their colour instead")


class NoFiles:
    """No file can be used (a KML with nothing beside it)."""

    where = "next to the layer"

    def __init__(self) -> None:
        self.used: set[str] = set()

    def find(self, href: str, base: str = "") -> str | None:
        """The bundle-relative name of the file ``href`` names, or None when unusable."""
        return None

    def document(self, href: str, base: str = "") -> tuple[str, bytes] | str:
        """``(name, bytes)`` of a linked KML, or why it is not read."""
        return "only NetworkLinks inside a KMZ are followed"


class BesideFiles(NoFiles):
    """Files beside a plain KML: relative, existing, no links, not leaving the folder."""

    def __init__(self, base_dir: Path) -> None:
        super().__init__()
        self.base_dir = base_dir

    def find(self, href: str, base: str = "") -> str | None:
        name = safe_relative(href, base)
        if name is None:
            return None
        candidate = self.base_dir / name
        try:
            inside = candidate.resolve().is_relative_to(self.base_dir.resolve())
            if inside and candidate.is_file() and not candidate.is_symlink():
                self.used.add(name)
                return name
        except (OSError, ValueError):
            pass
        return None
