"""Charts and data maps drawn at build time from CSV files in a post's folder.

The pipeline, one small module each:

* :mod:`.table` reads the CSV with every cell's line and column (located errors);
* :mod:`.data` checks and converts the columns a chart plots (numbers, dates, units);
* :mod:`.scales` nice ticks, zero-based value axes and number formats;
* :mod:`.frame` and :mod:`.axes` the title, legend, axes, notes and source line;
* :mod:`.lines`, :mod:`.columns`, :mod:`.dots` one module per chart family, and
  :mod:`.datamap` for choropleths and proportional symbols;
* :mod:`.marks` annotations and the post's own events on a time axis;
* :mod:`.describe` the text description with the real numbers;
* :mod:`.figure` one post's charts drawn; :mod:`.html` and :mod:`.place` put them in pages
  and feeds; :mod:`.card` renders one as the social card.

The SVG is written by the project (see docs/decisions.md, "Charts"): the same bytes for
the same input, ~5–15 KB a chart, in the locator's palette and type (:mod:`.palette`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import ChartFigure

if TYPE_CHECKING:
    from .figure import chart_figure, post_charts

__all__ = ["ChartFigure", "chart_figure", "post_charts"]


def __getattr__(name: str) -> Any:
    # The drawing modules load when a chart is drawn, not when a cached one is read.
    if name in ("chart_figure", "post_charts"):
        from . import figure

        return getattr(figure, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
