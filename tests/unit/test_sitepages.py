"""Site pages (content/pages/<slug>.md): validation, navigation, sitemap, search and feeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from atlaspress.app.build import build_site, compile_site
from atlaspress.content.model import PageFrontMatter
from atlaspress.content.pages import load_pages
from atlaspress.core.config import SLUG_PATTERN, load_config
from atlaspress.core.errors import Report
from atlaspress.core.sitepaths import RESERVED_TOP_LEVEL

from ..conftest import CONFIG, post_text

ABOUT = """\
---
title: About
summary: Who we are.
menu_order: 2
aliases: [/about-us/]
---
We write about [Kaesong](kaesong) and keep a [contact page](contact).
"""
CONTACT = "---\ntitle: Contact\nmenu_order: 1\n---\nWrite to us.\n"
COLOPHON = "---\ntitle: Colophon\n---\nSet in the reader's own fonts.\n"
DRAFT = "---\ntitle: Secret plans\nmenu_order: 0\ndraft: true\n---\nNot yet.\n"


def _site(root: Path, pages: dict[str, str], config: str = CONFIG, posts: dict[str, str] | None = None) -> Path:
    site = root / "site"
    for slug, text in (posts or {}).items():
        (site / "content" / "places" / slug).mkdir(parents=True, exist_ok=True)
        (site / "content" / "places" / slug / "index.md").write_text(text, encoding="utf-8")
    (site / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (site / "atlaspress.toml").write_text(config, encoding="utf-8")
    for name, text in pages.items():
        (site / "content" / "pages" / name).write_text(text, encoding="utf-8")
    return site


def _diagnostics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> list[str]:
    site = _site(tmp_path, {name: text})
    monkeypatch.chdir(site)
    report = Report()
    pages = load_pages(Path("."), load_config(Path(".")), report)
    assert pages == ()  # a bad page is left out
    return [d.format() for d in report.sorted()]


# --- the model and the load stage ----------------------------------------------------------


def test_page_front_matter_defaults():
    front = PageFrontMatter.model_validate({"title": "About"})
    assert (front.summary, front.menu_order, front.draft, front.aliases, front.date) == ("", None, False, [], None)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("about.md", "---\nsummary: x\n---\nBody\n",
         "content/pages/about.md:2:1: error[title]: missing required field 'title'\n"
         "  hint: add a line `title: …` with the page's title, e.g. `title: About`"),
        ("about.md", "---\ntitle: About\nmenu-order: 1\n---\nBody\n",
         "content/pages/about.md:3:1: error[menu-order]: unknown key 'menu-order'\n"
         "  hint: did you mean 'menu_order'?"),
        ("about.md", "---\ntitle: About\nmenu_order: first\n---\nBody\n",
         "content/pages/about.md:3:13: error[menu_order]: expected a whole number, not 'first'"),
        ("about.md", "---\ntitle: About\naliases: [/../../etc/passwd]\n---\nBody\n",
         "content/pages/about.md:3:11: error[aliases.0]: '/../../etc/passwd' has a . or .. segment; an alias "
         "cannot leave or climb the site\n"
         '  hint: write the address as the old site had it, from the root, e.g. "/2016/02/old-slug/"'),
        ("tags.md", "---\ntitle: Tags\n---\nBody\n",
         "content/pages/tags.md:1:1: error[page.slug]: the page would be published at tags/, which the site "
         "already uses\n  hint: rename the file, e.g. to tags-page.md; the site's own names are archive, assets, "
         "countries, embed, page, pagefind, places, search, series, tags, world"),
        ("About Us.md", "---\ntitle: About\n---\nBody\n",
         "content/pages/About Us.md:1:1: error[page.slug]: file name 'About Us.md' is not a valid page slug\n"
         "  hint: rename it to about-us.md: lower-case words joined by hyphens"),
        ("about.md", "No front matter\n",
         "content/pages/about.md:1:1: error[front-matter]: the post does not start with a front-matter block\n"
         "  hint: begin the file with a line `---`, the YAML fields, and another `---`"),
    ],
)
def test_bad_page_is_reported_and_skipped(tmp_path, monkeypatch, name, text, expected):
    assert _diagnostics(tmp_path, monkeypatch, name, text) == [expected]


def test_reserved_names_are_slugs_of_what_the_build_writes():
    # Every name a page could take (a slug) and the build also writes is refused.
    assert {"places", "tags", "series", "countries", "archive", "world", "page", "search", "assets",
            "pagefind", "embed"} <= RESERVED_TOP_LEVEL


# --- a whole site ------------------------------------------------------------------------------

SITE_CONFIG = CONFIG.replace('author = "Desk"\n', 'author = "Desk"\nposts_per_page = 1\n')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("pages")
    kaesong = post_text("Kaesong").replace("Body of Kaesong.", "Read [about us](about).")
    site = _site(root, {"about.md": ABOUT, "contact.md": CONTACT, "colophon.md": COLOPHON, "secret.md": DRAFT},
                 config=SITE_CONFIG, posts={"kaesong": kaesong, "kinmen": post_text("Kinmen", "2023-01-05",
                                                                                     "24.45, 118.38")})
    result = compile_site(site)
    assert [d.format() for d in result.report.sorted()] == []
    return result.output


def _nav(html: bytes) -> list[str]:
    nav = re.search(r'<ul class="site-nav">(.*?)</ul>', html.decode(), re.S)
    assert nav
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", nav[1], re.S)]


def test_page_is_rendered_at_its_slug(built):
    html = built["about/index.html"].decode()
    assert "<title>About — Test Atlas</title>" in html
    assert '<h1 data-pagefind-meta="title">About</h1>' in html
    assert '<link rel="canonical" href="https://atlas.example/about/">' in html
    # Body links by slug: a post, another page.
    assert '<a href="../places/kaesong/" rel="noopener noreferrer">Kaesong</a>' in html
    assert '<a href="../contact/" rel="noopener noreferrer">contact page</a>' in html
    assert "colophon/index.html" in built
    assert "secret/index.html" not in built  # a draft


def test_post_links_to_a_page_by_slug(built):
    html = built["places/kaesong/index.html"].decode()
    assert '<a href="../../about/" rel="noopener noreferrer">about us</a>' in html


def test_navigation_lists_pages_by_menu_order_after_the_built_in_links(built):
    expected = ["Series", "Tags", "Countries", "Archive", "World map", "Contact", "About", "Search"]
    for name in ("index.html", "page/2/index.html", "places/kaesong/index.html", "tags/test/index.html",
                 "about/index.html", "404.html", "world/index.html"):
        assert _nav(built[name]) == expected, name
    assert '<a href="./" aria-current="page">About</a>' in built["about/index.html"].decode()
    assert '<a href="../about/">About</a>' in built["contact/index.html"].decode()
    assert '<a href="/about/">About</a>' in built["404.html"].decode()  # links from the root


def test_pages_are_in_the_sitemap_and_search_not_in_feeds_or_listings(built):
    sitemap = built["sitemap.xml"].decode()
    assert "<loc>https://atlas.example/about/</loc>" in sitemap
    assert "<loc>https://atlas.example/colophon/</loc>" in sitemap
    assert "secret" not in sitemap
    for name in ("feed.xml", "feed.json", "index.html", "page/2/index.html", "archive/index.html",
                 "tags/test/index.html"):
        text = built[name].decode()
        assert "Who we are" not in text and "colophon/" not in text, name
    entry = json.loads(built["pagefind/pagefind-entry.json"])
    assert entry["languages"]["en"]["page_count"] == 5  # 2 posts + 3 published pages


def test_every_top_level_output_is_reserved_or_a_page_or_an_alias(built):
    tops = {name.split("/", 1)[0] for name in built}
    assert tops - RESERVED_TOP_LEVEL == {"about", "contact", "colophon", "about-us"}
    # The names the check refuses are the build's own, not guessed.
    assert all(re.match(SLUG_PATTERN, n) or "." in n or n.startswith("_") for n in RESERVED_TOP_LEVEL)


def test_demo_writes_only_reserved_names_pages_and_aliases():
    from ..conftest import DEMO

    result = compile_site(DEMO)
    tops = {name.split("/", 1)[0] for name in result.output}
    assert tops - RESERVED_TOP_LEVEL == {"about", "2022", "category"}


# --- incremental builds ------------------------------------------------------------------------


def test_editing_a_page_rebuilds_it_and_a_nav_change_rebuilds_every_page(tmp_path):
    site = _site(tmp_path, {"about.md": ABOUT}, posts={"kaesong": post_text("Kaesong")})
    out = tmp_path / "public"
    first = build_site(site, out)
    assert not first.report.errors
    html_pages = {name for name in first.keys if name.endswith(".html")}

    (site / "content" / "pages" / "about.md").write_text(ABOUT.replace("We write", "We still write"), "utf-8")
    second = build_site(site, out)
    assert "about/index.html" in second.output
    assert "We still write" in (out / "about" / "index.html").read_text("utf-8")
    assert "places/kaesong/index.html" not in second.output  # the nav did not change
    assert "index.html" not in second.output

    (site / "content" / "pages" / "about.md").write_text(ABOUT.replace("title: About", "title: About us"), "utf-8")
    third = build_site(site, out)
    rendered = {name for name in third.output if name.endswith(".html")}
    redirects = {"about-us/index.html"}  # a page without the nav
    assert rendered >= html_pages - redirects
    assert ">About us</a></li>" in (out / "places" / "kaesong" / "index.html").read_text("utf-8")


def test_the_output_record_names_the_page_and_the_navigation(tmp_path):
    site = _site(tmp_path, {"about.md": ABOUT}, posts={"kaesong": post_text("Kaesong")})
    result = build_site(site, tmp_path / "public")
    assert result.inputs["about/index.html"] == ["list:nav", "page:about", "page:site"]
    assert "list:nav" in result.inputs["places/kaesong/index.html"]
    assert result.inputs["about-us/index.html"] == ["redirect"]
    assert result.inputs["_redirects"] == ["redirect"]
