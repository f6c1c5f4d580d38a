"""Hostile input to site pages, threaded comments and redirects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlaspress.app.build import build_site

from ..conftest import CONFIG, post_text

COMMENTS = """\
imported_comments:
  - author: "<script>alert('author')</script>"
    date: 2024-01-01
    url: "https://example.org/?q=\\"><script>alert(1)</script>"
    text: "Nice <script>alert(1)</script><img src=https://tracker.example/x.gif onerror=alert(2)> \\
      [click](javascript:alert(3)) <iframe src=//evil.example></iframe> [site](https://example.org/)"
    replies:
      - author: Reply
        date: 2024-01-02
        text: "<a href=\\"javascript:alert(4)\\" onclick=\\"alert(5)\\">me</a> <style>body{display:none}</style>"
"""

PAGE = """\
---
title: "About <b>us</b>"
menu_order: 1
---
Hello <script>alert('page')</script><img src=x onerror=alert(6)> [x](javascript:alert(7))
<iframe src="https://evil.example/"></iframe><form action="https://evil.example/"><input></form>
"""


@pytest.fixture(scope="module")
def site_out(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-pages")
    site = root / "site"
    text = post_text("Kaesong").replace("---\nBody", COMMENTS + "---\nBody")
    (site / "content" / "places" / "kaesong").mkdir(parents=True)
    (site / "content" / "places" / "kaesong" / "index.md").write_text(text, "utf-8")
    traversal = post_text("Kinmen", "2023-01-05", "24.45, 118.38").replace(
        "series:", "aliases: [/../../etc/cron.d/x/]\nseries:")
    (site / "content" / "places" / "kinmen").mkdir(parents=True)
    (site / "content" / "places" / "kinmen" / "index.md").write_text(traversal, "utf-8")
    (site / "content" / "pages").mkdir(parents=True)
    (site / "content" / "pages" / "about.md").write_text(PAGE, "utf-8")
    (site / "atlaspress.toml").write_text(CONFIG, "utf-8")
    out = root / "public"
    result = build_site(site, out)
    assert [d.code for d in result.report.errors] == ["aliases.0"]  # the traversal: that post is left out
    assert result.written
    return out


def _all_html(out: Path) -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(out.rglob("*.html")))


def test_comment_html_is_sanitized(site_out):
    html = (site_out / "places" / "kaesong" / "index.html").read_text("utf-8")
    section = html[html.index('<section id="comments"'):]
    section = section[: section.index("</section>")]
    for bad in ("<script", "onerror", "onclick", "<iframe", "<style", "<img"):
        assert bad not in section, bad
    assert not re.search(r"(href|src)=\"?\s*javascript:", section, re.I)  # left as text, never a link
    assert "&lt;script&gt;alert(&#39;author&#39;)&lt;/script&gt;" in section  # the name is text
    assert 'rel="nofollow ugc noopener"' in section
    assert '<a href="https://example.org/" rel="nofollow ugc noopener">site</a>' in section  # a reader's link
    assert "tracker.example" not in section  # no image: it would load from elsewhere
    assert "2 comments" in section


def test_page_html_is_sanitized_and_its_title_escaped(site_out):
    html = (site_out / "about" / "index.html").read_text("utf-8")
    main = html[html.index("<main"): html.index("</main>")]
    for bad in ("<script", "onerror", "<iframe", "<form", "<input"):
        assert bad not in main, bad
    assert not re.search(r"(href|src|action)=\"?\s*javascript:", main, re.I)
    assert "About &lt;b&gt;us&lt;/b&gt;" in html  # in the nav and the heading, as text


def test_alias_traversal_writes_nothing_outside_the_site(site_out):
    root = site_out.parent
    assert not (root / "etc").exists() and not (site_out / "etc").exists()
    assert not (site_out / "places" / "kinmen").exists()
    assert "cron" not in _all_html(site_out)
    assert not (site_out / "_redirects").exists()  # no alias left to write
