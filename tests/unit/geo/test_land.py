"""OpenStreetMap land and lakes (npm @geo-maps): coastal towns on land, lakes in water.

Every expected value comes from a named reference, never from the code's own output: a town's
coordinates (GeoNames or Wikipedia) are on land; a lake's or a harbour's centre is water.
Where a reference town falls at sea in the data, it must be within TOLERANCE_KM of the coast.
"""

from __future__ import annotations

import time

import pytest
import shapely

from atlaspress.geo import land
from atlaspress.geo.atlas import GEOD

# (place, latitude, longitude, reference)
TOWNS = [
    ("Longyearbyen", 78.2232, 15.6267, "GeoNames 2729907"),
    ("Ushuaia", -54.8019, -68.3030, "GeoNames 3833367"),
    ("Edinburgh of the Seven Seas", -37.0675, -12.3105, "Wikipedia, Edinburgh of the Seven Seas"),
    ("McMurdo Station", -77.846, 166.676, "Wikipedia, McMurdo Station"),
    ("Venice, Piazza San Marco", 45.4341, 12.3388, "Wikipedia, Piazza San Marco"),
    ("Monaco", 43.7311, 7.4200, "Wikipedia, Monaco (43°43′52″N 7°25′12″E)"),
    ("Singapore", 1.28967, 103.85007, "GeoNames 1880252"),
    ("Hong Kong", 22.27832, 114.17469, "GeoNames 1819729"),
]
# (place, latitude, longitude, reference): water
WATER = [
    ("Lake Constance centre", 47.63, 9.38, "Wikipedia, Lake Constance"),
    ("Sea of Galilee centre", 32.82, 35.59, "Wikipedia, Sea of Galilee"),
    ("Lake Geneva centre", 46.45, 6.55, "Wikipedia, Lake Geneva (46°26′N 6°33′E)"),
    ("Lake Superior centre", 47.7, -87.5, "Wikipedia, Lake Superior (47°42′N 87°30′W)"),
    ("Victoria Harbour, on the Star Ferry's crossing", 22.2905, 114.1648,
     "midway between the Star Ferry piers, Tsim Sha Tsui 22.2937 N 114.1685 E and Central 22.2873 N 114.1610 E"),
    ("open Atlantic", 30.0, -40.0, "over 1000 km from the Azores and the Canaries"),
]


@pytest.mark.parametrize(("name", "lat", "lon", "ref"), TOWNS, ids=[t[0] for t in TOWNS])
def test_towns_are_on_land_or_on_the_coast(name: str, lat: float, lon: float, ref: str) -> None:
    if not land.on_land(lon, lat):
        assert land.coast_distance_km(lon, lat) <= land.TOLERANCE_KM, f"{name} ({ref}) is at sea"


@pytest.mark.parametrize("name", ["Longyearbyen", "Ushuaia"])
def test_towns_natural_earth_puts_at_sea_are_on_land(name: str) -> None:
    _, lat, lon, _ = next(t for t in TOWNS if t[0] == name)
    assert land.on_land(lon, lat)  # docs: 70–330 m inside the coast in this data


@pytest.mark.parametrize(("name", "lat", "lon", "ref"), WATER, ids=[w[0] for w in WATER])
def test_lakes_and_seas_are_not_land(name: str, lat: float, lon: float, ref: str) -> None:
    assert not land.on_land(lon, lat), f"{name} ({ref})"


def test_a_point_5_km_inland() -> None:
    # Phare de Contis (Wikipedia: 44°05′37″N 1°19′08″W) stands just behind the straight,
    # north–south dune coast of the Landes; 5 km due east is 5 km inland.
    lon, lat, _ = GEOD.fwd(-1.3189, 44.0936, 90.0, 5000.0)
    assert land.on_land(lon, lat)
    assert 4.5 <= land.coast_distance_km(lon, lat) <= 6.0


def test_a_lake_shore_is_not_a_coast() -> None:
    # Lake Constance's centre is far from the sea: the nearest coast is the Mediterranean or
    # the North Sea, hundreds of km away
    assert land.coast_distance_km(9.38, 47.63) > 250


def test_the_open_atlantic_is_far_from_any_coast() -> None:
    assert land.coast_distance_km(-40.0, 30.0) > 900


def test_across_the_antimeridian() -> None:
    # Taveuni, Fiji, straddles 180°: Waiyevo (Wikipedia: 16°47′S 179°59′W) is on it
    assert land.on_land(-179.98, -16.79) or land.coast_distance_km(-179.98, -16.79) <= 1.0
    assert land.coast_distance_km(179.9999, -16.9) < 30


def test_queries_are_fast_after_loading() -> None:
    land.load_land()
    t0 = time.perf_counter()
    for i in range(200):
        land._on_land(land.load_land(), -170 + i * 1.7, -60 + i * 0.6)
    assert (time.perf_counter() - t0) / 200 < 1e-3


def test_lakes_in_finds_the_lakes_a_locator_draws() -> None:
    lakes = land.lakes_in((8.8, 47.3, 9.9, 47.9), min_area_km2=100)  # around Lake Constance (536 km²)
    assert lakes and lakes[0].contains(shapely.Point(9.38, 47.63))
    assert not land.lakes_in((-41, 29, -39, 31))
    galilee = land.lakes_in((35.3, 32.6, 35.9, 33.1), min_area_km2=50)  # 166 km²
    assert any(g.contains(shapely.Point(35.59, 32.82)) for g in galilee)


def test_land_in_keeps_a_coastal_town_on_land_and_cuts_lakes_out() -> None:
    # Longyearbyen on Adventfjorden
    g = land.land_in((15.4, 78.15, 15.9, 78.3))
    assert g.contains(shapely.Point(15.6267, 78.2232))
    g = land.land_in((9.0, 47.4, 9.8, 47.8))
    assert not g.contains(shapely.Point(9.38, 47.63))
    assert g.contains(shapely.Point(9.61062, 47.78198))  # Ravensburg (GeoNames 2849802)


def test_cache_round_trip_refuses_other_versions(tmp_path) -> None:
    data = land.load_land()
    arrays = land._to_arrays(data)
    with pytest.raises(ValueError):
        land._from_arrays(arrays, "lands 0.0.1, lakes 0.6.0")
    arrays["land_owner"] = arrays["land_owner"][:-1]
    with pytest.raises(ValueError):
        land._from_arrays(arrays, data.version)


def test_version_and_credit() -> None:
    assert land.data_version() == "lands 0.6.0, lakes 0.6.0"
    assert land.CREDIT == "© OpenStreetMap contributors"
