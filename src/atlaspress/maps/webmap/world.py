"""The world map drawn as a static SVG (the page's map before, or without, MapLibre), and
where it is cut: the seam that crosses the least land and no marker.

Drawn from the world basemap alone, so it belongs with the map data; the world map page
that shows it is made in :mod:`atlaspress.render.webmap`.
"""

from __future__ import annotations

import functools
import gzip
import math
from typing import Any

from atlaspress.core.cache import code_fingerprint
from atlaspress.core.store import Store, cached_json, key
from atlaspress.core.text import xml_escape as escape
from atlaspress.maps.webmap.common import COAST, LAND, SEA, lon_extent

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

    from atlaspress.maps.webmap.basemap import world_basemap

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
    import numpy as np

    costs = costs if costs is not None else _seam_costs()
    clear = list(costs)
    if lons and clear:  # every meridian against every marker at once: _turn, by array
        d = np.array([m for m, _ in costs])[:, None] - np.asarray(lons, dtype=np.float64)[None, :]
        passes: list[bool] = np.all(np.abs(d - 360.0 * np.round(d / 360.0)) >= SEAM_CLEAR, axis=1).tolist()
        clear = [c for c, ok in zip(costs, passes) if ok]
    if not clear:  # markers every few degrees round the world: any edge cuts one
        return DEFAULT_SEAM
    least = min(land for _, land in clear)
    return next(m for m, land in clear if land <= least + 2.0)  # nearest the default, about as wet


FRAME_PAD = 0.08  # of the places' extent, on each side (at least FRAME_PAD_MIN degrees)
FRAME_PAD_MIN = 10.0
FRAME_MIN = (60.0, 30.0)  # degrees of longitude and latitude: a world map, not a locator
FRAME_NORTH, FRAME_SOUTH = 84.0, -72.0
ASPECT = (0.42, 0.72)  # height over width of the frame in Web Mercator


def _merc(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def world_frame(
    places: dict[str, Any], costs: tuple[tuple[float, float], ...] | None = None
) -> tuple[float, float, float, float]:
    """The frame of the world map, static and interactive alike: every place with a margin,
    the shortest way round (so the frame may run past 180°, and a place on the antimeridian
    such as Diomede sits inside it whole), no further south or north than places need (no
    band of Antarctica), and a shape between :data:`ASPECT` in Web Mercator.

    Returns ``(west, south, east, north)``, ``east`` possibly above 180 and ``west`` below -180.
    """
    points = [f["geometry"]["coordinates"] for f in places.get("features") or []]
    if not points:
        return (DEFAULT_SEAM, -56.0, DEFAULT_SEAM + 360.0, FRAME_NORTH)
    west, east = lon_extent(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    dx = max((east - west) * FRAME_PAD, FRAME_PAD_MIN)
    # In latitude the margin is measured in Web Mercator, as the map draws it: a marker at
    # 80° N keeps as much sea above it as one at 20° N below it.
    y_north, y_south = _merc(north), _merc(south)
    dy = max((y_north - y_south) * FRAME_PAD * 1.5, math.radians(FRAME_PAD_MIN))
    west, east = west - dx, east + dx
    south, north = _lat(y_south - dy), _lat(y_north + dy)
    if east - west < FRAME_MIN[0]:
        mid = (west + east) / 2
        west, east = mid - FRAME_MIN[0] / 2, mid + FRAME_MIN[0] / 2
    if north - south < FRAME_MIN[1]:
        mid = (north + south) / 2
        south, north = mid - FRAME_MIN[1] / 2, mid + FRAME_MIN[1] / 2
    south, north = max(south, FRAME_SOUTH), min(north, FRAME_NORTH)
    if east - west >= 330.0:  # the whole world: cut at the seam that passes no place
        west = world_seam([p[0] for p in points], costs)
        east = west + 360.0
    # The shape: a frame much wider than tall grows in latitude, a tall one in longitude.
    width = math.radians(east - west)
    height = _merc(north) - _merc(south)
    if height < width * ASPECT[0]:
        grow = (width * ASPECT[0] - height) / 2
        top, bottom = _merc(north) + grow, _merc(south) - grow
        if top > _merc(FRAME_NORTH):
            bottom -= top - _merc(FRAME_NORTH)
            top = _merc(FRAME_NORTH)
        if bottom < _merc(FRAME_SOUTH):
            top = min(top + _merc(FRAME_SOUTH) - bottom, _merc(FRAME_NORTH))
            bottom = _merc(FRAME_SOUTH)
        north, south = _lat(top), _lat(bottom)
    elif height > width * ASPECT[1] and east - west < 360.0:
        extra = min(math.degrees(height / ASPECT[1]) - (east - west), 360.0 - (east - west))
        west, east = west - extra / 2, east + extra / 2
    return (round(west, 3), round(south, 3), round(east, 3), round(north, 3))


def world_svg(places: dict[str, Any], root: str = "", width: int = 720,
              frame: tuple[float, float, float, float] | None = None) -> str:
    """A light static world map with a linked dot per place: the no-JS view, and the poster
    the interactive map replaces. Drawn in Web Mercator on :func:`world_frame`, the
    projection and frame the interactive map opens on, so opening it changes nothing but
    the detail."""
    import numpy as np  # the geometry libraries load only when the map is drawn
    import shapely

    from atlaspress.geo.clip import clip_rect
    from atlaspress.maps.webmap.basemap import world_basemap

    world = world_basemap()
    west, south, east, north = frame or world_frame(places)
    scale = width / math.radians(east - west)
    top = _merc(north)
    height = round((top - _merc(south)) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return math.radians(lon - west) * scale, (top - _merc(lat)) * scale

    land = shapely.geometry.shape(next(f["geometry"] for f in world["features"] if f["properties"]["k"] == "land"))
    # The world file's land runs from -180 to a little past 180 (joined across it): a copy
    # one turn either side covers any frame between -360 and 360.
    copies = [shapely.transform(land, lambda c, t=turn: c + [t, 0.0]) for turn in (-360.0, 0.0, 360.0)]
    land = clip_rect(shapely.union_all(copies), west, max(south - 1, -85.0), east, min(north + 1, 85.0))
    projected = shapely.transform(land, lambda c: np.column_stack(
        [np.radians(c[:, 0] - west) * scale, (top - np.log(np.tan(np.pi / 4 + np.radians(c[:, 1]) / 2))) * scale]))
    projected = shapely.simplify(projected, 0.45, preserve_topology=True)
    paths = []
    for poly in shapely.get_parts(projected):
        if poly.area < 2.0:
            continue
        for ring in [poly.exterior, *poly.interiors]:
            paths.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in ring.coords[:-1]) + "Z")
    out = [
        f'<svg class="world-svg" viewBox="0 0 {width} {height}" role="group" '
        'aria-labelledby="world-svg-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="world-svg-title">World map of every place covered</title>',
        f'<rect width="{width}" height="{height}" fill="{SEA}"/>',
        f'<path d="{"".join(paths)}" fill="{LAND}" stroke="{COAST}" stroke-width=".6" stroke-linejoin="round"/>',
    ]
    for feature in places["features"]:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        lon = next((lon + t for t in (0.0, -360.0, 360.0) if west <= lon + t <= east), lon)
        x, y = xy(lon, lat)
        out.append(
            f'<a href="{escape(root + props["url"])}" data-slug="{escape(props["slug"])}">'
            f"<title>{escape(props['title'])}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{props["colour"]}" '
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
