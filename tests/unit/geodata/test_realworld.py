"""KML and KMZ as real exporters write them (issue 12 point 11).

Every fixture under ``tests/fixtures/geodata/realworld`` was written for these tests to
describe a real-world shape (Google Location History, Google Earth web projects, KML 2.0,
converters' non-standard multi-geometries, ArcGIS descriptions, a KMZ of linked files);
none is copied from another project.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from atlaspress.content.layers import LayerGroup, read_layer, read_layer_bytes
from atlaspress.content.layers.kml import MAX_LINK_DEPTH

from .conftest import FIXTURES, error_of, make_kmz, png_bytes

REAL = FIXTURES / "realworld"
HISTORY_NOTE = " (Google Location History writes them for moves it has no path for)"


def by_name(layer, name: str) -> dict:
    return next(f for f in layer.features if f["properties"]["name"] == name)


def kml(body: str, namespace: str = "http://www.opengis.net/kml/2.2") -> bytes:
    """A KML document whose ``body`` starts on line 3."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="{namespace}"><Document>\n{body}\n</Document></kml>\n'
    ).encode()


def read(data: bytes, suffix: str = ".kml"):
    return read_layer_bytes(data, suffix, display=f"x{suffix}")


# --- empty <coordinates/> (Google Location History) ---------------------------------------


def test_location_history_day_skips_moves_without_a_path_and_keeps_the_rest() -> None:
    layer = read_layer(REAL / "location-history-day.kml", display="day.kml")
    assert layer.title == "Location history from 2019-05-01 to 2019-05-01"
    assert [f["properties"]["name"] for f in layer.features] == [
        "Ledra Street crossing point",
        "Walking",
        "Ledra Palace crossing point",
    ]
    assert layer.skipped == (
        "line 76: 3 placemarks were skipped: they have empty <coordinates/>, so no position"
        + HISTORY_NOTE
        + ": 'Driving' (line 76), 'Driving' (line 119), one without a name (line 144)",
    )
    assert layer.warnings == ()
    walking = by_name(layer, "Walking")
    assert walking["geometry"]["type"] == "LineString" and len(walking["geometry"]["coordinates"]) == 4
    assert walking["properties"]["data"] == {"Category": "Walking", "Distance": "812"}
    assert walking["properties"]["style"] == {"stroke": "#0088ff", "stroke-opacity": 1.0, "stroke-width": 6.0}


def test_an_empty_line_beside_a_point_keeps_the_point_without_a_word() -> None:
    """Google Timeline writes a visit as an empty LineString and a Point in one Placemark."""
    layer = read_layer(REAL / "location-history-day.kml")
    assert by_name(layer, "Ledra Palace crossing point")["geometry"] == {
        "type": "Point",
        "coordinates": [33.3553, 35.1781],
    }


def test_one_empty_placemark_is_named_with_its_line() -> None:
    layer = read(
        kml(
            "<Placemark><name>Kept</name><Point><coordinates>1,2</coordinates></Point></Placemark>\n"
            "<Placemark><name>Driving</name><LineString><coordinates/></LineString></Placemark>"
        )
    )
    assert [f["properties"]["name"] for f in layer.features] == ["Kept"]
    assert layer.skipped == (
        "line 4: Placemark 'Driving' was skipped: it has empty <coordinates/>, so no position" + HISTORY_NOTE,
    )


@pytest.mark.parametrize(
    "geometry",
    [
        "<Point><coordinates/></Point>",
        "<Point><coordinates>  \n  </coordinates></Point>",
        "<LinearRing><coordinates></coordinates></LinearRing>",
        "<Polygon><outerBoundaryIs><LinearRing><coordinates/></LinearRing></outerBoundaryIs></Polygon>",
        "<MultiGeometry><Point><coordinates/></Point><LineString><coordinates/></LineString></MultiGeometry>",
    ],
)
def test_every_empty_shape_skips_its_placemark(geometry: str) -> None:
    layer = read(kml(f"<Placemark><name>E</name>{geometry}</Placemark>"))
    assert layer.features == ()
    assert layer.skipped == (
        "line 3: Placemark 'E' was skipped: it has empty <coordinates/>, so no position" + HISTORY_NOTE,
    )


