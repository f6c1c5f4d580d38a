import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from atlaspress.maps.locator.project import (
    ZOOM_HALF_HEIGHT_KM,
    View,
    choose_view,
    nice_length,
    projection_for,
    zoom_for,
)
from tests.geo_cases import BIR_TAWIL, GREEN_LINE, POLE_POLYGON


def test_point_defaults_to_region_in_azimuthal_equidistant():
    v = choose_view(126.6, 37.93)
    assert v.zoom == "region" and v.projection == "aeqd"
    assert v.half_height_m == ZOOM_HALF_HEIGHT_KM["region"] * 1000
    assert (v.lon0, v.lat0) == (126.6, 37.93)
    assert v.resolution == "10m"


@pytest.mark.parametrize(
    "zoom,proj,res",
    [
        ("city", "aeqd", "10m"),
        ("region", "aeqd", "10m"),
        ("country", "laea", "50m"),
        ("continent", "laea", "110m"),
    ],
)
def test_zoom_hint_sets_scale_projection_and_data(zoom, proj, res):
    v = choose_view(10.0, 50.0, zoom=zoom)
    assert v.zoom == zoom and v.projection == proj and v.resolution == res
    assert "merc" not in v.proj4


def test_layers_widen_and_recentre_the_frame():
    line = shapely.geometry.shape(
        {"type": "LineString", "coordinates": [[20.0, 50.0], [30.0, 50.0]]}
    )
    v = choose_view(20.0, 50.0, [line])
    assert v.half_width_m > 700_000 * 1.2 / 2  # the whole line fits with padding
    # centred towards the line, not on the place, but the place stays at least a fifth of the
    # frame from its edge (not jammed in a corner beside the scale bar)
    assert 22 < v.lon0 < 26
    x, _ = v.point_px(20.0, 50.0)
    assert x >= 0.2 * v.width - 1
    assert v.zoom in ("country", "continent") and v.projection == "laea"
    for lon in (20.0, 30.0):
        x, y = v.point_px(lon, 50.0)
        assert 0 < x < v.width and 0 < y < v.height


def test_small_layers_keep_the_place_centred():
    v = choose_view(33.74, 21.87, [shapely.geometry.shape(BIR_TAWIL)])
    assert (v.lon0, v.lat0) == (33.74, 21.87)
    v = choose_view(33.36, 35.17, [shapely.geometry.shape(GREEN_LINE)])
    assert v.zoom == "region"


def test_bad_zoom_is_rejected():
    with pytest.raises(ValueError):
        choose_view(0, 0, zoom="street")


def test_lonlat_window_splits_at_the_antimeridian():
    v = choose_view(-168.98, 65.77, zoom="country")
    boxes = v.lonlat_boxes
    assert len(boxes) == 2
    assert any(b[2] == 180.0 for b in boxes) and any(b[0] == -180.0 for b in boxes)


def test_window_covers_the_pole_when_framed():
    v = choose_view(0.0, 89.0, zoom="country")
    assert v.lonlat_boxes == ((-180.0, v.lonlat_boxes[0][1], 180.0, 90.0),)
    v = choose_view(0.0, 88.0, [shapely.geometry.shape(POLE_POLYGON)])
    assert v.lonlat_boxes[0][3] == 90.0


@settings(max_examples=60, deadline=None)
@given(st.floats(-179.9, 179.9), st.floats(-84, 84), st.sampled_from(list(ZOOM_HALF_HEIGHT_KM)))
def test_frame_round_trips_and_contains_centre(lon, lat, zoom):
    v = choose_view(lon, lat, zoom=zoom)
    x, y = v.point_px(lon, lat)
    assert x == pytest.approx(v.width / 2, abs=0.05) and y == pytest.approx(v.height / 2, abs=0.05)
    ring = v.frame_lonlat(4)
    for b in v.lonlat_boxes:
        assert -180 <= b[0] < b[2] <= 180 and -90 <= b[1] < b[3] <= 90
    covered = shapely.union_all([shapely.box(*b) for b in v.lonlat_boxes])
    assert all(covered.covers(shapely.Point(lo, la)) for lo, la in ring)


def test_helpers():
    assert zoom_for(10) == "city" and zoom_for(5000) == "continent"
    assert projection_for("region") == "aeqd" and projection_for("continent") == "laea"
    assert nice_length(73) == 50 and nice_length(19.9) == 10 and nice_length(2.1) == 2
    assert isinstance(choose_view(0, 0), View)
