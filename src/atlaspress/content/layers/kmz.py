"""KMZ: a zip holding ``doc.kml``, the icons and images it uses, and the KML it links to.

The archive is checked before anything is extracted: no absolute paths or ``..``, a cap on
the number of entries, on each entry's size and on the total, and a compression-ratio
guard against zip bombs. Sizes are enforced while reading too, since headers can lie.

The main KML is ``doc.kml`` when there is one, else the first ``.kml`` at the top of the
archive (Google Earth takes the first it finds). Its NetworkLinks to other KML in the
archive are followed (:mod:`atlaspress.content.layers.kml`). Entries are unpacked only when a
feature uses them — an icon, an image in a description — so ``assets``, which the site
publishes, holds exactly the files the layer's features use; a KML no link reaches is
reported, never read.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import zipfile
import zlib
from urllib.parse import unquote

from atlaspress.content.layers.common import Context
from atlaspress.content.layers.kml import read_kml
from atlaspress.content.layers.kmlfiles import IMAGE_SUFFIXES, is_remote, safe_relative
from atlaspress.content.layers.model import ParsedLayer

MAX_ENTRIES = 2000
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FLOOR bytes
RATIO_FLOOR = 1 << 20
ASSET_SUFFIXES = IMAGE_SUFFIXES


def read_kmz(data: bytes, ctx: Context, max_bytes: int) -> ParsedLayer:
    """Read a KMZ archive's main KML and return the image files its features use as ``assets``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ctx.error(
            1,
            1,
            f"this is not a KMZ (zip) archive: {exc}",
            "export the map again as KMZ, or as plain KML",
        ) from None
    if len(infos) > MAX_ENTRIES:
        raise ctx.error(
            1, 1, f"the KMZ holds {len(infos)} files; atlaspress reads at most {MAX_ENTRIES}"
        )
    total = 0
    names: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = _entry_name(ctx, info.filename)
        if info.is_dir():
            continue
        if info.file_size > max_bytes:
            raise ctx.error(
                1,
                1,
                f"KMZ entry {info.filename!r} is larger than {_mb(max_bytes)} when unpacked",
                "atlaspress refuses oversized archive entries",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ctx.error(
                1,
                1,
                f"KMZ entry {info.filename!r} is compressed more than {MAX_RATIO}:1, "
                "which atlaspress refuses for safety (zip bomb)",
            )
        total += info.file_size
        if total > 2 * max_bytes:
            raise ctx.error(
                1,
                1,
                f"the KMZ unpacks to more than {_mb(2 * max_bytes)}",
                "atlaspress refuses oversized archives",
            )
        names.setdefault(name, info)
    kml_name = _main_kml(names)
    if kml_name is None:
        raise ctx.error(1, 1, "the KMZ holds no .kml file", "a KMZ needs doc.kml at its top level")
    files = ArchiveFiles(ctx, archive, names, max_bytes)
    main = files.read(kml_name)
    files.documents.add(kml_name)
    shown = ctx.display
    ctx.display = f"{shown}!{kml_name}"  # errors inside point into the archived KML
    layer = read_kml(main, ctx, files, name=kml_name, archive=shown)
    unread = [n for n in names if n.lower().endswith(".kml") and n not in files.documents]
    if unread:
        ctx.warn(
            f"the KMZ also holds {', '.join(repr(n) for n in unread[:5])}"
            + (f" and {len(unread) - 5} more" if len(unread) > 5 else "")
            + f", which no NetworkLink of {kml_name!r} points to; not read"
        )
    skipped, warnings = ctx.notes()
    assets = {name: files.assets[name] for name in sorted(files.used)}
    return dataclasses.replace(layer, skipped=skipped, warnings=warnings, assets=assets)


class ArchiveFiles:
    """The entries of one KMZ, unpacked on demand; ``used`` names what features use."""

    where = "in the KMZ"

    def __init__(
        self, ctx: Context, archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], max_bytes: int
    ) -> None:
        self.ctx = ctx
        self.archive = archive
        self.names = names
        self.max_bytes = max_bytes
        self.unpacked = 0
        self.used: set[str] = set()
        self.assets: dict[str, bytes] = {}
        self.documents: set[str] = set()
        self._folded: dict[str, str | None] = {}
        for name in names:  # case-insensitive fallback, only when unambiguous
            key = name.lower()
            self._folded[key] = None if key in self._folded else name

    def _entry(self, href: str, base: str) -> str | None:
        for candidate in (href, unquote(href)):
            name = safe_relative(candidate, base)
            if name is None:
                continue
            if name in self.names:
                return name
            folded = self._folded.get(name.lower())
            if folded:
                return folded
        return None

    def read(self, name: str) -> bytes:
        data = _read(self.ctx, self.archive, self.names[name], self.max_bytes)
        self.unpacked += len(data)
        if self.unpacked > 2 * self.max_bytes:  # headers may understate sizes
            raise self.ctx.error(
                1,
                1,
                f"the KMZ unpacks to more than {_mb(2 * self.max_bytes)}",
                "atlaspress refuses oversized archives",
            )
        return data

    def find(self, href: str, base: str = "") -> str | None:
        """An image entry a feature uses, unpacked and marked used; None if there is none."""
        name = self._entry(href, base)
        if name is None or not name.lower().endswith(ASSET_SUFFIXES):
            return None
        if name not in self.assets:
            self.assets[name] = self.read(name)
        self.used.add(name)
        return name

    def document(self, href: str, base: str = "") -> tuple[str, bytes] | str:
        """The KML entry a NetworkLink names, or why it is not read."""
        if is_remote(href):  # pragma: no cover - the reader never asks for remote links
            return "atlaspress never downloads linked data"
        if safe_relative(href, base) is None:
            return "it points outside the KMZ, and atlaspress reads nothing beside it"
        name = self._entry(href, base)
        if name is None:
            return "there is no such file in the KMZ"
        lowered = name.lower()
        if lowered.endswith(".kmz"):
            return "it is a KMZ inside the KMZ, which atlaspress does not open"
        if not lowered.endswith(".kml"):
            return "it is not a .kml file"
        self.documents.add(name)
        return name, self.read(name)


