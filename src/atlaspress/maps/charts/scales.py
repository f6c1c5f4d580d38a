"""Scales, ticks and number formats: where a value goes and how it is written.

Ticks are "nice" (1, 2 or 5 × 10ⁿ) so axes read at a glance; a value axis of a bar,
column or area chart always includes zero (:func:`value_domain`), and one that does not
(a line chart with ``zero: false``) is flagged so the axis draws a break.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MINUS = "\u2212"  # a real minus sign in text, as typesetters print it


def nice_step(span: float, count: int) -> float:
    """A 1-2-5 step that cuts ``span`` into about ``count`` intervals.

    >>> nice_step(54988, 5), nice_step(1.2, 4), nice_step(0, 5)
    (10000.0, 0.2, 1.0)
    """
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    error = raw / power  # 1 ≤ error < 10: round to the nearest of 1, 2, 5, 10 (as d3 does)
    m = 10 if error >= math.sqrt(50) else 5 if error >= math.sqrt(10) else 2 if error >= math.sqrt(2) else 1
    return float(m * power)


@dataclass(frozen=True)
class Linear:
    """Maps ``domain`` (values) onto ``range`` (pixels), either way round."""

    d0: float
    d1: float
    r0: float
    r1: float

    def __call__(self, value: float) -> float:
        if self.d1 == self.d0:
            return (self.r0 + self.r1) / 2
        return self.r0 + (value - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)


@dataclass(frozen=True)
class ValueAxis:
    """The value axis: its domain, its ticks and whether it starts away from zero."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    broken: bool  # the axis does not reach zero: draw a visible break


def value_domain(values: list[float], *, zero: bool, count: int = 5) -> ValueAxis:
    """Nice bounds and ticks for ``values``; with ``zero`` the axis always holds 0.

    >>> value_domain([6013, 54988], zero=True).ticks
    (0.0, 10000.0, 20000.0, 30000.0, 40000.0, 50000.0, 60000.0)
    >>> value_domain([70, 80], zero=False).broken
    True
    """
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    if zero:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if lo == hi:
        lo, hi = (lo - 1, hi + 1) if lo else (0.0, 1.0)
    step = nice_step(hi - lo, count)
    n_lo, n_hi = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    if zero:
        n_lo, n_hi = min(n_lo, 0.0), max(n_hi, 0.0)
    ticks = []
    k = 0
    while n_lo + k * step <= n_hi + step * 1e-9:
        ticks.append(round(n_lo + k * step, 10) + 0.0)
        k += 1
    return ValueAxis(n_lo, n_hi, tuple(ticks), broken=n_lo > 0 or n_hi < 0)


def year_ticks(start: float, end: float, max_ticks: int) -> tuple[int, ...]:
    """Whole years between ``start`` and ``end``, every 1, 2, 5, 10 … years.

    >>> year_ticks(2005, 2016, 6)
    (2006, 2008, 2010, 2012, 2014)
    """
    first, last = math.ceil(start - 1e-9), math.floor(end - 1e-9)
    if last < first:
        return (first,)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        years = [y for y in range(first, last + 1) if y % step == 0]
        if len(years) <= max_ticks:
            return tuple(years) or (first,)
    return (first,)


def format_number(value: float, fmt: str = ",", *, step: float | None = None) -> str:
    """Write ``value`` the way the chart's ``format`` says (``,`` ``.1`` ``,.2`` ``%`` ``.1%``).

    Without decimals in ``fmt``, a value that is not whole shows the decimals it needs (up to
    two), and ``step`` (a tick interval) asks for as many as the ticks need.

    >>> format_number(54988), format_number(14.9), format_number(-3.25, ",.1"), format_number(0.253, ".0%")
    ('54,988', '14.9', '−3.2', '25%')
    >>> format_number(2.5, ",", step=0.5), format_number(563.3, "")
    ('2.5', '563.3')
    """
    percent = fmt.endswith("%")
    body = fmt[:-1] if percent else fmt
    comma = body.startswith(",")
    decimals_text = body[1:] if comma else body
    if percent:
        value *= 100
        step = step * 100 if step is not None else None
    if decimals_text.startswith("."):
        decimals = int(decimals_text[1:])
    elif step is not None:
        decimals = _decimals_for(step)
    else:
        decimals = next((d for d in range(3) if abs(round(value, d) - value) < 1e-9), 2)
    text = f"{abs(value):{',' if comma else ''}.{decimals}f}"
    negative = round(value, decimals) < 0
    return (MINUS if negative else "") + text + ("%" if percent else "")


def _decimals_for(step: float) -> int:
    for d in range(4):
        if abs(round(step, d) - step) < 1e-9:
            return d
    return 3
