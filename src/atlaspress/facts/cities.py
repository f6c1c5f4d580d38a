"""The nearest real city: a city of 100,000 or more that is not part of a bigger one.

GeoNames lists boroughs and former municipalities of large cities as cities of their own
("North Shore" in Auckland, "Acilia-Castel Fusano-Ostia Antica" in Rome). A place in the
Vatican is "5 km from Rome", not 15 km from one of Rome's zones. A listed city counts as a
part of a bigger one when a city at least five times as populous lies within the bigger
city's reach, ``REACH_KM`` × √(population / 1,000,000) — 23 km for Rome's 2.3 million,
19 km for Auckland's 1.5 million — and only within one country (Johor Bahru is a city, 22 km
from Singapore's centre), so satellite towns beyond a metropolis's reach (Yonkers
is 24 km from Manhattan's centre but New York's reach is 43 km, so it is a part; Kawasaki
from Tokyo is also a part) and separate cities at ordinary distances stay cities. The reach
stops at ``REACH_MAX_KM``: beyond it a city is its own however big its neighbour (Zhuhai and
Shenzhen, 59 km apart across the Pearl River estuary; Chiba and Tokyo; Bogor and Jakarta).
"""

from __future__ import annotations

import functools
import re

import numpy as np

from atlaspress.facts.model import City  # noqa: F401 - re-exported

CITY_POPULATION = 100_000
REACH_KM = 15.0
REACH_MAX_KM = 35.0  # no borough lies farther out: Zhuhai, 59 km from Shenzhen across the Pearl River, is a city
BIGGER = 5.0  # Incheon (2.9 million) is a city beside Seoul (10 million), Kawasaki a part of Tokyo
# GeoNames lists the halves of a city named after both as cities of their own: Buda (510,000)
# 0.5 km and Pest (1 million) 3.3 km from Budapest's point. A smaller city whose name is part of
# a bigger neighbour's name, within its reach (at least 10 km), is a part of it. Distance alone
# cannot tell them: Ramat Gan, 2.8 km from Tel Aviv's point, is a city of its own.
_PART = re.compile(r"^(West|East|North|South|Central|Old) (.+)$")  # not "New": New Taipei is a city
EARTH_KM = 6371.0088  # mean radius (IUGG): the screen only needs the haversine


def _haversine(lon1: np.ndarray, lat1: np.ndarray, lon2: np.ndarray, lat2: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


@functools.lru_cache(maxsize=4)
def principal(min_population: int = CITY_POPULATION) -> np.ndarray:
    """Indices into the GeoNames table of cities of ``min_population`` that are not parts
    of a bigger city, most populous first (the table's order)."""
    from atlaspress.geo.cities import load_cities

    t = load_cities()
    idx = np.flatnonzero(t.population >= min_population)
    keep = np.ones(len(idx), dtype=bool)
    lon, lat, pop = t.lon[idx], t.lat[idx], t.population[idx].astype(float)
    country = np.array([t.country[i] for i in idx])
    reach = np.minimum(REACH_KM * np.sqrt(pop / 1e6), REACH_MAX_KM)
    for j in np.flatnonzero(pop >= BIGGER * min_population):  # only these can absorb another
        smaller = np.flatnonzero((pop * BIGGER <= pop[j]) & (np.abs(lat - lat[j]) <= reach[j] / 111.0)
                                 & (country == country[j]))  # Johor Bahru is no part of Singapore
        near = _haversine(lon[j], lat[j], lon[smaller], lat[smaller]) <= reach[j]
        keep[smaller[near]] = False
    folded = [t.names[i].casefold() for i in idx]
    for j in np.flatnonzero(pop >= BIGGER * min_population):  # "Buda" and "Pest" beside "Budapest"
        near = np.flatnonzero((pop < pop[j]) & (np.abs(lat - lat[j]) <= max(reach[j], 10.0) / 111.0)
                              & (country == country[j]))
        for k in near[_haversine(lon[j], lat[j], lon[near], lat[near]) <= max(reach[j], 10.0)]:
            if len(folded[k]) >= 4 and folded[k] in folded[j] and folded[k] != folded[j]:
                keep[k] = False
    by_name: dict[str, int] = {}
    for n in range(len(idx)):  # most populous first: the first of a name is the city
        by_name.setdefault(t.names[idx[n]], n)
    for k in range(len(idx)):  # "West Jerusalem" beside Jerusalem: a part named after its city
        m = _PART.match(t.names[idx[k]])
        big = by_name.get(m.group(2), -1) if m else -1  # any country: East Jerusalem is listed under PS
        if big >= 0 and pop[big] > pop[k] and _haversine(lon[big], lat[big], lon[k], lat[k]) <= max(reach[big], 10.0):
            keep[k] = False
    return idx[keep]


@functools.lru_cache(maxsize=1)
def parts_of_bigger() -> frozenset[tuple[str, float, float]]:
    """(name, lon, lat) of the GeoNames cities of :data:`CITY_POPULATION` or more that are parts
    of a bigger city (Rome's "Acilia-Castel Fusano-Ostia Antica"): a map labels the city, not them."""
    from atlaspress.geo.cities import load_cities

    t = load_cities()
    big = np.flatnonzero(t.population >= CITY_POPULATION)
    keep = set(principal(CITY_POPULATION).tolist())
    return frozenset((t.names[i], float(t.lon[i]), float(t.lat[i])) for i in big.tolist() if i not in keep)
