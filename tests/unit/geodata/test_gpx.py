"""GPX 1.1 and 1.0 from GPS units: tracks, routes, waypoints."""

from __future__ import annotations

from pathlib import Path

import pytest

from atlaspress.content.layers import read_layer

from .conftest import FIXTURES, error_of


def test_gpx_1_1_tracks_routes_and_waypoints() -> None:
    layer = read_layer(FIXTURES / "tracks-1.1.gpx")
    assert layer.title == "DMZ walk"
    assert layer.groups == () and layer.skipped == () and layer.warnings == ()
    jsa, dorasan, route, track = layer.features
    assert jsa["geometry"] == {"type": "Point", "coordinates": [126.6775, 37.956]}
    assert jsa["properties"]["name"] == "JSA"
    assert jsa["properties"]["description"] == "Blue huts <b>straddle</b> the line."
    assert jsa["properties"]["data"] == {
        "ele": 45.2,
        "time": "2023-04-12T07:00:00Z",
        "sym": "Flag, Blue",
    }
    assert dorasan["properties"]["data"] == {}
    assert route["properties"]["name"] == "Planned route"
    assert route["geometry"] == {
        "type": "LineString",
        "coordinates": [[126.7, 37.89], [126.69, 37.92], [126.68, 37.95]],
    }
    assert track["properties"]["name"] == "Morning walk"
    assert (
        track["properties"]["description"] == "Two segments: the unit lost its fix at the tunnel."
    )
    assert track["properties"]["data"] == {"type": "hiking"}
    assert track["geometry"]["type"] == "MultiLineString"
    assert [len(s) for s in track["geometry"]["coordinates"]] == [3, 2]
    assert all(len(p) == 2 for s in track["geometry"]["coordinates"] for p in s)


def test_gpx_1_0() -> None:
    layer = read_layer(FIXTURES / "garmin-1.0.gpx")
    assert layer.title == "Old unit export"
    wpt, trk = layer.features
    assert wpt["properties"]["name"] == "IMJIN"
    assert wpt["properties"]["description"] == "Freedom Bridge"
    assert wpt["properties"]["data"] == {
        "ele": 12.0,
        "cmt": "Imjingak",
        "sym": "Scenic Area",
        "link": "http://example.org/imjingak",
    }
    assert trk["geometry"]["type"] == "LineString" and len(trk["geometry"]["coordinates"]) == 3
    assert trk["properties"]["data"] == {"number": "1"}


def gpx(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "x.gpx"
    path.write_text(
        '<?xml version="1.0"?>\n<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">\n'
        + body
        + "\n</gpx>\n",
        encoding="utf-8",
    )
    return path


def test_single_point_segments_are_dropped_with_a_warning(tmp_path: Path) -> None:
    layer = read_layer(
        gpx(
            tmp_path,
            """<trk><name>T</name>
<trkseg><trkpt lat="1" lon="2"/></trkseg>
<trkseg><trkpt lat="1" lon="2"/><trkpt lat="1.1" lon="2.1"/></trkseg></trk>
<trk><name>Empty</name></trk>
<rte><rtept lat="5" lon="6"/></rte>""",
        )
    )
    track, empty, route = layer.features
    assert track["geometry"] == {"type": "LineString", "coordinates": [[2.0, 1.0], [2.1, 1.1]]}
    assert empty["geometry"] is None
    assert route["geometry"] == {"type": "Point", "coordinates": [6.0, 5.0]}
    assert any("single point" in w for w in layer.warnings)
    assert any("'Empty' has no points" in w for w in layer.warnings)


@pytest.mark.parametrize(
    ("body", "line", "message", "hint"),
    [
        ('<wpt lon="126.6"/>', 3, "<wpt> has no lat attribute", '<wpt lat="37.93" lon="126.60">'),
        ('<wpt lat="x" lon="126.6"/>', 3, "<wpt> lat='x' is not a number", None),
        (
            '<trk><trkseg>\n<trkpt lat="126.6" lon="37.9"/></trkseg></trk>',
            4,
            "latitude 126.6 is out of range",
            'values look swapped: write lat="37.9" lon="126.6"',
        ),
        ('<rte><rtept lat="10" lon="-181"/></rte>', 3, "longitude -181 is out of range", None),
    ],
)
def test_gpx_errors_are_located(
    tmp_path: Path, body: str, line: int, message: str, hint: str | None
) -> None:
    err = error_of(read_layer, gpx(tmp_path, body), display="x.gpx")
    assert err.diagnostic.path == "x.gpx" and err.diagnostic.line == line
    assert message in err.diagnostic.message
    if hint:
        assert hint in (err.diagnostic.hint or "")


def test_not_gpx(tmp_path: Path) -> None:
    path = tmp_path / "x.gpx"
    path.write_text("<kml/>", encoding="utf-8")
    assert "root element is <kml>" in error_of(read_layer, path).diagnostic.message


def test_gpx_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-GPX", encoding="utf-8")
    path = tmp_path / "x.gpx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
        '<gpx version="1.1"><wpt lat="1" lon="2"><name>&s;</name></wpt></gpx>',
        encoding="utf-8",
    )
    err = error_of(read_layer, path)
    assert "GPX uses an XML entity declaration" in err.diagnostic.message
    assert "TOP-SECRET-GPX" not in err.diagnostic.format()
