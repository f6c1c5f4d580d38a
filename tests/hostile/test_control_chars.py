"""Issue 9, point 8: control characters never break output.

A form feed or ESC in the body made ``feed.xml`` invalid, ``\\x0b`` in a title broke the feed
and the thumbnail SVG, NUL or U+FFFE aborted the build. Characters XML cannot carry are now
removed when the post is read — written as they are, or as YAML or GeoJSON escapes — with one
located warning per file, and every XML and SVG file the build writes is well-formed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from atlaspress.app.build import build_site

from ..conftest import post_text

# C0 controls, DEL, C1 controls (NEL among them), noncharacters
CHARS = ["\x00", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9b", "\ufdd0", "\ufffe", "\uffff"]
HINT = ("\n  hint: they are invisible control characters or noncharacters, often pasted in from a PDF "
        "or a word processor; delete them from the file")
LAYER_NOTE = "removed {n} character{s} that XML and HTML cannot carry from feature names and descriptions"


def hostile_post(c: str, n: int) -> str:
    """``c`` in the title, summary, place name, a fact, an event, a source title, the body."""
    return f"""\
---
title: "Ti{c}tle {n}"
date: 2022-09-{n + 1:02d}
summary: Sum{c}mary with {c} two.
place:
  name: Pl{c}ace
  at: 37.93, 126.60
layers:
  - {{file: zone.geojson, id: zone, title: "Zo{c}ne"}}
