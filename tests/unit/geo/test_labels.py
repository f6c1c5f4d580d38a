import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from atlaspress.maps.locator import main_map
from atlaspress.maps.locator.labels import Box, Label, Placer, anchor_candidates, text_width
from tests.geo_cases import DEMO_SPECS

VARIANTS = ("wide", "compact")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", list(DEMO_SPECS))
def test_no_two_label_boxes_overlap(name, variant):
    mm = main_map(DEMO_SPECS[name], variant=variant)
    boxes = mm.placer.label_boxes
    assert len(boxes) >= 3  # place + cities/countries
    for i, a in enumerate(boxes):
        assert a.inside(0, 0, mm.view.width, mm.view.height)
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    assert mm.place_label is not None


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", list(DEMO_SPECS))
def test_labels_avoid_furniture(name, variant):
    mm = main_map(DEMO_SPECS[name], variant=variant)
    furniture = [t for t in mm.placer.taken if t not in mm.placer.label_boxes]
    for lb in mm.placer.label_boxes:
        for f in furniture:
            assert not lb.overlaps(f)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", list(DEMO_SPECS))
def test_labels_stay_off_post_lines(name, variant):
    """No label sits on a post's own line (e.g. the Kaesong label over the MDL)."""
    mm = main_map(DEMO_SPECS[name], variant=variant)
    s, ox, oy = mm.affine
    lines = [
        shapely.transform(p, lambda xy: xy * s + (ox, oy))
        for _layer, _f, g in mm.items
        if g is not None
        for p in shapely.get_parts(g)
        if p.geom_type == "LineString"
    ]
    for lb in mm.placer.label_boxes:
        box = shapely.box(lb.x0, lb.y0, lb.x1, lb.y1)
        assert not any(box.intersects(ln) for ln in lines), (lb, name)


def test_kaesong_label_clear_of_demarcation_line():
    for variant in VARIANTS:
        mm = main_map(DEMO_SPECS["kaesong"], variant=variant)
        assert mm.place_label is not None and mm.placer.obstacles.shape[0] > 20


def test_two_to_four_context_cities_where_there_are_towns():
    for name in ("kaesong", "cyprus", "kuril"):
        for variant, most in (("wide", 4), ("compact", 2)):
            mm = main_map(DEMO_SPECS[name], variant=variant)
            generic = [c for c in mm.city_labels if c.casefold() not in mm.base.story_names]
            assert 1 <= len(generic) <= most  # and at most two more the story names
            assert len(mm.city_labels) - len(generic) <= 2


def test_the_city_the_story_names_is_labelled_and_measured_from():
    """Cyprus: Nicosia, the city the Green Line cuts in two, is labelled on both variants even
    though it lies under the marker, and the caption measures from it, not from Limassol."""
    from atlaspress.maps.locator import render_locator

    for variant in ("wide", "compact"):
        assert "Nicosia" in main_map(DEMO_SPECS["cyprus"], variant=variant).city_labels
    caption = render_locator(DEMO_SPECS["cyprus"]).caption
    assert "of Nicosia" in caption and "Limassol" not in caption


def test_a_post_point_that_is_a_city_is_drawn_as_a_city():
    """Kinmen: the post's "Xiamen (city)" point is styled as a city, not as a post feature."""
    for variant in ("wide", "compact"):
        mm = main_map(DEMO_SPECS["kinmen"], variant=variant)
        assert "Xiamen" in mm.city_labels and "Xiamen" not in mm.point_labels


def test_obstacle_points_veto_candidates():
    p = Placer(640, 400)
    p.avoid_points(np.array([[110.0, 100.0], [111.0, 101.0]]))
    placed = p.place(Label("Seoul", 11), anchor_candidates(100, 100, 3))
    assert placed is not None and placed.align != "start"  # the right-hand spot is on the line


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 640), st.floats(0, 400), st.text("abcdefgh XYZ", min_size=1, max_size=20)
        ),
        max_size=30,
    )
)
def test_greedy_placer_never_overlaps(points):
    p = Placer(640, 400)
    for x, y, text in points:
        p.place(Label(text, 11), anchor_candidates(x, y, 3))
    boxes = p.label_boxes
    for i, a in enumerate(boxes):
        assert a.inside(0, 0, 640, 400)
        assert all(not a.overlaps(b) for b in boxes[i + 1 :])


def test_text_metrics_and_wrapping():
    assert text_width("Seoul", 11) < text_width("Seoul Special City", 11)
    lab = Label("Kaesong Industrial Region", 13, max_line=140)
    assert lab.lines == ("Kaesong", "Industrial Region") or len(lab.lines) == 2
    assert Box(0, 0, 10, 10).overlaps(Box(5, 5, 15, 15)) and not Box(0, 0, 10, 10).overlaps(
        Box(10, 0, 20, 10)
    )


@pytest.mark.parametrize(("title", "lon", "lat", "city"), [
    ("Suva", 178.4419, -18.1416, "Suva"),  # GeoNames 2198148
    ("Hargeisa", 44.065, 9.56, "Hargeysa"),  # GeoNames spells it Hargeysa (57289)
    ("Anadyr", 177.5089, 64.7337, "Anadyr"),
    ("Reykjavik", -21.9426, 64.1466, "Reykjavík"),
])
def test_the_city_a_post_is_about_is_not_labelled_twice(title, lon, lat, city):
    """The marker's label names the place; GeoNames's city of the same name (or spelling) under
    the marker is not labelled again beside it (found on posts made with `new post`)."""
    from atlaspress.maps.locator.spec import LocatorSpec

    mm = main_map(LocatorSpec(title, title, lon, lat, None, None))
    assert city not in mm.city_labels


def test_a_city_named_in_a_longer_title_is_still_labelled():
    assert "Kaesŏng" in main_map(DEMO_SPECS["kaesong"]).city_labels  # "Kaesong Industrial Zone"