def test_empty_parts_of_a_multigeometry_and_an_empty_hole_are_left_out() -> None:
    layer = read(
        kml(
            "<Placemark><name>M</name><MultiGeometry><Point><coordinates/></Point>"
            "<Point><coordinates>1,2</coordinates></Point></MultiGeometry></Placemark>\n"
            "<Placemark><name>H</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
            "0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs>"
            "<LinearRing><coordinates/></LinearRing></innerBoundaryIs></Polygon></Placemark>"
        )
    )
    assert by_name(layer, "M")["geometry"] == {"type": "MultiPoint", "coordinates": [[1.0, 2.0]]}
    assert by_name(layer, "H")["geometry"]["coordinates"] == [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]
    assert layer.skipped == () and layer.warnings == ()


def test_a_point_without_a_coordinates_element_is_still_an_error() -> None:
    """Missing structure is a mistake to fix; only the exporters' empty element is skipped."""
    err = error_of(read, kml("<Placemark>\n<Point></Point></Placemark>"))
    assert err.diagnostic.format() == (
        "x.kml:4:1: error[layer]: a Point has no coordinates\n  hint: write <coordinates>lon,lat</coordinates>"
    )


def test_many_empty_placemarks_make_one_note() -> None:
    body = "\n".join(
        f"<Placemark><name>Move {i}</name><LineString><coordinates/></LineString></Placemark>" for i in range(12)
    )
    (note,) = read(kml(body)).skipped
    assert note.startswith("line 3: 12 placemarks were skipped: they have empty <coordinates/>")
    assert note.endswith("'Move 6' (line 9), 'Move 7' (line 10) and 4 more")


# --- non-standard multi-geometries ---------------------------------------------------------


def test_multipolygon_multilinestring_multipoint_read_as_their_standard_shapes() -> None:
    layer = read_layer(REAL / "nonstandard-multi.kml", display="multi.kml")
    islands = by_name(layer, "Kinmen and Lesser Kinmen")["geometry"]
    assert islands["type"] == "MultiPolygon"
    assert [len(polygon) for polygon in islands["coordinates"]] == [1, 2]  # Lesser Kinmen keeps its hole
    assert islands["coordinates"][1][1][0] == [118.23, 24.43]
    assert by_name(layer, "Ferry routes")["geometry"] == {
        "type": "MultiLineString",
        "coordinates": [[[118.29, 24.43], [118.26, 24.44]], [[118.31, 24.42], [118.2, 24.44], [118.1, 24.45]]],
    }
    assert by_name(layer, "Harbours")["geometry"] == {
        "type": "MultiPoint",
        "coordinates": [[118.29, 24.43], [118.26, 24.44]],  # the empty <Point> left out
    }
    assert layer.skipped == (
        "line 39: Placemark 'Nothing inside' was skipped: it has empty <coordinates/>, so no position" + HISTORY_NOTE,
    )
    assert layer.warnings == ()


