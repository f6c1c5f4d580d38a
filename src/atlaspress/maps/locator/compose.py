"""Drawing a locator: one shared projection, two panels (wide and compact), SVG text.

:class:`Base` cuts, projects and simplifies the atlas and the post's layers
once, in the pixel space of the wide panel, clipped to the union of both
panels' frames. Each :class:`Panel` is a scaled, centred crop of it: clipping
to its own frame and an affine applied while formatting path data are all
that differ, so the compact variant costs labels and text, not projection.
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, polylabel

from atlaspress.core.lines import KIND_TEXT  # one list for every map
from atlaspress.core.palette import (
    ACCENT,
    BORDER,
    COAST,
    DISPUTED_BORDER,
    HIGHLIGHT,
    INK,
    LAND,
    MUTED,
    POINT,
    SEA,
)
from atlaspress.core.text import short_name
from atlaspress.facts.cities import parts_of_bigger
from atlaspress.facts.story import names_in
from atlaspress.geo import atlas as _atlas
from atlaspress.geo import cities as _cities
from atlaspress.geo import disputes as _disputes
from atlaspress.geo.clip import clip_rect
from atlaspress.geo.disputes import line_legend, split_borders
from atlaspress.maps.locator.globe import base_tolerance, globe_base, globe_paths, rounded_centre
from atlaspress.maps.locator.labels import Box, Candidate, Label, Placed, Placer, anchor_candidates, text_width
from atlaspress.maps.locator.project import View, nice_length, project_layers, project_many
from atlaspress.maps.locator.spec import LocatorLayer, LocatorSpec
from atlaspress.maps.svg import Affine, escape, fmt, path_data, text_el

Boxes = tuple[tuple[float, float, float, float], ...]  # lon/lat windows of a view, split at ±180
CITY_HALF_M = 40_000  # frames this small (half-height) shade the state from OpenStreetMap's borders
POST_CITY_POPULATION = 50_000  # a post point named like a GeoNames city this big is drawn as that city
LAKES_MAX = 60  # the largest lakes in the frame (lakes_in gives them largest first): a byte budget
FONT = "system-ui, sans-serif"
HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
CREDIT = "Natural Earth · © OpenStreetMap contributors · GeoNames"  # borders, land, lakes: ODbL
CREDIT_RIVERS = "Natural Earth · © OpenStreetMap contributors · GSHHG · GeoNames"  # rivers drawn: LGPL-3.0+
# Rivers (atlaspress.geo.rivers): thin lines in the palette's water-edge colour, under the coast,
# borders and labels; the major ones a little wider (px, by WDBII class).
RIVER = COAST  # the palette's water edge
RIVER_WIDTH = {1: 1.2, 2: 0.9, 3: 0.7, 4: 0.55}
RIVER_TOLERANCE_PX = 1.8  # simplification of the river lines, px
RIVER_MIN_PX = {3: 20.0, 4: 20.0}  # shorter pieces of the minor classes are left out, px
COMPACT_RIVERS_FROM = 4  # the phone variant draws rivers only where every class is drawn (city scale)
# Shorter names for area labels where the table's name is long.
AREA_LABEL = {
    "kashmir-india": "Indian-administered Kashmir",
    "kashmir-pakistan": "Pakistani-administered Kashmir",
    "southern-kurils": "Southern Kurils",
    "shaksgam": "Shaksgam",
}


def is_de_facto(point_of_view: str) -> bool:
    return point_of_view.strip().lower().replace("_", "-").replace(" ", "-") in ("de-facto", "defacto")


def view_name(point_of_view: str) -> str:
    """``"Ukraine"``, ``"the UN"``: whose view a site's ``point_of_view`` is."""
    pov = point_of_view.strip()
    if pov.lower() == "un":
        return "the UN"
    try:
        return _atlas.country_name(pov.upper())
    except KeyError:
        return pov.upper()


def area_label(d: _disputes.Dispute, point_of_view: str = "de-facto") -> str:
    """``"Crimea (disputed)"``: a dispute area's map label (``"Bir Tawil (unclaimed)"``); under a
    view that gives the area to another state than the one holding it, that state is named and
    the dispute still said (``"Crimea (Ukraine, disputed)"`` under ``UA`` or ``un``)."""
    name = AREA_LABEL.get(d.key) or short_name(d.name)
    if d.kind == "settled":
        return name
    if d.kind == "unclaimed":
        return f"{name} (unclaimed)"
    if not is_de_facto(point_of_view):
        h = _disputes.holder(d, point_of_view)
        if h and h != d.administered_by:
            try:
                return f"{name} ({_atlas.country_name(h)}, disputed)"
            except KeyError:
                pass
    return f"{name} (disputed)"


def _largest(g: BaseGeometry) -> BaseGeometry | None:
    """The largest polygon of ``g``, or None."""
    polys = [p for p in shapely.get_parts(g) if p.geom_type == "Polygon" and p.area > 0]
    return max(polys, key=lambda p: p.area) if polys else None


