"""A measured distance and the point it reaches: the one result type of :mod:`atlaspress.core.measure`.

Kept apart from the geodesy (numpy, shapely, pyproj) so that what reads a cached result —
the enrich cache, the pages — imports no geometry library.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reach:
    """A geodesic distance and the nearest point it reaches."""

    km: float
    lon: float
    lat: float
