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
from atlaspress.maps.svg import escape, fmt
from atlaspress.maps.textsize import text_width

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


@dataclass(frozen=True)
class _Box:
    """A label's room above the plot: ``a``–``b`` across, rows ``row`` to ``row + n``; a dated
    line (``line`` is its x) runs from under its label down to the plot."""

    a: float
    b: float
    row: int
    n: int
    line: float | None

    def clashes(self, other: _Box) -> bool:
        pad = 6.0
        if self.row < other.row + other.n and other.row < self.row + self.n and self.a < other.b + pad \
                and other.a < self.b + pad:
            return True  # two labels on one row
        return _crosses(other.line, other.row + other.n, self) or _crosses(self.line, self.row + self.n, other)


def _crosses(line: float | None, below: int, box: _Box) -> bool:
    """Whether a dated line, drawn from row ``below`` down, runs through ``box``'s words."""
    return line is not None and box.a - 3 <= line <= box.b + 3 and box.row + box.n > below


def place_labels(marks: Sequence[Mark], x_of: Callable[[float], float], x0: float, x1: float,
                 size: float) -> tuple[list[PlacedLabel], int]:
    """Stack the labels in rows above the plot so that none overlaps another and no dated
    line runs through another mark's words; returns them and the number of rows used.

    Each label may sit right or left of its line (a band's label over its middle) on any row;
    the marks are placed in date order and, when that cannot avoid a clash (a late event whose
    long label spans an earlier line), latest first; the arrangement with no clash and the
    fewest rows wins. If none avoids every clash, the date-order one is drawn.
    """
    best: tuple[bool, int, int, list[PlacedLabel]] | None = None
    for rank, order in enumerate((list(marks), list(reversed(marks)))):
        clean, rows, placed = _place(order, x_of, x0, x1, size)
        candidate = (not clean, rows, rank, placed)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    if best is None:
        return [], 0
    by_mark = {id(p.mark): p for p in best[3]}
    return [by_mark[id(m)] for m in marks], best[1]


def _place(marks: Sequence[Mark], x_of: Callable[[float], float], x0: float, x1: float,
           size: float) -> tuple[bool, int, list[PlacedLabel]]:
    boxes: list[_Box] = []
    out: list[PlacedLabel] = []
    clean = True
    rows = 0
    for m in marks:
        x = x_of(m.start if m.end is None else (m.start + m.end) / 2)
        lines = tuple(wrap(m.label, size, min(LABEL_MAX_WIDTH, (x1 - x0) * 0.48))[:3])
        w = max(text_width(line, size) for line in lines)
        sides: list[tuple[str, float, float]] = []
        if m.end is None:
            right, left = ("start", x + 4, x + 4 + w), ("end", x - 4 - w, x - 4)
            sides = [s for s in (right, left) if s[1] >= x0 - 1 and s[2] <= x1 + 1] or [right if x + 4 + w <= x1
                                                                                           else left]
        else:
            a, b = max(x0, min(x - w / 2, x1 - w)), max(x0, min(x - w / 2, x1 - w)) + w
            sides = [("middle", a, b)]
        line = x if m.end is None else None
        chosen: tuple[str, float, float, int] | None = None
        for row in range(MAX_ROWS - len(lines) + 1):
            for anchor, a, b in sides:
                if not any(_Box(a, b, row, len(lines), line).clashes(o) for o in boxes):
                    chosen = (anchor, a, b, row)
                    break
            if chosen:
                break
        if chosen is None:
            clean = False
            chosen = (*sides[0], 0)
        anchor, a, b, row = chosen
        boxes.append(_Box(a, b, row, len(lines), line))
        label_x = {"start": a, "end": b, "middle": (a + b) / 2}[anchor]
        out.append(PlacedLabel(m, lines, row, label_x, anchor))
        rows = max(rows, row + len(lines))
    return clean, rows, out


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