def test_a_multipolygon_of_one_polygon_stays_a_multipolygon() -> None:
    ring = "<outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs>"
    layer = read(kml(f"<Placemark><MultiPolygon><Polygon>{ring}</Polygon></MultiPolygon></Placemark>"))
    assert layer.features[0]["geometry"] == {
        "type": "MultiPolygon",
        "coordinates": [[[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]],
    }


# --- gx:CascadingStyle (Google Earth web projects) -------------------------------------------


def test_earth_web_project_colours_come_from_cascading_styles() -> None:
    layer = read_layer(REAL / "earth-web-project.kml")
    assert layer.groups == (LayerGroup("tartupaluk", "Tartupaluk"),)
    # StyleMap → normal Pair → gx:CascadingStyle → its <Style>; the highlight (width 6) is not used.
    assert by_name(layer, "2022 boundary")["properties"]["style"] == {
        "stroke": "#d32f2f",
        "stroke-opacity": 1.0,
        "stroke-width": 4.0,
        "fill": "#ffffff",
        "fill-opacity": 0.251,
        "marker-color": "#d32f2f",  # from the icon URL's color=d32f2f
    }
    assert by_name(layer, "Hans Island")["properties"]["style"] == {
        "stroke": "#1976d2",
        "stroke-opacity": 1.0,
        "stroke-width": 2.5,
        "fill": "#1976d2",
        "fill-opacity": 0.349,
        "marker-color": "#1976d2",
    }
    assert by_name(layer, "Cairn")["properties"]["style"]["marker-color"] == "#d32f2f"
    # The remote balloon template is passed over in silence; the icons are not fetched.
    assert layer.warnings == (
        "remote icons (such as https://earth.google.com/earth/rpc/cc/icon?color=1976d2&id=2000&scale=4) "
        "were not fetched; markers use their colour instead",
        "remote icons (such as https://earth.google.com/earth/rpc/cc/icon?color=d32f2f&id=2000&scale=4) "
        "were not fetched; markers use their colour instead",
    )


def test_a_cascading_style_inline_and_an_icon_colour_element_win() -> None:
    layer = read(
        kml(
            '<Placemark><gx:CascadingStyle xmlns:gx="http://www.google.com/kml/ext/2.2"><Style>'
            "<IconStyle><color>ff00ff00</color><Icon><href>https://earth.google.com/earth/rpc/cc/icon?color=ff0000"
            "</href></Icon></IconStyle></Style></gx:CascadingStyle><Point><coordinates>1,2</coordinates></Point>"
            "</Placemark>"
        )
    )
    assert layer.features[0]["properties"]["style"] == {"marker-color": "#00ff00"}


def test_a_web_style_outside_a_cascading_style_is_named() -> None:
    layer = read(
        kml(
            "<Placemark><styleUrl>https://example.org/s.kml#red</styleUrl><Point><coordinates>1,2</coordinates></Point></Placemark>"
        )
    )
    assert layer.warnings == ("style 'https://example.org/s.kml#red' is on the web, which atlaspress never reads",)


# --- NetworkLinks inside a KMZ ---------------------------------------------------------------


def crossings_kmz(tmp_path: Path, extra: dict[str, bytes] | None = None) -> Path:
    """The kmz-crossings fixture zipped, with generated images (one used, two not)."""
    root = REAL / "kmz-crossings"
    entries = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.kml"))}
    entries |= {
        "images/pin.png": png_bytes((200, 30, 30)),
        "files/dorasan.jpg": b"\xff\xd8\xff\xe0 a jpeg",
        "files/unused.jpg": b"\xff\xd8\xff\xe0 nobody uses me",
        "images/highlight.png": png_bytes((0, 0, 0)),
        "files/notes.pdf": b"%PDF-1.4 private notes",
    }
    return make_kmz(tmp_path / "crossings.kmz", entries | (extra or {}))


def test_network_links_inside_the_kmz_are_followed_into_folders(tmp_path: Path) -> None:
    layer = read_layer(crossings_kmz(tmp_path), display="crossings.kmz")
    assert layer.title == "DMZ crossings"
    assert layer.groups == (
        LayerGroup("road-crossing", "Road crossing"),
        LayerGroup("railway", "Railway"),
        LayerGroup("railway-stations", "Railway / Stations"),
    )
    assert [(f["properties"]["name"], f["properties"]["group"]) for f in layer.features] == [
        ("Dorasan station", None),
        ("Gyeongui road checkpoint", "road-crossing"),
        ("Gyeongui line", "railway"),
        ("Panmun station", "railway-stations"),
    ]
    # A style in the linked file, and one in doc.kml that the linked file names.
    assert by_name(layer, "Gyeongui line")["properties"]["style"] == {
        "stroke": "#205e1b",
        "stroke-opacity": 1.0,
        "stroke-width": 3.0,
    }
    assert by_name(layer, "Gyeongui road checkpoint")["properties"]["style"] == {"icon": "images/pin.png"}


def test_links_that_leave_the_archive_loop_or_go_to_the_web_are_reported(tmp_path: Path) -> None:
    layer = read_layer(crossings_kmz(tmp_path), display="crossings.kmz")
    assert layer.skipped == (
        "layers/stations/stations.kml line 9: NetworkLink 'Back to the railway' was not followed: "
        "it points back to 'layers/rail.kml', which links to it (a loop)",
        "NetworkLink 'Live traffic' was not fetched: atlaspress never downloads linked data",
        "line 30: NetworkLink 'Next to the KMZ' ('../beside.kml') was not read: it points outside the KMZ, "
        "and atlaspress reads nothing beside it",
        "line 34: NetworkLink 'Missing file' ('layers/ferry.kml') was not read: there is no such file in the KMZ",
    )
    assert layer.warnings == ("the KMZ also holds 'orphan.kml', which no NetworkLink of 'doc.kml' points to; not read",)


def test_only_files_a_feature_uses_are_unpacked(tmp_path: Path) -> None:
    layer = read_layer(crossings_kmz(tmp_path))
    assert sorted(layer.assets) == ["files/dorasan.jpg", "images/pin.png"]
    assert layer.assets["files/dorasan.jpg"] == b"\xff\xd8\xff\xe0 a jpeg"
    assert by_name(layer, "Dorasan station")["properties"]["description"] == (
        '<p><img src="files/dorasan.jpg" alt="Dorasan station"> Last stop before the line.</p>'
    )


def test_an_error_inside_a_linked_file_names_that_file(tmp_path: Path) -> None:
    broken = b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n<Placemark><Point><coordinates>1,95</coordinates></Point></Placemark></Document></kml>'
    kmz = crossings_kmz(tmp_path, {"layers/road.kml": broken})
    err = error_of(read_layer, kmz, display="crossings.kmz")
    assert err.diagnostic.format().startswith(
        "crossings.kmz!layers/road.kml:2:32: error[layer]: latitude 95 is out of range (-90 to 90)"
    )


def test_link_depth_is_bounded_and_each_file_is_read_once(tmp_path: Path) -> None:
    def chain(i: int) -> bytes:
        links = f"<NetworkLink><name>to {i + 1}</name><Link><href>c{i + 1}.kml</href></Link></NetworkLink>"
        twice = "<NetworkLink><name>again</name><Link><href>c1.kml</href></Link></NetworkLink>" if i == 0 else ""
        return kml(
            f"<Placemark><name>p{i}</name><Point><coordinates>{i},0</coordinates></Point></Placemark>{links}{twice}"
        )

    kmz = make_kmz(tmp_path / "deep.kmz", {"doc.kml": chain(0), **{f"c{i}.kml": chain(i) for i in range(1, 8)}})
    layer = read_layer(kmz)
    assert [f["properties"]["name"] for f in layer.features] == [f"p{i}" for i in range(MAX_LINK_DEPTH + 1)]
    assert layer.skipped == (
        f"c{MAX_LINK_DEPTH}.kml line 3: NetworkLink 'to {MAX_LINK_DEPTH + 1}' was not followed: "
        f"it is more than {MAX_LINK_DEPTH} NetworkLinks deep",
        "line 3: NetworkLink 'again' was not followed: 'c1.kml' was read already, through another link",
    )


def test_a_link_in_a_plain_kml_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "other.kml").write_bytes(kml(""))
    path = tmp_path / "main.kml"
    path.write_bytes(kml("<NetworkLink><name>Other</name><Link><href>other.kml</href></Link></NetworkLink>"))
    assert read_layer(path).skipped == (
        "line 3: NetworkLink 'Other' ('other.kml') was not read: only NetworkLinks inside a KMZ are followed",
    )


