"""From a CSV :class:`~.table.Table` and a chart's front matter to checked numbers and dates.

Every cell the chart uses is parsed here, and a cell that cannot be is a located error
naming the column: a number written ``54.988`` in a column of ``54,988``-style figures is
read as written (a decimal point), so the author is told when a cell carries a unit the
others do not (``12%`` among dollars) rather than having it plotted as 12 dollars.
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass

from atlaspress.content.model import Chart

from .table import Cell, Table

MISSING = {"", "-", "–", "—", "na", "n/a", "nan", "null", "none", ".."}
_NUMBER = re.compile(
    r"^(?P<sign>[-−+]?)\s*(?P<cur>US\$|\$|€|£|¥|₩|₩)?\s*(?P<num>\d{1,3}(?:[, ]\d{3})+|\d+)?(?P<frac>\.\d+)?"
    r"\s*(?P<unit>%)?$"
)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class When:
    """A date at the precision written: a year, a month or a day."""

    year: int
    month: int = 0  # 0: the whole year
    day: int = 0  # 0: the whole month

    @classmethod
    def parse(cls, text: str) -> When | None:
        m = _DATE.match(text.strip())
        if not m:
            return None
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if month and not 1 <= month <= 12:
            return None
        if day and not 1 <= day <= calendar.monthrange(year, month)[1]:
            return None
        return cls(year, month, day)

    @property
    def start(self) -> float:
        """Decimal year at the start of the period (2013-04 → 2013.247)."""
        days = 366 if calendar.isleap(self.year) else 365
        doy = sum(calendar.monthrange(self.year, m)[1] for m in range(1, self.month or 1))
        return self.year + (doy + max(self.day - 1, 0)) / days

    @property
    def end(self) -> float:
        """Decimal year at the end of the period (2015 → 2016.0)."""
        if not self.month:
            return self.year + 1.0
        days = 366 if calendar.isleap(self.year) else 365
        span = 1 if self.day else calendar.monthrange(self.year, self.month)[1]
        return self.start + span / days

    @property
    def mid(self) -> float:
        return (self.start + self.end) / 2

    def human(self) -> str:
        """``2016``, ``April 2013``, ``10 February 2016``."""
        if not self.month:
            return str(self.year)
        name = calendar.month_name[self.month]
        return f"{self.day} {name} {self.year}" if self.day else f"{name} {self.year}"


@dataclass(frozen=True)
class Series:
    """One plotted column: its name and a value (or ``None``: missing) per row."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Dataset:
    """The numbers a chart draws, in row order (dates ascending for a time series)."""

    x_name: str
    labels: tuple[str, ...]  # the first column as written
    dates: tuple[When, ...] | None  # when every label is a date
    series: tuple[Series, ...]
    unit: str | None  # a unit written in the cells: %, $ …

    @property
    def is_temporal(self) -> bool:
        return self.dates is not None


def parse_number(text: str) -> tuple[float | None, str | None] | None:
    """``(value, unit)`` for a cell, ``(None, None)`` when it is empty or marked missing, and
    ``None`` when it is not a number.

    >>> parse_number("54,988"), parse_number("$14.9"), parse_number("12.5%"), parse_number("n/a")
    ((54988.0, None), (14.9, '$'), (12.5, '%'), (None, None))
    >>> parse_number("54.988,5") is None
    True
    """
    t = text.strip()
    if t.lower() in MISSING:
        return None, None
    m = _NUMBER.match(t)
    if not m or not (m["num"] or m["frac"]):
        return None
    digits = (m["num"] or "0").replace(",", "").replace(" ", "") + (m["frac"] or "")
    value = float(digits)
    if m["sign"] in ("-", "−"):
        value = -value
    cur = m["cur"]
    unit = "%" if m["unit"] else ("$" if cur in ("US$", "$") else cur)
    return value, unit


def _column(table: Table, name: str, role: str) -> int:
    names = list(table.names)
    if name in names:
        return names.index(name)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    listed = ", ".join(repr(n) for n in names)
    raise table.error(
        table.header[0], f"no column {name!r} for the chart's {role}; the columns are {listed}",
        f"did you mean {close[0]!r}?" if close else "name a column of the first line exactly, "
        "capitals and spaces included",
    )


def _unit_name(unit: str | None) -> str:
    return {"%": "percentages", "$": "dollar amounts", None: "plain numbers"}.get(unit, f"{unit} amounts")


