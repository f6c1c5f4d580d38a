"""End to end: the interactive maps (post, embed, world) in headless Chromium.

MapLibre draws with WebGL through SwiftShader here; every test waits for the map's first
``idle`` event, which map-app.js exposes as ``data-state="ready"`` on the map's box.
"""

from __future__ import annotations

import pytest

from atlaspress.app.build import build_site

from ..conftest import CONFIG, post_text
from .conftest import screenshot, screenshot_path, served

pytestmark = pytest.mark.browser

KAESONG = "places/kaesong-industrial-zone/"
# Anything only the interactive map needs: none of it may load before the reader asks.
MAP_ONLY = (
    "maplibre-gl",
    "map-app",
    "basemap",
    "post-style",
    "world-style",
    "map.geojson",
    "places.geojson",
)
RENDERED_LAYERS = """() => [...new Set(window.__atlaspressMap
    .queryRenderedFeatures({layers: ['post-fill', 'post-line', 'post-line-dashed', 'post-point']})
    .map(f => f.properties.layer + ':' + f.layer.id))]"""


def map_requests(rec) -> list[str]:
    return [u for u in rec.requests if any(name in u for name in MAP_ONLY)]


def wait_ready(page, scope: str = "") -> None:
    page.wait_for_selector(f'{scope} [data-atlas-map][data-state="ready"]'.strip(), timeout=60_000)


def open_kaesong_map(open_page, demo_url):
    rec = open_page()
    page = rec.page
    page.goto(demo_url + KAESONG)
    page.locator("#map").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert map_requests(rec) == [], "map files were fetched before the reader asked"
    page.get_by_role("button", name="Explore the map").click()
    wait_ready(page, "#map")
    return rec


def test_kaesong_map_loads_only_when_asked_and_draws_the_layers(open_page, demo_url):
    rec = open_kaesong_map(open_page, demo_url)
    page = rec.page
    fetched = map_requests(rec)
    assert any("maplibre-gl" in u and u.endswith(".js") for u in fetched)
    assert any(u.endswith("basemap.geojson") for u in fetched)
    drawn = page.evaluate(RENDERED_LAYERS)
    assert "zone:post-fill" in drawn  # the industrial zone polygon
    assert "mdl:post-line-dashed" in drawn  # the demarcation line, dashed as a line of control
    assert "crossings:post-point" in drawn
    # The view fits the layers: Kaesong, not the whole peninsula.
    assert page.evaluate("window.__atlaspressMap.getZoom()") > 9
    page.locator("#map .webmap").screenshot(path=str(screenshot_path("kaesong-map")))
    assert page.locator("#map .maplibregl-ctrl-attrib").inner_text().count("Natural Earth") == 1
    assert rec.foreign_requests() == []


def test_keyboard_opens_and_closes_popups(open_page, demo_url):
    rec = open_kaesong_map(open_page, demo_url)
    page = rec.page
    canvas = page.locator("#map canvas.maplibregl-canvas")
    assert canvas.get_attribute("tabindex") == "0"
    canvas.focus()
    page.keyboard.press("Enter")
    popup = page.locator("#map .maplibregl-popup")
    popup.wait_for(state="visible")
    first = popup.inner_text()
    names = page.locator("#map .feature__name").all_inner_texts()
    assert any(name in first for name in names + ["Kaesong Industrial Region"])
    page.keyboard.press("Enter")  # the next feature nearest the centre
    page.wait_for_function(
        "t => document.querySelector('#map .maplibregl-popup').innerText !== t", arg=first
    )
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    # +/- zoom and arrows pan (MapLibre's keyboard handler on the focused canvas).
    zoom = page.evaluate("window.__atlaspressMap.getZoom()")
    page.keyboard.press("Equal")
    page.wait_for_function(f"window.__atlaspressMap.getZoom() > {zoom} + 0.5")
    screenshot(page, "kaesong-map-keyboard")
    assert rec.foreign_requests() == []


def test_layer_toggle_hides_a_layer(open_page, demo_url):
    rec = open_kaesong_map(open_page, demo_url)
    page = rec.page
    page.locator('#map input[data-map-toggle][value="mdl/"]').uncheck()
    page.wait_for_function("!window.__atlaspressMap.isMoving() && window.__atlaspressMap.loaded()")
    page.wait_for_timeout(200)
    drawn = page.evaluate(RENDERED_LAYERS)
    assert "mdl:post-line-dashed" not in drawn and "zone:post-fill" in drawn