def _plain(text: str) -> str:
    """Letters and digits only, without accents, case-folded: "Reykjavík" → "reykjavik"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum() and not unicodedata.combining(ch))

@dataclass(frozen=True)
class Variant:
    """Size and type of one rendering of the locator."""

    name: str  # "wide" | "compact"
    width: int
    height: int
    globe_r: float
    globe_m: float
    place_size: float
    city_size: float
    capital_size: float
    country_size: float
    small_size: float  # scale bar and legend
    credit_size: float
    max_cities: int
    max_countries: int
    max_points: int  # labels for the post's own point features
    max_legend: int
    scale_px: float  # longest scale bar


# Wide: 640×400, shown at up to ~1024 CSS px. Compact: 360×300 for phones, where it is
# drawn ~328 px wide (scale ≈ 0.91), so 14 px place labels read at ~12.8 px.
WIDE = Variant("wide", 640, 400, 50, 10, 13, 10.5, 11, 10, 9, 8, 4, 5, 4, 4, 140)
COMPACT = Variant("compact", 360, 300, 30, 6, 14, 11.5, 12, 10.5, 10, 8.5, 2, 3, 3, 2, 80)
VARIANTS = {"wide": WIDE, "compact": COMPACT}


def kind_title(layer: LocatorLayer) -> str:
    """How a layer is named in the legend and the description."""
    kind = KIND_TEXT.get(layer.kind or "")
    if not kind:
        return layer.title
    if not layer.title:
        return kind[0].upper() + kind[1:]
    return f"{layer.title}, {kind}" if "(" in layer.title else f"{layer.title} ({kind})"


def _max_dim(g: BaseGeometry) -> float:
    x0, y0, x1, y1 = g.bounds
    return max(x1 - x0, y1 - y0)


# --- shared projection -------------------------------------------------------


def compact_view(wide: View, place_px: tuple[float, float], layer_px: np.ndarray) -> View:
    """The compact panel: a scaled crop of the wide one (same projection). Same height in
    km unless the layers need more (up to the wide panel's full width); centred on the
    layers, shifted so the place stays clear of the globe and the scale bar."""
    w, h, W, H = COMPACT.width, COMPACT.height, wide.width, wide.height
    pts = np.vstack([layer_px.reshape(-1, 2), np.array([place_px])])
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    s = (h / 2) / (H / 2)  # same half-height
    need = min((w - 40) / max(hi[0] - lo[0], 1e-6), (h - 40) / max(hi[1] - lo[1], 1e-6))
    s = max(min(s, need), w / W)
    # crop centre in wide px: the layers' middle, then keep the place ≥ 70 / 60 px inside
    cx, cy = (lo + hi) / 2 if len(layer_px) else np.array(place_px)
    hx, hy = w / 2 / s, h / 2 / s
    mx, my = min(70 / s, hx), min(64 / s, hy)
    px, py = place_px
    cx = min(max(cx, px - hx + mx), px + hx - mx)
    cy = min(max(cy, py - hy + my), py + hy - my)
    # stay within the wide frame's data margin (its lon/lat window reaches 0.15 W beyond)
    reach = 0.12 * W
    cx = min(max(cx, hx - reach), W + reach - hx)
    cy = min(max(cy, hy - reach), H + reach - hy)
    half = wide.half_height_m * (h / H) / s
    # projection centre (wide px W/2 + wide.dx) relative to the crop centre, in compact px
    dx = (W / 2 + wide.dx - cx) * s
    dy = (H / 2 + wide.dy - cy) * s
    return View(
        wide.lon0, wide.lat0, wide.projection, half, w, h, wide.zoom, round(dx, 3), round(dy, 3)
    )


class Base:
    """The atlas and the post's layers projected once, in the wide panel's pixels."""

    def __init__(
        self,
        spec: LocatorSpec,
        view: View,
        views: list[View],
        geoms: list,
        place_poly: BaseGeometry | None,
        country: str | None,
        tolerance_px: float = 0.35,
        layer_memo: dict | None = None,
        wanted_cities: tuple[str, ...] = (),
    ):
        self.spec, self.view, self.country, self.tol = spec, view, country, tolerance_px
        tol = tolerance_px
        atlas = _atlas.load_atlas(view.resolution)
        boxes = view.lonlat_boxes
        m = 4.0
        rects = [self.frame_in_base(v, m) for v in views]
        rect = (
            min(r[0] for r in rects),
            min(r[1] for r in rects),
            max(r[2] for r in rects),
            max(r[3] for r in rects),
        )
        self.rect = rect
        # --- countries, coast, borders
        cand = sorted({int(i) for b in boxes for i in atlas.country_tree.query(shapely.box(*b))})
        proj = project_many(
            [atlas.countries[i].geometry for i in cand],
            view,
            boxes=boxes,
            tolerance_px=tol,
            rect=rect,
        )
        self.countries: list[tuple[_atlas.Country, BaseGeometry]] = [
            (atlas.countries[i], g)
            for i, g in zip(cand, proj, strict=True)
            if g is not None and g.area > 0.05
        ]

        def lines(tree: shapely.STRtree, geoms_: tuple) -> np.ndarray:
            idx = sorted({int(i) for b in boxes for i in tree.query(shapely.box(*b))})
            got = [
                g
                for g in project_many(
                    [geoms_[i] for i in idx], view, boxes=boxes, tolerance_px=tol, rect=rect
                )
                if g is not None and g.length > 2 * tol + 0.1
            ]
            if not got:
                return np.empty(0, dtype=object)
            parts = shapely.get_parts(shapely.line_merge(np.asarray(got, dtype=object)))
            return parts[shapely.get_type_id(parts) == 1]

        self.coast = lines(atlas.coast_tree, atlas.coast)
        plain, disputed_ll = split_borders(atlas, boxes)
        self.borders = lines(atlas.border_tree, plain)
        # lines the table knows were agreed, too new or too small for Natural Earth (Hans Island, 2022)
        agreed = [g for b in boxes for g in _disputes.agreed_lines_in(b)]
        if agreed:
            drawn_ = [g for g in project_many(agreed, view, boxes=boxes, tolerance_px=tol, rect=rect)
                      if g is not None and g.length > 1]
            if drawn_:
                self.borders = np.concatenate([self.borders, np.asarray(drawn_, dtype=object)])
        # --- disputed lines: Natural Earth's stretches, then the table's lines where it has none
        drawn = {ln.key: g.buffer(0.05) for ln, g in disputed_ll}
        for b in boxes:
            for ln, g in _disputes.lines_in(b):
                rest = g.difference(drawn[ln.key]) if ln.key in drawn else g
                if rest.length > 0.02:
                    disputed_ll.append((ln, rest))
        dproj = project_many([g for _, g in disputed_ll], view, boxes=boxes, tolerance_px=tol, rect=rect)
        self.disputed: list[tuple[_disputes.DisputedLine, BaseGeometry]] = [
            (ln, g) for (ln, _), g in zip(disputed_ll, dproj, strict=True) if g is not None and g.length > 1
        ]
        # --- at city scale the place's own state from OpenStreetMap: microstates and enclaves
        # (the Vatican, Baarle-Hertog's parts) that Natural Earth 1:10m does not have
        self.osm_highlight = self._osm_highlight(view, boxes, tol, rect, country)
        # --- lakes (OpenStreetMap, atlaspress.geo.land): Constance, Galilee, Geneva, the Great Lakes
        self.lakes = self._lakes(view, boxes, tol, rect)
        # --- rivers (GSHHG/WDBII, atlaspress.geo.rivers): the major ones at small scales, more in cities
        self.rivers, self.river_lakes = self._rivers(view, boxes, tol, rect)
        # --- disputed areas, for labels ("CRIMEA (DISPUTED)" rather than one side's name)
        areas = [(d, g) for b in boxes for d, g in _disputes.areas_in(b)]
        aproj = project_many([g for _, g in areas], view, boxes=boxes, tolerance_px=tol, rect=rect)
        self.dispute_areas: list[tuple[_disputes.Dispute, BaseGeometry]] = [
            (d, g) for (d, _), g in zip(areas, aproj, strict=True) if g is not None and g.area > 1
        ]
        # --- post layers (planar lon/lat near the place; drawn the sphere's way, no seams)
        lrect = (rect[0] - 4, rect[1] - 4, rect[2] + 4, rect[3] + 4)
        # the layers do not depend on the base map's tolerance: projected once per locator
        memo_key = (id(geoms), id(place_poly), lrect, view)
        if layer_memo is not None and memo_key in layer_memo:
            lproj = layer_memo[memo_key]
        else:
            lproj = project_layers(
                [g for _, _, g in geoms] + ([place_poly] if place_poly is not None else []),
                view,
                tolerance_px=0.25,
                rect=lrect,
            )
            if layer_memo is not None:
                layer_memo[memo_key] = lproj
        self.place_poly = lproj[-1] if place_poly is not None else None
        self.items: list[tuple[LocatorLayer, dict, BaseGeometry | None]] = [
            (layer, f, g) for (layer, f, _), g in zip(geoms, lproj[: len(geoms)], strict=True)
        ]
        self.px, self.py = view.point_px(spec.lon, spec.lat)
        # the post's own dashed lines (its Military Demarcation Line) stand for the base map's
        # (no second legend row for it; the rest of the line stays dashed)
        own = [g for layer, _, g in self.items if layer.kind and g is not None and g.length > 0]
        self.explained: set[str] = set()
        if own and self.disputed:
            cover = shapely.union_all(own).buffer(6)
            self.explained = {ln.key for ln, g in self.disputed if g.intersects(cover)}
            rest = [(ln, g.difference(cover)) for ln, g in self.disputed]
            self.disputed = [(ln, g) for ln, g in rest if g.length > 4]
        # context cities (most populous first) and buffered layers, shared by both panels
        parts = parts_of_bigger()  # a city's districts are not cities of their own
        self.cities = [c for c in _cities.cities_in(list(boxes), limit=240)
                       if (c.name, c.lon, c.lat) not in parts][:200]
        self.city_px = (
            view.to_px(
                np.array([c.lon for c in self.cities]), np.array([c.lat for c in self.cities])
            )
            if self.cities
            else np.empty((0, 2))
        )
        have = [g for _, _, g in self.items if g is not None]
        # the cities the story names, and the one the caption measures from (Rome for the Vatican)
        self.story_names = {n.casefold() for n in names_in(spec.story, [c.name for c in self.cities])}
        self.story_names |= {n.casefold() for n in wanted_cities if n}
        self.item_buffers = list(shapely.buffer(np.asarray(have, dtype=object), 3)) if have else []

    @staticmethod
    def _osm_highlight(view: View, boxes: Boxes, tol: float, rect: tuple[float, float, float, float],
                       country: str | None) -> np.ndarray:
        if not country or view.half_height_m > CITY_HALF_M:
            return np.empty(0, dtype=object)
        from atlaspress.geo import borders as _borders
        from atlaspress.geo import land as _land

        data = _borders.load_borders()
        own = {i for i, t in enumerate(data.territories) if t.alpha2 == country}
        parts = []
        for b in boxes:
            cand = [int(i) for i in data.tree.query(shapely.box(*b)) if int(data.owner[int(i)]) in own]
            if cand:
                # the polygons reach out to sea (Monaco's waters run 20 km south): shade their land only
                state = shapely.clip_by_rect(shapely.union_all(data.pieces[cand]), *b)
                parts.append(state.intersection(_land.land_in(b)))
        got = [g for g in project_many(parts, view, boxes=boxes, tolerance_px=tol, rect=rect)
               if g is not None and g.area > 0.5]
        return np.asarray(got, dtype=object)

    @staticmethod
    def _lakes(view: View, boxes: Boxes, tol: float, rect: tuple[float, float, float, float]) -> np.ndarray:
        """Lakes big enough for this scale, projected; none when the land data is not installed."""
        from atlaspress.geo import land as _land

        min_km2 = _land.lake_min_area_km2(view.half_height_m / 1000)
        try:
            found = [g for b in boxes for g in _land.lakes_in(b, min_km2, LAKES_MAX)][:LAKES_MAX]
        except _atlas.GeoDataError:
            return np.empty(0, dtype=object)
        got = [g for g in project_many(found, view, boxes=boxes, tolerance_px=tol, rect=rect)
               if g is not None and g.area > 12.0]  # a pond of a few pixels reads as a speck
        return np.asarray(got, dtype=object)

    @staticmethod
    def _rivers(view: View, boxes: Boxes, tol: float, rect: tuple[float, float, float, float]
                ) -> tuple[list[tuple[int, np.ndarray]], np.ndarray]:
        """Rivers of the classes this scale shows, projected and merged per class, and the
        double-lined rivers as water areas; none when the river data is not installed."""
        from atlaspress.geo import rivers as _rivers

        none: tuple[list[tuple[int, np.ndarray]], np.ndarray] = ([], np.empty(0, dtype=object))
        max_level = _rivers.max_level_for(view.half_height_m / 1000)
        if max_level < 0:  # continents: none
            return none
        # the data's tier may be simplified up to a pixel (in degrees of latitude: finer in longitude);
        # the projected lines are then simplified to the base tolerance like the coast
        px_deg = 1 / view.px_per_m / 111_320
        try:
            found = [_rivers.rivers_in(b, max_level, px_deg) for b in boxes]
            wide = [g for b in boxes for g in _rivers.river_lakes_in(b, px_deg)]
        except _atlas.GeoDataError:
            return none
        lines = np.concatenate([f.lines for f in found])
        levels = np.concatenate([f.levels for f in found])
        out: list[tuple[int, np.ndarray]] = []
        if len(lines):
            proj = project_many(list(lines), view, boxes=boxes, tolerance_px=tol, rect=rect)
            for level in range(1, max_level + 1):
                got = [g for g, lv in zip(proj, levels.tolist(), strict=True) if lv == level and g is not None]
                if not got:
                    continue
                # the pieces of one river meet end to end: merged without noding (no overlay)
                merged = shapely.line_merge(shapely.multilinestrings(shapely.get_parts(np.asarray(got, dtype=object))))
                # Thin lines read the same with fewer points: simplified to RIVER_TOLERANCE_PX (the
                # rivers were a sixth of a post page's bytes at the base tolerance), and the short
                # stubs of minor rivers dropped.
                parts = shapely.get_parts(shapely.simplify(merged, max(tol, RIVER_TOLERANCE_PX)))
                parts = parts[(shapely.get_type_id(parts) == 1)
                              & (shapely.length(parts) > max(2 * tol + 0.5, RIVER_MIN_PX.get(level, 0.0)))]
                if len(parts):
                    out.append((level, parts))
        areas = [g for g in project_many(wide, view, boxes=boxes, tolerance_px=tol, rect=rect)
                 if g is not None and g.area > 4.0] if wide else []
        return out, np.asarray(areas, dtype=object)

    def frame_in_base(self, v: View, margin: float = 0.0) -> tuple[float, float, float, float]:
        s, ox, oy = self.affine_for(v)
        return (
            (-margin - ox) / s,
            (-margin - oy) / s,
            (v.width + margin - ox) / s,
            (v.height + margin - oy) / s,
        )

    def affine_for(self, v: View) -> Affine:
        s = v.px_per_m / self.view.px_per_m
        b = self.view
        return (
            s,
            v.width / 2 + v.dx - (b.width / 2 + b.dx) * s,
            v.height / 2 + v.dy - (b.height / 2 + b.dy) * s,
        )


# --- one panel ------------------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """The post's features split into single parts once (vectorised, not per feature):
    ``owner[k]`` is the index in ``items`` of part ``k``, ``kind[k]`` its type id
    (0 point, 1 line, 3 polygon)."""

    geoms: np.ndarray
    owner: np.ndarray
    kind: np.ndarray

    @classmethod
    def of(cls, items: list[tuple[LocatorLayer, dict, BaseGeometry | None]]) -> Parts:
        have = np.array([g is not None for _, _, g in items], dtype=bool)
        arr = np.empty(len(items), dtype=object)
        arr[:] = [g for _, _, g in items]
        if not have.any():
            return cls(np.empty(0, dtype=object), np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64))
        geoms, owner = shapely.get_parts(arr[have], return_index=True)
        return cls(geoms, np.flatnonzero(have)[owner], shapely.get_type_id(geoms))


def _layer_els(
    items: list[tuple[LocatorLayer, dict, BaseGeometry | None]],
    place_poly: BaseGeometry | None,
    affine: Affine,
    parts: Parts | None = None,
) -> list[str]:
    parts = parts or Parts.of(items)
    polys = [(items[o][0], g) for g, o in zip(parts.geoms[parts.kind == 3], parts.owner[parts.kind == 3], strict=True)]
    lines = [(items[o][0], g) for g, o in zip(parts.geoms[parts.kind == 1], parts.owner[parts.kind == 1], strict=True)]
    pxy = shapely.get_coordinates(parts.geoms[parts.kind == 0])
    s, ox, oy = affine
    els = []
    for _layer, p in polys:
        mine = place_poly is not None and p.intersects(place_poly)
        w = "1.8" if mine else "1.2"
        els.append(
            f'<path d="{path_data(p, affine=affine)}" fill="{ACCENT}" fill-opacity=".14" '
            f'stroke="{ACCENT}" stroke-width="{w}" stroke-linejoin="round"/>'
        )
    for layer, ln in lines:
        d = path_data(ln, affine=affine)
        # A line with a kind (disputed, ceasefire...) is the story: bold, red, dashed. Other
        # lines (an agreed border, the edges of a zone) are context: thinner and darker.
        dash = ' stroke-dasharray="5 3"' if layer.kind else ""
        colour, width, halo = (ACCENT, "2", "4") if layer.kind else (POINT, "1.3", "3")
        els.append(
            f'<path d="{d}" fill="none" stroke="#fff" stroke-opacity=".85" stroke-width="{halo}" '
            'stroke-linecap="round"/>'
        )
        els.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-linejoin="round"{dash}/>'
        )
    for x, y in pxy.tolist():
        els.append(
            f'<circle cx="{fmt(x * s + ox)}" cy="{fmt(y * s + oy)}" r="2.6" fill="{POINT}" '
            'stroke="#fff" stroke-width="1"/>'
        )
    return els


class Panel:
    """Everything measured and placed for one variant (plain data for the writer)."""

    def __init__(self, base: Base, variant: Variant, view: View, prefix: str):
        self.base, self.variant, self.view, self.prefix = base, variant, view, prefix
        self.spec = spec = base.spec
        self.tol = base.tol
        self.affine = aff = base.affine_for(view)
        s, ox, oy = aff
        w, h = view.width, view.height
        rect = base.frame_in_base(view, 3.0)
        min_area = max(0.4, self.tol * self.tol * 2)
        # --- base layers, clipped to this frame
        if base.countries:
            cg = clip_rect(
                np.asarray([g for _, g in base.countries], dtype=object), *rect
            )
            keep = shapely.area(cg) * s * s >= min_area
        else:
            cg, keep = np.empty(0, dtype=object), np.empty(0, dtype=bool)
        coast = clip_rect(base.coast, *rect)
        borders = clip_rect(base.borders, *rect)
        if s < 0.9:  # a smaller scale than the base: simplify to this panel's pixels
            t = self.tol / s
            cg = shapely.simplify(cg, t, preserve_topology=False)
            coast = shapely.simplify(coast, t, preserve_topology=False)
            borders = shapely.simplify(borders, t, preserve_topology=False)
            keep &= ~shapely.is_empty(cg)
        self.countries: list[tuple[_atlas.Country, BaseGeometry]] = [
            (c, g) for (c, _), g, k in zip(base.countries, cg, keep, strict=True) if k
        ]
        country = base.country
        hl = [g for c, g in self.countries if country and c.alpha2 == country]
        if len(base.osm_highlight):  # city scale: OpenStreetMap's outline of the state, enclaves too
            hl = [g for g in clip_rect(base.osm_highlight, *rect) if not g.is_empty]
        rest = [g for c, g in self.countries if not (country and c.alpha2 == country)]
        self.dispute_areas = [
            (d, a) for d, g in base.dispute_areas if not (a := clip_rect(g, *rect)).is_empty and a.area * s * s > 1
        ]
        # the site's point of view decides whose the disputed areas are shaded as: Crimea is
        # Ukraine's under "UA" or "un", Russia's de facto; all of Kashmir India's under "IN"
        self.view_held: list[str] = []
        live = [(d, a) for d, a in self.dispute_areas if d.kind != "settled"]  # Hans Island: a treaty line
        # a settled area on the far side of its agreed line is the other state's (Greenland's half
        # of Hans Island, inside Canada's OpenStreetMap polygon too): not shaded as the country's
        beyond = [a for d, a in self.dispute_areas if d.kind == "settled" and country and d.administered_by != country]
        if beyond and hl:
            theirs = shapely.union_all(beyond)
            whole = shapely.union_all(hl)
            rest.append(whole.intersection(theirs))
            hl = [g for g in shapely.get_parts(whole.difference(theirs)) if g.geom_type == "Polygon"]
        if country and live:
            pov = spec.point_of_view
            mine_ = [a for d, a in live if _disputes.holder(d, pov) == country]
            other = [a for d, a in live if _disputes.holder(d, pov) != country]
            if mine_ or other:
                union = shapely.union_all(hl) if hl else shapely.Polygon()
                if other:
                    theirs = shapely.union_all(other)
                    lost = union.intersection(theirs)
                    union = union.difference(theirs)
                    if not lost.is_empty:
                        rest.append(lost)
                if mine_:
                    # OpenStreetMap's areas reach into territorial waters: only their land is shaded
                    land_all = shapely.union_all([g for _, g in self.countries])
                    held = shapely.union_all(mine_).intersection(land_all)
                    union = union.union(held)
                    self.view_held = [area_label(d, pov) for d, a in live
                                      if _disputes.holder(d, pov) == country and d.administered_by != country]
                hl = [g for g in shapely.get_parts(union) if g.geom_type == "Polygon"]
        self.hl_base = hl
        self.land_d = path_data(rest, min_area, aff)
        self.hl_d = path_data(hl, min_area, aff)
        self.coast_d = path_data(coast, affine=aff)
        lakes = clip_rect(base.lakes, *rect) if len(base.lakes) else base.lakes
        if s < 0.9 and len(lakes):
            lakes = shapely.simplify(lakes, self.tol / s, preserve_topology=False)
        self.lakes_d = path_data([g for g in lakes if not g.is_empty], min_area, aff) if len(lakes) else ""
        self.border_d = path_data(borders, affine=aff)
        self.rivers_d: list[tuple[int, str]] = []
        # A phone's map draws rivers in cities only: at region and country scale they are hairlines
        # on a 360 px map, and they were a fifth of the page's bytes (the 60 KiB budget).
        from atlaspress.geo.rivers import max_level_for

        phone_skips = variant.name == "compact" and max_level_for(view.half_height_m / 1000) < COMPACT_RIVERS_FROM
        for level, river in base.rivers:
            if phone_skips:
                break
            river = clip_rect(river, *rect)
            if s < 0.9:
                river = shapely.simplify(river, self.tol / s, preserve_topology=False)
            river = river[~shapely.is_empty(river) & (shapely.length(river) * s > 2)]
            if len(river):
                self.rivers_d.append((level, path_data(river, affine=aff)))
        wide = clip_rect(base.river_lakes, *rect) if len(base.river_lakes) else base.river_lakes
        if s < 0.9 and len(wide):
            wide = shapely.simplify(wide, self.tol / s, preserve_topology=True)
        self.river_lakes_d = path_data([w for w in wide if not w.is_empty], min_area, aff) if len(wide) else ""
        self.disputed: list[tuple[_disputes.DisputedLine, str]] = []
        for ln, g in base.disputed:
            g = clip_rect(g, *rect)
            if s < 0.9:
                g = shapely.simplify(g, self.tol / s, preserve_topology=False)
            if not g.is_empty and g.length * s > 2:
                self.disputed.append((ln, path_data(g, affine=aff)))
        # --- post layers
        lrect = base.frame_in_base(view, 6.0)
        items = []
        for layer, f, g in base.items:
            if g is not None:
                g = clip_rect(g, *lrect) if g.geom_type != "Point" else g
                if g.is_empty:
                    g = None
            items.append((layer, f, g))
        self.items = items
        pp = base.place_poly
        if pp is not None and _max_dim(pp) * s < 10:
            pp = None  # smaller than a marker: draw a marker instead
        self.place_px = pp
        self.parts = Parts.of(items)
        # the post's points that are cities (Xiamen beside Kinmen) are drawn as cities
        self.post_cities = self._post_cities()
        if self.post_cities:
            keep = np.ones(len(self.parts.geoms), dtype=bool)
            keep[list(self.post_cities)] = False
            self.parts = Parts(self.parts.geoms[keep], self.parts.owner[keep], self.parts.kind[keep])
        self.layer_els = _layer_els(items, base.place_poly, aff, self.parts)
        self.layer_titles = [kind_title(lay) for lay in spec.layers if lay.title]
        self.px, self.py = base.px * s + ox, base.py * s + oy
        # --- furniture: globe corner, scale bar, legend, credit
        self.placer = Placer(w, h)
        self._obstacles()
        self.marker_mode, self.marker_r, self.marker_c = self._marker_mode()
        self.credit = CREDIT_RIVERS if self.rivers_d or self.river_lakes_d else CREDIT
        cw = text_width(self.credit, variant.credit_size) * 1.1  # browsers' sans runs wider than the estimate
        self.credit_box = Box(w - 6 - cw, h - 7 - variant.credit_size, w, h)
        self._plan_furniture()
        r = variant.globe_r
        gx, gy = self.globe_c
        self.placer.block(Box(gx - r - 4, gy - r - 4, gx + r + 4, gy + r + 4))
        self.scale_els, self.scale_text = self._scale_bar()
        self.legend_els = self._legend()
        self.placer.block(self.credit_box)
        # --- marker and labels
        self.marker_els = self._marker()
        self.leader_els: list[str] = []
        self._label_place()
        self.point_labels: list[str] = []
        self._point_labels()
        self.city_labels: list[str] = []
        self.city_els: list[str] = []
        self._cities()
        self.country_labels: list[str] = []
        self._country_labels(country)
        self._point_legend()
        self._legend_backing()

    # helpers -------------------------------------------------------------------
    def _post_cities(self) -> dict[int, int]:
        """Parts (indices into ``self.parts``) of the post's points that are a GeoNames city of
        the same name within 15 px, with the city's index in ``base.cities``."""
        cities = self.base.cities
        pt = np.flatnonzero(self.parts.kind == 0)
        if not cities or not len(pt):
            return {}
        by_name: dict[str, int] = {}
        for i, c in enumerate(cities):  # most populous first: the first of a name is the city
            by_name.setdefault(c.name.casefold(), i)
        s = self.affine[0]
        xy = shapely.get_coordinates(self.parts.geoms[pt])
        out: dict[int, int] = {}
        for k, (x, y) in zip(pt.tolist(), xy.tolist(), strict=True):
            f = self.items[int(self.parts.owner[k])][1]
            name = (f.get("properties") or {}).get("name") if isinstance(f, dict) else None
            got = by_name.get(short_name(str(name)).casefold()) if name else None
            if got is None:
                continue
            i = got
            if (cities[i].population < POST_CITY_POPULATION and "(city)" not in str(name).casefold()):
                continue  # a village or an island's township of the same name stays the post's point
            if math.hypot(*(self.base.city_px[i] - (x, y))) * s <= 15:
                out[k] = i
        return out

    def to_px(self, g: BaseGeometry) -> BaseGeometry:
        s, ox, oy = self.affine
        return shapely.transform(g, lambda xy: xy * s + (ox, oy))

    def base_box(self, x0: float, y0: float, x1: float, y1: float) -> BaseGeometry:
        s, ox, oy = self.affine
        return shapely.box((x0 - ox) / s, (y0 - oy) / s, (x1 - ox) / s, (y1 - oy) / s)

    def _layer_points(self) -> list[tuple[dict, float, float]]:
        return [(f, x, y) for _layer, f, x, y in self._layer_points_by_layer()]

    def _layer_points_by_layer(self) -> list[tuple[LocatorLayer, dict, float, float]]:
        """The post's points in this panel's pixels, with their layer (computed once)."""
        cached = getattr(self, "_points_cache", None)
        if cached is not None:
            return cached
        s, ox, oy = self.affine
        pt = self.parts.kind == 0
        xy = shapely.get_coordinates(self.parts.geoms[pt]) * s + (ox, oy)
        items = self.items
        out = [
            (items[o][0], items[o][1], x, y)
            for o, (x, y) in zip(self.parts.owner[pt].tolist(), xy.tolist(), strict=True)
        ]
        self._points_cache = out
        return out

    def _obstacles(self) -> None:
        """Post lines and area outlines: no label may sit on them."""
        s = self.affine[0]
        parts = self.parts
        polys = parts.geoms[parts.kind == 3]
        if len(polys):
            b = shapely.bounds(polys)
            polys = polys[np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) * s >= 4]
        outs = [*parts.geoms[parts.kind == 1], *shapely.get_exterior_ring(polys)]
        if outs:
            lines = shapely.segmentize(np.asarray(outs, dtype=object), 2.0 / s)
            _, ox, oy = self.affine
            self.placer.avoid_points(shapely.get_coordinates(lines) * s + (ox, oy))
        for _f, x, y in self._layer_points():
            self.placer.block(Box(x - 3, y - 3, x + 3, y + 3))

    # furniture -------------------------------------------------------------------
    # The globe, the scale bar and the legend are placed together: every corner for each,
    # scored by what they would cover (land, coast, borders, the post's features, the
    # subject and the room its label needs), never overlapping each other or the credit.
    GLOBE_BIAS = {"tr": 0.0, "tl": 150.0, "br": 600.0, "bl": 900.0}
    SCALE_BIAS = {"bl": 0.0, "br": 100.0, "tl": 250.0, "tr": 300.0}
    LEGEND_BIAS = {"bl": 0.0, "br": 40.0, "tl": 60.0, "tr": 80.0}

    def _scale_size(self) -> tuple[float, float, float, str, str]:
        v, var = self.view, self.variant
        px_per_km = v.px_per_m * 1000
        target = min(v.width * 0.22, var.scale_px)
        km = nice_length(target / px_per_km)
        mi = nice_length(target / (px_per_km * 1.609344))
        lk, lm = km * px_per_km, mi * 1.609344 * px_per_km
        k_txt, m_txt = f"{km:g} km", f"{mi:g} mi"
        tw = max(lk, lm) + text_width(max(k_txt, m_txt, key=len), var.small_size) + 8
        return lk, lm, tw, k_txt, m_txt

    def _scale_box(self, corner: str) -> tuple[Box, float, float]:
        """The scale bar's box in a corner, and the bar's anchor (x, y) (y: the line between
        the km and the mile ticks)."""
        w, h, fs = self.view.width, self.view.height, self.variant.small_size
        tw = self._scale_size()[2]
        x = 10.0 if corner[1] == "l" else w - 10.0 - tw
        # Bottom left, the bar stands on the credit line too when the credit is long enough to
        # reach under it (a phone's narrow frame): its labels never touch the credit's words.
        reaches = x + tw + 12 > self.credit_box.x0
        floor = self.credit_box.y0 - 2 if corner == "br" or (corner == "bl" and reaches) else h
        if corner[0] == "b":
            y = floor - 10.0 - fs * 1.3
            y0, y1 = y - fs - 3, floor
        else:
            y = 10.0 + fs + 3
            y0, y1 = 0.0, y + fs * 1.3 + 6
        x0, x1 = (0.0, x + tw) if corner[1] == "l" else (x - 4, w)
        return Box(x0, y0, x1, y1), x, y

    def _globe_box(self, corner: str) -> tuple[Box, float, float]:
        w, h = self.view.width, self.view.height
        r, m = self.variant.globe_r, self.variant.globe_m
        gx = w - m - r if corner[1] == "r" else m + r
        gy = m + r if corner[0] == "t" else (h - 16 - m - r if corner[1] == "r" else h - m - r)
        return Box(gx - r - 4, gy - r - 4, gx + r + 4, gy + r + 4), gx, gy

    def _legend_size(self) -> tuple[float, float]:
        fs = self.variant.small_size
        entries = self._entries
        if not entries:
            return 0.0, 0.0
        tw = max(text_width(t, fs) for _, t in entries)
        return 30 + tw, len(entries) * fs * 1.45 + fs * 0.8

    def _legend_box(self, corner: str, under: Box | None) -> tuple[Box, float, float, int]:
        """The legend's box in a corner, stacked against ``under`` (the scale bar or the globe
        in the same corner); its symbol x, its start edge and its direction (-1 up, +1 down)."""
        w, h = self.view.width, self.view.height
        lw, lh = self._legend_size()
        lx = 10.0 if corner[1] == "l" else w - 10.0 - lw
        x0, x1 = lx - 10, lx + lw + 10
        if corner[0] == "b":
            on_credit = corner == "br" or (corner == "bl" and x1 + 2 > self.credit_box.x0)
            edge = (under.y0 if under is not None else
                    (self.credit_box.y0 - 2 if on_credit else h - 6)) - 2
            return Box(x0, edge - lh, x1, edge), lx, edge, -1
        edge = (under.y1 if under is not None else 6.0) + 2
        return Box(x0, edge, x1, edge + lh), lx, edge, 1

    def _land_share(self, box: Box) -> float:
        """The share of ``box`` that is land."""
        s = self.affine[0]
        if not self.countries or box.area <= 0:
            return 0.0
        b = self.base_box(box.x0, box.y0, box.x1, box.y1).bounds
        land = clip_rect(np.asarray([g for _, g in self.countries], dtype=object), *b)
        return float(shapely.area(land).sum()) * s * s / box.area

    def _cover_cost(self, box: Box) -> float:
        """What a piece of furniture at ``box`` would hide, in px-weighted units."""
        w, h = self.view.width, self.view.height
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > w + 0.5 or box.y1 > h + 0.5:
            return math.inf
        s = self.affine[0]
        b = self.base_box(box.x0, box.y0, box.x1, box.y1).bounds
        c = 0.0
        if self.countries:
            land = clip_rect(np.asarray([g for _, g in self.countries], dtype=object), *b)
            c += float(shapely.area(land).sum()) * s * s * 0.3
        if self.hl_base:
            hl = clip_rect(np.asarray(self.hl_base, dtype=object), *b)
            c += float(shapely.area(hl).sum()) * s * s * 0.2
        for lines, weight in ((self._coast_g, 4.0), (self._border_g, 2.0)):
            if len(lines):
                c += float(shapely.length(clip_rect(lines, *b)).sum()) * s * weight
        if self.base.item_buffers:
            lay = clip_rect(np.asarray(self.base.item_buffers, dtype=object), *b)
            c += float(shapely.area(lay).sum()) * s * s * 3
        pts = self._point_xy
        if len(pts):  # the post's own points: each one hidden is a feature lost
            c += 400.0 * int(((pts[:, 0] > box.x0 - 3) & (pts[:, 0] < box.x1 + 3)
                              & (pts[:, 1] > box.y0 - 3) & (pts[:, 1] < box.y1 + 3)).sum())
        # the subject: never on it, and leave room beside it for its label
        mx, my = self.marker_c
        core = self._subject_box
        if box.overlaps(core, 2.0):
            return c + 1e6
        room = self._subject_room
        ix = max(0.0, min(box.x1, room.x1) - max(box.x0, room.x0))
        iy = max(0.0, min(box.y1, room.y1) - max(box.y0, room.y0))
        c += ix * iy * 20
        dx = max(box.x0 - mx, 0.0, mx - box.x1)
        dy = max(box.y0 - my, 0.0, my - box.y1)
        gap = math.hypot(dx, dy) - self.marker_r
        if gap < 40:
            c += (40 - gap) * 60  # not jammed beside the subject
        return c

    def _plan_furniture(self) -> None:
        """Choose the corners of the globe, the scale bar and the legend together."""
        w, h = self.view.width, self.view.height
        s = self.affine[0]
        rect = self.base_box(-2, -2, w + 2, h + 2).bounds
        self._coast_g = clip_rect(self.base.coast, *rect) if len(self.base.coast) else self.base.coast
        self._border_g = clip_rect(self.base.borders, *rect) if len(self.base.borders) else self.base.borders
        mx, my, mr = *self.marker_c, self.marker_r
        if self.place_px is not None:
            x0, y0, x1, y1 = self.to_px(self.place_px).bounds
            core = Box(x0, y0, x1, y1)
        else:
            core = Box(mx - mr, my - mr, mx + mr, my + mr)
        self._subject_box = core
        lab = self.spec.place_name or self.spec.title
        lw = min(text_width(lab, self.variant.place_size) * 1.1, 150.0)
        self._subject_room = Box(core.x0 - lw - 6, core.y0 - 18, core.x1 + lw + 6, core.y1 + 18)
        self._entries = self._legend_entries()
        self._point_xy = np.array([(x, y) for _f, x, y in self._layer_points()]).reshape(-1, 2)
        memo: dict[tuple[float, float, float, float], float] = {}

        def cost(box: Box) -> float:
            k = (box.x0, box.y0, box.x1, box.y1)
            if k not in memo:
                memo[k] = self._cover_cost(box)
            return memo[k]

        corners = ("tr", "tl", "br", "bl")
        best: tuple[float, int, tuple] | None = None
        n = 0
        for gc in corners:
            gbox, gx, gy = self._globe_box(gc)
            for sc in corners:
                sbox, sx, sy = self._scale_box(sc)
                for lc in corners if self._entries else ("-",):
                    n += 1
                    under = sbox if lc == sc else gbox if lc == gc else None
                    boxes = [gbox, sbox]
                    total = self.GLOBE_BIAS[gc] + self.SCALE_BIAS[sc] + cost(gbox) + cost(sbox)
                    plan_l = None
                    if lc != "-":
                        if lc == sc and lc == gc:
                            continue
                        lbox, lx, ly, ld = self._legend_box(lc, under)
                        boxes.append(lbox)
                        total += self.LEGEND_BIAS[lc] + (0.0 if lc == sc else 40.0) + cost(lbox)
                        plan_l = (lc, lbox, lx, ly, ld)
                    if any(b.overlaps(self.credit_box) for b in boxes):
                        continue
                    if any(a.overlaps(b, 2.0) for i, a in enumerate(boxes) for b in boxes[i + 1:]):
                        continue
                    if best is None or total < best[0]:
                        best = (total, n, (gc, gx, gy, sc, sx, sy, plan_l))
        if best is None:  # nothing fits without overlap: the old fixed corners
            gbox, gx, gy = self._globe_box("tr")
            sbox, sx, sy = self._scale_box("bl")
            plan = ("tr", gx, gy, "bl", sx, sy, ("bl", *self._legend_box("bl", sbox)) if self._entries else None)
        else:
            plan = best[2]
        gc, gx, gy, sc, sx, sy, plan_l = plan
        self.globe_corner = gc
        self.globe_c = (gx, gy)
        self.scale_corner, self._scale_at = sc, (sx, sy)
        self.legend_plan = plan_l
        self.furniture_boxes = [self._globe_box(gc)[0], self._scale_box(sc)[0]] + (
            [plan_l[1]] if plan_l else []
        )
        del s

    def _scale_bar(self) -> tuple[list[str], str]:
        fs = self.variant.small_size
        lk, lm, tw, k_txt, m_txt = self._scale_size()
        box, x, y = self._scale_box(self.scale_corner)
        els = [
            f'<path d="M{fmt(x)} {fmt(y - 3)}v3h{fmt(lk)}v-3M{fmt(x)} {fmt(y + fs - 1)}v-3h'
            f'{fmt(lm)}v3" fill="none" stroke="{INK}" stroke-width=".9"/>',
            text_el(x + max(lk, lm) + 4, y - fs * 0.2, (k_txt,), "", "start", fs),
            text_el(x + max(lk, lm) + 4, y + fs * 0.8, (m_txt,), "", "start", fs),
        ]
        self.placer.block(box)
        self.scale_box = box
        return els, f"{k_txt} / {m_txt}"

    def _legend_entries(self) -> list[tuple[str, str]]:
        """(symbol, text) for layers drawn in this frame, dashed lines first."""
        kinds: list[tuple[str, str]] = []
        other: list[tuple[str, str]] = []
        drawn: dict[str, set[str]] = {}
        names_of = {0: "Point", 1: "LineString", 3: "Polygon"}
        pairs: list[list[int]] = (
            np.unique(np.stack([self.parts.owner, self.parts.kind], axis=1), axis=0).tolist()
            if len(self.parts.owner) else []
        )
        for o, k in pairs:
            drawn.setdefault(self.items[o][0].id, set()).add(names_of.get(k, ""))
        ring = {id(q) for q in self._ring_polys}
        have = [(layer, g) for layer, _f, g in self.items if g is not None]
        hits = (
            shapely.intersects(np.asarray([g for _, g in have], dtype=object), self.base.place_poly)
            if have and self.base.place_poly is not None
            else np.zeros(len(have), dtype=bool)
        )
        place_layers = {layer.id for (layer, g), hit in zip(have, hits, strict=True) if hit or id(g) in ring}
        names = {self.spec.place_name.casefold(), self.spec.title.casefold()}
        for lay in self.spec.layers:
            types = drawn.get(lay.id, set())
            skip = not types or lay.id in place_layers or lay.title.casefold() in names
            if skip and not (lay.kind in KIND_TEXT and "LineString" in types):
                continue
            text = kind_title(lay)
            if not text:
                continue
            if "LineString" in types:
                (kinds if lay.kind in KIND_TEXT else other).append(
                    ("dash" if lay.kind in KIND_TEXT else "line", text)
                )
            elif "Point" in types:
                continue  # labelled where there is room; see _point_legend
            elif "Polygon" in types:
                other.append(("area", text))
        for text in dict.fromkeys(line_legend(ln) for ln, _ in self.disputed if ln.key not in self.base.explained):
            kinds.append(("bdash", text))
        if self.dispute_areas and not is_de_facto(self.spec.point_of_view):
            who = view_name(self.spec.point_of_view)
            kinds.append(("view", f"Disputed areas as {who} sees them"))
        return (kinds + other)[: max(self.variant.max_legend, len(kinds))]

    def _legend(self) -> list[str]:
        els: list[str] = []
        self.legend_bg = ""
        self._legend_rows: list[Box] = []
        plan = self.legend_plan
        if plan is None:
            self._legend_x, self._legend_y, self._legend_dir = 10.0, self.scale_box.y0 - 2, -1
            return els
        corner, box, lx, edge, direction = plan
        fs = self.variant.small_size
        self._legend_x, self._legend_dir = lx, direction
        self._legend_y = edge if direction < 0 else edge - fs * 0.55
        rows = list(reversed(self._entries)) if direction < 0 else list(self._entries)
        for sym, text in rows:
            els += self._legend_row(sym, text)
        return els

    def _legend_backing(self) -> None:
        """A backing panel where the legend sits on land or lines, so its text stays legible."""
        rows = self._legend_rows
        if not rows:
            return
        box = Box(min(b.x0 for b in rows) + 6, min(b.y0 for b in rows) - 1,
                  max(b.x1 for b in rows) - 6, max(b.y1 for b in rows) + 1)
        if self._cover_cost(box) > 0.15 * box.area:
            self.legend_bg = (
                f'<rect x="{fmt(box.x0)}" y="{fmt(box.y0)}" width="{fmt(box.x1 - box.x0)}" '
                f'height="{fmt(box.y1 - box.y0)}" rx="3" fill="#fff" fill-opacity=".82"/>'
            )

    def _legend_row(self, sym: str, text: str, only_if_free: bool = False) -> list[str]:
        fs = self.variant.small_size
        lx = self._legend_x
        y = self._legend_y + self._legend_dir * fs * 1.45
        box = Box(lx - 10, y - fs * 0.75, lx + 30 + text_width(text, fs), y + fs * 0.75)
        if only_if_free and not self.placer.fits(Box(lx - 2, y - fs * 0.4, box.x1, y + fs * 0.4)):
            return []
        self._legend_y = y
        els = []
        if sym == "bdash":  # a disputed line of the base map, as drawn by compose_svg
            els.append(
                f'<path d="M{fmt(lx)} {fmt(y)}h22" stroke="{DISPUTED_BORDER}" stroke-width="1.3" '
                'stroke-dasharray="4 2.5"/>'
            )
        elif sym in ("dash", "line"):
            if sym == "dash":
                els.append(f'<path d="M{fmt(lx)} {fmt(y)}h22" stroke="{ACCENT}" stroke-width="2" '
                           'stroke-dasharray="5 3"/>')
            else:
                els.append(f'<path d="M{fmt(lx)} {fmt(y)}h22" stroke="{POINT}" stroke-width="1.3"/>')
        elif sym == "view":  # the site's point of view: shaded like the subject's country
            els.append(
                f'<rect x="{fmt(lx + 4)}" y="{fmt(y - 4)}" width="14" height="8" fill="{HIGHLIGHT}" '
                f'stroke="{DISPUTED_BORDER}" stroke-width=".8" stroke-dasharray="2 1.5"/>'
            )
        elif sym == "point":
            els.append(
                f'<circle cx="{fmt(lx + 11)}" cy="{fmt(y)}" r="2.6" fill="{POINT}" stroke="#fff" '
                'stroke-width="1"/>'
            )
        else:
            els.append(
                f'<rect x="{fmt(lx + 4)}" y="{fmt(y - 4)}" width="14" height="8" fill="{ACCENT}" '
                f'fill-opacity=".14" stroke="{ACCENT}" stroke-width="1.2"/>'
            )
        els.append(text_el(lx + 26, y, (text,), "", "start", fs))
        self.placer.block(box)
        self._legend_rows.append(box)
        return els

    def _point_legend(self) -> None:
        """A legend row for point layers whose dots were left unlabelled, if it fits."""
        labelled = set(self.point_labels)
        mx, my = self.marker_c
        w, h = self.view.width, self.view.height
        # one pass over the points, grouped by layer (not a search of every layer per point)
        bare: set[int] = set()
        for layer, f, x, y in self._layer_points_by_layer():
            if id(layer) in bare or not (0 <= x <= w and 0 <= y <= h):
                continue
            if (
                short_name(str((f.get("properties") or {}).get("name") or "")) not in labelled
                and math.hypot(x - mx, y - my) > self.marker_r - 1
            ):
                bare.add(id(layer))
        for lay in self.spec.layers:
            if not lay.title or lay.kind:
                continue
            if id(lay) in bare:
                self.legend_els += self._legend_row("point", lay.title, only_if_free=True)

    # place, points, cities, countries ----------------------------------------------
    def _marker_mode(self) -> tuple[str, float, tuple[float, float]]:
        """ "area" (outline only), "ring" (a ring around the post's small polygons) or "dot"."""
        self._ring_polys: list[BaseGeometry] = []
        if self.place_px is not None:
            return "area", 0.0, (self.px, self.py)
        s = self.affine[0]
        here = shapely.Point(self.base.px, self.base.py)
        near = [
            g
            for _layer, _f, g in self.items
            if g is not None
            and g.geom_type in ("Polygon", "MultiPolygon")
            and _max_dim(g) * s >= 2.5
            and g.distance(here) * s < 20
        ]
        if not near and self.countries:
            # a point on a small island of the base map: ring the island, don't cover it
            parts = shapely.get_parts(np.asarray([g for _, g in self.countries], dtype=object))
            parts = parts[shapely.distance(parts, here) * s < 10]
            b = shapely.bounds(parts)
            dims = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) * s if len(parts) else b
            if len(parts) and dims.max() <= 36 and dims.max() >= 3:
                near = list(parts)
        if not near and self.hl_base:
            # a microstate (the Vatican) or an enclave: ring its shading, never cover it
            parts = shapely.get_parts(np.asarray(self.hl_base, dtype=object))
            parts = parts[shapely.distance(parts, here) * s < 4]
            b = shapely.bounds(parts)
            dims = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) * s if len(parts) else b
            if len(parts) and dims.max() <= 36:
                near = list(parts)
        if near:
            x0, y0, x1, y1 = shapely.union_all([*near, here]).bounds
            cx, cy = self.to_px(shapely.Point((x0 + x1) / 2, (y0 + y1) / 2)).coords[0]
            r = max(9.0, math.hypot(x1 - x0, y1 - y0) * s / 2 + 4)
            if r <= 26:
                self._ring_polys = near
                return "ring", r, (cx, cy)
        return "dot", 9.0, (self.px, self.py)

    def _marker(self) -> list[str]:
        mode, r = self.marker_mode, self.marker_r
        x, y = self.marker_c
        if mode == "area":
            return []
        self.placer.block(Box(x - r - 0.5, y - r - 0.5, x + r + 0.5, y + r + 0.5))
        if mode == "ring":
            return [
                f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="none" stroke="#fff" '
                'stroke-width="3.5" stroke-opacity=".8"/>',
                f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(r)}" fill="none" stroke="{ACCENT}" '
                'stroke-width="1.6"/>',
            ]
        return [
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="9" fill="none" stroke="{ACCENT}" '
            'stroke-width="1.3"/>',
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4.5" fill="{ACCENT}" stroke="#fff" '
            'stroke-width="1.5"/>',
        ]

    def _label_place(self) -> None:
        size = self.variant.place_size
        maxw = 140 if self.variant is WIDE else 130
        lab = Label(self.spec.place_name or self.spec.title, size, "place", max_line=maxw, bold=True)
        x, y = self.marker_c
        r = self.marker_r
        if self.place_px is None:
            near = anchor_candidates(x, y, r) + anchor_candidates(x, y, r + 10)
            far = anchor_candidates(x, y, r + 24) + anchor_candidates(x, y, r + 40)
        else:
            x0, y0, x1, y1 = self.to_px(self.place_px).bounds
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            near = [
                Candidate(x1 + 6, cy, "start"),
                Candidate(x0 - 6, cy, "end"),
                Candidate(cx, y0 - 12, "middle"),
                Candidate(cx, y1 + 12, "middle"),
                Candidate(x1 + 4, y0 - 10, "start"),
                Candidate(x1 + 4, y1 + 10, "start"),
                Candidate(x0 - 4, y0 - 10, "end"),
                Candidate(x0 - 4, y1 + 10, "end"),
                Candidate(cx, cy, "middle"),
            ]
            far = [
                Candidate(x1 + 24, cy, "start"),
                Candidate(x0 - 24, cy, "end"),
                Candidate(cx, y0 - 30, "middle"),
                Candidate(cx, y1 + 30, "middle"),
            ]
        # keep the dots of the cities the story names free (the caption's city beside the place)
        s, ox, oy = self.affine
        held = []
        for c, (bx, by) in zip(self.base.cities, self.base.city_px.tolist(), strict=True):
            if c.name.casefold() in self.base.story_names:
                cx_, cy_ = bx * s + ox, by * s + oy
                if math.hypot(cx_ - x, cy_ - y) >= r + 7:
                    box = Box(cx_ - 2.5, cy_ - 2.5, cx_ + 2.5, cy_ + 2.5)
                    self.placer.block(box)
                    held.append(box)
        p = self.placer.place(lab, near)
        for box in held:
            self.placer.unblock(box)
        if p is None:
            p = self.placer.place(lab, far)
            if p is not None:
                self._leader(p)
        if p is None:  # last resort: shrink
            small = Label(lab.text, size - 2, "place", max_line=maxw - 30, bold=True)
            p = self.placer.place(small, near + far)
            if p is not None:
                self._leader(p)
        self.place_label = p

    def _leader(self, p: Placed) -> None:
        """A thin line from the marker (or area) to a label set off from it."""
        x, y = self.marker_c
        if self.place_px is not None:
            poly = self.to_px(self.place_px)
            b = p.box
            near_pt = nearest_points(poly, shapely.box(b.x0, b.y0, b.x1, b.y1))[0]
            x, y, r = near_pt.x, near_pt.y, 0.0
        else:
            r = self.marker_r
        bx = min(max(x, p.box.x0), p.box.x1)
        by = min(max(y, p.box.y0), p.box.y1)
        d = math.hypot(bx - x, by - y)
        if d - r < 8:
            return
        ux, uy = (bx - x) / d, (by - y) / d
        ax, ay = x + ux * (r + 1.5), y + uy * (r + 1.5)
        ex, ey = bx - ux * 2.5, by - uy * 2.5
        self.leader_els.append(
            f'<path d="M{fmt(ax)} {fmt(ay)}L{fmt(ex)} {fmt(ey)}" stroke="{INK}" stroke-width=".8"/>'
        )

    def _point_labels(self) -> None:
        var = self.variant
        mx, my = self.marker_c
        keep_out = self.marker_r + (3 if self.marker_mode == "ring" else 12)
        for f, x, y in self._layer_points():
            if len(self.point_labels) >= var.max_points:
                break
            name = (f.get("properties") or {}).get("name") if isinstance(f, dict) else None
            if not name or math.hypot(x - mx, y - my) < keep_out:
                continue
            if not (4 <= x <= self.view.width - 4 and 4 <= y <= self.view.height - 4):
                continue
            lab = Label(short_name(str(name)), var.city_size - 0.5, "point", max_line=110)
            if self.placer.place(lab, anchor_candidates(x, y, 2.6)) is not None:
                self.point_labels.append(lab.text)

    def _is_the_place(self, name: str) -> bool:
        """Whether a city's name is the place's own (bar accents and spelling: GeoNames's
        "Hargeysa" for a post titled "Hargeisa"): the marker's label already says it."""
        mine = {_plain(n) for n in (self.spec.place_name, self.spec.title) if n}
        city = _plain(name)
        return any(city == m or (len(city) >= 4 and difflib.SequenceMatcher(None, city, m).ratio() >= 0.85)
                   for m in mine)

    def _cities(self) -> None:
        """Context cities: the post's own city points first, then the cities the story names,
        then the most populous (capitals weigh triple)."""
        v, var = self.view, self.variant
        chosen: list[tuple[float, float]] = []
        cities = self.base.cities
        if not cities:
            return
        s, ox, oy = self.affine
        post = set(self.post_cities.values())
        story = self.base.story_names

        def rank(i: int) -> tuple[int, int]:
            c = cities[i]
            tier = 0 if i in post else 1 if c.name.casefold() in story else 2
            return tier, -(c.population * (3 if c.capital else 1))

        order = sorted(range(len(cities)), key=rank)
        xy = self.base.city_px[order] * s + (ox, oy)
        pts = np.array([(x, y) for _f, x, y in self._layer_points()]).reshape(-1, 2)
        named = {n.casefold() for n in self.point_labels}
        mx, my = self.marker_c
        keep_out = self.marker_r + 7
        extra = 0  # named cities beyond the generic limit (at most two)
        for i, (x, y) in zip(order, xy.tolist(), strict=True):
            c = cities[i]
            wanted = i in post or c.name.casefold() in story
            if len(chosen) >= var.max_cities + extra and not (wanted and extra < 2):
                if not wanted:
                    break
                continue
            if not (8 <= x <= v.width - 8 and 8 <= y <= v.height - 8):
                continue
            size = var.capital_size if c.capital else var.city_size
            lab = Label(c.name, size, "city-cap" if c.capital else "city")
            if math.hypot(x - mx, y - my) < keep_out:
                if wanted and c.name not in self.city_labels and not self._is_the_place(c.name):
                    # the city the story is about lies under the marker: name it beside it
                    r = self.marker_r
                    if self.placer.place(lab, anchor_candidates(mx, my, r) + anchor_candidates(mx, my, r + 8)):
                        self.city_labels.append(c.name)
                continue
            if i not in post and (c.name.casefold() in named or (
                len(pts) and bool((((pts[:, 0] - x) ** 2 + (pts[:, 1] - y) ** 2) < 8**2).any())
            )):
                continue  # the post marks it already
            if not wanted and any((x - a) ** 2 + (y - b) ** 2 < 45**2 for a, b in chosen):
                continue
            dot = Box(x - 2.5, y - 2.5, x + 2.5, y + 2.5)
            if not self.placer.free(dot):
                continue
            self.placer.block(dot)
            p = self.placer.place(lab, anchor_candidates(x, y, 2.5))
            if p is None:
                self.placer.unblock(dot)
                continue
            if wanted and len(chosen) >= var.max_cities:
                extra += 1
            chosen.append((x, y))
            self.city_labels.append(c.name)
            shape_ = (
                f'<rect x="{fmt(x - 2.6)}" y="{fmt(y - 2.6)}" width="5.2" height="5.2" '
                f'fill="#fff" stroke="{INK}" stroke-width="1.3"/>'
                if c.capital
                else f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="2.3" fill="{INK}" stroke="#fff" '
                'stroke-width=".8"/>'
            )
            self.city_els.append(shape_)

    def _country_labels(self, country: str | None) -> None:
        var = self.variant
        s = self.affine[0]
        seen: set[str] = set()
        order = sorted(
            self.countries, key=lambda cg: (not (country and cg[0].alpha2 == country), -cg[1].area)
        )
        # Where the visible part of a country is mostly a dispute area (Crimea in Natural
        # Earth's Russia), the area is labelled as disputed instead of with one side's name;
        # a country's own label keeps off the dispute areas it contains (no INDIA across Kashmir).
        areas = self.dispute_areas
        disputed = shapely.union_all([g for _, g in areas]) if areas else None
        for c, g in order:
            if len(seen) >= var.max_countries or c.name in seen or not c.is_state:
                continue
            parts = list(shapely.get_parts(g))
            mine = bool(country and c.alpha2 == country)
            if disputed is not None and g.intersects(disputed):
                own = []
                for part in parts:
                    if part.geom_type != "Polygon" or part.area * s * s < 600:
                        continue
                    cover = part.intersection(disputed)
                    if cover.area >= 0.5 * part.area:
                        d, a = max(areas, key=lambda da: da[1].intersection(part).area)
                        text = area_label(d, self.spec.point_of_view)
                        if text not in seen and len(seen) < var.max_countries:
                            poly = _largest(part.intersection(a))
                            if poly is not None and self._area_label(text, poly, mine):
                                seen.add(text)
                                self.country_labels.append(text)
                    else:
                        own.append(_largest(part.difference(disputed)) if not cover.is_empty else part)
                parts = [p for p in own if p is not None]
                if not parts:
                    continue
            part = parts[int(np.argmax(shapely.area(parts)))]
            if part.geom_type != "Polygon" or part.area * s * s < 600:
                continue
            if self._area_label(c.name, part, mine):
                seen.add(c.name)
                self.country_labels.append(_atlas.display_name(c.name))
        # the dispute area the place lies in is named even where it is a small part of a country
        bx, by = self.base.px, self.base.py
        for d, a in areas:
            text = area_label(d, self.spec.point_of_view)
            if text in seen or not shapely.intersects_xy(a, bx, by):
                continue
            poly = _largest(a)
            if poly is None:
                continue
            if self._area_label(text, poly, False) or self._area_label_near(text, a):
                seen.add(text)
                self.country_labels.append(text)

    def _area_label_near(self, text: str, area: BaseGeometry) -> bool:
        """Beside an area too small or thin to hold its label (islands: the southern Kurils)."""
        var = self.variant
        lab = Label(text, var.country_size, "country", letter_spacing=0.08, uppercase=True,
                    max_line=120 if var is WIDE else 100)
        x0, y0, x1, y1 = self.to_px(area).bounds
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        rx, ry = (x1 - x0) / 2, (y1 - y0) / 2
        cands = []
        for gap in (8.0, 20.0, 36.0):
            cands += [
                Candidate(x1 + gap, cy, "start"), Candidate(x0 - gap, cy, "end"),
                Candidate(cx, y1 + gap + 6, "middle"), Candidate(cx, y0 - gap - 6, "middle"),
                Candidate(cx + rx * 0.7 + gap, cy + ry * 0.7 + gap, "start"),
                Candidate(cx - rx * 0.7 - gap, cy - ry * 0.7 - gap, "end"),
            ]
        # only over the sea or the area itself: never on a neighbour's land, where it would
        # name the wrong place (the Golan's label over Galilee)
        land = self.to_px(shapely.union_all([g for _, g in self.countries]).difference(area))
        shapely.prepare(land)

        def offshore(box: Box) -> bool:
            return clip_rect(land, box.x0, box.y0, box.x1, box.y1).area <= 0.1 * box.area

        return self.placer.place(lab, cands, accept=offshore) is not None

    def _area_label(self, text: str, part: BaseGeometry, mine: bool) -> bool:
        """Place a country-style label inside ``part`` (base pixels); whether it was placed."""
        var = self.variant
        s = self.affine[0]
        lab = Label(
            text,
            var.country_size + (0.5 if mine else 0),
            "country-hl" if mine else "country",
            letter_spacing=0.08,
            uppercase=True,
            max_line=120 if var is WIDE else 100,
        )
        lw, lh = lab.extent
        if part.area * s * s < lw * lh * 2.5:
            return False
        part = self.to_px(part)
        pl = polylabel(part, tolerance=2.0)
        cands = [Candidate(pl.x, pl.y, "middle")]
        # then points inside the polygon on a grid, nearest the pole of inaccessibility first
        x0, y0, x1, y1 = part.bounds
        mx_, my_ = np.meshgrid(np.arange(x0, x1, 14.0), np.arange(y0, y1, 11.0))
        gx, gy = mx_.ravel(), my_.ravel()
        inside = shapely.contains_xy(part, gx, gy)
        gx, gy = gx[inside], gy[inside]
        order_ = np.argsort((gx - pl.x) ** 2 + (gy - pl.y) ** 2)[:60]
        cands += [Candidate(float(gx[i]), float(gy[i]), "middle") for i in order_]
        shapely.prepare(part)

        def within(box: Box, poly: BaseGeometry = part) -> bool:
            xs = np.array([box.x0, box.x1, box.x0, box.x1, (box.x0 + box.x1) / 2])
            ys = np.array([box.y0, box.y0, box.y1, box.y1, (box.y0 + box.y1) / 2])
            if shapely.contains_xy(poly, xs, ys).sum() < 4:
                return False
            inside = clip_rect(poly, box.x0, box.y0, box.x1, box.y1).area
            return inside >= 0.9 * box.area

        return self.placer.place(lab, cands, accept=within) is not None

    # globe -------------------------------------------------------------------
    def globe_els(self, country: str | None) -> list[str]:
        gx, gy = self.globe_c
        r = self.variant.globe_r
        a110 = _atlas.load_atlas("110m")
        hi = frozenset(c.index for c in a110.countries if country and c.alpha2 == country)
        centre = rounded_centre(self.spec.lon, self.spec.lat)
        grat, land, hl = globe_paths(*centre, hi, r, self.tol)
        g = globe_base(*centre, hi, base_tolerance(self.tol)).globe
        ring = g.project_lonlat(self.view.frame_lonlat(8)) * r
        els = [
            f'<g transform="translate({fmt(gx)} {fmt(gy)})">'
            f'<circle r="{fmt(r + 3)}" fill="#fff" stroke="#b9b3a8" stroke-width=".6"/>',
            f'<circle r="{fmt(r)}" fill="{SEA}"/>',
        ]
        if grat:
            els.append(
                f'<path d="{grat}" fill="none" stroke="#fff" stroke-width=".5" '
                'stroke-opacity=".8"/>'
            )
        if land:
            els.append(f'<path d="{land}" fill="#eae2d2" stroke="#eae2d2" stroke-width=".3"/>')
        if hl:
            els.append(f'<path d="{hl}" fill="#cdb894" stroke="#cdb894" stroke-width=".3"/>')
        els.append(f'<circle r="{fmt(r)}" fill="none" stroke="#7f98a8" stroke-width=".8"/>')
        x0, y0 = ring.min(axis=0)
        x1, y1 = ring.max(axis=0)
        if max(x1 - x0, y1 - y0) < 7:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            els.append(
                f'<rect x="{fmt(cx - 3.5)}" y="{fmt(cy - 3.5)}" width="7" height="7" fill="none" '
                f'stroke="{ACCENT}" stroke-width="1.4"/>'
            )
        else:
            els.append(
                f'<path d="{path_data(shapely.Polygon(ring))}" fill="{ACCENT}" '
                f'fill-opacity=".12" stroke="{ACCENT}" stroke-width="1.3" stroke-linejoin="round"/>'
            )
        els.append("</g>")
        return els


