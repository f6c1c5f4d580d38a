"""Search in headless Chromium: "/" opens, typing finds, Enter navigates, Esc returns focus."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.browser

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
    import json

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


def test_slash_opens_typing_finds_enter_navigates(open_page, demo_url):
    rec = open_page()
    page = rec.page
    dialog = open_search(page, demo_url)
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


def test_a_city_lists_nearby_places(open_page, demo_url):
    page = open_page().page
    dialog = open_search(page, demo_url)
    page.keyboard.type("Seoul")
    near = dialog.locator(".search__near")
    near.wait_for(state="visible")
    assert near.locator("h3").inner_text() == "Places near Seoul"
    items = near.locator("li").all_inner_texts()
    assert "Kaesong Industrial Zone" in items[0]
    assert " km from Seoul" in items[0]
    screenshot(page, "search-seoul")


@pytest.mark.parametrize(("slug", "word"), sorted(BODY_ONLY_WORDS.items()))
def test_finds_posts_by_a_body_word(open_page, demo_url, slug, word):
    page = open_page().page
    dialog = open_search(page, demo_url)
    page.keyboard.type(word)
    dialog.locator("#search-results a").first.wait_for()
    hrefs = dialog.locator("#search-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith(f"/places/{slug}/") for h in hrefs), hrefs


def test_every_post_is_found_by_its_title(open_page, demo_url, demo_site):
    import json

    posts = json.loads((demo_site / "search/places.json").read_text())["posts"]
    page = open_page().page
    dialog = open_search(page, demo_url)
    for post in posts:
        page.locator("#search-input").fill(post["title"])
        dialog.locator(f'#search-results a[href$="/places/{post["slug"]}/"]').first.wait_for()


def test_without_javascript_search_leads_to_the_archive(open_page, demo_url):
    page = open_page(javascript=False).page
    page.goto(demo_url)
    page.locator("[data-search-open]").click()
    page.wait_for_url("**/archive/")
