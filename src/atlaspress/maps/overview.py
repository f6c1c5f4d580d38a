"""Overview maps: many places on one small static SVG (series, tag and country pages).

Where a locator explains one place, an overview shows a set of them at once. It is drawn
in the Equal Earth projection (equal-area, so no continent is inflated), framed to the
places with a margin, and numbered to match the list beside it. Readable with no
JavaScript, like the locators.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from functools import lru_cache

import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from atlaspress.core.palette import ACCENT, BORDER, HIGHLIGHT, INK, LAND, SEA
from atlaspress.geo.clip import clip_rect
from atlaspress.maps.model import Mark  # noqa: F401 - re-exported
from atlaspress.maps.svg import escape

WIDTH = 640
MIN_SPAN_M = 3_000_000  # never frame tighter than ~3,000 km: this is an overview
MARGIN = 0.12
STROKE, MARK = "#b5aa98", ACCENT  # coasts and borders of a small overview: lighter than a locator's


@lru_cache(maxsize=8)
def _projection(lon0: float = 0.0) -> Transformer:
    return Transformer.from_crs("EPSG:4326", f"+proj=eqearth +lon_0={lon0:g} +datum=WGS84", always_xy=True)


def central_meridian(lons: Sequence[float]) -> float:
    """0, unless the shortest arc holding every place crosses 180°: then the whole degree
    in its middle, so marks on both sides (Diomede, Fiji) sit side by side in the middle
    of the map, not at its two ends.

    >>> central_meridian([-168.95, 179.9]), central_meridian([12.5, 33.4]), central_meridian([-120, 0, 120])
    (-175.0, 0.0, 0.0)
    """
    from atlaspress.maps.webmap.common import lon_extent

    west, east = lon_extent(lons)
    if east <= 180.0 or east - west > 180.0:
        return 0.0
    middle = float(round((west + east) / 2))
    return ((middle + 180.0) % 360.0) - 180.0


def _projected(geometry: BaseGeometry, lon0: float) -> BaseGeometry:
    """Lon/lat ``geometry`` in projected metres, cut at the meridian opposite ``lon0`` so
    that no polygon spans the map's edge."""
    if lon0:
        # Cut at the seam and made continuous from it eastwards, so the pieces the atlas
        # split at ±180 (Chukotka, Fiji) join again instead of showing the cut as a coast.
        seam = lon0 + 180.0 if lon0 < 0 else lon0 - 180.0
        eps = 1e-7  # each side projects to its own edge, not both to one
        west = clip_rect(geometry, -180.0, -90.0, seam - eps, 90.0)
        geometry = shapely.union_all([
            shapely.transform(west, lambda xy: xy + [360.0, 0.0]),
            clip_rect(geometry, seam + eps, -90.0, 180.0, 90.0),
        ])
    project = _projection(lon0)
    return shapely.transform(geometry, lambda xy: _stack(project.transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=8)
def _land(lon0: float = 0.0, resolution: str = "110m") -> BaseGeometry:
    """World land in projected metres (Natural Earth at ``resolution``)."""
    from atlaspress.geo.atlas import load_atlas

    atlas = load_atlas(resolution)
    land = shapely.union_all([shapely.make_valid(c.geometry) for c in atlas.countries])
    return _projected(land, lon0)


@lru_cache(maxsize=64)
def _country(name: str, lon0: float, resolution: str) -> BaseGeometry | None:
    """The country a country page is about, in projected metres, or None if the atlas has
    no country of that name."""
    from atlaspress.geo.atlas import find_country

    try:
        found = find_country(name, resolution)
    except Exception:  # noqa: BLE001 - a name the atlas does not know is drawn without highlight
        return None
    if not found:
        return None
    return _projected(shapely.union_all([shapely.make_valid(c.geometry) for c in found]), lon0)


def resolution_for(span_m: float) -> str:
    """The Natural Earth scale whose detail matches a frame ``span_m`` metres wide drawn
    :data:`WIDTH` px wide: 1:50m (about 5 km) up to 8,000 km, 1:110m beyond, so a country
    page's coasts are not 1:110m enlarged into blobs."""
    return "50m" if span_m <= 8_000_000 else "110m"


def _stack(xy: tuple) -> object:
    import numpy as np

    return np.column_stack(xy)


def _path(geom: BaseGeometry, to_px) -> str:
    parts = []
    polygons = getattr(geom, "geoms", [geom])
    for poly in polygons:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        for ring in (poly.exterior, *poly.interiors):
            coords = [to_px(x, y) for x, y in ring.coords]
            if len(coords) < 4:
                continue
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in coords[:-1]) + "Z")
    return "".join(parts)


# Sizes in SVG units at WIDTH wide (desktop), and on a phone, where the map is drawn ~360 px
# wide (0.56 of WIDTH): the numbers are then 11 px or more on screen.
NUMBER, NUMBER_PHONE = 11, 21
RADIUS, RADIUS_PHONE = 8, 14
LABEL = 12
PHONE = "(max-width: 560px)"


def _label_width(text: str, size: float) -> float:
    return 0.56 * size * len(text)


