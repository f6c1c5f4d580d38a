"""Precompressed copies of text outputs (``precompress = ["gzip", "br"]`` in the config).

Each copy is an output of its own, keyed by its original's key, so incremental builds
recompress only what changed. gzip is written with ``mtime=0`` and brotli is deterministic,
so the same input gives the same bytes.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable, Mapping, MutableMapping

from atlaspress.core.store import key

SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".geojson", ".svg", ".xml", ".txt", ".csv",
            ".webmanifest", ".kml", ".gpx")
MIN_SIZE = 512  # bytes: smaller files gain nothing
EXTENSION = {"gzip": ".gz", "br": ".br"}


def brotli_missing(formats: Iterable[str]) -> bool:
    if "br" not in formats:
        return False
    try:
        import brotli  # noqa: F401
    except ImportError:
        return True
    return False


def _compress(data: bytes, fmt: str) -> bytes:
    if fmt == "br":
        import brotli

        return bytes(brotli.compress(data, quality=11))
    return gzip.compress(data, 9, mtime=0)


def add_precompressed(files: MutableMapping[str, bytes], keys: MutableMapping[str, str],
                      inputs: MutableMapping[str, list[str]], formats: Iterable[str],
                      previous: Mapping[str, str] | None, read_previous: Callable[[str], bytes] | None) -> None:
    """Add ``path.gz`` / ``path.br`` beside each text output in ``keys`` (``files`` holds the
    changed ones); a copy is made again only when its key differs from the previous build's."""
    formats = sorted(set(formats))
    for path in sorted(keys):
        if not path.endswith(SUFFIXES):
            continue
        data: bytes | None = files.get(path)
        for fmt in formats:
            copy = path + EXTENSION[fmt]
            copy_key = key("precompress", fmt, keys[path])
            if data is None and previous is not None and previous.get(copy) == copy_key:
                keys[copy] = copy_key  # unchanged, kept from the last build
                inputs[copy] = list(inputs.get(path, ()))
                continue
            if data is None:
                if read_previous is None:
                    continue
                data = read_previous(path)
            if len(data) < MIN_SIZE:
                break
            keys[copy] = copy_key
            inputs[copy] = list(inputs.get(path, ()))
            files[copy] = _compress(data, fmt)