def test_map_section_without_javascript_lists_the_features(open_page, demo_url):
    rec = open_page(javascript=False)
    page = rec.page
    page.goto(demo_url + KAESONG)
    section = page.locator("#map")
    assert not page.get_by_role("button", name="Explore the map").is_visible()
    assert section.locator(".feature").count() >= 7
    assert "Dorasan station" in section.inner_text()
    assert section.locator('a[href="map.geojson"]').first.is_visible()
    assert map_requests(rec) == []


def test_embed_page_loads_the_map_at_once(open_page, demo_url):
    rec = open_page(width=800, height=500)
    page = rec.page
    page.goto(demo_url + "embed/kaesong-industrial-zone/")
    wait_ready(page)
    assert "mdl:post-line-dashed" in page.evaluate(RENDERED_LAYERS)
    box = page.locator("canvas.maplibregl-canvas").bounding_box()
    assert box["width"] >= 780 and box["height"] >= 350  # fills the frame
    screenshot(page, "embed-kaesong")
    assert rec.foreign_requests() == []


def test_embed_code_is_offered_on_the_post(open_page, demo_url):
    rec = open_page()
    page = rec.page
    page.goto(demo_url + KAESONG)
    page.locator("#map summary", has_text="Embed this map").click()
    code = page.locator("#map textarea[data-embed-code]").input_value()
    assert code.startswith('<iframe src="https://example.org/embed/kaesong-industrial-zone/"')
    assert page.get_by_role("button", name="Copy embed code").is_visible()


WORLD_COUNT = """() => {
  const seen = new Map();
  const layers = ['places-point', 'places-cluster'];
  for (const f of window.__atlaspressMap.queryRenderedFeatures({layers})) {
    const key = f.properties.cluster ? 'cluster-' + f.properties.cluster_id : f.properties.slug;
    seen.set(key, f.properties.point_count || 1);
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}"""


def test_world_map_shows_every_place_and_a_click_navigates(open_page, demo_url):
    rec = open_page()
    page = rec.page
    page.goto(demo_url + "world/")
    wait_ready(page)
    assert page.evaluate(WORLD_COUNT) == 7
    assert page.locator(".places-index .place-list li").count() == 7
    screenshot(page, "world-map")
    target = page.evaluate("""() => {
      const m = window.__atlaspressMap, c = m.getCanvas().getBoundingClientRect();
      const f = m.queryRenderedFeatures({layers: ['places-point']})
        .map(f => ({slug: f.properties.slug, p: m.project(f.geometry.coordinates)}))
        .find(o => o.p.x > 20 && o.p.y > 20 && o.p.x < c.width - 60 && o.p.y < c.height - 20);
      return {slug: f.slug, x: c.left + f.p.x, y: c.top + f.p.y};
    }""")
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url(f"**/places/{target['slug']}/")
    assert rec.foreign_requests() == []


def test_home_world_map_waits_for_the_reader(open_page, demo_url):
    rec = open_page()
    page = rec.page
    page.goto(demo_url)
    page.locator("#places").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert map_requests(rec) == []
    assert page.locator("#places svg.world-svg a").count() == 7  # the no-JS map links every post
    page.get_by_role("button", name="Explore the world map").click()
    wait_ready(page, "#places")
    # The home map is small: show the whole world first, so no place sits outside the canvas.
    page.evaluate("""() => new Promise(done => {
      const m = window.__atlaspressMap;
      m.once('idle', done);
      m.fitBounds([[-179, -60], [179, 84]], {animate: false, padding: 10});
    })""")
    assert page.evaluate(WORLD_COUNT) == 7
    assert rec.foreign_requests() == []


@pytest.fixture
def visible_site_url(make_site, tmp_path):
    config = CONFIG + '\n[map]\nload = "visible"\n'
    long_body = "\n\n".join(["A paragraph to scroll past."] * 80)
    site = make_site({"kaesong": post_text().replace("Body of Kaesong.", long_body)}, config=config)
    out = tmp_path / "public"
    result = build_site(site, out)
    assert result.written
    with served(out) as url:
        yield url


def test_map_loads_when_scrolled_into_view_if_configured(open_page, visible_site_url):
    rec = open_page(width=1280, height=700)
    page = rec.page
    page.goto(visible_site_url + "places/kaesong/")
    page.wait_for_load_state("networkidle")
    assert map_requests(rec) == []
    page.locator("#map").scroll_into_view_if_needed()
    wait_ready(page, "#map")
    assert rec.foreign_requests() == []
