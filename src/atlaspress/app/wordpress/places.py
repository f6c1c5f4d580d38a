"""Where a WordPress post is about: the first of its geo postmeta, a map in its body, the CSV.

1. **Postmeta**, as WordPress and its plugins store it: ``geo_latitude``/``geo_longitude``
   (the mobile apps, Jetpack), ``_wp_geo_latitude``/``_wp_geo_longitude`` (WP Geo),
   ``_wpgmp_metabox_latitude``/``…_longitude`` (WP Google Map Plugin), plain
   ``latitude``/``longitude`` or ``lat``/``lng``, an ACF Google Map field (a PHP-serialised
   array with ``lat`` and ``lng``) and WordPress.com's ``georss:point``; a Jetpack map block
   in the body counts as postmeta.
2. **A Google Maps or My Maps URL** in the body (iframe or link): ``ll=lat,lon``,
   ``@lat,lon``, ``center=lat,lon``, ``q=lat,lon`` or the embed's ``!3dLAT!2dLON``.
3. **``--places FILE.csv``**: ``slug,lat,lon`` lines (the new slug or WordPress's own), a
   header line optional.

Nothing here guesses a place from words: a post with none of these stays a draft and the
report says it needs a coordinate.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from atlaspress.core.errors import ContentError, display_path

_PAIRS = (
    ("geo_latitude", "geo_longitude"),
    ("_wp_geo_latitude", "_wp_geo_longitude"),
    ("_wpgmp_metabox_latitude", "_wpgmp_metabox_longitude"),
    ("_geo_latitude", "_geo_longitude"),
    ("latitude", "longitude"),
    ("lat", "lng"),
    ("lat", "lon"),
)
_NUMBER = r"[-+]?\d{1,3}(?:\.\d+)?"
_AT = re.compile(rf"@({_NUMBER}),({_NUMBER})(?:,|$|/|\?)")
_PB = re.compile(rf"!3d({_NUMBER})!2d({_NUMBER})|!2d({_NUMBER})!3d({_NUMBER})")
_URL = re.compile(r"""(?:https?:)?//[^\s"'<>\]]+""")
_SERIALIZED = re.compile(r's:\d+:"(lat|lng)";(?:s:\d+:"([^"]*)"|d:([-\d.eE+]+))')


@dataclass(frozen=True)
class Found:
    lat: float
    lon: float
    source: str  # "postmeta geo_latitude", "body map link", "places.csv line 4" …
    name: str | None = None

    @property
    def at(self) -> str:
        return f"{_fmt(self.lat)}, {_fmt(self.lon)}"


def _fmt(value: float) -> str:
    return f"{round(value, 6):.6f}".rstrip("0").rstrip(".")


def _valid(lat: float, lon: float) -> bool:
    return (
        math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
        and not (lat == 0 and lon == 0)  # what an empty map field saves
    )


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        return None


def from_meta(meta: Mapping[str, str], georss: str = "") -> Found | None:
    """The first usable coordinate pair in the post's metadata."""
    for lat_key, lon_key in _PAIRS:
        lat, lon = _number(meta.get(lat_key)), _number(meta.get(lon_key))
        if lat is not None and lon is not None and _valid(lat, lon):
            name = (meta.get("geo_address") or meta.get("_wp_geo_address") or "").strip() or None
            return Found(lat, lon, f"postmeta {lat_key}/{lon_key}", name)
    for key, value in sorted(meta.items()):
        if value.startswith("a:") and '"lat"' in value and '"lng"' in value:  # ACF google_map field
            found = {m[1]: _number(m[2] if m[2] is not None else m[3]) for m in _SERIALIZED.finditer(value)}
            lat, lon = found.get("lat"), found.get("lng")
            if lat is not None and lon is not None and _valid(lat, lon):
                address = re.search(r's:\d+:"address";s:\d+:"([^"]*)"', value)
                return Found(lat, lon, f"postmeta {key}", (address[1].strip() or None) if address else None)
    parts = georss.replace(",", " ").split()
    if len(parts) == 2:
        lat, lon = _number(parts[0]), _number(parts[1])
        if lat is not None and lon is not None and _valid(lat, lon):
            return Found(lat, lon, "georss:point")
    return None