def _labels_svg(mm: Panel) -> str:
    var = mm.variant
    groups: dict[str, list[str]] = {}
    sizes: dict[str, float] = {}
    for p in mm.placer.placed:
        groups.setdefault(p.label.cls, []).append(
            text_el(p.x, p.y, p.label.lines, "", p.align, p.label.size).replace(' class=""', "")
        )
        sizes[p.label.cls] = p.label.size
    hl = var.country_size + 0.5
    style = {
        "place": f'font-size="{fmt(sizes.get("place", var.place_size))}" font-weight="700" '
        f'fill="{INK}"',
        "point": f'font-size="{fmt(var.city_size - 0.5)}" font-style="italic" fill="{POINT}"',
        "city-cap": f'font-size="{fmt(var.capital_size)}" font-weight="600" fill="{INK}"',
        "city": f'font-size="{fmt(var.city_size)}" fill="#333"',
        "country-hl": f'font-size="{fmt(hl)}" letter-spacing="{fmt(hl * 0.08)}" fill="#5d5140"',
        "country": f'font-size="{fmt(var.country_size)}" '
        f'letter-spacing="{fmt(var.country_size * 0.08)}" fill="{MUTED}"',
    }
    out = []
    for cls in ("country", "country-hl", "point", "city", "city-cap", "place"):
        if cls in groups:
            out.append(f"<g {style[cls]}>{''.join(groups[cls])}</g>")
    return "".join(out)


