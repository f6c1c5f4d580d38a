"""Hostile Unicode survives in titles and bodies; slugs stay safe ASCII inside content/places.

``tests/fixtures/wordpress/hostile-unicode.xml`` was written by a short script (emoji with
skin tones and ZWJ sequences, Arabic, right-to-left overrides and isolates, zero-width
characters, combining marks and Zalgo, mathematical alphanumerics, a slug that tries to
climb out with ``../``, a title made only of emoji, YAML's special characters).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from atlaspress.app.wordpress.wxr import items
from atlaspress.core.config import SLUG_PATTERN

from .conftest import FIXTURES, body, front, run

EXPORT = FIXTURES / "hostile-unicode.xml"


def test_titles_and_bodies_survive_byte_for_byte(tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = run(EXPORT, site)
    written = {front(p)["title"]: p for p in (site / "content/places").glob("*/index.md")}
    originals = {i.title: i for i in items(EXPORT)}
    assert set(written) == set(originals)
    for title, path in written.items():
        assert front(path)["place"]["name"] == title
        text = html.unescape(re.sub(r"</?p>", " ", originals[title].content))
        for word in re.findall(r"\w+", text):
            assert word in body(path), (title, word)
    invoice = next(p for t, p in written.items() if t.startswith("Invoice"))
    assert "\u202e" in front(invoice)["title"] and "\u202e" in body(invoice)
    assert len(report.posts) == 10


def test_slugs_are_safe_and_inside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run(EXPORT, site)
    slugs = sorted(p.name for p in (site / "content/places").iterdir())
    assert slugs == ["beijing", "bold-double-script", "etc-passwd", "invoice-gpj-exe", "lqds", "post-8", "quotes",
                     "tokyo-by-night", "zephyr-zalgo", "zerowidth"]
    for slug in slugs:
        assert re.match(SLUG_PATTERN, slug) and slug.isascii()
    assert not (tmp_path / "etc").exists()
    assert {p.relative_to(site).parts[0] for p in site.rglob("*")} <= {"content", "atlaspress.toml", ".gitignore",
                                                                         "templates", "wordpress-import.md"}


def test_yaml_special_characters_round_trip(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run(EXPORT, site)
    data = front(site / "content/places/quotes/index.md")
    assert data["title"] == "Quotes: \"double\" 'single' #hash - dash: colon"
    assert data["summary"] == "YAML: - [a, b] {c: d} &anchor *alias !tag | > %"


def test_the_hostile_import_builds_and_every_title_is_published_as_written(tmp_path: Path) -> None:
    """The imported site builds with no error, and each page's <h1> is the title byte for byte."""
    from atlaspress.app.build import compile_site

    site = tmp_path / "site"
    run(EXPORT, site)
    result = compile_site(site)
    assert not result.report.errors, [d.format() for d in result.report.errors]
    published = {front(p)["title"]: p.parent.name for p in (site / "content/places").glob("*/index.md")
                 if not front(p).get("draft")}
    assert published
    for title, slug in published.items():
        page = result.output[f"places/{slug}/index.html"].decode("utf-8")
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
        assert h1 and html.unescape(re.sub(r"<[^>]+>", "", h1[1])).strip() == title.strip(), slug
