"""Where the land is, precisely enough for coastal towns: OpenStreetMap land and lakes.

The data is npm ``@geo-maps/earth-lands-10m`` and ``@geo-maps/earth-lakes-10m`` (one
``map.geo.json`` MultiPolygon each, OpenStreetMap coastlines and water simplified to 10 m,
© OpenStreetMap contributors, ODbL), vendored gzipped into ``_vendor/geo-maps`` by
``scripts/vendor.sh``. Natural Earth 1:10m puts Longyearbyen and Ushuaia at sea; this data puts
them 70–330 m inside the coast. Natural Earth stays for small-scale drawing.

The land polygons have holes for inland water (the Caspian, the Great Lakes, Lake Constance,
wide rivers); the Sea of Galilee is not a hole but is in the lakes file. The GeoJSON (194 MB)
is decoded once per machine into a versioned cache (``cache_root()``) holding three layers,
each cut into pieces of at most :data:`_PIECE_VERTICES` vertices and stored as int32 at 1e-7°:

* ``land``: the land polygons *with their holes filled*, so their boundary is the coast;
* ``water``: every lake of the lakes file, and the land's holes that hold no lake (rivers);
* ``coast``: the land polygons' outer rings as lines, for distances to the coast.

A point is on land when it is in a ``land`` piece and in no ``water`` piece.

>>> on_land(15.6267, 78.2232)  # Longyearbyen
True
>>> on_land(9.38, 47.63)  # Lake Constance
False
"""

from __future__ import annotations

import functools
import gzip
import math
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .atlas import (
    GeoDataError,
    array_json,
    cache_root,
    cached_arrays,
    json_array,
    load_arrays,
    save_arrays,
    vendored_version,
)
from .pieces import split_polygon

VENDOR_DIR = Path(__file__).resolve().parents[1] / "_vendor" / "geo-maps"
LANDS, LAKES = "earth-lands-10m", "earth-lakes-10m"
DATA_FILE = "map.geo.json.gz"
CREDIT = "© OpenStreetMap contributors"
# The data is simplified to 10 m (its README: "absolute error of 10m"); OpenStreetMap's coast is
# traced from imagery, within a few tens of metres. 100 m covers both, and is what a coordinate
# written to three decimals can say (0.001° of latitude is 111 m).
TOLERANCE_KM = 0.1
MIN_WATER_KM2 = 0.5  # smaller lakes and river stretches are not loaded (see _from_arrays)
DATA_SOUTH = -85.05113  # the data stops at Web Mercator's edge; south of it is Antarctica's ice
_CACHE_FORMAT = 2  # 2: no lake islands' shores in the coast
_SCALE = 1e7  # the data has 5 decimals; cut points get 7. |lon| * 1e7 < 2**31
_PIECE_VERTICES = 256
_KM_PER_DEG = 111.32
# Lakes drawn on a locator: at least this many km², by the frame's half-height in km (a lake of
# area A is about sqrt(A) km across; smaller than about 1 px on a 300 px map it is noise).
LAKE_MIN_AREA_KM2 = ((30, 0.5), (150, 1.0), (600, 20.0), (2000, 300.0), (math.inf, 3000.0))


@dataclass(frozen=True)
class Layer:
    """Pieces of one layer and an index over them."""

    pieces: np.ndarray  # shapely geometries (object array)
    owner: np.ndarray  # index of the original polygon (water: the lake) of each piece

    @functools.cached_property
    def tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.pieces)


@dataclass(frozen=True)
class Land:
    version: str
    land: Layer
    water: Layer
    coast: Layer
    water_km2: np.ndarray  # approximate area of each water body
    water_is_lake: np.ndarray  # bool: from the lakes file (else a hole of the land: a river)


def data_version() -> str:
    """``"lands 0.6.0, lakes 0.6.0"``: the two package versions."""
    lands = vendored_version(VENDOR_DIR / LANDS, "OpenStreetMap land", f"@geo-maps/{LANDS}")
    lakes = vendored_version(VENDOR_DIR / LAKES, "OpenStreetMap lakes", f"@geo-maps/{LAKES}")
    return f"lands {lands}, lakes {lakes}"


