"""Parse the ways people write a position into one ``(lon, lat)`` pair.

Humans write latitude first ("37.93, 126.60", "37.93 N, 126.60 E", DMS); code and
GeoJSON use longitude first. This module is the single place where that order flips.

>>> parse_coordinate("37.93 N, 126.60 E")
Coordinate(lon=126.6, lat=37.93)
>>> parse_coordinate("37°55′48″N 126°36′E")
Coordinate(lon=126.6, lat=37.93)
>>> parse_coordinate({"lat": -33.9, "lon": 151.2})
Coordinate(lon=151.2, lat=-33.9)
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple


class Coordinate(NamedTuple):
    lon: float
    lat: float

    def human(self, places: int = 4) -> str:
        """Format as ``37.93 N, 126.6 E`` — the form we suggest back to authors."""
        ns = "N" if self.lat >= 0 else "S"
        ew = "E" if self.lon >= 0 else "W"
        return f"{_trim(abs(self.lat), places)} {ns}, {_trim(abs(self.lon), places)} {ew}"


class CoordinateError(ValueError):
    """A position that cannot be read; ``hint`` tells the author how to write it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


FORMS_HINT = 'write "lat, lon" such as "37.93, 126.60", "37.93 N, 126.60 E" or {lat: 37.93, lon: 126.60}'

_NUMBER = r"[-+]?\d+(?:\.\d+)?"
# One axis in DMS or decimal with an optional hemisphere letter before or after.
_AXIS = re.compile(
    rf"""^\s*
    (?P<pre>[NSEWnsew])?\s*
    (?P<deg>{_NUMBER})\s*(?:°|º|d|deg)?\s*
    (?:(?P<min>\d+(?:\.\d+)?)\s*(?:′|'|m|min)\s*)?
    (?:(?P<sec>\d+(?:\.\d+)?)\s*(?:″|"|''|s|sec)\s*)?
    (?P<post>[NSEWnsew])?\s*$""",
    re.VERBOSE,
)
# Split "37°55′48″N 126°36′E" (no comma) after the first hemisphere letter.
_SPLIT_AFTER_HEMI = re.compile(r"^(.*?[NSns])\s*[,;]?\s*(.*[EWew].*)$")


def _trim(value: float, places: int) -> str:
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return text or "0"


def _axis(text: str) -> tuple[float, str | None]:
    m = _AXIS.match(text)
    if not m:
        raise CoordinateError(f"cannot read {text.strip()!r} as a coordinate", FORMS_HINT)
    if m["pre"] and m["post"]:
        raise CoordinateError(f"{text.strip()!r} has two hemisphere letters", FORMS_HINT)
    value = float(m["deg"])
    minutes = float(m["min"] or 0)
    seconds = float(m["sec"] or 0)
    if minutes >= 60 or seconds >= 60:
        raise CoordinateError(f"minutes and seconds must be below 60 in {text.strip()!r}", FORMS_HINT)
    if minutes or seconds:
        sign = -1.0 if value < 0 else 1.0
        value = sign * (abs(value) + minutes / 60 + seconds / 3600)
    hemi = (m["pre"] or m["post"] or "").upper() or None
    if hemi in ("S", "W"):
        if value < 0:
            raise CoordinateError(f"{text.strip()!r} is negative and marked {hemi}", FORMS_HINT)
        value = -value
    return value, hemi


def _split(text: str) -> tuple[str, str]:
    for sep in (",", ";"):
        if text.count(sep) == 1:
            a, b = text.split(sep)
            return a, b
    m = _SPLIT_AFTER_HEMI.match(text.strip())
    if m:
        return m[1], m[2]
    parts = text.split()
    if len(parts) == 2:
        return parts[0], parts[1]
    raise CoordinateError(f"cannot read {text.strip()!r} as a position", FORMS_HINT)


def _from_text(text: str) -> Coordinate:
    first, second = _split(text)
    a, ha = _axis(first)
    b, hb = _axis(second)
    if ha in ("E", "W") and hb in ("N", "S", None):
        # "126.6 E, 37.9 N": the author named the axes, so trust the letters.
        return _checked(lat=b, lon=a)
    if ha in ("N", "S", None) and hb in ("N", "S") or ha in ("E", "W") and hb in ("E", "W"):
        raise CoordinateError(f"{text.strip()!r} names the same axis twice", FORMS_HINT)
    return _checked(lat=a, lon=b)


def _checked(*, lat: float, lon: float) -> Coordinate:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise CoordinateError("coordinates must be finite numbers", FORMS_HINT)
    if not -90 <= lat <= 90:
        if -90 <= lon <= 90 and -180 <= lat <= 180:
            hint = (
                f'values look swapped; write "{_trim(lon, 6)}, {_trim(lat, 6)}" (latitude first) or {{lat: …, lon: …}}'
            )
        else:
            hint = "latitude runs from -90 (south pole) to 90 (north pole); " + FORMS_HINT
        raise CoordinateError(f"latitude {_trim(lat, 6)} is out of range", hint)
    if not -180 <= lon <= 180:
        raise CoordinateError(
            f"longitude {_trim(lon, 6)} is out of range",
            "longitude runs from -180 to 180; use negative values or W for the western hemisphere",
        )
    return Coordinate(lon=lon, lat=lat)


def parse_coordinate(value: Any) -> Coordinate:
    """Read a position written by a human; raise :class:`CoordinateError` with a hint."""
    if isinstance(value, Coordinate):
        return value
    if isinstance(value, dict):
        keys = {str(k).lower(): v for k, v in value.items()}
        lat = keys.get("lat", keys.get("latitude"))
        lon = keys.get("lon", keys.get("lng", keys.get("longitude")))
        if lat is None or lon is None:
            raise CoordinateError("a position needs both lat and lon", FORMS_HINT)
        try:
            return _checked(lat=float(lat), lon=float(lon))
        except (TypeError, ValueError) as exc:
            if isinstance(exc, CoordinateError):
                raise
            raise CoordinateError("lat and lon must be numbers", FORMS_HINT) from exc
    if isinstance(value, (list, tuple)):
        if len(value) != 2:
            raise CoordinateError("a position has exactly two numbers", FORMS_HINT)
        try:
            return _checked(lat=float(value[0]), lon=float(value[1]))
        except (TypeError, ValueError) as exc:
            if isinstance(exc, CoordinateError):
                raise
            raise CoordinateError("lat and lon must be numbers", FORMS_HINT) from exc
    if isinstance(value, str):
        return _from_text(value)
    raise CoordinateError(f"cannot read {value!r} as a position", FORMS_HINT)
