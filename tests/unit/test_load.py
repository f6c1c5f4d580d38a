import json
from pathlib import Path

from atlaspress.content.frontmatter import parse_document
from atlaspress.content.load import load_site
from atlaspress.core.config import load_config
from atlaspress.core.errors import Report

from ..conftest import post_text


def load(site: Path):
    report = Report()
    content = load_site(site, load_config(site), report)
    return content, report


def test_loads_a_post_with_positions(make_site):
    site = make_site({"kaesong": post_text()})
    content, report = load(site)
    assert report.items == []
    (post,) = content.posts
    assert post.slug == "kaesong"
    assert post.front.place.at.lat == 37.93
    assert post.body_line == 16
    assert post.body.strip() == "Body of Kaesong."
    assert post.positions.locate(("place", "at")) == (7, 7)


def test_content_hash_changes_with_the_text_and_layers(make_site):
    site = make_site({"a": post_text()})
    first = load(site)[0].posts[0].content_hash
    assert load(site)[0].posts[0].content_hash == first
    (site / "content/places/a/index.md").write_text(post_text(title="Other"), encoding="utf-8")
    assert load(site)[0].posts[0].content_hash != first


def test_yaml_keeps_norway_and_dates_as_text():
    doc = parse_document("---\ncountry: NO\nwhen: 2016-02-10\nflag: true\n---\n", "x.md")
    assert doc.data == {"country": "NO", "when": "2016-02-10", "flag": True}


def test_geojson_layer_is_loaded(make_site):
    text = post_text().replace("tags: [test]", "tags: [test]\nlayers:\n  - {file: zone.geojson, id: zone, title: Zone}")
    site = make_site({"a": text})
    zone = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Z"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[126.59, 37.92], [126.64, 37.92], [126.64, 37.95], [126.59, 37.92]]],
                },
            }
        ],
    }
    (site / "content/places/a/zone.geojson").write_text(json.dumps(zone))
    content, report = load(site)
    assert report.items == []
    (layer,) = content.posts[0].layers
    assert layer.spec.key == "zone" and layer.features[0]["properties"]["name"] == "Z"
    assert content.posts[0].assets == ("zone.geojson",)


def test_missing_layer_file_is_an_error_at_its_line(make_site, chdir_tmp):
    text = post_text().replace("tags: [test]", "tags: [test]\nlayers: [nothere.geojson]")
    make_site({"a": text})
    content, report = load(Path("site"))
    assert content.posts == ()
    (d,) = report.items
    assert d.format().startswith(
        "site/content/places/a/index.md:10:10: error[layers.0.file]: layer file 'nothere.geojson' does not exist"
    )


def test_symlinked_layer_is_refused(make_site, tmp_path):
    text = post_text().replace("tags: [test]", "tags: [test]\nlayers: [evil.geojson]")
    site = make_site({"a": text})
    outside = tmp_path / "outside.geojson"
    outside.write_text('{"type": "Point", "coordinates": [0, 0]}')
    (site / "content/places/a/evil.geojson").symlink_to(outside)
    content, report = load(site)
    assert content.posts == ()
    assert "is a link or leaves the site folder" in report.items[0].message


def test_invalid_slug_folder(make_site):
    site = make_site({"Bad_Slug": post_text()})
    content, report = load(site)
    assert content.posts == ()
    assert report.items[0].code == "slug"


def test_multiple_errors_in_one_post_are_all_reported(make_site):
    text = post_text().replace("date: 2022-09-01", "date: nope\ncolour: red").replace("at: 37.93, 126.60", "at: 95, 10")
    site = make_site({"a": text})
    _, report = load(site)
    assert [d.code for d in report.sorted()] == ["date", "colour", "place.at"]


def test_a_bundle_linked_from_outside_the_site_is_refused(make_site, tmp_path):
    site = make_site({"a": post_text()})
    outside = tmp_path / "elsewhere" / "b"
    outside.mkdir(parents=True)
    (outside / "index.md").write_text(post_text("B"))
    (site / "content/places/b").symlink_to(outside, target_is_directory=True)
    content, report = load(site)
    assert [p.slug for p in content.posts] == ["a"]
    (d,) = report.items
    assert (d.code, d.message) == ("path", "the post is a link to a file outside the site folder")


def test_an_index_linked_from_outside_the_site_is_refused(make_site, tmp_path):
    site = make_site({"a": post_text()})
    outside = tmp_path / "elsewhere.md"
    outside.write_text(post_text("B"))
    (site / "content/places/b").mkdir()
    (site / "content/places/b/index.md").symlink_to(outside)
    content, report = load(site)
    assert [p.slug for p in content.posts] == ["a"]
    (d,) = report.items
    assert (d.code, d.message) == ("path", "the post is a link to a file outside the site folder")


def test_a_places_folder_linked_inside_the_site_is_read(make_site):
    site = make_site({"a": post_text()})
    places = site / "content" / "places"
    places.rename(site / "kept-places")
    places.symlink_to(site / "kept-places", target_is_directory=True)
    content, report = load(site)
    assert [p.slug for p in content.posts] == ["a"] and not report.items
