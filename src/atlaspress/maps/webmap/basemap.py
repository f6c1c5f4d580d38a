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
    author_lines,  # noqa: F401 - re-exported
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
    plain, disputed = _world_disputed(atlas)
    for border in plain:
        features.append(_feature(shapely.simplify(border, tolerance), {"k": "border"}, digits))
    for line, geometry, legend in disputed:
        props = {"k": "dline", "key": line, "name": legend}
        features.append(_feature(shapely.simplify(geometry, tolerance), props, digits))
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


def _disputed_split(atlas: Any, parts: list[Bounds]) -> tuple[tuple[Any, ...], list[tuple[str, Any, str]]]:
    """Natural Earth's border arcs with the stretches that are disputed lines taken out, and
    the disputed lines in ``parts`` as ``(key, lon/lat geometry, legend text)``.

    The same split and the same words as the locator's (:func:`atlaspress.geo.disputes.split_borders`,
    :func:`~atlaspress.geo.disputes.line_legend`), so a Line of Control is dashed and called a
    line of control on both maps, never an international border."""
    import shapely

    from atlaspress.geo import disputes
    from atlaspress.geo.disputes import line_legend, split_borders

    plain, found = split_borders(atlas, parts)
    drawn = {ln.key: g.buffer(0.05) for ln, g in found}
    out = [(ln, g) for ln, g in found]
    for box in parts:
        for ln, g in disputes.lines_in(box):
            rest = g.difference(drawn[ln.key]) if ln.key in drawn else g
            if rest.length > 0.02:
                out.append((ln, rest))
    merged: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for ln, g in out:
        merged.setdefault(ln.key, []).append(g)
        names[ln.key] = line_legend(ln)
    return plain, [(k, shapely.union_all(v), names[k]) for k, v in sorted(merged.items())]


def _world_disputed(atlas: Any) -> tuple[tuple[Any, ...], list[tuple[str, Any, str]]]:
    """:func:`_disputed_split` for the 1:110m world file, from the lines' boxes alone: the
    stretch of a border between a line's two countries inside the line's box is the line.
    At world scale that is as exact as the data, and it builds none of the lines' detailed
    geometry (half a minute for all of them), which only the detail basemaps need."""
    import shapely

    from atlaspress.geo import disputes
    from atlaspress.geo.disputes import line_legend

    # The berm runs inside Western Sahara, never along a Natural Earth border (the EH–MA
    # border in its box is the 27°40' N line): it is left to the detail basemaps.
    regions = [(ln, shapely.box(*box).buffer(0.5)) for ln, box in disputes.line_regions()
               if ln.between and ln.kind != "berm"]
    plain = list(atlas.borders)
    found: dict[str, list[Any]] = {}
    names: dict[str, str] = {}
    for i, arc in enumerate(atlas.borders):
        a, b = atlas.border_pairs[i]
        pair = {atlas.countries[a].alpha2, atlas.countries[b].alpha2}
        for ln, region in regions:
            if set(ln.between) == pair and arc.intersects(region):
                found.setdefault(ln.key, []).append(_linear(shapely.intersection(plain[i], region)))
                names[ln.key] = line_legend(ln)
                plain[i] = _linear(shapely.difference(plain[i], region))
    return tuple(plain), [(k, shapely.union_all(v), names[k]) for k, v in sorted(found.items())]


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
def _detail_bytes(bounds: Bounds, view: Bounds, avoid: str = "") -> bytes:
    """Serialized detail basemap, kept in memory: the dev server rebuilds in one process,
    and an unchanged post has the same bounds, so live reload skips the clipping."""
    return _dumps(detail_basemap(bounds, view=view, avoid=avoid))


AVOID_FRACTION = 0.05  # of the view's larger side: a basemap line this near an author's line is hidden
AVOID_MIN = 0.01  # degrees (~1 km)


def _author_geometry(avoid: str) -> tuple[Any, Any]:
    """The author's lines (area outlines included) and everything they drew, as shapely."""
    import json

    import shapely
    from shapely.geometry import shape

    lines, every = [], []
    for geometry in json.loads(avoid) if avoid else []:
        try:
            g = shape(geometry)
        except Exception:  # noqa: BLE001 - a layer shapely cannot read hides nothing
            continue
        every.append(g)
        if g.geom_type in ("Polygon", "MultiPolygon"):
            lines.append(g.boundary)
        elif g.geom_type in ("LineString", "MultiLineString"):
            lines.append(g)
    return (shapely.union_all(lines) if lines else None), (shapely.union_all(every) if every else None)


def _avoid_distance(view: Bounds | None) -> float:
    span = max(view[2] - view[0], view[3] - view[1]) if view else 1.0
    return max(AVOID_MIN, span * AVOID_FRACTION)


def _avoid_region(lines: Any, distance: float) -> Any:
    import shapely

    if lines is None or lines.is_empty:
        return None
    region = lines.buffer(distance, quad_segs=4)
    shapely.prepare(region)
    return region


def _without(geometry: Any, region: Any) -> Any:
    return geometry if region is None or geometry.is_empty else geometry.difference(region)


