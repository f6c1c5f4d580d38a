"""End to end: a WordPress export imported in one command, built, and its post read in Chromium
with the readers' comments threaded as they were on the blog."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlaspress.app.build import build_site
from atlaspress.app.wordpress.command import Options, import_wordpress

from ..unit.wordpress.conftest import FIXTURES, TODAY
from .conftest import screenshot, served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def imported_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("wp-e2e") / "site"
    here = Path.cwd()
    os.chdir(FIXTURES)
    try:
        import_wordpress(Path("borderlines-wxr-1.2.xml"), site, Options(
            uploads=Path("uploads"), places=Path("places.csv"), series_categories=("contentious-borders",),
            today=TODAY))
    finally:
        os.chdir(here)
    out = site / "public"
    result = build_site(site, out)
    assert result.written and not result.report.errors, [d.format() for d in result.report.errors]
    with served(out) as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
def test_imported_post_shows_its_threaded_comments(open_page, imported_url, width):
    rec = open_page(width=width, height=900)
    rec.page.goto(imported_url + "places/kaesong-industrial-zone/")
    assert rec.page.locator("h1").inner_text() == "Kaesong: a factory town across the line"  # the <title> of the item
    comments = rec.page.locator("#comments")
    comments.scroll_into_view_if_needed()
    # Min-jun's comment, Anna Ortiz's reply to it, and Min-jun's answer to her: three, nested.
    assert comments.locator("h2").inner_text() == "3 comments"
    boxes = [rec.page.locator(f"#comment-{i}").bounding_box() for i in (1, 2, 3)]
    assert all(boxes)
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]
    authors = comments.locator(".comment__author").all_inner_texts()
    assert [a.strip() for a in authors] == ["Min-jun", "Anna Ortiz", "Min-jun"]
    assert comments.locator("a", has_text="canteen").get_attribute("rel") == "nofollow ugc noopener"
    html = comments.inner_html()
    assert "@" not in html.replace("&amp;", "")  # no commenter's e-mail came along
    overflow = rec.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(rec.page, f"wordpress-imported-post-{width}")
    assert rec.foreign_requests() == []
