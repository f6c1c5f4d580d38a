"""The 180th meridian and the poles: web-map layers, view bounds, winding and closure checks.

The web map publishes layers unwrapped around the place's longitude (docs/decisions.md):
whatever form an author wrote a shape in, every step is the short way round and the
shape sits within 180° of the place, so MapLibre draws it where it is. Expected positions
below are the written ones moved by whole turns, worked out by hand; the crossing
latitudes are linear in lon/lat (as RFC 7946 §3.1.9 allows and as MapLibre draws an edge
between two positions), computed by hand and checked against pyproj's great circle.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from pyproj import Geod

from atlaspress.app.check import lint_site
from atlaspress.content.layers import read_layer
from atlaspress.core.sphere import same_position
from atlaspress.maps.webmap.antimeridian import near, unwrap_collection, unwrap_geometry
from atlaspress.maps.webmap.features import view_bounds

from .. import geo_cases

DIOMEDE = -168.95  # Little Diomede's longitude: the place the layers are unwrapped around
EAST = 179.9  # a place just short of the line in the eastern hemisphere (Fiji, Kiribati)

# The line of tests/geo_cases.py (178.5 E → 178.2 W) in each form an author writes it.
LINE_FORMS = {
    "jump": {"type": "LineString", "coordinates": [[178.5, 65.6], [179.6, 65.65], [-179.4, 65.7], [-178.2, 65.75]]},
    "east": {"type": "LineString", "coordinates": [[178.5, 65.6], [179.6, 65.65], [180.6, 65.7], [181.8, 65.75]]},
    "west": {"type": "LineString", "coordinates": [[-181.5, 65.6], [-180.4, 65.65], [-179.4, 65.7], [-178.2, 65.75]]},
    "cut": {
        "type": "MultiLineString",
        "coordinates": [
            [[178.5, 65.6], [179.6, 65.65], [180.0, 65.67]],
            [[-180.0, 65.67], [-179.4, 65.7], [-178.2, 65.75]],
        ],
    },
}
# The polygon of tests/geo_cases.py (179.2 E to 179.3 W, 65.3 to 65.9 N), counter-clockwise.
POLYGON_FORMS = {
    "jump": geo_cases.ANTIMERIDIAN_POLYGON,
    "east": {
        "type": "Polygon",
        "coordinates": [[[179.2, 65.3], [180.7, 65.3], [180.7, 65.9], [179.2, 65.9], [179.2, 65.3]]],
    },
    "west": {
        "type": "Polygon",
        "coordinates": [[[-180.8, 65.3], [-179.3, 65.3], [-179.3, 65.9], [-180.8, 65.9], [-180.8, 65.3]]],
    },
    "cut": {
        "type": "MultiPolygon",
        "coordinates": [
            [[[179.2, 65.3], [180.0, 65.3], [180.0, 65.9], [179.2, 65.9], [179.2, 65.3]]],
            [[[-180.0, 65.3], [-179.3, 65.3], [-179.3, 65.9], [-180.0, 65.9], [-180.0, 65.3]]],
        ],
    },
}


def _steps_short(coords) -> bool:
    xs = np.asarray(coords, dtype=float)[:, 0]
    return bool((np.abs(np.diff(xs)) < 180).all())


def _crossing_lat(coords, at: float) -> float:
    """Latitude where the straight lon/lat edges cross longitude ``at``."""
    for (x1, y1), (x2, y2) in zip(coords, coords[1:]):
        if min(x1, x2) <= at <= max(x1, x2) and x1 != x2:
            return y1 + (y2 - y1) * (at - x1) / (x2 - x1)
    raise AssertionError(f"no edge crosses {at}")


# --- the cut / unwrap --------------------------------------------------------------------------


@pytest.mark.parametrize("form", LINE_FORMS)
def test_a_line_in_any_form_is_published_continuous_beside_the_place(form):
    out = unwrap_geometry(LINE_FORMS[form], DIOMEDE)
    expected = [[-181.5, 65.6], [-180.4, 65.65], [-179.4, 65.7], [-178.2, 65.75]]
    if form == "cut":  # the two parts joined again, through the author's cut point
        expected = [[-181.5, 65.6], [-180.4, 65.65], [-180.0, 65.67], [-179.4, 65.7], [-178.2, 65.75]]
    assert out == {"type": "LineString", "coordinates": expected}
    assert _steps_short(out["coordinates"])
    # Drawn crossing the meridian at 65.67 N: 65.65 + 0.05 × 0.4 / 1.0 by hand.
    assert _crossing_lat(out["coordinates"], -180.0) == pytest.approx(65.67, abs=1e-9)
    # The geodesic between the same two positions crosses 180° a little further north (it
    # bows poleward): 65.6708 N by pyproj, 90 m from the drawn line; below a pixel at the
    # scale a 1°-long edge is shown.
    track = np.array(Geod(ellps="WGS84").npts(179.6, 65.65, -179.4, 65.7, 9999))
    i = int(np.flatnonzero(track[:, 0] < 0)[0])
    (x1, y1), (x2, y2) = track[i - 1], track[i] + [360.0, 0.0]
    geodesic = y1 + (y2 - y1) * (180.0 - x1) / (x2 - x1)
    assert geodesic == pytest.approx(65.6708, abs=1e-4)


def test_the_line_unwraps_east_for_a_place_in_the_eastern_hemisphere():
    out = unwrap_geometry(LINE_FORMS["jump"], EAST)
    assert out["coordinates"] == [[178.5, 65.6], [179.6, 65.65], [180.6, 65.7], [181.8, 65.75]]


@pytest.mark.parametrize("form", POLYGON_FORMS)
def test_a_polygon_in_any_form_is_one_ring_beside_the_place(form):
    out = unwrap_geometry(POLYGON_FORMS[form], DIOMEDE)
    assert out["type"] == "Polygon" and len(out["coordinates"]) == 1
    ring = out["coordinates"][0]
    assert _steps_short(ring)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    assert (min(xs), max(xs), min(ys), max(ys)) == (-180.8, -179.3, 65.3, 65.9)
    # Counter-clockwise as written (the cut form's seam vertices are on straight edges).
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2
    assert area == pytest.approx(1.5 * 0.6)


def test_a_polygon_beside_a_place_in_the_east_stays_east():
    out = unwrap_geometry(POLYGON_FORMS["jump"], EAST)
    assert out["coordinates"] == [[[179.2, 65.3], [180.7, 65.3], [180.7, 65.9], [179.2, 65.9], [179.2, 65.3]]]


def test_a_ring_round_the_pole_is_closed_along_the_pole():
    out = unwrap_geometry(geo_cases.POLE_POLYGON, DIOMEDE)
    ring = out["coordinates"][0]
    assert ring[0] == [-180.0, 88.0] and ring[12] == [180.0, 88.0]
    assert ring[13:] == [[180.0, 90.0], [-180.0, 90.0], [-180.0, 88.0]]


def test_points_and_far_parts_move_by_whole_turns_only():
    assert near(-179.0, 170.0) == 181.0 and near(190.0, -169.0) == -170.0 and near(12.5, 0.0) == 12.5
    far = {"type": "LineString", "coordinates": [[10.0, 50.0], [11.0, 51.0]]}
    assert unwrap_geometry(far, 12.0) == far
    assert unwrap_geometry({"type": "Point", "coordinates": [181.0, 1.0]}, 0.0) == {
        "type": "Point",
        "coordinates": [-179.0, 1.0],
    }


def _collection(lon: float, geometry: dict) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"role": "place"},
                "geometry": {"type": "Point", "coordinates": [lon, 65.75]},
            },
            {"type": "Feature", "properties": {"layer": "a"}, "geometry": geometry},
        ],
    }


@pytest.mark.parametrize("form", POLYGON_FORMS)
def test_the_map_opens_on_the_layer_in_the_places_frame(form):
    published = unwrap_collection(_collection(DIOMEDE, POLYGON_FORMS[form]), DIOMEDE)
    west, south, east, north = view_bounds(published)
    # The layer (-180.8..-179.3) and the place (-168.95), padded 6%: a box 13° wide, not 350°.
    assert west == pytest.approx(-180.8 - 11.85 * 0.06) and east == pytest.approx(DIOMEDE + 11.85 * 0.06)
    assert east - west < 15


def test_bounds_hold_the_place_even_when_written_far_east():
    published = unwrap_collection(_collection(EAST, LINE_FORMS["west"]), EAST)
    west, _, east, _ = view_bounds(published)
    assert west < EAST < east and east < 182.5


# --- winding, closure ----------------------------------------------------------------------


def test_same_position_on_the_sphere():
    assert same_position([-180, 88], [180, 88]) and same_position([5, -90], [60, -90])
    assert not same_position([-180, 88], [170, 88]) and not same_position([0, 1], [0, 1.5])


def _layer(tmp_path: Path, geometries: dict[str, dict]) -> Path:
    features = [{"type": "Feature", "properties": {"name": k}, "geometry": g} for k, g in geometries.items()]
    path = tmp_path / "a.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, indent=1), encoding="utf-8")
    return path


CLOCKWISE_CROSSING = {  # the polygon, walked the other way: truly clockwise
    "type": "Polygon",
    "coordinates": [[[179.2, 65.3], [179.2, 65.9], [-179.3, 65.9], [-179.3, 65.3], [179.2, 65.3]]],
}
POLE_CLOCKWISE = {"type": "Polygon", "coordinates": [[[lon, 88.0] for lon in range(180, -181, -30)]]}


def test_the_loader_reads_winding_across_the_meridian_and_round_the_pole(tmp_path):
    layer = read_layer(
        _layer(
            tmp_path,
            {
                "jump": POLYGON_FORMS["jump"],
                "west": POLYGON_FORMS["west"],
                "pole": geo_cases.POLE_POLYGON,
                "crossing clockwise": CLOCKWISE_CROSSING,
                "pole clockwise": POLE_CLOCKWISE,
            },
        ),
        display="a.geojson",
    )
    assert layer.warnings == (
        "line 46: feature 2 ('west'): longitude -180.8 is beyond ±180, kept as authored to cross the "
        "antimeridian (RFC 7946 §3.1.9 prefers cutting shapes at 180°)",
        "line 143: feature 4 ('crossing clockwise'): exterior ring runs clockwise; RFC 7946 §3.1.6 asks for "
        "counterclockwise exteriors and clockwise holes (kept as authored)",
        "line 176: feature 5 ('pole clockwise'): exterior ring runs clockwise; RFC 7946 §3.1.6 asks for "
        "counterclockwise exteriors and clockwise holes (kept as authored)",
    )
    assert len(layer.features) == 5  # the pole rings, -180 … 180, are closed


POST = """---
title: P
date: 2023-01-05
place:
  name: Little Diomede
  at: 65.75 N, 168.95 W
  country: US
