"""Data maps: a CSV joined to shapes, drawn like the locator as a choropleth or symbols.

The key column names either a feature of one of the post's layers (its ``id``, or the
property ``join.by`` names) or a country (ISO 3166-1 alpha-2 or alpha-3, drawn from
Natural Earth's countries as the locator draws them). A key that matches nothing is a
located error in the CSV; a shape without a value is drawn hatched and the legend says
"No data", so a gap never looks like a low value.

A choropleth shades each shape by quantile class (an even share of the shapes per
class, ``classes`` of them), the classes' ranges written in the legend; symbols are
circles whose area is proportional to the value, with a key of two reference sizes.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pycountry
import shapely
from shapely.geometry import shape as geojson_shape
from shapely.geometry.base import BaseGeometry

from atlaspress.content.model import Chart
from atlaspress.geo import atlas as _atlas
from atlaspress.maps.locator.project import choose_view, project_layers, project_many
from atlaspress.maps.svg import escape, fmt, path_data
from atlaspress.maps.textsize import text_width

from .data import Dataset
from .frame import PAD, Variant, compose, start_frame, text
from .palette import ACCENT, BORDER, COAST, HIGHLIGHT, INK, LAND, MUTED, NO_DATA, SEA, ramp
from .scales import format_number, nice_step
from .table import Cell, Table

MAP_HEIGHT = {"wide": 330, "compact": 250}
CREDIT = "Natural Earth"


@dataclass(frozen=True)
class Shape:
    """One joined shape: its key, its name for people, and its lon/lat geometry."""

    key: str
    name: str
    geometry: BaseGeometry
    value: float | None
    atlas: bool  # a Natural Earth country (projected like the base map) rather than a layer feature


def _feature_key(feature: dict, by: str) -> str | None:
    if by == "id":
        fid = feature.get("id")
        return None if fid is None else str(fid)
    value = (feature.get("properties") or {}).get(by)
    return None if value is None else str(value)


def layer_shapes(spec: Chart, data: Dataset, table: Table, key_cells: Sequence[Cell],
                 features: Sequence[dict]) -> list[Shape]:
    """Join rows to a layer's features; every feature is drawn, with its value or none."""
    by = spec.join.by if spec.join else "id"
    values = dict(zip(data.labels, data.series[0].values, strict=True))
    keyed: dict[str, dict] = {}
    for feature in features:
        key = _feature_key(feature, by)
        if key is not None and feature.get("geometry"):
            keyed.setdefault(key, feature)
    for cell in key_cells:
        if cell.text not in keyed:
            close = [k for k in keyed if k.lower().startswith(cell.text.lower())][:1] or \
                difflib.get_close_matches(cell.text, list(keyed), n=1, cutoff=0.6)
            known = ", ".join(repr(k) for k in list(keyed)[:8])
            raise table.error(cell, f"no feature of layer {spec.join.layer if spec.join else ''!r} has "
                              f"{'the id' if by == 'id' else by} {cell.text!r}",
                              f"did you mean {close[0]!r}?" if close else f"the layer's keys are {known}")
    shapes = []
    for key, feature in keyed.items():
        name = str((feature.get("properties") or {}).get("name") or key)
        shapes.append(Shape(key, name, geojson_shape(feature["geometry"]), values.get(key), atlas=False))
    return shapes


def country_code(text_: str) -> str | None:
    """ISO alpha-2 for an alpha-2 or alpha-3 code (``KOR`` → ``KR``), or ``None``.

    >>> country_code("kor"), country_code("KP"), country_code("XX")
    ('KR', 'KP', None)
    """
    t = text_.strip().upper()
    rec = pycountry.countries.get(alpha_2=t) if len(t) == 2 else pycountry.countries.get(alpha_3=t) if len(t) == 3 \
        else None
    return rec.alpha_2 if rec else None


def country_shapes(data: Dataset, table: Table, key_cells: Sequence[Cell]) -> list[Shape]:
    """Join rows to Natural Earth's countries by ISO code (1:50m outlines frame the map; it is drawn
    at the frame's own scale)."""
    atlas = _atlas.load_atlas("50m")
    by_code: dict[str, list[BaseGeometry]] = {}
    for c in atlas.countries:
        if c.alpha2:
            by_code.setdefault(c.alpha2, []).append(c.geometry)
    shapes = []
    for cell, value in zip(key_cells, data.series[0].values, strict=True):
        code = country_code(cell.text)
        if code is None:
            raise table.error(cell, f"{cell.text!r} is not an ISO 3166-1 country code",
                              "write the two- or three-letter code, e.g. KR or KOR, or join to a layer with "
                              "`join: {layer: …}`")
        parts = by_code.get(code, [])
        if not parts:
            raise table.error(cell, f"Natural Earth has no shape for {cell.text!r}",
                              "very small territories are missing at this scale; join to a layer instead")
        shapes.append(Shape(code, _atlas.country_name(code), _one(parts), value, atlas=True))
    return shapes


