"""Line and area charts: a time series drawn as a path (areas stacked when several columns).

A missing value breaks the line instead of bridging the gap, so a year without figures is
seen as one. A single series has its last value written at its end.
"""

from __future__ import annotations

from collections.abc import Sequence

from atlaspress.content.model import Chart
from atlaspress.maps.svg import fmt

from .axes import setup, x_axis
from .data import Dataset
from .frame import LegendItem, Variant, compose, text, value_grid
from .marks import Mark, draw_marks
from .palette import series_colour
from .scales import format_number


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(p)
    return [r for r in runs if r]


def _path(run: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{fmt(x)} {fmt(y)}" for x, y in run)


def draw(spec: Chart, data: Dataset, marks: Sequence[Mark], variant: Variant, prefix: str,
         description: str) -> str:
    area = spec.type == "area"
    shape = "rect" if area else "line"
    legend = [LegendItem(s.name, series_colour(i), shape) for i, s in enumerate(data.series)]
    c = setup(spec, data, marks, variant, prefix, legend, stacked=area)
    f = c.frame
    assert data.dates is not None
    xs = [c.x(d.mid) for d in data.dates]
    under, over = draw_marks(f, c.labels, c.x, c.label_top)
    body = value_grid(f, c.axis, c.y, spec.format) + under
    if area:
        base = [0.0] * len(data.labels)
        for i, s in enumerate(data.series):
            top = [b + (v or 0.0) for b, v in zip(base, s.values, strict=True)]
            upper = [(x, c.y(t)) for x, t in zip(xs, top, strict=True)]
            lower = [(x, c.y(b)) for x, b in zip(xs, base, strict=True)][::-1]
            d = _path(upper) + "L" + "L".join(f"{fmt(x)} {fmt(y)}" for x, y in lower) + "Z"
            colour = series_colour(i)
            body.append(f'<path class="series" d="{d}" fill="{colour}" fill-opacity=".78" stroke="{colour}" '
                        'stroke-width="1" stroke-linejoin="round"/>')
            base = top
    else:
        for i, s in enumerate(data.series):
            colour = series_colour(i)
            points = [None if v is None else (x, c.y(v)) for x, v in zip(xs, s.values, strict=True)]
            for run in _runs(points):
                body.append(f'<path class="series" d="{_path(run)}" fill="none" stroke="{colour}" '
                            'stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"/>')
                if len(run) == 1:
                    body.append(f'<circle cx="{fmt(run[0][0])}" cy="{fmt(run[0][1])}" r="3" fill="{colour}"/>')
            if len(xs) <= 40:
                dots = "".join(f'<circle cx="{fmt(p[0])}" cy="{fmt(p[1])}" r="2.5"/>' for p in points if p)
                body.append(f'<g fill="{colour}" stroke="#fff" stroke-width="1">{dots}</g>')
    if len(data.series) == 1:
        s = data.series[0]
        last = next((i for i in range(len(s.values) - 1, -1, -1) if s.values[i] is not None), None)
        if last is not None:
            value = s.values[last] or 0.0
            body.append(text(xs[last], c.y(value) - 8, format_number(value, spec.format), variant.small,
                             anchor="end" if xs[last] > f.x1 - 30 else "middle", weight="600", halo=True))
    body += over + x_axis(c, data, data.x_name)
    return compose(f, body, spec.title, description)
