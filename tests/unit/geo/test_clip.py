import numpy as np
import shapely

from atlaspress.geo.atlas import nearest_countries
from atlaspress.geo.clip import clip_rect


def test_clip_rect_matches_shapely_on_ordinary_input():
    geoms = np.array([shapely.box(0, 0, 10, 10), shapely.LineString([(0, 0), (10, 10)])], dtype=object)
    clipped = clip_rect(geoms, 5, 5, 20, 20)
    assert clipped[0].equals(shapely.box(5, 5, 10, 10))
    assert clipped[1].length > 0


def test_open_pacific_point_that_once_broke_geos():
    # A search box around this point cuts an island into a degenerate ring, which made
    # shapely.clip_by_rect raise "Invalid number of points in LinearRing".
    hits = nearest_countries(-126.1619, 4.7259, 2)
    assert len(hits) == 2
    assert all(h.km > 500 for h in hits)