def quantile_breaks(values: Sequence[float], classes: int) -> list[float]:
    """Upper bounds of ``classes`` quantile classes (fewer when values repeat).

    >>> quantile_breaks([1, 2, 3, 4, 5, 6], 3)
    [2.0, 4.0, 6.0]
    """
    ordered = sorted(values)
    n = len(ordered)
    breaks: list[float] = []
    for k in range(1, classes + 1):
        b = float(ordered[min(n - 1, math.ceil(k * n / classes) - 1)])
        if not breaks or b > breaks[-1]:
            breaks.append(b)
    return breaks


def _class_of(value: float, breaks: Sequence[float]) -> int:
    return next(i for i, b in enumerate(breaks) if value <= b + 1e-12)


def draw(spec: Chart, data: Dataset, shapes: Sequence[Shape], variant: Variant, prefix: str,
         description: str, place: tuple[float, float]) -> str:
    """The map, its legend below it, and the frame's title and source around them."""
    v = variant
    width = v.width - 2 * PAD
    height = MAP_HEIGHT[v.name]
    geoms = [s.geometry for s in shapes]
    lon, lat = _centre(geoms, place)
    view = choose_view(lon, lat, geoms, None, int(width), int(height))
    present = [s.value for s in shapes if s.value is not None]
    choropleth = spec.type == "choropleth"
    breaks = quantile_breaks(present, spec.classes) if choropleth and present else []
    colours = ramp(len(breaks)) if breaks else ()
    r_max = 30.0 if v.name == "wide" else 22.0
    legend_h = (v.small * 1.6 if choropleth else 2 * r_max + 6) + (v.small * 1.5 if any(
        s.value is None for s in shapes) else 0)
    frame = start_frame(spec, v, prefix, legend=[], left=0, bottom_axis=legend_h + v.small * 1.2,
                        unit_label=None)
    grow = height - (frame.y1 - frame.y0)
    frame.x0, frame.x1 = PAD, PAD + width
    frame.y1 = frame.y0 + height
    frame.height += grow
    from .axes import _shift

    frame.bottom = [_shift(el, grow) for el in frame.bottom]
    ox, oy = frame.x0, frame.y0
    atlas = _atlas.load_atlas(view.resolution)
    cand = sorted({int(i) for b in view.lonlat_boxes for i in atlas.country_tree.query(shapely.box(*b))})
    keyed = {s.key for s in shapes if s.atlas}  # drawn as data, not again as land
    cand = [i for i in cand if atlas.countries[i].alpha2 not in keyed]
    land = project_many([atlas.countries[i].geometry for i in cand], view, boxes=view.lonlat_boxes,
                        tolerance_px=0.8)
    land_d = "".join(path_data(g, 2.0) for g in land if g is not None)
    layer_px = project_layers([s.geometry for s in shapes if not s.atlas], view, tolerance_px=0.3,
                              rect=(-3, -3, view.width + 3, view.height + 3))
    # Countries at the frame's own scale (Natural Earth 110m for a continent), as the land is.
    by_code: dict[str, list[BaseGeometry]] = {}
    for c in atlas.countries:
        if c.alpha2 in keyed:
            by_code.setdefault(c.alpha2, []).append(c.geometry)
    atlas_px = project_many([_one(by_code.get(s.key, [s.geometry])) for s in shapes if s.atlas], view,
                            tolerance_px=0.5)
    it_layer, it_atlas = iter(layer_px), iter(atlas_px)
    projected = [next(it_atlas) if s.atlas else next(it_layer) for s in shapes]
    body = [
        f'<svg x="{fmt(ox)}" y="{fmt(oy)}" width="{fmt(width)}" height="{height}" viewBox="0 0 {view.width} '
        f'{view.height}" class="datamap">',
        f'<defs><pattern id="{prefix}-nd" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA}"/>'
        f'<path d="M0 0V6" stroke="{MUTED}" stroke-width="1.2" stroke-opacity=".55"/></pattern></defs>',
        f'<rect width="{view.width}" height="{view.height}" fill="{SEA}"/>',
    ]
    if land_d:
        body.append(f'<path d="{land_d}" fill="{LAND}" stroke="{BORDER}" stroke-width=".6" '
                    'stroke-linejoin="round"/>')
    symbols: list[tuple[float, float, Shape]] = []
    for s, g in zip(shapes, projected, strict=True):
        if g is None or g.is_empty:
            continue
        d = path_data(g, 0.0 if not s.atlas else 1.0)
        title = f"<title>{escape(s.name)}: {escape(_value_text(s.value, spec))}</title>"
        polygonal = g.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection") and g.area > 0
        if choropleth:
            fill = f"url(#{prefix}-nd)" if s.value is None else colours[_class_of(s.value, breaks)]
            if polygonal:
                body.append(f'<path d="{d}" fill="{fill}" stroke="#fff" stroke-width=".8" '
                            f'stroke-linejoin="round">{title}</path>')
            else:
                x, y = _anchor(g)
                body.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="6" fill="{fill}" stroke="{INK}" '
                            f'stroke-width=".8">{title}</circle>')
        else:
            if polygonal:
                fill = f"url(#{prefix}-nd)" if s.value is None else HIGHLIGHT
                body.append(f'<path d="{d}" fill="{fill}" stroke="{BORDER}" stroke-width=".7">{title}</path>')
            symbols.append((*_anchor(g), s))
    vmax = max(present, default=0.0)
    for x, y, s in sorted(symbols, key=lambda t: -(t[2].value or 0)):
        if s.value is None:
            if not _is_area(s):
                body.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="4" fill="url(#{prefix}-nd)" stroke="{MUTED}"/>')
            continue
        r = r_max * math.sqrt(s.value / vmax) if vmax > 0 else 0
        body.append(f'<circle cx="{fmt(x)}" cy="{fmt(y)}" r="{fmt(max(r, 1.5))}" fill="{ACCENT}" fill-opacity=".72" '
                    f'stroke="#fff" stroke-width="1"><title>{escape(s.name)}: {escape(_value_text(s.value, spec))}'
                    "</title></circle>")
    if len(shapes) <= 12:  # names and values on the map, with the locator's halo, never on each other
        body.append(_labels(shapes, projected, spec, v, choropleth, vmax, r_max, view.width, view.height))
    body.append(f'<text x="{view.width - 5}" y="{view.height - 5}" text-anchor="end" font-size="9" fill="#777" '
                f'stroke="#fff" stroke-width="3" paint-order="stroke">{CREDIT}</text>')
    body.append(f'<rect x=".5" y=".5" width="{view.width - 1}" height="{view.height - 1}" fill="none" '
                'stroke="#8a8a8a"/>')
    body.append("</svg>")
    body += _legend(spec, frame.y1 + 8, breaks, colours, vmax, r_max, v, prefix,
                    any(s.value is None for s in shapes), choropleth)
    return compose(frame, body, spec.title, description)


