"""Issue 9, point 3: geometry that used to abort the build now builds, with a sensible map.

- (a) layers across the antimeridian, in each way they are written: 179 → -179, a line
  over it, a MultiPolygon cut at ±180 (RFC 7946), the 0..360 form, and the date line from
  pole to pole. Far-reaching layers made the locator's frame bigger than its projection,
  whose corners then inverted to inf ("orientationIndex encountered NaN/Inf");
- (b) rings round a pole: latitude 85 all the way round, and Antarctica written cut at
  ±180 and closed along -90; they were read as zero-area slivers (no area, a false
  "self-intersection" in ``check``) and drawn as broken outlines;
- (c) a closed LineString a few metres long, which simplification collapsed to a line of
  zero length ("point array must contain 0 or >1 elements");
- (d) characters XML cannot carry reaching the SVG writers (resvg refused the card).
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shapely
from click.testing import CliRunner

from atlaspress.app.build import BuildResult, build_site
from atlaspress.app.cli import cli
from atlaspress.core.sphere import planar_ring
from atlaspress.maps.card import render_social_card
from atlaspress.maps.locator import (
    LocatorLayer,
    LocatorSpec,
    _layer_geoms,
    frame_for,
    main_map,
    render_locator,
    render_thumbnail,
)
from atlaspress.maps.locator.project import View, choose_view, project_many
from atlaspress.maps.overview import Mark, overview_svg

CONFIG = 'title = "Hostile geometry"\nbase_url = "https://atlas.example/"\n'
FIJI = (179.9, -17.0)  # lon, lat: between Vanua Levu and Taveuni, on the antimeridian
DIOMEDE = (-168.9, 65.75)

# A 2° × 2° square on the antimeridian, counter-clockwise, in three spellings.
SQUARE_179 = {"type": "Polygon", "coordinates": [[[179, -18], [-179, -18], [-179, -16], [179, -16], [179, -18]]]}
SQUARE_360 = {"type": "Polygon", "coordinates": [[[179, -18], [181, -18], [181, -16], [179, -16], [179, -18]]]}
SQUARE_CUT = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[179, -18], [180, -18], [180, -16], [179, -16], [179, -18]]],
        [[[-180, -18], [-179, -18], [-179, -16], [-180, -16], [-180, -18]]],
    ],
}
LINE_OVER = {"type": "LineString", "coordinates": [[178.5, -17.2], [179.5, -17.1], [-179.5, -16.9], [-178.5, -16.8]]}
DATE_LINE = {  # roughly the International Date Line, pole to pole
    "type": "LineString",
    "coordinates": [[180, 85], [180, 75], [-169, 65.5], [-169, 65], [172.5, 50], [180, 45], [180, -15], [-172.5, -15],
                    [-172.5, -45], [180, -51], [180, -85]],
}
# 2° × 2° at 17° S on the WGS84 ellipsoid, as "At a glance" prints it.
SQUARE_AREA = "47,100 km² (18,200 mi²)"


def ring_round(lat: float, step: int, start: int = -180) -> list[list[float]]:
    """A ring at ``lat`` all the way round, eastward, closed."""
    lons = list(range(start, start + 360, step))
    return [[float(lon), lat] for lon in lons] + [[float(start), lat]]


ARCTIC_CAP = {"type": "Polygon", "coordinates": [ring_round(85.0, 5)]}
ARCTIC_CAP_0_360 = {"type": "Polygon", "coordinates": [ring_round(85.0, 5, start=0)]}
ANTARCTICA_CUT = {  # as Natural Earth writes it: cut at ±180, closed along the pole (CCW)
    "type": "Polygon",
    "coordinates": [[[-180, -90], [180, -90], [180, -60]] + [[float(x), -60.0] for x in range(175, -180, -5)]
                    + [[-180, -60], [-180, -90]]],
}
TINY_LOOP = {  # a closed walk a few metres long, near Westminster
    "type": "LineString",
    "coordinates": [[-0.12, 51.5], [-0.12001, 51.50001], [-0.12002, 51.5], [-0.12, 51.5]],
}


def collection(geometry: dict[str, Any]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Layer"}, "geometry": geometry}
    ]})


def post(title: str, at: tuple[float, float], zoom: str | None = None) -> str:
    lon, lat = at
    zoom_line = f"\n  zoom: {zoom}" if zoom else ""
    return (
        f"---\ntitle: {title}\ndate: 2024-01-01\nsummary: A summary.\nplace:\n  name: {title}\n"
        f"  at: {lat}, {lon}{zoom_line}\nlayers:\n  - {{file: layer.geojson, id: layer, title: Layer}}\n---\nBody.\n"
    )


def make_geo_site(root: Path, posts: dict[str, tuple[dict[str, Any], tuple[float, float]]]) -> Path:
    site = root / "site"
    (site / "content" / "places").mkdir(parents=True)
    (site / "atlaspress.toml").write_text(CONFIG, encoding="utf-8")
    for slug, (geometry, at) in posts.items():
        bundle = site / "content" / "places" / slug
        bundle.mkdir()
        (bundle / "index.md").write_text(post(slug.replace("-", " ").title(), at), encoding="utf-8")
        (bundle / "layer.geojson").write_text(collection(geometry), encoding="utf-8")
    return site


def spec_for(geometry: dict[str, Any], at: tuple[float, float], title: str = "Test place") -> LocatorSpec:
    feature = {"type": "Feature", "properties": {"name": "Layer"}, "geometry": geometry}
    layer = LocatorLayer(id="layer", title="Layer", kind=None, features=(feature,))
    return LocatorSpec(title=title, place_name=title, lon=at[0], lat=at[1], country=None, zoom=None, layers=(layer,))


def drawn_parts(spec: LocatorSpec) -> tuple[list[Any], View]:
    """The post layer as the wide locator draws it, in frame pixels, and the frame."""
    panel = main_map(spec)
    return [p for _layer, _f, g in panel.items if g is not None for p in shapely.get_parts(g)], panel.view


def area_row(result: BuildResult, slug: str) -> str | None:
    assert result.graph is not None
    glance = result.graph.posts[slug].glance
    assert glance is not None
    return next((row.value for row in glance.rows if row.key.startswith("area")), None)


def assert_built(result: BuildResult, out: Path, slugs: list[str]) -> None:
    assert result.written
    assert [d.format() for d in result.report.errors] == []
    for slug in slugs:
        page = (out / "places" / slug / "index.html").read_text(encoding="utf-8")
        assert 'class="atlaspress-locator' in page, slug
        assert (out / "places" / slug / "card.png").read_bytes().startswith(b"\x89PNG")
        ET.fromstring((out / "places" / slug / "thumb.svg").read_bytes())  # well-formed


# --- (a) across the antimeridian ------------------------------------------------------------

ANTIMERIDIAN = {
    "square-179": (SQUARE_179, FIJI),
    "square-360": (SQUARE_360, FIJI),
    "square-cut": (SQUARE_CUT, FIJI),
    "line-over": (LINE_OVER, FIJI),
    "square-from-diomede": (SQUARE_179, DIOMEDE),  # the layer 9,000 km from the place
    "date-line": (DATE_LINE, DIOMEDE),
}


@pytest.fixture(scope="module")
def antimeridian_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    root = tmp_path_factory.mktemp("antimeridian")
    site = make_geo_site(root, ANTIMERIDIAN)
    return build_site(site, root / "out"), root / "out"


def test_antimeridian_layers_build(antimeridian_build: tuple[BuildResult, Path]) -> None:
    result, out = antimeridian_build
    assert_built(result, out, list(ANTIMERIDIAN))


@pytest.mark.parametrize("slug", ["square-179", "square-360", "square-cut", "square-from-diomede"])
def test_antimeridian_square_has_its_area(antimeridian_build: tuple[BuildResult, Path], slug: str) -> None:
    assert area_row(antimeridian_build[0], slug) == SQUARE_AREA


@pytest.mark.parametrize("geometry", [SQUARE_179, SQUARE_360, SQUARE_CUT], ids=["179", "360", "cut"])
def test_antimeridian_square_draws_as_one_square_around_the_place(geometry: dict[str, Any]) -> None:
    parts, view = drawn_parts(spec_for(geometry, FIJI))
    assert [p.geom_type for p in parts] == ["Polygon"]  # one shape: no seam at 180°, no world-wide strip
    x0, y0, x1, y1 = parts[0].bounds
    px, py = view.point_px(*FIJI)
    assert x0 < px < x1 and y0 < py < y1
    assert 200 < x1 - x0 < 640 and 200 < y1 - y0 < 400


def test_line_over_the_antimeridian_draws_as_one_short_line() -> None:
    parts, _ = drawn_parts(spec_for(LINE_OVER, FIJI))
    assert [p.geom_type for p in parts] == ["LineString"]
    assert parts[0].length < 640


@pytest.mark.parametrize("geometry", [SQUARE_179, DATE_LINE, ARCTIC_CAP], ids=["square", "date-line", "arctic"])
def test_far_layers_keep_the_frame_inside_the_projection(geometry: dict[str, Any]) -> None:
    spec = spec_for(geometry, DIOMEDE)
    view = frame_for(spec, [g for _, _, g in _layer_geoms(spec)])
    assert np.isfinite(view.frame_lonlat(32, margin_px=0.15 * view.width)).all()
    assert view.half_height_m <= view.max_half_height_m
    ET.fromstring(render_locator(spec).svg)


def test_a_view_bigger_than_its_projection_is_cut_to_it() -> None:
    view = View(0.0, 0.0, "laea", 9_000_000.0, 640, 400, "continent")
    assert view.half_height_m == pytest.approx(view.max_half_height_m)
    assert view.half_height_m < 9_000_000.0
    assert np.isfinite(view.frame_lonlat(32, margin_px=0.15 * view.width)).all()


# --- (b) round a pole -------------------------------------------------------------------------

ARCTIC = (0.0, 86.0)
SOUTH = (0.0, -80.0)
POLES = {
    "arctic-cap": (ARCTIC_CAP, ARCTIC),
    "arctic-cap-0-360": (ARCTIC_CAP_0_360, ARCTIC),
    "antarctica-cut": (ANTARCTICA_CUT, SOUTH),
}


def cap_km2(lat: float) -> float:
    """Area of the spherical cap beyond ``lat`` (authalic radius)."""
    r = 6371.0072
    return 2 * math.pi * r * r * (1 - math.sin(math.radians(abs(lat))))


@pytest.fixture(scope="module")
def pole_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path, Path]:
    root = tmp_path_factory.mktemp("poles")
    site = make_geo_site(root, POLES)
    return build_site(site, root / "out"), root / "out", site


def test_rings_round_a_pole_build(pole_build: tuple[BuildResult, Path, Path]) -> None:
    result, out, _ = pole_build
    assert_built(result, out, list(POLES))


@pytest.mark.parametrize(("slug", "lat"), [("arctic-cap", 85.0), ("arctic-cap-0-360", 85.0), ("antarctica-cut", -60.0)])
def test_ring_round_a_pole_encloses_the_cap(pole_build: tuple[BuildResult, Path, Path], slug: str, lat: float) -> None:
    value = area_row(pole_build[0], slug)
    assert value is not None
    km2 = float(value.split(" km²")[0].replace(",", ""))
    assert km2 == pytest.approx(cap_km2(lat), rel=0.01)


def test_check_finds_no_fault_in_rings_round_a_pole(pole_build: tuple[BuildResult, Path, Path]) -> None:
    site = pole_build[2]
    result = CliRunner().invoke(cli, ["check", str(site)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "error[" not in result.output and " 0 errors," in result.output


@pytest.mark.parametrize(("geometry", "at", "pole"), [(ARCTIC_CAP, ARCTIC, 90.0), (ANTARCTICA_CUT, SOUTH, -90.0)],
                         ids=["arctic", "antarctica"])
def test_ring_round_a_pole_draws_as_one_shape_over_the_pole(
    geometry: dict[str, Any], at: tuple[float, float], pole: float
) -> None:
    parts, view = drawn_parts(spec_for(geometry, at))
    assert [p.geom_type for p in parts] == ["Polygon"]
    assert not parts[0].interiors  # no slit from the ring to the pole
    assert parts[0].contains(shapely.Point(view.point_px(0.0, pole)))


def test_planar_ring_closes_along_the_pole_it_goes_round() -> None:
    ring = planar_ring(np.array(ring_round(85.0, 90)))
    assert ring[-3:].tolist() == [[180.0, 90.0], [-180.0, 90.0], [-180.0, 85.0]]
    cut = planar_ring(np.array(ANTARCTICA_CUT["coordinates"][0]))
    assert shapely.Polygon(cut).is_valid
    assert shapely.Polygon(cut).bounds == (-180.0, -90.0, 180.0, -60.0)


# --- (c) a closed line a few metres long -------------------------------------------------------


def test_tiny_closed_line_builds_and_is_drawn(tmp_path: Path) -> None:
    site = make_geo_site(tmp_path, {"tiny-loop": (TINY_LOOP, (-0.12, 51.5))})
    result = build_site(site, tmp_path / "out")
    assert_built(result, tmp_path / "out", ["tiny-loop"])
    parts, _ = drawn_parts(spec_for(TINY_LOOP, (-0.12, 51.5)))
    assert [p.geom_type for p in parts] == ["LineString"] and parts[0].length > 0  # a dot, as small as drawn


def test_simplify_never_leaves_a_zero_length_line() -> None:
    view = choose_view(-0.12, 51.5, zoom="city")
    loop, flat = shapely.geometry.shape(TINY_LOOP), shapely.LineString([(-0.1, 51.5), (-0.1, 51.5)])
    tiny, nothing = project_many([loop, flat], view)
    assert tiny is not None and tiny.length > 0
    assert nothing is None
    shapely.segmentize(tiny, 1.0)  # what the label placer does next


# --- (d) characters XML cannot carry ------------------------------------------------------------

HOSTILE = "Bad \x0b title \x01 with \ufffe and \uffff <&>"


def test_svg_writers_drop_characters_xml_cannot_carry() -> None:
    spec = spec_for(SQUARE_179, FIJI, title=HOSTILE)
    locator = render_locator(spec)
    for svg in (locator.svg, locator.svg_compact, render_thumbnail(spec)):
        root = ET.fromstring(svg.encode())
        assert "Bad  title  with  and  <&>" in "".join(root.itertext())
    assert render_social_card(locator, HOSTILE, HOSTILE, HOSTILE).startswith(b"\x89PNG")
    ET.fromstring(overview_svg([Mark(lon=10.0, lat=10.0, label=HOSTILE, number=1)], HOSTILE).encode())


def test_world_svg_drops_characters_xml_cannot_carry() -> None:
    from atlaspress.maps.webmap.world import world_svg

    feature = {
        "type": "Feature",
        "properties": {"slug": "x", "title": HOSTILE, "url": "places/x/", "colour": "#c00"},
        "geometry": {"type": "Point", "coordinates": [10.0, 10.0]},
    }
    ET.fromstring(world_svg({"type": "FeatureCollection", "features": [feature]}).encode())
