"""The inset globe: an orthographic view centred (to within a degree) on the place.

Orthographic points come from a spherical azimuthal equidistant projection
(ρ = c) by ρ' = sin c, which makes the horizon a plain circle to clip to.
Both are a few lines of numpy (no PROJ round trip). Land is pre-simplified
and pre-cut into 30° cells so the far side (and the antipode, where the
azimuthal projection degenerates) is dropped before projecting.

The globe is drawn on a unit disc and cached per rounded centre and
highlighted country; each map variant only scales it to its radius.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from atlaspress.geo.atlas import load_atlas
from atlaspress.geo.clip import clip_rect

CELL = 30.0
CENTRE_STEP = 2.0  # degrees: globe centres are rounded to this, so nearby posts share a base
GLOBE_TOLERANCE_PX = 0.6  # simplification, in px of the drawn globe


@dataclass(frozen=True)
class GlobePiece:
    country: int  # index into the 110m atlas
    geom: BaseGeometry
    centre: np.ndarray  # unit vector of the cell centre
    vertices: np.ndarray  # unit vectors of every vertex (to skip clipping wholly visible pieces)


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _cut(geom: BaseGeometry, country: int) -> list[GlobePiece]:
    out = []
    x0, y0, x1, y1 = geom.bounds
    for lo in np.arange(-180, 180, CELL):
        if lo + CELL < x0 or lo > x1:
            continue
        for la in np.arange(-90, 90, CELL):
            if la + CELL < y0 or la > y1:
                continue
            g = clip_rect(geom, lo, la, lo + CELL, la + CELL)
            if g.is_empty or g.area < 1e-3:
                continue
            g = shapely.segmentize(g, 3.0)
            cen = _unit(np.array([lo + CELL / 2]), np.array([la + CELL / 2]))[0]
            xy = shapely.get_coordinates(g)
            out.append(GlobePiece(country, g, cen, _unit(xy[:, 0], xy[:, 1])))
    return out


@functools.lru_cache(maxsize=1)
def _pieces() -> tuple[GlobePiece, ...]:
    """All land dissolved (country -1, no inner borders to draw) plus each country, in cells."""
    atlas = load_atlas("110m")
    simple = [shapely.simplify(c.geometry, 0.4, preserve_topology=True) for c in atlas.countries]
    land = shapely.union_all(shapely.make_valid(np.asarray(simple, dtype=object)), grid_size=1e-6)
    out = _cut(land, -1)
    for c, g in zip(atlas.countries, simple, strict=True):
        out += _cut(g, c.index)
    return tuple(out)


class UnitGlobe:
    """Orthographic projection onto the unit disc (y down), centred on (lon0, lat0)."""

    def __init__(self, lon0: float, lat0: float, tolerance: float = 0.012):
        self.lon0, self.lat0, self.tol = lon0, lat0, tolerance
        self._l0 = math.radians(lon0)
        self._sp, self._cp = math.sin(math.radians(lat0)), math.cos(math.radians(lat0))
        self.centre = _unit(np.array([lon0]), np.array([lat0]))[0]
        self.disc = shapely.Point(0, 0).buffer(math.pi / 2 * 0.999, quad_segs=32)

    def aeqd(self, xy: np.ndarray) -> np.ndarray:
        """Spherical azimuthal equidistant on the unit sphere (radians of arc)."""
        lam = np.radians(xy[:, 0]) - self._l0
        phi = np.radians(xy[:, 1])
        sphi, cphi, clam = np.sin(phi), np.cos(phi), np.cos(lam)
        cosc = np.clip(self._sp * sphi + self._cp * cphi * clam, -1.0, 1.0)
        c = np.arccos(cosc)
        sinc = np.sin(c)
        k = np.where(sinc > 1e-12, c / np.where(sinc > 1e-12, sinc, 1.0), 1.0)
        return np.column_stack(
            [k * cphi * np.sin(lam), k * (self._cp * sphi - self._sp * cphi * clam)]
        )

    @staticmethod
    def to_disc(xy: np.ndarray) -> np.ndarray:
        """Azimuthal equidistant → orthographic on the unit disc, y pointing down."""
        c = np.hypot(xy[:, 0], xy[:, 1])
        f = np.where(c > 1e-12, np.sin(np.minimum(c, math.pi / 2)) / np.where(c > 1e-12, c, 1), 1.0)
        return np.column_stack([xy[:, 0] * f, -xy[:, 1] * f])

    def project_lonlat(self, lonlat: np.ndarray) -> np.ndarray:
        return self.to_disc(self.aeqd(lonlat))

    def land(self, highlight: frozenset[int]) -> tuple[BaseGeometry | None, BaseGeometry | None]:
        """(other land, highlighted countries) on the near hemisphere, unit disc."""
        pieces = _pieces()
        cosmax = math.cos(math.radians(90 + 22))
        cen = np.array([p.centre for p in pieces])
        near = cen @ self.centre > cosmax
        rest: list[tuple[BaseGeometry, bool]] = []
        hi: list[tuple[BaseGeometry, bool]] = []
        for p, ok in zip(pieces, near, strict=True):
            if ok and (p.country < 0 or p.country in highlight):
                dots = p.vertices @ self.centre
                if dots.max() <= 0:
                    continue  # wholly on the far side
                inside = bool(dots.min() > 0.01)
                (rest if p.country < 0 else hi).append((p.geom, inside))
        out: list[BaseGeometry | None] = []
        for group in (rest, hi):
            if not group:
                out.append(None)
                continue
            g = shapely.transform(np.asarray([x for x, _ in group], dtype=object), self.aeqd)
            cut = np.array([not inside for _, inside in group])
            if cut.any():
                gc = g[cut]
                bad = ~shapely.is_valid(gc)
                if bad.any():
                    gc[bad] = shapely.make_valid(gc[bad])
                g[cut] = shapely.intersection(gc, self.disc)
            g = g[~shapely.is_empty(g)]
            if not len(g):
                out.append(None)
                continue
            g = shapely.simplify(
                shapely.transform(g, self.to_disc), self.tol, preserve_topology=False
            )
            g = g[~shapely.is_empty(g)]
            # pieces abut; a same-colour hairline hides the seams
            u = shapely.GeometryCollection(list(g))
            out.append(None if u.is_empty else u)
        return out[0], out[1]

    def graticule(self, step: int = 30) -> BaseGeometry | None:
        lat = np.arange(-80.0, 80.1, 2.0)
        lon = np.arange(-180.0, 180.1, 2.0)
        lines = [
            np.column_stack([np.full(len(lat), float(lo)), lat]) for lo in range(-180, 180, step)
        ]
        lines += [
            np.column_stack([lon, np.full(len(lon), float(la))]) for la in range(-60, 61, step)
        ]
        allpts = np.concatenate(lines)
        vis_all = _unit(allpts[:, 0], allpts[:, 1]) @ self.centre > 0.0
        xy_all = self.project_lonlat(allpts)
        runs, k = [], 0
        for ln in lines:
            n = len(ln)
            vis = vis_all[k : k + n]
            idx = np.flatnonzero(np.diff(np.concatenate([[0], vis.astype(int), [0]])))
            for a, b in zip(idx[::2], idx[1::2], strict=True):
                if b - a >= 2:
                    runs.append(xy_all[k + a : k + b])
            k += n
        if not runs:
            return None
        return shapely.simplify(shapely.MultiLineString(runs), self.tol)


@dataclass(frozen=True)
class GlobeBase:
    globe: UnitGlobe
    land: BaseGeometry | None
    highlight: BaseGeometry | None
    graticule: BaseGeometry | None


def rounded_centre(lon: float, lat: float) -> tuple[float, float]:
    s = CENTRE_STEP
    lon_r = round(lon / s) * s
    return ((lon_r + 180) % 360) - 180, max(-88.0, min(88.0, round(lat / s) * s))


# The globe is centred on the place rounded to CENTRE_STEP: a worker enriching hundreds of
# posts meets the same few hundred centres again (32 entries hit 2 % of posts, 512 half).
@functools.lru_cache(maxsize=512)
def globe_base(
    lon0: float, lat0: float, highlight: frozenset[int], tolerance: float = 0.012
) -> GlobeBase:
    """Land, highlighted countries and graticule on the unit disc, simplified to
    ``tolerance`` (unit radii). Cached: nearby posts, both variants and rebuilds share it."""
    g = UnitGlobe(lon0, lat0, tolerance)
    land, hl = g.land(highlight)
    return GlobeBase(g, land, hl, g.graticule())


def base_tolerance(tolerance_px: float) -> float:
    """Unit-disc tolerance good for every globe radius drawn (the largest is 50 px)."""
    return max(GLOBE_TOLERANCE_PX, tolerance_px) / 50.0


@functools.lru_cache(maxsize=1024)
def globe_paths(
    lon0: float, lat0: float, highlight: frozenset[int], radius: float, tolerance_px: float = 0.6
) -> tuple[str, str, str]:
    """SVG path data (graticule, land, highlight) for a globe centred at (0, 0): the
    caller places it with ``translate``, so the text is cached whatever the corner."""
    from atlaspress.maps.svg import path_data

    gb = globe_base(lon0, lat0, highlight, base_tolerance(tolerance_px))
    aff = (radius, 0.0, 0.0)
    t = max(GLOBE_TOLERANCE_PX, tolerance_px) / radius
    out = []
    for geom, min_area in (
        (gb.graticule, 0.0),
        (gb.land, max(1.0, tolerance_px)),
        (gb.highlight, 0.3),
    ):
        if geom is None:
            out.append("")
            continue
        if t > gb.globe.tol * 1.2:
            geom = shapely.simplify(geom, t, preserve_topology=False)
        out.append(path_data(geom, min_area, aff))
    return out[0], out[1], out[2]
