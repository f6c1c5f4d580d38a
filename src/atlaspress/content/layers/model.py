"""The values the geodata readers return: features in GeoJSON form plus what was left out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUPPORTED_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpx")

#: simplestyle-spec keys a feature's ``properties["style"]`` may carry, plus ``icon``.
STYLE_KEYS = (
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "fill",
    "fill-opacity",
    "marker-color",
    "icon",
)


@dataclass(frozen=True)
class LayerGroup:
    """A toggleable group of features on the map (a KML Folder)."""

    id: str
    title: str


@dataclass(frozen=True)
class ParsedLayer:
    """A layer file read into RFC 7946 GeoJSON features, 2D, longitude first.

    Every feature's ``properties`` has the same keys: ``name`` (text or None),
    ``description`` (sanitized HTML or None), ``group`` (a :class:`LayerGroup` id or None),
    ``style`` (simplestyle-spec keys, possibly empty) and ``data`` (extended data, possibly
    empty). ``skipped`` names what was left out (NetworkLinks, overlays); ``warnings`` are
    things kept but worth a look (ring orientation, remote icons, unclosed rings).
    """

    features: tuple[dict[str, Any], ...]
    groups: tuple[LayerGroup, ...] = ()
    title: str | None = None
    skipped: tuple[str, ...] = ()
    assets: dict[str, bytes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