def test_a_kmz_whose_kml_is_not_named_doc_kml_reads_without_a_warning(tmp_path: Path) -> None:
    root = REAL / "kmz-crossings"
    kmz = make_kmz(
        tmp_path / "tour.kmz",
        {
            "DMZ tour.kml": (root / "doc.kml").read_bytes().replace(b"layers/", b"Layers/"),
            **{p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "layers").rglob("*.kml"))},
            "images/pin.png": png_bytes(),
            "files/dorasan.jpg": b"jpeg",
        },
    )
    layer = read_layer(kmz, display="tour.kmz")
    assert layer.title == "DMZ crossings" and len(layer.features) == 4  # Layers/ found case-insensitively
    # Nothing about the name; only road.kml's style in "../doc.kml", which is not there now.
    assert layer.warnings == ("style '../doc.kml#pin' lives in another file, which was not read",)


def test_hrefs_with_escaped_spaces_find_their_entry(tmp_path: Path) -> None:
    doc = kml(
        "<Placemark><description><![CDATA[<img src='files/my%20photo.jpg'>]]></description>"
        "<Style><IconStyle><Icon><href>images\\pin one.png</href></Icon></IconStyle></Style>"
        "<Point><coordinates>1,2</coordinates></Point></Placemark>"
    )
    kmz = make_kmz(tmp_path / "x.kmz", {"doc.kml": doc, "files/my photo.jpg": b"j", "images/pin one.png": b"p"})
    layer = read_layer(kmz)
    assert sorted(layer.assets) == ["files/my photo.jpg", "images/pin one.png"]
    assert layer.features[0]["properties"]["description"] == '<img src="files/my photo.jpg">'


