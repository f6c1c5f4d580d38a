"""End to end: layers across the 180th meridian drawn where they are, in Chromium.

A small site with a post at Little Diomede (168.95 W) whose layer crosses 180° in the
jump form (179.2 E → 179.3 W), the form MapLibre used to draw the long way round the
world, and a second post at 179.9 E for the world map's edge.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from atlaspress.app.build import build_site

from ..conftest import CONFIG
from .conftest import screenshot, screenshot_path, served

pytestmark = pytest.mark.browser

POST = """\
---
title: {title}
date: 2023-01-05
summary: A place by the date line.
place:
  name: {title}
  at: {at}
  country: {country}
sources:
  - {{title: A source, url: "https://example.com/"}}
{layers}---
Body of {title}.
"""
LAYER = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "Across the line"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[179.2, 65.3], [-179.3, 65.3], [-179.3, 65.9], [179.2, 65.9], [179.2, 65.3]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"name": "Track"},
            "geometry": {
                "type": "LineString",
                "coordinates": [[178.5, 65.6], [179.6, 65.65], [-179.4, 65.7], [-178.2, 65.75]],
            },
        },
    ],
}
DIOMEDE_LON = -168.95


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("antimeridian")
    site = root / "site"
    (site / "content/places/diomede").mkdir(parents=True)
    (site / "content/places/taveuni").mkdir(parents=True)
    (site / "atlaspress.toml").write_text(CONFIG, encoding="utf-8")
    (site / "content/places/diomede/index.md").write_text(
        POST.format(title="Little Diomede", at="65.75 N, 168.95 W", country="US", layers="layers: [line.geojson]\n"),
        encoding="utf-8",
    )
    (site / "content/places/diomede/line.geojson").write_text(json.dumps(LAYER), encoding="utf-8")
    (site / "content/places/taveuni").joinpath("index.md").write_text(
        POST.format(title="Taveuni", at="16.85 S, 179.9 E", country="FJ", layers=""), encoding="utf-8"
    )
    out = root / "public"
    result = build_site(site, out)
    assert result.written and not result.report.errors, [d.format() for d in result.report.errors]
    with served(out) as url:
        yield url


def _ready(page, scope: str = "") -> None:
    page.wait_for_selector(f'{scope} [data-atlas-map][data-state="ready"]'.strip(), timeout=60_000)


# Each rendered feature's longitudes, moved near the place: their span and distance from it.
RENDERED = """([layers, lon]) => window.__atlaspressMap.queryRenderedFeatures({layers}).map(f => {
  const xs = [];
  (function walk(n) { if (typeof n[0] === 'number') xs.push(n[0]); else n.forEach(walk); })(f.geometry.coordinates);
  const near = xs.map(x => x + 360 * Math.round((lon - x) / 360));
  return {layer: f.layer.id, name: f.properties.name, west: Math.min(...near), east: Math.max(...near)};
})"""


def test_a_layer_across_180_is_drawn_beside_the_place(open_page, site_url):
    rec = open_page(width=1100, height=800)
    page = rec.page
    page.goto(site_url + "places/diomede/")
    data = json.loads(page.evaluate("() => fetch('map.geojson').then(r => r.text())"))
    shapes = [f["geometry"] for f in data["features"] if f["geometry"]["type"] != "Point"]
    xs = [p[0] for g in shapes for p in (g["coordinates"][0] if g["type"] == "Polygon" else g["coordinates"])]
    assert max(xs) - min(xs) < 5, xs  # the published source: one short span, beside the place
    page.get_by_role("button", name="Explore the map").click()
    _ready(page, "#map")
    drawn = page.evaluate(RENDERED, [["post-fill", "post-outline", "post-line"], DIOMEDE_LON])
    assert {d["layer"] for d in drawn} >= {"post-fill", "post-outline", "post-line"}, drawn
    for d in drawn:
        # Drawn the long way round, a 1.5° polygon would span 358.5°; tiles clip a little.
        assert d["east"] - d["west"] < 5, d
        assert d["west"] > DIOMEDE_LON - 15 and d["east"] < DIOMEDE_LON + 5, d
    view = page.evaluate("() => { const b = window.__atlaspressMap.getBounds(); "
                         "return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }")
    assert view[2] - view[0] < 40, view  # fitted to the layers and the place, not the whole world
    middle = (view[0] + view[2]) / 2
    for lon in (179.2, -179.3, DIOMEDE_LON):  # the layer's both sides and the place are all in view
        x = lon + 360 * round((middle - lon) / 360)
        assert view[0] < x < view[2], (lon, view)
    page.locator("#map .webmap").screenshot(path=str(screenshot_path("antimeridian-map")))
    assert rec.foreign_requests() == []


MARKERS = """() => {
  const m = window.__atlaspressMap, c = m.getCanvas(), w = c.clientWidth, centre = m.getCenter().lng;
  return m.queryRenderedFeatures({layers: ['places-point', 'places-cluster']}).map(f => {
    const [lon, lat] = f.geometry.coordinates;  // given within ±180: the copy drawn is the one in view
    const p = m.project([lon + 360 * Math.round((centre - lon) / 360), lat]);
    return {slug: f.properties.slug || 'cluster', x: p.x, width: w};
  });
}"""


def test_the_world_map_draws_markers_on_the_antimeridian_whole(open_page, site_url):
    rec = open_page(width=1100, height=800)
    page = rec.page
    page.goto(site_url + "world/")
    _ready(page)
    markers = page.evaluate(MARKERS)
    assert markers, "no marker drawn"
    for marker in markers:  # radius 7 and a 2 px stroke: whole means 9 px clear of both edges
        assert 9 <= marker["x"] <= marker["width"] - 9, markers
    config = json.loads(page.locator("[data-atlas-map]").get_attribute("data-atlas-map"))
    seam = config["bounds"][0]
    assert all(abs((seam - lon + 180) % 360 - 180) >= 6 for lon in (DIOMEDE_LON, 179.9)), seam
    screenshot(page, "antimeridian-world")
    # Close up on the Bering Strait: Chukotka is one coast, with no seam along 180°.
    page.evaluate("""() => new Promise(done => {
      const m = window.__atlaspressMap;
      m.once('idle', done);
      m.jumpTo({center: [-176, 65.5], zoom: 3.5});
    })""")
    page.locator("[data-atlas-map]").screenshot(path=str(screenshot_path("antimeridian-world-bering")))
    page.goto(site_url)  # the home page's static world map
    svg = page.locator("svg.world-svg")
    box = svg.bounding_box()
    for circle in svg.locator("circle").all():
        b = circle.bounding_box()
        assert box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"], (b, box)
    svg.screenshot(path=str(screenshot_path("antimeridian-home-svg")))
