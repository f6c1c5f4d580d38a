"""Natural Earth base data (npm ``world-atlas``) decoded into shapely geometries.

The TopoJSON files are decoded once and cached as WKB in a NumPy ``.npz`` (data only,
read with ``allow_pickle=False``) keyed by the world-atlas version, so later loads take
milliseconds.  Shared arcs give the
land borders (arcs used by two countries) and coastlines (arcs used by one)
for free, exactly as ``topojson.mesh`` does.

>>> country_at(126.60, 37.93)
'KP'
>>> country_name("KR")
'South Korea'
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import pycountry
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from atlaspress.core.files import write_atomic

from .clip import clip_rect

VENDOR_DIR = Path(__file__).resolve().parents[1] / "_vendor" / "world-atlas"
RESOLUTIONS = ("10m", "50m", "110m")
GEOD = Geod(ellps="WGS84")
_CACHE_FORMAT = 4  # 4: .npz of WKB and JSON (3 was a pickle)

# Natural Earth abbreviates some names for map labels; prose wants them spelt out.
_EXPANSIONS = (
    (r"^N\. ", "Northern "),
    (r"^S\. ", "South "),
    (r"\bIs\.$", "Islands"),
    (r"\bI\.$", "Island"),
    (r"\bDem\. Rep\.", "Democratic Republic of the"),
    (r"\bRep\.", "Republic"),
    (r"\bTer\.$", "Territory"),
    (r"\bUSNB\b", "US Naval Base"),
)
# Entities in the data that are not states; never named as "the border with …".
_NOT_A_NEIGHBOUR = re.compile(r"Buffer Zone|Baikonur|Guantanamo|Siachen", re.I)


T = TypeVar("T")


class GeoDataError(RuntimeError):
    """The vendored Natural Earth data is missing or unreadable."""


@dataclass(frozen=True)
class Country:
    """One Natural Earth admin-0 feature."""

    index: int
    numeric: str | None  # ISO 3166-1 numeric as in the data, None for e.g. Kosovo
    alpha2: str | None
    name: str  # Natural Earth short name, e.g. "North Korea", "N. Cyprus"
    geometry: BaseGeometry

    @property
    def is_state(self) -> bool:
        return not _NOT_A_NEIGHBOUR.search(self.name)


@dataclass(frozen=True)
class Atlas:
    """All layers of one resolution: countries, land borders, coastlines."""

    resolution: str
    countries: tuple[Country, ...]
    borders: tuple[BaseGeometry, ...]  # LineStrings, one per shared arc
    border_pairs: tuple[tuple[int, int], ...]  # country indexes either side
    coast: tuple[BaseGeometry, ...]  # LineStrings, arcs used once (antimeridian cuts removed)

    @functools.cached_property
    def country_tree(self) -> shapely.STRtree:
        return shapely.STRtree([c.geometry for c in self.countries])

    @functools.cached_property
    def border_tree(self) -> shapely.STRtree:
        return shapely.STRtree(list(self.borders))

    @functools.cached_property
    def coast_tree(self) -> shapely.STRtree:
        return shapely.STRtree(list(self.coast))


def vendored_version(folder: Path, data: str, package: str) -> str:
    """The version in a vendored npm package's package.json, or a GeoDataError saying how to get it."""
    try:
        return json.loads((folder / "package.json").read_text())["version"]
    except (OSError, KeyError, ValueError) as exc:
        raise GeoDataError(
            f"{data} not found in {folder}; run `make install` (it copies npm {package} there)"
        ) from exc


def data_version() -> str:
    """The world-atlas package version, e.g. ``"2.0.2"``."""
    return vendored_version(VENDOR_DIR, "Natural Earth data", "world-atlas")


