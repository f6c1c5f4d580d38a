"""A drawn chart as the cache stores it and the pages place it: a plain value, kept apart
from the drawing modules so reading a cached chart imports nothing that draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChartFigure:
    """A drawn chart, as cached and as the render stage places it."""

    key: str
    type: str
    title: str
    svg: str | None  # the wide drawing (None for a table)
    svg_compact: str | None
    description: str
    table_html: str
    csv: str  # the bundle-relative CSV file, published next to the page for download
    csv_bytes: int
    source: dict[str, Any]  # publisher, title, year, url, via: the figure's linked source line
    card: bool  # the post's social card is drawn from this chart
