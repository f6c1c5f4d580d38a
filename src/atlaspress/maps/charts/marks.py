"""Dated lines and bands on a time-series chart: the author's annotations and the post's events.

``events: true`` marks every event of the post's timeline that falls in the chart's span;
``events: [2013-04, 2016-02-10]`` marks those events, and widens the span to show them
(a closure after the last figure is part of the story). The label is the event's text up
to its first ``;`` (the timeline keeps the rest), wrapped above the plot where it cannot
cover a mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from atlaspress.content.model import Chart, Event
from atlaspress.maps.locator.labels import text_width
from atlaspress.maps.svg import escape, fmt

from .data import Dataset, When
from .frame import Frame, text, wrap
from .palette import HIGHLIGHT, INK

LABEL_MAX_WIDTH = 150.0
MAX_ROWS = 6


@dataclass(frozen=True)
class Mark:
    """A line (``end is None``) or a band on the time axis, in decimal years."""

    start: float
    end: float | None
    label: str  # drawn on the chart
    full: str  # said in the description and the tooltip
    when: str  # as a person reads the date: "April 2013", "2013–2014"


def _plain(markdown: str) -> str:
    """Inline Markdown to plain text: links keep their words, emphasis marks go."""
    text_ = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text_).strip()


def _short(text_: str) -> str:
    return re.split(r";|\s[—–]\s|:\s", text_, maxsplit=1)[0].strip().rstrip(".")


def _short_date(w: When) -> str:
    """``Apr 2013``, ``Feb 2016``, ``2008``: a date as short as a chart label wants it."""
    import calendar

    return f"{calendar.month_abbr[w.month]} {w.year}" if w.month else str(w.year)


def collect_marks(spec: Chart, data: Dataset, events: Sequence[Event]) -> list[Mark]:
    """The marks a chart draws: its annotations, then the events it asks for, by date."""
    marks: list[Mark] = []
    for a in spec.annotations:
        if a.when:
            w = When.parse(a.when)
            if w is not None:
                marks.append(Mark(w.start, None, a.label, a.label, w.human()))
        else:
            f, t = When.parse(a.from_ or ""), When.parse(a.to or "")
            if f is not None and t is not None:
                marks.append(Mark(f.start, t.end, a.label, a.label, f"{f.human()} to {t.human()}"))
    if spec.events and data.dates:
        lo, hi = data.dates[0].start, data.dates[-1].end
        wanted = set(spec.events) if isinstance(spec.events, list) else None
        for event in events:
            w = When.parse(event.when)
            if w is None:
                continue
            if wanted is not None and event.when not in wanted:
                continue
            if wanted is None and not lo <= w.start <= hi:
                continue
            plain = _plain(event.what)
            marks.append(Mark(w.start, None, f"{_short_date(w)}: {_short(plain)}", plain, w.human()))
    return sorted(marks, key=lambda m: (m.start, m.label))


def span(data: Dataset, marks: Sequence[Mark]) -> tuple[float, float]:
    """The time axis: the data's first to last period, widened to hold every mark."""
    assert data.dates is not None
    lo, hi = data.dates[0].start, data.dates[-1].end
    for m in marks:
        lo, hi = min(lo, m.start), max(hi, m.end if m.end is not None else m.start)
    return lo, hi


@dataclass(frozen=True)
class PlacedLabel:
    mark: Mark
    lines: tuple[str, ...]
    row: int
    x: float
    anchor: str


def place_labels(marks: Sequence[Mark], x_of: Callable[[float], float], x0: float, x1: float,
                 size: float) -> tuple[list[PlacedLabel], int]:
    """Stack the labels in rows above the plot so none overlaps another; returns them and
    the number of rows used."""
    placed: list[tuple[PlacedLabel, float, float]] = []
    rows = 0
    for m in marks:
        x = x_of(m.start if m.end is None else (m.start + m.end) / 2)
        lines = tuple(wrap(m.label, size, min(LABEL_MAX_WIDTH, (x1 - x0) * 0.48))[:3])
        w = max(text_width(line, size) for line in lines)
        if m.end is None:
            anchor, a, b = ("start", x + 4, x + 4 + w) if x + 4 + w <= x1 else ("end", x - 4 - w, x - 4)
        else:
            anchor, a, b = "middle", x - w / 2, x + w / 2
            if a < x0:
                anchor, a, b = "start", x0, x0 + w
            elif b > x1:
                anchor, a, b = "end", x1 - w, x1
        row = 0
        while any(r.row < row + len(lines) and row < r.row + len(r.lines) and a < pb + 6 and pa < b + 6
                  for r, pa, pb in placed):
            row += 1
        if row + len(lines) > MAX_ROWS:
            row = 0
        label_x = {"start": a, "end": b, "middle": (a + b) / 2}[anchor]
        placed.append((PlacedLabel(m, lines, row, label_x, anchor), a, b))
        rows = max(rows, row + len(lines))
    return [p for p, _, _ in placed], rows


def draw_marks(frame: Frame, labels: list[PlacedLabel], x_of: Callable[[float], float],
               label_top: float) -> tuple[list[str], list[str]]:
    """``(under, over)``: bands go under the data, lines and labels over it."""
    size = frame.variant.small
    row_h = size * 1.25
    under, over = [], []
    for p in labels:
        m = p.mark
        top = label_top + (p.row + len(p.lines)) * row_h - size * 0.2
        title = f"<title>{escape(m.when)}: {escape(m.full)}</title>"
        if m.end is not None:
            xa, xb = x_of(m.start), x_of(m.end)
            under.append(f'<rect class="band" x="{fmt(xa)}" y="{fmt(frame.y0)}" width="{fmt(max(xb - xa, 1))}" '
                         f'height="{fmt(frame.y1 - frame.y0)}" fill="{HIGHLIGHT}" fill-opacity=".55">{title}</rect>')
        else:
            x = x_of(m.start)
            over.append(f'<path class="event" d="M{fmt(x)} {fmt(top)}V{fmt(frame.y1)}" stroke="{INK}" '
                        f'stroke-width="1" stroke-dasharray="3 2">{title}</path>')
        for i, line in enumerate(p.lines):
            over.append(text(p.x, label_top + (p.row + i + 1) * row_h - size * 0.3, line, size, anchor=p.anchor,
                             halo=True))
    return under, over
