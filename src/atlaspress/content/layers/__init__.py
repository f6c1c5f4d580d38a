"""Read a post's layer files — GeoJSON, KML, KMZ, GPX — into one GeoJSON form.

>>> layer = read_layer(Path("content/places/kaesong/zone.kml"))  # doctest: +SKIP
>>> layer.features[0]["properties"]["name"], [g.title for g in layer.groups]  # doctest: +SKIP
('Zone boundary', ['Borders', 'Crossings / Road'])

Every reader returns a :class:`ParsedLayer` or raises a located ``ContentError`` (code
``layer``) — ``file:line:col: error[layer]: message`` — never another exception. XML goes
through defusedxml: entity declarations and external references are refused before
anything is expanded or read. Files over ``max_bytes`` are refused before parsing.
"""

from __future__ import annotations

from pathlib import Path

from atlaspress.content.layers.common import Context
from atlaspress.content.layers.geojson import read_geojson
from atlaspress.content.layers.gpx import read_gpx
from atlaspress.content.layers.kml import read_kml
from atlaspress.content.layers.kmlfiles import BesideFiles, NoFiles
from atlaspress.content.layers.kmz import read_kmz
from atlaspress.content.layers.model import SUPPORTED_SUFFIXES, LayerGroup, ParsedLayer
from atlaspress.core.errors import ContentError

__all__ = ["SUPPORTED_SUFFIXES", "LayerGroup", "ParsedLayer", "read_layer"]

DEFAULT_MAX_BYTES = 20 * 2**20


def read_layer(
    path: Path, *, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedLayer:
    """Read one layer file, choosing the reader by suffix.

    ``display`` is the path shown in messages (defaults to ``str(path)``). A plain KML's
    relative icon and image hrefs are kept when the file exists beside it; the KMZ icons
    and images its features use are returned in ``assets``.
    """
    shown = display or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ContentError.at(
            shown,
            1,
            1,
            "layer",
            f"cannot read {suffix or 'extension-less'} files as a layer",
            "use GeoJSON (.geojson, .json), KML, KMZ or GPX",
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_big(shown, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ContentError.at(
            shown, 1, 1, "layer", f"cannot read the layer file: {exc.strerror or exc}"
        ) from None
    if len(data) > max_bytes:  # the file grew since stat()
        raise _too_big(shown, max_bytes)
    return read_layer_bytes(data, suffix, display=shown, base_dir=path.parent, max_bytes=max_bytes)


def read_layer_bytes(
    data: bytes,
    suffix: str,
    *,
    display: str,
    base_dir: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedLayer:
    """Like :func:`read_layer` for bytes already in memory; ``suffix`` picks the reader."""
    if len(data) > max_bytes:
        raise _too_big(display, max_bytes)
    suffix = suffix.lower()
    if suffix in (".geojson", ".json"):
        return read_geojson(data, Context(display, "GeoJSON"))
    if suffix == ".gpx":
        return read_gpx(data, Context(display, "GPX"))
    if suffix == ".kmz":
        return read_kmz(data, Context(display, "KML"), max_bytes)
    if suffix == ".kml":
        files = BesideFiles(base_dir) if base_dir is not None else NoFiles()
        return read_kml(data, Context(display, "KML"), files)
    raise ContentError.at(
        display,
        1,
        1,
        "layer",
        f"cannot read {suffix or 'extension-less'} files as a layer",
        "use GeoJSON (.geojson, .json), KML, KMZ or GPX",
    )


def _too_big(shown: str, max_bytes: int) -> ContentError:
    return ContentError.at(
        shown,
        1,
        1,
        "layer",
        f"layer file is larger than {max_bytes / 2**20:g} MB",
        "simplify the layer, or raise `max_file_size_mb` in atlaspress.toml",
    )
