"""A chart's data as an HTML table: made with the figure (:mod:`atlaspress.maps.charts.figure`)
and placed in the page by :mod:`atlaspress.maps.charts.html`, so it is its own module.

All text is the author's and is escaped here.
"""

from __future__ import annotations

import html

from atlaspress.content.model import Chart

from .data import Dataset
from .scales import format_number


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def data_table(spec: Chart, data: Dataset) -> str:
    """The full data as a ``<table>``: the first column as written, values in the chart's format."""
    unit = _e(spec.units)
    head = f'<th scope="col">{_e(data.x_name)}</th>' + "".join(
        f'<th scope="col">{_e(s.name)} <span class="chart__unit">({unit})</span></th>' for s in data.series)
    rows = []
    for i, label in enumerate(data.labels):
        cells = "".join(
            '<td class="num">' + ("–" if s.values[i] is None else _e(format_number(s.values[i] or 0.0, spec.format)))
            + "</td>" for s in data.series)
        rows.append(f'<tr><th scope="row">{_e(label)}</th>{cells}</tr>')
    return (f"<table><caption>{_e(spec.title)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
