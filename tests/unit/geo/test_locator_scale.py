"""The locator's cost grows with the post's features, not with their square (issue 11, point 3).

No timing assertions: the tests count the work instead — how often a layer's features are
walked, how many boxes one placement check compares — which a quadratic step would make
grow with the number of points.
"""

import numpy as np

from atlaspress.maps.locator import LocatorLayer, LocatorSpec, main_map
from atlaspress.maps.locator import labels as _labels
from atlaspress.maps.locator.labels import Box, Placer
from tests.geo_cases import feature

N = 20_000


class CountingFeatures(tuple):
    """A layer's features that count how often something walks through all of them."""

    walks = 0

    def __iter__(self):
        type(self).walks += 1
        return super().__iter__()


def _points_spec(n: int) -> tuple[LocatorSpec, CountingFeatures]:
    rng = np.random.default_rng(13)
    lon = 126.60 + rng.uniform(-0.6, 0.6, n)
    lat = 37.93 + rng.uniform(-0.4, 0.4, n)
    feats = CountingFeatures(
        feature({"type": "Point", "coordinates": [float(x), float(y)]}, f"P{i}")
        for i, (x, y) in enumerate(zip(lon, lat, strict=True))
    )
    layer = LocatorLayer("pts", "Survey points", None, feats)
    spec = LocatorSpec("Kaesong Industrial Zone", "Kaesong Industrial Region", 126.60, 37.93, "KP", None, (layer,))
    return spec, feats


def test_legend_walks_each_layer_a_fixed_number_of_times():
    """20,000 points: the layer is walked a handful of times in all (reading the layer, the
    legend), not once per point as ``any(f is g for g in features)`` did (20,000 walks)."""
    spec, feats = _points_spec(N)
    CountingFeatures.walks = 0
    mm = main_map(spec, variant="wide")
    assert CountingFeatures.walks <= 5, CountingFeatures.walks
    # and the legend still says what the unlabelled dots are
    assert any("Survey points" in el for el in mm.legend_els)


def test_placement_check_compares_only_nearby_boxes(monkeypatch):
    """With 20,000 dots blocked, one check compares the boxes of its own grid cells only."""
    placer = Placer(640, 400)
    rng = np.random.default_rng(11)
    for x, y in rng.uniform(0, [640, 400], (N, 2)):
        placer.block(Box(x - 3, y - 3, x + 3, y + 3))
    calls = 0
    real = Box.overlaps

    def counting(self, other, pad=0.0):
        nonlocal calls
        calls += 1
        return real(self, other, pad)

    monkeypatch.setattr(_labels.Box, "overlaps", counting)
    placer.fits(Box(300, 200, 340, 212))
    # a 40×12 box touches at most 3×2 cells of 32 px; 20,000 dots over 640×400 px put about
    # 80 dots in a cell (a dot can sit in up to four): far below N either way
    assert 0 < calls < 2_000, calls


def test_obstacle_points_are_found_exactly():
    placer = Placer(640, 400)
    placer.avoid_points(np.array([[100.0, 100.0], [500.5, 300.25]]))
    assert placer.hits_obstacle(Box(99.5, 99.5, 101, 101), pad=0)
    assert not placer.hits_obstacle(Box(101, 101, 110, 110), pad=0)
    assert placer.hits_obstacle(Box(501, 300.5, 510, 310), pad=1.0)  # 0.5 px away, within the pad
    assert not placer.hits_obstacle(Box(502, 302, 510, 310), pad=1.0)
