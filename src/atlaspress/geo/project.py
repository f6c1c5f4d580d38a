"""Extent and projection choice, and the clip → project → simplify pipeline.

Every map is drawn in a projection centred on the place (azimuthal
equidistant up to regional scale, Lambert azimuthal equal-area beyond), so the
antimeridian and high latitudes need no special case: geometry is cut to a
lon/lat window around the frame (split in two where the window crosses ±180),
projected, then clipped again to the frame in pixel space.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from .clip import clip_rect

# Half-height of the main panel in km for each zoom hint.
ZOOM_HALF_HEIGHT_KM = {"city": 12.0, "region": 110.0, "country": 550.0, "continent": 2600.0}
ZOOMS = tuple(ZOOM_HALF_HEIGHT_KM)
PADDING = 1.25  # layers fill at most 80 % of the frame


@dataclass(frozen=True)
class View:
    """A projected frame: ``width`` × ``height`` px around the projection centre."""

    lon0: float
    lat0: float
    projection: str  # "aeqd" | "laea"
    half_height_m: float
    width: int
    height: int
    zoom: str
    dx: float = 0.0  # where the projection centre sits, in px from the frame centre
    dy: float = 0.0

    @property
    def proj4(self) -> str:
        return (
            f"+proj={self.projection} +lon_0={self.lon0:.6f} +lat_0={self.lat0:.6f}"
            " +datum=WGS84 +units=m +no_defs"
        )

    @property
    def px_per_m(self) -> float:
        return (self.height / 2) / self.half_height_m

    @property
    def half_width_m(self) -> float:
        return self.half_height_m * self.width / self.height

    @property
    def resolution(self) -> str:
        """Natural Earth scale suited to the frame: 10m regional, 50m national, 110m beyond."""
        km = self.half_height_m / 1000
        return "10m" if km <= 320 else "50m" if km <= 1600 else "110m"

    @functools.cached_property
    def transformer(self) -> Transformer:
        return _transformer(self.proj4)

    def to_px(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        x, y = self.transformer.transform(lon, lat)
        k = self.px_per_m
        return np.column_stack(
            [
                self.width / 2 + self.dx + np.asarray(x) * k,
                self.height / 2 + self.dy - np.asarray(y) * k,
            ]
        )

    def from_px(self, px: np.ndarray) -> np.ndarray:
        k = self.px_per_m
        x = (px[:, 0] - self.width / 2 - self.dx) / k
        y = (self.height / 2 + self.dy - px[:, 1]) / k
        lon, lat = self.transformer.transform(x, y, direction="INVERSE")
        return np.column_stack([lon, lat])

    def point_px(self, lon: float, lat: float) -> tuple[float, float]:
        p = self.to_px(np.array([lon]), np.array([lat]))[0]
        return float(p[0]), float(p[1])

    def frame_lonlat(self, n: int = 24, margin_px: float = 0.0) -> np.ndarray:
        """The frame outline (densified, counter-clockwise) in lon/lat."""
        m = margin_px
        x0, y0, x1, y1 = -m, -m, self.width + m, self.height + m
        t = np.linspace(0, 1, n, endpoint=False)
        pts = np.concatenate(
            [
                np.column_stack([x0 + (x1 - x0) * t, np.full(n, y1)]),
                np.column_stack([np.full(n, x1), y1 + (y0 - y1) * t]),
                np.column_stack([x1 + (x0 - x1) * t, np.full(n, y0)]),
                np.column_stack([np.full(n, x0), y0 + (y1 - y0) * t]),
            ]
        )
        return self.from_px(pts)

    @functools.cached_property
    def lonlat_boxes(self) -> tuple[tuple[float, float, float, float], ...]:
        """Lon/lat boxes (within ±180) that cover the frame with a generous margin."""
        ll = self.frame_lonlat(32, margin_px=0.15 * self.width)
        rel = ((ll[:, 0] - self.lon0 + 180) % 360) - 180
        lat_lo, lat_hi = float(ll[:, 1].min()), float(ll[:, 1].max())
        pad = 0.05 * (lat_hi - lat_lo) + 0.05
        lat_lo, lat_hi = max(-90.0, lat_lo - pad), min(90.0, lat_hi + pad)
        for pole in (90.0, -90.0):
            x, y = self.point_px(0.0, pole)
            if (
                -0.15 * self.width <= x <= 1.15 * self.width
                and -0.15 * self.width <= y <= self.height + 0.15 * self.width
            ):
                lat_lo, lat_hi = (lat_lo, 90.0) if pole > 0 else (-90.0, lat_hi)
                return ((-180.0, lat_lo, 180.0, lat_hi),)
        lo = self.lon0 + float(rel.min()) - 0.5
        hi = self.lon0 + float(rel.max()) + 0.5
        if hi - lo >= 360:
            return ((-180.0, lat_lo, 180.0, lat_hi),)
        if lo < -180:
            return ((-180.0, lat_lo, hi, lat_hi), (lo + 360, lat_lo, 180.0, lat_hi))
        if hi > 180:
            return ((lo, lat_lo, 180.0, lat_hi), (-180.0, lat_lo, hi - 360, lat_hi))
        return ((lo, lat_lo, hi, lat_hi),)

    @property
    def frame(self) -> BaseGeometry:
        return shapely.box(0, 0, self.width, self.height)


@functools.lru_cache(maxsize=64)
def _transformer(proj4: str) -> Transformer:
    return Transformer.from_crs("EPSG:4326", proj4, always_xy=True)


def zoom_for(half_height_km: float) -> str:
    for zoom, km in ZOOM_HALF_HEIGHT_KM.items():
        if half_height_km <= km * 1.6:
            return zoom
    return "continent"


def projection_for(zoom: str) -> str:
    """Azimuthal equidistant (true distances from the place) up to regional scale,
    Lambert azimuthal equal-area (true areas) for countries and continents."""
    return "aeqd" if zoom in ("city", "region") else "laea"


def _lonlat_points(geoms: Iterable[BaseGeometry], lon0: float) -> np.ndarray:
    pts = [shapely.get_coordinates(g) for g in geoms if g is not None and not g.is_empty]
    if not pts:
        return np.empty((0, 2))
    xy = np.concatenate(pts)
    xy[:, 0] = ((xy[:, 0] - lon0 + 180) % 360) - 180 + lon0  # unwrap around the place
    return xy


def choose_view(
    lon: float,
    lat: float,
    geoms: Iterable[BaseGeometry] = (),
    zoom: str | None = None,
    width: int = 640,
    height: int = 400,
    min_half_km: float | None = None,
) -> View:
    """Frame the place and its layers.

    The frame is centred on the place, or on the middle of the layers when they
    reach further; ``zoom`` sets a minimum scale, the layers can only widen it.

    >>> choose_view(126.6, 37.93).zoom
    'region'
    """
    if zoom is not None and zoom not in ZOOM_HALF_HEIGHT_KM:
        raise ValueError(f"zoom must be one of {ZOOMS}, not {zoom!r}")
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    min_half = (min_half_km or ZOOM_HALF_HEIGHT_KM[zoom or "region"]) * 1000
    aspect = width / height
    lon0, lat0 = lon, lat
    need = 0.0
    pts = _lonlat_points(geoms, lon)
    if len(pts):
        for _ in range(2):  # recentre once on the layers' middle
            tr = _transformer(
                f"+proj=aeqd +lon_0={lon0:.6f} +lat_0={lat0:.6f} +datum=WGS84 +units=m"
            )
            x, y = tr.transform(np.append(pts[:, 0], lon), np.append(pts[:, 1], lat))
            x0, x1, y0, y1 = float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))
            need = max((y1 - y0) / 2, (x1 - x0) / 2 / aspect) * PADDING
            if need <= min_half * 0.6:
                lon0, lat0 = lon, lat  # small layers: keep the place in the middle
                break
            clon, clat = tr.transform((x0 + x1) / 2, (y0 + y1) / 2, direction="INVERSE")
            lon0, lat0 = ((clon + 180) % 360) - 180, clat
    half = max(min_half, need)
    chosen = zoom or zoom_for(half / 1000)
    return View(round(lon0, 5), round(lat0, 5), projection_for(chosen), half, width, height, chosen)


# --- geometry pipeline -------------------------------------------------------


def project_many(
    geoms: list[BaseGeometry],
    view: View,
    *,
    tolerance_px: float = 0.35,
    margin_px: float = 3.0,
    boxes: tuple[tuple[float, float, float, float], ...] | None = None,
    rect: tuple[float, float, float, float] | None = None,
) -> list[BaseGeometry | None]:
    """Project lon/lat geometries to frame pixels: cut to the lon/lat window,
    project, clip to the frame plus a margin (or to ``rect``, in pixels),
    simplify. One result per input, None where nothing is visible.
    Vectorised: one pyproj call for everything."""
    if not geoms:
        return []
    arr = np.asarray(geoms, dtype=object)
    idx_parts, parts = [], []
    for b in boxes or view.lonlat_boxes:
        clipped = clip_rect(arr, *b)
        keep = ~shapely.is_empty(clipped)
        idx_parts.append(np.flatnonzero(keep))
        parts.append(clipped[keep])
    idx = np.concatenate(idx_parts)
    if not len(idx):
        return [None] * len(geoms)
    g = np.concatenate(parts)
    seg = max(0.02, (view.half_height_m / 111_000) / 10)  # degrees: lon/lat chords stay curved
    g = _segmentize(g, seg)
    g = shapely.transform(g, lambda xy: view.to_px(xy[:, 0], xy[:, 1]))
    if rect is None:
        rect = (-margin_px, -margin_px, view.width + margin_px, view.height + margin_px)
    g = clip_rect(g, *rect)
    if tolerance_px > 0:
        g = shapely.simplify(g, tolerance_px, preserve_topology=False)
    out: list[list[BaseGeometry]] = [[] for _ in geoms]
    for i, gi in zip(idx.tolist(), g, strict=True):
        if gi is not None and not gi.is_empty:
            out[i].append(gi)
    return [None if not o else o[0] if len(o) == 1 else shapely.union_all(o) for o in out]


def _segmentize(g: np.ndarray, seg: float) -> np.ndarray:
    try:
        return shapely.segmentize(g, seg)
    except shapely.errors.GEOSException:  # a clip left a degenerate part: drop such parts
        return np.asarray([_segmentize_one(x, seg) for x in g], dtype=object)


def _segmentize_one(x: BaseGeometry, seg: float) -> BaseGeometry:
    try:
        return shapely.segmentize(x, seg)
    except shapely.errors.GEOSException:
        ok = []
        for p in shapely.get_parts(x):
            try:
                ok.append(shapely.segmentize(p, seg))
            except shapely.errors.GEOSException:
                continue
        return shapely.GeometryCollection(ok) if ok else shapely.GeometryCollection()


def project_one(geom: BaseGeometry, view: View, tolerance_px: float = 0.35) -> BaseGeometry | None:
    return project_many([geom], view, tolerance_px=tolerance_px)[0]


def visible_area_px(geom: BaseGeometry | None) -> float:
    return 0.0 if geom is None else float(geom.area)


def nice_length(target: float) -> float:
    """The largest 1-2-5 × 10ⁿ number not above ``target``."""
    if target <= 0:
        return 0.0
    e = 10 ** math.floor(math.log10(target))
    for m in (5, 2, 1):
        if m * e <= target:
            return m * e
    return e
