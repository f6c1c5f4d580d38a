"""The inset globe: an orthographic view centred on the place.

Orthographic points come from a spherical azimuthal equidistant projection
(ρ = R·c) by ρ' = R·sin c, which makes the horizon a plain circle to clip to.
Land is pre-cut into 30° cells so the far side (and the antipode, where the
azimuthal projection degenerates) is dropped before projecting.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from .atlas import load_atlas

R = 6_371_000.0
CELL = 30.0


@dataclass(frozen=True)
class GlobePiece:
    country: int  # index into the 110m atlas
    geom: BaseGeometry
    centre: np.ndarray  # unit vector of the cell centre
    vertices: np.ndarray  # unit vectors of every vertex (to skip clipping wholly visible pieces)


def _unit(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


@functools.lru_cache(maxsize=1)
def _pieces() -> tuple[GlobePiece, ...]:
    atlas = load_atlas("110m")
    out = []
    for c in atlas.countries:
        x0, y0, x1, y1 = c.geometry.bounds
        for lo in np.arange(-180, 180, CELL):
            if lo + CELL < x0 or lo > x1:
                continue
            for la in np.arange(-90, 90, CELL):
                if la + CELL < y0 or la > y1:
                    continue
                g = shapely.clip_by_rect(c.geometry, lo, la, lo + CELL, la + CELL)
                if g.is_empty or g.area < 1e-6:
                    continue
                g = shapely.segmentize(g, 2.0)
                cen = _unit(np.array([lo + CELL / 2]), np.array([la + CELL / 2]))[0]
                xy = shapely.get_coordinates(g)
                out.append(GlobePiece(c.index, g, cen, _unit(xy[:, 0], xy[:, 1])))
    return tuple(out)


@functools.lru_cache(maxsize=64)
def _aeqd_sphere(lon0: float, lat0: float) -> Transformer:
    return Transformer.from_crs(
        "EPSG:4326",
        f"+proj=aeqd +lon_0={lon0} +lat_0={lat0} +R={R} +units=m +no_defs",
        always_xy=True,
    )


class Globe:
    """Orthographic projection of radius ``r`` px at (``cx``, ``cy``)."""

    def __init__(self, lon0: float, lat0: float, cx: float, cy: float, r: float):
        self.lon0, self.lat0, self.cx, self.cy, self.r = round(lon0, 4), round(lat0, 4), cx, cy, r
        self.tr = _aeqd_sphere(self.lon0, self.lat0)
        self.centre = _unit(np.array([self.lon0]), np.array([self.lat0]))[0]
        self.disc = shapely.Point(0, 0).buffer(R * math.pi / 2 * 0.999, quad_segs=32)

    def _to_px(self, xy: np.ndarray) -> np.ndarray:
        rho = np.hypot(xy[:, 0], xy[:, 1])
        c = rho / R
        f = np.where(c > 1e-12, np.sin(np.minimum(c, math.pi / 2)) / np.where(c > 1e-12, c, 1), 1.0)
        k = self.r / R
        return np.column_stack([self.cx + xy[:, 0] * f * k, self.cy - xy[:, 1] * f * k])

    def _aeqd(self, xy: np.ndarray) -> np.ndarray:
        return np.column_stack(self.tr.transform(xy[:, 0], xy[:, 1]))

    def project(self, geom: BaseGeometry, tolerance_px: float = 0.3) -> BaseGeometry | None:
        """Lon/lat geometry (near side only, i.e. pre-filtered) → globe pixels."""
        g = shapely.transform(geom, self._aeqd)
        g = shapely.intersection(g, self.disc)
        if g.is_empty:
            return None
        g = shapely.transform(g, self._to_px)
        g = shapely.simplify(g, tolerance_px, preserve_topology=False)
        return None if g.is_empty else g

    def land(
        self, highlight: set[int], tolerance_px: float = 0.6
    ) -> tuple[BaseGeometry | None, BaseGeometry | None]:
        """(other land, highlighted countries) on the near hemisphere, in pixels."""
        pieces = _pieces()
        cosmax = math.cos(math.radians(90 + 22))
        cen = np.array([p.centre for p in pieces])
        near = cen @ self.centre > cosmax
        rest: list[tuple[BaseGeometry, bool]] = []
        hi: list[tuple[BaseGeometry, bool]] = []
        for p, ok in zip(pieces, near, strict=True):
            if ok:
                dots = p.vertices @ self.centre
                if dots.max() <= 0:
                    continue  # wholly on the far side
                inside = bool(dots.min() > 0.01)
                (hi if p.country in highlight else rest).append((p.geom, inside))
        out: list[BaseGeometry | None] = []
        for group in (rest, hi):
            if not group:
                out.append(None)
                continue
            g = shapely.transform(np.asarray([x for x, _ in group], dtype=object), self._aeqd)
            cut = np.array([not inside for _, inside in group])
            if cut.any():
                gc = g[cut]
                bad = ~shapely.is_valid(gc)
                if bad.any():
                    gc[bad] = shapely.make_valid(gc[bad])
                g[cut] = shapely.intersection(gc, self.disc)
            g = [x for x in g if not x.is_empty]
            if not g:
                out.append(None)
                continue
            g = shapely.simplify(
                shapely.transform(np.asarray(g, dtype=object), self._to_px),
                tolerance_px,
                preserve_topology=False,
            )
            g = g[~shapely.is_empty(g)]
            u = shapely.GeometryCollection(
                list(g)
            )  # pieces abut; a same-colour hairline hides seams
            out.append(None if u.is_empty else u)
        return out[0], out[1]

    def graticule(self, step: int = 30) -> BaseGeometry | None:
        lines = []
        for lo in range(-180, 180, step):
            lat = np.arange(-80.0, 80.1, 1.0)
            lines.append(np.column_stack([np.full(len(lat), float(lo)), lat]))
        for la in range(-60, 61, step):
            lon = np.arange(-180.0, 180.1, 1.0)
            lines.append(np.column_stack([lon, np.full(len(lon), float(la))]))
        runs = []
        for ln in lines:
            vis = _unit(ln[:, 0], ln[:, 1]) @ self.centre > 0.0
            idx = np.flatnonzero(np.diff(np.concatenate([[0], vis.astype(int), [0]])))
            for a, b in zip(idx[::2], idx[1::2], strict=True):
                if b - a >= 2:
                    runs.append(ln[a:b])
        if not runs:
            return None
        px = [self._to_px(self._aeqd(r)) for r in runs]
        return shapely.simplify(shapely.MultiLineString(px), 0.5)

    def outline(self, lonlat: np.ndarray) -> np.ndarray:
        """A lon/lat ring (e.g. the main frame) in globe pixels."""
        return self._to_px(self._aeqd(lonlat))
