"""The facts' value types: what the cache stores and the pages read.

Plain frozen dataclasses with no geometry library behind them, so a warm build that reads
its facts from the cache (:mod:`atlaspress.site.entry`) never imports numpy, shapely or
pyproj; :mod:`atlaspress.facts.place` and :mod:`atlaspress.facts.glance` compute them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from atlaspress.core.reach import Reach

__all__ = ["City", "Glance", "Reach", "Row", "TimeZone", "Verdict"]


@dataclass(frozen=True)
class City:
    name: str
    country: str
    population: int
    km: float
    direction: str | None  # from the place to the city, 16-point; None at a pole
    bearing: str | None = None  # from the city to the place ("8 km north-west of Seoul")
    lon: float = 0.0
    lat: float = 0.0


@dataclass(frozen=True)
class TimeZone:
    name: str  # IANA, e.g. Asia/Pyongyang; Etc/GMT-9 at sea
    offset: str  # "UTC+9", "UTC+5:30", "UTC−3"
    on: dt.date

    @property
    def nautical(self) -> bool:
        """An ``Etc/GMT±n`` zone: sea time by longitude, no state's civil time."""
        return self.name.startswith("Etc/")


@dataclass(frozen=True)
class Row:
    """One ``<dt>``/``<dd>`` pair of the At a glance list; text only, escaped by the template."""

    key: str
    label: str
    value: str
    note: str | None = None
    href: str | None = None  # a source for the row, linked after the note


@dataclass(frozen=True)
class Verdict:
    """A claim and what the geometry says about it."""

    index: int
    text: str  # as the page words it
    statement: str  # generated from the fields, with ids: what diagnostics quote
    holds: bool | None  # None: nothing to measure (e.g. no land border)
    measured: str  # "4.5 km (2.8 mi)", "the point is in North Korea (KP)"

    @property
    def verdict(self) -> str:
        """``holds: measured 4.3 km (2.7 mi)`` — the page's wording."""
        state = {True: "holds", False: "does not hold", None: "cannot be checked"}[self.holds]
        if self.measured.startswith(("the ", "no ", "not ")):
            return f"{state}: {self.measured}"
        return f"{state}: measured {self.measured}"


@dataclass(frozen=True)
class Glance:
    """What the geometry says about a post's place."""

    country: str | None  # ISO alpha-2 of the OpenStreetMap territory (None at sea, unclaimed, double claim)
    country_name: str | None  # its name for prose
    at_sea: bool
    border: Reach | None
    border_with: str | None
    distance_to: Reach | None
    city: City | None
    timezone: TimeZone | None
    rows: tuple[Row, ...]
    claims: tuple[Verdict, ...] = ()
    disputed: tuple[str, ...] = ()  # keys of the disputes the place is in (atlaspress.geo.disputes)
