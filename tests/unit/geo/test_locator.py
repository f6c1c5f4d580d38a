import re
from dataclasses import replace

import pytest

from atlaspress.facts.numbers import distance_text
from atlaspress.facts.place import compass16
from atlaspress.geo.atlas import GEOD
from atlaspress.geo.caption import is_plural, prose_name
from atlaspress.maps.locator import (
    Locator,
    LocatorLayer,
    LocatorSpec,
    cache_key,
    main_map,
    place_facts,
    render_locator,
    render_thumbnail,
)
from tests.geo_cases import DEMO_SPECS, SHARED, feature
from tests.unit.geo.helpers import path_segments, paths

ALL = list(DEMO_SPECS)


@pytest.fixture(scope="module")
def rendered():
    return {n: render_locator(s) for n, s in DEMO_SPECS.items()}


@pytest.mark.parametrize("name", ALL)
def test_svg_is_complete_small_and_accessible(rendered, name):
    loc = rendered[name]
    assert isinstance(loc, Locator)
    svg = loc.svg
    assert len(svg.encode()) <= 40_000
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'viewBox="0 0 640 400"' in svg and 'role="img"' in svg
    pid = re.search(r' id="(loc-[0-9a-f]{10})"', svg).group(1)
    assert f'aria-labelledby="{pid}-t {pid}-d"' in svg
    assert f'<title id="{pid}-t">' in svg and f'<desc id="{pid}-d">' in svg
    assert all(i.startswith(pid) for i in re.findall(r' id="([^"]+)"', svg))
    assert (
        "Natural Earth" in svg and "system-ui, sans-serif" in svg and 'paint-order="stroke"' in svg
    )
    assert loc.title in svg and loc.cache_key == cache_key(DEMO_SPECS[name])
    assert "<script" not in svg and "href" not in svg


@pytest.mark.parametrize("name", ALL)
def test_compact_variant(rendered, name):
    loc = rendered[name]
    wide, compact = loc.svg, loc.svg_compact
    assert len(compact.encode()) <= 40_000 and compact.endswith("</svg>")
    assert 'viewBox="0 0 360 300"' in compact and "atlaspress-locator--compact" in compact
    assert "atlaspress-locator--wide" in wide
    pid = re.search(r' id="(loc-[0-9a-f]{10})"', wide).group(1)
    assert re.search(r' id="([^"]+)"', compact).group(1) == f"{pid}-c"
    assert f'aria-labelledby="{pid}-c-t {pid}-c-d"' in compact
    wide_ids = re.findall(r' id="([^"]+)"', wide)
    compact_ids = re.findall(r' id="([^"]+)"', compact)
    assert all(i.startswith(f"{pid}-c") for i in compact_ids)
    assert not set(wide_ids) & set(compact_ids)  # both can sit in one page
    assert "Natural Earth" in compact and loc.title in compact
    # fewer labels than the wide map, at least as large
    w, c = main_map(DEMO_SPECS[name]), main_map(DEMO_SPECS[name], variant="compact")
    assert len(c.placer.placed) <= len(w.placer.placed)
    assert c.place_label is not None and c.place_label.label.size >= w.place_label.label.size
    assert c.variant.globe_r < w.variant.globe_r


@pytest.mark.parametrize("name", ALL)
def test_globe_does_not_cover_the_place(name):
    for variant in ("wide", "compact"):
        mm = main_map(DEMO_SPECS[name], variant=variant)
        gx, gy = mm.globe_c
        mx, my = mm.marker_c
        assert (gx - mx) ** 2 + (gy - my) ** 2 > (mm.variant.globe_r + mm.marker_r + 4) ** 2


def test_ids_differ_between_posts(rendered):
    ids = {re.search(r' id="([^"]+)"', loc.svg).group(1) for loc in rendered.values()}
    assert len(ids) == len(rendered)


def test_deterministic_bytes():
    spec = DEMO_SPECS["kaesong"]
    from atlaspress.maps.locator import build_locator

    key = cache_key(spec)
    assert build_locator(spec, key).svg == build_locator(spec, key).svg


def assert_no_wide_segment(svg: str, width: float = 640, height: float = 400) -> None:
    """No path segment spans more than half the panel, except polygon edges on the frame margin."""
    for attrs, d in paths(svg):
        line = 'fill="none"' in attrs
        for (x0, y0), (x1, y1) in path_segments(d):
            on_margin = (abs(x0 - x1) < 0.05 and (x0 <= -2 or x0 >= width + 2)) or (
                abs(y0 - y1) < 0.05 and (y0 <= -2 or y0 >= height + 2)
            )
            if not line and on_margin:
                continue
            assert abs(x1 - x0) <= width / 2, (attrs, (x0, y0), (x1, y1))


@pytest.mark.parametrize("name", ["diomede", "hans", "kuril"])
def test_no_stroke_spans_the_panel(rendered, name):
    """The antimeridian never shows as a line across the map."""
    assert_no_wide_segment(rendered[name].svg)


def test_layers_across_the_antimeridian_stay_local():
    spec = LocatorSpec(
        "Chukotka",
        "Chukotka coast",
        179.9,
        65.65,
        "RU",
        "region",
        (
            LocatorLayer("line", "Crossing", "disputed", (feature(SHARED["antimeridian_line"]),)),
            LocatorLayer("poly", "Box", None, (feature(SHARED["antimeridian_polygon"]),)),
        ),
    )
    svg = render_locator(spec).svg
    assert_no_wide_segment(svg)
    assert "stroke-dasharray" in svg and "Crossing (disputed boundary)" in svg


