"""Stage 2, geo: the world data and questions about it — Natural Earth (:mod:`atlaspress.geo.atlas`),
OpenStreetMap borders, land and lakes, cities, disputes. Reads core and content; never facts or later.

Measures on the ellipsoid are in :mod:`atlaspress.core.measure`; the locator maps drawn from
this data are in :mod:`atlaspress.maps.locator`.
"""
