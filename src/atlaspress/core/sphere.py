"""Lon/lat rings and lines read as the sphere means them: across ±180 and round a pole.

Authors (and tools) write a shape that crosses the antimeridian in several ways: with
longitudes jumping 179 → -179, in the 0..360 form (181), split at ±180 into parts, or,
for a shape round a pole, cut at ±180 and closed along the pole as Natural Earth writes
Antarctica (… 180 -60, 180 -90, -180 -90, -180 -60). A ring at latitude 85 that goes all
the way round is yet another. Read naively as planar lon/lat, each of these becomes a
strip across the whole world, a zero-area sliver or a ring that does not close.

Two readings, one for each use:

- :func:`planar_ring` gives a planar lon/lat ring with the same inside, for shapely's
  planar work (areas, containment, validity): longitudes continuous, and a ring that goes
  round a pole closed along that pole;
- :func:`densify` adds points along each edge, the short way round, for projecting: an
  edge from 180 to -180 is no edge at all, and a detour to the pole and back down the
  same meridian (:func:`drop_pole_slits`) is left out, so nothing draws a seam.
"""

from __future__ import annotations

import math

import numpy as np

POLE_EPS = 1e-9  # degrees: a position this close to ±90 is on the pole


def same_position(a: object, b: object) -> bool:
    """Whether two lon/lat positions are one point on the sphere: equal, a whole turn of
    longitude apart (a ring round a pole written from -180 to 180), or both on one pole.

    >>> same_position([-180, 88], [180, 88]), same_position([10, 90], [-70, 90]), same_position([1, 2], [1, 3])
    (True, True, False)
    """
    (x1, y1), (x2, y2) = (float(v) for v in a[:2]), (float(v) for v in b[:2])  # type: ignore[index]
    if y1 != y2:
        return False
    if abs(abs(y1) - 90.0) <= POLE_EPS:
        return True
    d = x2 - x1
    return abs(d - 360.0 * round(d / 360.0)) <= POLE_EPS


def _turns(d: np.ndarray) -> np.ndarray:
    """Each longitude step the short way: whole turns taken out, into [-180, 180]."""
    return d - 360.0 * np.round(d / 360.0)


def unwrap(coords: np.ndarray, ref: float | None = None) -> np.ndarray:
    """Longitudes made continuous (each step the short way round), then moved by whole
    turns so the middle of their range is within 180° of ``ref`` (when given).

    >>> unwrap(np.array([[179.0, 0], [-179.0, 0]])).tolist()
    [[179.0, 0.0], [181.0, 0.0]]
    """
    xy = np.asarray(coords, dtype=float)[:, :2]
    if len(xy) == 0:
        return xy.copy()
    lon = np.concatenate([[xy[0, 0]], xy[0, 0] + np.cumsum(_turns(np.diff(xy[:, 0])))])
    return _near(np.column_stack([lon, xy[:, 1]]), ref)


def _near(xy: np.ndarray, ref: float | None) -> np.ndarray:
    """``xy`` moved by whole turns so the middle of its longitudes is within 180° of ``ref``."""
    if ref is None or len(xy) == 0:
        return xy
    middle = (xy[:, 0].min() + xy[:, 0].max()) / 2
    return xy - [360.0 * round((middle - ref) / 360.0), 0.0]


def drop_pole_slits(ring: np.ndarray) -> tuple[np.ndarray, float | None]:
    """Leave out detours to a pole that come back up the meridian they went down.

    A ring cut at ±180 and closed along the pole runs down one side of the cut, along the
    pole and up the other side: on the sphere both sides are one meridian, so the detour
    encloses nothing. Returns the closed ring without those runs and the pole they
    visited (``None`` if none). Runs between different meridians (a wedge with its tip
    on the pole) are kept.
    """
    xy = np.asarray(ring, dtype=float)[:, :2]
    closed = len(xy) > 1 and np.array_equal(xy[0], xy[-1])
    body = xy[:-1] if closed else xy
    on_pole = np.abs(np.abs(body[:, 1]) - 90.0) <= POLE_EPS
    if not on_pole.any() or on_pole.all():
        return xy, None
    start = int(np.flatnonzero(~on_pole)[0])
    body, on_pole = np.roll(body, -start, axis=0), np.roll(on_pole, -start)  # begin off the pole
    keep = np.ones(len(body), dtype=bool)
    pole: float | None = None
    i, n = 0, len(body)
    while i < n:
        if not on_pole[i]:
            i += 1
            continue
        j = i
        while j < n and on_pole[j]:
            j += 1
        before, after = body[i - 1], body[j % n]
        if abs(_turns(np.array([after[0] - before[0]]))[0]) <= POLE_EPS:
            keep[i:j] = False
            pole = math.copysign(90.0, body[i, 1])
        i = j
    body = body[keep]
    return np.vstack([body, body[:1]]), pole


def planar_ring(ring: np.ndarray, ref: float | None = None) -> np.ndarray:
    """A closed ring as a planar lon/lat ring with the same inside (see the module).

    Longitudes are made continuous and moved near ``ref``; a ring whose longitudes end a
    whole turn from where they started goes round a pole, and is closed along it: the
    pole it was written to visit, else the one on the side of its mean latitude.

    >>> ring = np.array([[-180.0, 85], [-60, 85], [60, 85], [-180, 85]])
    >>> planar_ring(ring).tolist()[-3:]
    [[180.0, 90.0], [-180.0, 90.0], [-180.0, 85.0]]
    """
    xy = np.asarray(ring, dtype=float)[:, :2]
    if len(xy) < 3:
        return unwrap(xy, ref)
    xy, pole = drop_pole_slits(xy)
    xy = unwrap(xy)
    if round((xy[-1, 0] - xy[0, 0]) / 360.0):
        pole = pole if pole is not None else (90.0 if xy[:, 1].mean() > 0 else -90.0)
        xy = np.vstack([xy, [[xy[-1, 0], pole], [xy[0, 0], pole]], xy[:1]])
    return _near(xy, ref)


def densify(coords: np.ndarray, step: float, *, ring: bool = False) -> np.ndarray:
    """Positions every ``step`` degrees or less along each edge, the short way round.

    An edge is cut into equal pieces, as :func:`shapely.segmentize` does, but across ±180
    it takes the short way, so 180 → -180 adds nothing. For a ``ring``, pole detours are
    left out first (:func:`drop_pole_slits`).
    """
    xy = np.asarray(coords, dtype=float)[:, :2]
    if ring:
        xy, _ = drop_pole_slits(xy)
    if len(xy) < 2:
        return xy.copy()
    d = np.diff(xy, axis=0)
    d[:, 0] = _turns(d[:, 0])
    pieces = np.maximum(1, np.ceil(np.hypot(d[:, 0], d[:, 1]) / step - 1e-12)).astype(int)
    out = [
        xy[i] + np.outer(np.arange(k) / k, d[i]) for i, k in enumerate(pieces.tolist())
    ]
    out.append(xy[-1:])
    return np.concatenate(out)
