"""Marks on the time axis, cut axes, tables, and data maps' joins and no-data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlaspress.core.errors import ContentError
from atlaspress.maps.charts import chart_figure
from atlaspress.maps.charts.data import dataset
from atlaspress.maps.charts.datamap import quantile_breaks
from atlaspress.maps.charts.html import page_figure
from atlaspress.maps.charts.marks import collect_marks, span

from .cases import COUNTRIES, EVENTS, WORKERS, chart, table

KURIL = Path(__file__).resolve().parents[4] / "examples" / "demo" / "content" / "places" / "kuril-islands"


def test_listed_events_widen_the_axis_and_true_keeps_to_the_span():
    data = dataset(chart(type="line"), table(WORKERS))
    listed = collect_marks(chart(type="line", events=["2013-04", "2016-02-10"]), data, EVENTS)
    assert [m.label for m in listed] == ["Apr 2013: North Korea withdraws its workers",
                                        "Feb 2016: South Korea suspends all operations in the zone"]
    assert span(data, listed)[1] > 2016.1
    within = collect_marks(chart(type="line", events=True), data, EVENTS)
    assert [m.when for m in within] == ["April 2013", "16 September 2013"]
    assert span(data, within) == (2005.0, 2016.0)


def test_annotations_draw_lines_and_bands():
    spec = chart(type="line", annotations=[{"when": "2008-12", "label": "Crossings tightened"},
                                           {"from": "2013-04", "to": "2013-09", "label": "Idle"}])
    fig = chart_figure(spec, table(WORKERS))
    assert fig.svg and fig.svg.count('class="band"') == 1 and fig.svg.count('class="event"') == 1
    assert "Crossings tightened" in fig.svg and ">Idle<" in fig.svg
    assert "Marked on the chart: December 2008: Crossings tightened; April 2013 to September 2013: Idle." \
        in fig.description


def test_a_line_away_from_zero_shows_the_break():
    fig = chart_figure(chart(type="line", zero=False), table("Year,Share\n2005,71\n2006,74\n2007,80\n"))
    assert fig.svg and 'class="axis-break"' in fig.svg and 'class="zero"' not in fig.svg
    full = chart_figure(chart(type="line"), table("Year,Share\n2005,71\n2006,74\n2007,80\n"))
    assert full.svg and 'class="axis-break"' not in full.svg and 'class="zero"' in full.svg


def test_a_table_chart_is_a_table():
    fig = chart_figure(chart(type="table", title="Workers"), table(WORKERS))
    assert fig.svg is None and fig.svg_compact is None
    html = page_figure(fig)
    assert '<div class="chart__data chart__data--open"><table><caption>Workers</caption>' in html
    assert "<svg" not in html and "<details" not in html


def test_author_text_is_escaped_everywhere():
    spec = chart(type="column", title="<script>alert(1)</script>", units="a&b")
    fig = chart_figure(spec, table('Kind,"<b>x</b>"\n"<img src=x>",1\n'))
    html = page_figure(fig)
    assert "<script>" not in html and "<img src=x>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;" in html


def test_choropleth_classes_and_no_data():
    assert quantile_breaks([1, 1, 1, 2, 5], 3) == [1.0, 2.0, 5.0]
    spec = chart(type="choropleth", units="places", classes=3)
    fig = chart_figure(spec, table(COUNTRIES))
    assert fig.svg and "url(#chart-" in fig.svg and ">No data<" in fig.svg
    assert fig.description.endswith("No data for Mongolia.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Country,Places\nKP,1\nXX,2\n", "data.csv:3:1: error[chart]: 'XX' is not an ISO 3166-1 country code\n"
     "  hint: write the two- or three-letter code, e.g. KR or KOR, or join to a layer with `join: {layer: …}`"),
])
def test_unknown_country_codes_are_located(text, expected):
    with pytest.raises(ContentError) as info:
        chart_figure(chart(type="choropleth"), table(text))
    assert info.value.diagnostic.format() == expected


def test_layer_keys_must_match_a_feature():
    features = json.loads((KURIL / "claimed-islands.geojson").read_text(encoding="utf-8"))["features"]
    spec = chart(type="symbols", join={"layer": "claimed", "by": "name"})
    with pytest.raises(ContentError) as info:
        chart_figure(spec, table("Island,People\nIturup,3608\n"), features=features)
    assert info.value.diagnostic.format() == (
        "data.csv:2:1: error[chart]: no feature of layer 'claimed' has name 'Iturup'\n"
        "  hint: did you mean 'Iturup (Etorofu)'?")
    fig = chart_figure(spec, table("Island,People\nShikotan,1038\n"), features=features)
    assert fig.description.endswith("No data for Iturup (Etorofu), Kunashir (Kunashiri), Habomai Islands.")


@pytest.mark.parametrize("width", ["svg", "svg_compact"])
def test_no_dated_line_runs_through_another_marks_label(width):
    """Kaesong's two closures: the 2016 label (wide, right-aligned at the end of the axis) once
    sat under the 2013 label, and the 2013 line ran down through its words."""
    from atlaspress.maps.charts.marks import place_labels
    from atlaspress.maps.charts.scales import Linear
    from atlaspress.maps.locator.labels import text_width

    data = dataset(chart(type="line"), table(WORKERS))
    marks = collect_marks(chart(type="line", events=["2013-04", "2016-02-10"]), data, EVENTS)
    lo, hi = span(data, marks)
    x0, x1 = 40.0, 624.0 if width == "svg" else 344.0
    xs = Linear(lo, hi, x0, x1)
    size = 11.0
    placed, rows = place_labels(marks, xs, x0, x1, size)
    assert rows <= 6
    for p in placed:
        w = max(text_width(line, size) for line in p.lines)
        a = {"start": p.x, "end": p.x - w, "middle": p.x - w / 2}[p.anchor]
        assert x0 - 1 <= a and a + w <= x1 + 1, p
        for q in placed:
            if q is p or q.mark.end is not None:
                continue
            line_x, line_from = xs(q.mark.start), q.row + len(q.lines)
            runs_through = a - 3 <= line_x <= a + w + 3 and p.row + len(p.lines) > line_from
            assert not runs_through, (p.mark.label, q.mark.label)
