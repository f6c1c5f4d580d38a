"""Interactive maps: the files and page contexts MapLibre GL JS needs.

Everything here is computed at build time so the browser only draws:

* the **basemap**, drawn from Natural Earth shipped with atlaspress: one small world file
  (110m land, borders, label points) shared by every map of the site, plus per post a
  detailed 10m clip around the post's layers (``places/<slug>/basemap.geojson``);
* the **MapLibre style** for the configured basemap mode. It never has a ``glyphs`` key:
  labels are drawn from the reader's local fonts (MapLibre ≥ 5.11), so the only hosts a
  map contacts are the site itself and the one an author configures;
* ``places.geojson``, every post as a point, for the world map;
* the static world map SVG; the page contexts of the post map section, the embed pages and
  the world map page are made in :mod:`atlaspress.render.webmap` (they read the site graph).

Nothing from MapLibre is loaded before the reader asks for a map: pages carry a small
loader (``map.js``) and a JSON config; see ``docs/decisions-webmap.md``.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each public name lives; loaded on first use, so reading the cached map data (a warm
# build) never imports the geometry behind the basemaps.
_HOME = {
    "detail_basemap": "basemap", "world_basemap": "basemap",
    "bounds_of": "common", "boxes": "common", "lon_extent": "common",
    "feature_list": "features", "view_bounds": "features",
    "style_json": "style",
    "gzip_size": "world", "world_svg": "world",
}

__all__ = [
    "bounds_of",
    "boxes",
    "detail_basemap",
    "feature_list",
    "gzip_size",
    "lon_extent",
    "style_json",
    "view_bounds",
    "world_basemap",
    "world_svg",
]


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
