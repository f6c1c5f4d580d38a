"""The web map's data, made once per input and code version: the world basemap and each
post's detail basemap, as content-addressed entries of the build's store.

Here, not with the pages (:mod:`atlaspress.render.webmap`), because the enrich stage makes
a post's detail basemap in its worker processes (:func:`prime_detail`).
"""

from __future__ import annotations

import json
from typing import Any

from atlaspress.core.cache import code_fingerprint
from atlaspress.core.store import Store, cached_bytes, cached_json, canonical, key
from atlaspress.maps.webmap.common import Bounds, author_lines
from atlaspress.maps.webmap.features import detail_bounds, view_bounds

# A layer round a pole or across an ocean asks for a detail box as wide as the world: at
# that scale the world basemap is all a reader sees, and 10m data for it is ~1 MB a post.
DETAIL_MAX_SPAN = 180.0  # degrees of longitude


def detail_key(box: Bounds, view: Bounds, avoid: str = "") -> str:
    return key("detail-basemap", code_fingerprint(), canonical([list(box), list(view)]), avoid)


def detail_bytes(store: Store | None, box: Bounds, view: Bounds, avoid: str = "") -> bytes:
    """A post's detail basemap, made once per box and view and code version: a
    content-addressed entry of ``store`` (clipping 10m Natural Earth is the costliest step
    of a post's map data). ``avoid`` is the post's own lines (:func:`author_lines`), near which
    the basemap draws no border or coast of its own."""
    def make() -> bytes:
        from atlaspress.maps.webmap.basemap import _detail_bytes  # geometry only on a miss

        return _detail_bytes(box, view, avoid)

    return cached_bytes(store, "basemap", detail_key(box, view, avoid), make)


def _world_check(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection" or not isinstance(
            value.get("features"), list):
        raise TypeError("expected a FeatureCollection")
    return value


def world_data(store: Store | None) -> dict[str, Any]:
    """The world basemap (:func:`world_basemap`), made once per code version."""
    def make() -> dict[str, Any]:
        from atlaspress.maps.webmap.basemap import world_basemap

        return world_basemap()

    return cached_json(store, "world-basemap", key("world-basemap", code_fingerprint()), make, _world_check)


def prime_detail(map_geojson: str, zoom: str | None, store: Store) -> None:
    """Make a post's detail basemap into ``store`` now (in an enrich worker, so cold builds
    clip Natural Earth on every core), for :class:`WebMap` to find it there."""
    collection = json.loads(map_geojson)
    view = view_bounds(collection, zoom)
    box = detail_bounds(view)
    if box[2] - box[0] < DETAIL_MAX_SPAN:
        detail_bytes(store, box, view, author_lines(collection))