def compose_svg(mm: Panel, title: str, description: str) -> str:
    v, p, var = mm.view, mm.prefix, mm.variant
    country = mm.spec.country.upper() if mm.spec.country else None
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {v.width} {v.height}" '
        f'width="{v.width}" height="{v.height}" role="img" aria-labelledby="{p}-t {p}-d" '
        f'id="{p}" class="atlaspress-locator atlaspress-locator--{var.name}">',
        f'<title id="{p}-t">{escape(title)}</title><desc id="{p}-d">{escape(description)}</desc>',
        f'<rect width="{v.width}" height="{v.height}" fill="{SEA}"/>',
    ]
    if mm.land_d:
        parts.append(f'<path d="{mm.land_d}" fill="{LAND}"/>')
    if mm.hl_d:
        parts.append(f'<path d="{mm.hl_d}" fill="{HIGHLIGHT}"/>')
    for level, d in mm.rivers_d:  # under the lakes (a river ends at their shore), coast and borders
        parts.append(f'<path d="{d}" fill="none" stroke="{RIVER}" stroke-width="{fmt(RIVER_WIDTH[level])}" '
                     'stroke-linecap="round" stroke-linejoin="round"/>')
    if mm.river_lakes_d:  # the widest rivers as water, like the lakes
        parts.append(f'<path d="{mm.river_lakes_d}" fill="{SEA}" stroke="{COAST}" stroke-width=".4"/>')
    if mm.lakes_d:  # water over the land, outlined like the coast
        parts.append(f'<path d="{mm.lakes_d}" fill="{SEA}" stroke="{COAST}" stroke-width=".4"/>')
    if mm.coast_d:
        parts.append(
            f'<path d="{mm.coast_d}" fill="none" stroke="{COAST}" stroke-width=".6" '
            'stroke-linejoin="round"/>'
        )
    if mm.border_d:
        parts.append(
            f'<path d="{mm.border_d}" fill="none" stroke="{BORDER}" stroke-width=".9" '
            'stroke-linejoin="round"/>'
        )
    if mm.disputed:  # lines of control, ceasefire lines, berms: dashed, never a plain border
        parts.append(
            f'<path d="{"".join(d for _, d in mm.disputed)}" fill="none" stroke="{DISPUTED_BORDER}" '
            'stroke-width="1.3" stroke-dasharray="4 2.5" stroke-linejoin="round"/>'
        )
    parts += mm.layer_els + mm.city_els + mm.leader_els + mm.marker_els
    if mm.legend_bg:
        parts.append(mm.legend_bg)
    parts.append(f'<g font-family="{FONT}" {HALO}>')
    parts.append(_labels_svg(mm))
    parts.append(f'<g font-size="{fmt(var.small_size)}" fill="{INK}">{"".join(mm.scale_els[1:])}')
    parts.append(f"{''.join(mm.legend_els[1::2])}</g>")
    parts.append(
        f'<text x="{v.width - 6}" y="{v.height - 6}" text-anchor="end" '
        f'font-size="{fmt(var.credit_size)}" fill="#777">{escape(mm.credit)}</text>'
    )
    parts.append("</g>")
    parts += mm.legend_els[::2]
    parts.append(mm.scale_els[0])
    parts.append(
        f'<rect x=".5" y=".5" width="{v.width - 1}" height="{v.height - 1}" fill="none" '
        'stroke="#8a8a8a"/>'
    )
    parts += mm.globe_els(country)
    parts.append("</svg>")
    return "".join(parts)


