"""The nearest city is a real city, not a borough GeoNames lists as a city (issue 10, point 4).

References: GeoNames 3169070 Rome (41.89193 N, 12.51133 E, 2.3 million); 2193733 Auckland;
2185964 "North Shore" (a former city, part of Auckland since 2010); 3183539
"Acilia-Castel Fusano-Ostia Antica" (a zone of Rome); Vatican City 41.9029 N 12.4534 E
(Wikipedia, "Vatican City"); Devonport, Auckland 36.83 S 174.80 E (Wikipedia).
"""

from __future__ import annotations

from pyproj import Geod

from atlaspress.facts.cities import principal
from atlaspress.facts.place import nearest_city
from atlaspress.geo.cities import load_cities

GEOD = Geod(ellps="WGS84")


def names() -> set[str]:
    table = load_cities()
    return {table.names[i] for i in principal()}


def test_boroughs_are_not_cities_but_neighbouring_cities_are():
    kept = names()
    assert {"Rome", "Auckland", "Incheon", "Tel Aviv", "Ramat Gan", "Foshan"} <= kept
    assert not {"North Shore", "Acilia-Castel Fusano-Ostia Antica", "Yonkers", "Kawasaki"} & kept


def test_the_vatican_is_five_km_from_rome():
    city = nearest_city(12.4534, 41.9029)
    assert city is not None and city.name == "Rome"
    km = GEOD.inv(12.4534, 41.9029, 12.51133, 41.89193)[2] / 1000
    assert abs(city.km - km) < 0.01 and 4.5 < km < 5.5
    assert city.direction == "east-south-east" and city.bearing == "west-north-west"


def test_devonport_is_near_auckland_not_north_shore():
    city = nearest_city(174.80, -36.83)
    assert city is not None and city.name == "Auckland"


def test_no_compass_at_a_pole():
    city = nearest_city(0.0, 90.0, polar=True)
    assert city is not None and city.direction is None and city.bearing is None


def test_separate_cities_beyond_a_megacitys_reach_stay_cities():
    # Zhuhai is a prefecture-level city of Guangdong across the Pearl River estuary from Shenzhen
    # (Wikipedia, "Zhuhai"); Chiba is a designated city of its own prefecture (Wikipedia,
    # "Chiba (city)"); Bogor a city of West Java (Wikipedia, "Bogor"), not a part of Jakarta.
    assert {"Zhuhai", "Chiba", "Bogor"} <= names()


def test_macau_is_measured_from_zhuhai_not_a_town_26_km_away():
    # Senado Square, Macau (22.1937 N 113.5392 E, Wikipedia) to Zhuhai's GeoNames point
    # (22.27694 N 113.56778 E, GeoNames): under 10 km by pyproj.Geod.
    expected = GEOD.inv(113.5392, 22.1937, 113.56778, 22.27694)[2] / 1000
    c = nearest_city(113.5392, 22.1937, exclude=("Macau", "Macao"))
    assert c is not None and c.name == "Zhuhai"
    assert abs(c.km - expected) < 0.5


def test_halves_of_one_city_listed_beside_it_are_parts_of_it():
    # GeoNames 3054643 Budapest (47.49835 N 19.04045 E, 1.74 million), 3054667 Buda (47.5 N
    # 19.03333 E) and 3046446 Pest (47.5 N 19.08333 E): the two banks of the city united in 1873
    # (Wikipedia, "Budapest"), 0.5 and 3.3 km from its point by pyproj.Geod; Howrah (GeoNames
    # 1270396) is a municipal corporation of its own across the Hooghly from Kolkata (Census of
    # India 2011), about 6 km away.
    assert GEOD.inv(19.04045, 47.49835, 19.03333, 47.5)[2] < 1000
    assert GEOD.inv(19.04045, 47.49835, 19.08333, 47.5)[2] < 4000
    kept = names()
    assert "Budapest" in kept and not {"Buda", "Pest"} & kept
    assert {"Howrah", "Kolkata"} <= kept
    city = nearest_city(19.0402, 47.4979, exclude=("Budapest",))
    assert city is not None and city.name not in ("Buda", "Pest")



def test_nearest_city_is_the_geodesic_nearest_of_all_principal_cities():
    """The sphere screens which cities are measured on the ellipsoid; the winner must be the
    one measuring every principal city with pyproj's Geod (WGS84) picks, ties by table order."""
    import random

    import numpy as np

    from atlaspress.core.measure import GEOD
    from atlaspress.facts.cities import principal
    from atlaspress.facts.place import nearest_city
    from atlaspress.geo.cities import load_cities

    table = load_cities()
    idx = principal()
    rng = random.Random(11)
    for lon, lat in [(rng.uniform(-180, 180), rng.uniform(-89, 89)) for _ in range(60)] + [(0.0, 90.0)]:
        n = len(idx)
        _, _, metres = GEOD.inv(np.full(n, lon), np.full(n, lat), table.lon[idx], table.lat[idx])
        i = int(idx[np.lexsort((idx, np.round(metres, 3)))[0]])
        city = nearest_city(lon, lat)
        assert city is not None and city.name == table.names[i]
        assert city.km == float(metres[idx == i][0]) / 1000
