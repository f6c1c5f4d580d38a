"""Search in headless Chromium: "/" opens, typing finds, Enter navigates, Esc returns focus.

Each search test runs on the demo as built (one index: fewer than 200 pages) and on the demo
built in shards of one page or two, which the overlay merges (atlaspress.output.search).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlaspress.app.build import build_site

from ..conftest import DEMO
from .conftest import screenshot, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import atlaspress.output.shards as shards

    out = tmp_path_factory.mktemp("sharded") / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shards, "PAGES_PER_SHARD", 1)
        result = build_site(DEMO, out)
    assert result.written and not result.report.errors
    merged = json.loads((out / "pagefind/shards.json").read_text())["merge"]
    assert len(merged) >= 2, merged  # three indexes or more
    return out


@pytest.fixture(scope="session")
def sharded_url(sharded_site: Path) -> Iterator[str]:
    with served(sharded_site) as url:
        yield url


@pytest.fixture(params=["one index", "shards"])
def search_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("demo_url" if request.param == "one index" else "sharded_url"))

BODY_ONLY_WORDS = {
    # For every demo post, a word that appears in its text but not in its title.
    "kaesong-industrial-zone": "Dorasan",
    "bir-tawil": "Halaib",
    "hans-island": "whisky",
    "kuril-islands": "Shimoda",
    "kinmen-and-lienchiang": "Quemoy",
    "cyprus-green-line": "Ledra",
    "diomede-islands": "Ratmanov",
}


def test_body_words_are_not_in_titles(demo_site):
    titles = {p["slug"]: p["title"] for p in json.loads((demo_site / "search/places.json").read_text())["posts"]}
    assert set(titles) == set(BODY_ONLY_WORDS)
    for slug, word in BODY_ONLY_WORDS.items():
        assert word.lower() not in titles[slug].lower()
        page = (demo_site / "places" / slug / "index.html").read_text()
        assert word.lower() in page.lower()


def open_search(page, url):
    page.goto(url)
    page.locator("h1").click()  # focus the page, not the address bar
    page.keyboard.press("/")
    dialog = page.locator("dialog#search")
    dialog.wait_for(state="visible")
    return dialog


def test_slash_opens_typing_finds_enter_navigates(open_page, search_url):
    rec = open_page()
    page = rec.page
    dialog = open_search(page, search_url)
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("kaesong")
    first = dialog.locator("#search-results a").first
    first.wait_for()
    assert "Kaesong Industrial Zone" in first.inner_text()
    screenshot(page, "search-kaesong")
    page.keyboard.press("Enter")
    page.wait_for_url("**/places/kaesong-industrial-zone/")
    assert page.locator("h1").inner_text() == "Kaesong Industrial Zone"
    assert rec.foreign_requests() == []


def test_esc_closes_and_returns_focus(open_page, demo_url):
    page = open_page().page
    page.goto(demo_url)
    button = page.locator("[data-search-open]")
    button.focus()
    button.press("Enter")
    dialog = page.locator("dialog#search")
    dialog.wait_for(state="visible")
    page.keyboard.type("island")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.hasAttribute('data-search-open')")


def test_a_city_lists_nearby_places(open_page, search_url):
    page = open_page().page
    dialog = open_search(page, search_url)
    page.keyboard.type("Seoul")
    near = dialog.locator(".search__near")
    near.wait_for(state="visible")
    assert near.locator("h3").inner_text() == "Places near Seoul"
    items = near.locator("li").all_inner_texts()
    assert "Kaesong Industrial Zone" in items[0]
    assert " km from Seoul" in items[0]
    screenshot(page, "search-seoul")


@pytest.mark.parametrize(("slug", "word"), sorted(BODY_ONLY_WORDS.items()))
def test_finds_posts_by_a_body_word(open_page, search_url, slug, word):
    page = open_page().page
    dialog = open_search(page, search_url)
    page.keyboard.type(word)
    dialog.locator("#search-results a").first.wait_for()
    hrefs = dialog.locator("#search-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith(f"/places/{slug}/") for h in hrefs), hrefs


def test_every_post_is_found_by_its_title(open_page, search_url, demo_site):
    posts = json.loads((demo_site / "search/places.json").read_text())["posts"]
    page = open_page().page
    dialog = open_search(page, search_url)
    for post in posts:
        page.locator("#search-input").fill(post["title"])
        dialog.locator(f'#search-results a[href$="/places/{post["slug"]}/"]').first.wait_for()


def test_without_javascript_search_leads_to_the_archive(open_page, demo_url):
    page = open_page(javascript=False).page
    page.goto(demo_url)
    page.locator("[data-search-open]").click()
    page.wait_for_url("**/archive/")


def _results(page, url: str, query: str, country: str = "") -> tuple[str, list[str]]:
    from urllib.parse import urlsplit

    dialog = open_search(page, url)
    if country:
        dialog.locator("select[data-filter=country]").select_option(country)
    page.locator("#search-input").fill(query)
    status = dialog.locator(".search__status")
    page.wait_for_function("s => !['', 'Searching…'].includes(document.querySelector(s).textContent)",
                           arg="#search .search__status")
    hrefs = dialog.locator("#search-results a").evaluate_all("els => els.map(e => e.href)")
    return status.inner_text(), sorted(urlsplit(h).path for h in hrefs)


@pytest.mark.parametrize(("query", "country"), [("island", ""), ("border", ""), ("korea", ""), ("island", "Russia"),
                                                ("the", "")])
def test_shards_find_what_one_index_finds(open_page, demo_url, sharded_url, query, country):
    page = open_page().page
    one = _results(page, demo_url, query, country)
    sharded = _results(page, sharded_url, query, country)
    assert one == sharded
    assert one[1], one  # the query finds something
