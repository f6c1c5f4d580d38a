"""End to end: the demo's About page, Kaesong's threaded comments and its old addresses."""

from __future__ import annotations

import pytest

from .conftest import screenshot, screenshot_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_about_page_is_in_the_navigation_and_fits(open_page, demo_url, width):
    rec = open_page(width=width, height=800)
    rec.page.goto(demo_url)
    rec.page.locator(".site-nav a", has_text="About").click()
    rec.page.wait_for_url("**/about/")
    assert rec.page.locator("h1").inner_text() == "About"
    assert rec.page.locator('.site-nav a[aria-current="page"]').inner_text() == "About"
    overflow = rec.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(rec.page, f"about-{width}")
    assert rec.foreign_requests() == []


def test_replies_are_nested_under_the_comment_they_answer(open_page, demo_url):
    rec = open_page(width=390, height=800)
    rec.page.goto(demo_url + "places/kaesong-industrial-zone/")
    comments = rec.page.locator("#comments")
    comments.scroll_into_view_if_needed()
    assert comments.locator("h2").inner_text() == "4 comments"
    first = rec.page.locator("#comment-1").bounding_box()
    reply = rec.page.locator("#comment-2").bounding_box()
    again = rec.page.locator("#comment-3").bounding_box()
    assert first and reply and again
    assert first["x"] < reply["x"] < again["x"]  # each reply indented under the one it answers
    assert again["x"] + again["width"] <= 390
    assert rec.page.locator("#comment-2 .comment__author a").get_attribute("rel") == "nofollow ugc noopener"
    comments.screenshot(path=str(screenshot_path("kaesong-comments-390")))


def test_old_addresses_lead_to_the_post(open_page, demo_url):
    rec = open_page()
    rec.page.goto(demo_url + "2022/09/kaesong/")
    rec.page.wait_for_url("**/places/kaesong-industrial-zone/")
    rec.page.goto(demo_url + "?p=101")
    rec.page.wait_for_url("**/places/kaesong-industrial-zone/")
    assert rec.page.locator("h1").inner_text() == "Kaesong Industrial Zone"
    rec.page.goto(demo_url + "?p=999")  # an unknown id stays on the home page
    assert rec.page.locator("h1").inner_text() == "Borderlines"
    assert rec.foreign_requests() == []
