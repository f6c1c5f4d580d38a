"""GeoJSON (RFC 7946): kept as authored, checked, and every error located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atlaspress.content.layers import LayerGroup, read_layer

from .conftest import FIXTURES, error_of


@pytest.fixture(scope="module")
def shapes():
    return read_layer(FIXTURES / "shapes.geojson", display="shapes.geojson")


def test_collection_title_and_count(shapes) -> None:
    assert shapes.title == "Shapes for atlaspress tests"
    assert len(shapes.features) == 8


def test_polygon_with_hole_and_simplestyle_properties(shapes) -> None:
    zone = shapes.features[0]
    assert zone["id"] == "zone"
    assert len(zone["geometry"]["coordinates"]) == 2
    assert zone["properties"] == {
        "name": "Zone with a hole",
        "description": None,
        "group": None,
        "style": {"stroke": "#0f9d58", "fill-opacity": 0.3},
        "data": {"opened": 2004},
    }


def test_multipolygon_title_as_name_and_sanitized_description(shapes) -> None:
    islands = shapes.features[1]
    assert (
        islands["geometry"]["type"] == "MultiPolygon"
        and len(islands["geometry"]["coordinates"]) == 2
    )
    assert islands["properties"]["name"] == "Two islands"
    assert islands["properties"]["description"] == "<p>Kinmen and Matsu</p>"


def test_antimeridian_geometries_kept_as_authored(shapes) -> None:
    cut, crossing = shapes.features[2], shapes.features[3]
    assert cut["geometry"]["coordinates"] == [
        [[178.5, -17.0], [180.0, -16.5]],
        [[-180.0, -16.5], [-178.5, -16.0]],
    ]
    assert crossing["geometry"]["coordinates"] == [[179.5, 51.0], [-179.5, 51.5]]


def test_null_geometry_kept_and_data_object_merged(shapes) -> None:
    empty = shapes.features[4]
    assert empty["geometry"] is None
    assert empty["properties"]["data"] == {"source": "interview"}


def test_3d_coordinates_trimmed(shapes) -> None:
    assert shapes.features[5]["geometry"] == {"type": "Point", "coordinates": [127.8, 38.3]}
    collection = shapes.features[6]["geometry"]
    assert collection["geometries"][1]["coordinates"] == [[126.6, 37.9], [126.7, 38.0]]
    assert shapes.features[6]["properties"]["name"] is None


def test_ring_orientation_is_a_warning_with_line_not_a_change(shapes) -> None:
    assert shapes.warnings == (
        "line 67: feature 8 ('Clockwise square'): exterior ring runs clockwise; "
        "RFC 7946 §3.1.6 asks for counterclockwise exteriors and clockwise holes "
        "(kept as authored)",
    )
    assert shapes.features[7]["geometry"]["coordinates"][0][1] == [10.0, 11.0]


def test_continuous_antimeridian_longitudes_are_kept_with_a_warning() -> None:
    layer = read_layer(FIXTURES / "antimeridian-continuous.geojson")
    assert layer.features[0]["geometry"]["coordinates"] == [[178.0, -18.0], [181.5, -17.5]]
    assert layer.warnings[0].startswith(
        "line 5: feature 1 ('Continuous across 180'): longitude 181.5 is beyond ±180"
    )


def test_bad_json_gives_file_line_message() -> None:
    err = error_of(read_layer, FIXTURES / "bad.geojson", display="bad.geojson")
    assert (
        err.diagnostic.format().splitlines()[0]
        == "bad.geojson:5:5: error[layer]: invalid JSON: Expecting ',' delimiter"
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.geojson"
    path.write_text(text, encoding="utf-8")
    return path


def collection(*geometries: str) -> str:
    features = ",\n".join(
        '{"type": "Feature", "properties": {},\n "geometry": ' + g + "}" for g in geometries
    )
    return '{"type": "FeatureCollection", "features": [\n' + features + "\n]}"


@pytest.mark.parametrize(
    ("geometry", "line", "message"),
    [
        ('{"type": "Point", "coordinates": [37.9, 126.6]}', 5, "latitude 126.6 is out of range"),
        (
            '{"type": "Point", "coordinates": [600, 10]}',
            5,
            "longitude 600 is out of range (-540 to 540)",
        ),
        (
            '{"type": "Point", "coordinates": ["126", 37]}',
            5,
            "a position must be a list of 2 or 3 numbers",
        ),
        ('{"type": "Point", "coordinates": [1e400, 37]}', 5, "a position must be a list"),
        ('{"type": "Point", "coordinates": [NaN, 37]}', 5, "a position must be a list"),
        ('{"type": "Point", "coordinates": [true, 37]}', 5, "a position must be a list"),
        (
            '{"type": "LineString", "coordinates": [[1, 2]]}',
            5,
            "a LineString needs at least 2 positions",
        ),
        (
            '{"type": "Polygon", "coordinates": [\n[[0,0],[1,0],[0,0]]]}',
            6,
            "needs at least 4 positions",
        ),
        (
            '{"type": "Polygon", "coordinates": [\n[[0,0],[1,0],[1,1],[0,1]]]}',
            6,
            "ring is not closed",
        ),
        ('{"type": "Circle", "coordinates": [1, 2]}', 5, "unknown geometry type 'Circle'"),
        ('{"type": "MultiPolygon", "coordinates": 5}', 5, "expected a list of coordinates"),
        ('{"type": "Point"}', 5, 'a Point needs "coordinates"'),
        ('{"type": "GeometryCollection"}', 5, 'needs a "geometries" list'),
    ],
)
def test_structure_errors_name_the_line(
    tmp_path: Path, geometry: str, line: int, message: str
) -> None:
    text = collection('{"type": "Point", "coordinates": [0, 0]}', geometry)
    err = error_of(read_layer, write(tmp_path, text), display="x.geojson")
    assert err.diagnostic.line == line, err.diagnostic.format()
    assert message in err.diagnostic.message
    assert "feature 2" in err.diagnostic.message  # numbered from 1, as `check` does


def test_swapped_position_hint(tmp_path: Path) -> None:
    err = error_of(
        read_layer, write(tmp_path, collection('{"type": "Point", "coordinates": [37.9, 126.6]}'))
    )
    assert (
        err.diagnostic.hint
        == "values look swapped: GeoJSON writes [lon, lat], longitude first: [126.6, 37.9]"
    )
    assert (err.diagnostic.line, err.diagnostic.column) == (3, 47)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "Topology"}', "this is not GeoJSON"),
        ("[1, 2]", "this is not GeoJSON"),
        ('{"type": "FeatureCollection", "features": {}}', 'needs a "features" list'),
        ('{"type": "FeatureCollection", "features": [1]}', "feature 1 is not a GeoJSON Feature"),
        (
            '{"type": "Feature", "properties": [], "geometry": null}',
            '"properties" must be an object or null',
        ),
        ('{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2, 3, 4]}}', None),
    ],
)
def test_top_level_structure(tmp_path: Path, text: str, message: str | None) -> None:
    path = write(tmp_path, text)
    if message is None:
        assert read_layer(path).features[0]["geometry"] == {
            "type": "Point",
            "coordinates": [1.0, 2.0],
        }
    else:
        assert message in error_of(read_layer, path).diagnostic.message


def test_bare_geometry_error_is_located(tmp_path: Path) -> None:
    err = error_of(
        read_layer, write(tmp_path, '{"type": "LineString",\n "coordinates": [[0, 0], [0, 91]]}')
    )
    assert (err.diagnostic.line, err.diagnostic.column) == (2, 26)


def test_not_utf8_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.geojson"
    path.write_bytes(b'{"type": "Point",\n "coordinates": [1, 2], "x": "\xff"}')
    err = error_of(read_layer, path)
    assert err.diagnostic.line == 2 and "not UTF-8" in err.diagnostic.message
    path.write_bytes(b'\xef\xbb\xbf{"type": "Point", "coordinates": [1, 2]}')
    assert read_layer(path).features[0]["geometry"]["coordinates"] == [1.0, 2.0]


def test_deep_nesting_is_a_content_error(tmp_path: Path) -> None:
    err = error_of(read_layer, write(tmp_path, "[" * 100_000 + "]" * 100_000))
    assert err.diagnostic.code == "layer"


def test_atlaspress_output_round_trips_groups_and_styles(tmp_path: Path) -> None:
    kml = read_layer(FIXTURES / "mymaps-kaesong.kml")
    doc = {
        "type": "FeatureCollection",
        "title": kml.title,
        "groups": [{"id": g.id, "title": g.title} for g in kml.groups],
        "features": list(kml.features),
    }
    again = read_layer(write(tmp_path, json.dumps(doc)))
    assert again.title == kml.title
    assert again.groups == kml.groups
    assert again.features == kml.features
    assert isinstance(again.groups[0], LayerGroup)


def test_bad_style_values_are_dropped_with_a_warning(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "type": "Feature",
            "geometry": None,
            "properties": {
                "stroke": "red",
                "stroke-width": -1,
                "fill": "#abc",
                "icon": "../x.png",
                "group": "unknown",
            },
        }
    )
    layer = read_layer(write(tmp_path, text))
    assert layer.features[0]["properties"]["style"] == {"fill": "#abc"}
    assert layer.features[0]["properties"]["group"] is None
    assert len(layer.warnings) == 3