def _labels(shapes: Sequence[Shape], projected: Sequence[BaseGeometry | None], spec: Chart, v: Variant,
            choropleth: bool, vmax: float, r_max: float, width: float, height: float) -> str:
    """Name and value of each shape, above its circle or its middle, else below or beside it."""
    placed: list[tuple[float, float, float, float]] = []
    out = []
    line = v.small * 1.15
    order = sorted(range(len(shapes)), key=lambda i: -(shapes[i].value or 0))
    circles: dict[int, tuple[float, float, float, float]] = {}
    for i, (s, g) in enumerate(zip(shapes, projected, strict=True)):
        if g is not None and not g.is_empty and not choropleth and s.value and vmax:
            cx, cy = _anchor(g)
            r = r_max * math.sqrt(s.value / vmax)
            circles[i] = (cx - r, cy - r, cx + r, cy + r)
    for i in order:
        s, g = shapes[i], projected[i]
        if g is None or g.is_empty:
            continue
        x, y = _anchor(g)
        r = r_max * math.sqrt(s.value / vmax) if (not choropleth and s.value and vmax) else 0.0
        obstacles = placed + [box for k, box in circles.items() if k != i]
        value = _value_text(s.value, spec)
        w = max(text_width(s.name, v.small) * 1.08, text_width(value, v.small)) + 4
        h = 2 * line
        tops = [y - r - 3 - h, y + r + 3, y - h / 2]
        spots = [(x - w / 2, tops[0], "middle"), (x - w / 2, tops[1], "middle"), (x + r + 4, tops[2], "start"),
                 (x - r - 4 - w, tops[2], "end")]
        best = spots[0]
        for spot in spots:
            bx, by, _ = spot
            box = (bx, by, bx + w, by + h)
            inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                                  for b in obstacles):
                best = spot
                break
        bx, by, anchor = best
        placed.append((bx, by, bx + w, by + h))
        tx = {"middle": bx + w / 2, "start": bx, "end": bx + w}[anchor]
        out.append(text(tx, by + v.small, s.name, v.small, anchor=anchor, weight="600", halo=True))
        out.append(text(tx, by + v.small + line, value, v.small, anchor=anchor, halo=True, fill=MUTED))
    return "".join(out)


