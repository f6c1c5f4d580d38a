"""The world map drawn as a static SVG (the page's map before, or without, MapLibre), and
where it is cut: the seam that crosses the least land and no marker.

Drawn from the world basemap alone, so it belongs with the map data; the world map page
that shows it is made in :mod:`atlaspress.render.webmap`.
"""

from __future__ import annotations

import functools
import gzip
from typing import Any

from atlaspress.core.cache import code_fingerprint
from atlaspress.core.store import Store, cached_json, key
from atlaspress.geo.clip import clip_rect
from atlaspress.maps.svg import escape
from atlaspress.maps.webmap.basemap import world_basemap
from atlaspress.maps.webmap.common import COAST, LAND, SEA

DEFAULT_SEAM = -168.0  # the world map's left edge: the Bering Strait, through no land to speak of
SEAM_CLEAR = 8.0  # degrees (~15 px on a 670 px world): no marker this close to an edge, cut in two


def _land_crossing(land: Any, lon: float) -> float:
    """How many degrees of latitude of land the meridian ``lon`` crosses (60 S to 80 N)."""
    import shapely

    return float(shapely.intersection(shapely.LineString([(lon, -60.0), (lon, 80.0)]), land).length)


@functools.lru_cache(maxsize=1)
def _seam_costs() -> tuple[tuple[float, float], ...]:
    """(meridian, land it crosses) for every whole degree, the default edge first."""
    import shapely

    world = world_basemap()
    land = shapely.geometry.shape(next(f["geometry"] for f in world["features"] if f["properties"]["k"] == "land"))
    shapely.prepare(land)
    candidates = sorted(range(-180, 180), key=lambda m: (abs(_turn(m - DEFAULT_SEAM)), m))
    # The world file's land runs a little past 180 (joined across it): look one turn east too.
    return tuple((float(m), _land_crossing(land, float(m)) + _land_crossing(land, m + 360.0)) for m in candidates)


def _turn(d: float) -> float:
    return d - 360.0 * round(d / 360.0)


def world_seam(lons: list[float], costs: tuple[tuple[float, float], ...] | None = None) -> float:
    """The meridian the world map is cut at (its left and right edge): the one nearest the
    Bering Strait that crosses little land and passes no marker closer than ``SEAM_CLEAR``,
    so a place on the antimeridian (Diomede, Fiji) is drawn whole, not as two halves."""
    costs = costs if costs is not None else _seam_costs()
    clear = [(m, land) for m, land in costs if all(abs(_turn(m - lon)) >= SEAM_CLEAR for lon in lons)]
    if not clear:  # markers every few degrees round the world: any edge cuts one
        return DEFAULT_SEAM
    least = min(land for _, land in clear)
    return next(m for m, land in clear if land <= least + 2.0)  # nearest the default, about as wet


def world_svg(places: dict[str, Any], root: str = "", width: int = 720) -> str:
    """A light static world map (equirectangular) with a linked dot per place: the no-JS view.

    The map runs from :func:`world_seam` eastwards round the world, so no dot sits on its edge."""
    import shapely

    world = world_basemap()
    height = width // 2
    top, bottom = 84.0, -58.0
    sx = width / 360.0
    sy = height / (top - bottom)
    seam = world_seam([f["geometry"]["coordinates"][0] for f in places["features"]])

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - seam) % 360.0) * sx, (top - lat) * sy

    land = shapely.geometry.shape(next(f["geometry"] for f in world["features"] if f["properties"]["k"] == "land"))
    # Cut at the seam; the part west of it is drawn at the right-hand end (one turn east).
    east = clip_rect(land, seam, bottom, 180, top)
    west = shapely.transform(clip_rect(land, -180, bottom, seam, top), lambda c: c + [360.0, 0.0])
    land = shapely.simplify(shapely.union_all([east, west]), 0.6, preserve_topology=True)

    def xy_land(lon: float, lat: float) -> tuple[float, float]:
        return (lon - seam) * sx, (top - lat) * sy
    paths = []
    for poly in shapely.get_parts(land):
        if poly.area < 1.5:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            coords = [xy_land(x, y) for x, y in ring.coords]
            paths.append("M" + "L".join(f"{x:.0f} {y:.0f}" for x, y in coords) + "Z")
    view_h = round((top - bottom) * sy)
    out = [
        f'<svg class="world-svg" viewBox="0 0 {width} {view_h}" role="group" '
        f'aria-labelledby="world-svg-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="world-svg-title">World map of every place covered</title>',
        f'<rect width="{width}" height="{view_h}" fill="{SEA}"/>',
        f'<path d="{"".join(paths)}" fill="{LAND}" stroke="{COAST}" stroke-width=".5"/>',
    ]
    for feature in places["features"]:
        props = feature["properties"]
        x, y = xy(*feature["geometry"]["coordinates"])
        out.append(
            f'<a href="{escape(root + props["url"])}" data-slug="{escape(props["slug"])}">'
            f"<title>{escape(props['title'])}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{props["colour"]}" '
            'stroke="#fff" stroke-width="2"/></a>'
        )
    out.append("</svg>")
    return "".join(out)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def _seams_check(value: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    out = []
    for meridian, land in value:
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (meridian, land)):
            raise TypeError("expected numbers")
        out.append((float(meridian), float(land)))
    return tuple(out)


def seam_costs(store: Store | None) -> tuple[tuple[float, float], ...]:
    """:func:`_seam_costs`, made once per code version."""
    return cached_json(store, "world-seams", key("world-seams", code_fingerprint()),
                       lambda: [list(pair) for pair in _seam_costs()], _seams_check)
