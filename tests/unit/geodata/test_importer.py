"""`atlaspress import kml`: a My Maps export becomes a post layer, or a new post."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from atlaspress.app.importer import add_layer, import_kml
from atlaspress.content.frontmatter import parse_document
from atlaspress.content.layers import read_layer
from atlaspress.content.load import load_post, validate_front_matter
from atlaspress.core.config import load_config
from atlaspress.core.errors import ContentError
from tests.conftest import post_text

from .conftest import FIXTURES, make_kmz, png_bytes

TODAY = dt.date(2024, 5, 1)
MYMAPS = FIXTURES / "mymaps-kaesong.kml"


def test_import_into_an_existing_post_adds_the_layer_and_keeps_the_rest(make_site) -> None:
    site = make_site({"kaesong": post_text()})
    index = site / "content/places/kaesong/index.md"
    before = index.read_text(encoding="utf-8")
    result = import_kml(MYMAPS, site, Path("content/places/kaesong"), today=TODAY)
    assert result.created is False and result.listed is True
    assert result.post_path == index
    assert result.layer_file == index.parent / "mymaps-kaesong.geojson"
    assert result.features == 5
    assert result.skipped == (
        "NetworkLink 'Live data' was not fetched: atlaspress never downloads linked data",
    )
    after = index.read_text(encoding="utf-8")
    added = (
        "layers:\n"
        '  - {file: mymaps-kaesong.geojson, id: mymaps-kaesong, title: "Kaesong Industrial Zone"}\n'
    )
    assert added + "---\n" in after  # at the end of the front matter
    assert after.replace(added, "") == before  # nothing else changed
    post, diags = load_post(index, site, load_config(site))
    assert post is not None, [d.format() for d in diags]
    assert [layer.spec.file for layer in post.layers] == ["mymaps-kaesong.geojson"]
    assert len(post.layers[0].features) == 5


def test_import_into_a_block_list_appends_one_item(make_site) -> None:
    text = post_text().replace(
        "tags: [test]\n", "layers:\n  - zone.geojson  # the outline\ntags: [test]\n"
    )
    site = make_site(
        {"kaesong": text},
        files={
            "content/places/kaesong/zone.geojson": '{"type": "Point", "coordinates": [126.6, 37.9]}'
        },
    )
    index = site / "content/places/kaesong/index.md"
    before = index.read_text(encoding="utf-8")
    import_kml(MYMAPS, site, site / "content/places/kaesong", today=TODAY)
    after = index.read_text(encoding="utf-8")
    new_line = (
        '  - {file: mymaps-kaesong.geojson, id: mymaps-kaesong, title: "Kaesong Industrial Zone"}\n'
    )
    assert after == before.replace(
        "  - zone.geojson  # the outline\n", "  - zone.geojson  # the outline\n" + new_line
    )
    post, diags = load_post(index, site, load_config(site))
    assert post is not None, [d.format() for d in diags]
    assert [layer.spec.key for layer in post.layers] == ["zone", "mymaps-kaesong"]


def test_reimport_updates_the_file_without_listing_twice(make_site) -> None:
    site = make_site({"kaesong": post_text()})
    import_kml(MYMAPS, site, Path("content/places/kaesong"), today=TODAY)
    index = site / "content/places/kaesong/index.md"
    once = index.read_text(encoding="utf-8")
    again = import_kml(MYMAPS, site, Path("content/places/kaesong"), today=TODAY)
    assert again.listed is False
    assert index.read_text(encoding="utf-8") == once


def test_import_creates_a_post_that_validates(make_site) -> None:
    site = make_site({})
    result = import_kml(MYMAPS, site, today=TODAY)
    assert result.created is True
    index = site / "content/places/kaesong-industrial-zone/index.md"
    assert result.post_path == index
    text = index.read_text(encoding="utf-8")
    assert text.startswith(
        '---\ntitle: "Kaesong Industrial Zone"\ndate: 2024-05-01\nplace:\n'
        '  name: "Kaesong Industrial Zone"\n  at: '
    )
    doc = parse_document(text, "index.md")
    front, diags = validate_front_matter(doc, "index.md")
    assert front is not None and diags == []
    assert front.place.at.lat == pytest.approx(37.94, abs=0.05)
    assert front.place.at.lon == pytest.approx(126.6, abs=0.05)
    assert (
        front.layers[0].file == "mymaps-kaesong.geojson"
        and front.layers[0].title == "Kaesong Industrial Zone"
    )
    assert doc.body.strip()
    post, diags = load_post(index, site, load_config(site))
    assert post is not None, [d.format() for d in diags]
    assert post.slug == "kaesong-industrial-zone"


def test_normalised_geojson_keeps_groups_and_reads_back_identically(make_site) -> None:
    site = make_site({})
    result = import_kml(MYMAPS, site, today=TODAY)
    doc = json.loads(result.layer_file.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["title"] == "Kaesong Industrial Zone"
    assert [g["title"] for g in doc["groups"]] == ["Zone", "Crossings", "Crossings / Road & rail"]
    original, again = read_layer(MYMAPS), read_layer(result.layer_file)
    assert again.features == original.features and again.groups == original.groups


def test_kmz_import_writes_icons_beside_the_layer(make_site, tmp_path: Path) -> None:
    icon = png_bytes()
    kmz = make_kmz(
        tmp_path / "Panmunjom export.kmz",
        {"doc.kml": (FIXTURES / "mymaps-kmz-doc.kml").read_bytes(), "images/icon-1.png": icon},
    )
    site = make_site({})
    result = import_kml(kmz, site, today=TODAY)
    bundle = site / "content/places/panmunjom-crossings"
    assert result.layer_file == bundle / "panmunjom-export.geojson"
    assert result.assets == (bundle / "images/icon-1.png",)
    assert (bundle / "images/icon-1.png").read_bytes() == icon
    features = json.loads(result.layer_file.read_text(encoding="utf-8"))["features"]
    assert features[0]["properties"]["style"]["icon"] == "images/icon-1.png"
    post, diags = load_post(bundle / "index.md", site, load_config(site))
    assert post is not None, [d.format() for d in diags]
    assert "images/icon-1.png" in post.assets


def test_kmz_icons_never_overwrite_a_different_file(make_site, tmp_path: Path) -> None:
    kmz = make_kmz(
        tmp_path / "x.kmz",
        {
            "doc.kml": (FIXTURES / "mymaps-kmz-doc.kml").read_bytes(),
            "images/icon-1.png": png_bytes(),
        },
    )
    site = make_site(
        {"kaesong": post_text()}, files={"content/places/kaesong/images/icon-1.png": "mine"}
    )
    result = import_kml(kmz, site, Path("content/places/kaesong"), today=TODAY)
    bundle = site / "content/places/kaesong"
    assert (bundle / "images/icon-1.png").read_text(encoding="utf-8") == "mine"
    assert result.assets == (bundle / "images/icon-1-2.png",)
    features = json.loads(result.layer_file.read_text(encoding="utf-8"))["features"]
    assert features[0]["properties"]["style"]["icon"] == "images/icon-1-2.png"


def test_import_refuses_bad_input_without_writing(make_site, tmp_path: Path) -> None:
    site = make_site({})
    with pytest.raises(ContentError) as info:
        import_kml(FIXTURES / "billion-laughs.kml", site, today=TODAY)
    assert "entity declaration" in info.value.diagnostic.message
    empty = tmp_path / "empty.kml"
    empty.write_text(
        "<kml><Document><name>Nothing</name><Placemark/></Document></kml>", encoding="utf-8"
    )
    with pytest.raises(ContentError) as info:
        import_kml(empty, site, today=TODAY)
    assert "no features with a location" in info.value.diagnostic.message
    with pytest.raises(ContentError) as info:
        import_kml(MYMAPS, site, Path("content/places/Not A Slug"), today=TODAY)
    assert "not a valid post slug" in info.value.diagnostic.message
    with pytest.raises(ContentError) as info:
        import_kml(MYMAPS, site, tmp_path / "elsewhere", today=TODAY)
    assert "outside the site" in info.value.diagnostic.message
    assert not (site / "content/places").exists() or not any((site / "content/places").iterdir())


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        (
            "layers: [zone.geojson]\n",
            'layers: [zone.geojson, {file: new.geojson, id: new, title: "New"}]\n',
        ),
        (
            "layers: []  # none yet [really]\n",
            'layers: [{file: new.geojson, id: new, title: "New"}]  # none yet [really]\n',
        ),
        ("layers:\n- a.kml\n", 'layers:\n- a.kml\n- {file: new.geojson, id: new, title: "New"}\n'),
        (
            "layers:\n  - {file: a.kml, id: new}\n",
            "layers:\n  - {file: a.kml, id: new}\n"
            '  - {file: new.geojson, id: new-2, title: "New"}\n',
        ),
        ("layers: ~\n", 'layers:\n  - {file: new.geojson, id: new, title: "New"}\n'),
    ],
)
def test_add_layer_edits_only_the_list(layers: str, expected: str) -> None:
    text = "---\ntitle: T\n" + layers + "tags: [a]\n---\nBody\n"
    assert (
        add_layer(text, "index.md", "new.geojson", "new", "New")
        == "---\ntitle: T\n" + expected + "tags: [a]\n---\nBody\n"
    )


def test_add_layer_keeps_crlf_line_endings() -> None:
    text = "---\r\ntitle: T\r\nlayers:\r\n  - a.kml\r\n---\r\nBody\r\n"
    assert (
        add_layer(text, "index.md", "b.geojson", "b", "B")
        == "---\r\ntitle: T\r\nlayers:\r\n  - a.kml\r\n"
        '  - {file: b.geojson, id: b, title: "B"}\r\n---\r\nBody\r\n'
    )


def test_add_layer_refuses_what_it_cannot_edit_safely() -> None:
    text = "---\ntitle: T\nlayers: [a.kml,\n  b.kml]\n---\n"
    with pytest.raises(ContentError) as info:
        add_layer(text, "index.md", "n.geojson", "n", "N")
    assert info.value.diagnostic.line == 3 and "by hand" in (info.value.diagnostic.hint or "")


def test_import_never_writes_through_a_symlink(make_site, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    site = make_site({"kaesong": post_text()})
    (site / "content/places/kaesong/mymaps-kaesong.geojson").symlink_to(outside / "stolen.geojson")
    with pytest.raises(ContentError) as info:
        import_kml(MYMAPS, site, Path("content/places/kaesong"), today=TODAY)
    assert "symbolic link" in info.value.diagnostic.message
    assert not (outside / "stolen.geojson").exists()
