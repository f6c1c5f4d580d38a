"""Checking a chart's columns: numbers, dates and units, each refusal located in the CSV."""

from __future__ import annotations

import pytest

from atlaspress.core.errors import ContentError
from atlaspress.maps.charts.data import When, dataset, parse_number

from .cases import PRODUCTION, WORKERS, chart, table


def _error(spec, text: str) -> str:
    with pytest.raises(ContentError) as info:
        dataset(spec, table(text, "employment.csv"))
    return info.value.diagnostic.format()


@pytest.mark.parametrize(("text", "value"), [
    ("54,988", (54988.0, None)), ("6013", (6013.0, None)), ("1 234", (1234.0, None)), ("-3.5", (-3.5, None)),
    ("−3.5", (-3.5, None)), ("$14.9", (14.9, "$")), ("US$ 14.9", (14.9, "$")), ("12.5%", (12.5, "%")),
    ("€3", (3.0, "€")), ("", (None, None)), ("n/a", (None, None)), ("–", (None, None)), (".5", (0.5, None)),
])
def test_numbers_as_people_write_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["54.988,5", "1234,567", "about 5", "5 workers", "1e6", "0x10", "12,5"])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_dates_keep_their_precision():
    assert When.parse("2013") == When(2013) and When.parse("2013-04") == When(2013, 4)
    assert When.parse("2016-02-10").human() == "10 February 2016"
    assert When.parse("2016-02-30") is None and When.parse("2016-13") is None and When.parse("16") is None
    assert When(2015).start == 2015.0 and When(2015).end == 2016.0
    assert 2013.24 < When(2013, 4).start < 2013.25


def test_time_series_sorted_by_date():
    text = "Year,Workers\n2007,3\n2005,1\n2006,2\n"
    data = dataset(chart(type="line"), table(text))
    assert data.labels == ("2005", "2006", "2007") and data.series[0].values == (1.0, 2.0, 3.0)


def test_default_columns_and_missing_values():
    data = dataset(chart(type="column"), table("Year,A,B\n2005,1,\n2006,,4\n"))
    assert [s.name for s in data.series] == ["A", "B"]
    assert data.series[1].values == (None, 4.0)


@pytest.mark.parametrize(("spec", "text", "expected"), [
    (chart(type="line"), WORKERS.replace('"53,448"', '"53,44x"'),
     "employment.csv:9:6: error[chart]: '53,44x' in column 'North Korean workers' is not a number\n"
     "  hint: write the number alone (54,988 or 14.9), a unit sign at most ($14.9, 12%); notes go in `notes`"),
    (chart(type="line", units="US$ million"), PRODUCTION.replace("223.8", '"223,8"'),
     "employment.csv:10:6: error[chart]: '223,8' in column 'Production' is not a number\n"
     "  hint: write numbers with a decimal point and, if you like, commas between thousands: 54,988.5"),
    (chart(type="line"), WORKERS.replace("2009,", "2009-13,"),
     "employment.csv:6:1: error[chart]: '2009-13' is not a date, and a line or area chart need dates in column "
     "'Year'\n  hint: write dates as YYYY, YYYY-MM or YYYY-MM-DD; for categories use a column chart"),
    (chart(type="column", columns=["Workers"]), WORKERS,
     "employment.csv:1:1: error[chart]: no column 'Workers' for the chart's `columns`; the columns are 'Year', "
     "'North Korean workers'\n  hint: name a column of the first line exactly, capitals and spaces included"),
    (chart(type="column", x="year"), WORKERS,
     "employment.csv:1:1: error[chart]: no column 'year' for the chart's `x`; the columns are 'Year', "
     "'North Korean workers'\n  hint: did you mean 'Year'?"),
    (chart(type="column", units="US$ million"), "Year,Production\n2005,$14.9\n2006,12%\n",
     "employment.csv:3:6: error[chart]: unit mismatch: '12%' is one of percentages, but column 'Production' "
     "holds dollar amounts (line 2)\n  hint: write every value of a column in the same unit, or none"),
    (chart(type="column", units="%"), "Year,A,B\n2005,1%,$2\n",
     "employment.csv:1:8: error[chart]: unit mismatch: column 'B' holds dollar amounts, column 'A' percentages\n"
     "  hint: a chart plots one unit: make a chart per unit"),
    (chart(type="column", units="workers"), "Year,Share\n2005,12%\n",
     "employment.csv:1:6: error[chart]: unit mismatch: the cells are percentages, but `units` is 'workers'\n"
     '  hint: write `units: "%"`, or remove the % signs from the cells'),
    (chart(type="column", units="million"), "Year,Output\n2005,$12\n",
     "employment.csv:1:6: error[chart]: unit mismatch: the cells are dollar amounts, but `units` is 'million'\n"
     '  hint: write `units` with $ in it, e.g. "$ million"'),
    (chart(type="column"), "Year,Workers\n2005,1\n2005,2\n",
     "employment.csv:3:1: error[chart]: '2005' appears twice in column 'Year' (first on line 2)\n"
     "  hint: each row is one category or date; add the two rows up or remove one"),
    (chart(type="column"), "Year,Workers\n2005,\n2006,\n",
     "employment.csv:1:6: error[chart]: column 'Workers' has no numbers\n"
     "  hint: fill in its values, or leave it out of `columns`"),
    (chart(type="stacked-column"), "Sector,A,B\nx,1,-2\n",
     "employment.csv:2:5: error[chart]: a stacked column cannot stack a negative value\n"
     "  hint: use a grouped column chart for values below zero"),
    (chart(type="column"), "Year\n2005\n",
     "employment.csv:1:1: error[chart]: the file has one column: nothing to plot\n"
     "  hint: add a column of numbers after the categories or dates"),
    (chart(type="column"), "Year,Workers\n,5\n",
     "employment.csv:2:1: error[chart]: the 'Year' cell is empty\n"
     "  hint: every row needs its category, date or key"),
])
def test_located_errors(spec, text, expected):
    assert _error(spec, text) == expected
