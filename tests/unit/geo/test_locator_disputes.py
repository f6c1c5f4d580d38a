"""The locator says disputes plainly (issue 10, point 3): disputed lines dashed and explained
in the legend, never drawn as a plain border; a disputed area labelled as disputed rather than
with one side's name. Positions are the towns' Wikipedia coordinates, rounded."""

from __future__ import annotations

import re

import pytest

from atlaspress.geo.disputes import DISPUTED_LINES, DISPUTES
from atlaspress.maps.locator import LocatorSpec, render_locator
from atlaspress.maps.locator.compose import area_label, line_legend

DASH = 'stroke-dasharray="4 2.5"'


def _texts(svg: str) -> list[str]:
    return [t for t in re.findall(r">([^<>]+)</(?:text|tspan)>", svg) if t.strip()]


@pytest.fixture(scope="module")
def srinagar() -> str:
    return render_locator(LocatorSpec("Srinagar", "Srinagar", 74.80, 34.08, None, None)).svg


def test_line_of_control_dashed_and_explained(srinagar: str) -> None:
    assert DASH in srinagar
    assert "Line of Control (disputed)" in _texts(srinagar)


def test_kashmir_labelled_as_disputed(srinagar: str) -> None:
    joined = " ".join(_texts(srinagar))
    assert "KASHMIR" in joined and "(DISPUTED)" in joined
    assert "INDIA" not in _texts(srinagar)  # not one side's name across Kashmir


def test_crimea_not_labelled_russia() -> None:
    svg = render_locator(LocatorSpec("Simferopol", "Simferopol", 34.10, 44.95, None, None)).svg
    joined = " ".join(_texts(svg))
    assert "CRIMEA" in joined and "DISPUTED" in joined
    assert "RUSSIA" not in _texts(svg)


def test_berm_from_the_table() -> None:
    loc = render_locator(LocatorSpec("Laayoune", "Laayoune", -13.20, 27.15, None, None))
    assert "Moroccan berm (front line)" in _texts(loc.svg)
    assert len(loc.svg.encode()) <= 40_000 and len(loc.svg_compact.encode()) <= 40_000


def test_far_from_disputes_nothing_changes() -> None:
    svg = render_locator(LocatorSpec("Paris", "Paris", 2.35, 48.86, None, None)).svg
    assert DASH not in svg and "(DISPUTED)" not in svg


def test_legend_and_label_texts() -> None:
    for ln in DISPUTED_LINES:
        text = line_legend(ln)
        assert text and "border" not in text.lower(), ln.key  # never an international border
    by_key = {d.key: d for d in DISPUTES}
    assert area_label(by_key["crimea"]) == "Crimea (disputed)"
    assert area_label(by_key["bir-tawil"]) == "Bir Tawil (unclaimed)"
    assert area_label(by_key["hans-island-canada"]) == "Hans Island"