tags: [hostile]
facts:
  - claim: Cl{c}aim
    detail: De{c}tail with a [link](https://example.org/{n}).
events:
  - {{when: 2004, what: "Ev{c}ent"}}
sources:
  - {{title: "So{c}urce", url: "https://example.com/"}}
---
Bo{c}dy with a form feed{c} and more.

| a{c} | b |
|---|---|
| {c}1 | 2 |
"""


def zone(name: str) -> str:
    ring = [[126.5, 37.9], [126.7, 37.9], [126.7, 38.0], [126.5, 38.0], [126.5, 37.9]]
    feature = {"type": "Feature", "properties": {"name": name, "description": f"<p>{name}</p>", "note": name},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    return json.dumps({"type": "FeatureCollection", "features": [feature]}, ensure_ascii=True)


ESCAPED = """\
---
title: "Escaped \\v \\e \\0 \\uFFFE \\N end"
date: 2022-08-01
summary: "Sum\\x0cmary"
place:
  name: "Pl\\x1bace"
  at: 37.93, 126.60
layers: [zone.geojson]
facts:
  - {claim: "Cl\\baim", detail: "x"}
events:
  - {when: 2004, what: "Ev\\x7fent"}
sources:
  - {title: "So\\u0085urce"}
---
Body &#12; with an entity &#x1b; and <b>&#11;</b>.
"""


@pytest.fixture
def hostile_site(make_site: Callable[..., Path], chdir_tmp: Path) -> Path:
    posts = {f"p{n}": hostile_post(c, n) for n, c in enumerate(CHARS)}
    files = {f"content/places/p{n}/zone.geojson": zone(f"Zo{c}ne") for n, c in enumerate(CHARS)}
    posts["escaped"] = ESCAPED
    files["content/places/escaped/zone.geojson"] = zone("Lone \ud800 surrogate \u000b and \ufffe")
    posts["good"] = post_text(title="Good place")
    site = make_site(posts, files=files)
    for n, c in enumerate(CHARS):  # make_site writes text; this must be the exact bytes
        (site / f"content/places/p{n}/index.md").write_bytes(hostile_post(c, n).encode("utf-8"))
    return site


def test_a_hostile_site_builds_every_post_with_one_warning_each(hostile_site, chdir_tmp):
    result = build_site(Path("site"), Path("out"))
    assert result.written
    expected = []
    for n, c in enumerate(CHARS):
        # title, summary (2), place, layer title, claim, detail, event, source, body (4): 13
        expected.append(f"site/content/places/p{n}/index.md:2:11: warning[text.control]: removed 13 characters "
                        f"that XML and HTML cannot carry (first: U+{ord(c):04X})" + HINT)
        # the description and the extra property (names were already spaced out by the reader);
        # the HTML sanitizer drops a NUL from the description itself
        layer = LAYER_NOTE.format(n=1, s="") if c == "\x00" else LAYER_NOTE.format(n=2, s="s")
        expected.append(f"site/content/places/p{n}/index.md:9:5: warning[layers.0]: zone.geojson: {layer}")
    # YAML escapes: 5 in the title, then summary, place, claim, event, source; entities in the
    # body are removed from the rendered HTML without a word
    expected.append("site/content/places/escaped/index.md:2:8: warning[text.control]: removed 10 characters "
                    "that XML and HTML cannot carry (first: U+000B)" + HINT)
    # GeoJSON escapes: U+000B and U+FFFE in the description, all three in the extra property
    expected.append("site/content/places/escaped/index.md:8:10: warning[layers.0]: zone.geojson: "
                    + LAYER_NOTE.format(n=5, s="s"))
    assert sorted(d.format() for d in result.diagnostics) == sorted(expected)
    out = chdir_tmp / "out"
    for slug in [*(f"p{n}" for n in range(len(CHARS))), "escaped", "good"]:
        assert (out / "places" / slug / "index.html").is_file(), slug
    assert (out / "places/p2/index.html").read_text(encoding="utf-8").count("Title 2") >= 1


def test_every_xml_and_svg_the_build_writes_is_well_formed(hostile_site, chdir_tmp):
    result = build_site(Path("site"), Path("out"))
    assert result.written
    out = chdir_tmp / "out"
    xml = sorted(p for p in out.rglob("*") if p.suffix in (".xml", ".svg"))
    assert {"feed.xml", "sitemap.xml"} <= {p.name for p in xml} and any(p.suffix == ".svg" for p in xml)
    assert (out / "tags/hostile/feed.xml") in xml
    for path in xml:
        ET.parse(path)  # raises ParseError on a character XML cannot carry
    for path in out.rglob("*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    feed = ET.parse(out / "feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Title 2" in titles and "Escaped" + " " * 6 + "end" in titles
    for page in out.rglob("*.html"):  # pages and inline SVG: none of the characters survives
        text = page.read_text(encoding="utf-8")
        assert not any(c in text for c in CHARS), page


def test_columns_after_removed_characters_still_point_at_the_mistake(make_site, chdir_tmp):
    text = post_text(title="Columns") + "\nSee \x1b\x1b[the other](nowhere-at-all).\n"
    make_site({"x": text, "good": post_text(title="Good place")})
    (chdir_tmp / "site/content/places/x/index.md").write_bytes(text.encode())
    result = build_site(Path("site"), Path("out"))
    assert [d.format() for d in result.diagnostics] == [
        "site/content/places/x/index.md:18:5: warning[text.control]: removed 2 characters "
        "that XML and HTML cannot carry (first: U+001B)" + HINT,
        "site/content/places/x/index.md:18:19: warning[link]: link to 'nowhere-at-all' matches no post\n"
        "  hint: link to another post by its folder name, e.g. [Hans Island](hans-island)",
    ]


def test_a_yaml_error_after_removed_characters_is_at_the_authors_column(make_site, chdir_tmp):
    text = post_text(title="Columns").replace("summary: A summary.", "summary: \x0b\x0bA: b")
    make_site({"x": text, "good": post_text(title="Good place")})
    (chdir_tmp / "site/content/places/x/index.md").write_bytes(text.encode())
    result = build_site(Path("site"), Path("out"))
    assert [d.format() for d in result.diagnostics] == [
        "site/content/places/x/index.md:4:13: error[yaml]: invalid YAML: mapping values are not allowed in this "
        "context\n  hint: check indentation and quote values that contain ': ' or start with a special character",
    ]
    assert (chdir_tmp / "out/places/good/index.html").is_file()
