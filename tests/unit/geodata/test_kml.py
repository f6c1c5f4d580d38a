"""KML as Google My Maps and Google Earth export it."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlaspress.content.layers import LayerGroup, read_layer

from .conftest import FIXTURES, error_of


@pytest.fixture(scope="module")
def mymaps():
    return read_layer(FIXTURES / "mymaps-kaesong.kml", display="mymaps-kaesong.kml")


def by_name(layer, name: str) -> dict:
    return next(f for f in layer.features if f["properties"]["name"] == name)


def test_document_name_is_the_title(mymaps) -> None:
    assert mymaps.title == "Kaesong Industrial Zone"
    assert len(mymaps.features) == 5


def test_folders_become_groups_with_nested_names_joined(mymaps) -> None:
    assert mymaps.groups == (
        LayerGroup("zone", "Zone"),
        LayerGroup("crossings", "Crossings"),
        LayerGroup("crossings-road-rail", "Crossings / Road & rail"),
    )
    assert by_name(mymaps, "Kaesong Industrial Region")["properties"]["group"] == "zone"
    assert (
        by_name(mymaps, "Military Demarcation Line (section)")["properties"]["group"] == "crossings"
    )
    assert by_name(mymaps, "Liaison office")["properties"]["group"] == "crossings-road-rail"


def test_every_feature_has_the_uniform_properties(mymaps) -> None:
    for feature in mymaps.features:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) == {"name", "description", "group", "style", "data"}


def test_polygon_with_hole_and_altitude_dropped(mymaps) -> None:
    zone = by_name(mymaps, "Kaesong Industrial Region")["geometry"]
    assert zone["type"] == "Polygon"
    outer, hole = zone["coordinates"]
    assert outer[0] == [126.564, 37.929] and outer[0] == outer[-1] and len(outer) == 5
    assert len(hole) == 5 and hole[0] == [126.58, 37.94]
    assert all(len(p) == 2 for ring in zone["coordinates"] for p in ring)


def test_stylemap_normal_state_resolves_poly_and_line_colours(mymaps) -> None:
    style = by_name(mymaps, "Kaesong Industrial Region")["properties"]["style"]
    assert style == {
        "stroke": "#0f9d58",
        "stroke-opacity": 1.0,
        "stroke-width": 1.2,
        "fill": "#0f9d58",
        "fill-opacity": 0.302,
    }
    line = by_name(mymaps, "Military Demarcation Line (section)")["properties"]["style"]
    assert line == {
        "stroke": "#c2185b",
        "stroke-opacity": 1.0,
        "stroke-width": 3.0,
    }  # not the highlight 4.5


def test_fill_zero_means_no_fill(mymaps) -> None:
    style = by_name(mymaps, "Study area")["properties"]["style"]
    assert style["fill-opacity"] == 0.0 and "fill" not in style


def test_icon_style_colour_and_remote_icon_not_fetched(mymaps) -> None:
    style = by_name(mymaps, "Dorasan station and road checkpoint")["properties"]["style"]
    assert style == {"marker-color": "#0288d1"}
    assert any("remote icons" in w and "gstatic" in w for w in mymaps.warnings)


def test_extended_data(mymaps) -> None:
    data = by_name(mymaps, "Kaesong Industrial Region")["properties"]["data"]
    assert data == {"opened": "2004", "area_km2": "3.3", "operator": ""}


def test_description_is_sanitized(mymaps) -> None:
    html = by_name(mymaps, "Kaesong Industrial Region")["properties"]["description"]
    assert html.startswith("Fenced industrial park opened in 2004.<br>")
    for bad in ("<script", "alert", "javascript:", "onclick", "<iframe", "tracker.example"):
        assert bad not in html


def test_multigeometry_of_points_is_multipoint_and_mixed_is_collection(mymaps) -> None:
    dorasan = by_name(mymaps, "Dorasan station and road checkpoint")["geometry"]
    assert dorasan == {"type": "MultiPoint", "coordinates": [[126.708, 37.9], [126.693, 37.896]]}
    office = by_name(mymaps, "Liaison office")["geometry"]
    assert office["type"] == "GeometryCollection"
    assert [g["type"] for g in office["geometries"]] == ["Point", "LineString"]


def test_unclosed_ring_with_spaces_after_commas_is_closed_with_a_warning(mymaps) -> None:
    ring = by_name(mymaps, "Study area")["geometry"]["coordinates"][0]
    assert ring == [[126.5, 37.9], [126.65, 37.9], [126.65, 37.99], [126.5, 37.99], [126.5, 37.9]]
    assert any("not closed" in w and w.startswith("line 147:") for w in mymaps.warnings)


def test_network_link_is_reported_never_fetched(mymaps) -> None:
    assert mymaps.skipped == (
        "NetworkLink 'Live data' was not fetched: atlaspress never downloads linked data",
    )


@pytest.fixture(scope="module")
def earth():
    return read_layer(FIXTURES / "earth-track.kml")


def test_gx_track_becomes_a_2d_line_with_schema_data(earth) -> None:
    trip = by_name(earth, "Seoul to Dorasan")
    assert trip["id"] == "trip-1"
    assert trip["geometry"] == {
        "type": "LineString",
        "coordinates": [[126.978, 37.5665], [126.78, 37.75], [126.708, 37.9]],
    }
    assert trip["properties"]["data"] == {"vehicle": "bus", "passengers": "40"}
    assert trip["properties"]["style"] == {
        "stroke": "#ffff00",
        "stroke-opacity": 0.498,
        "stroke-width": 6.0,
    }


def test_gx_multitrack_becomes_multilinestring(earth) -> None:
    legs = by_name(earth, "Two legs")["geometry"]
    assert legs["type"] == "MultiLineString" and len(legs["coordinates"]) == 2


def test_nested_document_is_a_group_and_top_level_placemarks_have_none(earth) -> None:
    assert earth.groups == (LayerGroup("trips-day-one", "Trips / Day one"),)
    assert by_name(earth, "Observatory")["properties"]["group"] is None
    assert by_name(earth, "Observatory")["geometry"] == {
        "type": "Point",
        "coordinates": [126.712, 37.918],
    }


def test_linear_ring_and_null_geometry(earth) -> None:
    assert by_name(earth, "Ring road")["geometry"]["type"] == "LineString"
    assert by_name(earth, "No geometry here")["geometry"] is None


def test_overlays_are_skipped_with_a_message(earth) -> None:
    assert (
        "GroundOverlay '1953 armistice map' was skipped: image overlays are not drawn"
        in earth.skipped
    )
    assert "ScreenOverlay 'Legend' was skipped: screen overlays are not drawn" in earth.skipped


def test_latitude_first_is_refused_with_the_corrected_position() -> None:
    err = error_of(read_layer, FIXTURES / "swapped.kml", display="swapped.kml")
    assert err.diagnostic.format() == (
        "swapped.kml:9:11: error[layer]: latitude 126.6 is out of range (-90 to 90)\n"
        "  hint: values look swapped: KML writes lon,lat[,alt], longitude first: 126.6,37.93"
    )


def write(tmp_path: Path, body: str, name: str = "x.kml") -> Path:
    """A KML whose ``body`` starts on line 3."""
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n'
        + body
        + "\n</Document></kml>\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "<Placemark><Polygon><outerBoundaryIs><LinearRing>\n"
            "<coordinates>1,1 2,2 1,1</coordinates></LinearRing>"
            "</outerBoundaryIs></Polygon></Placemark>",
            4,
            "a polygon ring needs at least 4 positions",
        ),
        (
            "<Placemark><LineString>\n<coordinates>1,1</coordinates></LineString></Placemark>",
            3,
            "a LineString needs at least 2 positions, found 1",
        ),
        (
            "<Placemark>\n<Point><coordinates>\n 10,20\n 200,10</coordinates></Point></Placemark>",
            6,
            "longitude 200 is out of range",
        ),
        (
            "<Placemark><Point><coordinates>1,abc</coordinates></Point></Placemark>",
            3,
            "cannot read '1,abc'",
        ),
        ("<Placemark><Point><coordinates>1,,2</coordinates></Point></Placemark>", 3, "stray comma"),
        (
            "<Placemark><Point><coordinates>1,2,3,4</coordinates></Point></Placemark>",
            3,
            "cannot read",
        ),
        ("<Placemark>\n<Point></Point></Placemark>", 4, "a Point has no coordinates"),
        ("<Placemark><Polygon/></Placemark>", 3, "a Polygon has no outerBoundaryIs"),
    ],
)
def test_semantic_errors_name_the_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    err = error_of(read_layer, write(tmp_path, body), display="x.kml")
    assert err.diagnostic.line == line
    assert err.diagnostic.code == "layer"
    assert message in err.diagnostic.message


def test_error_column_points_at_the_bad_tuple(tmp_path: Path) -> None:
    err = error_of(
        read_layer,
        write(
            tmp_path, "<Placemark><Point><coordinates>1,2 3,95</coordinates></Point></Placemark>"
        ),
    )
    assert (err.diagnostic.line, err.diagnostic.column) == (3, 36)


def test_styles_inline_override_shared_and_unknown_references_warn(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
<Style id="s"><LineStyle><color>ff0000ff</color><width>2</width></LineStyle></Style>
<Placemark><styleUrl>#s</styleUrl><Style><LineStyle><width>5</width></LineStyle></Style>
<LineString><coordinates>0,0 1,1</coordinates></LineString></Placemark>
<Placemark><styleUrl>#nope</styleUrl>
<LineString><coordinates>0,0 1,1</coordinates></LineString></Placemark>
<Placemark><styleUrl>other.kml#s</styleUrl><Point><coordinates>0,0</coordinates></Point></Placemark>
<Placemark><Style><LineStyle><color>zz</color></LineStyle></Style>
<Point><coordinates>0,0</coordinates></Point></Placemark>
""",
    )
    layer = read_layer(path)
    assert layer.features[0]["properties"]["style"] == {
        "stroke": "#ff0000",
        "stroke-opacity": 1.0,
        "stroke-width": 5.0,
    }
    assert layer.features[1]["properties"]["style"] == {}
    assert any("'#nope' is not defined" in w for w in layer.warnings)
    assert any("lives in another file" in w for w in layer.warnings)
    assert any("not KML aabbggrr" in w for w in layer.warnings)