def thumbnail_svg(spec: LocatorSpec, view: View, prefix: str, title: str) -> str:
    atlas = _atlas.load_atlas("50m" if view.resolution == "10m" else view.resolution)
    boxes = view.lonlat_boxes
    cand = sorted({int(i) for b in boxes for i in atlas.country_tree.query(shapely.box(*b))})
    proj = project_many(
        [atlas.countries[i].geometry for i in cand], view, boxes=boxes, tolerance_px=0.5
    )
    country = spec.country.upper() if spec.country else None
    land = "".join(
        path_data(g, 0.5)
        for i, g in zip(cand, proj, strict=True)
        if g is not None and atlas.countries[i].alpha2 != country or (g is not None and not country)
    )
    hl = "".join(
        path_data(g, 0.5)
        for i, g in zip(cand, proj, strict=True)
        if g is not None and country and atlas.countries[i].alpha2 == country
    )
    x, y = view.point_px(spec.lon, spec.lat)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" '
        f'width="{view.width}" height="{view.height}" role="img" aria-labelledby="{prefix}-t" '
        f'id="{prefix}" class="atlaspress-thumb"><title id="{prefix}-t">{title}</title>'
        f'<rect width="{view.width}" height="{view.height}" fill="{SEA}"/>'
        + (f'<path d="{land}" fill="{LAND}" stroke="{BORDER}" stroke-width=".4"/>' if land else "")
        + (f'<path d="{hl}" fill="{HIGHLIGHT}" stroke="{BORDER}" stroke-width=".4"/>' if hl else "")
        + f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4" fill="{ACCENT}" stroke="#fff" '
        'stroke-width="1.2"/>'
        f'<rect x=".5" y=".5" width="{view.width - 1}" height="{view.height - 1}" fill="none" '
        'stroke="#8a8a8a"/></svg>'
    )
