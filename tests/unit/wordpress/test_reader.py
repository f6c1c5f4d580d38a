"""The WXR reader: versions, hosts, malformed files, exports without items."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlaspress.app.wordpress.wxr import items, scan
from atlaspress.core.errors import ContentError

from .conftest import FIXTURES, body, front, run


@pytest.mark.parametrize(
    ("name", "version", "title"),
    [
        ("wxr-1.0.xml", "1.0", "Büsingen am Hochrhein"),
        ("wxr-1.1.xml", "1.1", "Kaliningrad"),
        ("borderlines-wxr-1.2.xml", "1.2", "Kaesong: a factory town across the line"),
        ("wordpress-com.xml", "1.2", "Three countries, one stone"),
    ],
)
def test_every_wxr_version_is_read(name: str, version: str, title: str) -> None:
    channel = scan(FIXTURES / name)
    assert channel.wxr_version == version
    first = next(i for i in items(FIXTURES / name) if i.type == "post")
    assert first.title == title
    assert first.content.strip()


def test_wxr_1_0_terms_come_from_the_items(tmp_path: Path) -> None:
    """1.0 has no wp:tag list and writes tags as domain="tag", some without a nicename."""
    run("wxr-1.0.xml", tmp_path / "site")
    data = front(tmp_path / "site/content/places/busingen/index.md")
    assert data["tags"] == ["enclaves", "germany", "switzerland"]
    assert data["place"]["at"] == "47.6969, 8.6903"
    assert data["imported_comments"] == [
        {"author": "Hans", "date": "2008-05-11", "text": "I live there!", "url": "http://hans.example"}
    ]
    assert data["aliases"] == ["/?p=7", "/blog/2008/05/busingen/"]
    # classic-editor paragraphs: blank lines
    assert body(tmp_path / "site/content/places/busingen/index.md") == (
        "A German town inside Switzerland.\n\nIt uses the Swiss franc.\n"
    )


def test_wxr_1_1_author_excerpt_and_map_link(tmp_path: Path) -> None:
    run("wxr-1.1.xml", tmp_path / "site")
    data = front(tmp_path / "site/content/places/kaliningrad/index.md")
    assert data["author"] == "Ed Itor"
    assert data["summary"] == "Russia on the Baltic."  # the excerpt, not the first paragraph
    assert data["place"]["at"] == "54.71, 20.51"  # q=54.71,20.51 in a maps.google.com link
    assert data["comments"] == "closed"


def test_wordpress_com_export_georss_and_files_host(tmp_path: Path) -> None:
    report = run("wordpress-com.xml", tmp_path / "site", uploads=FIXTURES / "wpcom-uploads")
    post = tmp_path / "site/content/places/three-countries"
    data = front(post / "index.md")
    assert data["place"]["at"] == "48.0105, 17.1606"
    assert data["author"] == "Tri Pointer"
    assert "![The stone](stone.png)" in body(post / "index.md")
    assert (post / "stone.png").read_bytes() == (FIXTURES / "wpcom-uploads/2014/07/stone.png").read_bytes()
    assert report.images_copied == 1 and not report.remote_images


def test_a_mismatched_tag_is_refused_with_its_position(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    with pytest.raises(ContentError) as caught:
        run("malformed-mismatched.xml", tmp_path / "site")
    assert caught.value.diagnostic.format() == (
        "malformed-mismatched.xml:11:4: error[wordpress.xml]: not well-formed XML: mismatched tag; "
        "nothing was imported\n"
        "  hint: a tag closes one that is not open there: a plugin or an edit by hand broke the export; "
        "export again (Tools → Export), or fix the tag at that line"
    )
    assert not (tmp_path / "site").exists()


def test_cdata_inside_cdata_is_refused_and_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    with pytest.raises(ContentError) as caught:
        run("malformed-cdata.xml", tmp_path / "site")
    text = caught.value.diagnostic.format()
    assert text.startswith("malformed-cdata.xml:7:58: error[wordpress.xml]: not well-formed XML: mismatched tag "
                           "(a CDATA section inside another); nothing was imported\n")
    assert "split it as `]]]]><![CDATA[>`" in text
    assert not (tmp_path / "site").exists()


def test_nothing_is_written_when_the_file_breaks_after_good_items(tmp_path: Path) -> None:
    """Both passes stream, but the first one checks the whole file before anything is written."""
    good = (FIXTURES / "borderlines-wxr-1.2.xml").read_text(encoding="utf-8")
    broken = tmp_path / "export.xml"
    broken.write_text(good.replace("</channel>", "<item><title>x</title></channel>"), encoding="utf-8")
    with pytest.raises(ContentError):
        run(broken, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
                    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&b;</title></channel></rss>',
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        run(bomb, tmp_path / "site")
    assert "entities" in caught.value.diagnostic.message


def test_plain_rss_is_not_a_wordpress_export(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<rss version="2.0"><channel><title>t</title><item><title>x</title></item></channel></rss>',
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        run(feed, tmp_path / "site")
    assert "not a WordPress export" in caught.value.diagnostic.message
    other = tmp_path / "other.xml"
    other.write_text("<kml><Document/></kml>", encoding="utf-8")
    with pytest.raises(ContentError, match="not a WordPress export"):
        run(other, tmp_path / "site")


def test_categories_only_imports_nothing_and_says_so(tmp_path: Path) -> None:
    report = run("categories-only.xml", tmp_path / "site")
    assert report.nothing is not None
    assert "no posts or pages (2 categories, 1 tag)" in report.nothing
    assert not (tmp_path / "site").exists()
    assert "Nothing was imported" in report.markdown()


def test_categories_only_leaves_an_existing_site_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES.parents[1] / "fixtures" / "wordpress" / "uploads", site / "static")
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    run("categories-only.xml", site)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
