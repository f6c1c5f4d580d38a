"""Plain values the pages hand to the map drawings: made on every build, so kept apart from
the drawing modules (and their geometry libraries), which load only when a map is drawn."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    """A numbered place on an overview map (series, tag and country pages)."""

    lon: float
    lat: float
    label: str
    number: int
