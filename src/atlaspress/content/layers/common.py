"""Helpers every reader shares: located errors, coordinate checks, HTML sanitizing."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import nh3

from atlaspress.core.errors import ContentError

MAX_NOTES = 20  # warnings and skipped items kept before "… and N more"


class Context:
    """The path shown in messages, the format's name, and the notes collected while reading.

    ``prefix`` names the file inside the layer a note is about ("layers/roads.kml "
    for a KML a KMZ's NetworkLink points to); notes say ``{prefix}line N: …``.
    """

    def __init__(self, display: str, kind: str, prefix: str = "") -> None:
        self.display = display
        self.kind = kind
        self.prefix = prefix
        self.skipped: list[str] = []
        self.warnings: list[str] = []
        self._extra = {"skipped": 0, "warnings": 0}

    def nested(self, display: str, prefix: str) -> Context:
        """A context for another file of the same layer: its own path, the same notes."""
        child = Context(display, self.kind, prefix)
        child.skipped, child.warnings, child._extra = self.skipped, self.warnings, self._extra
        return child

    def line(self, line: int) -> str:
        """``"line 12"`` (``"layers/roads.kml line 12"`` in a linked file), for notes."""
        return f"{self.prefix}line {line}"

    def error(self, line: int, col: int, message: str, hint: str | None = None) -> ContentError:
        return ContentError.at(self.display, max(1, line), max(1, col), "layer", message, hint)

    def skip(self, message: str) -> None:
        self._note(self.skipped, "skipped", message)

    def warn(self, message: str) -> None:
        self._note(self.warnings, "warnings", message)

    def _note(self, items: list[str], key: str, message: str) -> None:
        if message in items:
            return
        if len(items) < MAX_NOTES:
            items.append(message)
        else:
            self._extra[key] += 1

    def room_for_warnings(self) -> bool:
        """False once warnings are only counted, so costly details need not be computed."""
        return len(self.warnings) < MAX_NOTES

    def notes(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(skipped, warnings)`` with a closing "… and N more" line when some were left out."""

        def close(items: list[str], key: str) -> tuple[str, ...]:
            more = self._extra[key]
            return tuple(items) + ((f"… and {more} more",) if more else ())

        return close(self.skipped, "skipped"), close(self.warnings, "warnings")


def fmt(value: float) -> str:
    return f"{value:g}"


def check_position(
    ctx: Context,
    lon: float,
    lat: float,
    line: int,
    col: int,
    *,
    written: str | None,
    lon_limit: float = 180.0,
    label: str = "",
) -> None:
    """Refuse a non-finite or out-of-range position; hint when latitude came first.

    ``written`` is how the format writes a position, e.g. ``"lon,lat[,alt]"``; None for
    formats with named attributes (GPX). ``label`` prefixes messages, e.g. ``"feature 3: "``.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ctx.error(
            line, col, f"{label}coordinate {fmt(lon)}, {fmt(lat)} is not a finite number"
        )
    if not -90.0 <= lat <= 90.0:
        hint = None
        if -90.0 <= lon <= 90.0 and abs(lat) <= 180.0:
            if written is None:
                hint = f'values look swapped: write lat="{fmt(lon)}" lon="{fmt(lat)}"'
            else:
                fixed = written.replace("lon", fmt(lat), 1).replace("lat", fmt(lon), 1)
                fixed = fixed.replace("[,alt]", "")
                hint = f"values look swapped: {ctx.kind} writes {written}, longitude first: {fixed}"
        raise ctx.error(line, col, f"{label}latitude {fmt(lat)} is out of range (-90 to 90)", hint)
    if not -lon_limit <= lon <= lon_limit:
        raise ctx.error(
            line,
            col,
            f"{label}longitude {fmt(lon)} is out of range (-{fmt(lon_limit)} to {fmt(lon_limit)})",
        )


def clean_html(text: str | None) -> str | None:
    """Sanitize author HTML (no script, iframe, ``on*`` handlers or ``javascript:`` links).

    A whole HTML document, as ArcGIS writes into KML descriptions, keeps its body: the
    ``<title>``, scripts and style sheets go with their text.
    """
    if text is None:
        return None
    text = text.encode("utf-8", "replace").decode("utf-8").strip()  # lone surrogates
    if not text:
        return None
    cleaned = nh3.clean(text, clean_content_tags=_DROPPED_WITH_TEXT).strip()
    return cleaned or None


_DROPPED_WITH_TEXT = {"script", "style", "title", "template", "noscript"}


def clean_text(text: Any) -> str | None:
    """A plain one-line name: stripped, control characters removed, None when empty."""
    if text is None:
        return None
    if not isinstance(text, str):
        text = str(text)
    if not text.isprintable():  # control, format or surrogate characters, or line breaks
        text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(text.split()) or None


def properties(
    name: str | None = None,
    description: str | None = None,
    group: str | None = None,
    style: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The uniform property set of every feature a reader returns."""
    return {
        "name": name,
        "description": description,
        "group": group,
        "style": dict(style or {}),
        "data": dict(data or {}),
    }


def feature(
    geometry: dict[str, Any] | None, props: dict[str, Any], fid: str | float | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "Feature", "properties": props, "geometry": geometry}
    if fid is not None:
        out["id"] = fid
    return out


def slug(text: str, fallback: str = "group") -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return out[:60].strip("-") or fallback


def signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in degrees²: positive when the ring runs counterclockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        total += x1 * y2 - x2 * y1
    return total / 2.0
