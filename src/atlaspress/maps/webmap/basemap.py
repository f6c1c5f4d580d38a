"""The offline basemap: Natural Earth world file and per-post detailed clips."""

from __future__ import annotations

import functools
from typing import Any

from atlaspress.geo.clip import clip_rect
from atlaspress.maps.webmap.antimeridian import near
from atlaspress.maps.webmap.common import (
    Bounds,
    _areal,
    _dumps,
    _feature,
    _label_point,
    _linear,
    boxes,
)

# --- basemaps ------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def world_basemap(resolution: str = "110m", tolerance: float = 0.05, digits: int = 2) -> dict[str, Any]:
    """Natural Earth land (one polygon layer), land borders and country label points."""
    import shapely

    from atlaspress.geo.atlas import display_name, load_atlas

    atlas = load_atlas(resolution)
    land = shapely.union_all([shapely.make_valid(shapely.set_precision(c.geometry, 1e-6)) for c in atlas.countries])
    land = _joined_across_180(_areal(land))
    features = [_feature(shapely.simplify(land, tolerance, preserve_topology=True), {"k": "land"}, digits)]
    for border in atlas.borders:
        features.append(_feature(shapely.simplify(border, tolerance), {"k": "border"}, digits))
    for country in atlas.countries:
        area = country.geometry.area
        if area < 4 or not country.is_state:
            continue
        lon, lat = _label_point(country.geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "k": "label",
                    "name": display_name(country.name),
                    "rank": -round(area),
                },
                "geometry": {"type": "Point", "coordinates": [round(lon, 2), round(lat, 2)]},
            }
        )
    return {"type": "FeatureCollection", "features": [f for f in features if f]}


def _joined_across_180(land: Any) -> Any:
    """Land the data splits at ±180 (Chukotka, the Aleutians, Fiji) joined again: a piece
    of the western hemisphere that touches -180 is moved one turn east onto its other half,
    so the coast drawn from the land's outline has no seam along the meridian. Pieces that
    go all the way round (Antarctica) stay."""
    import shapely

    parts = list(shapely.get_parts(land))
    moved = [
        shapely.transform(p, lambda xy: xy + [360.0, 0.0])
        if p.bounds[0] <= -180.0 + 1e-9 and p.bounds[2] < 0 else p
        for p in parts
    ]
    if all(a is b for a, b in zip(parts, moved, strict=True)):
        return land
    return shapely.union_all(moved)


def _in_frame(geometry: Any, box: Bounds, bounds: Bounds) -> Any:
    """``geometry`` clipped to ``box`` (within ±180) moved by whole turns into the frame
    of ``bounds`` (whose west may be below -180 or east above 180)."""
    import shapely

    turn = 360.0 * round(((bounds[0] + bounds[2]) - (box[0] + box[2])) / 720.0)
    return geometry if not turn else shapely.transform(geometry, lambda xy: xy + [turn, 0.0])


@functools.lru_cache(maxsize=4096)
def _detail_bytes(bounds: Bounds, view: Bounds) -> bytes:
    """Serialized detail basemap, kept in memory: the dev server rebuilds in one process,
    and an unchanged post has the same bounds, so live reload skips the clipping."""
    return _dumps(detail_basemap(bounds, view=view))


def detail_basemap(bounds: Bounds, *, cities: int = 10, view: Bounds | None = None) -> dict[str, Any]:
    """Natural Earth 10m clipped to ``bounds``: the box as sea, land, borders, labels.

    The sea box covers the coarse world basemap beneath it, so the two never show
    different coastlines at once.
    """
    import shapely

    from atlaspress.geo.atlas import display_name, load_atlas

    atlas = load_atlas("10m")
    parts = boxes(bounds)
    width = sum(b[2] - b[0] for b in parts)
    tolerance = max(width / 4000.0, 0.0005)
    digits = 4 if width < 20 else 3
    features: list[dict[str, Any] | None] = []
    # Across ±180 the box is clipped in two and each half moved into the view's frame (as
    # the post's layers are, atlaspress.maps.webmap.antimeridian): one sea, one land, no seam.
    seas, lands = [], []
    for box in parts:
        rect = shapely.box(*box)
        seas.append(_in_frame(rect, box, bounds))
        hits = atlas.country_tree.query(rect, predicate="intersects")
        land = [clip_rect(atlas.countries[int(i)].geometry, *box) for i in hits]
        if land:
            lands.append(_in_frame(shapely.union_all([shapely.make_valid(g) for g in land]), box, bounds))
    features.append(_feature(shapely.union_all(seas), {"k": "sea"}, 5))
    if lands:
        union = shapely.union_all([shapely.set_precision(g, 10.0 ** -digits) for g in lands])
        features.append(
            _feature(shapely.simplify(_areal(union), tolerance, preserve_topology=True), {"k": "land"}, digits)
        )
    for box in parts:
        rect = shapely.box(*box)
        hits = atlas.country_tree.query(rect, predicate="intersects")
        for i in atlas.border_tree.query(rect, predicate="intersects"):
            clipped = _in_frame(_linear(clip_rect(atlas.borders[int(i)], *box)), box, bounds)
            features.append(_feature(shapely.simplify(clipped, tolerance), {"k": "border"}, digits))
        for i in sorted(int(i) for i in hits):
            country = atlas.countries[i]
            if not country.is_state:
                continue
            piece = _areal(clip_rect(country.geometry, *box))
            if piece.is_empty or piece.area < (box[2] - box[0]) * (box[3] - box[1]) * 0.02:
                continue
            lon, lat = _label_point(_in_frame(piece, box, bounds))
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "k": "label",
                        "name": display_name(country.name),
                        "rank": -round(piece.area, 3),
                    },
                    "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]},
                }
            )
    if cities:
        try:
            from atlaspress.geo.cities import cities_in

            # The biggest towns in view first (they orient a reader), then the region's.
            found = cities_in(boxes(view), limit=cities // 2) if view else []
            found += [c for c in cities_in(parts, limit=cities) if c not in found][: cities - len(found)]
        except Exception:  # noqa: BLE001 - city data is optional decoration
            found = []
        for city in found:
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "k": "city",
                        "name": city.name,
                        "rank": -city.population,
                        "capital": city.capital,
                    },
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(near(city.lon, (bounds[0] + bounds[2]) / 2), 4), round(city.lat, 4)],
                    },
                }
            )
    return {"type": "FeatureCollection", "features": [f for f in features if f]}
