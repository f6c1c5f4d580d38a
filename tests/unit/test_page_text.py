"""What the reader's page says: generated sentences keep the author's words as written."""

from __future__ import annotations

import json
import re

from atlaspress.app.build import compile_site
from atlaspress.core.text import join_phrases

from ..conftest import CONFIG, post_text

LINE = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Crossing"},
     "geometry": {"type": "LineString", "coordinates": [[168.90, 65.75], [168.95, 65.76]]}}]}
POINTS = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "Ledyard Bay"},
     "geometry": {"type": "Point", "coordinates": [168.92, 65.76]}}]}


def test_join_phrases_keeps_case_and_order():
    joined = join_phrases(["US–Russia boundary", "Big and Little Diomede"])
    assert joined == "US–Russia boundary and Big and Little Diomede"
    assert join_phrases(["a", "", None, "B", "iPhone"]) == "a, B and iPhone"
    assert join_phrases([]) == ""


def _post_with_layers() -> str:
    text = post_text("Diomede", "2024-12-05", "65.757 N, 168.925 W")
    return text.replace(
        "series: contentious-borders\n",
        "series: contentious-borders\nlayers:\n"
        "  - {file: line.geojson, id: boundary, title: US–Russia boundary and Date Line}\n"
        "  - {file: points.geojson, id: islands, title: Islands claimed by Japan}\n",
    )


def test_map_intro_keeps_the_authors_capitals(make_site):
    site = make_site({"diomede": _post_with_layers()},
                     files={"content/places/diomede/line.geojson": json.dumps(LINE),
                            "content/places/diomede/points.geojson": json.dumps(POINTS)})
    html = compile_site(site).output["places/diomede/index.html"].decode()
    intro = re.search(r'<div class="webmap__intro">\s*<p>(.*?)</p>', html, re.S)
    assert intro, "no map intro"
    assert "shows US–Russia boundary and Date Line and Islands claimed by Japan." in intro.group(1)
    assert "us–russia" not in html and "islands claimed by japan" not in html


def test_series_phrase_defaults_to_the_title_as_written(make_site):
    config = CONFIG.replace('title = "Contentious borders"', 'title = "Cold War Borders"')
    site = make_site({"a": post_text("Alpha", "2022-01-01", "37.93, 126.60"),
                      "b": post_text("Beta", "2023-01-01", "24.45, 118.38")}, config=config)
    html = compile_site(site).output["places/a/index.html"].decode()
    assert "For other places in Cold War Borders, see" in html
    assert "cold war borders" not in html


def test_an_empty_corner_cell_is_not_a_header():
    from atlaspress.content.markdown import render_markdown

    html = render_markdown("| | Big | Little |\n|---|---|---|\n| Time | UTC+12 | UTC−9 |\n").html
    assert "<th></th>" not in html and "<td></td>" in html
    assert html.count("<th>") == 2


def test_local_name_parts_get_language_tags_not_country_codes():
    from types import SimpleNamespace as P

    from atlaspress.content.localname import local_name_parts

    assert local_name_parts(P(local_name="개성공업지구", local_lang=None, country="KP")) == [("개성공업지구", "ko")]
    # Cyprus: "cy" would be Welsh; Greek script says Greek, the author tags the Turkish part.
    assert local_name_parts(P(local_name="Πράσινη Γραμμή / Yeşil Hat", local_lang=None, country="CY")) == [
        ("Πράσινη Γραμμή", "el"), ("Yeşil Hat", None)]
    assert local_name_parts(P(local_name="Πράσινη Γραμμή / Yeşil Hat", local_lang=["el", "tr"], country="CY")) == [
        ("Πράσινη Γραμμή", "el"), ("Yeşil Hat", "tr")]
    assert local_name_parts(P(local_name="金門、連江（馬祖）", local_lang=None, country="TW")) == [
        ("金門、連江（馬祖）", "zh-Hant")]
    assert local_name_parts(P(local_name="北方領土", local_lang=None, country="RU")) == [("北方領土", None)]
    kana = "ほっぽうりょうど"
    assert local_name_parts(P(local_name=kana, local_lang=None, country="RU")) == [(kana, "ja")]
    assert local_name_parts(P(local_name=None, local_lang=None, country="KP")) == []


def test_the_page_tags_each_part_of_the_local_name(make_site):
    text = post_text("Green Line", "2024-05-20", "35.17, 33.36").replace(
        "  name: Green Line\n",
        "  name: Green Line\n  local_name: Πράσινη Γραμμή / Yeşil Hat\n  local_lang: [el, tr]\n")
    html = compile_site(make_site({"green": text})).output["places/green/index.html"].decode()
    assert '<span lang="el">Πράσινη Γραμμή</span> / <span lang="tr">Yeşil Hat</span>' in html
    assert 'lang="cy"' not in html


def test_a_country_code_is_not_accepted_as_a_language_tag(make_site):
    text = post_text("Green Line", "2024-05-20", "35.17, 33.36").replace(
        "  name: Green Line\n", "  name: Green Line\n  local_name: Yeşil Hat\n  local_lang: 'tr_TR!'\n")
    result = compile_site(make_site({"green": text}))
    assert any("language tag" in d.format() for d in result.diagnostics)


def test_fonts_are_self_hosted_fingerprinted_and_swap(make_site):
    from atlaspress.render.pages import FONTS

    out = compile_site(make_site({"a": post_text()})).output
    css_name = next(n for n in out if n.startswith("assets/style.") and n.endswith(".css"))
    css = out[css_name].decode()
    faces = re.findall(r"@font-face\s*\{[^}]*\}", css)
    if not (FONTS / "source-serif-4-regular-latin.woff2").is_file():
        assert faces == []  # not vendored: the rules go, the stack falls back to system serifs
        return
    assert faces and all("font-display: swap" in f and "unicode-range" in f for f in faces)
    for url in re.findall(r'url\("([^"]+)"\)', " ".join(faces)):
        assert re.fullmatch(r"fonts/[a-z0-9-]+\.[0-9a-f]{10}\.woff2", url)
        assert out["assets/" + url][:4] == b"wOF2"
    assert '"Source Serif 4"' in css.split("--serif:", 1)[1].split(";", 1)[0]
