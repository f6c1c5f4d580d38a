"""The pieces of the importer on their own: slugs, places, embeds, media, shortcodes, config."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomllib

from atlaspress.app.wordpress import places, shortcodes
from atlaspress.app.wordpress.embeds import embed_markdown, my_map
from atlaspress.app.wordpress.html import Context, convert
from atlaspress.app.wordpress.media import Media
from atlaspress.app.wordpress.siteconfig import merge, toml_string
from atlaspress.app.wordpress.slugs import fold, post_slug, unique
from atlaspress.core.config import SLUG_PATTERN


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("kaesong-industrial-zone", "kaesong-industrial-zone"),
        ("%e5%8c%97%e4%ba%ac", "beijing"),  # 北京, percent-encoded as WordPress stores it
        ("m%c3%a4rjamaa", "marjamaa"),
        ("%d0%ba%d0%b8%d0%b5%d0%b2", "kiev"),  # киев
        ("invoice-%e2%80%aegpj", "invoice-gpj"),  # a right-to-left override
        ("zero%e2%80%8bwidth", "zerowidth"),
        ("ze%cc%81phyr", "zephyr"),  # a combining acute accent
        ("%f0%9d%90%81%f0%9d%90%a8%f0%9d%90%a5%f0%9d%90%9d", "bold"),  # 𝐁𝐨𝐥𝐝
        ("..%2f..%2fetc%2fpasswd", "etc-passwd"),
        ("%f0%9f%8e%89", ""),  # 🎉: nothing left
        ("Hello World__trashed", "hello-world-trashed"),
    ],
)
def test_slugs_are_safe(name: str, slug: str) -> None:
    assert fold(name) == slug
    if slug:
        import re

        assert re.match(SLUG_PATTERN, slug)


def test_slug_fallbacks_and_uniqueness() -> None:
    assert post_slug("", "Notes on Bir Tawil", 3) == "notes-on-bir-tawil"
    assert post_slug("%f0%9f%8e%89", "🎉", 8) == "post-8"
    assert unique("a", {"a", "a-2"}) == "a-3"
    assert len(fold("x" * 300)) == 80


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://maps.google.com/?ll=37.93,126.6&z=12", (37.93, 126.6)),
        ("https://www.google.com/maps/@-33.8688,151.2093,12z", (-33.8688, 151.2093)),
        ("https://www.google.com/maps/place/Hans+Island/@80.8267,-66.4586,12z/data=x", (80.8267, -66.4586)),
        ("https://www.google.com/maps/embed/v1/view?key=K&center=51.4425,4.9306&zoom=14", (51.4425, 4.9306)),
        ("https://maps.google.com/maps?q=54.71,20.51&amp;z=10", (54.71, 20.51)),
        ("https://www.google.com/maps/d/embed?mid=1Ab&ll=80.8267%2C-66.4586&z=9", (80.8267, -66.4586)),
        ("https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d3000!2d126.6!3d37.93!2m3", (37.93, 126.6)),
        ("https://www.google.com/maps/@0,0,2z", None),  # an empty map field
        ("https://maps.google.com/?ll=137.9,12", None),  # out of range
        ("https://example.org/?ll=37.93,126.6", None),  # not a Google map
    ],
)
def test_coordinates_in_map_urls(url: str, expected: tuple[float, float] | None) -> None:
    assert places.from_url(url) == expected


def test_postmeta_variants() -> None:
    assert places.from_meta({"geo_latitude": "37.93", "geo_longitude": "126.6"}).at == "37.93, 126.6"
    assert places.from_meta({"_wp_geo_latitude": "58.9", "_wp_geo_longitude": "24.43"}).at == "58.9, 24.43"
    assert places.from_meta({"_wpgmp_metabox_latitude": "1.29", "_wpgmp_metabox_longitude": "103.85"}).at \
        == "1.29, 103.85"
    acf = 'a:3:{s:7:"address";s:9:"Singapore";s:3:"lat";s:4:"1.29";s:3:"lng";d:103.85;}'
    found = places.from_meta({"location": acf})
    assert (found.lat, found.lon, found.name) == (1.29, 103.85, "Singapore")
    assert places.from_meta({}, georss="48.0105 17.1606").at == "48.0105, 17.1606"
    assert places.from_meta({"geo_latitude": "0", "geo_longitude": "0"}) is None
    assert places.from_meta({"geo_latitude": "north", "geo_longitude": "1"}) is None


def test_places_csv(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("\ufeffslug,lat,lon\n# a comment\nbaarle, 51.44 ,4.93\nM%C3%A4rjamaa,58.9,24.43\n\n",
                    encoding="utf-8")
    table = places.PlacesCsv(path)
    assert table.get("nope", "baarle").at == "51.44, 4.93"
    assert table.get("märjamaa").lat == 58.9


def test_my_maps_and_other_embeds() -> None:
    assert my_map("https://www.google.com/maps/d/u/0/embed?mid=1AbC_d-E") is not None
    assert my_map("https://evil.example/maps/d/embed?mid=1AbCdEf") is None
    assert my_map("https://www.google.com/maps/d/embed?mid=<script>") is None
    text, mine = embed_markdown("//www.youtube-nocookie.com/embed/abcdEFGH123?rel=0", "x")
    assert (text, mine) == ("> **Video on YouTube:** <https://www.youtube.com/watch?v=abcdEFGH123>", None)
    assert embed_markdown("javascript:alert(1)", "x") == ("", None)
    text, _ = embed_markdown("https://player.example.net/v/1", "x")
    assert text == "> **Embedded content from player.example.net:** <https://player.example.net/v/1>"


def test_media_never_reads_outside_the_uploads(tmp_path: Path) -> None:
    uploads = tmp_path / "uploads"
    (uploads / "2016").mkdir(parents=True)
    (uploads / "2016/a.png").write_bytes(b"png")
    (tmp_path / "secret.png").write_bytes(b"secret")
    (uploads / "2016/link.png").symlink_to(tmp_path / "secret.png")
    media = Media("https://b.example", uploads)
    assert media.image("https://b.example/wp-content/uploads/2016/a.png") == "a.png"
    assert media.image("https://b.example/wp-content/uploads/../secret.png").startswith("https://")  # left remote
    assert media.image("https://b.example/wp-content/uploads/2016/%2e%2e/%2e%2e/secret.png").startswith("https://")
    assert media.image("https://b.example/wp-content/uploads/2016/link.png").startswith("https://")  # leads out
    assert media.image("data:image/png;base64,AAAA") is None
    assert media.image("javascript:alert(1)") is None
    assert set(media.plan) == {"a.png"}


def test_media_names_do_not_collide(tmp_path: Path) -> None:
    uploads = tmp_path / "u"
    for folder in ("2016/02", "2017/03"):
        (uploads / folder).mkdir(parents=True)
        (uploads / folder / "Photo 1.JPG").write_bytes(folder.encode())
    media = Media("https://b.example", uploads)
    first = media.image("https://b.example/wp-content/uploads/2016/02/Photo%201.JPG")
    second = media.image("https://b.example/wp-content/uploads/2017/03/Photo%201.JPG")
    again = media.image("https://b.example/wp-content/uploads/2016/02/Photo%201-300x200.JPG")
    assert (first, second, again) == ("photo-1.jpg", "photo-1-2.jpg", "photo-1.jpg")


def _md(html: str) -> str:
    return convert(html, Context(slug="x", media=Media("https://b.example", None))).markdown


def test_html_to_markdown_keeps_structure() -> None:
    html = ("<h2>Facts</h2><ol><li>One</li><li>Two <a href='https://a.example/'>link</a></li></ol>"
            "<blockquote><p>Quoted</p></blockquote><p><img src='https://c.example/x.jpg' alt='Alt text'></p>"
            "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
            "<script>alert(1)</script><p onclick='x()'>Safe <a href='javascript:alert(1)'>bad</a></p>")
    assert _md(html) == (
        "## Facts\n\n1. One\n2. Two [link](https://a.example/)\n\n> Quoted\n\n![Alt text](https://c.example/x.jpg)\n\n"
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nSafe bad\n"
    )


def test_classic_paragraphs_and_caption_shortcode() -> None:
    html = ('First line\nsecond line\n\n[caption id="a" width="300"]<img src="https://c.example/x.jpg" alt="X" /> '
            "A <em>caption</em>[/caption]\n\nLast.")
    assert _md(html) == "First line\\\nsecond line\n\n![X](https://c.example/x.jpg)\n\n_A *caption*_\n\nLast.\n"


def test_escaped_and_unknown_shortcodes() -> None:
    found = shortcodes.Found()
    out = shortcodes.shortcodes("[[gallery]] [sic] [citation needed] [toc] [form id=1] [box]in[/box]",
                                embed=lambda u: "", media_note=lambda k, a: "", gallery=lambda a: [], found=found)
    assert out == "[gallery] [sic] [citation needed] [toc] [form id=1] [box]in[/box]"
    assert found.unknown == ["toc", "form", "box"]


def test_gutenberg_blocks() -> None:
    found = shortcodes.Found()
    text = ('<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --><!-- wp:more --><!--more--><!-- /wp:more -->'
            '<!-- wp:embed {"url":"https://vimeo.com/1"} --><figure>https://vimeo.com/1</figure><!-- /wp:embed -->'
            '<!-- wp:jetpack/map {"points":[{"title":"P","coordinates":{"latitude":1.5,"longitude":2.5}}]} /-->')
    out = shortcodes.blocks(text, lambda url: f"EMBED({url})", found)
    assert out == "<p>a</p><p>EMBED(https://vimeo.com/1)</p>"
    assert found.points == [(1.5, 2.5, "P")]
    assert found.dropped_blocks == ["jetpack/map"]


def test_config_merge_keeps_the_users_file() -> None:
    text = '# mine\ntitle = "T"\n\n[redirects]  # old links\n"/a/" = "/b/"\n\n[series.places]\ntitle = "Places"\n'
    merged, problems = merge(text, {"islands": "Islands \"and\" more"}, {"/a/": "/c/", "/tag/x/": "/tags/x/"})
    assert not problems
    assert merged.startswith('# mine\ntitle = "T"\n\n[redirects]  # old links\n"/tag/x/" = "/tags/x/"\n"/a/" = "/b/"')
    data = tomllib.loads(merged)
    assert data["redirects"] == {"/a/": "/b/", "/tag/x/": "/tags/x/"}  # an existing key is not changed
    assert data["series"]["islands"]["title"] == 'Islands "and" more'
    assert data["series"]["places"]["title"] == "Places"


def test_config_merge_refuses_what_it_cannot_do_safely() -> None:
    text = 'title = "T"\nseries = {places = {title = "P"}}\n'
    merged, problems = merge(text, {"islands": "Islands"}, {})
    assert merged == text and "add by hand" in problems[0]


def test_toml_strings() -> None:
    value = 'a"b\\c\u0007\u202e😀'
    assert tomllib.loads("k = " + toml_string(value))["k"] == value


@pytest.mark.parametrize(
    ("path", "safe"),
    [("/2016/02/kaesong/", True), ("/%e5%8c%97/", True), ("/a/../b/", False), ("/%2e%2e/x/", False),
     ("/a%2fb/", False), ("/a\\b/", False), ("relative/", False), ("/a b/", False), ("/<script>/", False)],
)
def test_alias_paths_are_plain(path: str, safe: bool) -> None:
    from atlaspress.app.wordpress.command import safe_path

    assert (safe_path(path) == path) is safe


def test_classic_content_mixing_text_and_blocks() -> None:
    html = ("Intro line\nsecond line\n\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>Left open\n\nThen text.\n"
            "<pre>code\n\nmore code</pre>\nEnd <strong>bold</strong>.")
    assert _md(html) == ("Intro line\\\nsecond line\n\n- a\n- b\n\nLeft open\n\nThen text.\n\n"
                         "```\ncode\n\nmore code\n```\n\nEnd **bold**.\n")