# --- Model, tracks -------------------------------------------------------------------------


def test_a_model_is_the_point_of_its_location() -> None:
    layer = read_layer(REAL / "model-and-tracks.kml")
    assert by_name(layer, "Freedom House")["geometry"] == {"type": "Point", "coordinates": [126.6774, 37.9553]}
    assert layer.skipped == (
        "line 25: Placemark 'Unplaced model' was skipped: it has a Model with no <Location>",
        "line 55: Placemark 'Paused all along' was skipped: it has a track with no positions",
    )


def test_a_model_location_out_of_range_is_located() -> None:
    err = error_of(
        read,
        kml(
            "<Placemark><Model><Location>\n<longitude>200</longitude><latitude>10</latitude></Location></Model></Placemark>"
        ),
    )
    assert err.diagnostic.format() == "x.kml:3:19: error[layer]: longitude 200 is out of range (-180 to 180)"


def test_tracks_skip_empty_coords_and_multitracks_keep_a_single_fix() -> None:
    layer = read_layer(REAL / "model-and-tracks.kml")
    assert by_name(layer, "Walk to the line")["geometry"] == {
        "type": "LineString",
        "coordinates": [[126.677, 37.9552], [126.6773, 37.9557]],
    }
    assert by_name(layer, "Two walks")["geometry"] == {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "LineString", "coordinates": [[126.677, 37.9552], [126.6776, 37.956]]},
            {"type": "Point", "coordinates": [126.678, 37.9549]},
        ],
    }


# --- descriptions ----------------------------------------------------------------------------