def _one(parts: list[BaseGeometry]) -> BaseGeometry:
    return parts[0] if len(parts) == 1 else shapely.GeometryCollection(parts)


def _centre(geoms: Sequence[BaseGeometry], place: tuple[float, float]) -> tuple[float, float]:
    """Where to start framing: the area-weighted middle of the shapes' parts (points count alike)."""
    parts = [p for g in geoms for p in getattr(g, "geoms", [g]) if not p.is_empty]
    if not parts:
        return place
    weights = [max(p.area, 1e-9) for p in parts]
    total = sum(weights)
    lon = sum(p.centroid.x * w for p, w in zip(parts, weights, strict=True)) / total
    lat = sum(p.centroid.y * w for p, w in zip(parts, weights, strict=True)) / total
    return lon, lat


def _is_area(s: Shape) -> bool:
    return s.geometry.geom_type in ("Polygon", "MultiPolygon")


def _anchor(g: BaseGeometry) -> tuple[float, float]:
    """Where a shape's symbol or label goes: inside its largest part."""
    if g.geom_type in ("Polygon", "MultiPolygon"):
        parts = list(getattr(g, "geoms", [g]))
        biggest = max(parts, key=lambda p: p.area)
        p = biggest.representative_point() if biggest.area < 4 else shapely.ops.polylabel(biggest, 0.5)
        return p.x, p.y
    c = g.centroid
    return c.x, c.y


def _value_text(value: float | None, spec: Chart) -> str:
    from .describe import amount

    return "no data" if value is None else amount(value, spec)


def _legend(spec: Chart, y: float, breaks: Sequence[float], colours: Sequence[str], vmax: float, r_max: float,
            v: Variant, prefix: str, no_data: bool, choropleth: bool) -> list[str]:
    els = [text(PAD, y + v.small, spec.units, v.small, fill=MUTED, extra=' font-style="italic"')]
    x = PAD + text_width(spec.units, v.small) + 10
    row = y
    if choropleth:
        lo = None
        for b, colour in zip(breaks, colours, strict=True):
            label = (f"up to {format_number(b, spec.format)}" if lo is None
                     else f"{format_number(lo, spec.format)}–{format_number(b, spec.format)}")
            w = 14 + 4 + text_width(label, v.small) + 10
            if x + w > v.width - PAD:
                x, row = PAD, row + v.small * 1.5
            els.append(f'<rect x="{fmt(x)}" y="{fmt(row + 1)}" width="14" height="{fmt(v.small)}" fill="{colour}"/>')
            els.append(text(x + 18, row + v.small, label, v.small))
            x += w
            lo = b
    else:  # nested reference circles, drawn to the map's scale, sharing their foot
        refs = _reference_values(vmax)
        foot = row + 2 * r_max + 2
        cx = x + r_max
        for ref in refs:
            r = r_max * math.sqrt(ref / vmax) if vmax else 0.0
            els.append(f'<circle cx="{fmt(cx)}" cy="{fmt(foot - r)}" r="{fmt(r)}" fill="none" stroke="{INK}" '
                       'stroke-width=".8"/>')
            els.append(f'<path d="M{fmt(cx)} {fmt(foot - 2 * r)}H{fmt(cx + r_max + 8)}" stroke="{INK}" '
                       'stroke-width=".6" stroke-dasharray="2 2"/>')
            els.append(text(cx + r_max + 11, foot - 2 * r + v.small * .35, format_number(ref, spec.format), v.small))
        els.append(text(cx + r_max + 11, foot, "circle area in proportion to the value", v.small, fill=MUTED))
        row = foot - v.small
    if no_data:
        row += v.small * 1.5
        els.append(f'<rect x="{fmt(PAD)}" y="{fmt(row + 1)}" width="14" height="{fmt(v.small)}" '
                   f'fill="url(#{prefix}-nd)" stroke="{COAST}" stroke-width=".5"/>')
        els.append(text(PAD + 18, row + v.small, "No data", v.small))
    return els


def _reference_values(vmax: float) -> list[float]:
    """Two round values for the symbol key: about the largest, and a quarter of it."""
    if vmax <= 0:
        return [0.0]
    step = nice_step(vmax, 2)
    top = max(step, math.floor(vmax / step) * step)
    small = nice_step(top / 4, 1)
    return [top, small] if small < top else [top]
