"""The charts' colours and type, taken from the locator so a chart sits beside a map as one family.

Everything a chart or data map paints comes from here. The maps' palette
(:mod:`atlaspress.core.palette`) and the locator's type are imported, not copied, so a change
to them reaches the charts; the few colours the maps have no use for (a second and third data
series, the choropleth ramp) are derived from them and kept in this one place.
"""

from __future__ import annotations

from atlaspress.core.palette import ACCENT, BORDER, COAST, DISPUTED_BORDER, HIGHLIGHT, INK, LAND, MUTED, POINT, SEA
from atlaspress.maps.locator.compose import FONT, HALO

__all__ = [
    "ACCENT", "BORDER", "COAST", "FONT", "HALO", "HIGHLIGHT", "INK", "LAND", "MUTED", "POINT", "SEA",
    "GRID", "AXIS", "PAPER", "SERIES", "NO_DATA", "ramp", "series_colour",
]

PAPER = "#fbf8f2"  # the social card's ground: charts are drawn on it
GRID = "#e4ddd0"  # gridlines: the land colour one step darker, below every mark
AXIS = BORDER  # the zero line and tick marks, in the colour of the locator's borders
NO_DATA = "#ece8e0"  # a data map's shapes without a value (hatched, and named in the legend)
# Data series: the locator's accent first, then its sea, its highlighted land and its ink,
# each dark enough to read as a 2 px line on PAPER.
SERIES = (ACCENT, "#3d6f8e", "#a27a3c", DISPUTED_BORDER, COAST, POINT)


def series_colour(index: int) -> str:
    """The colour of the ``index``-th series (cycling past the sixth)."""
    return SERIES[index % len(SERIES)]


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _mix(a: str, b: str, t: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ra, rb, strict=True))


def ramp(n: int) -> tuple[str, ...]:
    """``n`` sequential classes from the highlighted land to the place marker's dark red.

    >>> ramp(3)
    ('#efdcc0', '#d26352', '#7d1418')
    """
    stops = ("#efdcc0", "#e0a27a", ACCENT, POINT)
    if n == 1:
        return (ACCENT,)
    out = []
    for i in range(n):
        pos = i / (n - 1) * (len(stops) - 1)
        k = min(int(pos), len(stops) - 2)
        out.append(_mix(stops[k], stops[k + 1], pos - k))
    return tuple(out)
