"""Rectangle clipping that never fails on awkward geometry.

GEOS's fast ``clip_by_rect`` can raise on valid input ("Invalid number of points in
LinearRing") when a cut leaves a degenerate ring — seen for a point in the open Pacific
whose search box grazes an island. Every clip in atlaspress goes through here: the fast
path first, and for the rare failure a slower but robust intersection.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.errors import GEOSException


def _one(geom: Any, box: Any) -> Any:
    if geom is None:
        return geom
    try:
        return shapely.clip_by_rect(geom, *box.bounds)
    except GEOSException:
        return shapely.intersection(shapely.make_valid(geom), box)


def clip_rect(geom: Any, xmin: float, ymin: float, xmax: float, ymax: float) -> Any:
    """``shapely.clip_by_rect`` for a geometry or an array of them, with a robust fallback.

    >>> clip_rect(shapely.box(0, 0, 10, 10), 5, 5, 20, 20).bounds
    (5.0, 5.0, 10.0, 10.0)
    """
    try:
        return shapely.clip_by_rect(geom, xmin, ymin, xmax, ymax)
    except GEOSException:
        box = shapely.box(xmin, ymin, xmax, ymax)
        if isinstance(geom, np.ndarray):
            return np.array([_one(g, box) for g in geom.ravel()], dtype=object).reshape(geom.shape)
        return _one(geom, box)
