"""The transformers built from PROJ pipelines (no database search) are the operations
``Transformer.from_crs`` finds: the same definition and the same coordinates, both ways."""

import numpy as np
import pytest
from pyproj import Transformer

from atlaspress.core.measure import local_aeqd, plane
from atlaspress.maps.locator.project import View, choose_view

CENTRES = [(127.5381, 37.4116), (0.0, 0.0), (-180.0, 90.0), (180.0, -90.0), (-73.6099, 41.9864),
           (12.3456789, -0.0000001), (179.9999999, 89.9999999), (-170.3702, 64.6906)]


def _points() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.uniform(-180, 180, 5000), rng.uniform(-90, 90, 5000)


def _steps(definition: str) -> list[tuple[str, object]]:
    """A pipeline's parameters, numbers read as numbers (PROJ writes 0.000000 as 0)."""
    out: list[tuple[str, object]] = []
    for token in definition.split():
        key, _, value = token.partition("=")
        try:
            out.append((key, float(value)))
        except ValueError:
            out.append((key, value))
    return out


def _same(a: Transformer, b: Transformer) -> None:
    lon, lat = _points()
    fa, fb = np.asarray(a.transform(lon, lat)), np.asarray(b.transform(lon, lat))
    assert np.array_equal(fa, fb, equal_nan=True)
    ia = np.asarray(a.transform(fa[0], fa[1], direction="INVERSE"))
    ib = np.asarray(b.transform(fa[0], fa[1], direction="INVERSE"))
    assert np.array_equal(ia, ib, equal_nan=True)


@pytest.mark.parametrize("projection", ["aeqd", "laea"])
@pytest.mark.parametrize(("lon", "lat"), CENTRES)
def test_plane_is_the_operation_from_crs_finds(projection, lon, lat):
    for fmt in ("{:.6f}", "{}"):  # the locator's centres, the measuring plane's
        lon_0, lat_0 = fmt.format(round(lon, 7)), fmt.format(round(lat, 7))
        reference = Transformer.from_crs(
            "EPSG:4326", f"+proj={projection} +lon_0={lon_0} +lat_0={lat_0} +datum=WGS84 +units=m",
            always_xy=True,
        )
        mine = plane(projection, lon_0, lat_0)
        assert _steps(mine.definition) == _steps(reference.definition)
        _same(mine, reference)


def test_local_aeqd_and_views_use_the_same_planes():
    lon, lat = CENTRES[0]
    assert local_aeqd(lon, lat) is local_aeqd(lon + 1e-9, lat)  # one per place (1 cm)
    _same(local_aeqd(lon, lat), Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lon_0={lon} +lat_0={lat} +datum=WGS84 +units=m", always_xy=True))
    view = choose_view(lon, lat, [], zoom="region")
    assert isinstance(view, View)
    _same(view.transformer, Transformer.from_crs("EPSG:4326", view.proj4, always_xy=True))


def test_plane_refuses_other_projections():
    with pytest.raises(ValueError):
        plane("merc", "0", "0")
