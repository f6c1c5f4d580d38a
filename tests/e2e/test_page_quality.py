"""Every kind of page, as a reader sees it at 390 px and 1280 px: nothing overflows, no text is
cut, no two map labels collide (page_checks.js); zero axe violations; zero vnu errors.

Screenshots of each page kind are saved in test-artifacts/ (git-ignored) to look at.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT
from .conftest import screenshot

pytestmark = pytest.mark.browser

NODE = ROOT / "frontend" / "node_modules"
CHECKS = (Path(__file__).parent / "page_checks.js").read_text(encoding="utf-8")
PAGES = {
    "home": "",
    "post-kaesong": "places/kaesong-industrial-zone/",
    "post-diomede": "places/diomede-islands/",
    "post-cyprus": "places/cyprus-green-line/",
    "post-kuril": "places/kuril-islands/",
    "tag": "tags/russia/",
    "tags": "tags/",
    "series": "series/contentious-borders/",
    "series-index": "series/",
    "country": "countries/north-korea/",
    "countries": "countries/",
    "archive": "archive/",
    "world": "world/",
    "not-found": "404.html",
    "site-page": "about/",
}
WIDTHS = (360, 390, 1280)  # a small phone, a common phone, a laptop


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_nothing_overflows_or_is_cut(open_page, demo_url, kind, width):
    rec = open_page(width=width, height=900)
    rec.page.goto(demo_url + PAGES[kind])
    rec.page.wait_for_load_state("load")
    screenshot(rec.page, f"page-{kind}-{width}")
    problems = rec.page.evaluate(CHECKS)
    assert problems == [], "\n".join(problems)
    assert rec.foreign_requests() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_search_overlay_fits(open_page, demo_url, width):
    rec = open_page(width=width, height=900)
    page = rec.page
    page.goto(demo_url)
    page.locator("[data-search-open]").first.click()
    page.locator("#search-input").fill("island")
    page.wait_for_selector(".search__result", timeout=15_000)
    screenshot(page, f"page-search-{width}")
    assert page.evaluate(CHECKS) == []
    filters = page.locator(".search__filters select").first
    if filters.is_visible():  # the theme's controls, not the browser's default grey
        assert filters.evaluate("e => getComputedStyle(e).borderTopStyle") != "inset"


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(NODE / "axe-core" / "axe.min.js"))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                           ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    return list(result)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violation(open_page, demo_url, kind, width):
    if not (NODE / "axe-core" / "axe.min.js").is_file():
        pytest.fail("axe-core is not installed: run `make install` (frontend devDependencies)")
    rec = open_page(width=width, height=900)
    rec.page.goto(demo_url + PAGES[kind])
    rec.page.wait_for_load_state("load")
    assert _axe(rec.page) == []


def test_axe_without_javascript_and_in_the_search_overlay(open_page, demo_url):
    rec = open_page(javascript=True)
    rec.page.goto(demo_url)
    rec.page.locator("[data-search-open]").first.click()
    rec.page.locator("#search-input").fill("korea")
    rec.page.wait_for_selector(".search__result", timeout=15_000)
    assert _axe(rec.page) == []


def test_vnu_finds_no_error_on_any_page(demo_site):
    jar = NODE / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or not java:
        pytest.fail("vnu needs `make install` (npm vnu-jar) and Java (`make browser` installs default-jre-headless)")
    pages = sorted(str(p) for p in demo_site.rglob("*.html"))
    assert len(pages) > 30
    done = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *pages],
                          capture_output=True, text=True, check=False)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split(str(demo_site))[-1]}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == [], "\n".join(errors[:40])


BUDGET = 60 * 1024  # bytes gzip a reader downloads before opening the map, fonts included (issue 13)


@pytest.mark.parametrize("path", ["", "places/kaesong-industrial-zone/", "places/diomede-islands/",
                                  "places/kuril-islands/", "tags/russia/"])
def test_page_weight_before_interaction_fits_the_budget(open_page, demo_url, path):
    import gzip

    rec = open_page(width=1280, height=900)
    sizes: dict[str, int] = {}

    def count(response) -> None:  # type: ignore[no-untyped-def]
        with contextlib.suppress(Exception):  # redirects have no body
            sizes[response.url] = len(gzip.compress(response.body(), 6))

    rec.page.on("response", count)
    rec.page.goto(demo_url + path)
    for anchor in ("#map", "#related", "footer"):
        if rec.page.locator(anchor).count():
            rec.page.locator(anchor).first.scroll_into_view_if_needed()
    rec.page.wait_for_load_state("networkidle")
    assert not [u for u in sizes if "search-app" in u], "the search overlay loads only when the reader searches"
    fonts = [u for u in sizes if u.endswith(".woff2")]
    if path.startswith("places/"):
        assert fonts, "the self-hosted text font was not used"
    assert all(u.startswith(demo_url) for u in fonts)
    total = sum(sizes.values())
    assert total <= BUDGET, f"{total / 1024:.1f} KiB gzip before interaction: " + ", ".join(
        f"{u.rsplit('/', 1)[-1] or 'index'} {n / 1024:.1f}" for u, n in sorted(sizes.items(), key=lambda kv: -kv[1]))
    assert rec.foreign_requests() == []


@pytest.mark.parametrize("javascript", [False, True])
def test_map_card_promises_zooming_only_when_it_can(open_page, demo_url, javascript):
    rec = open_page(width=390, height=900, javascript=javascript)
    rec.page.goto(demo_url + "places/kaesong-industrial-zone/")
    card = rec.page.locator("#map .webmap__poster")
    card.scroll_into_view_if_needed()
    assert ("Zoom, pan" in card.inner_text()) is javascript
    assert rec.page.locator("#map .webmap__preview:visible").count() == 1  # a still preview, no request
    assert "Industrial complex, Military Demarcation Line" in card.inner_text()  # the author's capitals


def test_contents_fold_on_a_phone_and_open_on_a_desktop(open_page, demo_url):
    phone = open_page(width=390, height=900).page
    phone.goto(demo_url + "places/kaesong-industrial-zone/")
    assert phone.locator(".toc details.toc__fold").is_visible()
    assert not phone.locator(".toc .toc__open").is_visible()
    phone.locator(".toc summary").click()
    phone.locator('.toc__fold a[href="#map"]').click()
    assert phone.evaluate("location.hash") == "#map"
    desk = open_page(width=1280, height=900).page
    desk.goto(demo_url + "places/kaesong-industrial-zone/")
    assert desk.locator(".toc .toc__open").is_visible() and not desk.locator(".toc details").is_visible()


@pytest.mark.parametrize("kind", ["home", "post-kaesong", "tag", "series", "country", "archive"])
def test_one_left_edge(open_page, demo_url, kind):
    """Header, headings, text, wide maps, cards and footer start at the same x."""
    rec = open_page(width=1280, height=900)
    rec.page.goto(demo_url + PAGES[kind])
    edges = rec.page.evaluate("""() => {
      const sel = ['.site-title', ':is(main, article) > :is(section, header) > :is(h1, h2)', '.locator__map',
                   '.webmap', '.cards', '.post-body > p', '.glance__list', '.site-footer p'];
      const out = {};
      for (const s of sel) for (const el of document.querySelectorAll(s)) {
        if (el.getClientRects().length) out[s + ' ' + (el.id || el.textContent.trim().slice(0, 20))] =
          Math.round(el.getBoundingClientRect().left);
      }
      return out;
    }""")
    assert len(set(edges.values())) == 1, edges


def test_phone_header_fits_in_two_rows(open_page, demo_url):
    rec = open_page(width=390, height=900)
    rec.page.goto(demo_url)
    rows = rec.page.evaluate("""() => {
      const tops = [...document.querySelectorAll('.site-title, .site-nav > li')]
        .map(e => Math.round(e.getBoundingClientRect().top));
      return [...new Set(tops)].length;
    }""")
    assert rows <= 2


def test_phone_nav_that_scrolls_fades_at_the_edge_and_ends_in_view(open_page, demo_url):
    """The items that do not fit on a phone fade under the right edge (so the row reads as one
    to scroll), and scrolled to its end the last item is whole, clear of the fade."""
    rec = open_page(width=360, height=800)
    rec.page.goto(demo_url)
    state = rec.page.evaluate("""() => {
      const nav = document.querySelector('.site-header nav');
      const fade = getComputedStyle(document.querySelector('.site-nav'), '::after');
      const scrolls = nav.scrollWidth > nav.clientWidth;
      nav.scrollLeft = nav.scrollWidth;
      const items = [...document.querySelectorAll('.site-nav > li')].filter(li => !li.querySelector('.search-link'));
      const last = items[items.length - 1].getBoundingClientRect();
      const box = nav.getBoundingClientRect();
      return {scrolls, position: fade.position, width: parseFloat(fade.width),
              clear: box.right - last.right};
    }""")
    assert state["scrolls"], "the demo's menu is wider than a 360 px screen: the case this covers"
    assert state["position"] == "sticky" and state["width"] >= 24
    assert state["clear"] >= state["width"] - 16, state  # the last item ends left of most of the fade
