"""KMZ: a zip holding ``doc.kml`` and the icons and images it uses.

The archive is checked before anything is extracted: no absolute paths or ``..``, a cap on
the number of entries, on each entry's size and on the total, and a compression-ratio
guard against zip bombs. Sizes are enforced while reading too, since headers can lie.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

from atlaspress.geodata.common import Context
from atlaspress.geodata.kml import read_kml
from atlaspress.geodata.kmlstyle import drop_icon, safe_relative
from atlaspress.geodata.model import ParsedLayer
from atlaspress.geodata.xmltree import Node

MAX_ENTRIES = 2000
MAX_RATIO = 200  # uncompressed / compressed, for entries above RATIO_FLOOR bytes
RATIO_FLOOR = 1 << 20
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def read_kmz(data: bytes, ctx: Context, max_bytes: int) -> ParsedLayer:
    """Read a KMZ archive's main KML and return its image files as ``assets``."""
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
    main = _read(ctx, archive, names[kml_name], max_bytes)
    unpacked = len(main)
    assets: dict[str, bytes] = {}
    for name, info in names.items():
        if name.lower().endswith(ASSET_SUFFIXES):
            assets[name] = _read(ctx, archive, info, max_bytes)
            unpacked += len(assets[name])
            if unpacked > 2 * max_bytes:  # headers may understate sizes
                raise ctx.error(
                    1,
                    1,
                    f"the KMZ unpacks to more than {_mb(2 * max_bytes)}",
                    "atlaspress refuses oversized archives",
                )
    base = posixpath.dirname(kml_name)

    def icons(href: str, node: Node) -> str | None:
        name = safe_relative(href, base)
        if name is not None and name in assets:
            return name
        drop_icon(ctx, href, "in the KMZ")
        return None

    if kml_name != "doc.kml":
        ctx.warn(f"the KMZ has no doc.kml; read {kml_name!r} instead")
    ctx.display = f"{ctx.display}!{kml_name}"  # errors inside point into the archived KML
    return read_kml(main, ctx, icons=icons, assets=assets)


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
    if "doc.kml" in names:
        return "doc.kml"
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
