"""The text description says the chart's real numbers: every number in it is in the CSV."""

from __future__ import annotations

import re

import pytest

from atlaspress.maps.charts import chart_figure
from atlaspress.maps.charts.data import dataset
from atlaspress.maps.charts.scales import format_number

from .cases import EVENTS, GOLDEN_CASES, PRODUCTION, WORKERS, chart, table

NUMBER = re.compile(r"(?<![\w.])[−-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def _numbers_in(text: str) -> list[str]:
    return NUMBER.findall(text)


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_every_number_in_the_description_comes_from_the_csv(name):
    spec, text = GOLDEN_CASES[name]
    t = table(text)
    if spec.is_map:
        pytest.skip("data maps have their own test")
    data = dataset(spec, t)
    fig = chart_figure(spec, t, events=EVENTS)
    allowed = {format_number(v, spec.format) for s in data.series for v in s.values if v is not None}
    allowed |= {label for label in data.labels}
    allowed |= {str(d.year) for d in data.dates or ()}
    allowed |= {str(day) for e in EVENTS for day in re.findall(r"\d+", e.when)}  # marked events' dates
    words = fig.description.split(": ", 1)[1]  # past the chart's type
    for name in (spec.title, spec.subtitle or "", *(s.name for s in data.series)):
        words = words.replace(name, "")  # the author's own words may hold numbers (a year in a title)
    said = _numbers_in(words)
    assert said, fig.description
    for number in said:
        assert number in allowed, f"{number} in {fig.description!r} is not in the CSV"


def test_kaesong_workers_in_words():
    spec = chart(type="line", title="North Korean workers at Kaesong", events=["2013-04", "2016-02-10"])
    fig = chart_figure(spec, table(WORKERS), events=EVENTS)
    assert fig.description == (
        "Line chart: North Korean workers at Kaesong, in workers. North Korean workers rose from 6,013 workers in "
        "2005 to 54,988 workers in 2015. Marked on the chart: April 2013: North Korea withdraws its workers; the "
        "zone stands idle for five months. After the last figure (2015): 10 February 2016: South Korea suspends "
        "all operations in the zone.")


def test_production_names_the_fall_of_2013():
    spec = chart(type="column", title="Production", units="US$ million", format=",.1")
    fig = chart_figure(spec, table(PRODUCTION))
    assert "rose from US$14.9 million in 2005 to US$563.3 million in 2015" in fig.description
    assert "The steepest fall came in 2013: to US$223.8 million from US$469.5 million in 2012." in fig.description


def test_categories_listed_with_highest_and_lowest():
    spec, text = GOLDEN_CASES["bar"]
    fig = chart_figure(spec, table(text))
    assert "Textiles 58.5%; Machinery and metal 19.5%" in fig.description
    assert "Highest: Textiles (58.5%); lowest: Other (4.1%)." in fig.description


def test_gaps_are_said():
    spec = chart(type="line")
    fig = chart_figure(spec, table("Year,Workers\n2005,1\n2006,\n2007,3\n"))
    assert "No figure for 2006." in fig.description


def test_the_table_holds_every_value():
    spec = chart(type="line")
    fig = chart_figure(spec, table(WORKERS))
    cells = re.findall(r'<td class="num">([^<]*)</td>', fig.table_html)
    assert cells == ["6,013", "11,160", "22,538", "38,931", "42,561", "46,284", "49,866", "53,448", "52,329",
                     "53,947", "54,988"]
    assert '<th scope="col">North Korean workers <span class="chart__unit">(workers)</span></th>' in fig.table_html
