"""Issue 9, point 5: author text inside inline JSON cannot end the script or swallow the page.

In a browser, ``<!--<script>`` inside a ``<script>`` element makes the next ``</script>``
part of the script, so the rest of the document disappears into it. Every inline JSON
(JSON-LD, the maps' ``data-atlas-map`` config) must therefore hold no ``<``, ``>`` or
``&`` at all, only their ``\\u`` escapes, and still parse back to the author's text.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from atlaspress.app.build import compile_site

HOSTILE = "T <!--<script> x </script> & \u2028 end"

POST = """\
---
title: "{h} title"
date: 2022-09-01
summary: "{h} summary"
place:
  name: "{h} place"
  at: 37.93, 126.60
layers: [zone.geojson]
facts:
  - claim: "{h} fact"
    detail: Some *detail*.
---
Body.
"""

ZONE = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": f"{HOSTILE} feature"},
                "geometry": {"type": "Point", "coordinates": [126.6, 37.93]},
            }
        ],
    }
)


class Page(HTMLParser):
    """Start tags in document order, inline script bodies and map configs."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, body)
        self.maps: list[str] = []
        self._script: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "script":
            self._script = found.get("type") or ""
            self.scripts.append((self._script, ""))
        if found.get("data-atlas-map") is not None:
            self.maps.append(str(found["data-atlas-map"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            kind, body = self.scripts[-1]
            self.scripts[-1] = (kind, body + data)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    site = tmp_path_factory.mktemp("inline-json") / "site"
    bundle = site / "content" / "places" / "kaesong"
    bundle.mkdir(parents=True)
    (site / "atlaspress.toml").write_text('title = "Test Atlas"\nbase_url = "https://atlas.example/"\n')
    (bundle / "index.md").write_text(POST.format(h=HOSTILE.replace("\u2028", "\\u2028")), encoding="utf-8")
    (bundle / "zone.geojson").write_text(ZONE, encoding="utf-8")
    result = compile_site(site)
    assert not result.report.errors, result.diagnostics
    return result.output


def pages(output):
    return {name: data.decode("utf-8") for name, data in output.items() if name.endswith(".html")}


def test_no_inline_script_holds_markup(output):
    seen = 0
    for name, text in pages(output).items():
        for kind, body in Page(text).scripts:
            seen += bool(body.strip())
            for bad in ("<", ">", "&", "</script", "<!--", "\u2028"):
                assert bad not in body, f"{name}: {kind or 'script'} holds {bad!r}"
    assert seen >= 1  # the post's JSON-LD at least


def test_the_post_page_is_not_swallowed(output):
    page = Page(pages(output)["places/kaesong/index.html"])
    jsonld = [body for kind, body in page.scripts if kind == "application/ld+json"]
    assert len(jsonld) == 1
    after = page.tags[page.tags.index("script") :]
    assert "main" in after and "footer" in after and "article" in after
    assert page.tags[-1] != "script"


def test_json_ld_parses_back_to_the_authors_text(output):
    page = Page(pages(output)["places/kaesong/index.html"])
    data = json.loads(next(body for kind, body in page.scripts if kind == "application/ld+json"))
    assert data["headline"] == f"{HOSTILE} title"
    assert data["description"] == f"{HOSTILE} summary"
    assert data["contentLocation"]["name"] == f"{HOSTILE} place"


def test_map_configs_escape_markup_and_parse_back(output):
    configs = {name: Page(text).maps for name, text in pages(output).items()}
    for name in ("places/kaesong/index.html", "embed/kaesong/index.html"):
        raw = output[name].decode("utf-8")
        assert "\\u003c!--\\u003cscript\\u003e" in raw  # escaped before the attribute is HTML-escaped
        assert [json.loads(c)["title"] for c in configs[name]] == [f"{HOSTILE} place"]


def test_fact_and_feature_names_stay_text(output):
    text = pages(output)["places/kaesong/index.html"]
    escaped = "T &lt;!--&lt;script&gt; x &lt;/script&gt; &amp;"
    assert f"{escaped} \u2028 end fact</h3>" in text
    assert f"{escaped} end feature</strong>" in text  # the layer reader folds the line separator
    assert "<!--<script>" not in text


def test_one_helper_escapes_every_inline_json():
    from atlaspress.render import inline_json

    value = {"a": "</script><!--<script>&\u2028\u2029", "b": ["<>"]}
    text = str(inline_json(value))
    assert text == (
        '{"a": "\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e\\u0026\\u2028\\u2029", '
        '"b": ["\\u003c\\u003e"]}'
    )
    assert json.loads(text) == value
