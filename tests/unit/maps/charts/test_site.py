"""Charts in a built site: located errors skip only their post, markers place charts,
the CSV and SVG are published, feeds carry the chart as an image, a chart can be the card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlaspress.app.build import build_site
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report
from atlaspress.site.enrich import enrich_post
from atlaspress.site.entry import enriched_from_data, enriched_to_data
from tests.conftest import post_text

from .cases import WORKERS

CHART_POST = """\
---
title: Kaesong
date: 2022-09-01
summary: A summary.
place:
  name: Kaesong
  at: 37.93, 126.60
series: contentious-borders
events:
  - {{when: 2013-04, what: "North Korea withdraws its workers; the zone stands idle"}}
  - {{when: 2016-02-10, what: South Korea suspends all operations}}
charts:
  - file: employment.csv
    id: workers
    type: line
    title: North Korean workers
    units: workers
    events: {events}
    source: {{publisher: Ministry of Unification}}{extra}
---
{body}
"""


def chart_post(body: str = "Intro.\n\n{{< chart workers >}}\n\nAfter.", events: str = "true",
               extra: str = "") -> str:
    return CHART_POST.format(body=body, events=events, extra=extra)


def _site(make_site, post: str, csv: str = WORKERS, more: dict[str, str] | None = None) -> Path:
    files = {"content/places/x/employment.csv": csv, **(more or {})}
    return make_site({"good": post_text(title="Good place"), "x": post}, files=files)


def test_a_broken_csv_skips_its_post_with_a_located_error(make_site, chdir_tmp):
    _site(make_site, chart_post(), WORKERS.replace('"53,448"', '"53,44x"'))
    result = build_site(Path("site"), Path("out"))
    assert [d.format() for d in result.diagnostics] == [
        "site/content/places/x/employment.csv:9:6: error[chart]: '53,44x' in column 'North Korean workers' is "
        "not a number\n  hint: write the number alone (54,988 or 14.9), a unit sign at most ($14.9, 12%); notes "
        "go in `notes`"]
    assert result.written
    assert (chdir_tmp / "out/places/good/index.html").is_file()
    assert not (chdir_tmp / "out/places/x").exists()
    strict = build_site(Path("site"), Path("out-strict"), strict=True)
    assert strict.failed(strict=True) and not strict.written


@pytest.mark.parametrize(("post", "expected"), [
    (chart_post().replace("file: employment.csv", "file: jobs.csv"),
     "site/content/places/x/index.md:13:11: error[charts.0.file]: chart file 'jobs.csv' does not exist\n"
     "  hint: put jobs.csv in site/content/places/x"),
    (chart_post(events="[2013-05]"),
     "site/content/places/x/index.md:18:14: error[charts.0.events.0]: no event of the post is dated 2013-05\n"
     "  hint: did you mean '2013-04'?"),
    (chart_post().replace("type: line", "type: column\n    zero: false"),
     "site/content/places/x/index.md:13:5: error[charts.0]: a column chart starts at zero: bars and areas cut "
     "short mislead; remove `zero: false`"),
    (chart_post(extra="\n  - {file: employment.csv, id: workers, type: column, title: T, units: workers, "
                "source: {publisher: P}}"),
     "site/content/places/x/index.md:20:5: error[charts.1.id]: two charts have the id 'workers'\n"
     "  hint: give each chart its own `id:`; the body places it with {{< chart ID >}}"),
    (chart_post(extra="\n  - {file: employment.csv, id: map, type: symbols, join: {layer: zone}, title: T, "
                "units: workers, source: {publisher: P}}"),
     "site/content/places/x/index.md:20:66: error[charts.1.join.layer]: no layer has the id 'zone'\n"
     "  hint: add the layer under `layers:`"),
    (chart_post().replace("type: line", "type: lines"),
     "site/content/places/x/index.md:15:11: error[charts.0.type]: unknown value 'lines'\n"
     "  hint: did you mean 'line'? allowed: 'line', 'area', 'column', 'stacked-column', 'grouped-column', 'bar', "
     "'dot-plot', 'table', 'choropleth' or 'symbols'"),
])
def test_front_matter_problems_are_located(make_site, chdir_tmp, post, expected):
    _site(make_site, post)
    result = build_site(Path("site"), Path("out"))
    assert [d.format() for d in result.diagnostics] == [expected]
    assert (chdir_tmp / "out/places/good/index.html").is_file()


def _page(chdir_tmp: Path) -> str:
    return (chdir_tmp / "out/places/x/index.html").read_text(encoding="utf-8")


def test_events_true_marks_the_events_in_the_span(make_site, chdir_tmp):
    _site(make_site, chart_post())
    build_site(Path("site"), Path("out"))
    assert _page(chdir_tmp).count('<path class="event"') == 2  # 2013 only: 2016-02-10 is after the last year


def test_the_marker_places_the_chart_in_the_story(make_site, chdir_tmp):
    _site(make_site, chart_post(events="[2013-04, 2016-02-10]"))
    result = build_site(Path("site"), Path("out"))
    assert not result.report.items, [d.format() for d in result.diagnostics]
    html = _page(chdir_tmp)
    intro, after = html.index("<p>Intro.</p>"), html.index("<p>After.</p>")
    assert intro < html.index('<figure class="chart chart--line" id="chart-workers">') < after
    assert html.count('id="chart-workers"') == 1 and "chart-slot" not in html
    assert html.count('<path class="event"') == 4  # two events, wide and compact
    # The CSV is offered for download and published; the standalone SVG next to it.
    assert '<a href="employment.csv" download>Download the data (CSV, 179 bytes)</a>' in html
    assert (chdir_tmp / "out/places/x/employment.csv").read_text() == WORKERS
    assert (chdir_tmp / "out/places/x/chart-workers.svg").read_bytes().startswith(b"<?xml")


def test_an_unplaced_chart_comes_after_the_body(make_site, chdir_tmp):
    _site(make_site, chart_post(body="Only text.\n\n```\n{{< chart workers >}}\n```"))
    build_site(Path("site"), Path("out"))
    html = _page(chdir_tmp)
    assert "<code>{{&lt; chart workers &gt;}}\n</code>" in html  # code stays code
    assert html.index("Only text.") < html.index('<div class="charts-after"><figure class="chart chart--line"')


def test_a_marker_naming_no_chart_is_a_warning(make_site, chdir_tmp):
    _site(make_site, chart_post(body="Intro.\n\n{{< chart wrokers >}}\n\n{{< chart Workers >}}"))
    result = build_site(Path("site"), Path("out"))
    assert [d.format() for d in result.diagnostics] == [
        "site/content/places/x/index.md:23:1: warning[charts]: no chart has the id 'wrokers'\n"
        "  hint: did you mean 'workers'?",
        "site/content/places/x/index.md:25:1: warning[charts]: '{{< chart Workers >}}' is not a chart marker\n"
        "  hint: write the chart's id in lower case: {{< chart workers >}}",
    ]
    assert 'id="chart-workers"' in _page(chdir_tmp)  # placed after the body instead


def test_feeds_carry_the_chart_as_an_image(make_site, chdir_tmp):
    _site(make_site, chart_post())
    build_site(Path("site"), Path("out"))
    atom = (chdir_tmp / "out/feed.xml").read_text(encoding="utf-8")
    assert "&lt;img src=\"https://atlas.example/places/x/chart-workers.svg\" alt=\"Line chart: North Korean workers" \
        in atom
    feed = json.loads((chdir_tmp / "out/feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["url"].endswith("/places/x/"))
    assert '<img src="https://atlas.example/places/x/chart-workers.svg"' in item["content_html"]
    assert "<svg" not in item["content_html"]


def test_a_chart_can_be_the_social_card(make_site, chdir_tmp):
    _site(make_site, chart_post(extra="\n    card: true"))
    build_site(Path("site"), Path("out"))
    html = _page(chdir_tmp)
    assert '<meta property="og:image" content="https://atlas.example/places/x/card.png">' in html
    assert '<meta property="og:image:alt" content="Line chart: North Korean workers' in html
    png = (chdir_tmp / "out/places/x/card.png").read_bytes()
    assert png.startswith(b"\x89PNG") and png[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")
    other = (chdir_tmp / "out/places/good/card.png").read_bytes()
    assert png != other


def test_charts_survive_the_enrich_cache(make_site, chdir_tmp):
    site = _site(make_site, chart_post())
    config = load_config(site)
    content = load_site(site, config, Report())
    post = next(p for p in content.posts if p.slug == "x")
    enriched = enrich_post(post, config.title)
    assert enriched.charts and enriched.charts[0].svg
    card = enriched.locator.card_png if enriched.locator else None
    again = enriched_from_data(json.loads(json.dumps(enriched_to_data(enriched))), post, lambda digest: card)
    assert again.charts == enriched.charts


def test_the_csv_is_part_of_the_content_hash(make_site, chdir_tmp):
    site = _site(make_site, chart_post())
    config = load_config(site)
    before = next(p for p in load_site(site, config, Report()).posts if p.slug == "x").content_hash
    (site / "content/places/x/employment.csv").write_text(WORKERS.replace("54,988", "54,989"), encoding="utf-8")
    after = next(p for p in load_site(site, config, Report()).posts if p.slug == "x").content_hash
    assert before != after
