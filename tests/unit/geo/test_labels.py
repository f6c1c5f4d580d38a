import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlaspress.geo.labels import Box, Label, Placer, anchor_candidates, text_width
from atlaspress.geo.locator import main_map
from tests.geo_cases import DEMO_SPECS


@pytest.mark.parametrize("name", list(DEMO_SPECS))
def test_no_two_label_boxes_overlap(name):
    mm = main_map(DEMO_SPECS[name])
    boxes = mm.placer.label_boxes
    assert len(boxes) >= 3  # place + cities/countries
    for i, a in enumerate(boxes):
        assert a.inside(0, 0, mm.view.width, mm.view.height)
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    assert mm.place_label is not None


@pytest.mark.parametrize("name", list(DEMO_SPECS))
def test_labels_avoid_furniture(name):
    mm = main_map(DEMO_SPECS[name])
    furniture = [t for t in mm.placer.taken if t not in mm.placer.label_boxes]
    for lb in mm.placer.label_boxes:
        for f in furniture:
            assert not lb.overlaps(f)


def test_two_to_four_context_cities_where_there_are_towns():
    for name in ("kaesong", "cyprus", "kuril"):
        assert 2 <= len(main_map(DEMO_SPECS[name]).city_labels) <= 4


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
