"""The globe, the scale bar and the legend are obstacles for each other, for the subject and
its label (issue 13, point 5), on the desktop and the phone variant, on the demo's places and
on places the demo never had."""

import pytest

from atlaspress.maps.locator import LocatorSpec, main_map
from atlaspress.maps.locator.labels import Box
from tests.geo_cases import DEMO_SPECS

# Positions: Wikipedia's coordinates of each town
UNSEEN = {
    "nicosia": LocatorSpec("Nicosia", "Nicosia", 33.3650, 35.1725, "CY", None),
    "kinmen": DEMO_SPECS["kinmen"],
    "kuril": DEMO_SPECS["kuril"],
    "kaesong": DEMO_SPECS["kaesong"],
    "vatican": LocatorSpec("Vatican City", "Vatican City", 12.4534, 41.9029, "VA", None),
    "laayoune": LocatorSpec("Laayoune", "Laayoune", -13.2033, 27.1536, None, None),
    "srinagar": LocatorSpec("Srinagar", "Srinagar", 74.7973, 34.0837, "IN", None),
}
CASES = {**DEMO_SPECS, **UNSEEN}


def _circle_box(c: tuple[float, float], r: float) -> Box:
    return Box(c[0] - r, c[1] - r, c[0] + r, c[1] + r)


@pytest.mark.parametrize("variant", ["wide", "compact"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_furniture_keeps_clear(name, variant):
    mm = main_map(CASES[name], variant=variant)
    w, h = mm.view.width, mm.view.height
    globe = _circle_box(mm.globe_c, mm.variant.globe_r + 3)
    furniture = [("globe", globe), ("scale", mm.scale_box)]
    if mm.legend_plan is not None and mm._legend_rows:
        rows = mm._legend_rows
        furniture.append(("legend", Box(min(b.x0 for b in rows) + 8, min(b.y0 for b in rows),
                                        max(b.x1 for b in rows), max(b.y1 for b in rows))))
    for label, box in furniture:
        assert box.inside(-0.5, -0.5, w + 0.5, h + 0.5), (label, box)
    # never on each other
    for i, (a, ba) in enumerate(furniture):
        for b, bb in furniture[i + 1:]:
            assert not ba.overlaps(bb), (a, b, ba, bb)
    # never on the subject (its marker or outline) or on its label
    subject = mm._subject_box
    assert mm.place_label is not None
    for label, box in furniture:
        assert not box.overlaps(subject), (label, "subject")
        assert not box.overlaps(mm.place_label.box), (label, "place label")
    # nor on the credit line
    for label, box in furniture:
        assert not box.overlaps(mm.credit_box), (label, "credit")


@pytest.mark.parametrize("variant", ["wide", "compact"])
def test_kuril_furniture_off_the_islands(variant):
    """Kuril: the legend and the scale bar's labels sit on no island (the Habomai islets,
    Kunashir) — they cover less than 2 % land."""
    mm = main_map(DEMO_SPECS["kuril"], variant=variant)
    for box in (mm.scale_box, *mm._legend_rows):
        assert mm._land_share(box) < 0.02


@pytest.mark.parametrize("variant", ["wide", "compact"])
def test_kinmen_subject_not_in_a_corner(variant):
    """Kinmen: the subject is at least a fifth of the frame from every edge of the wide map."""
    mm = main_map(DEMO_SPECS["kinmen"], variant=variant)
    x, y = mm.marker_c
    w, h = mm.view.width, mm.view.height
    if variant == "wide":
        assert 0.2 * w - 1 <= x <= 0.8 * w + 1 and 0.2 * h - 1 <= y <= 0.8 * h + 1
    # and no furniture within 30 px of it
    for box in (mm.scale_box, _circle_box(mm.globe_c, mm.variant.globe_r)):
        dx = max(box.x0 - x, 0, x - box.x1)
        dy = max(box.y0 - y, 0, y - box.y1)
        assert (dx * dx + dy * dy) ** 0.5 > mm.marker_r + 30
