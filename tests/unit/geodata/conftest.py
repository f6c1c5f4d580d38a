"""Shared helpers for the geodata reader tests: fixture paths, a tiny PNG, KMZ building."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from atlaspress.core.errors import ContentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "geodata"


def png_bytes(rgb: tuple[int, int, int] = (2, 136, 209), size: int = 4) -> bytes:
    """A valid size×size RGB PNG, built by hand (no image library, no copied file)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def make_kmz(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def error_of(call, *args, **kwargs) -> ContentError:
    with pytest.raises(ContentError) as info:
        call(*args, **kwargs)
    return info.value
