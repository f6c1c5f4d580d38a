"""Every kind of page, as a reader sees it at 390 px and 1280 px: nothing overflows, no text is
cut, no two map labels collide (page_checks.js); zero axe violations; zero vnu errors.

Screenshots of each page kind are saved in test-artifacts/ (git-ignored) to look at.
"""

from __future__ import annotations

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
}
WIDTHS = (390, 1280)


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