def test_style_loops_terminate(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
<StyleMap id="a"><Pair><key>normal</key><styleUrl>#b</styleUrl></Pair></StyleMap>
<StyleMap id="b"><Pair><key>normal</key><styleUrl>#a</styleUrl></Pair></StyleMap>
<Placemark><styleUrl>#a</styleUrl><Point><coordinates>0,0</coordinates></Point></Placemark>""",
    )
    layer = read_layer(path)
    assert layer.features[0]["properties"]["style"] == {}
    assert any("loop" in w for w in layer.warnings)


def test_relative_icon_beside_a_plain_kml_is_kept(tmp_path: Path) -> None:
    (tmp_path / "pin.png").write_bytes(b"png")
    path = write(
        tmp_path,
        """
<Style id="s"><IconStyle><Icon><href>pin.png</href></Icon></IconStyle></Style>
<Style id="t"><IconStyle><Icon><href>../outside.png</href></Icon></IconStyle></Style>
<Placemark><styleUrl>#s</styleUrl><Point><coordinates>0,0</coordinates></Point></Placemark>
<Placemark><styleUrl>#t</styleUrl><Point><coordinates>0,0</coordinates></Point></Placemark>""",
    )
    layer = read_layer(path)
    assert layer.features[0]["properties"]["style"] == {"icon": "pin.png"}
    assert layer.features[1]["properties"]["style"] == {}
    assert layer.assets == {}


def test_not_kml_root(tmp_path: Path) -> None:
    path = tmp_path / "x.kml"
    path.write_text("<?xml version='1.0'?>\n<gpx/>", encoding="utf-8")
    err = error_of(read_layer, path)
    assert err.diagnostic.line == 2 and "root element is <gpx>" in err.diagnostic.message


def test_kml_without_namespace_prefix_declaration_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "x.kml"
    path.write_text(
        "<kml><Placemark><gx:Track><gx:coord>1 2 3</gx:coord></gx:Track></Placemark></kml>",
        encoding="utf-8",
    )
    assert read_layer(path).features[0]["geometry"] == {"type": "Point", "coordinates": [1.0, 2.0]}