def test_tiny_island_gets_marker_and_label():
    mm = main_map(DEMO_SPECS["hans"])
    assert mm.place_px is None and mm.marker_els  # sub-pixel polygon: a marker instead
    assert mm.place_label is not None and mm.place_label.label.text == "Hans Island"


def test_small_islands_are_ringed_not_covered(rendered):
    """Diomede: both islets drawn in outline, a ring around them, no dot on top."""
    for variant in ("wide", "compact"):
        mm = main_map(DEMO_SPECS["diomede"], variant=variant)
        assert mm.marker_mode == "ring" and mm.marker_r > 9
        assert not any('fill="#c4242b" stroke="#fff"' in e for e in mm.marker_els)
        assert sum('fill-opacity=".14"' in e for e in mm.layer_els) == 2
    assert mm.place_label is not None


def test_legend_names_line_kinds_without_double_brackets(rendered):
    assert "Green Line (buffer zone centre line), ceasefire line" in rendered["cyprus"].svg
    assert ") (" not in rendered["cyprus"].svg


def test_area_place_is_outlined():
    mm = main_map(DEMO_SPECS["bir-tawil"])
    assert mm.place_px is not None and not mm.marker_els
    assert mm.place_label is not None


def test_highlight_and_legend(rendered):
    assert 'fill="#e5d5b8"' in rendered["kaesong"].svg  # North Korea shaded
    assert "Military Demarcation Line (ceasefire line)" in rendered["kaesong"].svg
    assert 'fill="#e5d5b8"' not in rendered["bir-tawil"].svg  # terra nullius: no country shaded


def test_captions(rendered):
    assert re.fullmatch(
        r"Kaesong Industrial Zone lies in North Korea, \d+ km from the Military Demarcation Line"
        r" and \d+ km [a-z-]+ of \w+\.",
        rendered["kaesong"].caption,
    )
    assert rendered["bir-tawil"].caption.startswith(
        "Bir Tawil is claimed by no state and lies between "
    )
    assert "Egypt" in rendered["bir-tawil"].caption and "Sudan" in rendered["bir-tawil"].caption
    assert rendered["hans"].caption.startswith("Hans Island lies ")
    assert "Greenland" in rendered["hans"].caption and "Canada" in rendered["hans"].caption
    assert rendered["diomede"].caption.startswith("Diomede Islands lie ")
    assert "UN buffer zone (Green Line)" in rendered["cyprus"].caption  # a buffer zone, not a border


@pytest.mark.parametrize("name", ALL)
def test_caption_numbers_come_from_geod(rendered, name):
    """Each distance in the caption is pyproj.Geod's, to the point the facts found, rounded
    as the data allows (atlaspress.facts.numbers)."""
    spec = DEMO_SPECS[name]
    facts = place_facts(spec)
    text = rendered[name].caption
    if facts.border is not None and facts.border.km <= 60:
        km = GEOD.inv(spec.lon, spec.lat, facts.border.lon, facts.border.lat)[2] / 1000
        assert distance_text(km, facts.border.precision_km) in text
    if facts.city is not None:
        az, _, m = GEOD.inv(facts.city.lon, facts.city.lat, spec.lon, spec.lat)
        assert f"{distance_text(m / 1000)} {compass16(az)} of {facts.city.name}" in text


def test_cache_dir_round_trip(tmp_path):
    spec = DEMO_SPECS["cyprus"]
    a = render_locator(spec, cache_dir=tmp_path)
    files = list((tmp_path / "locator").glob("*.json"))
    assert [f.stem for f in files] == [a.cache_key]
    b = render_locator(spec, cache_dir=tmp_path)
    assert a == b and b.svg_compact.startswith("<svg")
    assert cache_key(replace(spec, zoom="country")) != a.cache_key


@pytest.mark.parametrize("shape", list(SHARED))
def test_shared_geometries_render(shape):
    spec = LocatorSpec(
        "Test",
        "Test place",
        33.3,
        35.2,
        "CY",
        None,
        (LocatorLayer("l", "Layer", None, (feature(SHARED[shape]), feature(None))),),
    )
    if shape == "pole":
        spec = replace(spec, lon=0.0, lat=88.0, country=None)
    if shape.startswith("antimeridian"):
        spec = replace(spec, lon=179.9, lat=65.6, country="RU")
    loc = render_locator(spec)
    assert len(loc.svg.encode()) <= 40_000
    for _attrs, d in paths(loc.svg):
        for (x0, _), (x1, _) in path_segments(d):
            assert abs(x1 - x0) <= 660


def test_thumbnail_is_tiny():
    svg = render_thumbnail(DEMO_SPECS["kaesong"])
    assert 'viewBox="0 0 120 80"' in svg and len(svg.encode()) < 6000
    assert "<text" not in svg


def test_prose_helpers():
    assert prose_name("United States of America") == "the United States"
    assert prose_name("N. Cyprus") == "Northern Cyprus"
    assert prose_name("Egypt") == "Egypt"
    assert is_plural("Diomede Islands") and is_plural("Kinmen & Lienchiang")
    assert not is_plural("Cyprus Green Line") and not is_plural("Bir Tawil")
    # one place whose name ends in "s" (found on posts made with `new post`: "Majdal Shams lie")
    for one in ("Athens", "Lagos", "Los Angeles", "Majdal Shams", "Buenos Aires", "Tiberias", "Wales"):
        assert not is_plural(one), one
    for many in ("Liancourt Rocks", "Golan Heights", "Spratly Islands", "Northern Territories", "Falkland Islands"):
        assert is_plural(many), many
    assert distance_text(0.4) == "under 1 km" and distance_text(1234.5) == "1,230 km"
    assert [compass16(a) for a in (0, 44, 46, 180, -45)] == [
        "north",
        "north-east",
        "north-east",
        "south",
        "north-west",
    ]