def test_descriptions_keep_their_markup_sanitized() -> None:
    layer = read_layer(REAL / "descriptions.kml")
    assert by_name(layer, "CDATA")["properties"]["description"] == (
        "<h3>Bir Tawil</h3><p>Claimed by <b>neither</b> Egypt nor Sudan.</p><ul><li>1899 line</li>"
        '<li>1902 line</li></ul><a rel="noopener noreferrer">x</a>'
    )
    assert by_name(layer, "Escaped")["properties"]["description"] == (
        '<p>Area about <i>2,060 km²</i><br><a href="https://en.wikipedia.org/wiki/Bir_Tawil" '
        'rel="noopener noreferrer">Wikipedia</a></p>'
    )
    xhtml = by_name(layer, "XHTML elements")["properties"]["description"]
    assert "<p>The <b>1899</b> line runs along the <i>22nd parallel</i>; A &amp; B &lt; C.</p>" in xhtml
    assert (
        "<table><tbody><tr><th>Line</th><th>Year</th></tr><tr><td>Political</td><td>1899</td></tr></tbody></table>"
        in xhtml
    )
    assert "iframe" not in xhtml
    arcgis = by_name(layer, "ArcGIS document")["properties"]["description"]
    assert arcgis.startswith("<table>") and "<td>STATUS</td><td>terra nullius</td>" in arcgis
    assert "style" not in arcgis and "title" not in arcgis.lower().replace("bir tawil", "")
    assert layer.warnings == (
        "remote images in descriptions (such as https://example.org/tracker.gif) are not shown on the map: "
        "atlaspress loads nothing from other sites",
    )


def test_mixed_text_and_elements_keep_their_order() -> None:
    layer = read(kml("<Placemark><description>before <b>bold</b> after</description></Placemark>"))
    assert layer.features[0]["properties"]["description"] == "before <b>bold</b> after"


def test_an_image_missing_from_the_kmz_is_named(tmp_path: Path) -> None:
    doc = kml("<Placemark><name>P</name><description><![CDATA[<img src='files/gone.jpg'>]]></description></Placemark>")
    layer = read_layer(make_kmz(tmp_path / "x.kmz", {"doc.kml": doc}))
    assert layer.warnings == (
        "image 'files/gone.jpg' in the description of Placemark 'P' was not found in the KMZ; it is not shown",
    )
    assert layer.assets == {}


# --- namespaces, encodings, sizes ------------------------------------------------------------


@pytest.mark.parametrize(
    "namespace",
    ["http://earth.google.com/kml/2.0", "http://earth.google.com/kml/2.1", "http://www.opengis.net/kml/2.3", ""],
)
def test_every_kml_namespace_reads_alike(namespace: str) -> None:
    open_tag = f'<kml xmlns="{namespace}">' if namespace else "<kml>"
    placemark = "<Placemark><name>P</name><Point><coordinates>1,2</coordinates></Point></Placemark>"
    data = f"<?xml version='1.0'?>\n{open_tag}{placemark}</kml>"
    assert read(data.encode()).features[0]["geometry"] == {"type": "Point", "coordinates": [1.0, 2.0]}


def test_a_prefixed_root_reads_too() -> None:
    data = b'<k:kml xmlns:k="http://www.opengis.net/kml/2.2"><k:Placemark><k:Point><k:coordinates>1,2</k:coordinates></k:Point></k:Placemark></k:kml>'
    assert read(data).features[0]["geometry"]["coordinates"] == [1.0, 2.0]


def test_kml_2_0_reads_with_google_earths_built_in_styles_named() -> None:
    layer = read_layer(REAL / "kml-2.0-earth.kml")
    assert [f["properties"]["name"] for f in layer.features] == ["Kurilsk", "Iturup harbour"]
    assert layer.skipped == ("NetworkLink 'Ferry times' was not fetched: atlaspress never downloads linked data",)
    assert layer.warnings == (
        "style 'root://styleMaps#default+nicon=0x307+hicon=0x317' is one of Google Earth's built-in styles, "
        "which atlaspress does not have; its placemarks get the map's default colours",
        "icon 'root://icons/palette-4.png' is one of Google Earth's built-in icons, which atlaspress does not "
        "have; markers use their colour instead",
    )