def _authors_coast(land: Any, drawn: Any, distance: float) -> Any:
    """``land`` with the author's islands and coasts in place of the basemap's: within
    ``distance`` of the outline of an area the author drew on land (at least 30% of it on
    the basemap's land), where the basemap's coast also runs, the land is the author's area.
    A zone drawn inland (Kaesong's industrial park) is far from any coast and changes nothing."""
    import shapely

    areas = [p for p in shapely.get_parts(drawn) if p.geom_type == "Polygon" and p.area > 0]
    islands = [p for p in areas if shapely.intersection(p, land).area >= 0.3 * p.area]
    if not islands:
        return land
    outline = shapely.union_all([p.boundary for p in islands]).buffer(distance, quad_segs=4)
    ring = shapely.intersection(outline, shapely.boundary(land).buffer(distance, quad_segs=4))
    if ring.is_empty:
        return land
    mine = shapely.union_all(islands)
    return _areal(shapely.union(shapely.difference(land, ring), shapely.intersection(mine, ring)))


def _view_label_point(geometry: Any, view: Bounds, drawn: Any = None) -> tuple[float, float] | None:
    """Where a country's name goes so that a map opening on ``view`` shows it: inside the
    part of the country in the middle of the view (a frame 15% in from each edge), as far
    as it can be from what the author ``drawn`` (their labels go there), so the name is read
    at the opening zoom instead of hundreds of kilometres away."""
    import shapely

    west, south, east, north = view
    dx, dy = (east - west) * 0.15, (north - south) * 0.15
    inner = shapely.box(west + dx, south + dy, east - dx, north - dy)
    piece = _areal(shapely.intersection(shapely.make_valid(geometry), inner))
    if piece.is_empty or piece.area < inner.area * 0.002:  # an island of a few km² counts
        return None
    if drawn is not None:
        clear = _areal(piece.difference(drawn.buffer(max(east - west, north - south) * 0.12, quad_segs=4)))
        if not clear.is_empty and clear.area > piece.area * 0.02:
            piece = clear
    return _label_point(piece)


def detail_basemap(
    bounds: Bounds, *, cities: int = 10, view: Bounds | None = None, avoid: str = ""
) -> dict[str, Any]:
    """Natural Earth 10m clipped to ``bounds``: the box as sea, land, borders, labels.

    The sea box covers the coarse world basemap beneath it, so the two never show
    different coastlines at once. Disputed lines (:mod:`atlaspress.geo.disputes`) are
    features of their own (``k: dline``, drawn dashed); borders, disputed lines and the
    coast near the author's own lines (``avoid``, :func:`author_lines`) are left out.
    Countries in the ``view`` are labelled inside it.
    """
    import shapely

    from atlaspress.geo.atlas import display_name, load_atlas

    atlas = load_atlas("10m")
    parts = boxes(bounds)
    width = sum(b[2] - b[0] for b in parts)
    tolerance = max(width / 4000.0, 0.0005)
    digits = 4 if width < 20 else 3
    lines, drawn = _author_geometry(avoid)
    distance = _avoid_distance(view)
    region = _avoid_region(lines, distance)
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
        # Snapped to the precision written (a valid result); one box needs no union after it.
        snapped = [shapely.set_precision(g, 10.0 ** -digits) for g in lands]
        union = snapped[0] if len(snapped) == 1 else shapely.union_all(snapped)
        land = shapely.simplify(_areal(union), tolerance, preserve_topology=True)
        if region is not None:
            land = _authors_coast(land, drawn, distance)
        coast = _without(shapely.boundary(land), region) if region is not None else None
        # With a coast of its own (the land's outline less the stretches the author drew),
        # the land polygon is only a fill ("c": 0 tells the coast layer to skip it).
        features.append(_feature(land, {"k": "land", **({"c": 0} if coast is not None else {})}, digits))
        if coast is not None:
            features.append(_feature(coast, {"k": "coast"}, digits))
    plain, disputed = _disputed_split(atlas, parts)
    for key, geometry, legend in disputed:
        moved = shapely.union_all([
            _in_frame(_linear(clip_rect(geometry, *box)), box, bounds) for box in parts
        ])
        line = _without(shapely.simplify(moved, tolerance), region)
        features.append(_feature(line, {"k": "dline", "key": key, "name": legend}, digits))
    labelled: set[int] = set()
    for box in parts:
        rect = shapely.box(*box)
        hits = atlas.country_tree.query(rect, predicate="intersects")
        for i in atlas.border_tree.query(rect, predicate="intersects"):
            clipped = _in_frame(_linear(clip_rect(plain[int(i)], *box)), box, bounds)
            features.append(_feature(_without(shapely.simplify(clipped, tolerance), region), {"k": "border"}, digits))
        for i in sorted(int(i) for i in hits):
            country = atlas.countries[i]
            if not country.is_state or i in labelled:
                continue
            piece = _areal(clip_rect(country.geometry, *box))
            if piece.is_empty:
                continue
            at = _view_label_point(_in_frame(piece, box, bounds), view, drawn) if view else None
            if at is None and piece.area < (box[2] - box[0]) * (box[3] - box[1]) * 0.02:
                continue
            labelled.add(i)
            lon, lat = at or _label_point(_in_frame(piece, box, bounds))
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "k": "label",
                        "name": display_name(country.name),
                        "rank": -round(piece.area, 3),
                        **({"v": 1} if at else {}),  # labelled in the opening view
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
