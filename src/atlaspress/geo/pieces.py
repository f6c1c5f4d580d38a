"""Cutting large polygons into small pieces for an STRtree: shared by the decoded caches of
OpenStreetMap's borders (:mod:`atlaspress.geo.borders`) and land (:mod:`atlaspress.geo.land`).

A point query against a continent-sized polygon tests every vertex; against pieces of a few
hundred vertices, found through the tree's boxes, it tests a handful.
"""

from __future__ import annotations

import shapely
from shapely.geometry.base import BaseGeometry


def polygon_parts(geom: BaseGeometry) -> list[shapely.Polygon]:
    """The non-empty polygons in any geometry, collections flattened."""
    out: list[shapely.Polygon] = []
    for part in shapely.get_parts(geom):
        if part.is_empty:
            continue
        if part.geom_type == "Polygon":
            out.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(polygon_parts(part))
    return out


def split_polygon(polygon: BaseGeometry, limit: int) -> list[shapely.Polygon]:
    """Cut a polygon in halves of its bounding box (longer side first) until each piece has at
    most ``limit`` vertices (or is smaller than 1e-5 degrees)."""
    out: list[shapely.Polygon] = []
    stack: list[BaseGeometry] = [polygon]
    while stack:
        g = stack.pop()
        x0, y0, x1, y1 = g.bounds
        if shapely.get_num_coordinates(g) <= limit or max(x1 - x0, y1 - y0) < 1e-5:
            out.append(g)
            continue
        if x1 - x0 >= y1 - y0:
            xm = (x0 + x1) / 2
            halves = [(x0, y0, xm, y1), (xm, y0, x1, y1)]
        else:
            ym = (y0 + y1) / 2
            halves = [(x0, y0, x1, ym), (x0, ym, x1, y1)]
        for box in halves:
            stack.extend(polygon_parts(shapely.clip_by_rect(g, *box)))
    return out
