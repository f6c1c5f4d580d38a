"""Issue 9, point 6: only what a post uses is published; nothing hidden, no live documents."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree

from atlaspress.app.build import build_site, compile_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import ConfigError

from ..conftest import CONFIG

POST = """\
---
title: Kaesong
date: 2022-09-01
place:
  name: Kaesong
  at: 37.93, 126.60
layers: [zone.geojson]
facts:
  - claim: A claim
    detail: See [the report](docs/report%20one.pdf).
    image: photo.jpg
    alt: A photo
---
A map ![drawing](pic.svg), a raw <img src="./raw.png" alt="">, [a page](page.html) and
[the KML](export.kml).
"""

ZONE = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Gate"}, "geometry": {"type": "Point", "coordinates": [126.6, 37.93]}}
]})

HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"'
    ' onload="alert(1)"><script>alert(2)</script>'
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></div></foreignObject>'
    '<a xlink:href="javascript:alert(4)"><text>click</text></a>'
    '<image href="https://evil.example/beacon.png"/>'
    '<style>@import url(https://evil.example/x.css);</style>'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#c00"/></linearGradient></defs>'
    '<rect width="5" height="5" fill="url(#g)" onclick="steal()"/>'
    '<circle r="2" fill="url(https://evil.example/p)"/><use xlink:href="#g"/>'
    "<text x=\"1\" y=\"9\">Kaesong &amp; the MDL</text></svg>"
)
KML_WITH_SCRIPT = (
    '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
    '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></Document></kml>'
)

FILES = {
    "index.md.bak": "--- old front matter",
    "index.md~": "x",
    "#index.md#": "x",
    "notes.md.swp": "x",
    ".DS_Store": "x",
    ".git/config": "[remote]\n\turl = https://token@example.com/secret.git\n",
    "images/.cache/thumb.png": "x",
    "zone.geojson": ZONE,
    "photo.jpg": "jpeg",
    "raw.png": "png",
    "docs/report one.pdf": "%PDF-1.4",
    "extra/brochure.pdf": "%PDF-1.4",
    "draft-notes.txt": "not for readers",
    "pic.svg": HOSTILE_SVG,
    "unused.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "page.html": "<script>document.cookie</script>",
    "other.htm": "<script>document.cookie</script>",
    "export.kml": KML_WITH_SCRIPT,
}


HANS = "---\ntitle: Hans Island\ndate: 2022-06-14\nplace:\n  name: Hans Island\n  at: 80.83, -66.46\n---\nBody.\n"


@pytest.fixture
def site(make_site, chdir_tmp):
    files = {f"content/places/kaesong/{name}": text for name, text in FILES.items()}
    return make_site({"kaesong": POST, "hans-island": HANS}, files=files)


def post_files(output: dict[str, bytes]) -> list[str]:
    generated = {"index.html", "map.geojson", "card.png", "thumb.svg", "basemap.geojson"}
    return sorted(
        name.removeprefix("places/kaesong/")
        for name in output
        if name.startswith("places/kaesong/") and name.rsplit("/", 1)[-1] not in generated
    )


def test_only_referenced_and_named_files_are_published(site):
    result = compile_site(site)
    assert not result.report.errors
    assert post_files(result.output) == [
        "docs/report one.pdf",  # linked from a fact, percent-encoded
        "photo.jpg",  # a fact image
        "pic.svg",  # a Markdown image, cleaned
        "raw.png",  # raw HTML in the body
        "zone.geojson",  # a layer
    ]
    assert "places/kaesong/index.html" in result.output
    assert "places/hans-island/index.html" in result.output


def test_the_sites_publish_patterns_add_unlinked_files(site):
    (site / "atlaspress.toml").write_text('publish = ["extra/*.pdf", "*.svg", "*.html"]\n' + CONFIG, encoding="utf-8")
    result = compile_site(site)
    assert "places/kaesong/extra/brochure.pdf" in result.output
    assert b"<script" not in result.output["places/kaesong/unused.svg"]  # named, so published, but cleaned
    assert "places/kaesong/page.html" not in result.output  # a pattern never publishes a page file
    assert "places/kaesong/index.md.bak" not in result.output


def test_page_files_and_live_xml_are_refused_with_located_warnings(site):
    result = compile_site(site)
    warnings = [d.format() for d in result.report.warnings if d.code == "publish"]
    assert warnings == [
        "site/content/places/kaesong/export.kml:1:1: warning[publish]: export.kml is not published: it holds "
        "XHTML, SVG or MathML elements, which a browser would run\n"
        "  hint: remove the XHTML, SVG or style sheet from the file",
        "site/content/places/kaesong/other.htm:1:1: warning[publish]: other.htm is not published: the post does "
        "not link to it, and a browser would run it as a page of the site\n"
        "  hint: put the content in the post's Markdown, link to where the page is hosted, or publish a PDF "
        "instead",
        "site/content/places/kaesong/page.html:1:1: warning[publish]: page.html is not published: the post links "
        "to it, but a browser would run it as a page of the site\n"
        "  hint: put the content in the post's Markdown, link to where the page is hosted, or publish a PDF "
        "instead",
        "site/content/places/kaesong/pic.svg:1:1: warning[publish]: pic.svg is published without <a>, "
        "<foreignObject>, <image>, <script>, <style>, external references, onclick handlers, onload handlers\n"
        "  hint: scripts, event handlers, embedded HTML and external references never reach readers; draw "
        "without them to silence this",
    ]


def test_a_published_svg_keeps_the_drawing_and_loses_everything_live(site):
    svg = compile_site(site).output["places/kaesong/pic.svg"]
    text = svg.decode("utf-8")
    for bad in ("<script", "onload", "onclick", "javascript:", "foreignObject", "evil.example", "@import", "<a "):
        assert bad not in text
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("viewBox") == "0 0 10 10"
    assert [child.tag.removeprefix(ns) for child in root] == ["defs", "rect", "circle", "use", "text"]
    assert root.find(f"{ns}rect").attrib == {"width": "5", "height": "5", "fill": "url(#g)"}
    assert root.find(f"{ns}circle").attrib == {"r": "2"}
    assert root.find(f"{ns}use").attrib == {"href": "#g"}
    assert root.find(f"{ns}text").text == "Kaesong & the MDL"


def test_the_written_site_holds_none_of_the_hostile_parts(site):
    result = build_site(site)
    assert result.written and not result.report.errors
    bundle_out = site / "public" / "places" / "kaesong"
    written = sorted(p.relative_to(bundle_out).as_posix() for p in bundle_out.rglob("*") if p.is_file())
    for name in (".git/config", "index.md.bak", "index.md~", "#index.md#", "notes.md.swp", ".DS_Store",
                 "images/.cache/thumb.png", "page.html", "other.htm", "unused.svg", "draft-notes.txt", "export.kml"):
        assert name not in written
    assert not any("secret" in p.read_text(errors="replace") for p in (site / "public").rglob("*") if p.is_file()
                   and p.suffix in {".html", ".json", ".xml", ""})
    assert (site / "public/places/hans-island/index.html").is_file()


def test_a_missing_fact_image_keeps_todays_warning(make_site, chdir_tmp):
    site = make_site({"kaesong": POST.replace("image: photo.jpg", "image: gone.jpg")},
                     files={"content/places/kaesong/zone.geojson": ZONE})
    result = compile_site(site)
    assert [d.format() for d in result.report.warnings if d.code == "facts.0.image"] == [
        "site/content/places/kaesong/index.md:11:12: warning[facts.0.image]: image 'gone.jpg' is not in the post folder"
    ]
    assert "places/kaesong/gone.jpg" not in result.output


def test_an_svg_with_entities_is_refused(make_site, chdir_tmp):
    bomb = '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>'
    site = make_site({"kaesong": POST}, files={"content/places/kaesong/zone.geojson": ZONE,
                                                 "content/places/kaesong/pic.svg": bomb})
    result = compile_site(site)
    assert [d.format() for d in result.report.warnings if d.code == "publish"][-1] == (
        "site/content/places/kaesong/pic.svg:1:1: warning[publish]: pic.svg is not published: it declares XML "
        "entities or external references\n"
        "  hint: save it again from the drawing program as plain SVG, or export a PNG"
    )
    assert "places/kaesong/pic.svg" not in result.output


@pytest.mark.parametrize("pattern", ["../secrets/*", "/etc/*", "C:/x", ""])
def test_publish_patterns_stay_inside_the_post_folder(make_site, chdir_tmp, pattern):
    site = make_site({}, config=CONFIG.replace('author = "Desk"', f'author = "Desk"\npublish = ["{pattern}"]'))
    with pytest.raises(ConfigError) as caught:
        load_config(site)
    assert caught.value.diagnostic.code == "config.publish"
    assert "must be relative to the post folder" in caught.value.diagnostic.message


@pytest.mark.parametrize(
    ("name", "hidden"),
    [(".git/config", True), ("a/.env", True), ("index.md.bak", True), ("x.orig", True), ("#a#", True),
     ("a.swp", True), ("a~", True), (".DS_Store", True), ("Thumbs.db", True), ("__MACOSX/a.png", True),
     ("zone.geojson", False), ("photos/gate.jpg", False), ("report.pdf", False)],
)
def test_hidden_and_backup_names(name, hidden):
    from atlaspress.content.publish import never_published

    assert never_published(name) is hidden

