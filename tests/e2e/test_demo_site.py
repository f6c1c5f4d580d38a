"""End to end: the demo site in real headless Chromium."""

from __future__ import annotations

import pytest

from .conftest import screenshot, screenshot_path

pytestmark = pytest.mark.browser

DEMO_SLUGS = ["kaesong-industrial-zone", "kuril-islands", "kinmen-and-lienchiang", "cyprus-green-line",
              "hans-island", "diomede-islands", "bir-tawil"]
POST_SECTIONS = ["where", "facts", "timeline", "sources", "question", "map", "comments", "related"]


def test_home_lists_every_place(open_page, demo_url):
    rec = open_page()
    rec.page.goto(demo_url)
    cards = rec.page.locator(".cards .card")
    assert cards.count() == 7
    assert rec.page.locator("h1").count() == 1
    for slug in DEMO_SLUGS:
        assert rec.page.locator(f'.card a[href="places/{slug}/"]').is_visible()
    screenshot(rec.page, "home-1280")
    assert rec.foreign_requests() == []


def test_kaesong_page_shows_every_section(open_page, demo_url):
    rec = open_page()
    rec.page.goto(demo_url + "places/kaesong-industrial-zone/")
    page = rec.page
    assert page.locator("h1").inner_text() == "Kaesong Industrial Zone"
    for section in POST_SECTIONS:
        element = page.locator(f"section#{section}")
        element.scroll_into_view_if_needed()
        assert element.is_visible(), f"#{section} is not visible"
    assert page.locator("#comments").inner_text().count("Comments are closed.") == 1
    assert page.locator("#facts h3").count() >= 3
    assert page.locator("#sources li").count() >= 3
    assert "part 1 of 7" in page.locator(".kicker").text_content()
    assert "For other contentious borders, see" in page.locator("#at-a-glance").inner_text()
    screenshot(page, "kaesong-1280")
    assert rec.foreign_requests() == []


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_posts_on_a_phone_have_no_horizontal_scroll(open_page, demo_url, slug):
    rec = open_page(width=360, height=740)
    rec.page.goto(demo_url + f"places/{slug}/")
    overflow = rec.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert rec.page.locator("#where .locator__map--compact svg").is_visible()
    assert not rec.page.locator("#where .locator__map--wide svg").is_visible()
    rec.page.locator("#where").screenshot(path=str(screenshot_path(f"{slug}-where-360")))
    if slug in ("kaesong-industrial-zone", "diomede-islands"):
        screenshot(rec.page, f"{slug}-360")


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_locator_screenshots_at_desktop_width(open_page, demo_url, slug):
    rec = open_page(width=1280, height=900)
    rec.page.goto(demo_url + f"places/{slug}/")
    where = rec.page.locator("#where figure")
    assert where.is_visible()
    where.screenshot(path=str(screenshot_path(f"{slug}-where-1280")))


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_every_post_reads_without_javascript(open_page, demo_url, demo_site, slug):
    rec = open_page(javascript=False)
    rec.page.goto(demo_url + f"places/{slug}/")
    # At desktop width the wide map shows; the phone variant is hidden by CSS.
    locator = rec.page.locator("#where .locator__map--wide svg[role=img]")
    assert locator.is_visible()
    assert not rec.page.locator("#where .locator__map--compact svg").is_visible()
    box = locator.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    # The inset globe is drawn (a circle clip for the horizon) and the SVG names itself.
    assert rec.page.locator("#where svg title").count() >= 1
    assert rec.page.locator("#where svg circle").count() >= 1
    assert len(locator.evaluate("e => e.outerHTML").encode()) <= 40 * 1024
    caption = rec.page.locator("#where figcaption").inner_text()
    assert caption.strip()
    og = rec.page.locator('meta[property="og:image"]').get_attribute("content")
    assert og.endswith(f"places/{slug}/card.png")
    assert (demo_site / "places" / slug / "card.png").stat().st_size > 10_000
    assert rec.page.locator("#facts h3").count() >= 3
    assert rec.page.locator("#sources li").count() >= 3
    assert rec.foreign_requests() == []


def test_skip_link_and_back_to_top(open_page, demo_url):
    rec = open_page()
    rec.page.goto(demo_url + "places/hans-island/")
    rec.page.keyboard.press("Tab")
    focused = rec.page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert rec.page.locator('a[href="#top"]').count() >= 1