def cache_root() -> Path:
    base = os.environ.get("ATLASPRESS_GEO_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "atlaspress" / "geo"


# A cache file is data, never code: plain arrays in an .npz, never a pickle.
CACHE_READ_ERRORS = (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, zipfile.BadZipFile,
                     shapely.errors.GEOSException)


def save_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` to ``path`` atomically; a read-only cache folder is not an error."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]  # the stubs match **arrays to allow_pickle
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, buffer.getvalue())
    except OSError:
        pass  # read-only home: decode every run, still correct


def load_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` written by :func:`save_arrays`; object arrays are refused."""
    with np.load(path, allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def cached_arrays(path: Path, version: str, build: Callable[[], dict[str, np.ndarray]],
                  read: Callable[[dict[str, np.ndarray], str], T]) -> T:
    """``read`` of the arrays cached at ``path``; on a miss, ``build`` them, save, and ``read``
    the same arrays, so a first build and every later one get exactly the same data."""
    with contextlib.suppress(*CACHE_READ_ERRORS):
        return read(load_arrays(path), version)
    arrays = build()
    save_arrays(path, arrays)
    return read(arrays, version)


def json_array(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), dtype=np.uint8)


def array_json(array: np.ndarray) -> object:
    return json.loads(array.astype(np.uint8).tobytes().decode())


def _pack(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.cumsum([0, *(len(b) for b in blobs)], dtype=np.int64)
    return np.frombuffer(b"".join(blobs), dtype=np.uint8), offsets


def _unpack(data: np.ndarray, offsets: np.ndarray) -> list[BaseGeometry]:
    raw = data.astype(np.uint8).tobytes()
    ends = [int(o) for o in offsets]
    if not ends or ends[0] != 0 or ends[-1] != len(raw) or any(b < a for a, b in zip(ends, ends[1:])):
        raise ValueError("bad offsets")
    return list(shapely.from_wkb([raw[a:b] for a, b in zip(ends, ends[1:])]))


# --- TopoJSON decoding -------------------------------------------------------


def _decode_arcs(topo: dict) -> list[np.ndarray]:
    scale = np.asarray(topo["transform"]["scale"], dtype=float)
    translate = np.asarray(topo["transform"]["translate"], dtype=float)
    out = []
    for arc in topo["arcs"]:
        a = np.cumsum(np.asarray(arc, dtype=np.int64), axis=0) * scale + translate
        out.append(a)
    return out


def _ring(arcs: list[np.ndarray], idx: list[int]) -> np.ndarray:
    parts = []
    for n, i in enumerate(idx):
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if n == 0 else a[1:])
    return np.concatenate(parts)


def _unwrap_ring(r: np.ndarray) -> np.ndarray:
    """Make longitudes continuous across ±180; close rings that go round a pole."""
    lon = r[:, 0].copy()
    d = np.diff(lon)
    d = d - 360 * np.round(d / 360)
    u = np.concatenate([[lon[0]], lon[0] + np.cumsum(d)])
    out = np.column_stack([u, r[:, 1]])
    turn = out[-1, 0] - out[0, 0]
    if abs(turn) > 180:  # encircles a pole: run along the pole to close it
        pole = 90.0 if np.mean(r[:, 1]) > 0 else -90.0
        out = np.vstack([out, [[out[-1, 0], pole], [out[0, 0], pole]], out[:1]])
    return out


def _spherical_polygon(rings: list[np.ndarray]) -> BaseGeometry:
    """World-atlas rings are spherical (they cross ±180); cut them into planar pieces."""
    ext = _unwrap_ring(rings[0])
    lo, hi = ext[:, 0].min(), ext[:, 0].max()
    holes = []
    for h in rings[1:]:
        hu = _unwrap_ring(h)
        shift = 360 * np.round(((hu[:, 0].min() + hu[:, 0].max()) / 2 - (lo + hi) / 2) / 360)
        holes.append(hu - [shift, 0])
    poly = shapely.Polygon(ext, holes)
    if not poly.is_valid:
        poly = shapely.make_valid(poly)
    if lo >= -180 and hi <= 180:
        return poly
    pieces = []
    for k in range(int(np.floor((lo + 180) / 360)), int(np.floor((hi + 180) / 360)) + 1):
        piece = clip_rect(poly, -180 + 360 * k, -90, 180 + 360 * k, 90)
        if not piece.is_empty:
            pieces.append(shapely.transform(piece, lambda xy, k=k: xy - [360 * k, 0]))
    return shapely.union_all(pieces)


def _polygons_only(g: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    return shapely.MultiPolygon(parts) if len(parts) != 1 else parts[0]


def _geometry(arcs: list[np.ndarray], g: dict) -> BaseGeometry | None:
    kind = g.get("type")
    if kind == "Polygon":
        polys = [g["arcs"]]
    elif kind == "MultiPolygon":
        polys = g["arcs"]
    else:
        return None
    shapes = []
    for rings in polys:
        rr = [_ring(arcs, r) for r in rings]
        rr = [r for r in rr if len(r) >= 4]
        if rr:
            shapes.append(_spherical_polygon(rr))
    if not shapes:
        return None
    geom = (
        _polygons_only(shapely.union_all(shapes)) if len(shapes) > 1 else _polygons_only(shapes[0])
    )
    return geom if geom.is_valid else _polygons_only(shapely.make_valid(geom))


def _split_line(a: np.ndarray) -> list[np.ndarray]:
    """Cut a line where it jumps across ±180, ending/starting each run on the meridian."""
    d = np.diff(a[:, 0])
    jumps = np.flatnonzero(np.abs(d) > 180)
    if not len(jumps):
        return [a]
    runs: list[np.ndarray] = []
    start = 0
    head: np.ndarray | None = None
    for j in jumps:
        p, q = a[j], a[j + 1]
        side = 180.0 if p[0] > 0 else -180.0
        qlon = q[0] + 360 if side > 0 else q[0] - 360
        t = (side - p[0]) / (qlon - p[0]) if qlon != p[0] else 0.0
        lat = p[1] + t * (q[1] - p[1])
        body = a[start : j + 1]
        run = (
            np.vstack([head, body, [[side, lat]]])
            if head is not None
            else np.vstack([body, [[side, lat]]])
        )
        runs.append(run)
        head = np.array([[-side, lat]])
        start = j + 1
    runs.append(np.vstack([head, a[start:]]) if head is not None else a[start:])
    return [r for r in runs if len(r) >= 2]


def _arc_users(g: dict, users: dict[int, set[int]], who: int) -> None:
    polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
    for rings in polys:
        for ring in rings:
            for i in ring:
                users.setdefault(i if i >= 0 else ~i, set()).add(who)


def _drop_cuts(a: np.ndarray) -> list[np.ndarray]:
    """Split an arc where it runs along the antimeridian or the south edge of the data."""
    lon, lat = a[:, 0], a[:, 1]
    on_cut = ((np.abs(lon[:-1]) > 179.99) & (np.abs(lon[1:]) > 179.99)) | (
        (lat[:-1] < -84.9) & (lat[1:] < -84.9)
    )
    if not on_cut.any():
        return [a]
    runs, start = [], 0
    for k in np.flatnonzero(on_cut):
        if k + 1 - start >= 2:
            runs.append(a[start : k + 1])
        start = k + 1
    if len(a) - start >= 2:
        runs.append(a[start:])
    return runs


def _alpha2(numeric: str | None) -> str | None:
    if not numeric:
        return None
    rec = pycountry.countries.get(numeric=numeric.zfill(3))
    return rec.alpha_2 if rec else None


def decode(path: Path) -> Atlas:
    """Decode one ``countries-*.json`` TopoJSON file into an :class:`Atlas`."""
    topo = json.loads(path.read_text())
    arcs = _decode_arcs(topo)
    res = path.stem.split("-")[-1]
    countries: list[Country] = []
    users: dict[int, set[int]] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        geom = _geometry(arcs, g)
        if geom is None or geom.is_empty:
            continue
        idx = len(countries)
        _arc_users(g, users, idx)
        numeric = g.get("id")
        countries.append(Country(idx, numeric, _alpha2(numeric), g["properties"]["name"], geom))
    borders: list[BaseGeometry] = []
    pairs: list[tuple[int, int]] = []
    coast: list[BaseGeometry] = []
    for i in sorted(users):
        who = sorted(users[i])
        runs = [r for part in _split_line(arcs[i]) for r in _drop_cuts(part)]
        if len(who) >= 2:
            for r in runs:
                borders.append(shapely.LineString(r))
                pairs.append((who[0], who[1]))
        else:
            coast.extend(shapely.LineString(r) for r in runs)
    return Atlas(res, tuple(countries), tuple(borders), tuple(pairs), tuple(coast))


def _to_arrays(atlas: Atlas) -> dict[str, np.ndarray]:
    meta = {
        "format": _CACHE_FORMAT,
        "countries": [[c.numeric, c.alpha2, c.name] for c in atlas.countries],
        "pairs": [list(p) for p in atlas.border_pairs],
    }
    arrays = {"meta": json_array(meta)}
    for name, geoms in (
        ("countries", [c.geometry for c in atlas.countries]),
        ("borders", list(atlas.borders)),
        ("coast", list(atlas.coast)),
    ):
        arrays[f"{name}_wkb"], arrays[f"{name}_offsets"] = _pack(list(shapely.to_wkb(geoms)))
    return arrays


def _from_arrays(res: str, arrays: dict[str, np.ndarray]) -> Atlas:
    """The :class:`Atlas` back from :func:`_to_arrays`; ``ValueError`` on anything else."""
    meta = array_json(arrays["meta"])
    if not isinstance(meta, dict) or meta.get("format") != _CACHE_FORMAT:
        raise ValueError("another cache format")
    rows, pairs = meta["countries"], meta["pairs"]
    geoms = {n: _unpack(arrays[f"{n}_wkb"], arrays[f"{n}_offsets"]) for n in ("countries", "borders", "coast")}
    if not (isinstance(rows, list) and isinstance(pairs, list) and len(rows) == len(geoms["countries"])
            and len(pairs) == len(geoms["borders"])):
        raise ValueError("counts do not match")
    countries = []
    for i, (row, geometry) in enumerate(zip(rows, geoms["countries"])):
        numeric, alpha2, name = row
        if not (all(v is None or isinstance(v, str) for v in (numeric, alpha2)) and isinstance(name, str)):
            raise ValueError("bad country row")
        countries.append(Country(i, numeric, alpha2, name, geometry))
    border_pairs = []
    for a, b in pairs:
        if not all(isinstance(v, int) and 0 <= v < len(rows) for v in (a, b)):
            raise ValueError("bad border pair")
        border_pairs.append((a, b))
    return Atlas(res, tuple(countries), tuple(geoms["borders"]), tuple(border_pairs), tuple(geoms["coast"]))


@functools.cache
def load_atlas(resolution: str = "50m") -> Atlas:
    """Countries, borders and coastlines at ``resolution`` (10m, 50m or 110m), cached on disk."""
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {RESOLUTIONS}, not {resolution!r}")
    version = data_version()
    cache = cache_root() / f"world-atlas-{version}" / f"countries-{resolution}.v{_CACHE_FORMAT}.npz"
    try:
        return _from_arrays(resolution, load_arrays(cache))
    except CACHE_READ_ERRORS:
        pass
    atlas = decode(VENDOR_DIR / f"countries-{resolution}.json")
    save_arrays(cache, _to_arrays(atlas))
    return atlas


# --- lookups -----------------------------------------------------------------


def find_country(key: str, resolution: str = "10m") -> tuple[Country, ...]:
    """Features for an ISO alpha-2, alpha-3, numeric code or a Natural Earth / ISO name."""
    atlas = load_atlas(resolution)
    k = key.strip()
    numeric = None
    if k.isdigit():
        numeric = k.zfill(3)
    else:
        rec = None
        with contextlib.suppress(LookupError):
            rec = pycountry.countries.lookup(k)
        if rec is not None:
            numeric = rec.numeric
    if numeric:
        found = tuple(c for c in atlas.countries if c.numeric and c.numeric.zfill(3) == numeric)
        if found:
            return found
    low = k.casefold()
    return tuple(
        c
        for c in atlas.countries
        if c.name.casefold() == low or display_name(c.name).casefold() == low
    )


def display_name(ne_name: str) -> str:
    """Natural Earth label name spelt out for prose: ``"N. Cyprus"`` → ``"Northern Cyprus"``."""
    name = ne_name
    for pat, rep in _EXPANSIONS:
        name = re.sub(pat, rep, name)
    return name


def country_name(alpha2: str) -> str:
    """Short English name of a country, from Natural Earth where it has one, else ISO."""
    found = find_country(alpha2, "50m") or find_country(alpha2, "10m")
    if found:
        main = max(found, key=lambda c: c.geometry.area)
        return display_name(main.name)
    rec = pycountry.countries.get(alpha_2=alpha2.upper())
    if rec is None:
        raise KeyError(f"unknown ISO 3166-1 alpha-2 code {alpha2!r}")
    return getattr(rec, "common_name", None) or rec.name


def feature_at(lon: float, lat: float, resolution: str = "10m") -> Country | None:
    """The country feature containing the point, or None at sea / in unclaimed land."""
    atlas = load_atlas(resolution)
    pt = shapely.Point(lon, lat)
    hits = atlas.country_tree.query(pt, predicate="intersects")
    if len(hits) == 0:
        return None
    return atlas.countries[int(min(hits))]


def country_at(lon: float, lat: float) -> str | None:
    """ISO alpha-2 of the country containing (lon, lat) by point-in-polygon on 10m data."""
    c = feature_at(lon, lat)
    return c.alpha2 if c else None


@dataclass(frozen=True)
class Nearest:
    km: float  # geodesic distance (pyproj.Geod, WGS84)
    lon: float  # nearest point on the feature
    lat: float
    name: str | None = None  # the country on the far side, or the country reached
    code: str | None = None  # its ISO alpha-2, where the data has one
    # how far the data's line may be from the true one: Natural Earth 1:10m about 1 km,
    # OpenStreetMap's borders simplified to 10 m (see atlaspress.facts.numbers)
    precision_km: float = 1.0


def _local_aeqd(lon: float, lat: float) -> Transformer:
    """The azimuthal equidistant plane round a point: the one of :mod:`atlaspress.core.measure`
    (made once per place for every measure taken there)."""
    from atlaspress.core.measure import local_aeqd

    return local_aeqd(lon, lat)


def _nearest_on(
    lon: float, lat: float, geoms: list[BaseGeometry]
) -> tuple[int, float, float, float]:
    """Index, lon, lat and geodesic km of the nearest point among geoms (lon/lat)."""
    tr = _local_aeqd(lon, lat)
    best = None
    for i, g in enumerate(geoms):
        # Unwrap longitudes around the point so features across ±180 stay near.
        gg = shapely.transform(
            g, lambda xy: np.column_stack([((xy[:, 0] - lon + 180) % 360) - 180 + lon, xy[:, 1]])
        )
        p = shapely.transform(gg, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
        d = shapely.distance(shapely.Point(0, 0), p)
        if best is None or d < best[0]:
            best = (d, i, p)
    assert best is not None
    _, i, p = best
    q = shapely.shortest_line(shapely.Point(0, 0), p).coords[1]
    qlon, qlat = tr.transform(q[0], q[1], direction="INVERSE")
    qlon = ((qlon + 180) % 360) - 180
    _, _, dist = GEOD.inv(lon, lat, qlon, qlat)
    return i, qlon, qlat, dist / 1000


def _candidates(tree: shapely.STRtree, lon: float, lat: float, start_deg: float = 1.0) -> list[int]:
    r = start_deg
    while r <= 180:
        box = shapely.box(lon - r, max(-90, lat - r / 2), lon + r, min(90, lat + r / 2))
        boxes = [box]
        if lon - r < -180:
            boxes.append(
                shapely.box(lon - r + 360, max(-90, lat - r / 2), 180, min(90, lat + r / 2))
            )
        if lon + r > 180:
            boxes.append(
                shapely.box(-180, max(-90, lat - r / 2), lon + r - 360, min(90, lat + r / 2))
            )
        hits = sorted({int(h) for b in boxes for h in tree.query(b)})
        if hits:
            return hits
        r *= 2
    return []


def nearest_border(
    lon: float, lat: float, alpha2: str | None = None, resolution: str = "10m"
) -> Nearest | None:
    """Nearest international land border, optionally only borders of ``alpha2``.

    ``name`` is the country on the other side (for ``alpha2``) or the pair "A / B".
    """
    atlas = load_atlas(resolution)
    own = None
    if alpha2:
        own = {c.index for c in atlas.countries if c.alpha2 == alpha2.upper()}
        # a buffer zone between two sides belongs to neither: see through it
        own |= {
            b if a in own else a
            for a, b in atlas.border_pairs
            if (a in own) != (b in own) and not atlas.countries[b if a in own else a].is_state
        }
    ok = [
        i
        for i, (a, b) in enumerate(atlas.border_pairs)
        if (own is None and atlas.countries[a].is_state and atlas.countries[b].is_state)
        or (
            own is not None
            and ((a in own) != (b in own))
            and atlas.countries[a if b in own else b].is_state
        )
    ]
    if not ok:
        return None
    okset = set(ok)
    r = 1.0
    while True:
        cand = [i for i in _candidates(atlas.border_tree, lon, lat, r) if i in okset]
        if cand or r > 180:
            break
        r *= 2
    if not cand:
        cand = ok
    j, qlon, qlat, km = _nearest_on(lon, lat, [atlas.borders[i] for i in cand])
    # The box found the first borders, not surely the nearest: one outside it may be nearer
    # than the one found (Dakar: the Gambia's border at 137 km, beyond the box that held the
    # Senegal river's 157 km). Search again in a box that holds the whole circle of that radius.
    sure_km = min(r / 2, r * max(0.05, float(np.cos(np.radians(lat))))) * 111.0
    if km > sure_km and cand is not ok:
        deg = km / 111.0 * 1.05
        wider = max(2 * deg, deg / max(0.05, float(np.cos(np.radians(lat)))))
        more = [i for i in _candidates(atlas.border_tree, lon, lat, min(wider, 360.0)) if i in okset]
        if set(more) - set(cand):
            cand = more
            j, qlon, qlat, km = _nearest_on(lon, lat, [atlas.borders[i] for i in cand])
    a, b = atlas.border_pairs[cand[j]]
    if own is not None:
        other = b if a in own else a
        name = display_name(atlas.countries[other].name)
        return Nearest(km, qlon, qlat, name, atlas.countries[other].alpha2)
    name = f"{display_name(atlas.countries[a].name)} / {display_name(atlas.countries[b].name)}"
    return Nearest(km, qlon, qlat, name)


@functools.lru_cache(maxsize=512)
def nearest_coast_km(lon: float, lat: float, resolution: str = "10m", within_deg: float = 2.0) -> float | None:
    """Geodesic km from the point to Natural Earth's coastline, or None when none is within
    ``within_deg`` degrees (inland: the coast is no part of the place's story)."""
    atlas = load_atlas(resolution)
    box = shapely.box(lon - within_deg, max(-90.0, lat - within_deg), lon + within_deg, min(90.0, lat + within_deg))
    cand = [int(i) for i in atlas.coast_tree.query(box)]
    if not cand:
        return None
    _, _, _, km = _nearest_on(lon, lat, [atlas.coast[i] for i in cand])
    return km


def nearest_border_km(lon: float, lat: float) -> float | None:
    """Geodesic distance in km from (lon, lat) to the nearest international land border."""
    hit = nearest_border(lon, lat)
    return None if hit is None else hit.km


def _around(lon: float, lat: float, r: float) -> list[tuple[float, float, float, float]]:
    """Lon/lat boxes of about ``r`` degrees of latitude around a point, split at ±180."""
    rl = min(180.0, r / max(0.05, np.cos(np.radians(lat))))
    y0, y1 = max(-90.0, lat - r), min(90.0, lat + r)
    if rl >= 180:
        return [(-180.0, y0, 180.0, y1)]
    x0, x1 = lon - rl, lon + rl
    if x0 < -180:
        return [(-180.0, y0, x1, y1), (x0 + 360, y0, 180.0, y1)]
    if x1 > 180:
        return [(x0, y0, 180.0, y1), (-180.0, y0, x1 - 360, y1)]
    return [(x0, y0, x1, y1)]


def nearest_countries(lon: float, lat: float, n: int = 2, resolution: str = "10m") -> list[Nearest]:
    """The ``n`` nearest distinct states (by their land), nearest first; name is the display name.

    Cached: the caption, the country pages and the lints all ask about the same point.
    """
    return list(_nearest_countries(lon, lat, n, resolution))


@functools.lru_cache(maxsize=512)
def _nearest_countries(lon: float, lat: float, n: int, resolution: str) -> tuple[Nearest, ...]:
    """The ``n`` nearest distinct states (by their land), nearest first;
    name is the display name."""
    atlas = load_atlas(resolution)
    r = 1.0
    out: dict[str, Nearest] = {}
    while True:
        boxes = _around(lon, lat, r)
        cand = sorted({int(i) for b in boxes for i in atlas.country_tree.query(shapely.box(*b))})
        out = {}
        for i in cand:
            c = atlas.countries[i]
            if not c.is_state:
                continue
            parts = [clip_rect(c.geometry, *b) for b in boxes]
            parts = [p for p in parts if not p.is_empty]
            if not parts:
                continue
            # One piece (most countries near a place) is its own union: no overlay to run.
            _, qlon, qlat, km = _nearest_on(lon, lat, [parts[0] if len(parts) == 1 else shapely.union_all(parts)])
            name = display_name(c.name)
            if name not in out or km < out[name].km:
                out[name] = Nearest(km, qlon, qlat, name, c.alpha2)
        # a hit is certain only if nearer than the box edge
        sure = [h for h in out.values() if h.km <= r * 111.0]
        if len(sure) >= n or r >= 90:
            break
        r *= 2
    return tuple(sorted(out.values(), key=lambda h: (h.km, h.name or ""))[:n])
