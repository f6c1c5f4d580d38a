import numpy as np
import pytest
import shapely

from atlaspress.geo import atlas
from atlaspress.geo.atlas import GEOD


def test_country_at_points():
    assert atlas.country_at(126.60, 37.93) == "KP"
    assert atlas.country_at(126.98, 37.57) == "KR"
    assert atlas.country_at(-30.0, 40.0) is None  # mid-Atlantic
    assert atlas.country_at(-66.46, 80.83) is None  # Hans Island: below Natural Earth's detail


def test_country_names_and_lookup():
    assert atlas.country_name("KP") == "North Korea"
    assert atlas.country_name("kr") == "South Korea"
    assert [c.alpha2 for c in atlas.find_country("408")] == ["KP"]
    assert atlas.find_country("PRK")[0].alpha2 == "KP"
    assert atlas.find_country("North Korea")[0].numeric == "408"
    assert atlas.find_country("Northern Cyprus")[0].name == "N. Cyprus"
    with pytest.raises(KeyError):
        atlas.country_name("ZZ")


def test_nearest_border_is_geodesic():
    hit = atlas.nearest_border(126.60, 37.93, "KP")
    assert hit is not None and hit.name == "South Korea"
    assert 2 < hit.km < 15
    _, _, m = GEOD.inv(126.60, 37.93, hit.lon, hit.lat)
    assert hit.km == pytest.approx(m / 1000)
    assert atlas.nearest_border_km(126.60, 37.93) == pytest.approx(hit.km, abs=0.01)


def test_buffer_zone_is_seen_through():
    hit = atlas.nearest_border(33.36, 35.17, "CY")
    assert hit is not None and hit.name == "Northern Cyprus" and hit.km < 3


@pytest.mark.parametrize("res", atlas.RESOLUTIONS)
def test_decoded_countries_are_planar_and_valid(res):
    a = atlas.load_atlas(res)
    for c in a.countries:
        assert c.geometry.is_valid, c.name
        x0, y0, x1, y1 = c.geometry.bounds
        assert x0 >= -180 and x1 <= 180 and y0 >= -90 and y1 <= 90, c.name
    for line in a.borders + a.coast:
        xy = np.asarray(line.coords)
        assert np.abs(np.diff(xy[:, 0])).max(initial=0) < 180  # nothing jumps across ±180


def test_russia_crosses_the_antimeridian_in_pieces():
    ru = atlas.find_country("RU", "50m")[0].geometry
    east = shapely.clip_by_rect(ru, 170, 60, 180, 70)
    west = shapely.clip_by_rect(ru, -180, 60, -170, 70)
    assert east.area > 1 and west.area > 1


def test_disk_cache_is_keyed_by_version(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLASPRESS_GEO_CACHE", str(tmp_path))
    atlas.load_atlas.cache_clear()
    try:
        a = atlas.load_atlas("110m")
        files = list(tmp_path.glob(f"world-atlas-{atlas.data_version()}/countries-110m*.npz"))
        assert files
        atlas.load_atlas.cache_clear()
        b = atlas.load_atlas("110m")
        assert [c.name for c in a.countries] == [c.name for c in b.countries]
    finally:
        atlas.load_atlas.cache_clear()
