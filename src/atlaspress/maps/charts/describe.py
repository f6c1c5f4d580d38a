"""The text description of a chart, with its real numbers, for readers who cannot see it.

It says what a sighted reader takes from the chart: where each series starts and ends,
its highest and lowest points, its steepest fall, the gaps, and what the marks on the
chart are. Every number in it is one of the CSV's, written in the chart's number
format, so a test can hold the description to the data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from atlaspress.content.model import Chart
from atlaspress.core.text import join_phrases

from .data import Dataset, Series
from .marks import Mark
from .scales import format_number

_CURRENCY = re.compile(r"^(US\$|\$|€|£|¥|₩)\s*(.*)$")
STEEP = 0.25  # a fall of a quarter or more from one period to the next is worth saying
LIST_ALL = 12  # categories listed one by one up to this many


def amount(value: float, spec: Chart) -> str:
    """A value with its unit as a sentence writes it: ``54,988 workers``, ``US$563.3 million``, ``12%``.

    >>> from atlaspress.content.model import Chart
    >>> c = Chart(file="x.csv", type="line", title="T", units="US$ million", source={"publisher": "P"})
    >>> amount(563.3, c)
    'US$563.3 million'
    """
    number = format_number(value, spec.format)
    units = spec.units.strip()
    if number.endswith("%") or units in ("%", "percent", "per cent"):
        return number if number.endswith("%") else f"{number}%"
    m = _CURRENCY.match(units)
    if m:
        sign = "−" if number.startswith("−") else ""
        return f"{sign}{m[1]}{number.lstrip('−')}" + (f" {m[2]}" if m[2] else "")
    return f"{number} {units}"


def _when(data: Dataset, i: int) -> str:
    return data.dates[i].human() if data.dates else data.labels[i]


def _series_sentence(spec: Chart, data: Dataset, s: Series, named: bool) -> str:
    pairs = [(i, v) for i, v in enumerate(s.values) if v is not None]
    who = s.name
    if len(pairs) == 1:
        i, v = pairs[0]
        return f"{who} was {amount(v, spec)} in {_when(data, i)}."
    (i0, v0), (i1, v1) = pairs[0], pairs[-1]
    verb = "rose" if v1 > v0 else "fell" if v1 < v0 else "stayed"
    if verb == "stayed":
        out = f"{who} was {amount(v0, spec)} in {_when(data, i0)} and again in {_when(data, i1)}"
    else:
        out = f"{who} {verb} from {amount(v0, spec)} in {_when(data, i0)} to {amount(v1, spec)} in {_when(data, i1)}"
    hi_i, hi_v = max(pairs, key=lambda p: (p[1], -p[0]))
    lo_i, lo_v = min(pairs, key=lambda p: (p[1], p[0]))
    extra = []
    if hi_i not in (i0, i1):
        extra.append(f"peaking at {amount(hi_v, spec)} in {_when(data, hi_i)}")
    if lo_i not in (i0, i1):
        extra.append(f"with a low of {amount(lo_v, spec)} in {_when(data, lo_i)}")
    out += (", " + " and ".join(extra)) if extra else ""
    out += "."
    falls = [(b[1] / a[1] - 1, a, b) for a, b in zip(pairs, pairs[1:]) if a[1] > 0 and b[1] < a[1]]
    if falls:
        worst, a, b = min(falls)
        if -worst >= STEEP and b[0] != lo_i:
            out += (f" The steepest fall came in {_when(data, b[0])}: to {amount(b[1], spec)} from "
                    f"{amount(a[1], spec)} in {_when(data, a[0])}.")
        elif -worst >= STEEP:
            out += f" That low came after {amount(a[1], spec)} in {_when(data, a[0])}."
    gaps = [_when(data, i) for i, v in enumerate(s.values) if v is None]
    if gaps:
        out += f" No figure for {_and(gaps)}."
    return out


_and = join_phrases  # one join for every generated list of names: never re-cases them


def _categories(spec: Chart, data: Dataset, s: Series, named: bool) -> str:
    pairs = [(i, v) for i, v in enumerate(s.values) if v is not None]
    lead = f"{s.name}: " if named else ""
    if len(pairs) <= LIST_ALL:
        listed = "; ".join(f"{data.labels[i]} {amount(v, spec)}" for i, v in pairs)
        out = f"{lead}{listed}."
    else:
        out = lead.rstrip(": ") + (". " if named else "")
    hi_i, hi_v = max(pairs, key=lambda p: (p[1], -p[0]))
    lo_i, lo_v = min(pairs, key=lambda p: (p[1], p[0]))
    if len(pairs) > 1:
        out += (f" Highest: {data.labels[hi_i]} ({amount(hi_v, spec)}); "
                f"lowest: {data.labels[lo_i]} ({amount(lo_v, spec)}).")
    missing = [data.labels[i] for i, v in enumerate(s.values) if v is None]
    if missing:
        out += f" No data for {_and(missing)}."
    return out.strip()


def describe(spec: Chart, data: Dataset, marks: Sequence[Mark] = (), *, kind: str | None = None) -> str:
    """The chart in sentences (``kind`` names a data map's drawing, e.g. "Map").

    >>> from atlaspress.content.model import Chart
    >>> from atlaspress.maps.charts.data import Series, When
    >>> c = Chart(file="e.csv", type="line", title="Workers", units="workers", source={"publisher": "P"})
    >>> d = Dataset("year", ("2005", "2006"), (When(2005), When(2006)), (Series("Workers", (6013.0, 11160.0)),), None)
    >>> describe(c, d)
    'Line chart: Workers, in workers. The figure rose from 6,013 workers in 2005 to 11,160 workers in 2006.'
    """
    name = kind or {
        "line": "Line chart", "area": "Area chart", "column": "Column chart", "stacked-column": "Stacked column chart",
        "grouped-column": "Grouped column chart", "bar": "Bar chart", "dot-plot": "Dot plot", "table": "Table",
        "choropleth": "Map", "symbols": "Map",
    }[spec.type]
    head = (f"{name}: {spec.title}" + (f" ({spec.subtitle.rstrip('.')})" if spec.subtitle else "")
            + f", in {spec.units}.")
    named = len(data.series) > 1
    parts = [head]
    for s in data.series:
        parts.append(_series_sentence(spec, data, s, named) if data.dates else _categories(spec, data, s, named))
    if marks and data.dates:
        end = data.dates[-1].end
        inside = [m for m in marks if m.start < end]
        after = [m for m in marks if m.start >= end]
        if inside:
            parts.append("Marked on the chart: " + "; ".join(f"{m.when}: {_lower(m.full)}" for m in inside) + ".")
        if after:
            parts.append(f"After the last figure ({data.dates[-1].human()}): "
                         + "; ".join(f"{m.when}: {_lower(m.full)}" for m in after) + ".")
    return " ".join(parts)


def _lower(text: str) -> str:
    return text.rstrip(".")