sources:
  - {title: S, url: "https://example.com/"}
layers: [a.geojson]
---
Body.
"""


def test_check_lints_only_the_truly_clockwise_rings(make_site, chdir_tmp):
    geometries = {"jump": POLYGON_FORMS["jump"], "pole": geo_cases.POLE_POLYGON, "cw": CLOCKWISE_CROSSING}
    features = [{"type": "Feature", "properties": {"name": k}, "geometry": g} for k, g in geometries.items()]
    site = make_site(
        {"p": POST},
        files={"content/places/p/a.geojson": json.dumps({"type": "FeatureCollection", "features": features})},
    )
    assert [d.format() for d in lint_site(site).diagnostics] == []  # nothing unclosed or invalid
    result = lint_site(site, fix=True)
    assert result.fixes == [
        "site/content/places/p/a.geojson: feature 3 (cw): outer ring turned counter-clockwise (RFC 7946)"
    ]
    fixed = json.loads((site / "content/places/p/a.geojson").read_text())["features"]
    ring = fixed[2]["geometry"]["coordinates"][0]
    assert _steps_short(unwrap_geometry(fixed[2]["geometry"], DIOMEDE)["coordinates"][0])
    assert sorted({round(x, 6) for x, _ in ring}) == [-179.3, 179.2]
    assert fixed[0]["geometry"] == POLYGON_FORMS["jump"] and fixed[1]["geometry"] == geo_cases.POLE_POLYGON


# --- world map and overview markers --------------------------------------------------------------


def _places(*rows: tuple[str, float, float]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"slug": s, "title": s, "url": f"places/{s}/", "colour": "#c4242b"},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
            for s, lon, lat in rows
        ],
    }


def test_the_world_maps_edge_keeps_clear_of_antimeridian_markers():
    from atlaspress.maps.webmap.world import DEFAULT_SEAM, SEAM_CLEAR, world_seam

    assert world_seam([126.6, 33.36]) == DEFAULT_SEAM  # nothing near the Bering Strait: as before
    lons = [DIOMEDE, EAST, 126.6, 33.36]
    seam = world_seam(lons)
    assert all(abs((seam - lon + 180) % 360 - 180) >= SEAM_CLEAR for lon in lons)


def test_the_static_world_map_draws_diomede_and_a_place_at_179_9_e_whole():
    import re

    from atlaspress.maps.webmap.world import world_frame, world_svg

    places = _places(("diomede", DIOMEDE, 65.75), ("fiji", EAST, -16.5), ("kaesong", 126.6, 37.93))
    svg = world_svg(places)
    width = float(re.search(r'viewBox="0 0 (\d+)', svg)[1])
    west, _, east, _ = world_frame(places)
    assert west < 126.6 and east > 360 - 168.95  # the frame runs east across 180, the short way round
    circles = [(float(x), float(r)) for x, r in re.findall(r'<circle cx="([-\d.]+)" cy="[-\d.]+" r="([\d.]+)"', svg)]
    assert len(circles) == 3
    assert all(r + 2 <= x <= width - r - 2 for x, r in circles)  # whole, stroke included
    diomede, fiji = circles[0][0], circles[1][0]
    per_degree = width / (east - west)
    assert abs(diomede - fiji) == pytest.approx((360 - 179.9 - 168.95) * per_degree, abs=0.2)  # 11.15° apart


def test_an_overview_across_180_is_centred_on_the_places():
    import re

    from atlaspress.maps.overview import Mark, central_meridian, overview_svg

    assert central_meridian([DIOMEDE, EAST]) == -175.0 and central_meridian([12.45, 33.36]) == 0.0
    svg = overview_svg([Mark(DIOMEDE, 65.75, "Diomede", 1), Mark(EAST, -16.5, "Fiji", 2)], "Pacific")
    xs = [float(x) for x in re.findall(r'<circle[^>]*? cx="([-\d.]+)"', svg)]
    width = float(re.search(r'viewBox="0 0 (\d+)', svg)[1])
    assert all(40 < x < width - 40 for x in xs) and abs(xs[0] - xs[1]) < width / 3


def test_the_world_basemap_joins_the_land_natural_earth_splits_at_180():
    from atlaspress.maps.webmap.basemap import world_basemap

    land = next(f["geometry"] for f in world_basemap()["features"] if f["properties"]["k"] == "land")
    rings = [ring for poly in land["coordinates"] for ring in poly]
    along = [(a, b) for ring in rings for a, b in zip(ring, ring[1:]) if abs(a[0]) == abs(b[0]) == 180.0]
    assert all(a[1] < -60 and b[1] < -60 for a, b in along), along  # only Antarctica's, round the pole
    chukotka = [ring for ring in rings if any(170 < x < 180 and 64 < y < 70 for x, y in ring)]
    assert any(max(x for x, _ in ring) > 180 for ring in chukotka)  # its eastern tip, one turn east


def test_the_feature_list_names_an_unwrapped_point_as_written():
    from atlaspress.maps.webmap.features import feature_list

    point = {"type": "Point", "coordinates": [179.5, 65.5]}
    published = unwrap_collection(_collection(DIOMEDE, point), DIOMEDE)
    assert published["features"][1]["geometry"]["coordinates"] == [-180.5, 65.5]  # drawn beside Diomede
    items = feature_list(published)[0]["items"]
    assert items[0]["coords"] == "65°30′00″ N, 179°30′00″ E"
