"""Dot plots: a row per category, a dot per column, joined by a thin line to show the gap.

The value axis may start away from zero (``zero: false``): dots, unlike bars, do not
encode a value by length; the axis then says so with a break mark.
"""

from __future__ import annotations

from atlaspress.content.model import Chart
from atlaspress.maps.svg import escape, fmt
from atlaspress.maps.textsize import text_width

from .axes import _shift
from .data import Dataset
from .frame import PAD, LegendItem, Variant, compose, start_frame, text, value_grid, wrap
from .palette import GRID, INK, MUTED, series_colour
from .scales import Linear, format_number, value_domain

ROW = 22.0


def draw(spec: Chart, data: Dataset, variant: Variant, prefix: str, description: str) -> str:
    v = variant
    legend = [LegendItem(s.name, series_colour(i), "dot") for i, s in enumerate(data.series)]
    values = [x for s in data.series for x in s.values if x is not None]
    axis = value_domain(values, zero=spec.zero, count=4 if v.width < 400 else 6)
    label_w = min(v.width * 0.36, max(text_width(label, v.small) for label in data.labels) + 8)
    frame = start_frame(spec, variant, prefix, legend=legend, left=label_w, bottom_axis=v.small * 2.8,
                        unit_label=None)
    height = ROW * len(data.labels)
    grow = height - (frame.y1 - frame.y0)
    frame.y1 = frame.y0 + height
    frame.height += grow
    frame.bottom = [_shift(el, grow) for el in frame.bottom]
    scale = Linear(axis.lo, axis.hi, frame.x0 + 6, frame.x1 - 6)
    body = value_grid(frame, axis, scale, spec.format, horizontal=False)
    if axis.broken:  # the value axis runs across here: its break sits at the left end
        x, y = frame.x0, frame.y1
        body.append(f'<path class="axis-break" d="M{fmt(x - 2)} {fmt(y + 8)}l4-4-4-4 4-4" stroke="{INK}" '
                    'stroke-width="1.2" fill="none"/>')
    body.append(text(frame.x1, frame.y1 + v.small * 2.7, spec.units, v.small, fill=MUTED, anchor="end",
                     extra=' font-style="italic"'))
    rows, dots = [], []
    for i, label in enumerate(data.labels):
        y = frame.y0 + (i + 0.5) * ROW
        for k, line in enumerate(wrap(label, v.small, label_w - 8)[:1]):
            body.append(text(PAD + label_w - 8, y + v.small * .35 + k * v.small, line, v.small, anchor="end"))
        present = [(k, s.values[i]) for k, s in enumerate(data.series) if s.values[i] is not None]
        xs = [scale(val) for _, val in present if val is not None]
        if len(xs) > 1:
            rows.append(f"M{fmt(min(xs))} {fmt(y)}H{fmt(max(xs))}")
        for k, val in present:
            assert val is not None
            shown = f"{label}, {data.series[k].name}: {format_number(val, spec.format)} {spec.units}"
            dots.append(f'<circle cx="{fmt(scale(val))}" cy="{fmt(y)}" r="5" fill="{series_colour(k)}">'
                        f"<title>{escape(shown)}</title></circle>")
        if not present:
            body.append(text(frame.x0 + 6, y + v.small * .35, "no data", v.small, fill=MUTED,
                             extra=' font-style="italic"'))
    if rows:
        body.append(f'<path d="{"".join(rows)}" stroke="{GRID}" stroke-width="3" stroke-linecap="round"/>')
    body.append(f'<g class="series" stroke="#fff" stroke-width="1">{"".join(dots)}</g>')
    return compose(frame, body, spec.title, description)
