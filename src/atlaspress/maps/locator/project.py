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

from atlaspress.core import sphere
from atlaspress.core.measure import plane
from atlaspress.geo.clip import clip_rect

# Half-height of the main panel in km for each zoom hint.
ZOOM_HALF_HEIGHT_KM = {"city": 12.0, "region": 110.0, "country": 550.0, "continent": 2600.0}
ZOOMS = tuple(ZOOM_HALF_HEIGHT_KM)
SUBJECT_REACH = 0.6  # of the half-frame: the place at least 20 % of the frame from an edge
PADDING = 1.25  # layers fill at most 80 % of the frame
DATA_MARGIN = 0.15  # geometry is cut to the frame plus this share of its width on every side
# How far from its centre each projection is defined (m, on the authalic sphere): laea maps
# the whole sphere inside 2R, aeqd inside πR; only the antipode is missing. A frame is kept
# well inside (REACH), where the inverse projection is finite and well-conditioned.
_R = 6_371_007.2
DOMAIN_RADIUS_M = {"laea": 2 * _R, "aeqd": math.pi * _R}
REACH = 0.9


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

    def __post_init__(self) -> None:
        # Layers far from the place (another hemisphere, a ring round the pole) ask for a
        # frame bigger than the projection: its corners would invert to inf/NaN lon/lat
        # and GEOS fails on them ("orientationIndex encountered NaN/Inf"). Keep the frame,
        # data margin included, inside the projection's domain; what lies beyond is cut.
        limit = self.max_half_height_m
        if self.half_height_m > limit:
            object.__setattr__(self, "half_height_m", limit)

    @property
    def max_half_height_m(self) -> float:
        """The largest ``half_height_m`` whose frame, margin included, stays in the domain."""
        margin = DATA_MARGIN * self.width
        reach_px = math.hypot(self.width / 2 + margin + abs(self.dx), self.height / 2 + margin + abs(self.dy))
        return REACH * DOMAIN_RADIUS_M[self.projection] * (self.height / 2) / reach_px

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
        """The transformer for :attr:`proj4` (built from its pipeline: :func:`plane`)."""
        return plane(self.projection, f"{self.lon0:.6f}", f"{self.lat0:.6f}")

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
        ll = self.frame_lonlat(32, margin_px=DATA_MARGIN * self.width)
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
            tr = plane("aeqd", f"{lon0:.6f}", f"{lat0:.6f}")
            x, y = tr.transform(np.append(pts[:, 0], lon), np.append(pts[:, 1], lat))
            x0, x1, y0, y1 = float(np.min(x)), float(np.max(x)), float(np.min(y)), float(np.max(y))
            need = max((y1 - y0) / 2, (x1 - x0) / 2 / aspect) * PADDING
            if need <= min_half * 0.6:
                lon0, lat0 = lon, lat  # small layers: keep the place in the middle
                break
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            # the place stays well inside the frame (not jammed in a corner beside the scale
            # bar): at most SUBJECT_REACH of the half-frame from the centre, the frame widened
            # to keep the layers in
            px, py = float(x[-1]), float(y[-1])
            for _ in range(4):
                half_ = max(min_half, need)
                rx, ry = SUBJECT_REACH * half_ * aspect, SUBJECT_REACH * half_
                cx, cy = min(max(cx, px - rx), px + rx), min(max(cy, py - ry), py + ry)
                need = max(float(np.max(np.abs(y - cy))), float(np.max(np.abs(x - cx))) / aspect) * PADDING
            clon, clat = tr.transform(cx, cy, direction="INVERSE")
            lon0, lat0 = ((clon + 180) % 360) - 180, clat
    half = max(min_half, need)
    chosen = zoom or zoom_for(half / 1000)
    view = View(round(lon0, 5), round(lat0, 5), projection_for(chosen), half, width, height, chosen)
    if view.half_height_m < half:  # the layers reach further than a frame can: the place first
        view = View(round(lon, 5), round(lat, 5), projection_for(chosen), half, width, height, chosen)
    return view


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
        g = _simplify(g, tolerance_px)
    out: list[list[BaseGeometry]] = [[] for _ in geoms]
    for i, gi in zip(idx.tolist(), g, strict=True):
        if gi is not None and not gi.is_empty:
            out[i].append(gi)
    return [None if not o else o[0] if len(o) == 1 else shapely.union_all(o) for o in out]