def overview_svg(marks: Sequence[Mark], title: str, highlight: str | None = None) -> str:
    """An SVG map with a numbered dot per mark; deterministic for the same input.

    ``highlight`` names the country a country page is about: it is shaded and outlined as
    on the locator. Each mark is labelled with its title where the label fits (beside its
    dot, inside the frame, clear of other labels and dots); on a phone the labels give way
    to bigger numbers (CSS in the SVG), which the list below the map names."""
    if not marks:
        return ""
    lon0 = central_meridian([m.lon for m in marks])
    project = _projection(lon0)
    xs, ys = project.transform([m.lon for m in marks], [m.lat for m in marks])
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    span_x = max(maxx - minx, MIN_SPAN_M)
    span_y = max(maxy - miny, MIN_SPAN_M * 0.55)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    span_x, span_y = span_x * (1 + 2 * MARGIN), span_y * (1 + 2 * MARGIN)
    aspect = max(0.45, min(0.75, span_y / span_x))
    height = round(WIDTH * aspect)
    # Besides the margin, room for a phone-sized dot (and its number) at every edge.
    room = 2 * (RADIUS_PHONE + 6)
    scale = min((WIDTH - room) / span_x, (height - room) / span_y)
    x0, y1 = cx - WIDTH / scale / 2, cy + height / scale / 2
    frame = shapely.box(x0, y1 - height / scale, x0 + WIDTH / scale, y1)
    resolution = resolution_for(WIDTH / scale)
    land = clip_rect(_land(lon0, resolution), *frame.bounds).simplify(0.6 / scale)

    def to_px(x: float, y: float) -> tuple[float, float]:
        return (x - x0) * scale, (y1 - y) * scale

    ident = "ovw-" + hashlib.sha256(repr([(m.lon, m.lat, m.label) for m in marks]).encode()).hexdigest()[:10]
    names = ", ".join(m.label for m in marks)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" class="atlaspress-overview" id="{ident}">',
        f'<title id="{ident}-t">{escape(title)}</title>',
        f'<desc id="{ident}-d">{escape(f"Map of {len(marks)} places: {names}.")}</desc>',
        f"<style>@media {PHONE} {{ #{ident} .ovw-n {{ font-size: {NUMBER_PHONE}px }} "
        f"#{ident} .ovw-c {{ r: {RADIUS_PHONE}px }} #{ident} .ovw-l {{ display: none }} }}</style>",
        f'<rect width="{WIDTH}" height="{height}" fill="{SEA}"/>',
        f'<path d="{_path(land, to_px)}" fill="{LAND}" stroke="{STROKE}" stroke-width=".5"/>',
    ]
    country = _country(highlight, lon0, resolution) if highlight else None
    if country is not None:
        shaded = clip_rect(country, *frame.bounds).simplify(0.6 / scale)
        if not shaded.is_empty:
            out.append(f'<path d="{_path(shaded, to_px)}" fill="{HIGHLIGHT}" stroke="{BORDER}" stroke-width="1"/>')
    placed: list[tuple[float, float]] = []
    gap = 2 * RADIUS + 4
    for _mark, x, y in sorted(zip(marks, xs, ys, strict=True), key=lambda t: t[0].number):
        px, py = to_px(x, y)
        # Nudge a marker that would sit on top of an earlier one, so every number stays legible.
        while any(math.hypot(px - qx, py - qy) < gap for qx, qy in placed):
            py -= gap
        placed.append((px, py))
    boxes: list[tuple[float, float, float, float]] = [
        (px - RADIUS - 2, py - RADIUS - 2, px + RADIUS + 2, py + RADIUS + 2) for px, py in placed
    ]
    labels = []
    ordered = sorted(marks, key=lambda m: m.number)
    for mark, (px, py) in zip(ordered, placed, strict=True):
        width = _label_width(mark.label, LABEL)
        for side in (1, -1):
            left = px + RADIUS + 4 if side > 0 else px - RADIUS - 4 - width
            box = (left - 2, py - LABEL * 0.7, left + width + 2, py + LABEL * 0.5)
            inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2 and box[3] <= height - 14
            if inside and not any(b[0] < box[2] and box[0] < b[2] and b[1] < box[3] and box[1] < b[3] for b in boxes):
                boxes.append(box)
                labels.append(
                    f'<text class="ovw-l" x="{left:.1f}" y="{py + LABEL * 0.35:.1f}" font-size="{LABEL}" '
                    f'fill="{INK}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
                    f'font-family="system-ui, sans-serif">{escape(mark.label)}</text>'
                )
                break
    out.extend(labels)
    for mark, (px, py) in zip(ordered, placed, strict=True):
        out.append(
            f'<g><circle class="ovw-c" cx="{px:.1f}" cy="{py:.1f}" r="{RADIUS}" fill="{MARK}" stroke="#fff" '
            f'stroke-width="1.5"/><text class="ovw-n" x="{px:.1f}" y="{py:.1f}" dy=".35em" text-anchor="middle" '
            f'font-size="{NUMBER}" font-weight="700" fill="#fff" font-family="system-ui, sans-serif">'
            f"{mark.number}</text></g>"
        )
    scale_name = {"50m": "1:50m", "110m": "1:110m"}[resolution]
    out.append(
        f'<text x="{WIDTH - 6}" y="{height - 6}" text-anchor="end" font-size="9" fill="#5b6468" '
        f'font-family="system-ui, sans-serif">Natural Earth {scale_name} · Equal Earth projection</text>'
    )
    out.append(f'<rect x=".5" y=".5" width="{WIDTH - 1}" height="{height - 1}" fill="none" stroke="#8a8a8a"/></svg>')
    return "".join(out)
