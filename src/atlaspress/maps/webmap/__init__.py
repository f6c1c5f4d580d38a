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

from atlaspress.maps.webmap.basemap import detail_basemap, world_basemap
from atlaspress.maps.webmap.common import bounds_of, boxes, lon_extent
from atlaspress.maps.webmap.features import feature_list, view_bounds
from atlaspress.maps.webmap.style import style_json
from atlaspress.maps.webmap.world import gzip_size, world_svg

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