BODY = "<Placemark><name>Ñandú</name><Point><coordinates>1,2</coordinates></Point></Placemark>"


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + kml(BODY),
        "\ufeff".encode("utf-16-le") + kml(BODY).decode().replace("UTF-8", "UTF-16").encode("utf-16-le"),
        kml(BODY).decode().replace("UTF-8", "ISO-8859-1").encode("latin-1"),
    ],
    ids=["utf-8 BOM", "utf-16 BOM", "declared latin-1"],
)
def test_byte_order_marks_and_declared_encodings(data: bytes) -> None:
    layer = read(data)
    assert layer.features[0]["properties"]["name"] == "Ñandú" and layer.warnings == ()


def test_blank_lines_before_the_declaration_keep_line_numbers() -> None:
    data = b"\xef\xbb\xbf\n\n" + kml("<Placemark><Point><coordinates>1,95</coordinates></Point></Placemark>")
    err = error_of(read, data)
    assert (err.diagnostic.line, err.diagnostic.column) == (5, 32)  # line 3 of kml(), two lines down


def test_undeclared_windows_1252_is_read_with_a_note() -> None:
    data = kml(BODY).replace(b' encoding="UTF-8"', b"").decode().encode("cp1252")
    layer = read(data)
    assert layer.features[0]["properties"]["name"] == "Ñandú"
    assert layer.warnings == (
        "line 3: the KML is not UTF-8 and names no encoding; it was read as Windows-1252, so check accented "
        "letters in names",
    )


def test_a_huge_coordinates_string_reads_and_a_late_mistake_is_located() -> None:
    positions = " ".join(f"{126 + i * 1e-6:.6f},{37 + i * 1e-6:.6f},0" for i in range(300_000))
    layer = read(kml(f"<Placemark><LineString><coordinates>{positions}</coordinates></LineString></Placemark>"))
    line = layer.features[0]["geometry"]["coordinates"]
    assert len(line) == 300_000 and line[-1] == [126.299999, 37.299999]
    broken = positions.replace(" ", "\n", 5) + " 1,,2"  # five line breaks, then a stray comma
    err = error_of(read, kml(f"<Placemark><LineString><coordinates>{broken}</coordinates></LineString></Placemark>"))
    assert err.diagnostic.line == 8 and "stray comma" in err.diagnostic.message
    last = broken.rsplit("\n", 1)[1]
    assert err.diagnostic.column == last.index(",,") + 2


def test_a_location_history_track_keeps_every_position() -> None:
    whens = "".join(f"<when>2013-05-01T10:{i % 60:02d}:00Z</when>" for i in range(20_000))
    coords = "".join(f"<gx:coord>{-122.4 + i * 1e-5:.5f} 37.7 0</gx:coord>" for i in range(20_000))
    data = kml(
        f'<Placemark><gx:Track xmlns:gx="http://www.google.com/kml/ext/2.2">{whens}{coords}</gx:Track></Placemark>'
    )
    geometry = read(data).features[0]["geometry"]
    assert geometry["type"] == "LineString" and len(geometry["coordinates"]) == 20_000


def test_a_point_at_0_0_is_kept_with_a_note() -> None:
    layer = read(kml("<Placemark><name>Start</name><Point><coordinates>0.0,0.0</coordinates></Point></Placemark>"))
    assert layer.features[0]["geometry"]["coordinates"] == [0.0, 0.0]
    assert layer.warnings == (
        "line 3: Placemark 'Start' is at 0, 0 (in the Gulf of Guinea), which some tools write for a missing "
        "position; kept as written",
    )


def test_kmz_entries_are_zip_members_not_files(tmp_path: Path) -> None:
    """Nothing of the archive is written to disk while reading it."""
    kmz = crossings_kmz(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    read_layer(kmz)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    with zipfile.ZipFile(kmz) as archive:
        assert "files/unused.jpg" in archive.namelist()
