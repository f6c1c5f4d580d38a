"""Charts in real Chromium with JavaScript off: in place, readable at 390 px and 1280 px.

Screenshots go to test-artifacts/ (``charts-*.png``) to be looked at.
"""

from __future__ import annotations

import urllib.request

import pytest

from .conftest import screenshot_path

pytestmark = pytest.mark.browser

KAESONG = "places/kaesong-industrial-zone/"


@pytest.mark.parametrize(("width", "variant"), [(390, "compact"), (1280, "wide")])
def test_kaesong_charts_in_the_story(open_page, demo_url, width, variant):
    rec = open_page(width=width, height=900, javascript=False)
    page = rec.page
    page.goto(demo_url + KAESONG)
    for key in ("workers", "production"):
        figure = page.locator(f".post-body #chart-{key}")
        assert figure.count() == 1
        shown = figure.locator(f".chart__svg--{variant} svg[role=img]")
        other = "wide" if variant == "compact" else "compact"
        assert shown.is_visible() and not figure.locator(f".chart__svg--{other} svg").is_visible()
        box = shown.bounding_box()
        view_w = float(shown.get_attribute("viewBox").split()[2])
        assert box["width"] >= view_w * 0.9  # type drawn at 11-12 px stays at least 10 px on screen
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        # The 2013 and 2016 closures come from the post's events.
        assert shown.locator("path.event").count() == 2
        # The description is visible text, and the SVG points at it.
        description = figure.locator(".chart__description")
        assert description.is_visible()
        assert shown.get_attribute("aria-describedby") == description.get_attribute("id")
        # The data is one click away in a disclosure, closed at first.
        table = figure.locator("details.chart__data table")
        assert not table.is_visible()
        figure.locator("details.chart__data summary").click()
        assert table.is_visible()
        assert table.locator("tbody tr").count() == 11
        figure.locator(".chart__links").scroll_into_view_if_needed()
        figure.screenshot(path=str(screenshot_path(f"charts-kaesong-{key}-{width}")))
    # In the story: the workers chart follows the paragraph about the workforce.
    order = page.evaluate("() => [...document.querySelectorAll('.post-body > p, .post-body > figure')]"
                          ".map(e => e.id || e.textContent.slice(0, 20))")
    assert order.index("chart-workers") < order.index("chart-production")
    assert order.index("chart-workers") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert rec.foreign_requests() == []


def test_chart_csv_and_svg_download(open_page, demo_url):
    rec = open_page(javascript=False)
    rec.page.goto(demo_url + KAESONG)
    link = rec.page.locator("#chart-workers .chart__links a[download]")
    href = link.get_attribute("href")
    assert href == "employment.csv"
    with urllib.request.urlopen(demo_url + KAESONG + href) as response:  # noqa: S310 - the local test server
        assert response.read().decode().startswith("Year,North Korean workers")
    svg = rec.page.locator("#chart-workers .chart__links a", has_text="SVG").get_attribute("href")
    with urllib.request.urlopen(demo_url + KAESONG + svg) as response:  # noqa: S310
        assert response.read().startswith(b"<?xml")


@pytest.mark.parametrize("width", [390, 1280])
def test_kuril_data_map(open_page, demo_url, width):
    rec = open_page(width=width, height=900, javascript=False)
    rec.page.goto(demo_url + "places/kuril-islands/")
    figure = rec.page.locator("#chart-residents")
    variant = "compact" if width < 640 else "wide"
    svg = figure.locator(f".chart__svg--{variant} svg[role=img]")
    assert svg.is_visible()
    assert svg.locator("circle title").count() >= 4
    assert "Kunashir (Kunashiri) 7,364 residents" in figure.locator(".chart__description").inner_text()
    figure.screenshot(path=str(screenshot_path(f"charts-kuril-residents-{width}")))
    assert rec.page.evaluate("document.documentElement.scrollWidth") <= width