def dataset(spec: Chart, table: Table) -> Dataset:
    """Check and convert the columns ``spec`` plots; raises a located ContentError."""
    x_index = _column(table, spec.x, "`x`") if spec.x else 0
    wanted = list(spec.columns) or [n for i, n in enumerate(table.names) if i != x_index]
    if not wanted:
        raise table.error(table.header[0], "the file has one column: nothing to plot",
                          "add a column of numbers after the categories or dates")
    if spec.is_map and not spec.columns:
        wanted = wanted[:1]
    indexes = [_column(table, name, "`columns`") for name in wanted]
    if x_index in indexes:
        raise table.error(table.header[x_index], f"column {table.names[x_index]!r} is both `x` and a plotted column",
                          "name the categories or dates in `x` and the numbers in `columns`")
    labels = tuple(row[x_index].text for row in table.rows)
    for row in table.rows:
        if not row[x_index].text:
            raise table.error(row[x_index], f"the {table.names[x_index]!r} cell is empty",
                              "every row needs its category, date or key")
    seen: dict[str, Cell] = {}
    for row in table.rows:
        cell = row[x_index]
        if cell.text in seen:
            raise table.error(cell, f"{cell.text!r} appears twice in column {table.names[x_index]!r} "
                              f"(first on line {seen[cell.text].line})",
                              "each row is one category or date; add the two rows up or remove one")
        seen[cell.text] = cell
    dates: list[When] | None = None
    if not spec.is_map:
        parsed = [When.parse(label) for label in labels]
        if all(parsed):
            dates = [d for d in parsed if d is not None]
        elif spec.type in ("line", "area") or spec.annotations or spec.events:
            bad = next(row[x_index] for row, d in zip(table.rows, parsed, strict=True) if d is None)
            why = "a line or area chart" if spec.type in ("line", "area") else "annotations and events"
            raise table.error(bad, f"{bad.text!r} is not a date, and {why} need dates in column "
                              f"{table.names[x_index]!r}",
                              "write dates as YYYY, YYYY-MM or YYYY-MM-DD; for categories use a column chart")
    series = []
    units: dict[str | None, Cell] = {}
    for index in indexes:
        values: list[float | None] = []
        unit_cell: Cell | None = None
        unit: str | None = None
        for row in table.rows:
            cell = row[index]
            parsed_number = parse_number(cell.text)
            if parsed_number is None:
                raise table.error(cell, f"{cell.text!r} in column {table.names[index]!r} is not a number",
                                  _number_hint(cell.text))
            value, cell_unit = parsed_number
            if value is not None:
                if unit_cell is None:
                    unit_cell, unit = cell, cell_unit
                elif cell_unit != unit:
                    raise table.error(cell, f"unit mismatch: {cell.text!r} is one of {_unit_name(cell_unit)}, "
                                      f"but column {table.names[index]!r} holds {_unit_name(unit)} "
                                      f"(line {unit_cell.line})",
                                      "write every value of a column in the same unit, or none")
            values.append(value)
        if unit_cell is None:
            raise table.error(table.header[index], f"column {table.names[index]!r} has no numbers",
                              "fill in its values, or leave it out of `columns`")
        units.setdefault(unit, table.header[index])
        series.append(Series(table.names[index], tuple(values)))
    if len(units) > 1:
        (u1, c1), (u2, c2) = list(units.items())[:2]
        raise table.error(c2, f"unit mismatch: column {c2.text!r} holds {_unit_name(u2)}, column {c1.text!r} "
                          f"{_unit_name(u1)}", "a chart plots one unit: make a chart per unit")
    unit = next(iter(units))
    declared = spec.units.strip()
    if unit == "%" and declared not in ("%", "percent", "per cent") and "%" not in declared:
        raise table.error(next(iter(units.values())), f"unit mismatch: the cells are percentages, but `units` "
                          f"is {declared!r}", "write `units: \"%\"`, or remove the % signs from the cells")
    if unit not in (None, "%") and unit not in declared and not (unit == "$" and "dollar" in declared.lower()):
        raise table.error(next(iter(units.values())), f"unit mismatch: the cells are {_unit_name(unit)}, but "
                          f"`units` is {declared!r}", f"write `units` with {unit} in it, e.g. \"{unit} million\"")
    if spec.type in ("stacked-column",) and any(v is not None and v < 0 for s in series for v in s.values):
        cell = next(row[i] for i in indexes for row in table.rows
                    if (p := parse_number(row[i].text)) and p[0] is not None and p[0] < 0)
        raise table.error(cell, "a stacked column cannot stack a negative value",
                          "use a grouped column chart for values below zero")
    if spec.type == "symbols" and any(v is not None and v < 0 for s in series for v in s.values):
        cell = next(row[indexes[0]] for row in table.rows
                    if (p := parse_number(row[indexes[0]].text)) and p[0] is not None and p[0] < 0)
        raise table.error(cell, "a circle cannot be sized by a negative value", "use a choropleth for these values")
    order = list(range(len(labels)))
    if dates is not None:
        order.sort(key=lambda i: dates[i] if dates else i)
    return Dataset(
        x_name=table.names[x_index],
        labels=tuple(labels[i] for i in order),
        dates=tuple(dates[i] for i in order) if dates is not None else None,
        series=tuple(Series(s.name, tuple(s.values[i] for i in order)) for s in series),
        unit=unit,
    )


def _number_hint(text: str) -> str:
    if re.fullmatch(r"[-−]?\d{1,3}(\.\d{3})+(,\d+)?", text.strip()) or re.fullmatch(r"[-−]?\d+,\d{1,2}", text.strip()):
        return "write numbers with a decimal point and, if you like, commas between thousands: 54,988.5"
    if re.search(r"\d", text):
        return "write the number alone (54,988 or 14.9), a unit sign at most ($14.9, 12%); notes go in `notes`"
    return "leave the cell empty (or write n/a) for a missing value"