def _read(path: Path) -> list[shapely.Polygon]:
    """The polygons of a geo-maps file (a GeometryCollection of one MultiPolygon), valid."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            text = fh.read()
        collection = shapely.from_geojson(text)
    except (OSError, ValueError, shapely.errors.GEOSException) as exc:
        raise GeoDataError(f"cannot read {path}: {exc}") from exc
    del text
    # 0.7 % of the land polygons are invalid (self-touching rings); make_valid takes many minutes
    # on the largest, and point tests and clip_by_rect work on them as they are.
    polygons = shapely.get_parts(shapely.get_parts(collection))
    return [p for p in polygons if p.geom_type == "Polygon" and not p.is_empty]


def _split(geom: BaseGeometry, limit: int = _PIECE_VERTICES) -> list[BaseGeometry]:
    """A polygon in pieces of at most ``limit`` vertices; a line in runs of ``limit`` vertices."""
    if geom.geom_type == "LineString":
        xy = shapely.get_coordinates(geom)
        step = limit - 1
        return [shapely.LineString(xy[k:k + limit]) for k in range(0, max(1, len(xy) - 1), step)]
    return list(split_polygon(geom, limit))


def _km2(polygons: np.ndarray) -> np.ndarray:
    """Approximate areas in km² (planar degrees scaled at each polygon's latitude: a threshold
    for drawing, not a measurement)."""
    lat = shapely.get_coordinates(shapely.centroid(polygons))[:, 1]
    return shapely.area(polygons) * np.cos(np.radians(lat)) * _KM_PER_DEG**2


def decode(lands: Path, lakes: Path, version: str) -> Land:
    """Decode both files into pieces (slow: about a minute; the result is cached)."""
    land_polys = _read(lands)
    lake_polys = np.asarray(_read(lakes), dtype=object)
    lake_tree = shapely.STRtree(lake_polys)
    holes = shapely.polygons([ring for p in land_polys for ring in p.interiors])
    inside, _ = lake_tree.query(shapely.point_on_surface(holes), predicate="intersects")
    river = np.ones(len(holes), dtype=bool)
    river[inside] = False
    water_polys = np.concatenate([lake_polys, holes[river]])
    is_lake = np.zeros(len(water_polys), dtype=bool)
    is_lake[: len(lake_polys)] = True

    def layer(geoms: list[BaseGeometry] | np.ndarray) -> Layer:
        # Most of the 1.4 million water bodies are small ponds, already one piece: only the
        # geometries over the vertex limit go through Python's splitting loop, the rest are
        # taken as they are in runs (the same pieces in the same order as splitting each one).
        arr = np.empty(len(geoms), dtype=object)
        arr[:] = list(geoms)
        big = np.flatnonzero(shapely.get_num_coordinates(arr) > _PIECE_VERTICES)
        pieces: list[np.ndarray] = []
        owner: list[np.ndarray] = []
        prev = 0
        for i in big.tolist():
            pieces.append(arr[prev:i])
            owner.append(np.arange(prev, i))
            cut = _split(arr[i])
            part = np.empty(len(cut), dtype=object)
            part[:] = cut
            pieces.append(part)
            owner.append(np.full(len(cut), i))
            prev = i + 1
        pieces.append(arr[prev:])
        owner.append(np.arange(prev, len(arr)))
        return Layer(np.concatenate(pieces), np.concatenate(owner).astype(np.int32))

    exteriors = [p.exterior for p in land_polys]
    filled = np.asarray([shapely.Polygon(r) for r in exteriors], dtype=object)
    # an island in a lake lies inside another polygon's filled outline: its shore is no coast.
    # The tree holds the points and the outlines are the queries: STRtree prepares each query
    # geometry once, so a continent-sized outline is prepared once and tested against the points
    # in its box (the other way round, every point test walked Eurasia's 10 m ring unprepared:
    # minutes of a machine's first build).
    poly, point = shapely.STRtree(shapely.point_on_surface(filled)).query(filled, predicate="intersects")
    islands = set(point[point != poly].tolist())
    return Land(
        version,
        land=layer(filled),
        water=layer(water_polys),
        coast=layer([shapely.LineString(r) for i, r in enumerate(exteriors) if i not in islands]),
        water_km2=_km2(water_polys).astype(np.float32),
        water_is_lake=is_lake,
    )


def _to_arrays(d: Land) -> dict[str, np.ndarray]:
    out = {"meta": json_array({"format": _CACHE_FORMAT, "version": d.version}),
           "water_km2": d.water_km2, "water_is_lake": d.water_is_lake}
    for name in ("land", "water", "coast"):
        lay: Layer = getattr(d, name)
        _, coords, offsets = shapely.to_ragged_array(lay.pieces)
        out[f"{name}_coords"] = np.round(coords * _SCALE).astype(np.int32)
        for k, off in enumerate(offsets):
            out[f"{name}_off{k}"] = off.astype(np.int64)
        out[f"{name}_owner"] = lay.owner
    return out


def _kept_water(arrays: dict[str, np.ndarray], owner: np.ndarray) -> np.ndarray:
    """Which water pieces to load. Ponds smaller than MIN_WATER_KM2 (most of the 538,584 lakes)
    are left out: a point in one is on land to within the data's tolerance, and their pieces
    cost about 300 MB (a build must fit in 1 GB: tests/hostile). River stretches (the land's
    holes) are left out too: a river's hole also swallows its islands (Paris's Île de la Cité
    would be water), and a point in a river is within the data's tolerance of its bank."""
    km2, is_lake = arrays["water_km2"], arrays["water_is_lake"]
    if km2.shape != is_lake.shape or is_lake.dtype != bool or (len(owner) and (owner.max() >= len(km2)
                                                                               or owner.min() < 0)):
        raise ValueError("bad water bodies")
    return (km2[owner] >= MIN_WATER_KM2) & is_lake[owner]


