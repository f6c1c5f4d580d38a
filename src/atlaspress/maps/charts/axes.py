"""The category and time axes, and the frame set-up every cartesian chart shares.

A value written for a year covers that year: a column spans it, a line's point sits in
its middle, and the label is centred under it. Months and days are placed where they
fall, with ticks at the start of each labelled year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from atlaspress.content.model import Chart
from atlaspress.maps.svg import fmt
from atlaspress.maps.textsize import text_width

from .data import Dataset
from .frame import Frame, LegendItem, Variant, start_frame, text, value_labels_width, wrap
from .marks import Mark, PlacedLabel, place_labels, span
from .palette import AXIS, MUTED
from .scales import Linear, ValueAxis, value_domain


@dataclass
class Cartesian:
    """A frame with its scales: time or categories across, values up."""

    frame: Frame
    axis: ValueAxis
    y: Linear
    x: Linear  # decimal years (time) or band index (categories) → px
    lo: float
    hi: float
    labels: list[PlacedLabel]
    label_top: float


def yearly(data: Dataset) -> bool:
    return bool(data.dates) and all(d.month == 0 for d in data.dates or ())


def values_of(data: Dataset, stacked: bool = False) -> list[float]:
    if stacked:
        totals = [sum(v for v in (s.values[i] for s in data.series) if v is not None) for i in range(len(data.labels))]
        return totals + [0.0]
    return [v for s in data.series for v in s.values if v is not None]


def setup(spec: Chart, data: Dataset, marks: Sequence[Mark], variant: Variant, prefix: str,
          legend: list[LegendItem], *, stacked: bool = False, categories: bool = False) -> Cartesian:
    """Scales and frame for a chart with time (or ``categories``) across and values up."""
    axis = value_domain(values_of(data, stacked), zero=spec.zero)
    left = value_labels_width(axis, spec.format, variant.small)
    lo, hi = (span(data, marks) if data.dates and not categories else (0.0, float(len(data.labels))))
    x0_guess = 12.0 + left
    x1_guess = variant.width - 16.0
    xs = Linear(lo, hi, x0_guess, x1_guess)
    labels, rows = place_labels(marks, xs, x0_guess, x1_guess, variant.small)
    bottom = variant.small * 1.6 + (_category_rows(data, variant, x1_guess - x0_guess) - 1) * variant.small * 1.2
    bottom += variant.small * 1.4  # the x column's name
    frame = start_frame(spec, variant, prefix, legend=legend, left=left, bottom_axis=bottom,
                        unit_label=spec.units)
    label_top = frame.y0 - variant.small * 0.6
    row_h = variant.small * 1.25
    if rows:  # room above the plot for the marks' labels
        shift = rows * row_h + 4
        frame.y0 += shift
        frame.y1 += shift
        frame.height += shift
        frame.bottom = [_shift(el, shift) for el in frame.bottom]
    return Cartesian(frame, axis, Linear(axis.lo, axis.hi, frame.y1, frame.y0), Linear(lo, hi, frame.x0, frame.x1),
                     lo, hi, labels, label_top)


def _shift(el: str, dy: float) -> str:
    """Move a footer ``<text>`` down by ``dy`` (its y is the only y it has)."""
    import re

    return re.sub(r' y="([-\d.]+)"', lambda m: f' y="{fmt(float(m[1]) + dy)}"', el, count=1)


def _category_rows(data: Dataset, variant: Variant, width: float) -> int:
    if data.dates:
        return 1
    band = width / max(len(data.labels), 1)
    return min(3, max(len(wrap(label, variant.small, band - 4)) for label in data.labels))


def x_axis(c: Cartesian, data: Dataset, x_name: str) -> list[str]:
    """Labels (and year ticks) under the plot, and the x column's name at the right."""
    f, v = c.frame, c.frame.variant
    y = f.y1 + v.small * 1.4
    els: list[str] = []
    ticks: list[str] = []
    if data.dates:
        if yearly(data):
            years = [y_ for y_ in range(int(c.lo), int(c.hi) + 1) if c.lo <= y_ + 0.5 <= c.hi]
            first = data.dates[0].year
            step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 1000) if len(years) / s <= v.max_x_labels)
            for year in years:
                if (year - first) % step == 0:
                    els.append(text(c.x(year + 0.5), y, str(year), v.small, fill=MUTED, anchor="middle"))
        else:
            from .scales import year_ticks

            for year in year_ticks(c.lo, c.hi, v.max_x_labels):
                x = c.x(year)
                ticks.append(f"M{fmt(x)} {fmt(f.y1)}v4")
                els.append(text(x, y, str(year), v.small, fill=MUTED, anchor="middle"))
    else:
        n = len(data.labels)
        band = f.plot_width / max(n, 1)
        every = max(1, -(-n // (v.max_x_labels * 2)) if band < 28 else 1)
        for i, label in enumerate(data.labels):
            if i % every:
                continue
            for k, line in enumerate(wrap(label, v.small, band - 4)[:3]):
                els.append(text(c.x(i + 0.5), y + k * v.small * 1.2, line, v.small, fill=MUTED, anchor="middle"))
    if ticks:
        els.append(f'<path d="{"".join(ticks)}" stroke="{AXIS}" stroke-width="1"/>')
    rows = 1 if data.dates else _category_rows(data, v, f.plot_width)
    name_y = y + (rows - 1) * v.small * 1.2 + v.small * 1.4
    if text_width(x_name, v.small) < f.plot_width:
        els.append(text(f.x1, name_y, x_name, v.small, fill=MUTED, anchor="end", extra=' font-style="italic"'))
    return els