def project_layers(
    geoms: list[BaseGeometry], view: View, *, tolerance_px: float, rect: tuple[float, float, float, float]
) -> list[BaseGeometry | None]:
    """A post's layers (planar lon/lat, :mod:`atlaspress.core.sphere`) to frame pixels.

    Each edge is densified the short way round and projected, so a shape across ±180 or
    round a pole draws as one outline, with no seam along the antimeridian or to the pole
    (:func:`project_many` cuts to a lon/lat window instead, which would split such a
    shape). Then clipped to ``rect`` (pixels) and simplified. A polygon holding the point
    opposite the frame's centre would be filled inside out by an azimuthal projection, so
    only its outline is drawn; a part that reaches that very point cannot be drawn at all.
    One result per input, None where nothing is visible.
    """
    if not geoms:
        return []
    seg = max(0.02, (view.half_height_m / 111_000) / 10)  # degrees, as project_many
    far_lon, far_lat = view.lon0 + 180.0, -view.lat0

    def px(coords: np.ndarray) -> np.ndarray | None:
        xy = view.to_px(coords[:, 0], coords[:, 1])
        return xy if np.isfinite(xy).all() else None

    def draw(part: BaseGeometry) -> list[BaseGeometry]:
        if part.geom_type == "Point":
            xy = px(shapely.get_coordinates(part))
            return [] if xy is None else [shapely.Point(xy[0])]
        if part.geom_type == "LineString":
            xy = px(sphere.densify(shapely.get_coordinates(part), seg))
            return [] if xy is None or len(xy) < 2 else [shapely.LineString(xy)]
        if part.geom_type != "Polygon":
            return []
        rings = []
        for ring in (part.exterior, *part.interiors):
            xy = px(sphere.densify(shapely.get_coordinates(ring), seg, ring=True))
            if xy is None:
                return []
            rings.append(xy)
        if len(rings[0]) < 4:
            return []
        if any(shapely.contains_xy(part, far_lon + 360.0 * k, far_lat) for k in (-1, 0, 1)):
            return [shapely.LineString(r) for r in rings]
        poly = shapely.Polygon(rings[0], [r for r in rings[1:] if len(r) >= 4])
        if poly.is_valid:
            return [poly]
        return [q for q in shapely.get_parts(shapely.make_valid(poly)) if q.geom_type == "Polygon"]

    drawn = [_collect([q for p in shapely.get_parts(shapely.get_parts(g)) for q in draw(p)]) for g in geoms]
    out = clip_rect(np.asarray(drawn, dtype=object), *rect)
    if tolerance_px > 0:
        out = _simplify(out, tolerance_px)
    return [None if g is None or g.is_empty else g for g in out]


def _collect(parts: list[BaseGeometry]) -> BaseGeometry:
    """Simple parts as one geometry: the part itself, a Multi… of one kind, or a collection."""
    if len(parts) == 1:
        return parts[0]
    kinds = {p.geom_type for p in parts}
    if kinds == {"Polygon"}:
        return shapely.MultiPolygon(parts)
    if kinds == {"LineString"}:
        return shapely.MultiLineString(parts)
    if kinds == {"Point"}:
        return shapely.MultiPoint(parts)
    return shapely.GeometryCollection(parts)


def _simplify(g: np.ndarray, tolerance_px: float) -> np.ndarray:
    """Simplify in pixels without leaving zero-length lines.

    Douglas-Peucker reduces a closed line smaller than the tolerance (a loop a few metres
    long) to ``LINESTRING (p, p)``, which GEOS cannot segmentize later ("point array must
    contain 0 or >1 elements"). Such a geometry keeps its unsimplified shape: a dot of the
    line's width, as small as what the author drew. A line of zero length as authored
    (every position the same) is dropped: there is nothing to draw.
    """
    out = shapely.simplify(g, tolerance_px, preserve_topology=False)
    for i in np.flatnonzero(_has_zero_line(out)):
        out[i] = _without_zero_lines(g[i]) if _has_zero_line(g[i : i + 1])[0] else g[i]
    return out


def _line_parts(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every part of ``g`` (collections and multi-geometries opened), with its input index."""
    parts, index = shapely.get_parts(g, return_index=True)
    inner, sub = shapely.get_parts(parts, return_index=True)  # a collection's multi-parts
    return inner, index[sub]


def _has_zero_line(g: np.ndarray) -> np.ndarray:
    parts, index = _line_parts(g)
    kind = shapely.get_type_id(parts)
    zero = ((kind == 1) | (kind == 2)) & (shapely.length(parts) == 0)
    flags = np.zeros(len(g), dtype=bool)
    flags[index[zero]] = True
    return flags


def _without_zero_lines(geom: BaseGeometry) -> BaseGeometry:
    parts, _ = _line_parts(np.asarray([geom], dtype=object))
    keep = [p for p in parts if not (p.geom_type in ("LineString", "LinearRing") and p.length == 0)]
    if len(keep) == 1:
        return keep[0]
    if keep and all(p.geom_type == "LineString" for p in keep):
        return shapely.MultiLineString(keep)
    return shapely.GeometryCollection(keep)


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