def url_name(url: str) -> str | None:
    """``Hans Island`` from ``…/maps/place/Hans+Island/@80.8,-66.4,12z``."""
    match = re.search(r"/maps/place/([^/@]+)", urlsplit(url).path)
    if not match:
        return None
    name = " ".join(unquote(match[1].replace("+", " ")).split())
    return name if name and not re.fullmatch(r"[-+\d.,\s°NSEW]+", name) else None


def from_url(url: str) -> tuple[float, float] | None:
    """Coordinates a Google Maps or My Maps URL carries, if any."""
    parts = urlsplit(url.replace("&amp;", "&").replace("&#038;", "&"))
    host = (parts.hostname or "").lower()
    if not (host.startswith(("maps.google.", "google.", "www.google.")) or ".google." in host):
        return None
    query = parse_qs(parts.query)
    for key in ("ll", "center", "q", "query", "sll", "daddr"):
        for value in query.get(key, []):
            pair = re.fullmatch(rf"\s*({_NUMBER})\s*,\s*({_NUMBER})\s*", unquote(value))
            if pair:
                lat, lon = float(pair[1]), float(pair[2])
                if _valid(lat, lon):
                    return lat, lon
    at = _AT.search(unquote(parts.path))
    if at:
        lat, lon = float(at[1]), float(at[2])
        if _valid(lat, lon):
            return lat, lon
    pb = _PB.search(unquote(parts.query))
    if pb:
        lat, lon = (float(pb[1]), float(pb[2])) if pb[1] else (float(pb[4]), float(pb[3]))
        if _valid(lat, lon):
            return lat, lon
    return None


def from_body(html: str) -> Found | None:
    """The first Google Maps / My Maps URL in the body that carries coordinates."""
    for match in _URL.finditer(html):
        url = ("https:" if match[0].startswith("//") else "") + match[0]
        found = from_url(url)
        if found:
            return Found(found[0], found[1], "a Google Maps link in the body", url_name(url))
    return None


class PlacesCsv:
    """``--places FILE.csv``: slug, lat, lon per line; a header line (non-numeric) is skipped."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: dict[str, Found] = {}
        shown = display_path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ContentError.at(shown, 1, 1, "wordpress.places", f"cannot read the places file: {exc}",
                                  "save it as UTF-8 text: slug,lat,lon per line") from None
        for number, row in enumerate(csv.reader(text.splitlines()), start=1):
            cells = [c.strip() for c in row]
            if not cells or not any(cells) or cells[0].startswith("#"):
                continue
            if len(cells) < 3:
                raise ContentError.at(shown, number, 1, "wordpress.places",
                                      f"expected slug,lat,lon, found {len(cells)} field(s)",
                                      "write one post a line: kaesong-industrial-zone,37.93,126.6")
            lat, lon = _number(cells[1]), _number(cells[2])
            if lat is None or lon is None:
                if number == 1:
                    continue  # a header
                raise ContentError.at(shown, number, len(cells[0]) + 2, "wordpress.places",
                                      f"{cells[1]!r}, {cells[2]!r} are not numbers",
                                      "write decimal degrees, latitude first: 37.93,126.6")
            if not _valid(lat, lon):
                hint = "latitude first: the numbers look swapped" if abs(lat) > 90 >= abs(lon) else \
                    "latitude runs from -90 to 90, longitude from -180 to 180"
                raise ContentError.at(shown, number, len(cells[0]) + 2, "wordpress.places",
                                      f"{cells[1]}, {cells[2]} is not a position", hint)
            self.rows[unquote(cells[0]).strip().lower()] = Found(lat, lon, f"{path.name} line {number}")

    def get(self, *slugs: str) -> Found | None:
        for slug in slugs:
            if slug and slug.lower() in self.rows:
                return self.rows[slug.lower()]
        return None
