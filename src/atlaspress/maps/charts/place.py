"""Putting charts into the story: the body's ``{{< chart ID >}}`` slots filled, the rest after it.

The Markdown renderer turns a marker line into an empty slot
(``<div class="chart-slot" id="chart-slot-ID">``); here each slot gets its figure, in a
page or in a feed entry. A chart the body does not place comes after the body, in the
front matter's order; a slot naming no chart is left empty (the link stage warns).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from atlaspress.content.markdown import CHART_SLOT

from .model import ChartFigure


def placed_ids(body_html: str) -> list[str]:
    """The chart ids the body places, in order."""
    return CHART_SLOT.findall(body_html)


def fill_slots(body_html: str, figures: Sequence[ChartFigure],
               render: Callable[[ChartFigure], str]) -> tuple[str, list[ChartFigure]]:
    """The body with each slot replaced by ``render(figure)`` (an unknown id by nothing), and the
    figures it did not place. A chart placed twice is drawn once, at its first slot."""
    by_key = {f.key: f for f in figures}
    done: set[str] = set()

    def fill(match) -> str:  # type: ignore[no-untyped-def]
        key = match[1]
        if key in by_key and key not in done:
            done.add(key)
            return render(by_key[key]) + "\n"
        return ""

    html = CHART_SLOT.sub(fill, body_html)
    return html, [f for f in figures if f.key not in done]


def with_charts(body_html: str, figures: Sequence[ChartFigure], render: Callable[[ChartFigure], str]) -> str:
    """The body with every chart in it: at its slot, or after the body."""
    html, rest = fill_slots(body_html, figures, render)
    if rest:
        html += '<div class="charts-after">' + "".join(render(f) for f in rest) + "</div>\n"
    return html