def _select_polygons(coords: np.ndarray, offsets: tuple[np.ndarray, ...],
                     keep: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """The ragged arrays of only the ``keep`` polygons (coords, (ring offsets, polygon offsets))."""
    ring_off, poly_off = offsets
    ring_keep = np.repeat(keep, np.diff(poly_off))
    coord_keep = np.repeat(ring_keep, np.diff(ring_off))
    ring_sizes = np.diff(ring_off)[ring_keep]
    rings_per_poly = np.diff(poly_off)[keep]
    return coords[coord_keep], (np.concatenate([[0], np.cumsum(ring_sizes)]),
                                np.concatenate([[0], np.cumsum(rings_per_poly)]))


def _from_arrays(arrays: dict[str, np.ndarray], version: str) -> Land:
    """The :class:`Land` back from :func:`_to_arrays`; ``ValueError`` on anything else."""
    meta = array_json(arrays["meta"])
    if not isinstance(meta, dict) or meta.get("format") != _CACHE_FORMAT or meta.get("version") != version:
        raise ValueError("another cache format or data version")
    layers = {}
    for name, kind, depth in (("land", shapely.GeometryType.POLYGON, 2), ("water", shapely.GeometryType.POLYGON, 2),
                              ("coast", shapely.GeometryType.LINESTRING, 1)):
        coords = arrays[f"{name}_coords"]
        if coords.dtype != np.int32 or coords.ndim != 2 or coords.shape[1] != 2:
            raise ValueError("bad coordinates")
        offsets = tuple(arrays[f"{name}_off{k}"] for k in range(depth))
        end = len(coords)
        for off in offsets:
            if off.ndim != 1 or not len(off) or off[0] != 0 or off[-1] != end or np.any(np.diff(off) < 0):
                raise ValueError("bad offsets")
            end = len(off) - 1
        owner = arrays[f"{name}_owner"]
        if owner.shape != (end,) or owner.dtype != np.int32:
            raise ValueError("bad owners")
        if name == "water":  # only what is kept is built (_kept_water): pieces cost ~300 bytes each
            keep = _kept_water(arrays, owner)
            coords, (ring_off, poly_off) = _select_polygons(coords, (offsets[0], offsets[1]), keep)
            offsets, owner = (ring_off, poly_off), owner[keep]
        pieces = shapely.from_ragged_array(kind, coords / _SCALE, offsets)
        layers[name] = Layer(pieces, owner)
    km2, is_lake = arrays["water_km2"], arrays["water_is_lake"]
    owner = layers["water"].owner
    if km2.shape != is_lake.shape or is_lake.dtype != bool or (len(owner) and owner.max() >= len(km2)) \
            or (len(owner) and owner.min() < 0):
        raise ValueError("bad water bodies")
    return Land(version, water_km2=km2, water_is_lake=is_lake, **layers)


def cache_path(version: str) -> Path:
    slug = version.replace(", ", "-").replace(" ", "-")
    return cache_root() / f"geo-maps-{slug}" / f"land.v{_CACHE_FORMAT}.npz"


def _sources() -> tuple[Path, Path]:
    return VENDOR_DIR / LANDS / DATA_FILE, VENDOR_DIR / LAKES / DATA_FILE


@functools.cache
def load_land() -> Land:
    """The decoded land and lakes: from the cache when it is there, else decoded and cached."""
    version = data_version()
    # read back through _from_arrays even when just decoded: it leaves out the small water
    # bodies, so a machine's first build sees the same land as every later one
    return cached_arrays(cache_path(version), version, lambda: _to_arrays(decode(*_sources(), version)),
                         _from_arrays)


def timings() -> dict[str, float]:
    """Seconds to decode, save and load the cache (and build the trees), its size in MB and the
    mean seconds per :func:`on_land` query (for docs/decisions-geo.md; decodes afresh)."""
    version = data_version()
    t0 = time.perf_counter()
    data = decode(*_sources(), version)
    t1 = time.perf_counter()
    save_arrays(cache_path(version), _to_arrays(data))
    t2 = time.perf_counter()
    loaded = _from_arrays(load_arrays(cache_path(version)), version)
    for lay in (loaded.land, loaded.water, loaded.coast):
        lay.tree.query(shapely.Point(0, 0))
    t3 = time.perf_counter()
    rng = np.random.default_rng(1)
    pts = np.column_stack([rng.uniform(-180, 180, 2000), rng.uniform(-80, 80, 2000)])
    t4 = time.perf_counter()
    for x, y in pts:
        _on_land(loaded, float(x), float(y))
    t5 = time.perf_counter()
    return {"decode_s": t1 - t0, "save_s": t2 - t1, "load_s": t3 - t2,
            "cache_mb": cache_path(version).stat().st_size / 1e6, "query_ms": (t5 - t4) / len(pts) * 1e3,
            **{f"{n}_pieces": float(len(getattr(data, n).pieces)) for n in ("land", "water", "coast")}}


# --- queries ------------------------------------------------------------------------------


def _wrap(lon: float) -> float:
    return ((lon + 180.0) % 360.0) - 180.0


def _on_land(data: Land, lon: float, lat: float) -> bool:
    if lat < DATA_SOUTH:
        return True
    pt = shapely.Point(lon, lat)
    return len(data.land.tree.query(pt, predicate="intersects")) > 0 and \
        len(data.water.tree.query(pt, predicate="intersects")) == 0


@functools.lru_cache(maxsize=4096)
def on_land(lon: float, lat: float) -> bool:
    """On land per OpenStreetMap's coast, and not in a lake or a river's water area."""
    return _on_land(load_land(), _wrap(lon), lat)


@functools.lru_cache(maxsize=4096)
def inland_water(lon: float, lat: float) -> str | None:
    """``"lake"`` or ``"river"`` where the point is on inland water (not land, not the sea)."""
    data = load_land()
    hits = data.water.tree.query(shapely.Point(_wrap(lon), lat), predicate="intersects")
    if not len(hits):
        return None
    return "lake" if bool(data.water_is_lake[data.water.owner[hits]].any()) else "river"


@functools.lru_cache(maxsize=4096)
def coast_distance_km(lon: float, lat: float) -> float:
    """Geodesic distance (pyproj Geod, WGS84) to the nearest coastline: the land/sea edge,
    not a lake shore. South of the data's edge (85.05° S, inland Antarctica) the distance
    is measured to the data's edge."""
    from atlaspress.core.measure import distance_to

    data = load_land()
    lon = _wrap(lon)
    lat = max(lat, DATA_SOUTH)
    tree = data.coast.tree
    # The planar nearest piece, in degrees, bounds the search: the ground distance to it is at
    # most d_deg degrees of latitude, so the true nearest point lies within d_deg of latitude
    # and d_deg / cos(latitude) of longitude.
    _, dist = tree.query_nearest(shapely.Point(lon, lat), return_distance=True)
    d_deg = float(dist[0]) * 1.01 + 1e-6 if len(dist) else 180.0
    coslat = max(0.01, math.cos(math.radians(min(89.9, abs(lat) + d_deg))))
    dx = min(180.0, d_deg / coslat)
    south, north = max(-90.0, lat - d_deg), min(90.0, lat + d_deg)
    boxes = [shapely.box(max(-180.0, lon - dx), south, min(180.0, lon + dx), north)]
    if lon - dx < -180:
        boxes.append(shapely.box(lon - dx + 360, south, 180.0, north))
    if lon + dx > 180:
        boxes.append(shapely.box(-180.0, south, lon + dx - 360, north))
    hits = np.unique(np.concatenate([tree.query(b) for b in boxes]))
    reach = distance_to(lon, lat, list(data.coast.pieces[hits]))
    return reach.km if reach is not None else math.inf


def land_in(bbox: tuple[float, float, float, float]) -> BaseGeometry:
    """Land (lakes and rivers cut out) clipped to ``(west, south, east, north)`` in lon/lat:
    for large-scale maps (a city's surroundings); slow for continents."""
    data = load_land()
    west, south, east, north = bbox
    box = shapely.box(west, south, east, north)
    land = shapely.union_all(data.land.pieces[data.land.tree.query(box)])
    water = data.water.pieces[data.water.tree.query(box)]
    if len(water):
        land = shapely.difference(land, shapely.union_all(water))
    return shapely.clip_by_rect(land, west, south, east, north)


def lakes_in(bbox: tuple[float, float, float, float], min_area_km2: float = 1.0,
             limit: int | None = None) -> list[BaseGeometry]:
    """Lakes of at least ``min_area_km2`` (approximate area of the whole lake) clipped to
    ``(west, south, east, north)``, one geometry per lake, largest first; only the first
    ``limit`` are made (a frame over Finland has over a thousand)."""
    data = load_land()
    west, south, east, north = bbox
    hits = data.water.tree.query(shapely.box(west, south, east, north))
    owners = data.water.owner[hits]
    keep = data.water_is_lake[owners] & (data.water_km2[owners] >= min_area_km2)
    hits, owners = hits[keep], owners[keep]
    out = []
    order = np.argsort(owners, kind="stable")  # group the pieces by lake in one sort
    hits, owners = hits[order], owners[order]
    lakes, starts = np.unique(owners, return_index=True)
    ends = np.append(starts[1:], len(owners)) if len(starts) else starts
    groups = sorted(zip(lakes.tolist(), starts.tolist(), ends.tolist(), strict=True),
                    key=lambda g: -float(data.water_km2[g[0]]))
    for _lake, a, b in groups:
        geom = shapely.union_all(data.water.pieces[hits[a:b]])
        geom = shapely.clip_by_rect(geom, west, south, east, north)
        if not geom.is_empty:
            out.append(geom)
            if limit is not None and len(out) >= limit:
                break
    return out


def lake_min_area_km2(half_height_km: float) -> float:
    """The smallest lake worth drawing on a frame of this half-height (:data:`LAKE_MIN_AREA_KM2`)."""
    return next(area for limit, area in LAKE_MIN_AREA_KM2 if half_height_km <= limit)