def _mb(size: int) -> str:
    return f"{size / 2**20:g} MB"


def _entry_name(ctx: Context, raw: str) -> str:
    """Normalized archive path; refuse absolute paths, drive letters and ``..``."""
    name = raw.replace("\\", "/")
    parts = name.split("/")
    if (
        name.startswith("/")
        or (len(parts[0]) == 2 and parts[0][1] == ":")
        or ".." in parts
        or "\x00" in name
    ):
        raise ctx.error(
            1,
            1,
            f"KMZ entry {raw[:100]!r} points outside the archive, "
            "which atlaspress refuses for safety (path traversal)",
            "export the map again from Google My Maps or Google Earth",
        )
    return posixpath.normpath(name) if name.strip("/") else name


def _main_kml(names: dict[str, zipfile.ZipInfo]) -> str | None:
    """``doc.kml`` (in any case), else the first top-level ``.kml``, else the first ``.kml``."""
    doc = next((n for n in names if n.lower() == "doc.kml"), None)
    if doc is not None:
        return doc
    kmls = [n for n in names if n.lower().endswith(".kml")]
    top = [n for n in kmls if "/" not in n]
    candidates = top or kmls
    return candidates[0] if candidates else None


def _read(ctx: Context, archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """Read one entry, never more than ``max_bytes`` whatever its header claims."""
    try:
        with archive.open(info) as stream:
            data = stream.read(max_bytes + 1)
    except (
        zipfile.BadZipFile,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        raise ctx.error(
            1, 1, f"cannot unpack KMZ entry {info.filename!r}: {exc}", "export the map again as KMZ"
        ) from None
    if len(data) > max_bytes:
        raise ctx.error(
            1, 1, f"KMZ entry {info.filename!r} is larger than {_mb(max_bytes)} when unpacked"
        )
    return data
