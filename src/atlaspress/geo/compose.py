"""Drawing the main panel, its labels and the inset globe into one SVG string."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from . import atlas as _atlas
from . import cities as _cities
from .globe import Globe
from .labels import Box, Candidate, Label, Placer, anchor_candidates
from .project import View, nice_length, project_many
from .svg import fmt, path_data, text_el

if TYPE_CHECKING:
    from .locator import LocatorLayer, LocatorSpec

SEA, LAND, HIGHLIGHT = "#d3e5ef", "#f5f0e6", "#e5d5b8"
COAST, BORDER, ACCENT, INK, MUTED = "#7fa6bf", "#8f8576", "#c4242b", "#1d1d1d", "#6f6556"
FONT = "system-ui, sans-serif"
HALO = 'stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
KIND_TEXT = {
    "disputed": "disputed boundary",
    "line-of-control": "line of control",
    "de-facto": "de facto boundary",
    "ceasefire": "ceasefire line",
}
GLOBE_R, GLOBE_M = 50, 10
MAX_CITIES = 4


def _layer_els(
    items: list[tuple[LocatorLayer, dict, BaseGeometry | None]], place_poly: BaseGeometry | None
) -> list[str]:
    polys, lines, points = [], [], []
    for layer, _f, g in items:
        if g is None:
            continue
        for part in shapely.get_parts(g):
            t = part.geom_type
            if t == "Polygon":
                polys.append((layer, part))
            elif t == "LineString":
                lines.append((layer, part))
            elif t == "Point":
                points.append((layer, part))
    els = []
    for _layer, p in polys:
        w = "1.8" if place_poly is not None and p.equals(place_poly) else "1.2"
        els.append(
            f'<path d="{path_data(p)}" fill="{ACCENT}" fill-opacity=".14" stroke="{ACCENT}" stroke-width="{w}" stroke-linejoin="round"/>'
        )
    for layer, ln in lines:
        d = path_data(ln)
        dash = ' stroke-dasharray="5 3"' if layer.kind else ""
        els.append(
            f'<path d="{d}" fill="none" stroke="#fff" stroke-opacity=".85" stroke-width="4" stroke-linecap="round"/>'
        )
        els.append(
            f'<path d="{d}" fill="none" stroke="{ACCENT}" stroke-width="2" stroke-linejoin="round"{dash}/>'
        )
    for _layer, pt in points:
        els.append(
            f'<circle cx="{fmt(pt.x)}" cy="{fmt(pt.y)}" r="2.6" fill="#7d1418" stroke="#fff" stroke-width="1"/>'
        )
    return els


class MainMap:
    """Everything measured and placed for one main panel (plain data for the writer)."""

    def __init__(
        self,
        spec: LocatorSpec,
        view: View,
        geoms: list,
        place_poly: BaseGeometry | None,
        country: str | None,
        prefix: str,
        tolerance_px: float = 0.35,
    ):
        self.spec, self.view, self.prefix = spec, view, prefix
        tol = self.tol = tolerance_px
        min_area = max(0.4, tol * tol * 2)
        atlas = _atlas.load_atlas(view.resolution)
        boxes = view.lonlat_boxes
        w, h = view.width, view.height
        # --- base: countries, coast, borders
        cand = sorted({int(i) for b in boxes for i in atlas.country_tree.query(shapely.box(*b))})
        proj = project_many(
            [atlas.countries[i].geometry for i in cand], view, boxes=boxes, tolerance_px=tol
        )
        self.countries: list[tuple[_atlas.Country, BaseGeometry]] = [
            (atlas.countries[i], g)
            for i, g in zip(cand, proj, strict=True)
            if g is not None and g.area >= min_area
        ]
        hl = [g for c, g in self.countries if country and c.alpha2 == country]
        rest = [g for c, g in self.countries if not (country and c.alpha2 == country)]
        self.land_d = "".join(path_data(g, min_area) for g in rest)
        self.hl_d = "".join(path_data(g, min_area) for g in hl)
        self.hl_geom = shapely.union_all(hl) if hl else None

        def lines(tree: shapely.STRtree, geoms_: tuple) -> str:
            idx = sorted({int(i) for b in boxes for i in tree.query(shapely.box(*b))})
            got = [
                g
                for g in project_many(
                    [geoms_[i] for i in idx], view, boxes=boxes, margin_px=1, tolerance_px=tol
                )
                if g is not None and g.length > 2 * tol + 0.1
            ]
            return (
                path_data(
                    shapely.MultiLineString(
                        [
                            ls
                            for g in got
                            for ls in shapely.get_parts(shapely.line_merge(g))
                            if ls.geom_type == "LineString"
                        ]
                    )
                )
                if got
                else ""
            )

        self.coast_d = lines(atlas.coast_tree, atlas.coast)
        self.border_d = lines(atlas.border_tree, atlas.borders)
        # --- post layers (already unwrapped around the place)
        lbox = ((spec.lon - 180.0, -90.0, spec.lon + 180.0, 90.0),)
        lproj = project_many(
            [g for _, _, g in geoms], view, boxes=lbox, tolerance_px=0.25, margin_px=4
        )
        items = [(layer, f, g) for (layer, f, _), g in zip(geoms, lproj, strict=True)]
        pp = (
            project_many([place_poly], view, boxes=lbox, tolerance_px=0.25)[0]
            if place_poly is not None
            else None
        )
        if pp is not None:
            x0, y0, x1, y1 = pp.bounds
            if max(x1 - x0, y1 - y0) < 10:
                pp = None  # smaller than a marker: draw a marker instead
        self.place_px = pp
        self.layer_els = _layer_els(items, pp)
        self.layer_titles = [
            f"{lay.title} ({KIND_TEXT[lay.kind]})" if lay.kind in KIND_TEXT else lay.title
            for lay in spec.layers
            if lay.title
        ]
        self.kind_layers = [lay for lay in spec.layers if lay.kind in KIND_TEXT]
        self.px, self.py = view.point_px(spec.lon, spec.lat)
        # --- furniture: globe corner, scale bar, legend, credit
        self.placer = Placer(w, h)
        self.globe_corner = self._globe_corner(items)
        gx = w - GLOBE_M - GLOBE_R if self.globe_corner == "right" else GLOBE_M + GLOBE_R
        self.globe_c = (gx, GLOBE_M + GLOBE_R)
        self.placer.block(Box(gx - GLOBE_R - 4, 0, gx + GLOBE_R + 4, GLOBE_M + 2 * GLOBE_R + 4))
        self.scale_els, self.scale_text = self._scale_bar()
        self.legend_els = self._legend()
        self.credit = "Natural Earth · GeoNames"
        cw = len(self.credit) * 8 * 0.52
        self.placer.block(Box(w - 6 - cw, h - 15, w, h))
        # --- marker and labels
        self.marker_els = self._marker()
        self.label_els: list[str] = []
        self._label_place()
        self.city_labels: list[str] = []
        self.city_els: list[str] = []
        self._cities()
        self.country_labels: list[str] = []
        self._country_labels(country)

    # furniture ----------------------------------------------------------
    def _globe_corner(self, items: list) -> str:
        w = self.view.width
        cost = {}
        for side in ("right", "left"):
            x0 = w - 2 * GLOBE_M - 2 * GLOBE_R if side == "right" else 0
            box = shapely.box(x0, 0, x0 + 2 * (GLOBE_M + GLOBE_R), 2 * (GLOBE_M + GLOBE_R))
            c = 0.0
            if self.hl_geom is not None:
                c += box.intersection(self.hl_geom).area * 0.2
            for _, _, g in items:
                if g is not None:
                    c += box.intersection(g.buffer(3)).area * 3
            if box.buffer(40).contains(shapely.Point(self.px, self.py)):
                c += 1e6
            cost[side] = c
        return "left" if cost["left"] < cost["right"] * 0.8 else "right"

    def _scale_bar(self) -> tuple[list[str], str]:
        v = self.view
        px_per_km = v.px_per_m * 1000
        km = nice_length(v.width * 0.22 / px_per_km)
        mi = nice_length(v.width * 0.22 / (px_per_km * 1.609344))
        lk, lm = km * px_per_km, mi * 1.609344 * px_per_km
        x, y = 12.0, v.height - 22.0
        k_txt = f"{km:g} km"
        m_txt = f"{mi:g} mi"
        els = [
            f'<path d="M{fmt(x)} {fmt(y - 3)}v3h{fmt(lk)}v-3M{fmt(x)} {fmt(y + 8)}v-3h{fmt(lm)}v3" fill="none" stroke="{INK}" stroke-width=".9"/>',
            text_el(x + max(lk, lm) + 4, y - 2, (k_txt,), "", "start", 9),
            text_el(x + max(lk, lm) + 4, y + 7, (m_txt,), "", "start", 9),
        ]
        tw = max(lk, lm) + max(len(k_txt), len(m_txt)) * 9 * 0.6
        self.placer.block(Box(0, y - 12, x + 6 + tw, v.height))
        self._legend_top = y - 12
        return els, f"{k_txt} / {m_txt}"

    def _legend(self) -> list[str]:
        els = []
        y = self._legend_top - 4
        for lay in reversed(self.kind_layers):
            y -= 13
            text = (
                f"{lay.title} ({KIND_TEXT[lay.kind or '']})"
                if lay.title
                else KIND_TEXT[lay.kind or ""].capitalize()
            )
            els.append(
                f'<path d="M12 {fmt(y)}h22" stroke="{ACCENT}" stroke-width="2" stroke-dasharray="5 3"/>'
            )
            els.append(text_el(38, y, (text,), "", "start", 9.5))
            self.placer.block(Box(0, y - 8, 40 + len(text) * 9.5 * 0.58, y + 7))
        return els

    # place, cities, countries ----------------------------------------------
    def _marker(self) -> list[str]:
        if self.place_px is not None:
            return []
        x, y = self.px, self.py
        self.placer.block(Box(x - 9.5, y - 9.5, x + 9.5, y + 9.5))
        return [
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="9" fill="none" stroke="{ACCENT}" stroke-width="1.3"/>',
            f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4.5" fill="{ACCENT}" stroke="#fff" stroke-width="1.5"/>',
        ]

    def _label_place(self) -> None:
        lab = Label(self.spec.place_name or self.spec.title, 13, "place", max_line=140)
        if self.place_px is None:
            cands = anchor_candidates(self.px, self.py, 9) + anchor_candidates(self.px, self.py, 20)
        else:
            x0, y0, x1, y1 = self.place_px.bounds
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            cands = [
                Candidate(x1 + 6, cy, "start"),
                Candidate(x0 - 6, cy, "end"),
                Candidate(cx, y0 - 12, "middle"),
                Candidate(cx, y1 + 12, "middle"),
                Candidate(cx, cy, "middle"),
            ]
        p = self.placer.place(lab, cands)
        if p is None:  # last resort: shrink
            p = self.placer.place(Label(lab.text, 11, "place", max_line=110), cands)
        self.place_label = p

    def _cities(self) -> None:
        v = self.view
        chosen: list[tuple[float, float]] = []
        cands = _cities.cities_in(list(v.lonlat_boxes), limit=200)
        cands = sorted(cands, key=lambda c: -(c.population * (3 if c.capital else 1)))
        for c in cands:
            if len(chosen) >= MAX_CITIES:
                break
            x, y = v.point_px(c.lon, c.lat)
            if not (8 <= x <= v.width - 8 and 8 <= y <= v.height - 8):
                continue
            if (x - self.px) ** 2 + (y - self.py) ** 2 < 16**2:
                continue
            if any((x - a) ** 2 + (y - b) ** 2 < 45**2 for a, b in chosen):
                continue
            dot = Box(x - 2.5, y - 2.5, x + 2.5, y + 2.5)
            if not self.placer.fits(dot):
                continue
            self.placer.block(dot)
            lab = Label(c.name, 11 if c.capital else 10.5, "city-cap" if c.capital else "city")
            p = self.placer.place(lab, anchor_candidates(x, y, 2.5))
            if p is None:
                self.placer.taken.remove(dot)
                continue
            chosen.append((x, y))
            self.city_labels.append(c.name)
            shape_ = (
                f'<rect x="{fmt(x - 2.6)}" y="{fmt(y - 2.6)}" width="5.2" height="5.2" fill="#fff" stroke="{INK}" stroke-width="1.3"/>'
                if c.capital
                else f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="2.3" fill="{INK}" stroke="#fff" stroke-width=".8"/>'
            )
            self.city_els.append(shape_)

    def _country_labels(self, country: str | None) -> None:
        seen: set[str] = set()
        order = sorted(
            self.countries, key=lambda cg: (not (country and cg[0].alpha2 == country), -cg[1].area)
        )
        for c, g in order:
            if len(seen) >= 5 or c.name in seen or not c.is_state:
                continue
            part = max(shapely.get_parts(g), key=lambda p: p.area)
            if part.geom_type != "Polygon":
                continue
            mine = bool(country and c.alpha2 == country)
            lab = Label(
                c.name,
                10.5 if mine else 10,
                "country-hl" if mine else "country",
                letter_spacing=0.08,
                uppercase=True,
                max_line=120,
            )
            lw, lh = lab.extent
            if part.area < lw * lh * 2.5:
                continue
            pl = polylabel(part, tolerance=2.0)
            cands = [
                Candidate(pl.x + dx, pl.y + dy, "middle")
                for dx, dy in (
                    (0, 0),
                    (0, -22),
                    (0, 22),
                    (-45, 0),
                    (45, 0),
                    (-45, -22),
                    (45, 22),
                    (45, -22),
                    (-45, 22),
                    (0, -44),
                    (0, 44),
                    (-90, 0),
                    (90, 0),
                )
            ]
            poly = part.buffer(1.5)

            def within(box: Box, poly: BaseGeometry = poly) -> bool:
                b = shapely.box(box.x0, box.y0, box.x1, box.y1)
                return poly.intersection(b).area >= 0.92 * b.area

            if self.placer.place(lab, cands, accept=within) is not None:
                seen.add(c.name)
                self.country_labels.append(_atlas.display_name(c.name))

    # globe -------------------------------------------------------------------
    def globe_els(self, country: str | None) -> list[str]:
        gx, gy = self.globe_c
        r = GLOBE_R
        gl = Globe(self.spec.lon, self.spec.lat, gx, gy, r)
        a110 = _atlas.load_atlas("110m")
        hi = {c.index for c in a110.countries if country and c.alpha2 == country}
        land, hl = gl.land(hi, max(0.6, self.tol))
        grat = gl.graticule()
        ring = gl.outline(self.view.frame_lonlat(8))
        els = [
            f'<circle cx="{fmt(gx)}" cy="{fmt(gy)}" r="{fmt(r + 3)}" fill="#fff" stroke="#b9b3a8" stroke-width=".6"/>',
            f'<circle cx="{fmt(gx)}" cy="{fmt(gy)}" r="{r}" fill="{SEA}"/>',
        ]
        if grat is not None:
            els.append(
                f'<path d="{path_data(grat)}" fill="none" stroke="#fff" stroke-width=".5" stroke-opacity=".8"/>'
            )
        if land is not None:
            els.append(
                f'<path d="{path_data(land, max(1.0, self.tol))}" fill="#eae2d2" stroke="#eae2d2" stroke-width=".3"/>'
            )
        if hl is not None:
            els.append(
                f'<path d="{path_data(hl, 0.3)}" fill="#cdb894" stroke="#cdb894" stroke-width=".3"/>'
            )
        els.append(
            f'<circle cx="{fmt(gx)}" cy="{fmt(gy)}" r="{r}" fill="none" stroke="#7f98a8" stroke-width=".8"/>'
        )
        x0, y0 = ring.min(axis=0)
        x1, y1 = ring.max(axis=0)
        if max(x1 - x0, y1 - y0) < 7:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            els.append(
                f'<rect x="{fmt(cx - 3.5)}" y="{fmt(cy - 3.5)}" width="7" height="7" fill="none" stroke="{ACCENT}" stroke-width="1.4"/>'
            )
        else:
            els.append(
                f'<path d="{path_data(shapely.Polygon(ring))}" fill="{ACCENT}" fill-opacity=".12" stroke="{ACCENT}" stroke-width="1.3" stroke-linejoin="round"/>'
            )
        return els


def _labels_svg(mm: MainMap) -> str:
    groups: dict[str, list[str]] = {}
    for p in mm.placer.placed:
        groups.setdefault(p.label.cls, []).append(
            text_el(p.x, p.y, p.label.lines, "", p.align, p.label.size).replace(' class=""', "")
        )
    style = {
        "place": f'font-size="13" font-weight="700" fill="{INK}"',
        "city-cap": f'font-size="11" font-weight="600" fill="{INK}"',
        "city": 'font-size="10.5" fill="#333"',
        "country-hl": 'font-size="10.5" letter-spacing=".84" fill="#5d5140"',
        "country": f'font-size="10" letter-spacing=".8" fill="{MUTED}"',
    }
    out = []
    for cls in ("country", "country-hl", "city", "city-cap", "place"):
        if cls in groups:
            size = (
                "11"
                if cls == "place"
                and any(p.label.size == 11 for p in mm.placer.placed if p.label.cls == "place")
                else None
            )
            st = (
                style[cls]
                if size is None
                else style[cls].replace('font-size="13"', 'font-size="11"')
            )
            out.append(f"<g {st}>{''.join(groups[cls])}</g>")
    return "".join(out)


def compose_svg(mm: MainMap, title: str, description: str) -> str:
    v, p = mm.view, mm.prefix
    country = mm.spec.country.upper() if mm.spec.country else None
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {v.width} {v.height}" width="{v.width}" height="{v.height}" '
        f'role="img" aria-labelledby="{p}-t {p}-d" id="{p}" class="atlaspress-locator">',
        f'<title id="{p}-t">{escape(title)}</title><desc id="{p}-d">{escape(description)}</desc>',
        f'<rect width="{v.width}" height="{v.height}" fill="{SEA}"/>',
    ]
    if mm.land_d:
        parts.append(f'<path d="{mm.land_d}" fill="{LAND}"/>')
    if mm.hl_d:
        parts.append(f'<path d="{mm.hl_d}" fill="{HIGHLIGHT}"/>')
    if mm.coast_d:
        parts.append(
            f'<path d="{mm.coast_d}" fill="none" stroke="{COAST}" stroke-width=".6" stroke-linejoin="round"/>'
        )
    if mm.border_d:
        parts.append(
            f'<path d="{mm.border_d}" fill="none" stroke="{BORDER}" stroke-width=".9" stroke-linejoin="round"/>'
        )
    parts += mm.layer_els + mm.city_els + mm.marker_els
    parts.append(f'<g font-family="{FONT}" {HALO}>')
    parts.append(_labels_svg(mm))
    parts.append(f'<g font-size="9" fill="{INK}">{"".join(mm.scale_els[1:])}</g>')
    parts += mm.legend_els[::2]
    if mm.legend_els:
        parts.append(f'<g font-size="9.5" fill="{INK}">{"".join(mm.legend_els[1::2])}</g>')
    parts.append(
        f'<text x="{v.width - 6}" y="{v.height - 6}" text-anchor="end" font-size="8" fill="#777">{escape(mm.credit)}</text>'
    )
    parts.append("</g>")
    parts.append(mm.scale_els[0])
    parts.append(
        f'<rect x=".5" y=".5" width="{v.width - 1}" height="{v.height - 1}" fill="none" stroke="#8a8a8a"/>'
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
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {view.width} {view.height}" width="{view.width}" height="{view.height}" '
        f'role="img" aria-labelledby="{prefix}-t" id="{prefix}" class="atlaspress-thumb"><title id="{prefix}-t">{title}</title>'
        f'<rect width="{view.width}" height="{view.height}" fill="{SEA}"/>'
        + (f'<path d="{land}" fill="{LAND}" stroke="{BORDER}" stroke-width=".4"/>' if land else "")
        + (f'<path d="{hl}" fill="{HIGHLIGHT}" stroke="{BORDER}" stroke-width=".4"/>' if hl else "")
        + f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4" fill="{ACCENT}" stroke="#fff" stroke-width="1.2"/>'
        f'<rect x=".5" y=".5" width="{view.width - 1}" height="{view.height - 1}" fill="none" stroke="#8a8a8a"/></svg>'
    )
