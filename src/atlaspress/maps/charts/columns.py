"""Column, stacked and grouped column, and (horizontal) bar charts. Always from zero.

Columns over dates span their period (a year's column fills that year, minus a gap), so
a missing year is a visible gap and marks fall where they happened; columns over
categories share the width equally. Bars run across, categories down, with each bar's
value written at its end when there is room.
"""

from __future__ import annotations

from collections.abc import Sequence

from atlaspress.content.model import Chart
from atlaspress.maps.svg import escape, fmt
from atlaspress.maps.textsize import text_width

from .axes import setup, x_axis
from .data import Dataset
from .frame import PAD, LegendItem, Variant, compose, start_frame, text, value_grid, wrap
from .marks import Mark, draw_marks
from .palette import INK, MUTED, series_colour
from .scales import Linear, format_number, value_domain

GAP = 0.18  # share of a band left empty


def _rect(x: float, y0: float, w: float, y1: float, colour: str, title: str) -> str:
    top, h = min(y0, y1), abs(y1 - y0)
    return (f'<rect x="{fmt(x)}" y="{fmt(top)}" width="{fmt(max(w, .5))}" height="{fmt(h)}" fill="{colour}">'
            f"<title>{escape(title)}</title></rect>")


def draw(spec: Chart, data: Dataset, marks: Sequence[Mark], variant: Variant, prefix: str,
         description: str) -> str:
    if spec.type == "bar":
        return _bars(spec, data, variant, prefix, description)
    stacked = spec.type == "stacked-column"
    legend = [LegendItem(s.name, series_colour(i)) for i, s in enumerate(data.series)]
    c = setup(spec, data, marks, variant, prefix, legend, stacked=stacked, categories=not data.dates)
    f = c.frame
    under, over = draw_marks(f, c.labels, c.x, c.label_top)
    body = value_grid(f, c.axis, c.y, spec.format) + under
    n_series = len(data.series)
    grouped = not stacked and n_series > 1
    rects: list[str] = []
    for i, label in enumerate(data.labels):
        if data.dates:
            a, b = c.x(data.dates[i].start), c.x(data.dates[i].end)
        else:
            a, b = c.x(i), c.x(i + 1)
        width = (b - a) * (1 - GAP)
        left = a + (b - a) * GAP / 2
        base = 0.0
        for k, s in enumerate(data.series):
            value = s.values[i]
            if value is None:
                continue
            shown = f"{label}, {s.name}: {format_number(value, spec.format)} {spec.units}"
            if grouped:
                w = width / n_series
                rects.append(_rect(left + k * w, c.y(0), w - (0.6 if w > 3 else 0), c.y(value), series_colour(k),
                                   shown))
            else:
                rects.append(_rect(left, c.y(base), width, c.y(base + value), series_colour(k), shown))
                if stacked:
                    base += value
    body.append(f'<g class="series">{"".join(rects)}</g>')
    body.append(f'<path d="M{fmt(f.x0)} {fmt(c.y(0))}H{fmt(f.x1)}" stroke="{INK}" stroke-width="1"/>')
    body += over + x_axis(c, data, data.x_name)
    return compose(f, body, spec.title, description)


def _bars(spec: Chart, data: Dataset, variant: Variant, prefix: str, description: str) -> str:
    """Horizontal bars: a row per category, labels on the left, values along the bottom."""
    v = variant
    legend = [LegendItem(s.name, series_colour(i)) for i, s in enumerate(data.series)]
    values = [x for s in data.series for x in s.values if x is not None]
    axis = value_domain(values, zero=True, count=4 if v.width < 400 else 6)
    label_w = min(v.width * 0.36, max(text_width(label, v.small) for label in data.labels) + 8)
    n = len(data.labels)
    per_row = max(18.0, 12.0 * len(data.series) + 8)
    frame = start_frame(spec, variant, prefix, legend=legend, left=label_w, bottom_axis=v.small * 2.8,
                        unit_label=None)
    height = per_row * n
    grow = height - (frame.y1 - frame.y0)
    frame.y1 = frame.y0 + height
    frame.height += grow
    from .axes import _shift

    frame.bottom = [_shift(el, grow) for el in frame.bottom]
    single = len(data.series) == 1
    room = max((text_width(format_number(x, spec.format), v.small) for x in values), default=0) + 6
    scale = Linear(axis.lo, axis.hi, frame.x0, frame.x1 - (room if single else 0))
    body = value_grid(frame, axis, scale, spec.format, horizontal=False)
    body.append(text(frame.x1, frame.y1 + v.small * 2.7, spec.units, v.small, fill=MUTED, anchor="end",
                     extra=' font-style="italic"'))
    rects = []
    for i, label in enumerate(data.labels):
        y = frame.y0 + i * per_row
        lines = wrap(label, v.small, label_w - 8)[:2]
        for k, line in enumerate(lines):
            body.append(text(PAD + label_w - 8 + 0, y + per_row / 2 + v.small * .35 + (k - (len(lines) - 1) / 2)
                             * v.small * 1.1, line, v.small, anchor="end"))
        bar_h = (per_row - 6) / len(data.series)
        for k, s in enumerate(data.series):
            value = s.values[i]
            if value is None:
                body.append(text(scale(0) + 4, y + 3 + (k + .5) * bar_h + v.small * .35, "no data", v.small,
                                 fill=MUTED, extra=' font-style="italic"'))
                continue
            shown = f"{label}, {s.name}: {format_number(value, spec.format)} {spec.units}"
            x_a, x_b = sorted((scale(0), scale(value)))
            rects.append(f'<rect x="{fmt(x_a)}" y="{fmt(y + 3 + k * bar_h)}" width="{fmt(max(x_b - x_a, .5))}" '
                         f'height="{fmt(bar_h - (1 if bar_h > 4 else 0))}" fill="{series_colour(k)}">'
                         f"<title>{escape(shown)}</title></rect>")
            if single:
                body.append(text(x_b + 4, y + per_row / 2 + v.small * .35, format_number(value, spec.format),
                                 v.small, weight="600"))
    body.append(f'<g class="series">{"".join(rects)}</g>')
    body.append(f'<path d="M{fmt(scale(0))} {fmt(frame.y0)}V{fmt(frame.y1)}" stroke="{INK}" stroke-width="1"/>')
    return compose(frame, body, spec.title, description)
